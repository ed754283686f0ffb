//! A stand-in for `slate::eval::live` (SPEC "Engine API") until the
//! engine's own lands on main; removed at merge.

/// The live view at an instant.
#[derive(Clone, Debug)]
pub struct Live {
    /// The instant.
    pub as_of: i64,
    /// Each objective's current period.
    pub objectives: Vec<LiveObjective>,
    /// The open items.
    pub items: Vec<OpenItem>,
}

/// One objective's current period.
#[derive(Clone, Debug)]
pub struct LiveObjective {
    /// Its name.
    pub name: String,
    /// Its service.
    pub service: String,
    /// Its kind.
    pub kind: slate::eval::report::Kind,
    /// The current period's report.
    pub period: Option<slate::eval::report::PeriodReport>,
    /// Availability: the error budget.
    pub error_budget: Option<ErrorBudget>,
}

/// An availability objective's allowance.
#[derive(Clone, Copy, Debug)]
pub struct ErrorBudget {
    /// Allowed downtime.
    pub allowed_seconds: i64,
    /// Downtime so far.
    pub down_seconds: i64,
}

/// An open item.
#[derive(Clone, Debug)]
pub struct OpenItem {
    /// Objective.
    pub objective: String,
    /// Service.
    pub service: String,
    /// Id.
    pub id: String,
    /// Goal, from 1.
    pub goal: usize,
    /// Start.
    pub start: i64,
    /// Elapsed.
    pub elapsed_seconds: i64,
    /// Budget.
    pub budget_seconds: i64,
    /// Running.
    pub running: bool,
    /// Due.
    pub due: Option<i64>,
}
