//! Hostile files and streams: imports that try to read the machine, files
//! that never end or never answer, a language server fed broken frames, and
//! `-o` targets with planted links. Every run is bounded in time: a command
//! that hangs fails its test instead of hanging it.

#![cfg(unix)]
#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test that cannot set up its files or run the binary is a broken test"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long any one run may take before the test fails.
const LIMIT: Duration = Duration::from_secs(30);

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What a run printed, and how it ended.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Waits for `child`, killing it (and failing the test) after [`LIMIT`].
fn finish(mut child: Child, what: &str) -> Run {
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`slate {what}` did not finish within {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    Run {
        code: status.code(),
        stdout: text(out.join().unwrap_or_default()),
        stderr: text(err.join().unwrap_or_default()),
    }
}

/// The most address space a run may take, in KiB: a build that reads
/// without bound fails its test instead of exhausting the machine.
const MEMORY_KIB: u64 = 4 * 1024 * 1024;

/// Runs `slate args` in `dir` with `stdin`, bounded in time and memory.
fn slate_in(dir: &Path, args: &[&str], stdin: Option<Vec<u8>>) -> Run {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_slate"))
        .args(args)
        .current_dir(dir)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the slate binary runs");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin");
        // The child may stop reading early: a broken pipe is expected.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
    }
    finish(child, &args.join(" "))
}

/// What a person sees of `run`, for a snapshot: the exit code, standard
/// output and standard error, with the temporary folder `tmp` written
/// `[tmp]` so that the snapshot is the same on every machine.
fn transcript(run: &Run, tmp: &Path) -> String {
    let tmp = tmp.to_string_lossy();
    let show = |s: &str| s.replace(tmp.as_ref(), "[tmp]");
    let code = run
        .code
        .map_or_else(|| "none (killed by a signal)".to_owned(), |c| c.to_string());
    format!(
        "exit code: {code}\n--- stdout\n{}--- stderr\n{}",
        show(&run.stdout),
        show(&run.stderr)
    )
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create dir");
    }
    std::fs::write(path, text).expect("write file");
}

/// An agreement whose first lines are `imports`.
fn agreement(imports: &str) -> String {
    let base = std::fs::read_to_string(root().join("tests/data/link/E0701-missing-file/main.sla"))
        .expect("fixture");
    let body = base
        .get(base.find("agreement").expect("an agreement")..)
        .unwrap_or_default();
    format!("{imports}\n{body}")
}

/// Says on the terminal that a test (or part of one) is skipped, and why:
/// written to standard error directly, because the harness captures
/// `eprintln!` and shows it only for a failed test.
fn skipped(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}

/// Makes a FIFO at `path` with `mkfifo`; `false` (skipped) where there is
/// none, which CI does not allow.
fn mkfifo(path: &Path) -> bool {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have mkfifo (coreutils)"
        );
        skipped("no mkfifo on this machine (apt-get install coreutils)");
    }
    made
}

const SECRET: &str = "root:SECRET-HASH-7f3a:19000:0:99999:7:::\nTOKEN=do-not-print\n";

fn assert_no_secret(run: &Run) {
    for s in ["SECRET-HASH", "do-not-print"] {
        assert!(
            !run.stdout.contains(s) && !run.stderr.contains(s),
            "the output quotes the file:\n{}\n{}",
            run.stdout,
            run.stderr
        );
    }
}

