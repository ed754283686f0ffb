/**
 * @file Tree-sitter grammar for Slate, the language of service level agreements (.sla files).
 * @license Apache-2.0
 *
 * This grammar follows grammar/slate.pest, the one authoritative grammar; it is for editors
 * (highlighting, folding, navigation), not for checking. Like the pest grammar it is
 * line-oriented: a line break is a token (`_newline`), not an extra, and every statement
 * ends at the end of its line or at the `}` that closes its block. Lists may continue on
 * the next line after a comma. Keywords are not reserved: `party provider "P" { … }` and
 * `owner provider` name a party called `provider`.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

const IDENT = /[A-Za-z_]([A-Za-z0-9_]|-[A-Za-z0-9_])*/;

/** `rule` repeated, separated by commas; a line break may follow each comma. */
const commaSep1 = ($, rule) => seq(rule, repeat(seq(',', repeat($._newline), rule)));

/**
 * A block body: blank lines and statements, each statement ending at a line break; the
 * last one may end at the `}`. The `{` may be on the header's line or the next one.
 */
const body = ($, item) => seq(
  repeat($._newline),
  '{',
  repeat(choice($._newline, seq(choice(item, $.unknown_statement), $._newline))),
  optional(choice(item, $.unknown_statement)),
  '}',
);

/** An optional `override` before a definition block (issue 8). */
const overridable = ($, ...rest) => seq(optional(field('override', $.override)), ...rest);

