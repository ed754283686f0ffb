//! `slate lsp` as an editor sees it: the real binary, spoken to in
//! JSON-RPC over its standard input and output.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a server that does not answer as it should is a failed test"
)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use slate_tests::{read, root, slate_binary};

/// How long any answer may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(30);

/// A language client over a child process's pipes.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for something else.
    notifications: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(slate_binary())
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start `slate lsp`");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            incoming,
            notifications: Vec::new(),
            next_id: 1,
        };
        let init = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": {} }),
        );
        let caps = &init["result"]["capabilities"];
        assert_eq!(caps["positionEncoding"], "utf-16");
        assert_eq!(caps["renameProvider"]["prepareProvider"], true);
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, msg: &Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn next(&mut self, deadline: Instant) -> Value {
        match self
            .incoming
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => panic!("no answer from the server in time"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// The whole response (`result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + PATIENCE;
        loop {
            let msg = self.next(deadline);
            if msg.get("id") == Some(&json!(id)) && msg.get("method").is_none() {
                return msg;
            }
            self.notifications.push(msg);
        }
    }

    /// The result of a request that must succeed.
    fn result(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    /// The next diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let deadline = Instant::now() + PATIENCE;
        let is_it = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        };
        if let Some(i) = self.notifications.iter().position(is_it) {
            let m = self.notifications.remove(i);
            return m["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
        }
        loop {
            let m = self.next(deadline);
            if is_it(&m) {
                return m["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
            self.notifications.push(m);
        }
    }

    fn shutdown(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert!(status.success(), "`slate lsp` exited with {status}");
                return;
            }
            assert!(Instant::now() < deadline, "`slate lsp` did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The next message from the server, as JSON: lsp-server's reader does the
/// `Content-Length` framing.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let message = slate_lsp::lsp_server::Message::read(reader).ok()??;
    serde_json::to_value(message).ok()
}

fn pos(line: usize, character: usize) -> Value {
    json!({ "line": line, "character": character })
}

/// The 0-based line and UTF-16 column of the first `needle` (plus `skip` bytes) in `text`.
fn find(text: &str, needle: &str, skip: usize) -> (usize, usize) {
    let at = text.find(needle).expect("needle in text") + skip;
    let before = &text[..at];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].encode_utf16().count())
}

fn at(uri: &str, (line, character): (usize, usize)) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": pos(line, character) })
}

fn open(client: &mut Client, uri: &str, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "slate", "version": 1, "text": text } }),
    );
}

