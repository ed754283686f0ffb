//! Lowering the agreement's blocks: parties, calendars, services,
//! objectives (with their sources), credits and bonus schedules,
//! termination and clauses.

use pest::iterators::Pair;

use super::*;

impl<'s> Lower<'s> {
    /// `GBP 4000.00 per month`, after `fee` or `fee per component`.
    fn fee(&mut self, i: &mut Inner<'s>) -> Option<Fee> {
        let money = self.money(i.take(Rule::money)?)?;
        let per = self.period(i.take(Rule::period)?)?;
        Some(Fee { money, per })
    }

    pub(super) fn party(&mut self, pair: Pair<'s, Rule>) -> Option<Party> {
        self.enter_block(&pair);
        let (name, legal_name) = self.head(&pair)?;
        // An override may leave the legal name as inherited.
        let legal_name = legal_name.unwrap_or_else(|| Text {
            value: String::new(),
            span: Span::new(name.span.end, name.span.end),
        });
        let mut stmts = Vec::new();
        for p in Self::body(&pair) {
            let s = match p.as_rule() {
                Rule::role_stmt => self
                    .stmt(&p, |l, i| Some(l.ident_list(i.take(Rule::ident_list)?)))
                    .map(PartyStmt::Role),
                Rule::address_stmt => self.text_stmt(&p).map(PartyStmt::Address),
                Rule::contact_stmt => self
                    .stmt(&p, |l, i| {
                        let mut out = Vec::new();
                        while let Some(s) = i.take(Rule::string) {
                            out.push(l.string(s));
                        }
                        Some(out)
                    })
                    .map(PartyStmt::Contact),
                Rule::signatory_stmt => self
                    .stmt(&p, |l, i| {
                        let name = l.string(i.take(Rule::string)?);
                        let title = i.take(Rule::string).map(|s| l.string(s));
                        Some(Signatory { name, title })
                    })
                    .map(PartyStmt::Signatory),
                _ => self.other(&p, Block::Party),
            };
            stmts.extend(s);
        }
        Some(Party {
            overrides: self.overrides(&pair),
            recovered: !self.lost.is_empty(),
            name,
            legal_name,
            stmts,
            span: span(&pair),
        })
    }

    pub(super) fn hours(&mut self, i: &mut Inner<'s>) -> Option<Hours> {
        let days = self.days(i.take(Rule::days)?)?;
        let mut ranges = Vec::new();
        while let Some(r) = i.take(Rule::time_range) {
            ranges.push(self.time_range(r)?);
        }
        Some(Hours { days, ranges })
    }

    pub(super) fn calendar(&mut self, pair: Pair<'s, Rule>) -> Option<Calendar> {
        self.enter_block(&pair);
        let (name, title) = self.head(&pair)?;
        let mut stmts = Vec::new();
        for p in Self::body(&pair) {
            let s = match p.as_rule() {
                Rule::timezone_stmt => self.text_stmt(&p).map(CalendarStmt::Timezone),
                Rule::hours_stmt => self.stmt(&p, |l, i| l.hours(i)).map(CalendarStmt::Hours),
                Rule::closed_stmt => self
                    .stmt(&p, |l, i| {
                        let from = l.date(i.take(Rule::date)?)?;
                        let to = match i.take(Rule::date) {
                            Some(d) => Some(l.date(d)?),
                            None => None,
                        };
                        let reason = i.take(Rule::string).map(|s| l.string(s));
                        Some(Closed { from, to, reason })
                    })
                    .map(CalendarStmt::Closed),
                _ => self.other(&p, Block::Calendar),
            };
            stmts.extend(s);
        }
        Some(Calendar {
            overrides: self.overrides(&pair),
            recovered: !self.lost.is_empty(),
            name,
            title,
            stmts,
            span: span(&pair),
        })
    }