/// Imports that climb out of the project, name absolute paths, follow a
/// link out, or name files that are not Slate are refused with codes, and
/// nothing of the files they name is printed, in either format.
#[test]
fn imports_do_not_read_the_machine() {
    let tmp = tempdir();
    let outside = tmp.path().join("outside");
    write(&outside.join("secret.sla"), SECRET);
    write(&outside.join("shadow"), SECRET);
    let proj = tmp.path().join("proj");
    write(&proj.join("inside/secret.sla"), SECRET);
    std::os::unix::fs::symlink(outside.join("secret.sla"), proj.join("link.sla")).expect("symlink");
    write(&proj.join("settings.py"), "party x {}\n");
    std::fs::create_dir_all(proj.join("or")).expect("dir");
    let link = |to: &str, at: &str| std::os::unix::fs::symlink(to, proj.join(at)).expect("symlink");
    link("/etc/passwd", "or/exists.sla");
    link("/etc/nonexistent.sla", "or/missing.sla");
    link("../../outside/none.sla", "or/relative.sla");
    link("gone.sla", "or/dangling.sla");
    std::fs::create_dir_all(proj.join("sub")).expect("dir");
    std::os::unix::fs::symlink("../settings.py", proj.join("sub/settings.sla")).expect("symlink");
    let cases = [
        ("import \"../outside/secret.sla\"", "climbs_out"),
        (
            "import \"../../../../../../../outside/shadow\"",
            "climbs_far_out",
        ),
        (
            "import \"../outside/shadow\"",
            "climbs_out_to_a_non_slate_file",
        ),
        ("import \"/proc/self/environ\"", "absolute_proc"),
        (
            &format!("import \"{}\"", outside.join("secret.sla").display()),
            "absolute_outside",
        ),
        ("import \"link.sla\"", "link_out"),
        ("import \"inside/secret.sla\"", "not_slate_inside"),
        ("import \"../outside/missing.sla\"", "climbs_out_to_nothing"),
        ("import \"sub/settings.sla\"", "link_to_a_non_slate_file"),
        ("import \"or/exists.sla\"", "link_to_etc_passwd"),
        ("import \"C:\\\\x.sla\"", "windows_drive"),
        ("import \"\\\\x.sla\"", "windows_share"),
        ("import \"or/missing.sla\"", "link_to_missing_etc"),
        ("import \"or/relative.sla\"", "relative_link_out"),
        ("import \"or/dangling.sla\"", "dangling_link"),
    ];
    for (import, name) in cases {
        write(&proj.join("main.sla"), &agreement(import));
        for format in ["human", "json"] {
            let run = slate_in(&proj, &["check", "--format", format, "main.sla"], None);
            assert_no_secret(&run);
            insta::assert_snapshot!(
                format!("import_{name}_{format}"),
                transcript(&run, tmp.path())
            );
        }
    }
    // Widened explicitly, the outside file is read, but it is not Slate: its
    // path alone is reported.
    write(
        &proj.join("main.sla"),
        &agreement("import \"../outside/secret.sla\""),
    );
    let run = slate_in(&proj, &["check", "--import-root", "..", "main.sla"], None);
    assert_no_secret(&run);
    insta::assert_snapshot!("import_widened_not_slate", transcript(&run, tmp.path()));
}

/// The default import root is the working directory when the agreement
/// lies inside it, so a customer's agreement extends the corporate one
/// beside its directory; run from inside `customers/`, it may not.
#[test]
fn the_default_import_root_is_the_project() {
    let tmp = tempdir();
    let proj = tmp.path().join("proj");
    let ml = root().join("examples/multi-level");
    let corporate = std::fs::read_to_string(ml.join("corporate.sla")).expect("corporate");
    let acme = std::fs::read_to_string(ml.join("acme.sla"))
        .expect("acme")
        .replace("extends \"corporate.sla\"", "extends \"../corporate.sla\"");
    assert!(acme.contains("../corporate.sla"));
    write(&proj.join("corporate.sla"), &corporate);
    write(&proj.join("customers/acme.sla"), &acme);
    let run = slate_in(&proj, &["check", "customers/acme.sla"], None);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let inside = proj.join("customers");
    let run = slate_in(&inside, &["check", "acme.sla"], None);
    insta::assert_snapshot!("root_from_inside", transcript(&run, tmp.path()));
    let run = slate_in(&inside, &["check", "--import-root", "..", "acme.sla"], None);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // Outside the working directory, the agreement's own directory is the root.
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).expect("dir");
    let acme_path = inside.join("acme.sla");
    let run = slate_in(
        &elsewhere,
        &["check", acme_path.to_str().expect("utf-8")],
        None,
    );
    insta::assert_snapshot!("root_from_elsewhere", transcript(&run, tmp.path()));
    // Run from `/` (as services and containers are), the root is still the
    // agreement's own directory, not the whole file system.
    let run = slate_in(
        Path::new("/"),
        &["check", acme_path.to_str().expect("utf-8")],
        None,
    );
    insta::assert_snapshot!("root_from_slash", transcript(&run, tmp.path()));
}