fn labels(items: &Value) -> Vec<String> {
    items
        .as_array()
        .expect("completion items")
        .iter()
        .map(|i| i["label"].as_str().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn an_editing_session_on_an_example() {
    let text = read(&root().join("examples/support.sla"));
    let uri = "file:///work/support.sla";
    let mut c = Client::start();
    open(&mut c, uri, &text);
    assert_eq!(
        c.diagnostics(uri, 1),
        Vec::<Value>::new(),
        "the example is clean"
    );

    // An edit (incremental) misspells the calendar the service uses.
    let (line, col) = find(&text, "hours      support_hours", 11);
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{
                "range": { "start": pos(line, col), "end": pos(line, col + 7) },
                "text": "suport"
            }]
        }),
    );
    let diags = c.diagnostics(uri, 2);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d["code"], "slate::E0201");
    assert_eq!(d["severity"], 1);
    assert_eq!(
        d["codeDescription"]["href"],
        "https://example.invalid/slate/blob/main/docs/diagnostics/E0201.md"
    );
    assert_eq!(
        d["range"],
        json!({ "start": pos(line, col), "end": pos(line, col + 12) })
    );
    assert_eq!(
        d["message"],
        "undefined calendar `suport_hours`\nhelp: did you mean `support_hours`?"
    );

    // The quick fix puts the name right.
    let actions = c.result(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": pos(line, col + 2), "end": pos(line, col + 2) },
            "context": { "diagnostics": [d] }
        }),
    );
    let action = &actions[0];
    assert_eq!(
        action["title"],
        "Replace `suport_hours` with `support_hours`"
    );
    assert_eq!(action["kind"], "quickfix");
    let edit = &action["edit"]["changes"][uri][0];
    assert_eq!(edit["newText"], "support_hours");
    assert_eq!(edit["range"], d["range"]);

    // Applying it clears the diagnostics.
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 3 },
            "contentChanges": [{ "range": edit["range"], "text": "support_hours" }]
        }),
    );
    assert_eq!(c.diagnostics(uri, 3), Vec::<Value>::new());

    // Hover: a calendar's weekly hours, a goal in words, a party, a keyword.
    let hover = |c: &mut Client, p| {
        c.result("textDocument/hover", at(uri, p))["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    };
    let calendar = hover(&mut c, (line, col + 3));
    snapshot!("hover_calendar", calendar);
    let goal = hover(&mut c, find(&text, "goal    priority \"P2\"", 1));
    snapshot!("hover_goal", goal);
    let party = hover(&mut c, find(&text, "provider   kestrel", 12));
    snapshot!("hover_party", party);
    let keyword = hover(&mut c, find(&text, "review    every", 1));
    assert_eq!(
        keyword,
        "**`review every`**: How often the agreement is reviewed: `review every 3 months`."
    );

    // Definition and references of the calendar.
    let def = c.result("textDocument/definition", at(uri, (line, col + 3)));
    let (def_line, def_col) = find(&text, "calendar support_hours", 9);
    assert_eq!(def["uri"], uri);
    assert_eq!(def["range"]["start"], pos(def_line, def_col));
    let refs = c.result(
        "textDocument/references",
        json!({
            "textDocument": { "uri": uri },
            "position": pos(def_line, def_col),
            "context": { "includeDeclaration": true }
        }),
    );
    let lines: Vec<u64> = refs
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| l["range"]["start"]["line"].as_u64().unwrap_or(0) + 1)
        .collect();
    snapshot!("references_support_hours", format!("{lines:?}"));

    // Rename: prepared, done everywhere, and refused for a clash or a keyword.
    let prepared = c.result("textDocument/prepareRename", at(uri, (line, col + 3)));
    assert_eq!(prepared["placeholder"], "support_hours");
    let rename = |c: &mut Client, name: &str| {
        let mut params = at(uri, (line, col + 3));
        params["newName"] = json!(name);
        c.request("textDocument/rename", params)
    };
    let renamed = rename(&mut c, "desk_hours");
    let edits = renamed["result"]["changes"][uri].as_array().expect("edits");
    assert_eq!(edits.len(), lines.len());
    assert!(edits.iter().all(|e| e["newText"] == "desk_hours"));
    let clash = rename(&mut c, "kestrel");
    assert_eq!(clash["error"]["code"], -32803, "{clash}");
    assert!(
        clash["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("`kestrel` is already the name of a party")),
        "{clash}"
    );
    let keyword = rename(&mut c, "goal");
    assert_eq!(
        keyword["error"]["message"],
        "`goal` is a keyword of Slate and cannot be a name"
    );
    let invalid = rename(&mut c, "desk hours");
    assert!(invalid.get("error").is_some(), "{invalid}");

    // Completion: statements at the start of a line in an objective, and
    // the calendars after `clock`.
    let (goal_line, _) = find(&text, "goal    priority \"P2\"", 0);
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 4 },
            "contentChanges": [{
                "range": { "start": pos(goal_line, 0), "end": pos(goal_line, 0) },
                "text": "    \n    clock \n"
            }]
        }),
    );
    let keywords = labels(&c.result("textDocument/completion", at(uri, (goal_line, 4))));
    for k in [
        "service",
        "measure",
        "pause while",
        "clock",
        "goal",
        "target",
        "source prometheus",
    ] {
        assert!(keywords.contains(&k.to_owned()), "{k} in {keywords:?}");
    }
    assert!(!keywords.contains(&"role".to_owned()), "{keywords:?}");
    let calendars = labels(&c.result("textDocument/completion", at(uri, (goal_line + 1, 10))));
    assert_eq!(calendars, ["support_hours", "24x7"]);
    let (provider_line, _) = find(&text, "provider   kestrel", 0);
    let parties = labels(&c.result("textDocument/completion", at(uri, (provider_line, 15))));
    assert_eq!(parties, ["kestrel", "brenford"]);

    // The outline.
    let symbols = c.result(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    snapshot!("document_symbols", outline(&symbols, 0));
    c.shutdown();
}

