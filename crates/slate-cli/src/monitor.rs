//! `slate monitor`: one agreement's live monitor, serving metrics, open
//! items, reports and a status page over HTTP (docs/monitor.md).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use slate_monitor::clock::{Clock, ScaledClock, SystemClock};
use slate_monitor::routes::{Backend, Settings};
use slate_monitor::server::{self, ServeError};
use slate_monitor::state::Monitor;

use crate::{Fatal, io_reason};

/// `slate monitor`'s arguments.
#[derive(Args)]
pub(crate) struct MonitorArgs {
    /// The agreement: a `.sla` file or its JSON rule set.
    agreement: PathBuf,
    /// The state directory: the log of every record accepted (created if missing).
    #[arg(long, value_name = "DIR")]
    state: PathBuf,
    /// The address to listen on. Off loopback, `--token-file` is required.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:9477")]
    listen: String,
    /// A file holding the bearer token `POST /v1/events` needs (`Authorization: Bearer TOKEN`).
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// The shares of an item's budget to count items past, in percent (1 to 1000):
    /// `slate_open_items_over_share`. Keep the alert rules' `--near-breach` among them.
    #[arg(long, value_name = "PERCENTS", default_value = "50,75,100")]
    warn_at: String,
    /// The charges billed for services whose fee is billed, as `slate eval --bill` reads them.
    #[arg(long, value_name = "FILE")]
    bill: Option<PathBuf>,
    /// Start the monitor's clock at this instant (RFC 3339) instead of the machine's time: for tests and demos.
    #[arg(long, value_name = "RFC3339")]
    clock_start: Option<String>,
    /// Run the clock this many times faster than real time (with `--clock-start`).
    #[arg(long, value_name = "N", requires = "clock_start")]
    clock_rate: Option<u32>,
}

/// The monitor's state in `dir`, opened for the routes: its log replayed
/// and folded. A torn tail (a write a crash cut short, never
/// acknowledged) is cut off, and said.
/// A clock before the boundary the state was last folded at is refused
/// here, at start, rather than on every read after it.
fn open_state(
    rules: slate::rules::RuleSet,
    bill: Option<slate::eval::Bill>,
    dir: &std::path::Path,
    now: i64,
) -> Result<impl Backend, Fatal> {
    let monitor = Monitor::open(rules, bill, dir).map_err(|e| Fatal(e.to_string()))?;
    if let Some(torn) = monitor.torn() {
        eprintln!("slate monitor: {torn}");
    }
    monitor.check_clock(now).map_err(|e| Fatal(e.to_string()))?;
    Ok(monitor)
}

/// What the flags set, checked before anything is opened.
fn settings(args: &MonitorArgs) -> Result<(SocketAddr, Settings, Arc<dyn Clock>), Fatal> {
    let shown = |s: &str| slate::eval::visible::visible(s).into_owned();
    let addr: SocketAddr = args.listen.parse().map_err(|_| {
        Fatal(format!(
            "`--listen {}` is not an address such as `127.0.0.1:9477` or `[::1]:9477`",
            shown(&args.listen)
        ))
    })?;
    let warn_at = args
        .warn_at
        .parse()
        .map_err(|e: String| Fatal(format!("`--warn-at {}`: {e}", shown(&args.warn_at))))?;
    let token = args
        .token_file
        .as_deref()
        .map(|p| server::read_token(p, &io_reason))
        .transpose()
        .map_err(serve_error)?;
    server::check_exposure(addr, token.as_ref()).map_err(serve_error)?;
    let clock: Arc<dyn Clock> = match &args.clock_start {
        None => Arc::new(SystemClock),
        Some(t) => {
            let start = chrono::DateTime::parse_from_rfc3339(t).map_err(|_| {
                Fatal(format!(
                    "`--clock-start {}` is not an RFC 3339 timestamp such as `2026-03-02T09:00:00Z`",
                    shown(t)
                ))
            })?;
            let rate = args.clock_rate.unwrap_or(1);
            if rate == 0 {
                return Err(Fatal(
                    "`--clock-rate 0` would stop the clock; give a rate of 1 or more".to_owned(),
                ));
            }
            Arc::new(ScaledClock::new(start.timestamp(), rate))
        }
    };
    let settings = Settings {
        token,
        warn_at,
        ..Settings::default()
    };
    Ok((addr, settings, clock))
}

fn serve_error(e: ServeError) -> Fatal {
    Fatal(e.to_string())
}

pub(crate) fn monitor(args: &MonitorArgs) -> Result<ExitCode, Fatal> {
    let (addr, settings, clock) = settings(args)?;
    if args.agreement.as_os_str() == "-" {
        return Err(Fatal(
            "`slate monitor -`: the agreement is read from a file\n  help: save it as a `.sla` or `.json` file and give its name".to_owned(),
        ));
    }
    let Some(rules) = crate::eval::rule_set(&args.agreement)? else {
        return Ok(ExitCode::from(1));
    };
    let bill = args
        .bill
        .as_deref()
        .map(|p| crate::bill::read(p, &rules))
        .transpose()?;
    let title = slate::eval::visible::visible(&rules.agreement.title).into_owned();
    let backend = open_state(rules, bill, &args.state, clock.now())?;
    let app = slate_monitor::routes::router(backend, clock, settings);
    let state = slate::eval::visible::visible(&args.state.display().to_string()).into_owned();
    server::run(app, addr, |bound| {
        eprintln!("slate monitor: `{title}` on http://{bound}/ (state in `{state}`); stop with Ctrl-C or SIGTERM");
    })
    .map_err(serve_error)?;
    eprintln!("slate monitor: stopped");
    Ok(ExitCode::SUCCESS)
}