/// Devices, FIFOs and huge files, named on the command line or imported,
/// are refused at once with a short message: nothing blocks, nothing grows.
#[test]
fn devices_fifos_and_huge_files_are_refused_quickly() {
    let tmp = tempdir();
    let dir = tmp.path();
    let big = dir.join("big.sla");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(300 * 1024 * 1024))
        .expect("a sparse 300 MiB file");
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.sla")).expect("symlink");
    let fifo = mkfifo(&dir.join("fifo.sla"));
    let mut named = vec![("/dev/zero", "device"), ("big.sla", "huge_file")];
    if fifo {
        named.push(("fifo.sla", "fifo"));
    }
    for (file, name) in &named {
        let run = slate_in(dir, &["check", file], None);
        assert!(run.stderr.len() < 2000, "{file}: a long message");
        insta::assert_snapshot!(format!("named_{name}"), transcript(&run, dir));
    }
    let mut imported = vec![
        ("zero.sla", "link_to_device", &[][..]),
        ("zero.sla", "device", &["--import-root", "/"][..]),
        ("big.sla", "huge_file", &[][..]),
    ];
    if fifo {
        imported.push(("fifo.sla", "fifo", &[][..]));
    }
    for (file, name, extra) in imported {
        write(
            &dir.join("main.sla"),
            &agreement(&format!("import \"{file}\"")),
        );
        let mut args = vec!["check"];
        args.extend_from_slice(extra);
        args.push("main.sla");
        let run = slate_in(dir, &args, None);
        assert!(run.stderr.len() < 4000, "{file}: a long message");
        insta::assert_snapshot!(format!("imported_{name}"), transcript(&run, dir));
    }
    // Standard input is read up to the limit, and no further.
    // Its size is not known, only that it is larger than the limit.
    let run = slate_in(dir, &["check", "-"], Some(vec![b'/'; 40 * 1024 * 1024]));
    insta::assert_snapshot!("stdin_over_the_limit", transcript(&run, dir));
}

// ----------------------------------------------------------------------------
// `-o`

/// Every `-o` replaces its target atomically through a temporary file of
/// its own: a link planted where the old fixed temporary name was is not
/// followed, a link at the target is replaced (not written through), and no
/// temporary file is left behind.
#[test]
fn output_files_are_replaced_atomically_and_safely() {
    let tmp = tempdir();
    let dir = tmp.path();
    let support = root().join("examples/support.sla");
    let support = support.to_str().expect("utf-8");
    let events = root().join("examples/support.events.ndjson");
    let events = events.to_str().expect("utf-8");
    let commands: [(&str, Vec<&str>); 4] = [
        ("render.md", vec!["render", support, "--to", "md", "-o"]),
        ("rules.json", vec!["rules", support, "-o"]),
        ("model.json", vec!["model", support, "-o"]),
        (
            "report.txt",
            vec!["eval", support, "--events", events, "-o"],
        ),
    ];
    let victim = dir.join("victim.txt");
    for (target, args) in commands {
        write(&victim, "keep me\n");
        // A link at the temporary name the old code used, and one at the target.
        let planted = dir.join(format!(".{target}.slate-tmp"));
        std::os::unix::fs::symlink(&victim, &planted).expect("symlink");
        let out = dir.join(target);
        std::os::unix::fs::symlink(&victim, &out).expect("symlink");
        let mut args = args.clone();
        let out_arg = out.to_str().expect("utf-8").to_owned();
        args.push(&out_arg);
        let run = slate_in(dir, &args, None);
        assert_eq!(run.code, Some(0), "{target}: {}", run.stderr);
        assert_eq!(
            std::fs::read_to_string(&victim).expect("victim"),
            "keep me\n",
            "{target}: a link was followed"
        );
        let meta = std::fs::symlink_metadata(&out).expect("written");
        assert!(meta.is_file(), "{target}: the target is a new file");
        assert!(meta.len() > 0);
        std::fs::remove_file(&planted).expect("remove link");
        std::fs::remove_file(&out).expect("remove output");
    }
    let left: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "victim.txt")
        .collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
    // A write that fails leaves nothing behind, and the old file whole.
    let out = dir.join("kept.md");
    write(&out, "old\n");
    let missing = dir.join("no-such-dir/out.md");
    let run = slate_in(
        dir,
        &[
            "render",
            support,
            "--to",
            "md",
            "-o",
            missing.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(run.code, Some(2));
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), "old\n");
}