module.exports = grammar({
  name: 'slate',

  word: $ => $.identifier,

  extras: $ => [/[ \t\r\uFEFF]/, $.comment],

  conflicts: $ => [],

  rules: {
    // A file: imports and an agreement, or (a library) definition blocks at the top level.
    source_file: $ => seq(
      repeat(choice($._newline, seq($._top_level_item, $._newline))),
      optional($._top_level_item),
    ),

    _top_level_item: $ => choice(
      $.import_statement,
      $.agreement,
      $._definition,
    ),

    _newline: _ => /\n/,

    comment: _ => token(seq('//', /[^\n]*/)),

    // ---------------------------------------------------------------- imports (issue 8)

    /** `import "corporate.sla" as corp { office_hours, provider }` */
    import_statement: $ => seq(
      'import',
      field('path', $.string),
      optional(seq('as', field('alias', $.identifier))),
      optional(field('names', $.import_list)),
    ),

    import_list: $ => seq('{', repeat($._newline), optional(seq(commaSep1($, $.identifier), repeat($._newline))), '}'),

    // ---------------------------------------------------------------- the agreement

    /** `agreement "Managed Support" extends "corporate.sla" { … }` */
    agreement: $ => seq(
      'agreement',
      field('title', $.string),
      optional(field('extends', $.extends_clause)),
      field('body', alias($._agreement_body, $.block)),
    ),

    extends_clause: $ => seq('extends', $.string),

    _agreement_body: $ => body($, $._agreement_item),
    _party_body: $ => body($, $._party_item),
    _calendar_body: $ => body($, $._calendar_item),
    _service_body: $ => body($, $._service_item),
    _objective_body: $ => body($, $._objective_item),
    _source_body: $ => body($, $._source_item),
    _credits_body: $ => body($, $._credits_item),
    _bonus_body: $ => body($, $._bonus_item),
    _termination_body: $ => body($, $._termination_item),

    _agreement_item: $ => choice(
      $.id_statement,
      $.version_statement,
      $.effective_statement,
      $.timezone_statement,
      $.currency_statement,
      $.owner_statement,
      $.review_statement,
      $.amendments_statement,
      $.report_statement,
      $.field_statement,
      $.event_statement,
      $._definition,
      $.credits_block,
      $.bonus_block,
      $.termination_block,
    ),

    _definition: $ => choice(
      $.party_block,
      $.calendar_block,
      $.service_block,
      $.objective_block,
      $.clause_block,
    ),

    id_statement: $ => seq('id', $.string),
    version_statement: $ => seq('version', $.string),
    effective_statement: $ => seq('effective', field('from', $.date), optional(seq('to', field('to', $.date)))),
    timezone_statement: $ => seq('timezone', $.string),
    currency_statement: $ => seq('currency', $.currency_code),
    owner_statement: $ => seq('owner', $._reference),
    review_statement: $ => seq('review', 'every', choice($.period_count, $.period_unit)),
    amendments_statement: $ => seq('amendments', 'by', choice(seq('both', 'parties'), $._reference)),
    report_statement: $ => seq(
      'report',
      optional(field('title', $.string)),
      $.cadence,
      optional(seq('from', field('from', $._reference))),
      'to',
      commaSep1($, field('to', $._reference)),
    ),

    /** `field priority "P1", "P2"`: the values a field of the data may hold. */
    field_statement: $ => seq(
      'field', field('name', $.identifier), optional($.label),
      $.field_value, repeat(seq(choice(seq(',', repeat($._newline)), 'or'), $.field_value)),
    ),
    /** `"force_majeure" as "force majeure"`: a value and the contract's words for it. */
    field_value: $ => seq($.string, optional($.label)),
    /** `as "force majeure"`: the words the contract uses for a name of the data. */
    label: $ => seq('as', $.string),
    /** `event created as "logging of the ticket"`: the contract's words for an event. */
    event_statement: $ => seq('event', $.event, $.label),

    // ---------------------------------------------------------------- shared header parts

    override: _ => 'override',

    /** `because "Acme accepted longer P3 fixes"` after an overriding block's header. */
    because_clause: $ => seq('because', $.string),

    // ---------------------------------------------------------------- parties

    party_block: $ => overridable($,
      'party', field('name', $._reference), optional(field('title', $.string)),
      optional($.because_clause),
      field('body', alias($._party_body, $.block)),
    ),

    _party_item: $ => choice($.role_statement, $.address_statement, $.contact_statement, $.signatory_statement),
    role_statement: $ => seq('role', commaSep1($, $.identifier)),
    address_statement: $ => seq('address', $.string),
    contact_statement: $ => seq('contact', commaSep1($, $.string)),
    signatory_statement: $ => seq('signatory', $.string, optional(seq(',', repeat($._newline), $.string))),

    // ---------------------------------------------------------------- calendars

    calendar_block: $ => overridable($,
      'calendar', field('name', $._reference), optional(field('title', $.string)),
      optional($.because_clause),
      field('body', alias($._calendar_body, $.block)),
    ),

    _calendar_item: $ => choice($.timezone_statement, $.hours_statement, $.closed_statement),
    hours_statement: $ => seq($.days, commaSep1($, $.time_range)),
    closed_statement: $ => seq('closed', field('from', $.date), optional(seq('to', field('to', $.date))), optional(field('reason', $.string))),

    days: $ => seq($.day_range, repeat(seq(',', $.day_range))),
    day_range: $ => seq($.weekday, optional(seq('to', $.weekday))),
    weekday: _ => choice('monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'),

    // ---------------------------------------------------------------- services

    service_block: $ => overridable($,
      'service', field('name', $._reference), optional(field('title', $.string)),
      optional($.because_clause),
      field('body', alias($._service_body, $.block)),
    ),

    _service_item: $ => choice(
      $.provider_statement, $.customer_statement, $.service_hours_statement, $.channels_statement,
      $.fee_billed_statement, $.component_fee_statement, $.fee_statement, $.charge_statement, $.description_statement, $.scope_statement, $.service_minimum_statement, $.service_cap_statement,
    ),
    provider_statement: $ => seq('provider', $._reference),
    customer_statement: $ => seq('customer', $._reference),
    service_hours_statement: $ => seq('hours', $._calendar_reference),
    channels_statement: $ => seq('channels', commaSep1($, $.identifier)),
    fee_statement: $ => seq('fee', $.money, 'per', $.period),
    fee_billed_statement: $ => seq('fee', 'billed', 'per', $.period),
    component_fee_statement: $ => seq('fee', 'per', 'component', $.money, 'per', $.period),
    charge_statement: $ => seq('charge', field('name', $.identifier), optional(field('label', $.string)), $.money),
    description_statement: $ => seq('description', choice($.prose, $.string)),
    scope_statement: $ => seq('scope', choice($.prose, $.string)),
    service_cap_statement: $ => seq('credit', 'cap', $._cap_amount),

    // ---------------------------------------------------------------- objectives

    objective_block: $ => overridable($,
      'objective', field('name', $._reference), optional(field('title', $.string)),
      optional($.because_clause),
      field('body', alias($._objective_body, $.block)),
    ),

    _objective_item: $ => choice(
      $.objective_service_statement, $.measure_statement, $.pause_statement, $.clock_statement,
      $.goal_statement, $.target_statement, $.target_per_goal_statement, $.ignore_statement, $.uptime_statement,
      $.maintenance_statement, $.exclude_statement, $.min_outage_statement, $.count_statement,
      $.threshold_statement, $.per_component_statement, $.items_statement, $.timezone_statement,
      $.source_block, $.down_when_statement, $.downtime_units_statement, $.unit_down_statement, $.aggregate_statement, $.rate_statement,
      $.due_statement,
      $.sample_statement,
      $.round_value_statement,
    ),
    round_value_statement: $ => seq('round', 'value', 'to', 'whole', $.identifier, optional(seq('half', choice('up', 'even')))),
    objective_service_statement: $ => seq('service', $._reference),
    measure_statement: $ => seq(
      'measure', field('item', $.identifier),
      'from', field('start', $.event), 'until', field('stop', $.event),
      optional($.where_clause),
    ),
    pause_statement: $ => seq('pause', 'while', $.condition),
    clock_statement: $ => seq('clock', $._calendar_reference),
    goal_statement: $ => seq(
      'goal',
      optional(choice($.otherwise, seq($.conditions, optional($.arrival)), $.arrival)),
      'within', $.duration,
      optional(seq('on', field('calendar', $._calendar_reference))),
      optional($.goal_target),
    ),
    /** `, target 90%`: the goal's own target (with `target per goal per month`). */
    goal_target: $ => seq(',', 'target', $.percent),
    otherwise: _ => 'otherwise',
    /** `arriving during core_hours`, `arriving outside core_hours`, `arriving from 1 November to 30 April`. */
    arrival: $ => seq('arriving', choice(
      seq(choice('during', 'outside'), field('calendar', $._calendar_reference)),
      seq('from', $.month_day, 'to', $.month_day),
    )),
    /** A day of the year: `1 November`, `30 April`. */
    month_day: _ => token(seq(/\d{1,2}/, /[ \t]+/, choice(
      /[Jj][Aa][Nn][Uu][Aa][Rr][Yy]/, /[Ff][Ee][Bb][Rr][Uu][Aa][Rr][Yy]/, /[Mm][Aa][Rr][Cc][Hh]/,
      /[Aa][Pp][Rr][Ii][Ll]/, /[Mm][Aa][Yy]/, /[Jj][Uu][Nn][Ee]/, /[Jj][Uu][Ll][Yy]/,
      /[Aa][Uu][Gg][Uu][Ss][Tt]/, /[Ss][Ee][Pp][Tt][Ee][Mm][Bb][Ee][Rr]/, /[Oo][Cc][Tt][Oo][Bb][Ee][Rr]/,
      /[Nn][Oo][Vv][Ee][Mm][Bb][Ee][Rr]/, /[Dd][Ee][Cc][Ee][Mm][Bb][Ee][Rr]/,
    ))),
    target_statement: $ => seq('target', $.percent, optional(seq('of', field('item', $.identifier))), 'per', $.period),
    /** `target per goal per month`: every goal carries its own target. */
    target_per_goal_statement: $ => seq('target', 'per', 'goal', 'per', $.period),
    ignore_statement: $ => seq('ignore', $.event, 'within', $.duration),
    uptime_statement: $ => seq('uptime', 'at', 'least', $.percent, 'per', $.period, optional($.where_clause)),
    maintenance_statement: $ => seq('exclude', 'maintenance', $.days, commaSep1($, $.time_range)),
    exclude_statement: $ => seq('exclude', $.condition),
    min_outage_statement: $ => seq('count', 'outages', 'of', 'at', 'least', $.duration),
    count_statement: $ => seq('count', field('item', $.identifier), 'on', field('event', $.event), optional($.where_clause)),
    threshold_statement: $ => seq(choice(seq('at', 'least'), seq('at', 'most')), $.integer, optional(field('item', $.identifier)), 'per', $.period),
    per_component_statement: _ => seq('per', 'component'),
    /** `down when at least 2 components are down`: k of the listed components. */
    down_when_statement: $ => seq('down', 'when', 'at', 'least', $.integer, 'components', 'are', 'down'),
    /** `downtime in units of 1 minute`: downtime counted in whole units. */
    downtime_units_statement: $ => seq('downtime', 'in', 'units', 'of', $.duration),
    /** `downtime when errors of requests above 5% on request_stats`: a unit is down by an error rate. */
    unit_down_statement: $ => seq('downtime', 'when', field('errors', $.identifier), 'of', field('total', $.identifier), $.comparison, $.percent, 'on', $.event),
    /** `average at most 30 seconds per quarter` or `p95 below 4 hours per month`. */
    aggregate_statement: $ => seq(choice('average', $.percentile), $.comparison, choice($.duration, $.sample_bound), 'per', $.period),
    /** `sample latency_ms on probe in milliseconds where region is "eu"`: numbers written on records. */
    sample_statement: $ => seq('sample', field('attribute', $.identifier), 'on', field('event', $.event), optional(seq('in', field('unit', $.identifier))), optional($.where_clause)),
    /** A bound on samples in their unit: `1%`, `65 milliseconds`, `0.5`. */
    sample_bound: $ => choice($.percent, seq(choice($.integer, $.number), optional(field('unit', $.identifier)))),
    /** `rate abandoned of offered at most 5% per quarter`: a rate of counts. */
    rate_statement: $ => seq('rate', field('numerator', $.event), 'of', field('denominator', $.event), optional($.where_clause), $.comparison, $.percent, 'per', $.period),
    /** `due by due_date`: each item is due by the date its own attribute holds. */
    due_statement: $ => seq('due', 'by', field('attribute', $.identifier)),
    percentile: _ => token(prec(1, /p\d+(\.\d+)?/)),
    comparison: _ => choice(seq('at', 'most'), 'below', seq('at', 'least'), 'above'),
    /** `items "api-eu", "api-us"` or `items of service`: an availability objective's items. */
    items_statement: $ => seq('items', choice($.items_of_service, commaSep1($, $.string))),
    items_of_service: _ => seq('of', 'service'),

    where_clause: $ => seq('where', $.conditions),
    conditions: $ => seq($.condition, repeat(seq('and', $.condition))),
    condition: $ => seq(field('attribute', $.identifier), optional('is'), $.value_list),
    value_list: $ => seq($.string, repeat(seq(choice(seq(',', repeat($._newline)), 'or'), $.string))),
    event: $ => choice($.identifier, $.string),

    /** `source prometheus { good "…" total "…" latency "…" numerator "…" denominator "…" probe "…" }` */
    source_block: $ => seq('source', field('kind', $.source_kind), field('body', alias($._source_body, $.block))),
    source_kind: _ => 'prometheus',
    _source_item: $ => choice($.good_statement, $.total_statement, $.latency_statement, $.numerator_statement, $.denominator_statement, $.probe_statement),
    good_statement: $ => seq('good', $.string),
    total_statement: $ => seq('total', $.string),
    latency_statement: $ => seq('latency', $.string),
    numerator_statement: $ => seq('numerator', $.string),
    denominator_statement: $ => seq('denominator', $.string),
    probe_statement: $ => seq('probe', $.string),

    // ---------------------------------------------------------------- credits and bonuses

    credits_block: $ => overridable($,
      'credits', 'for', field('objective', $._reference), optional(seq('per', $.period)),
      optional($.because_clause),
      field('body', alias($._credits_body, $.block)),
    ),
    _credits_item: $ => choice(
      $.below_tier, $.per_breach, $.component_cap_statement, $.per_downtime, $.round_downtime, $.per_late, $.per_unit_value, $.cap_per_item, $.minimum_statement, $.cap_statement, $.claim_statement, $.claim_by_end_statement, $.claim_by_statement,
      $.unclaimed_statement, $.applied_statement,
    ),
    below_tier: $ => seq('below', $.percent, ':', $._payout),
    per_breach: $ => seq('per', 'breach', ':', $._payout),
    per_downtime: $ => seq('per', $.duration, optional($.part_thereof), 'of', 'downtime', ':', $._payout),
    part_thereof: _ => seq('or', 'part', 'thereof'),
    round_downtime: $ => seq('round', 'downtime', 'to', 'nearest', $.duration),
    minimum_statement: $ => seq('minimum', $._minimum_amount),
    service_minimum_statement: $ => seq('credit', 'minimum', $._minimum_amount),
    _minimum_amount: $ => seq(choice(seq('more', 'than'), seq('at', 'least')), $.money),
    per_late: $ => seq('per', field('unit', alias(choice('day', 'hour'), $.late_unit)), 'late', ':', $._payout),
    cap_per_item: $ => seq('cap', 'per', 'item', choice(seq($.percent, 'of', field('attribute', $.identifier)), $.money)),
    per_unit_value: $ => seq('per', $.duration_unit, choice('over', 'under'), $.duration, ':', $._payout),

    bonus_block: $ => overridable($,
      'bonus', 'for', field('objective', $._reference), optional(seq('per', $.period)),
      optional($.because_clause),
      field('body', alias($._bonus_body, $.block)),
    ),
    _bonus_item: $ => choice($.above_tier, $.per_unit_value, $.cap_statement),
    above_tier: $ => seq('at', 'least', $.percent, ':', $._payout),

    _payout: $ => choice(
      seq($.percent, 'of', $.fee_basis),
      $.money,
      seq($.fraction, 'of', $.fee_basis),
      seq($.integer, choice('day', 'days'), 'of', $.fee_basis),
    ),
    fraction: $ => token(/[0-9]+\/[0-9]+/),
    fee_basis: $ => choice(seq(optional(choice($.cadence, 'annual')), 'fee'), seq('billed', 'charges'), $.money, seq(field('charge', $.identifier), 'charge')),
    component_cap_statement: $ => seq('cap', 'per', 'component', $._payout),
    cap_statement: $ => seq('cap', $._cap_amount),
    _cap_amount: $ => choice(
      seq($.percent, 'of', 'fees', 'per', $.period_count),
      seq($.money, 'per', $.period_count),
      seq($.percent, 'of', $.fee_basis),
      $.money,
    ),
    claim_statement: $ => seq(
      'claim', 'within', $.duration,
      optional(seq('on', $._calendar_reference)),
      optional(seq('of', 'each', 'breach')),
      optional(seq('in', 'writing')),
    ),
    claim_by_end_statement: $ => seq(
      'claim', 'by', 'the', 'end', 'of', 'the', optional($.ordinal), 'month', 'after', 'the', 'period',
      optional(seq('in', 'writing')),
    ),
    ordinal: _ => /\d+(st|nd|rd|th)/,
    claim_by_statement: $ => seq('claim', 'by', $.string),
    unclaimed_statement: $ => seq('unclaimed', 'credits', 'lapse'),
    applied_statement: $ => seq('applied', choice('automatically', seq('on', 'request'))),

    // ---------------------------------------------------------------- termination

    termination_block: $ => overridable($,
      'termination',
      optional($.because_clause),
      field('body', alias($._termination_body, $.block)),
    ),
    _termination_item: $ => choice($.notice_statement, $.for_cause_statement, $.for_cause_window_statement, $.suspend_statement),
    notice_statement: $ => seq('notice', $.duration, optional(seq('in', 'writing'))),
    for_cause_statement: $ => seq('for', 'cause', 'after', $.integer, 'consecutive', $.period_unit, 'in', 'breach'),
    /** `for cause when downtime of uptime exceeds 7 hours in any 30 days` */
    for_cause_window_statement: $ => seq('for', 'cause', 'when', 'downtime', 'of', field('objective', $._reference), 'exceeds', $.duration, 'in', 'any', $.duration),
    suspend_statement: $ => seq('suspend', 'after', $.duration, 'without', field('party', $._reference), 'response', optional(seq('while', $.condition))),

    // ---------------------------------------------------------------- clauses

    /** `clause liability "Liability" """…"""` */
    clause_block: $ => overridable($,
      'clause', field('name', $._reference), optional(field('title', $.string)),
      optional($.because_clause),
      repeat($._newline),
      field('text', $.prose),
    ),

    // ---------------------------------------------------------------- error recovery

    /**
     * A line inside a block that starts with a word that is not one of the block's statements,
     * such as `timezon "UTC"`: like `bad_line` in the pest grammar it is one node for the line,
     * so a typo does not turn the rest of the file into an error. Editors can flag it.
     */
    unknown_statement: $ => seq(field('word', $.identifier), optional($._rest_of_line)),
    _rest_of_line: _ => token(prec(-1, /[^\n}]+/)),

    // ---------------------------------------------------------------- references

    _reference: $ => choice($.identifier, $.qualified_name),
    _calendar_reference: $ => choice($.always, $.identifier, $.qualified_name),

    /** `corp.office_hours`: a name from the file imported `as corp` (issue 8). */
    qualified_name: $ => seq(field('namespace', $.identifier), token.immediate('.'), field('name', alias($._immediate_identifier, $.identifier))),
    _immediate_identifier: _ => token.immediate(IDENT),

    /** The built-in calendar that is always open. */
    always: _ => '24x7',

    // ---------------------------------------------------------------- lexical leaves

    identifier: _ => IDENT,

    string: $ => seq(
      '"',
      repeat(choice($.string_content, $.escape_sequence)),
      token.immediate('"'),
    ),
    string_content: _ => token.immediate(prec(1, /[^"\\\n]+/)),
    escape_sequence: _ => token.immediate(/\\[^\n]/),

    /** Markdown between triple quotes. */
    prose: $ => seq('"""', optional($.prose_content), token.immediate('"""')),
    prose_content: _ => token.immediate(prec(1, /([^"]|"[^"]|""[^"])+/)),

    date: _ => /\d{4}-\d{2}-\d{2}/,
    time: _ => /\d{2}:\d{2}/,
    time_range: $ => seq($.time, choice('-', '–'), $.time),

    integer: _ => /\d+/,
    number: _ => /\d+\.\d+/,
    percent: $ => seq(choice($.integer, $.number), token.immediate('%')),

    currency_code: _ => token(prec(1, /[A-Z]{3}/)),
    amount: _ => /\d{1,3}(,\d{3})+(\.\d+)?|\d+\.\d+/,
    money: $ => seq($.currency_code, choice($.amount, $.integer)),

    duration: $ => seq($.integer, $.duration_unit),
    duration_unit: _ => choice(
      seq('business', choice('days', 'day', 'hours', 'hour')),
      'seconds', 'second', 'minutes', 'minute', 'hours', 'hour',
      'days', 'day', 'weeks', 'week', 'months', 'month',
    ),

    period: _ => choice('hour', 'day', 'week', 'month', 'quarter', 'year'),
    period_count: $ => seq($.integer, $.period_unit),
    period_unit: _ => choice('days', 'day', 'weeks', 'week', 'months', 'month', 'quarters', 'quarter', 'years', 'year'),
    cadence: _ => choice('daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'annually'),
  },
});