/// Symbols as an indented list: name, detail and lines.
fn outline(symbols: &Value, depth: usize) -> String {
    let mut out = String::new();
    for s in symbols.as_array().into_iter().flatten() {
        out.push_str(&format!(
            "{}{} ({}) lines {}-{}\n",
            "  ".repeat(depth),
            s["name"].as_str().unwrap_or(""),
            s["detail"].as_str().unwrap_or(""),
            s["range"]["start"]["line"].as_u64().unwrap_or(0) + 1,
            s["range"]["end"]["line"].as_u64().unwrap_or(0) + 1,
        ));
        out.push_str(&outline(&s["children"], depth + 1));
    }
    out
}

#[test]
fn positions_count_utf16_code_units() {
    // `é` is one UTF-16 unit, `😀` two; the error comes after both.
    let text = "agreement \"Café 😀\" { owner nobody\n  timezone \"Europe/Lndon\" }\n";
    let uri = "file:///work/caf%C3%A9.sla";
    let mut c = Client::start();
    open(&mut c, uri, text);
    let diags = c.diagnostics(uri, 1);
    let owner = diags
        .iter()
        .find(|d| d["code"] == "slate::E0201")
        .expect("undefined party");
    // `agreement "Café 😀" { owner ` is 27 characters, 28 UTF-16 units and 31 bytes.
    assert_eq!(
        owner["range"],
        json!({ "start": pos(0, 28), "end": pos(0, 34) })
    );
    let zone = diags
        .iter()
        .find(|d| d["code"] == "slate::E0403")
        .expect("unknown time zone");
    assert_eq!(zone["range"]["start"], pos(1, 11));
    // The quick fix replaces the string, quotes included.
    let fix = c.result(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": zone["range"],
            "context": { "diagnostics": [] }
        }),
    );
    assert_eq!(
        fix[0]["edit"]["changes"][uri][0]["newText"],
        "\"Europe/London\""
    );
    // Hover on the name after the emoji.
    let hover = c.result("textDocument/hover", at(uri, (0, 30)));
    assert_eq!(
        hover["range"],
        json!({ "start": pos(0, 28), "end": pos(0, 34) })
    );
    c.shutdown();
}

#[test]
fn formatting_rewrites_the_layout_and_leaves_broken_files_alone() {
    let uri = "file:///work/f.sla";
    let mut c = Client::start();
    open(
        &mut c,
        uri,
        "agreement \"A\" {\n effective   2026-01-01\n}\n",
    );
    let edits = c.result(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(
        edits[0]["newText"],
        "agreement \"A\" {\n  effective 2026-01-01\n}\n"
    );
    assert_eq!(
        edits[0]["range"],
        json!({ "start": pos(0, 0), "end": pos(3, 0) })
    );
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "text": "agreement \"A\" {\n effectve   2026-01-01\n}\n" }]
        }),
    );
    let diags = c.diagnostics(uri, 2);
    assert_eq!(diags[0]["code"], "slate::E0101");
    let edits = c.result(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(edits, json!([]));
    // The misspelt keyword has a quick fix too.
    let fix = c.result(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": diags[0]["range"],
            "context": { "diagnostics": [] }
        }),
    );
    assert_eq!(fix[0]["edit"]["changes"][uri][0]["newText"], "effective");
    // Closing the document clears its diagnostics.
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let deadline = Instant::now() + PATIENCE;
    loop {
        let m = c.next(deadline);
        if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
            assert_eq!(m["params"]["diagnostics"], json!([]));
            break;
        }
    }
    // A request about a document that is not open is an error, not a crash.
    let r = c.request("textDocument/hover", at(uri, (0, 0)));
    assert!(r.get("error").is_some(), "{r}");
    c.shutdown();
}