    pub(super) fn service(&mut self, pair: Pair<'s, Rule>) -> Option<Service> {
        self.enter_block(&pair);
        let (name, title) = self.head(&pair)?;
        let mut stmts = Vec::new();
        for p in Self::body(&pair) {
            let s = match p.as_rule() {
                Rule::provider_stmt => self.name_stmt(&p, Rule::ident).map(ServiceStmt::Provider),
                Rule::customer_stmt => self.name_stmt(&p, Rule::ident).map(ServiceStmt::Customer),
                Rule::service_hours_stmt => self
                    .name_stmt(&p, Rule::calendar_ref)
                    .map(ServiceStmt::Hours),
                Rule::channels_stmt => self
                    .stmt(&p, |l, i| Some(l.ident_list(i.take(Rule::ident_list)?)))
                    .map(ServiceStmt::Channels),
                Rule::fee_stmt => self.stmt(&p, Self::fee).map(ServiceStmt::Fee),
                Rule::component_fee_stmt => self.stmt(&p, Self::fee).map(ServiceStmt::ComponentFee),
                Rule::charge_stmt => self
                    .stmt(&p, |l, i| {
                        let name = l.name(i.take(Rule::ident)?);
                        let label = i.take(Rule::string).map(|s| l.string(s));
                        let money = l.money(i.take(Rule::money)?)?;
                        Some(Charge { name, label, money })
                    })
                    .map(ServiceStmt::Charge),
                Rule::fee_billed_stmt => self
                    .stmt(&p, |l, i| l.period(i.take(Rule::period)?))
                    .map(ServiceStmt::FeeBilled),
                Rule::description_stmt => self.prose_stmt(&p).map(ServiceStmt::Description),
                Rule::scope_stmt => self.prose_stmt(&p).map(ServiceStmt::Scope),
                Rule::service_minimum_stmt => self
                    .stmt(&p, |l, i| l.minimum(i.take(Rule::minimum_amount)?))
                    .map(ServiceStmt::CreditMinimum),
                Rule::service_cap_stmt => self
                    .stmt(&p, |l, i| l.cap_amount(i.take(Rule::cap_amount)?))
                    .map(ServiceStmt::CreditCap),
                _ => self.other(&p, Block::Service),
            };
            stmts.extend(s);
        }
        Some(Service {
            overrides: self.overrides(&pair),
            recovered: !self.lost.is_empty(),
            lost: std::mem::take(&mut self.lost),
            name,
            title,
            stmts,
            span: span(&pair),
        })
    }

    pub(super) fn objective(&mut self, pair: Pair<'s, Rule>) -> Option<Objective> {
        self.enter_block(&pair);
        let (name, title) = self.head(&pair)?;
        let mut stmts = Vec::new();
        for p in Self::body(&pair) {
            let s = match p.as_rule() {
                Rule::objective_service_stmt => {
                    self.name_stmt(&p, Rule::ident).map(ObjectiveStmt::Service)
                }
                Rule::measure_stmt => self.measure_stmt(&p).map(ObjectiveStmt::Measure),
                Rule::pause_stmt => self
                    .stmt(&p, |l, i| l.condition(i.take(Rule::condition)?))
                    .map(ObjectiveStmt::Pause),
                Rule::clock_stmt => self
                    .name_stmt(&p, Rule::calendar_ref)
                    .map(ObjectiveStmt::Clock),
                Rule::goal_stmt => self.goal_stmt(&p).map(ObjectiveStmt::Goal),
                Rule::target_stmt => self.target_stmt(&p).map(ObjectiveStmt::Target),
                Rule::target_per_goal_stmt => self
                    .stmt(&p, |l, i| l.period(i.take(Rule::period)?))
                    .map(ObjectiveStmt::TargetPerGoal),
                Rule::ignore_stmt => self
                    .stmt(&p, |l, i| {
                        let event = l.event(i.take(Rule::event)?)?;
                        let within = l.duration(i.take(Rule::duration)?)?;
                        Some(Ignore { event, within })
                    })
                    .map(ObjectiveStmt::Ignore),
                Rule::uptime_stmt => self.uptime_stmt(&p).map(ObjectiveStmt::Uptime),
                Rule::maintenance_stmt => self
                    .stmt(&p, |l, i| l.hours(i))
                    .map(ObjectiveStmt::Maintenance),
                Rule::exclude_stmt => self
                    .stmt(&p, |l, i| l.condition(i.take(Rule::condition)?))
                    .map(ObjectiveStmt::Exclude),
                Rule::min_outage_stmt => self
                    .stmt(&p, |l, i| l.duration(i.take(Rule::duration)?))
                    .map(ObjectiveStmt::MinOutage),
                Rule::count_stmt => self.count_stmt(&p).map(ObjectiveStmt::Count),
                Rule::threshold_stmt => self.threshold_stmt(&p).map(ObjectiveStmt::Threshold),
                Rule::per_component_stmt => self
                    .stmt(&p, |_, _| Some(()))
                    .map(ObjectiveStmt::PerComponent),
                Rule::items_stmt => self.items_stmt(&p).map(ObjectiveStmt::Items),
                Rule::down_when_stmt => self
                    .stmt(&p, |l, i| Some(l.integer(i.take(Rule::integer)?)))
                    .map(ObjectiveStmt::DownWhen),
                Rule::downtime_units_stmt => self
                    .stmt(&p, |l, i| l.duration(i.take(Rule::duration)?))
                    .map(ObjectiveStmt::DowntimeUnits),
                Rule::timezone_stmt => self.text_stmt(&p).map(ObjectiveStmt::Timezone),
                Rule::source_block => self.source(p).map(ObjectiveStmt::Source),
                Rule::aggregate_stmt => self.aggregate_stmt(&p).map(ObjectiveStmt::Aggregate),
                Rule::rate_stmt => self.rate_stmt(&p).map(ObjectiveStmt::Rate),
                Rule::due_stmt => self
                    .stmt(&p, |l, i| Some(l.name(i.take(Rule::ident)?)))
                    .map(ObjectiveStmt::Due),
                Rule::sample_stmt => self.sample_stmt(&p).map(ObjectiveStmt::Sample),
                Rule::sample_aggregate_stmt => self
                    .sample_aggregate_stmt(&p)
                    .map(ObjectiveStmt::SampleAggregate),
                Rule::unit_down_stmt => self.unit_down_stmt(&p).map(ObjectiveStmt::UnitDown),
                Rule::round_value_stmt => self.round_value_stmt(&p).map(ObjectiveStmt::RoundValue),
                _ => self.other(&p, Block::Objective),
            };
            stmts.extend(s);
        }
        Some(Objective {
            overrides: self.overrides(&pair),
            recovered: !self.lost.is_empty(),
            name,
            title,
            stmts,
            span: span(&pair),
        })
    }