/// Renders `examples/support.sla` to Markdown with `-o out`, in `dir`.
fn render_to(dir: &Path, out: &str) -> Run {
    let support = root().join("examples/support.sla");
    let support = support.to_str().expect("utf-8");
    slate_in(dir, &["render", support, "--to", "md", "-o", out], None)
}

/// A target that is a device or a named pipe (links followed) is written
/// into, never replaced: a device node stays a device, `/dev/null` stays
/// `/dev/null`, a pipe's reader gets the text, and `-o /dev/stdout` prints.
#[test]
fn output_into_devices_and_pipes_writes_through() {
    use std::os::unix::fs::FileTypeExt;
    let tmp = tempdir();
    let dir = tmp.path();
    // A link to the real /dev/null: written through, and /dev/null stays.
    std::os::unix::fs::symlink("/dev/null", dir.join("null.md")).expect("symlink");
    let run = render_to(dir, "null.md");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let meta = std::fs::symlink_metadata(dir.join("null.md")).expect("link");
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    let null = std::fs::metadata("/dev/null").expect("/dev/null");
    assert!(null.file_type().is_char_device(), "/dev/null was replaced");
    // A device node of our own (root only: mknod needs the privilege).
    let made = Command::new("mknod")
        .args(["nulldev", "c", "1", "3"])
        .current_dir(dir)
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let run = render_to(dir, "nulldev");
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let meta = std::fs::symlink_metadata(dir.join("nulldev")).expect("device");
        assert!(meta.file_type().is_char_device(), "the device was replaced");
    } else {
        skipped("the device part of this test: mknod needs root");
    }
    // Standard output by name.
    let run = render_to(dir, "/dev/stdout");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.starts_with('#'), "{}", run.stdout);
    // Standard output redirected to a file, named through a link to
    // `/proc/self/fd/1`: written into, the link kept.
    std::os::unix::fs::symlink("/proc/self/fd/1", dir.join("stdout.md")).expect("symlink");
    let captured = dir.join("captured.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_slate"))
        .arg("render")
        .arg(root().join("examples/support.sla"))
        .args(["--to", "md", "-o", "stdout.md"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&captured).expect("capture"))
        .stderr(Stdio::null())
        .spawn()
        .expect("slate runs");
    let status = child.wait().expect("wait");
    assert!(status.success(), "-o through /proc/self/fd/1 failed");
    let meta = std::fs::symlink_metadata(dir.join("stdout.md")).expect("link");
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    let text = std::fs::read_to_string(&captured).expect("captured");
    assert!(text.starts_with('#'), "{text}");
    // A named pipe, read by a child.
    let fifo = dir.join("pipe.md");
    if mkfifo(&fifo) {
        let reader = Command::new("cat")
            .arg(&fifo)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cat runs");
        let run = render_to(dir, "pipe.md");
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let read = finish(reader, "(cat of the pipe)");
        assert!(read.stdout.starts_with('#'), "{}", read.stdout);
        let meta = std::fs::symlink_metadata(&fifo).expect("pipe");
        assert!(meta.file_type().is_fifo(), "the pipe was replaced");
    }
}