/// A document that extends another file on disk is checked with it: the
/// multi-level example is clean, a mistake in the file it imports is shown
/// with its place in that file, and the outline is the document's own.
#[test]
fn documents_are_checked_with_the_files_they_import() {
    let mut client = Client::start();
    let acme = root().join("examples/multi-level/acme.sla");
    let uri = format!("file://{}", acme.display());
    open(&mut client, &uri, &read(&acme));
    assert_eq!(client.diagnostics(&uri, 1), Vec::<Value>::new());
    let symbols = client.result(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let names: Vec<&str> = symbols[0]["children"]
        .as_array()
        .expect("children")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    // Its own definitions and overrides, not the ones it inherits.
    assert_eq!(
        names,
        [
            "customer",
            "account_team",
            "first_response",
            "resolution",
            "credits for first_response",
            "friction_report"
        ]
    );

    let main = root().join("tests/data/link/E0401-error-in-import/main.sla");
    let uri = format!("file://{}", main.display());
    open(&mut client, &uri, &read(&main));
    let diagnostics = client.diagnostics(&uri, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "slate::E0401");
    assert!(
        d["message"].as_str().unwrap_or("").starts_with("in `"),
        "{d}"
    );
    let there = &d["relatedInformation"][0]["location"];
    assert!(
        there["uri"]
            .as_str()
            .unwrap_or("")
            .ends_with("tests/data/link/E0401-error-in-import/lib.sla"),
        "{there}"
    );
    assert_eq!(there["range"]["start"]["line"], 5);
    client.shutdown();
}

/// A file open in the editor is read as it stands in the editor, unsaved
/// edits included, by the documents that import it; an edit to it checks
/// them again.
#[test]
fn imports_are_read_from_open_buffers() {
    let dir = std::env::temp_dir().join(format!("slate-lsp-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let src = root().join("tests/data/link/ok-import-all");
    for f in ["lib.sla", "main.sla"] {
        std::fs::copy(src.join(f), dir.join(f)).expect("copy");
    }
    let main_uri = format!("file://{}", dir.join("main.sla").display());
    let lib_uri = format!("file://{}", dir.join("lib.sla").display());
    let mut client = Client::start();
    open(&mut client, &main_uri, &read(&dir.join("main.sla")));
    assert_eq!(client.diagnostics(&main_uri, 1), Vec::<Value>::new());
    // The library opened with a mistake not on disk: the importer sees it.
    let lib = read(&dir.join("lib.sla")).replace("09:00-17:00", "09:00-25:00");
    open(&mut client, &lib_uri, &lib);
    let lib_diagnostics = client.diagnostics(&lib_uri, 1);
    assert_eq!(lib_diagnostics.len(), 1, "{lib_diagnostics:?}");
    let main_diagnostics = client.diagnostics(&main_uri, 1);
    assert_eq!(main_diagnostics.len(), 1, "{main_diagnostics:?}");
    assert_eq!(main_diagnostics[0]["code"], "slate::E0404");
    assert!(
        main_diagnostics[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("lib.sla"),
        "{main_diagnostics:?}"
    );
    // Put right in the editor: the importer is clean again.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": lib_uri, "version": 2 },
            "contentChanges": [{ "text": read(&dir.join("lib.sla")) }]
        }),
    );
    assert_eq!(client.diagnostics(&lib_uri, 2), Vec::<Value>::new());
    assert_eq!(client.diagnostics(&main_uri, 1), Vec::<Value>::new());
    client.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Where `word` stands in `needle`: at its start, or after a space.
fn word_in(needle: &str, word: &str) -> usize {
    if needle.starts_with(&format!("{word} ")) {
        0
    } else {
        needle.find(&format!(" {word}")).expect("word in needle") + 1
    }
}

/// A remedy statement of issue 19 as tests/data/lsp/remedies.sla writes it.
struct Remedy {
    /// Text of the statement's line, unique in the file.
    line: &'static str,
    /// The word hovered.
    word: &'static str,
    /// How the hover begins: the words it explains and the statement.
    head: &'static str,
    /// What the hover says, from the grammar's doc comment.
    says: &'static str,
    /// The label completion offers on a new line of the block, and what
    /// its doc says; `None` for a part of a statement.
    offered: Option<(&'static str, &'static str)>,
}

const fn remedy(
    line: &'static str,
    word: &'static str,
    head: &'static str,
    says: &'static str,
    offered: Option<(&'static str, &'static str)>,
) -> Remedy {
    Remedy {
        line,
        word,
        head,
        says,
        offered,
    }
}

/// Each statement, with the word of it hovered. Statements that begin
/// alike (`per breach`, `per day late`, `per 4 hours … of downtime`, `per
/// second over …`) are told apart by the rest of their keywords; a part of
/// a statement with words of its own (`billed charges`, `or part thereof`,
/// `more than`, `of each breach`, a claim window's `on`) is explained
/// before the statement.
const REMEDIES: [Remedy; 24] = [
    remedy(
        "per   breach : 3% of monthly fee",
        "per",
        "**`per breach`**: ",
        "`per breach : 3% of monthly fee`",
        Some(("per breach", "`per breach : 3% of monthly fee`")),
    ),
    remedy(
        "per     4 hours or part thereof of downtime",
        "downtime",
        "**`downtime`** in `per`: A credit for each whole unit of downtime",
        "`per 4 hours of downtime : 1 day of monthly fee`; with `or part thereof`",
        Some(("per", "`per 4 hours of downtime : 1 day of monthly fee`")),
    ),
    remedy(
        "per     4 hours or part thereof of downtime",
        "part",
        "**`or part thereof`** in `per`: `or part thereof`: a unit begun counts",
        "`per 4 hours of downtime : 1 day of monthly fee`",
        None,
    ),
    remedy(
        "round   downtime to nearest 15 minutes",
        "nearest",
        "**`round downtime to nearest`**: ",
        "`round downtime to nearest 15 minutes`",
        Some((
            "round downtime to nearest",
            "`round downtime to nearest 15 minutes`",
        )),
    ),
    remedy(
        "per day late : USD 500.00",
        "per",
        "**`per`**: Delay damages",
        "`per day late : USD 500.00`",
        Some(("per", "`per day late : USD 500.00`")),
    ),
    remedy(
        "per hour late : USD 100.00",
        "late",
        "**`late`** in `per`: Delay damages",
        "`per hour late : USD 50.00`",
        Some(("per", "`per hour late : USD 50.00`")),
    ),
    remedy(
        "cap per item 100% of cost",
        "item",
        "**`cap per item`**: ",
        "`cap per item 100% of cost`",
        Some(("cap per item", "`cap per item 100% of cost`")),
    ),
    remedy(
        "fee      billed per month",
        "billed",
        "**`fee billed per`**: ",
        "`fee billed per month`",
        Some(("fee billed per", "`fee billed per month`")),
    ),
    remedy(
        "below 99.9% : 10% of billed charges",
        "charges",
        "**`billed charges`** in `below`: The charges billed",
        "`10% of billed charges`",
        Some(("below", "`below 99.9% : 10% of monthly fee`")),
    ),
    remedy(
        "minimum more than USD 1.00",
        "minimum",
        "**`minimum`**: ",
        "`minimum more than USD 1.00`",
        Some(("minimum", "`minimum more than USD 1.00`")),
    ),
    remedy(
        "minimum more than USD 1.00",
        "than",
        "**`more than`** in `minimum`: A minimum credit",
        "`more than USD 1.00`",
        None,
    ),
    remedy(
        "credit minimum at least USD 1.00",
        "minimum",
        "**`credit minimum`**: ",
        "`credit minimum at least USD 1.00`",
        Some(("credit minimum", "`credit minimum at least USD 1.00`")),
    ),
    remedy(
        "fee            per component USD 400.00 per month",
        "component",
        "**`fee per component`**: ",
        "`fee per component GBP 400.00 per month`",
        Some((
            "fee per component",
            "`fee per component GBP 400.00 per month`",
        )),
    ),
    remedy(
        "cap   per component 25% of fee",
        "cap",
        "**`cap per component`**: ",
        "`cap per component 100% of fee`",
        Some(("cap per component", "`cap per component 100% of fee`")),
    ),
    remedy(
        "per second over 30 seconds : USD 500.00",
        "over",
        "**`over`** in `per`: A remedy per whole unit",
        "(`per second over 30 seconds : USD 500.00`)",
        Some(("per", "(`per second over 30 seconds : USD 500.00`)")),
    ),
    remedy(
        "per second under 15 seconds : USD 500.00",
        "per",
        "**`per`**: A remedy per whole unit",
        "(`per second under 15 seconds : USD 500.00`)",
        Some(("per", "(`per second under 15 seconds : USD 500.00`)")),
    ),
    remedy(
        "round   value to whole seconds half even",
        "value",
        "**`round value to whole`**: ",
        "`round value to whole minutes half even`",
        Some((
            "round value to whole",
            "`round value to whole minutes half even`",
        )),
    ),
    remedy(
        "round   value to whole seconds half even",
        "half",
        "**`half`** in `round value to whole`: ",
        "`round value to whole minutes half even`",
        None,
    ),
    remedy(
        "claim within 5 business days on office_hours of each breach",
        "within",
        "**`claim within`**: ",
        "`claim within 5 business days on office_hours of each breach`",
        Some((
            "claim within",
            "`claim within 5 business days on office_hours of each breach`",
        )),
    ),
    remedy(
        "claim within 5 business days on office_hours of each breach",
        "on",
        "**`on`** in `claim within`: The calendar whose business days",
        "`claim within 5 business days on office_hours`",
        None,
    ),
    remedy(
        "claim within 5 business days on office_hours of each breach",
        "each",
        "**`of each breach`** in `claim within`: The words `of each breach`",
        "`claim within 5 business days on office_hours of each breach`",
        None,
    ),
    remedy(
        "claim   by the end of the 2nd month after the period",
        "end",
        "**`claim by the end of the`**: ",
        "`claim by the end of the 2nd month after the period`",
        Some((
            "claim by the end of the",
            "`claim by the end of the 2nd month after the period`",
        )),
    ),
    remedy(
        "for cause when downtime of uptime exceeds 7 hours in any 30 days",
        "for",
        "**`for cause when downtime of`**: ",
        "`for cause when downtime of uptime exceeds 7 hours in any 30 days`",
        Some((
            "for cause when downtime of",
            "`for cause when downtime of uptime exceeds 7 hours in any 30 days`",
        )),
    ),
    remedy(
        "for cause when downtime of uptime exceeds 7 hours in any 30 days",
        "exceeds",
        "**`exceeds`** in `for cause when downtime of`: ",
        "`for cause when downtime of uptime exceeds 7 hours in any 30 days`",
        None,
    ),
];

/// Every remedy statement of issue 19, in an agreement that checks clean:
/// hovering on a word of it gives the grammar's doc of its own statement
/// (or part), and a new line in its block offers its leading keywords with
/// that doc.
#[test]
fn remedy_statements_are_explained_and_offered() {
    let path = root().join("tests/data/lsp/remedies.sla");
    let text = read(&path);
    let uri = format!("file://{}", path.display());
    let mut c = Client::start();
    open(&mut c, &uri, &text);
    assert_eq!(c.diagnostics(&uri, 1), Vec::<Value>::new());
    for r in &REMEDIES {
        let (line, col) = find(&text, r.line, word_in(r.line, r.word));
        // The middle of the word.
        let hover = c.result("textDocument/hover", at(&uri, (line, col + 1)));
        let shown = hover["contents"]["value"].as_str().unwrap_or("");
        assert!(shown.starts_with(r.head), "{}: {shown}", r.word);
        assert!(shown.contains(r.says), "{}: {shown}", r.word);
        assert_eq!(
            hover["range"],
            json!({ "start": pos(line, col), "end": pos(line, col + r.word.len()) })
        );
    }
    // A new line after each statement: its block offers it.
    let mut edited = String::new();
    let mut blanks = Vec::new();
    for l in text.lines() {
        edited.push_str(l);
        edited.push('\n');
        if let Some(r) = REMEDIES.iter().find(|r| l.contains(r.line)) {
            blanks.push((r, edited.matches('\n').count()));
            edited.push_str("    \n");
        }
    }
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "text": edited }]
        }),
    );
    assert_eq!(c.diagnostics(&uri, 2), Vec::<Value>::new());
    let mut offered = 0;
    for r in REMEDIES.iter() {
        let Some((label, says)) = r.offered else {
            continue;
        };
        let (_, line) = blanks
            .iter()
            .find(|(b, _)| b.line == r.line)
            .expect("a new line after the statement");
        let items = c.result("textDocument/completion", at(&uri, (*line, 4)));
        let item = items
            .as_array()
            .expect("completion items")
            .iter()
            .find(|i| i["label"] == label)
            .unwrap_or_else(|| panic!("`{label}` not offered on line {line}: {items}"));
        let doc = item["documentation"]["value"].as_str().unwrap_or("");
        assert!(doc.contains(says), "`{label}`: {doc}");
        offered += 1;
    }
    assert_eq!(offered, 18, "one for each statement");
    c.shutdown();
}

