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
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".slate-tmp");
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

/// Writes `text` into the existing file at `out` (a device or a pipe),
/// neither creating nor truncating anything.
fn write_into(out: &Path, text: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new().write(true).open(out)?;
    file.write_all(text.as_bytes())?;
    file.flush()
}