    pub(super) fn measure_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<Measure>> {
        self.stmt(p, |l, i| {
            let noun = l.name(i.take(Rule::ident)?);
            let start = l.event(i.take(Rule::event)?)?;
            let stop = l.event(i.take(Rule::event)?)?;
            let filter = l.optional_filter(i)?;
            Some(Measure {
                noun,
                start,
                stop,
                filter,
            })
        })
    }

    pub(super) fn goal_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<Goal>> {
        self.stmt(p, |l, i| {
            let when = if let Some(o) = i.take(Rule::k_otherwise) {
                GoalWhen::Otherwise(span(&o))
            } else if let Some(c) = i.take(Rule::conditions) {
                GoalWhen::When(l.conditions(c)?)
            } else {
                GoalWhen::Always
            };
            let arrival = match i.take(Rule::arrival) {
                Some(a) => Some(l.arrival(a)?),
                None => None,
            };
            let within = l.duration(i.take(Rule::duration)?)?;
            let on = i.take(Rule::calendar_ref).map(|c| l.name(c));
            let target = match i.take(Rule::goal_target) {
                Some(t) => {
                    let mut inner = t.into_inner();
                    let pct = inner.find(|x| x.as_rule() == Rule::percent)?;
                    Some(l.percent(pct)?)
                }
                None => None,
            };
            Some(Goal {
                when,
                within,
                on,
                target,
                arrival,
            })
        })
    }

    /// `arriving during C`, `arriving outside C`, `arriving from D M to D M`.
    fn arrival(&mut self, p: Pair<'s, Rule>) -> Option<Arrival> {
        let inner = p.into_inner().find(|x| x.as_rule() != Rule::k_arriving)?;
        match inner.as_rule() {
            Rule::arrival_calendar => {
                let mut parts = inner.into_inner();
                let during = parts.next()?.as_rule() == Rule::k_during;
                let calendar = self.name(parts.find(|x| x.as_rule() == Rule::calendar_ref)?);
                Some(if during {
                    Arrival::During { calendar }
                } else {
                    Arrival::Outside { calendar }
                })
            }
            _ => {
                let mut days = inner
                    .into_inner()
                    .filter(|x| x.as_rule() == Rule::month_day)
                    .map(|d| month_day(&d));
                let from = days.next()??;
                let to = days.next()??;
                Some(Arrival::Season { from, to })
            }
        }
    }

