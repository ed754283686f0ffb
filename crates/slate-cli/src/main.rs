//! The `slate` command.
//!
//! Exit codes: 0 when clean (warnings allowed), 1 when an agreement has
//! errors, 2 for usage and I/O problems.

#![forbid(unsafe_code)]

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod bill;
mod eval;
mod monitor;
mod output;

/// Slate: a language and compiler for service level agreements.
#[derive(Parser)]
#[command(name = "slate", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Let imports and `extends` read files inside DIR (default: the working
    /// directory when the agreement lies inside it, otherwise the agreement's
    /// own directory).
    #[arg(long, global = true, value_name = "DIR")]
    import_root: Option<PathBuf>,
}

/// The `--import-root` given, if any, for every command that reads `.sla` files.
static IMPORT_ROOT: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();

#[derive(Subcommand)]
enum Command {
    /// Check agreements and report every problem found.
    Check {
        /// The `.sla` files to check (`-` reads standard input).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Render the contract document people sign.
    Render {
        /// The `.sla` file (`-` reads standard input).
        file: PathBuf,
        /// The format of the document.
        #[arg(long, value_enum)]
        to: DocFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Compile the executable rule set that monitoring engines run.
    Rules {
        /// The `.sla` file (`-` reads standard input).
        #[arg(required_unless_present = "schema")]
        file: Option<PathBuf>,
        /// The format of the rule set.
        #[arg(long, value_enum, default_value_t = RulesFormat::Json)]
        to: RulesFormat,
        /// Print the JSON Schema of the rule set instead.
        #[arg(long, conflicts_with = "file")]
        schema: bool,
        /// With `--to prometheus`: the share of a budget, in percent from 1 to
        /// 100, at which the alerts over `slate monitor`'s metrics say an
        /// objective is near breach [default: 75]. Keep it among the monitor's
        /// `--warn-at` shares.
        #[arg(long, value_name = "PERCENT", value_parser = near_breach)]
        near_breach: Option<slate::rules::prometheus::NearBreach>,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print the terms fingerprint (`slate-terms-v2:sha256:…`) that the contract document shows.
    Fingerprint {
        /// The `.sla` file (`-` reads standard input).
        file: PathBuf,
        /// Check this fingerprint instead (from a signed copy, of any encoding
        /// version); exit 1 when it does not match the file's terms.
        #[arg(long, value_name = "FINGERPRINT")]
        verify: Option<String>,
        /// Print the encoding of the terms that is hashed instead
        /// (`docs/fingerprint.md`): its SHA-256 is the fingerprint.
        #[arg(long, conflicts_with = "verify")]
        encoding: bool,
    },
    /// Rewrite agreements in the canonical layout (indentation, spacing, aligned values).
    Fmt {
        /// The `.sla` files to format in place (`-` formats standard input to standard output).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Change nothing; list the files that would change and exit 1 if any.
        #[arg(long)]
        check: bool,
    },
    /// Settle an agreement on event records: what was met, breached and owed.
    Eval(eval::EvalArgs),
    /// Serve one agreement's live monitor: metrics for Prometheus, open items, reports and a status page.
    Monitor(monitor::MonitorArgs),
    /// Run the language server for editors (Language Server Protocol over standard input and output).
    Lsp {
        /// Speak over standard input and output (the default and only transport; editors pass it).
        #[arg(long)]
        stdio: bool,
    },
    /// Print the checked Model of an agreement as JSON (for tools).
    Model {
        /// The `.sla` file (`-` reads standard input).
        file: PathBuf,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    /// The versioned JSON rule set, `slate.rules/v2` (documented in `docs/rules.md`).
    Json,
    /// A Prometheus rule file: recording rules, burn-rate and breach alerts, and alerts over `slate monitor`'s metrics.
    Prometheus,
    /// OpenSLO `openslo/v1` documents: services, SLIs, SLOs and burn-rate alert policies.
    Openslo,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DocFormat {
    /// Markdown.
    Md,
    /// One self-contained HTML page, ready to print to PDF.
    Html,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// miette's graphical report (colour only on a terminal).
    Human,
    /// A JSON array of diagnostics, documented in `docs/diagnostics/README.md`.
    Json,
}

/// A usage or I/O problem: exit 2.
struct Fatal(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _ = IMPORT_ROOT.set(cli.import_root.clone());
    let result = match cli.command {
        Command::Check {
            files,
            format,
            deny_warnings,
        } => check(&files, format, deny_warnings),
        Command::Model { file, output } => model(&file, output.as_ref()),
        Command::Lsp { stdio: _ } => slate_lsp::run_stdio(cli.import_root.as_deref())
            .map(|()| ExitCode::SUCCESS)
            .map_err(|e| Fatal(server_error(e))),
        Command::Eval(args) => eval::eval(&args),
        Command::Monitor(args) => monitor::monitor(&args),
        Command::Fmt { files, check } => fmt(&files, check),
        Command::Render { file, to, output } => render(&file, to, output.as_ref()),
        Command::Fingerprint {
            file,
            verify,
            encoding,
        } => fingerprint(&file, verify.as_deref(), encoding),
        Command::Rules {
            file,
            to,
            schema,
            near_breach,
            output,
        } => rules(file.as_ref(), to, schema, near_breach, output.as_ref()),
    };
    match result {
        Ok(code) => code,
        Err(Fatal(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Reads a source file as UTF-8 text: a regular file (or standard input,
/// `-`) of at most 16 MiB, never reading more than that.
#[expect(clippy::ptr_arg, reason = "its callers hold the `PathBuf`s clap gives")]
fn read(path: &PathBuf) -> Result<(String, String), Fatal> {
    use slate::files::ReadError;
    let name = path.display().to_string();
    let (name, result) = if name == "-" {
        let result = slate::files::read_bounded(std::io::stdin().lock());
        ("<stdin>".to_owned(), result)
    } else {
        (name, slate::files::read_regular(path))
    };
    result.map(|text| (name.clone(), text)).map_err(|e| {
        Fatal(match e {
            ReadError::Io(e) if name == "<stdin>" => {
                format!("cannot read standard input: {}", io_reason(&e))
            }
            ReadError::Io(e) => format!("cannot read `{name}`: {}", io_reason(&e)),
            ReadError::NotUtf8 { line, column, byte } => format!(
                "`{name}` is not valid UTF-8 (line {line}, column {column}, byte {byte}); save the file as UTF-8"
            ),
            other => format!("cannot read `{name}`: {other}"),
        })
    })
}

/// Where the files an agreement at `at` imports and extends are read
/// from: inside `--import-root`, or the default import root.
pub(crate) fn file_system(at: &std::path::Path) -> Result<slate::link::FileSystem, Fatal> {
    let root = IMPORT_ROOT.get().cloned().flatten();
    slate::link::FileSystem::for_agreement(at, root.as_deref()).map_err(|e| {
        Fatal(match &root {
            Some(dir) => format!(
                "cannot use `{}` as the import root: {}",
                dir.display(),
                io_reason(&e)
            ),
            None => format!("cannot find the import root: {}", io_reason(&e)),
        })
    })
}

/// Why the language server stopped, its I/O errors in [`io_reason`]'s words.
fn server_error(e: slate_lsp::ServerError) -> String {
    use slate_lsp::ServerError;
    match e {
        ServerError::ImportRoot { root, source } => format!(
            "language server: cannot use `{root}` as the import root: {}",
            io_reason(&source)
        ),
        ServerError::Output(e) => format!(
            "language server: cannot write to standard output: {}",
            io_reason(&e)
        ),
        other => format!("language server: {other}"),
    }
}

/// Why an I/O operation failed, in words from the error's kind: the same
/// on every system, never the system's own message with its error number
/// (`(os error 36)`). Every message of the command about an I/O error
/// says its reason through this.
fn io_reason(e: &std::io::Error) -> String {
    slate::words::io_reason(e)
}

/// Reads and checks the agreement at `path` with the files it imports and
/// extends; standard input (`-`) resolves paths from the current directory.
pub(crate) fn load(path: &PathBuf) -> Result<(String, slate::Checked), Fatal> {
    let (name, text) = read(path)?;
    let at = if name == "<stdin>" {
        std::path::Path::new("")
    } else {
        path.as_path()
    };
    Ok((name, slate::check_file(at, text, &file_system(at)?)))
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn check(files: &[PathBuf], format: Format, deny_warnings: bool) -> Result<ExitCode, Fatal> {
    let mut all_json = Vec::new();
    let (mut errors, mut warnings) = (0usize, 0usize);
    let mut human = String::new();
    let mut unreadable = false;
    let mut checked = 0usize;
    for path in files {
        // An unreadable file does not hide the diagnostics of the others.
        let (name, result) = match load(path) {
            Ok(source) => source,
            Err(Fatal(message)) => {
                eprintln!("error: {message}");
                unreadable = true;
                continue;
            }
        };
        checked += 1;
        let diagnostics = &result.diagnostics;
        errors += diagnostics.iter().filter(|d| d.is_error()).count();
        warnings += diagnostics.iter().filter(|d| !d.is_error()).count();
        match format {
            Format::Human => human.push_str(&result.human(diagnostics, &name, color())),
            Format::Json => {
                if let serde_json::Value::Array(items) = result.json(diagnostics, &name) {
                    all_json.extend(items);
                }
            }
        }
    }
    match format {
        Format::Human => {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "{human}");
            if checked > 0 {
                let _ = writeln!(err, "{}", summary(checked, errors, warnings));
            }
        }
        Format::Json => {
            let text = serde_json::to_string_pretty(&all_json).map_err(|e| Fatal(e.to_string()))?;
            println!("{text}");
        }
    }
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    Ok(if unreadable {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn summary(files: usize, errors: usize, warnings: usize) -> String {
    format!(
        "checked {}: {}, {}",
        plural(files, "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// Checks a file for a backend: prints its diagnostics on standard error and
/// returns the Model only when there are no errors.
fn checked_model(path: &PathBuf) -> Result<Option<slate::Model>, Fatal> {
    let (name, mut checked) = load(path)?;
    checked.diagnostics.extend(checked.agreement_needed());
    if !checked.diagnostics.is_empty() {
        eprint!("{}", checked.human(&checked.diagnostics, &name, color()));
    }
    Ok(checked.model)
}

/// Writes `text` to `output`, or to standard output.
fn emit(text: &str, output: Option<&PathBuf>) -> Result<(), Fatal> {
    match output {
        Some(out) => output::write_whole(out, text),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| {
                    Fatal(format!(
                        "cannot write to standard output: {}",
                        io_reason(&e)
                    ))
                })
        }
    }
}

fn render(path: &PathBuf, to: DocFormat, output: Option<&PathBuf>) -> Result<ExitCode, Fatal> {
    let Some(model) = checked_model(path)? else {
        return Ok(ExitCode::from(1));
    };
    let doc = match to {
        DocFormat::Md => slate::render::to_markdown(&model),
        DocFormat::Html => slate::render::to_html(&model),
    };
    emit(&doc, output)?;
    Ok(ExitCode::SUCCESS)
}

/// Reads `--near-breach`.
fn near_breach(text: &str) -> Result<slate::rules::prometheus::NearBreach, String> {
    slate::rules::prometheus::NearBreach::parse(text).map_err(|e| e.to_string())
}

fn rules(
    path: Option<&PathBuf>,
    to: RulesFormat,
    schema: bool,
    near_breach: Option<slate::rules::prometheus::NearBreach>,
    output: Option<&PathBuf>,
) -> Result<ExitCode, Fatal> {
    if near_breach.is_some() && (schema || to != RulesFormat::Prometheus) {
        return Err(Fatal(
            "`--near-breach` sets the alerts of `--to prometheus`; give it with that only"
                .to_owned(),
        ));
    }
    if schema {
        let mut text = serde_json::to_string_pretty(&slate::rules::schema())
            .map_err(|e| Fatal(e.to_string()))?;
        text.push('\n');
        emit(&text, output)?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(path) = path else {
        return Err(Fatal("give the `.sla` file to compile".to_owned()));
    };
    let (name, mut checked) = load(path)?;
    checked.diagnostics.extend(checked.agreement_needed());
    let (text, left_out) = slate::rules_for_with(
        &checked,
        match to {
            RulesFormat::Json => slate::RulesTarget::Json,
            RulesFormat::Prometheus => slate::RulesTarget::Prometheus,
            RulesFormat::Openslo => slate::RulesTarget::OpenSlo,
        },
        slate::RulesOptions {
            near_breach: near_breach.unwrap_or_default(),
        },
    );
    let mut diagnostics = checked.diagnostics.clone();
    diagnostics.extend(left_out);
    if !diagnostics.is_empty() {
        eprint!("{}", checked.human(&diagnostics, &name, color()));
    }
    let Some(text) = text else {
        return Ok(ExitCode::from(1));
    };
    emit(&text, output)?;
    Ok(ExitCode::SUCCESS)
}

fn fmt(files: &[PathBuf], check: bool) -> Result<ExitCode, Fatal> {
    let mut failed = false;
    for path in files {
        let (name, source) = read(path)?;
        let out = match slate::format(&source) {
            Ok(out) => out,
            Err(diagnostics) => {
                eprint!("{}", slate::human(&diagnostics, &name, &source, color()));
                eprintln!("`{name}` was not formatted");
                failed = true;
                continue;
            }
        };
        if path.to_str() == Some("-") {
            emit(&out, None)?;
        } else if out != source {
            if check {
                emit(&format!("{name}\n"), None)?;
                failed = true;
            } else {
                // `fmt` rewrites its input: through a link, the file the
                // link reaches is replaced, and the link stays.
                let real = match std::fs::symlink_metadata(path) {
                    Ok(meta) if meta.file_type().is_symlink() => {
                        std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())
                    }
                    _ => path.clone(),
                };
                output::write_whole(&real, &out)?;
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn fingerprint(path: &PathBuf, verify: Option<&str>, encoding: bool) -> Result<ExitCode, Fatal> {
    let Some(model) = checked_model(path)? else {
        return Ok(ExitCode::from(1));
    };
    if encoding {
        emit(&slate::terms::encode(&model), None)?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(claimed) = verify else {
        emit(&format!("{}\n", model.fingerprint()), None)?;
        return Ok(ExitCode::SUCCESS);
    };
    match slate::terms::verify(&model, claimed) {
        Some(version) => {
            emit(
                &format!(
                    "fingerprint matches: terms encoding version {}\n",
                    version.number()
                ),
                None,
            )?;
            if version.number() == 1 && model.lineage.is_some() {
                eprintln!(
                    "note: version 1 of the terms encoding does not cover what this agreement inherits (the agreements it extends, and what its overrides change and why): the document's account of them is not verified\n  help: the version-2 fingerprint `{}` covers them",
                    model.fingerprint()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        None => {
            eprintln!(
                "error: fingerprint `{}` does not match the terms of `{}`\n  help: these terms have the fingerprint `{}`",
                claimed.trim(),
                path.display(),
                model.fingerprint()
            );
            Ok(ExitCode::from(1))
        }
    }
}

fn model(path: &PathBuf, output: Option<&PathBuf>) -> Result<ExitCode, Fatal> {
    let Some(model) = checked_model(path)? else {
        return Ok(ExitCode::from(1));
    };
    let mut json = serde_json::to_string_pretty(&model).map_err(|e| Fatal(e.to_string()))?;
    json.push('\n');
    emit(&json, output)?;
    Ok(ExitCode::SUCCESS)
}