/// The names the new statements use are names like any other: a claim
/// window's calendar and the objective of the rolling-window right go to
/// their definitions, are among their references, and are completed
/// where they are written. (Attributes, such as `cost` in `cap per item
/// 100% of cost`, are fields of the events, not names of the agreement:
/// nothing defines them to go to.)
#[test]
fn names_in_remedy_statements_resolve() {
    let path = root().join("tests/data/lsp/remedies.sla");
    let text = read(&path);
    let uri = format!("file://{}", path.display());
    let mut c = Client::start();
    open(&mut c, &uri, &text);
    for (used, word, defined) in [
        (
            "claim within 5 business days on office_hours",
            "office_hours",
            "calendar office_hours",
        ),
        (
            "for cause when downtime of uptime",
            "uptime",
            "objective uptime",
        ),
    ] {
        let place = find(&text, used, word_in(used, word) + 2);
        let def = c.result("textDocument/definition", at(&uri, place));
        assert_eq!(def["uri"], uri.as_str());
        let (line, col) = find(&text, defined, word_in(defined, word));
        assert_eq!(
            def["range"],
            json!({ "start": pos(line, col), "end": pos(line, col + word.len()) })
        );
        let refs = c.result(
            "textDocument/references",
            json!({
                "textDocument": { "uri": uri },
                "position": pos(line, col),
                "context": { "includeDeclaration": false }
            }),
        );
        let (use_line, use_col) = find(&text, used, word_in(used, word));
        assert!(
            refs.as_array()
                .expect("locations")
                .iter()
                .any(|l| l["range"]["start"] == pos(use_line, use_col)),
            "{word}: {refs}"
        );
        let hover = c.result("textDocument/hover", at(&uri, place));
        let shown = hover["contents"]["value"].as_str().unwrap_or("");
        let kind = defined.split(' ').next().unwrap_or("");
        assert!(
            shown.starts_with(&format!("**{kind}** `{word}`")),
            "{shown}"
        );
    }
    // Completion of the names: a calendar after the claim window's `on`,
    // an objective after `downtime of`.
    let edited = text
        .replace(
            "claim within 5 business days on office_hours of each breach",
            "claim within 5 business days on ",
        )
        .replace(
            "for cause when downtime of uptime exceeds 7 hours in any 30 days",
            "for cause when downtime of ",
        );
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "text": edited }]
        }),
    );
    let calendars = find(&edited, "claim within 5 business days on ", 32);
    assert_eq!(
        labels(&c.result("textDocument/completion", at(&uri, calendars))),
        ["office_hours", "24x7"]
    );
    let objectives = find(&edited, "for cause when downtime of ", 27);
    assert_eq!(
        labels(&c.result("textDocument/completion", at(&uri, objectives))),
        [
            "hosting_uptime",
            "line_uptime",
            "uptime",
            "response",
            "deliverables",
            "milestones",
            "asa"
        ]
    );
    c.shutdown();
}
