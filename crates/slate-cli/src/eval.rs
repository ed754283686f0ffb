//! `slate eval`: settle an agreement on event records.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use crate::{Fatal, color, emit, io_reason, read};

/// Arguments of `slate eval`.
#[derive(Args)]
pub(crate) struct EvalArgs {
    /// The agreement: a `.sla` file, or a JSON rule set from `slate rules --to json`.
    agreement: PathBuf,
    /// Event files: NDJSON (`.ndjson`, `.jsonl`) or CSV with a header (`.csv`); `-` reads standard input.
    #[arg(long, required = true, num_args = 1..)]
    events: Vec<PathBuf>,
    /// The format of the event files, when their names do not say (standard input is NDJSON by default).
    #[arg(long, value_enum)]
    events_format: Option<EventsFormat>,
    /// Report one period: `2026-03`, `2026-Q1`, `2026-W10`, `2026-03-02` or `2026`.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    period: Option<String>,
    /// First date to report (`YYYY-MM-DD`).
    #[arg(long)]
    from: Option<NaiveDate>,
    /// Last date to report, included (`YYYY-MM-DD`).
    #[arg(long)]
    to: Option<NaiveDate>,
    /// The cut-off: an RFC 3339 timestamp, or a date meaning its start in the
    /// agreement's time zone. Events at or after it are not seen. Default: one
    /// second after the latest event.
    #[arg(long)]
    as_of: Option<String>,
    /// The report's format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Write to this file instead of standard output (written whole, or not at all).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// List every breached item with its elapsed time and budget.
    #[arg(long)]
    details: bool,
    /// Count and list unreadable records in the report instead of failing.
    #[arg(long)]
    skip_invalid: bool,
    /// The charges billed for services whose fee is billed (`fee billed per month`):
    /// CSV with a header (`.csv`) or NDJSON (`.ndjson`, `.jsonl`); see docs/eval.md.
    #[arg(long)]
    bill: Option<PathBuf>,
    /// Threads reading NDJSON event files and working out items' outcomes
    /// (default: one per core). The report is the same whatever the number.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256))]
    threads: Option<u16>,
    /// Memory for the records read (`512M`, `4G`; K, M, G and T are powers of 1024): beyond
    /// it, records are spilled to temporary partitions (in `$TMPDIR`) and evaluated one
    /// partition at a time. The report is the same.
    #[arg(long, value_parser = memory, default_value = "4G")]
    memory: u64,
}

/// A size of memory: a number of bytes, or of K, M, G or T (powers of
/// 1024), optionally followed by `B` or `iB`.
fn memory(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let shift = match unit.to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        "T" | "TB" | "TIB" => 40,
        _ => return Err("write a number of bytes, or of K, M, G or T: `512M`, `4G`".to_owned()),
    };
    let too_large = || "it is larger than any machine's memory".to_owned();
    let n: u64 = number.parse().map_err(|_| {
        if number.is_empty() {
            "write a number of bytes, or of K, M, G or T: `512M`, `4G`".to_owned()
        } else {
            too_large()
        }
    })?;
    n.checked_mul(1 << shift).ok_or_else(too_large)
}

