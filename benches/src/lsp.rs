//! `slate-bench lsp`: how long after an edit `slate lsp` publishes the
//! diagnostics, through the real server (a child process spoken to over
//! stdio, as an editor does), against `slate::check` alone on the same texts
//! in the same run.
//!
//! The edits alternate between misspelling a service name in the middle of
//! the agreement (one `E0201`) and putting it right (no diagnostics), so each
//! edit changes what is published and is checked before the next is sent.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Usage of the subcommand.
pub const USAGE: &str = "slate-bench lsp SLATE_BINARY [EDITS [SERVICES OBJECTIVES SEED]]";

/// Runs the benchmark on `text` with `edits` edits and prints the figures.
pub fn run(binary: &str, edits: usize, text: &str) -> Result<(), String> {
    let lines: Vec<&str> = text.lines().collect();
    let (line, col) = lines
        .iter()
        .enumerate()
        .skip(lines.len() / 2)
        .find_map(|(i, l)| l.find("service svc_").map(|c| (i, c + "service sv".len())))
        .ok_or("the agreement has no `service svc_` line to edit")?;
    let mut child = Command::new(binary)
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start `{binary} lsp`: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        while let Some(m) = read_message(&mut reader) {
            if tx.send(m).is_err() {
                break;
            }
        }
    });
    let mut send = |msg: Value| -> Result<(), String> {
        let body = msg.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|()| stdin.flush())
            .map_err(|e| e.to_string())
    };
    let uri = "file:///bench/generated.sla";
    send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    )?;
    wait(&rx, |m| m["id"] == 1)?;
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}))?;
    let start = Instant::now();
    send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "slate", "version": 1, "text": text}
        }}),
    )?;
    let opened = wait(&rx, |m| is_diagnostics(m, 1))?;
    let open_time = start.elapsed();
    if opened["params"]["diagnostics"] != json!([]) {
        return Err(format!("the generated agreement is not clean: {opened}"));
    }

    let mut server = Vec::with_capacity(edits);
    for i in 0..edits {
        let version = i as i64 + 2;
        let wrong = i % 2 == 0;
        let start = Instant::now();
        send(
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{
                    "range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 1}},
                    "text": if wrong { "x" } else { "c" }
                }]
            }}),
        )?;
        let m = wait(&rx, |m| is_diagnostics(m, version))?;
        server.push(start.elapsed());
        let count = m["params"]["diagnostics"].as_array().map_or(0, Vec::len);
        if count != usize::from(wrong) {
            return Err(format!(
                "edit {i}: expected {} diagnostics, got {m}",
                usize::from(wrong)
            ));
        }
    }
    send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))?;
    wait(&rx, |m| m["id"] == 2)?;
    send(json!({"jsonrpc": "2.0", "method": "exit"}))?;
    let _ = child.wait();

    // The baseline: `slate::check` on the same texts, in this process.
    let wrong_text = edited(text, line, col);
    let mut check = Vec::with_capacity(edits);
    for i in 0..edits {
        let t = if i % 2 == 0 { &wrong_text } else { text };
        let start = Instant::now();
        let checked = slate::check(t);
        check.push(start.elapsed());
        std::hint::black_box(checked);
    }

    println!(
        "agreement: {} lines, {} bytes; edits: {edits} (line {})",
        lines.len(),
        text.len(),
        line + 1
    );
    println!("didOpen → publishDiagnostics: {}", ms(open_time));
    println!(
        "didChange → publishDiagnostics (slate lsp): median {}, p99 {}",
        ms(percentile(&mut server, 50.0)),
        ms(percentile(&mut server, 99.0))
    );
    println!(
        "slate::check alone (baseline):              median {}, p99 {}",
        ms(percentile(&mut check, 50.0)),
        ms(percentile(&mut check, 99.0))
    );
    Ok(())
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// The nearest-rank percentile.
fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let rank = ((p / 100.0) * samples.len() as f64).ceil() as usize;
    samples
        .get(rank.saturating_sub(1))
        .copied()
        .unwrap_or_default()
}

/// The text with the character at (line, col) replaced by `x`.
fn edited(text: &str, line: usize, col: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i == line {
            out.push_str(&l[..col]);
            out.push('x');
            out.push_str(&l[col + 1..]);
        } else {
            out.push_str(l);
        }
    }
    out
}

fn is_diagnostics(m: &Value, version: i64) -> bool {
    m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
}

fn wait(rx: &Receiver<Value>, what: impl Fn(&Value) -> bool) -> Result<Value, String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let m = rx
            .recv_timeout(left)
            .map_err(|e| format!("no answer from the server: {e}"))?;
        if what(&m) {
            return Ok(m);
        }
    }
}

/// The next message from the server, as JSON: lsp-server's reader does the
/// `Content-Length` framing.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let message = lsp_server::Message::read(reader).ok()??;
    serde_json::to_value(message).ok()
}
