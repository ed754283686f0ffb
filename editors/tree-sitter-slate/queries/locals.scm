; A Slate file is one scope: every definition is visible everywhere in it, before or after use.
(source_file) @local.scope

(party_block name: (identifier) @local.definition)
(calendar_block name: (identifier) @local.definition)
(service_block name: (identifier) @local.definition)
(objective_block name: (identifier) @local.definition)
(clause_block name: (identifier) @local.definition)
(import_statement alias: (identifier) @local.definition)
(import_list (identifier) @local.definition)

(owner_statement (identifier) @local.reference)
(report_statement to: (identifier) @local.reference)
(report_statement from: (identifier) @local.reference)
(provider_statement (identifier) @local.reference)
(customer_statement (identifier) @local.reference)
(service_hours_statement (identifier) @local.reference)
(objective_service_statement (identifier) @local.reference)
(clock_statement (identifier) @local.reference)
(goal_statement calendar: (identifier) @local.reference)
(credits_block objective: (identifier) @local.reference)
(bonus_block objective: (identifier) @local.reference)
(suspend_statement party: (identifier) @local.reference)
(qualified_name namespace: (identifier) @local.reference)
