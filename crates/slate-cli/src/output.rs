//! Writing `-o` files whole, or not at all.

use std::io::Write;
use std::path::Path;

use crate::{Fatal, io_reason};

/// Writes `text` to `out`. A regular file (or a name not yet taken) is
/// replaced atomically: `text` goes into a new temporary file beside it (an
/// unpredictable name, created exclusively, so nothing planted there is
/// followed or overwritten), then renamed over `out`. A reader sees the old
/// file or the new one, never a part; on any failure the temporary file is
/// removed and `out` is untouched. `out` itself is replaced, not written
/// through: a link at `out` becomes the new file. A file that existed keeps
/// its permissions; a new one gets the usual ones (read-write, less the umask).
/// The new file is a new inode: hard links to the old one keep the old
/// text, and its owner is whoever writes it. An existing regular file that
/// cannot be opened for writing (read-only) is refused, not replaced. The
/// temporary name has a fixed short shape (`.slate-` and six random characters, then `.tmp`), so a
/// target of any name that fits is written, and errors name the target,
/// never the temporary file.
///
/// A target that exists and, links followed, is not a regular file (a
/// device such as `/dev/null`, a named pipe, `/dev/stdout`) is written
/// into, never replaced: it is opened for writing without being created
/// or truncated.
pub(crate) fn write_whole(out: &Path, text: &str) -> Result<(), Fatal> {
    let fail = |e: std::io::Error| {
        Fatal(format!(
            "cannot write `{}`: {}",
            out.display(),
            io_reason(&e)
        ))
    };
    if names_a_descriptor(out) {
        // `/dev/stdout` and the like name an open descriptor, whatever it
        // is: never rename over the link in `/dev`.
        return write_into(out, text).map_err(fail);
    }
    if let Ok(meta) = std::fs::metadata(out) {
        if meta.is_dir() {
            return Err(fail(std::io::Error::from(std::io::ErrorKind::IsADirectory)));
        }
        if !meta.is_file() {
            return write_into(out, text).map_err(fail);
        }
    }
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if std::fs::symlink_metadata(out).is_ok_and(|m| m.is_file()) {
        // Replacing a read-only file would ignore its mode: it must be
        // writable as it is (opened for writing, nothing truncated).
        std::fs::OpenOptions::new()
            .write(true)
            .open(out)
            .map_err(fail)?;
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".slate-").suffix(".tmp").rand_bytes(6);
    #[cfg(unix)]
    let permissions = {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::symlink_metadata(out) {
            Ok(meta) if meta.is_file() => meta.permissions(),
            _ => std::fs::Permissions::from_mode(0o666),
        }
    };
    #[cfg(unix)]
    builder.permissions(permissions);
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(fail)?;
    tmp.persist(out).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Whether `out`, or a link it leads through, names an open descriptor
/// (`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`).
fn names_a_descriptor(out: &Path) -> bool {
    let mut path = out.to_path_buf();
    for _ in 0..40 {
        let parts: Vec<_> = path.components().map(|c| c.as_os_str()).collect();
        let descriptor = match parts.as_slice() {
            [_, dev, fd, ..] if *dev == "dev" && *fd == "fd" => true,
            [_, dev, name] if *dev == "dev" && (*name == "stdout" || *name == "stderr") => true,
            [_, proc, _, fd, ..] if *proc == "proc" && *fd == "fd" => true,
            _ => false,
        };
        if path.is_absolute() && descriptor {
            return true;
        }
        let Ok(next) = std::fs::read_link(&path) else {
            return false;
        };
        path = match path.parent() {
            Some(dir) => dir.join(next),
            None => next,
        };
    }
    false
}

/// Writes `text` into the existing file at `out` (a device, a pipe, or the
/// file an open descriptor names), neither creating nor truncating
/// anything: appended, so a descriptor opened to append keeps what it has.
fn write_into(out: &Path, text: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new().append(true).open(out)?;
    file.write_all(text.as_bytes())?;
    file.flush()
}