/// The partitions records are spilled to, when they pass `budget`: each
/// to hold about half of it, by the size of the event files (at most a
/// byte of records held per byte read); 16 at least when a stream
/// (standard input, a pipe), whose size is not known, is read.
fn partitions(budget: u64, paths: &[PathBuf]) -> usize {
    let known: u64 = paths.iter().map(|p| events_size(p)).sum();
    let halves = known.div_ceil(budget.max(1)).saturating_mul(2);
    let stream = paths
        .iter()
        .any(|p| p.as_os_str() == "-" || !std::fs::metadata(p).is_ok_and(|m| m.is_file()));
    let n = usize::try_from(halves).unwrap_or(usize::MAX);
    n.max(if stream { 16 } else { 2 })
        .min(slate::eval::events::MAX_PARTITIONS)
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EventsFormat {
    /// One JSON object per line.
    Ndjson,
    /// Comma-separated values with a header line.
    Csv,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    /// Plain text.
    Text,
    /// The versioned JSON report, `slate.report/v2`.
    Json,
    /// Markdown.
    Md,
    /// One self-contained HTML page with charts.
    Html,
}

/// The rule set of an agreement file: compiled from `.sla`, or read from JSON.
pub(crate) fn rule_set(path: &PathBuf) -> Result<Option<slate::rules::RuleSet>, Fatal> {
    let (name, text) = read(path)?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('{');
    if is_json {
        // A rule set that is changed, of another version or impossible is
        // not evaluated: nothing is reported under its fingerprint.
        return Ok(slate::rules::from_json(&text)
            .map_err(|e| refused(&name, &e))
            .ok());
    }
    let at = if name == "<stdin>" {
        std::path::Path::new("")
    } else {
        path.as_path()
    };
    let mut checked = slate::check_file(at, text, &crate::file_system(at)?);
    checked.diagnostics.extend(checked.agreement_needed());
    if !checked.diagnostics.is_empty() {
        eprint!("{}", checked.human(&checked.diagnostics, &name, color()));
    }
    Ok(checked
        .model
        .as_ref()
        .map(slate::rules::from_model)
        .transpose()
        .map_err(|e| refused(&name, &e))
        .ok()
        .flatten())
}

/// Says why the rule set of `name` cannot be used. Its words quote the rule
/// set or the agreement: no control character reaches the terminal raw.
fn refused(name: &str, e: &dyn std::fmt::Display) {
    let e = e.to_string();
    eprintln!(
        "error: `{name}`: {}",
        slate::eval::visible::visible_lines(&e)
    );
}

/// The cut-off as Unix seconds.
fn as_of(text: &str, tz: chrono_tz::Tz) -> Result<i64, Fatal> {
    let moment: slate_time::Moment = text.parse().map_err(|_| {
        Fatal(format!(
            "`--as-of {text}` is neither an RFC 3339 timestamp (`2026-04-01T00:00:00Z`) nor a date (`2026-04-01`)"
        ))
    })?;
    // The same midnight as the engine's periods end at (where a zone skips
    // midnight, the first instant of the date), so `--as-of 2026-04-01`
    // is exactly the end of March and settles it.
    Ok(moment.instant(tz))
}

/// Shows reading progress on standard error, when it is a terminal and the
/// input is large enough to take a moment.
struct Progress {
    total: u64,
    done: u64,
    shown: bool,
}

impl Progress {
    const WORTH_SHOWING: u64 = 32 << 20;

    fn new(total: u64) -> Self {
        Progress {
            total,
            done: 0,
            shown: false,
        }
    }

    /// Shows `done` bytes of the whole input read.
    fn show(&mut self, done: u64, what: &str) {
        if self.total < Self::WORTH_SHOWING || !std::io::stderr().is_terminal() {
            return;
        }
        let pct = (done * 100 / self.total.max(1)).min(100);
        let bar = "#".repeat((pct / 4) as usize);
        eprint!("\r{what} [{bar:<25}] {pct:>3}% of {} MB", self.total >> 20);
        self.shown = true;
    }

    /// Says what happens next, with the bar gone.
    fn stage(&mut self, what: &str) {
        if self.shown {
            eprint!("\r{what:<70}");
        }
    }

    fn finish(&self) {
        if self.shown {
            eprint!("\r{:<70}\r", "");
        }
    }
}

/// Refuses to read standard input twice: as the agreement and as events,
/// or as two event files. The second reader would see nothing, or what was
/// left after the first.
fn stdin_once(args: &EvalArgs) -> Result<(), Fatal> {
    let is_stdin = |p: &PathBuf| p.as_os_str() == "-";
    let events = args.events.iter().filter(|p| is_stdin(p)).count();
    if is_stdin(&args.agreement) && events > 0 {
        return Err(Fatal(
            "standard input cannot be both the agreement and the events (`slate eval - --events -`)\n  help: give the agreement as a file, or the events as files".to_owned(),
        ));
    }
    if events > 1 {
        return Err(Fatal(
            "`--events -` is given more than once, but standard input can be read only once\n  help: give it once, and the other events as files".to_owned(),
        ));
    }
    Ok(())
}

pub(crate) fn eval(args: &EvalArgs) -> Result<ExitCode, Fatal> {
    stdin_once(args)?;
    let Some(rules) = rule_set(&args.agreement)? else {
        return Ok(ExitCode::from(1));
    };
    let (from, to) = match &args.period {
        Some(p) => {
            let label: slate_time::Label = p.parse().map_err(|_| {
                // An hour's label (`2026-10-25T01:00+01:00`): its figures
                // are in the report of its date.
                let hour = p
                    .split_once('T')
                    .filter(|(date, _)| date.parse::<chrono::NaiveDate>().is_ok());
                match hour {
                    Some((date, _)) => Fatal(format!(
                        "`--period {p}` is an hour, and `--period` takes a date or a longer period\n  help: the report of its date lists its hours: `--period {date}`"
                    )),
                    None => Fatal(format!(
                        "`--period {p}` is not a period such as `2026-03`, `2026-Q1`, `2026-W10`, `2026-03-02` or `2026`"
                    )),
                }
            })?;
            (Some(label.from), Some(label.to))
        }
        None => (args.from, args.to),
    };
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        return Err(Fatal(format!("`--to {t}` is before `--from {f}`")));
    }
    let cutoff = args
        .as_of
        .as_deref()
        .map(|t| as_of(t, rules.agreement.timezone))
        .transpose()?;

    let total: u64 = args
        .events
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok().map(|m| m.len()))
        .sum();
    let mut progress = Progress::new(total);
    let mut events = slate::eval::Events::default();
    events.due_attributes(slate::eval::due::attributes(&rules));
    events.set_threads(threads(args.threads));
    remove_partitions_when_interrupted();
    events.spill_over(
        args.memory,
        partitions(args.memory, &args.events),
        &std::env::temp_dir(),
    );
    for path in &args.events {
        let format = match (args.events_format, path.to_str()) {
            (Some(EventsFormat::Ndjson), _) => slate::eval::Format::Ndjson,
            (Some(EventsFormat::Csv), _) => slate::eval::Format::Csv,
            (None, Some("-")) => slate::eval::Format::Ndjson,
            (None, name) => name
                .and_then(slate::eval::Format::from_name)
                .ok_or_else(|| {
                    Fatal(format!(
                        "cannot tell the format of `{}` from its name; name it `.ndjson` or `.csv`, or pass `--events-format`",
                        path.display()
                    ))
                })?,
        };
        let base = progress.done;
        let mut show = |bytes: u64| progress.show(base + bytes, "reading events");
        read_events(path, &mut events, format, &mut show)?;
        progress.done = base + events_size(path);
    }
    // Grouped by item, duplicates found, and the records an objective
    // needs a number from without one made invalid, before anything is
    // decided on them; partition by partition when they were spilled.
    if events.partitions() > 0 {
        progress.stage("grouping partitions…");
    }
    check(&rules, &mut events, cutoff)?;
    if events.invalid_total > 0 && !args.skip_invalid {
        refuse_invalid(&events);
        progress.finish();
        return Ok(ExitCode::from(1));
    }
    let options = slate::eval::Options {
        as_of: cutoff,
        from,
        to,
        details: args.details,
        threads: threads(args.threads),
    };
    let bill = args
        .bill
        .as_deref()
        .map(|p| crate::bill::read(p, &rules))
        .transpose()?;
    progress.stage("evaluating…");
    let report = slate::eval::evaluate_billed(&rules, &events, bill.as_ref(), &options);
    progress.finish();
    let report = report.map_err(|e| match e {
        slate::eval::EvalError::Partition(_) => Fatal(format!("{e}\n  help: {CHANGED}")),
        _ => Fatal(e.to_string()),
    })?;
    if !args.skip_invalid && incomplete(&report) {
        return Ok(ExitCode::from(1));
    }
    let text = written(args.format, &report);
    match &args.output {
        Some(out) => write_whole(out, &text)?,
        None => emit(&text, None)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// On an interruption (Ctrl-C, `SIGTERM`, `SIGHUP`), removes the
/// temporary partitions this process made and exits with 128 and the
/// signal's number: a process stopped so drops nothing, and would leave
/// them behind. Returns once the signals are caught (or after a second,
/// if they cannot be).
fn remove_partitions_when_interrupted() {
    let (pid, parent) = (std::process::id(), std::env::temp_dir());
    let (ready, caught) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        let code = runtime.block_on(async move {
            let interruption = interruption();
            let _ = ready.send(());
            interruption.await
        });
        // The reading may still be making the partitions' files: removed
        // again until none is left (a file is made once, and only while
        // the directory is there), for at most a second.
        for _ in 0..100 {
            if slate::eval::events::remove_partitions_of(pid, &parent).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        std::process::exit(code);
    });
    let _ = caught.recv_timeout(std::time::Duration::from_secs(1));
}