/// A read-only target is refused, not replaced behind its mode. Root may
/// write any mode, so as root the run drops to `nobody` (with `setpriv`)
/// in a directory anyone may write: replacing the file would succeed there.
#[test]
fn output_refuses_a_read_only_target() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempdir();
    let dir = tmp.path();
    let out = dir.join("locked.md");
    write(&out, "old\n");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let root_user = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let run = if root_user {
        let support = root().join("examples/support.sla");
        let spawned = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_slate"))
            .arg("render")
            .arg(&support)
            .args(["--to", "md", "-o", "locked.md"])
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let Ok(child) = spawned else {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must have setpriv (util-linux) to test as root"
            );
            skipped("running as root without setpriv (apt-get install util-linux)");
            return;
        };
        finish(child, "render -o locked.md (as nobody)")
    } else {
        render_to(dir, "locked.md")
    };
    insta::assert_snapshot!("write_read_only_file", transcript(&run, dir));
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), "old\n");
    let mode = std::fs::metadata(&out).expect("kept").permissions().mode();
    assert_eq!(mode & 0o777, 0o444);
}

/// The temporary file's name does not grow with the target's: a target
/// whose name is as long as names go is written, and one too long fails
/// naming the target, never the temporary file.
#[test]
fn output_names_of_any_length_fit() {
    let tmp = tempdir();
    let dir = tmp.path();
    let longest = format!("{}.md", "a".repeat(252));
    let run = render_to(dir, &longest);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(std::fs::metadata(dir.join(&longest)).is_ok_and(|m| m.len() > 0));
    let too_long = format!("{}.md", "b".repeat(253));
    let run = render_to(dir, &too_long);
    insta::assert_snapshot!("write_name_too_long", transcript(&run, dir));
    assert!(!run.stderr.contains(".slate-"), "{}", run.stderr);
    assert!(!run.stderr.contains(".tmp"), "{}", run.stderr);
    let left: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| *n != longest)
        .collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
}

/// `slate fmt` rewrites its input: through a link, the file the link
/// reaches is formatted and the link stays a link.
#[test]
fn fmt_through_a_link_formats_the_real_file() {
    let tmp = tempdir();
    let dir = tmp.path();
    let real = dir.join("real/agreement.sla");
    let text = std::fs::read_to_string(root().join("examples/support.sla")).expect("example");
    write(&real, &text.replace("\n}", "\n\n\n}"));
    let link = dir.join("link.sla");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let run = slate_in(dir, &["fmt", "link.sla"], None);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let meta = std::fs::symlink_metadata(&link).expect("link");
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    let run = slate_in(dir, &["fmt", "--check", "real/agreement.sla"], None);
    assert_eq!(run.code, Some(0), "the real file was not formatted");
}

// ----------------------------------------------------------------------------
// The language server

