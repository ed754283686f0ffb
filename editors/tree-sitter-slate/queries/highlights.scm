; Slate highlights. Capture names follow the nvim-treesitter conventions; tree-sitter's own
; `highlight` command and Helix match them by prefix (`keyword.import` falls back to `keyword`).

(comment) @comment

; ------------------------------------------------------------------ keywords

["import" "as"] @keyword.import

["extends" "because"] @keyword.modifier
(override) @keyword.modifier

; The keyword that opens a block.
[
  "agreement"
  "party"
  "calendar"
  "objective"
  "credits"
  "bonus"
  "termination"
  "clause"
  "source"
] @keyword.type

(service_block "service" @keyword.type)

; The keyword that starts a statement.
[
  "id"
  "version"
  "effective"
  "timezone"
  "currency"
  "owner"
  "review"
  "amendments"
  "report"
  "field"
  "event"
  "role"
  "address"
  "contact"
  "signatory"
  "closed"
  "provider"
  "customer"
  "hours"
  "channels"
  "fee"
  "fees"
  "charge"
  "day"
  "days"
  "description"
  "scope"
  "credit"
  "cap"
  "measure"
  "pause"
  "clock"
  "goal"
  "target"
  "ignore"
  "uptime"
  "exclude"
  "maintenance"
  "count"
  "outages"
  "component"
  "components"
  "down"
  "when"
  "are"
  "downtime"
  "in"
  "units"
  "items"
  "good"
  "total"
  "latency"
  "numerator"
  "denominator"
  "probe"
  "average"
  "rate"
  "due"
  "sample"
  "below"
  "claim"
  "unclaimed"
  "applied"
  "round"
  "notice"
  "cause"
  "suspend"
  "round"
] @keyword

(objective_service_statement "service" @keyword)
(items_of_service "service" @keyword)
(fee_basis "annual" @constant)

; Words that join the parts of a statement.
[
  "to"
  "from"
  "until"
  "every"
  "per"
  "of"
  "within"
  "on"
  "where"
  "while"
  "is"
  "or"
  "and"
  "for"
  "at"
  "least"
  "most"
  "after"
  "without"
  "exceeds"
  "any"
  "in"
  "writing"
  "by"
  "both"
  "parties"
  "lapse"
  "automatically"
  "request"
  "breach"
  "part"
  "thereof"
  "nearest"
  "late"
  "item"
  "value"
  "whole"
  "half"
  "up"
  "even"
  "over"
  "under"
  "consecutive"
  "response"
  "above"
  "arriving"
  "during"
  "outside"
] @keyword.operator

(claim_statement "each" @keyword.operator)
(claim_by_end_statement ["the" "end" "month" "period"] @keyword.operator)
(ordinal) @number

(month_day) @constant

(otherwise) @keyword.operator
(comparison) @keyword.operator
(percentile) @keyword

; ------------------------------------------------------------------ definitions and references

(party_block name: (identifier) @type.definition)
(calendar_block name: (identifier) @type.definition)
(service_block name: (identifier) @type.definition)
(objective_block name: (identifier) @type.definition)
(clause_block name: (identifier) @type.definition)

(owner_statement (identifier) @type)
(amendments_statement (identifier) @type)
(report_statement to: (identifier) @type)
(report_statement from: (identifier) @type)
(provider_statement (identifier) @type)
(customer_statement (identifier) @type)
(service_hours_statement (identifier) @type)
(objective_service_statement (identifier) @type)
(clock_statement (identifier) @type)
(goal_statement calendar: (identifier) @type)
(claim_statement (identifier) @type)
(credits_block objective: (identifier) @type)
(bonus_block objective: (identifier) @type)
(suspend_statement party: (identifier) @type)
(import_list (identifier) @type)

(qualified_name namespace: (identifier) @module)
(qualified_name name: (identifier) @type)
(import_statement alias: (identifier) @module)

(role_statement (identifier) @constant)
(channels_statement (identifier) @constant)

(condition attribute: (identifier) @property)
(field_statement name: (identifier) @property)
(measure_statement item: (identifier) @variable)
(count_statement item: (identifier) @variable)
(target_statement item: (identifier) @variable)
(threshold_statement item: (identifier) @variable)
(event (identifier) @variable.member)

(source_kind) @constant.builtin
(always) @constant.builtin

; ------------------------------------------------------------------ literals

(string) @string
(escape_sequence) @string.escape
(prose) @string.documentation

(date) @string.special
(time) @string.special

[
  (integer)
  (number)
  (fraction)
  (amount)
  (percent)
] @number

(currency_code) @constant
(weekday) @constant
(cadence) @constant
[
  (duration_unit)
  (period)
  (period_unit)
  (late_unit)
] @type.builtin

; ------------------------------------------------------------------ punctuation

["{" "}"] @punctuation.bracket
["," ":" "."] @punctuation.delimiter
(time_range ["-" "–"] @operator)