/// Catches the interruptions, and waits for one: the exit code it calls
/// for (never, when none can be caught).
#[cfg(unix)]
fn interruption() -> impl std::future::Future<Output = i32> {
    use tokio::signal::unix::{Signal, SignalKind, signal};
    async fn next(s: &mut Option<Signal>) {
        match s {
            Some(s) => {
                s.recv().await;
            }
            None => std::future::pending().await,
        }
    }
    let mut int = signal(SignalKind::interrupt()).ok();
    let mut term = signal(SignalKind::terminate()).ok();
    let mut hup = signal(SignalKind::hangup()).ok();
    async move {
        tokio::select! {
            () = next(&mut int) => 130,
            () = next(&mut term) => 143,
            () = next(&mut hup) => 129,
        }
    }
}

/// Catches Ctrl-C, and waits for it: the exit code it calls for (never,
/// when it cannot be caught).
#[cfg(not(unix))]
fn interruption() -> impl std::future::Future<Output = i32> {
    async {
        match tokio::signal::ctrl_c().await {
            Ok(()) => 130,
            Err(_) => std::future::pending().await,
        }
    }
}

/// The records grouped and checked ([`slate::eval::check_records`]), or
/// why their temporary partitions failed, with what to do.
fn check(
    rules: &slate::rules::RuleSet,
    events: &mut slate::eval::Events,
    cutoff: Option<i64>,
) -> Result<(), Fatal> {
    slate::eval::check_records(rules, events, cutoff).map_err(|e| {
        use slate::eval::PartitionError as P;
        let help = match e {
            P::Create { .. } | P::Write { .. } => {
                "set `TMPDIR` to a directory with room for the records, or give `--memory` more"
            }
            P::Read { .. } | P::Unsettled => CHANGED,
        };
        Fatal(format!("{e}\n  help: {help}"))
    })
}