/// A running `slate lsp`, its frames read on a thread.
struct Server {
    child: Child,
    frames: mpsc::Receiver<serde_json::Value>,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_slate"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("slate lsp runs");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, frames) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; length];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let value = serde_json::from_slice(&body).unwrap_or_default();
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        Server { child, frames }
    }

    fn raw(&mut self, bytes: &[u8]) {
        let stdin = self.child.stdin.as_mut().expect("stdin");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    fn send(&mut self, msg: &serde_json::Value) {
        let body = msg.to_string();
        self.raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    /// The next frame for which `wanted` holds, within [`LIMIT`].
    fn wait_for(
        &self,
        what: &str,
        wanted: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let deadline = Instant::now() + LIMIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.frames.recv_timeout(left) {
                Ok(v) if wanted(&v) => return v,
                Ok(_) => {}
                Err(_) => panic!("the server did not send {what} within {LIMIT:?}"),
            }
        }
    }

    fn initialize(&mut self, root_uri: &str) {
        self.send(&serde_json::json!({
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": { "capabilities": {}, "rootUri": root_uri },
        }));
        self.wait_for("the initialize result", |v| v["id"] == 1);
        self.send(&serde_json::json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    }

    /// Shuts down and waits for the exit, within [`LIMIT`].
    fn stop(mut self) -> Option<i32> {
        self.send(&serde_json::json!({"jsonrpc": "2.0", "id": 99, "method": "shutdown"}));
        self.wait_for("the shutdown result", |v| v["id"] == 99);
        self.send(&serde_json::json!({"jsonrpc": "2.0", "method": "exit"}));
        drop(self.child.stdin.take());
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            if start.elapsed() > LIMIT {
                let _ = self.child.kill();
                panic!("the server did not exit");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A framed body that is not JSON, or not JSON-RPC, is answered with an
/// error and the server goes on; so is a frame too large to read.
#[test]
fn the_language_server_answers_broken_frames_and_goes_on() {
    let tmp = tempdir();
    let mut server = Server::start(tmp.path());
    server.raw(b"Content-Length: 7\r\n\r\n{\"id\":1");
    let err = server.wait_for("a parse error", |v| v.get("error").is_some());
    assert_eq!(err["error"]["code"], -32700, "{err}");
    assert!(err["id"].is_null(), "{err}");
    server.raw(b"Content-Length: 8\r\n\r\n{\"id\":5}");
    let err = server.wait_for("an invalid request", |v| v.get("error").is_some());
    assert_eq!(err["error"]["code"], -32600, "{err}");
    assert_eq!(err["id"], 5, "{err}");
    server.raw(b"Content-Length: not-a-number\r\n\r\n");
    server.wait_for("a header error", |v| v.get("error").is_some());
    let uri = format!("file://{}", tmp.path().display());
    server.initialize(&uri);
    assert_eq!(server.stop(), Some(0));

    // A frame that claims 99999999999 bytes is refused at once, not allocated.
    let mut server = Server::start(tmp.path());
    server.raw(b"Content-Length: 99999999999\r\n\r\n{}");
    let err = server.wait_for("a refusal", |v| v.get("error").is_some());
    assert_eq!(err["error"]["code"], -32600, "{err}");
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        server.child.try_wait().expect("wait").is_none(),
        "the server is still running"
    );
}

/// A bad length sent with a body (`Content-Length: -1` then `{}`), or two
/// lengths that disagree, is answered with a parse error, and the server
/// finds the next frame: every later message is still read.
#[test]
fn the_language_server_resynchronises_after_a_bad_length() {
    let tmp = tempdir();
    let mut server = Server::start(tmp.path());
    server.raw(b"Content-Length: -1\r\n\r\n{}");
    let err = server.wait_for("a parse error", |v| v.get("error").is_some());
    assert_eq!(err["error"]["code"], -32700, "{err}");
    server.raw(b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}x");
    let err = server.wait_for("a parse error", |v| v.get("error").is_some());
    assert_eq!(err["error"]["code"], -32700, "{err}");
    assert!(
        err["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("disagree")),
        "{err}"
    );
    let uri = format!("file://{}", tmp.path().display());
    server.initialize(&uri);
    assert_eq!(server.stop(), Some(0));
}

/// A document that imports a FIFO, or a file outside the workspace, gets
/// diagnostics at once: the server never blocks on a file.
#[test]
fn the_language_server_never_blocks_on_a_file() {
    let tmp = tempdir();
    let ws = tmp.path().join("ws");
    std::fs::create_dir_all(&ws).expect("dir");
    write(&tmp.path().join("secret.sla"), SECRET);
    let fifo = mkfifo(&ws.join("fifo.sla"));
    let mut imports = String::from("import \"../secret.sla\"\n");
    if fifo {
        imports.push_str("import \"fifo.sla\"\n");
    }
    let text = agreement(&imports);
    let doc = ws.join("main.sla");
    write(&doc, &text);
    let mut server = Server::start(&ws);
    server.initialize(&format!("file://{}", ws.display()));
    let uri = format!("file://{}", doc.display());
    server.send(&serde_json::json!({
        "jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": { "textDocument": {
            "uri": uri, "languageId": "slate", "version": 1, "text": text,
        }},
    }));
    let published = server.wait_for("diagnostics", |v| {
        v["method"] == "textDocument/publishDiagnostics"
    });
    let all = published.to_string();
    assert!(all.contains("E0711"), "{all}");
    if fifo {
        assert!(all.contains("E0713"), "{all}");
    }
    assert!(!all.contains("SECRET-HASH"), "{all}");
    assert_eq!(server.stop(), Some(0));
}