    pub(super) fn target_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<Target>> {
        self.stmt(p, |l, i| {
            let percent = l.percent(i.take(Rule::percent)?)?;
            let of = i.take(Rule::ident).map(|n| l.name(n));
            let per = l.period(i.take(Rule::period)?)?;
            Some(Target { percent, of, per })
        })
    }

    pub(super) fn uptime_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<Uptime>> {
        self.stmt(p, |l, i| {
            let percent = l.percent(i.take(Rule::percent)?)?;
            let per = l.period(i.take(Rule::period)?)?;
            let filter = l.optional_filter(i)?;
            Some(Uptime {
                percent,
                per,
                filter,
            })
        })
    }

    pub(super) fn count_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<Count>> {
        self.stmt(p, |l, i| {
            let noun = l.name(i.take(Rule::ident)?);
            let event = l.event(i.take(Rule::event)?)?;
            let filter = l.optional_filter(i)?;
            Some(Count {
                noun,
                event,
                filter,
            })
        })
    }

    pub(super) fn threshold_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<Threshold>> {
        self.stmt(p, |l, i| {
            let at_least = i.take(Rule::k_at_least).is_some();
            let count = l.integer(i.take(Rule::integer)?);
            let noun = i.take(Rule::ident).map(|n| l.name(n));
            let per = l.period(i.take(Rule::period)?)?;
            Some(Threshold {
                at_least,
                count,
                noun,
                per,
            })
        })
    }

    pub(super) fn aggregate_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<Aggregate>> {
        self.stmt(p, |l, i| {
            let statistic = l.statistic(i)?;
            let c = i.take(Rule::comparison)?;
            let comparison = comparison(c)?;
            let bound = l.duration(i.take(Rule::duration)?)?;
            let per = l.period(i.take(Rule::period)?)?;
            Some(Aggregate {
                statistic,
                comparison,
                bound,
                per,
            })
        })
    }

    pub(super) fn sample_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<Sample>> {
        self.stmt(p, |l, i| {
            let attribute = l.name(i.take(Rule::ident)?);
            let event = l.event(i.take(Rule::event)?)?;
            let unit = i.take(Rule::ident).map(|u| l.name(u));
            let filter = l.optional_filter(i)?;
            Some(Sample {
                attribute,
                event,
                unit,
                filter,
            })
        })
    }

    pub(super) fn sample_aggregate_stmt(
        &mut self,
        p: &Pair<'s, Rule>,
    ) -> Option<Stmt<SampleAggregate>> {
        self.stmt(p, |l, i| {
            let statistic = l.statistic(i)?;
            let c = i.take(Rule::comparison)?;
            let comparison = comparison(c)?;
            let b = i.take(Rule::sample_bound)?;
            let mut parts = Inner::of(&b);
            let (bound, unit) = if let Some(pc) = parts.take(Rule::percent) {
                let at = span(&pc);
                let sign = Name {
                    text: "%".to_owned(),
                    span: Span::new(at.end.saturating_sub(1), at.end),
                };
                (l.percent(pc)?, Some(sign))
            } else {
                let n = l.number(parts.take(Rule::decimal)?);
                (n, parts.take(Rule::ident).map(|u| l.name(u)))
            };
            let per = l.period(i.take(Rule::period)?)?;
            Some(SampleAggregate {
                statistic,
                comparison,
                bound,
                unit,
                per,
            })
        })
    }

    /// `average` or a percentile such as `p95`: what a bound on durations
    /// or on samples aggregates.
    fn statistic(&mut self, i: &mut Inner<'s>) -> Option<Statistic> {
        if let Some(a) = i.take(Rule::k_average) {
            return Some(Statistic::Average(span(&a)));
        }
        let q = i.take(Rule::percentile)?;
        let digits = q.as_str().get(1..)?.to_owned();
        Some(Statistic::Percentile(self.number_text(&digits, span(&q))))
    }

    pub(super) fn rate_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<Rate>> {
        self.stmt(p, |l, i| {
            let numerator = l.event(i.take(Rule::event)?)?;
            let denominator = l.event(i.take(Rule::event)?)?;
            let filter = l.optional_filter(i)?;
            let c = i.take(Rule::comparison)?;
            let comparison = comparison(c)?;
            let percent = l.percent(i.take(Rule::percent)?)?;
            let per = l.period(i.take(Rule::period)?)?;
            Some(Rate {
                numerator,
                denominator,
                filter,
                comparison,
                percent,
                per,
            })
        })
    }