/// What to do when the temporary partitions are not as they were written.
const CHANGED: &str =
    "the temporary partitions changed while they were read; run the evaluation again";

/// Says the invalid records on standard error (the first 50), and that
/// nothing was evaluated.
fn refuse_invalid(events: &slate::eval::Events) {
    for i in events.invalid.iter().take(50) {
        // Shown as the text report shows it: no ESC reaches the terminal.
        eprintln!("error: {}", slate::eval::visible::visible(&i.to_string()));
    }
    let total = events.invalid_total;
    if total > 50 {
        eprintln!("error: … and {} more", total - 50);
    }
    eprintln!(
        "{total} invalid record{}: nothing was evaluated; fix them, or pass `--skip-invalid` to count and list them in the report",
        if total == 1 { "" } else { "s" }
    );
}

/// Whether some period's value cannot be computed from its data (its
/// verdict is unknown), each one said on standard error as invalid records
/// are: the evaluation is incomplete, and without `--skip-invalid` no
/// report is written.
fn incomplete(report: &slate::eval::Report) -> bool {
    let (mut n, mut unbilled) = (0_usize, 0_usize);
    for o in &report.objectives {
        for p in &o.periods {
            if let Some(why) = &p.unknown {
                let what = format!("objective `{}`, period `{}`: {why}", o.name, p.label);
                eprintln!("error: {}", slate::eval::visible::visible(&what));
                n += 1;
            }
        }
    }
    for st in &report.settlements {
        if let Some(why) = &st.unbilled {
            let what = format!(
                "{} of service `{}`, period `{}`: {why}",
                if st.kind == slate::eval::report::SettlementKind::Bonus {
                    "bonus"
                } else {
                    "credits"
                },
                st.service,
                st.period
            );
            eprintln!("error: {}", slate::eval::visible::visible(&what));
            unbilled += 1;
        }
    }
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    let mut what = Vec::new();
    if n > 0 {
        what.push(format!("{n} period{} without a value", plural(n)));
    }
    if unbilled > 0 {
        what.push(format!(
            "{unbilled} period{} not settled for want of a bill",
            plural(unbilled)
        ));
    }
    if !what.is_empty() {
        eprintln!(
            "{}: the evaluation is incomplete and no report was written; pass `--skip-invalid` to write the report with {} marked so",
            what.join(" and "),
            if n + unbilled == 1 { "it" } else { "them" },
        );
    }
    n + unbilled > 0
}

/// The report written in `format`.
fn written(format: ReportFormat, report: &slate::eval::Report) -> String {
    match format {
        ReportFormat::Text => slate::eval::to_text(report),
        ReportFormat::Json => slate::eval::to_json(report),
        ReportFormat::Md => slate::eval::to_markdown(report),
        ReportFormat::Html => slate::eval::to_html(report),
    }
}

/// The threads to use: as many as asked, or one per core.
pub(crate) fn threads(asked: Option<u16>) -> usize {
    asked.map_or_else(
        || std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        usize::from,
    )
}

/// Reads one event file (or standard input, for `-`) incrementally into
/// `events`; no line is held whole beyond the limit `slate::eval::events::MAX_LINE`.
fn read_events(
    path: &Path,
    events: &mut slate::eval::Events,
    format: slate::eval::Format,
    progress: &mut dyn FnMut(u64),
) -> Result<(), Fatal> {
    if path.to_str() == Some("-") {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        return events
            .read_from("<stdin>", &mut input, format, progress)
            .map_err(|e| Fatal(format!("cannot read standard input: {}", io_reason(&e))));
    }
    let name = path.display().to_string();
    let fail = |e: std::io::Error| Fatal(format!("cannot read `{name}`: {}", io_reason(&e)));
    let file = std::fs::File::open(path).map_err(fail)?;
    let mut input = std::io::BufReader::with_capacity(1 << 16, file);
    events
        .read_from(&name, &mut input, format, progress)
        .map_err(fail)
}

/// The size of an event file, for progress (0 for a stream).
fn events_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| if m.is_file() { m.len() } else { 0 })
}

pub(crate) use crate::output::write_whole;