    pub(super) fn items_stmt(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<Items>> {
        self.stmt(p, |l, i| {
            if let Some(of) = i.take(Rule::items_of_service) {
                return Some(Items::OfService(span(&of)));
            }
            Some(Items::Ids(l.strings(i.take(Rule::item_ids)?)))
        })
    }

    /// The `override` keyword of a definition and its `because "…"`. A
    /// `because` without `override` acknowledges nothing, and is reported.
    pub(super) fn overrides(&mut self, pair: &Pair<'s, Rule>) -> Option<Override> {
        let keyword = pair
            .clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::k_override)
            .map(|p| span(&p));
        let because = pair
            .clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::because);
        let reason = because.as_ref().and_then(|b| {
            Inner::of(b)
                .take(Rule::string)
                .map(|s| self.prose_string(s))
        });
        match (keyword, because) {
            (Some(span), _) => Some(Override {
                span,
                because: reason,
            }),
            (None, Some(b)) => {
                self.diags.push(
                    Diagnostic::new(
                        Code::MalformedStatement,
                        span(&b),
                        "`because` explains an override, and this definition overrides nothing",
                    )
                    .label("nothing to explain")
                    .help("write `override` before the definition if it replaces an inherited one, or remove `because \"…\"`"),
                );
                None
            }
            (None, None) => None,
        }
    }

    /// Starts lowering a block: its header and title for "not closed"
    /// diagnostics, and no lines lost yet.
    pub(super) fn enter_block(&mut self, pair: &Pair<'s, Rule>) {
        self.open_head = Some(head_span(pair));
        self.open_title = block_title(pair);
        self.lost.clear();
    }

    /// A block nested in an objective: the objective's recovery state is
    /// kept aside while it is lowered.
    pub(super) fn source(&mut self, pair: Pair<'s, Rule>) -> Option<Source> {
        let outer = (
            self.open_head,
            std::mem::take(&mut self.open_title),
            std::mem::take(&mut self.lost),
        );
        self.enter_block(&pair);
        self.open_title = "the metric source".to_owned();
        let whole = span(&pair);
        let head = Span::new(
            whole.start,
            Inner::of(&pair)
                .pairs
                .get(1)
                .map_or(whole.end, |p| span(p).end),
        );
        let mut stmts = Vec::new();
        for p in Self::body(&pair) {
            let s = match p.as_rule() {
                Rule::good_stmt => self.text_stmt(&p).map(SourceStmt::Good),
                Rule::total_stmt => self.text_stmt(&p).map(SourceStmt::Total),
                Rule::latency_stmt => self.text_stmt(&p).map(SourceStmt::Latency),
                Rule::numerator_stmt => self.text_stmt(&p).map(SourceStmt::Numerator),
                Rule::denominator_stmt => self.text_stmt(&p).map(SourceStmt::Denominator),
                Rule::probe_stmt => self.text_stmt(&p).map(SourceStmt::Probe),
                _ => self.other(&p, Block::Source),
            };
            stmts.extend(s);
        }
        let recovered = !self.lost.is_empty();
        (self.open_head, self.open_title, self.lost) = outer;
        Some(Source {
            stmts,
            head,
            span: whole,
            recovered,
        })
    }

    pub(super) fn schedule(&mut self, pair: Pair<'s, Rule>, block: Block) -> Option<Schedule> {
        self.enter_block(&pair);
        let whole = span(&pair);
        let mut inner = Inner::of(&pair);
        let objective = self.name(inner.take(Rule::ident)?);
        let per = match inner.take(Rule::period) {
            Some(p) => Some(self.period(p)?),
            None => None,
        };
        let head = Span::new(whole.start, per.map_or(objective.span.end, |p| p.span.end));
        let mut stmts = Vec::new();
        for p in Self::body(&pair) {
            let s = match p.as_rule() {
                Rule::below_tier | Rule::above_tier => self
                    .stmt(&p, |l, i| {
                        let threshold = l.percent(i.take(Rule::percent)?)?;
                        let payout = l.payout(i.take(Rule::payout)?)?;
                        Some(Tier { threshold, payout })
                    })
                    .map(ScheduleStmt::Tier),
                Rule::per_breach => self
                    .stmt(&p, |l, i| l.payout(i.take(Rule::payout)?))
                    .map(ScheduleStmt::PerBreach),
                Rule::per_downtime => self.per_downtime(&p).map(ScheduleStmt::PerDowntime),
                Rule::round_downtime => self
                    .stmt(&p, |l, i| l.duration(i.take(Rule::duration)?))
                    .map(ScheduleStmt::RoundDowntime),
                Rule::minimum_stmt => self
                    .stmt(&p, |l, i| l.minimum(i.take(Rule::minimum_amount)?))
                    .map(ScheduleStmt::Minimum),
                Rule::per_late => self.per_late(&p).map(ScheduleStmt::PerLate),
                Rule::cap_per_item => self
                    .stmt(&p, |l, i| l.item_cap(i.take(Rule::item_cap)?))
                    .map(ScheduleStmt::CapPerItem),
                Rule::per_unit_value => self.per_unit_value(&p).map(ScheduleStmt::PerUnitValue),
                Rule::component_cap_stmt => self
                    .stmt(&p, |l, i| l.payout(i.take(Rule::payout)?))
                    .map(ScheduleStmt::ComponentCap),
                Rule::cap_stmt => self
                    .stmt(&p, |l, i| l.cap_amount(i.take(Rule::cap_amount)?))
                    .map(ScheduleStmt::Cap),
                Rule::claim_stmt => self.claim_window(&p).map(ScheduleStmt::Claim),
                Rule::claim_by_end_stmt => self.claim_by_end(&p).map(ScheduleStmt::ClaimByEnd),
                Rule::claim_by_stmt => self.text_stmt(&p).map(ScheduleStmt::ClaimBy),
                Rule::unclaimed_stmt => self
                    .stmt(&p, |_, _| Some(()))
                    .map(ScheduleStmt::UnclaimedLapse),
                Rule::applied_stmt => self
                    .stmt(&p, |_, i| {
                        Some(if i.take(Rule::k_automatically).is_some() {
                            Applied::Automatically
                        } else {
                            Applied::OnRequest
                        })
                    })
                    .map(ScheduleStmt::Applied),
                _ => self.other(&p, block),
            };
            stmts.extend(s);
        }
        Some(Schedule {
            overrides: self.overrides(&pair),
            recovered: !self.lost.is_empty(),
            objective,
            per,
            stmts,
            head,
            span: whole,
        })
    }

    /// `per 4 hours or part thereof of downtime : 1 day of monthly fee`.
    fn per_downtime(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<PerDowntime>> {
        self.stmt(p, |l, i| {
            let unit = l.duration(i.take(Rule::duration)?)?;
            let part_thereof = i.take(Rule::part_thereof).is_some();
            let payout = l.payout(i.take(Rule::payout)?)?;
            Some(PerDowntime {
                unit,
                part_thereof,
                payout,
            })
        })
    }

    /// `per day late : USD 500.00` or `per hour late : USD 50.00`.
    fn per_late(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<PerLate>> {
        self.stmt(p, |l, i| {
            let unit = i.take(Rule::late_unit)?;
            let unit_span = span(&unit);
            let unit = if unit.as_str() == "hour" {
                LateUnit::Hour
            } else {
                LateUnit::Day
            };
            let payout = l.payout(i.take(Rule::payout)?)?;
            Some(PerLate {
                unit,
                unit_span,
                payout,
            })
        })
    }

    /// `claim within 5 business days on office_hours of each breach in writing`.
    fn claim_window(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<ClaimWindow>> {
        self.stmt(p, |l, i| {
            let within = l.duration(i.take(Rule::duration)?)?;
            let calendar = i
                .take(Rule::claim_calendar)
                .and_then(|c| c.into_inner().find(|x| x.as_rule() == Rule::calendar_ref))
                .map(|c| l.name(c));
            let of_each_breach = i.take(Rule::k_of_each_breach).map(|k| span(&k));
            let in_writing = i.take(Rule::k_in_writing).is_some();
            Some(ClaimWindow {
                within,
                in_writing,
                calendar,
                of_each_breach,
            })
        })
    }

    /// `claim by the end of the 2nd month after the period`.
    fn claim_by_end(&mut self, p: &Pair<'s, Rule>) -> Option<Stmt<ClaimByEnd>> {
        self.stmt(p, |l, i| {
            let month = match i.take(Rule::ordinal) {
                Some(o) => l.ordinal(o),
                None => Int {
                    value: 1,
                    span: i.take(Rule::k_month_after_the_period).map(|k| span(&k))?,
                },
            };
            let in_writing = i.take(Rule::k_in_writing).is_some();
            Some(ClaimByEnd { month, in_writing })
        })
    }

    pub(super) fn termination(&mut self, pair: Pair<'s, Rule>) -> Option<Termination> {
        self.enter_block(&pair);
        let whole = span(&pair);
        let head = Inner::of(&pair).first_span().unwrap_or(whole);
        let mut stmts = Vec::new();
        for p in Self::body(&pair) {
            let s = match p.as_rule() {
                Rule::notice_stmt => self
                    .stmt(&p, |l, i| {
                        let period = l.duration(i.take(Rule::duration)?)?;
                        let in_writing = i.take(Rule::k_in_writing).is_some();
                        Some(Notice { period, in_writing })
                    })
                    .map(TerminationStmt::Notice),
                Rule::for_cause_stmt => self
                    .stmt(&p, |l, i| {
                        let count = l.integer(i.take(Rule::integer)?);
                        let unit = l.period(i.take(Rule::period_unit)?)?;
                        Some(PeriodCount {
                            count,
                            unit,
                            span: count.span.join(unit.span),
                        })
                    })
                    .map(TerminationStmt::ForCause),
                Rule::for_cause_window_stmt => self
                    .stmt(&p, |l, i| {
                        let objective = l.name(i.take(Rule::ident)?);
                        let limit = l.duration(i.take(Rule::duration)?)?;
                        let window = l.duration(i.take(Rule::duration)?)?;
                        Some(ForCauseWindow {
                            objective,
                            limit,
                            window,
                        })
                    })
                    .map(TerminationStmt::ForCauseWindow),
                Rule::suspend_stmt => self
                    .stmt(&p, |l, i| {
                        let after = l.duration(i.take(Rule::duration)?)?;
                        let party = l.name(i.take(Rule::ident)?);
                        let waiting = match i.take(Rule::condition) {
                            Some(c) => Some(l.condition(c)?),
                            None => None,
                        };
                        Some(Suspend {
                            after,
                            party,
                            waiting,
                        })
                    })
                    .map(TerminationStmt::Suspend),
                _ => self.other(&p, Block::Termination),
            };
            stmts.extend(s);
        }
        Some(Termination {
            overrides: self.overrides(&pair),
            recovered: !self.lost.is_empty(),
            stmts,
            head,
            span: whole,
        })
    }

    pub(super) fn clause(&mut self, pair: Pair<'s, Rule>) -> Option<Clause> {
        let whole = span(&pair);
        let mut inner = Inner::of(&pair);
        let name = inner.take(Rule::ident)?;
        let name = if overrides(&pair) {
            self.name(name)
        } else {
            self.defined_name(name)
        };
        // An override may leave the heading as inherited.
        let title = match inner.take(Rule::string) {
            Some(t) => self.string(t),
            None => Text {
                value: String::new(),
                span: Span::new(name.span.end, name.span.end),
            },
        };
        let body = self.string(
            pair.clone()
                .into_inner()
                .find(|p| p.as_rule() == Rule::prose)?,
        );
        Some(Clause {
            overrides: self.overrides(&pair),
            name,
            title,
            body,
            span: whole,
        })
    }
}

/// `30 April`: the day as written and the month's number.
fn month_day(p: &Pair<'_, Rule>) -> Option<MonthDay> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let mut words = p.as_str().split_whitespace();
    let day = words.next()?.parse().ok()?;
    let name = words.next()?.to_lowercase();
    let month = MONTHS.iter().position(|m| *m == name)?;
    Some(MonthDay {
        day,
        month: u32::try_from(month).ok()? + 1,
        span: span(p),
    })
}

/// `at most`, `below`, `at least` or `above`: the one reading of a
/// `comparison` for every statement that bounds a value.
pub(super) fn comparison(c: Pair<'_, Rule>) -> Option<Comparison> {
    Some(match c.into_inner().next()?.as_rule() {
        Rule::k_at_most => Comparison::AtMost,
        Rule::k_below => Comparison::Below,
        Rule::k_at_least => Comparison::AtLeast,
        _ => Comparison::Above,
    })
}
