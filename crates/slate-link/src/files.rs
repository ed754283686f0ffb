//! Reading `.sla` files without reading the machine: the import root that
//! imports and `extends` must stay inside, and bounded reads of regular
//! files only (no FIFO, device or directory is ever opened, and no read
//! takes more than [`MAX_SOURCE_BYTES`] and one byte).

use std::fmt;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use slate_syntax::ast::Text;
use slate_syntax::{Code, Diagnostic};

pub use slate_syntax::lower::MAX_SOURCE_BYTES;

/// Why a source file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// The operating system refused (no such file, permission denied, …).
    Io(std::io::Error),
    /// The file lies outside the import root (after following links).
    OutsideRoot {
        /// The import root.
        root: PathBuf,
    },
    /// Not a regular file: a directory, FIFO, socket or device.
    NotRegular {
        /// What it is, in words: `a directory`, `a named pipe`, ….
        what: &'static str,
    },
    /// Larger than [`MAX_SOURCE_BYTES`].
    TooLarge {
        /// Its size, or at least how much was there to read.
        bytes: u64,
    },
    /// Not UTF-8 text: the first byte that is not, counted from 0, and
    /// its line and column (from 1).
    NotUtf8 {
        /// The line.
        line: usize,
        /// The column.
        column: usize,
        /// The byte offset.
        byte: usize,
    },
    /// Text that does not begin like a Slate file ([`looks_like_slate`]).
    NotSlate,
    /// The file opened is not the one checked: it was swapped in between.
    Changed,
    /// The name is a `.sla` file's, but the file it reaches (links
    /// followed) is not named `.sla`.
    NotSla,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => match e.kind() {
                std::io::ErrorKind::NotFound => write!(f, "there is no such file"),
                std::io::ErrorKind::PermissionDenied => write!(f, "permission denied"),
                _ => write!(f, "{}", e.to_string().to_lowercase()),
            },
            ReadError::OutsideRoot { root } => {
                write!(f, "it lies outside the import root `{}`", root.display())
            }
            ReadError::NotRegular { what } => write!(f, "it is {what}, not a regular file"),
            // A bounded read stops one byte past the limit: its size is
            // not known, only that it is larger.
            ReadError::TooLarge { bytes } if *bytes <= MAX_SOURCE_BYTES as u64 + 1 => write!(
                f,
                "it is more than {0} MiB; Slate reads files of up to {0} MiB",
                MAX_SOURCE_BYTES / (1024 * 1024)
            ),
            ReadError::TooLarge { bytes } => write!(
                f,
                "it is {} MiB; Slate reads files of up to {} MiB",
                bytes.div_ceil(1024 * 1024),
                MAX_SOURCE_BYTES / (1024 * 1024)
            ),
            ReadError::NotUtf8 { line, column, byte } => write!(
                f,
                "it is not valid UTF-8 (line {line}, column {column}, byte {byte})"
            ),
            ReadError::NotSlate => write!(f, "it does not begin like a Slate file"),
            ReadError::Changed => write!(f, "it changed while it was being opened"),
            ReadError::NotSla => write!(f, "it leads to a file whose name does not end in `.sla`"),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// What a file that is not a regular file is, in words.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Checks that `meta` is a regular file of at most [`MAX_SOURCE_BYTES`].
fn check_metadata(meta: &std::fs::Metadata) -> Result<(), ReadError> {
    if !meta.is_file() {
        return Err(ReadError::NotRegular {
            what: kind_of(meta.file_type()),
        });
    }
    if meta.len() > MAX_SOURCE_BYTES as u64 {
        return Err(ReadError::TooLarge { bytes: meta.len() });
    }
    Ok(())
}

/// Reads at most [`MAX_SOURCE_BYTES`] from `reader`: more is
/// [`ReadError::TooLarge`], found after reading one byte past the limit,
/// never more. The text must be UTF-8.
pub fn read_bounded(reader: impl Read) -> Result<String, ReadError> {
    let limit = MAX_SOURCE_BYTES as u64;
    let mut bytes = Vec::new();
    reader.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let byte = e.utf8_error().valid_up_to();
        let (line, column) = slate_syntax::line_col(&String::from_utf8_lossy(e.as_bytes()), byte);
        ReadError::NotUtf8 { line, column, byte }
    })
}

/// Reads the regular file at `path` as UTF-8 text, bounded: the metadata
/// is checked before the file is opened (a FIFO or device is never
/// opened, so a read never blocks or runs forever), the opened file is
/// checked again, and at most [`MAX_SOURCE_BYTES`] and one byte are read.
pub fn read_regular(path: &Path) -> Result<String, ReadError> {
    read_bounded(open_regular(path)?)
}

/// Opens the regular file at `path` for reading: its metadata is checked
/// first, the file is opened non-blocking, and the opened file must be the
/// one checked (same device and inode) and still a regular file.
fn open_regular(path: &Path) -> Result<std::fs::File, ReadError> {
    let checked = std::fs::metadata(path)?;
    check_metadata(&checked)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        // Should the file be swapped for a FIFO between the check and the
        // open, opening it does not wait for a writer (O_NONBLOCK).
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let opened = file.metadata()?;
    check_metadata(&opened)?;
    if !same_file(&checked, &opened) {
        return Err(ReadError::Changed);
    }
    Ok(file)
}

/// Whether two metadata describe the same file (device and inode); true
/// where there are none to compare.
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        true
    }
}

/// Whether `text` looks like a Slate file: it holds no NUL byte, and
/// after blank lines and `//` comments, its first word starts a top-level
/// statement (`import`, `agreement`, `override`, `party`, `calendar`,
/// `service`, `objective`, `clause`), or there is no word at all. An
/// imported file that does not is not parsed, so none of its text is quoted
/// back in a diagnostic.
pub fn looks_like_slate(text: &str) -> bool {
    const STARTS: [&str; 8] = [
        "import",
        "agreement",
        "override",
        "party",
        "calendar",
        "service",
        "objective",
        "clause",
    ];
    if text.contains('\0') {
        return false;
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        let word: String = line
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let rest = line.get(word.len()..).unwrap_or_default();
        let ends = !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_');
        return ends && STARTS.contains(&word.as_str());
    }
    true
}

/// Whether an imported file's first top-level statement parses: no error
/// starts before the end of the first statement read, and one was read
/// (or the file has nothing to read). A Slate file with a mistake further
/// on keeps its precise diagnostics; a file that only begins with a Slate
/// word (`import os`, `party: x`, `service = "…"`) is not Slate.
pub(crate) fn first_statement_parses(parsed: &slate_syntax::Parsed) -> bool {
    use slate_syntax::ast::Item;
    let file = &parsed.file;
    let definitions = file.definitions.iter().filter_map(|item| match item {
        Item::Party(x) => Some(x.span),
        Item::Calendar(x) => Some(x.span),
        Item::Service(x) => Some(x.span),
        Item::Objective(x) => Some(x.span),
        Item::Clause(x) => Some(x.span),
        _ => None,
    });
    let first = file
        .imports
        .iter()
        .map(|i| i.span)
        .chain(file.agreements.iter().map(|a| a.span))
        .chain(definitions)
        .min_by_key(|span| span.start);
    let mut errors = parsed.diagnostics.iter().filter(|d| d.is_error());
    match first {
        Some(first) => errors.all(|d| d.span.start >= first.end),
        None => errors.next().is_none(),
    }
}

/// The directory imports and `extends` must stay inside, symbolic links
/// resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRoot(PathBuf);

impl ImportRoot {
    /// The directory `dir` (made absolute, links resolved) as the root.
    pub fn new(dir: &Path) -> std::io::Result<Self> {
        let canonical = std::fs::canonicalize(dir)?;
        if !std::fs::metadata(&canonical)?.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "not a directory",
            ));
        }
        Ok(ImportRoot(canonical))
    }

    /// The default root for the agreement at `root_file`: the working
    /// directory when the file lies inside it (so `customers/acme.sla` may
    /// extend `../corporate.sla`), otherwise the file's own directory.
    /// A working directory that is the file system's root (`/`, where
    /// services and containers run) is never the default: the file's own
    /// directory is. An agreement without a file (standard input, an empty
    /// path) has the working directory.
    pub fn default_for(root_file: &Path) -> std::io::Result<Self> {
        let cwd = std::fs::canonicalize(std::env::current_dir()?)?;
        let dir = match root_file.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if root_file.as_os_str().is_empty() {
            return Ok(ImportRoot(cwd));
        }
        let dir = std::fs::canonicalize(dir)?;
        let at_top = cwd.parent().is_none();
        Ok(if dir.starts_with(&cwd) && !at_top {
            ImportRoot(cwd)
        } else {
            ImportRoot(dir)
        })
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Whether the absolute, link-free `path` lies inside the root.
    pub fn contains(&self, path: &Path) -> bool {
        path.starts_with(&self.0)
    }

    /// Reads the regular file at `path` inside the root: the path is
    /// resolved and checked ([`ImportRoot::resolve`]), the file opened
    /// and checked again ([`read_regular`]), and the opened file must still
    /// lie inside the root ([`ImportRoot::holds_opened`]).
    pub fn read(&self, path: &Path) -> Result<String, ReadError> {
        let real = self.resolve(path)?;
        // A device or pipe is refused as such (before it is opened); a
        // regular file is then refused unread when its name is not `.sla`.
        let file = open_regular(&real)?;
        if !is_sla(&real) {
            return Err(ReadError::NotSla);
        }
        self.holds_opened(&file)?;
        read_bounded(file)
    }

    /// Checks that the opened `file` lies inside the root: the path the
    /// operating system gives for the open descriptor, so a link swapped in
    /// after [`ImportRoot::resolve`] checked the path is caught. Where
    /// there is no such path (not Linux, no `/proc`), the check of the
    /// resolved path stands alone.
    pub fn holds_opened(&self, file: &std::fs::File) -> Result<(), ReadError> {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let fd = format!("/proc/self/fd/{}", file.as_raw_fd());
            if let Ok(real) = std::fs::read_link(fd) {
                if !self.contains(&real) {
                    return Err(ReadError::OutsideRoot {
                        root: self.0.clone(),
                    });
                }
                if !is_sla(&real) {
                    return Err(ReadError::NotSla);
                }
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = file;
        Ok(())
    }

    /// `path` with links resolved, when it lies inside the root. A path
    /// outside the root is refused whether or not a file is there, so the
    /// answer says nothing about files outside it.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, ReadError> {
        let outside = || ReadError::OutsideRoot {
            root: self.0.clone(),
        };
        match std::fs::canonicalize(path) {
            Ok(canonical) if self.contains(&canonical) => Ok(canonical),
            Ok(_) => Err(outside()),
            Err(e) => {
                // Where the file would be: its nearest existing ancestor,
                // links resolved, and the rest of the path.
                let absolute = crate::normalize(&std::env::current_dir()?.join(path));
                // A dangling link is followed as far as it goes, read
                // lexically from its directory: where it points says
                // whether it leads out.
                let absolute = follow_dangling(absolute);
                let mut base = absolute.as_path();
                let resolved = loop {
                    if let Ok(c) = std::fs::canonicalize(base) {
                        break absolute
                            .strip_prefix(base)
                            .map(|rest| c.join(rest))
                            .unwrap_or(c);
                    }
                    match base.parent() {
                        Some(p) => base = p,
                        None => break absolute.clone(),
                    }
                };
                if self.contains(&crate::normalize(&resolved)) {
                    Err(e.into())
                } else {
                    Err(outside())
                }
            }
        }
    }
}

/// `path` with its last component's links followed, each read from the
/// link's own directory (links resolved), up to 40 links: where a link
/// that leads nowhere would lead.
fn follow_dangling(mut path: PathBuf) -> PathBuf {
    for _ in 0..40 {
        let Ok(next) = std::fs::read_link(&path) else {
            break;
        };
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        path = crate::normalize(&dir.join(next));
    }
    path
}

/// Reads files from the file system, inside an import root
/// ([`ImportRoot`]), bounded ([`read_regular`]).
#[derive(Clone, Debug)]
pub struct FileSystem {
    root: ImportRoot,
}

impl FileSystem {
    /// Reads files inside `root` only.
    pub fn new(root: ImportRoot) -> Self {
        FileSystem { root }
    }

    /// Reads files inside the default root of the agreement at
    /// `root_file` ([`ImportRoot::default_for`]), or inside `root` when
    /// one is given (`--import-root`).
    pub fn for_agreement(root_file: &Path, root: Option<&Path>) -> std::io::Result<Self> {
        Ok(FileSystem::new(match root {
            Some(dir) => ImportRoot::new(dir)?,
            None => ImportRoot::default_for(root_file)?,
        }))
    }

    /// The import root.
    pub fn root(&self) -> &ImportRoot {
        &self.root
    }
}

impl crate::Sources for FileSystem {
    fn read(&self, path: &Path) -> Result<String, ReadError> {
        self.root.read(path)
    }

    fn identity(&self, path: &Path) -> PathBuf {
        identity(path)
    }
}

/// Whether `path` names a `.sla` file.
fn is_sla(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "sla")
}

/// What identifies the file at `path` on the file system: its canonical
/// path, or the path itself when it has none (it does not exist).
pub fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Whether `path` is absolute on Windows, wherever Slate runs: it starts
/// with a drive letter (`C:\x.sla`, `C:x.sla`) or a backslash (`\x.sla`,
/// `\\server\share`).
fn windows_absolute(path: &str) -> bool {
    let mut chars = path.chars();
    let drive = matches!(
        (chars.next(), chars.next()),
        (Some(letter), Some(':')) if letter.is_ascii_alphabetic()
    );
    drive || path.starts_with('\\')
}

/// The diagnostic for an import or `extends` whose path may not be read
/// as written: an absolute path, or a file whose name does not end in
/// `.sla`. `None` when the path may be read.
pub(crate) fn refused_path(target: &Text) -> Option<Diagnostic> {
    let path = Path::new(&target.value);
    let absolute = path.has_root()
        || path.is_absolute()
        || matches!(path.components().next(), Some(Component::Prefix(_)))
        || windows_absolute(&target.value);
    if absolute {
        return Some(
            Diagnostic::new(
                Code::AbsoluteImport,
                target.span,
                format!("`{}` is an absolute path", target.value),
            )
            .label("absolute path")
            .help(
                "imports and `extends` name a file relative to the file that names them, \
                 inside the import root, such as `shared/calendars.sla`",
            ),
        );
    }
    if !is_sla(path) {
        return Some(
            Diagnostic::new(
                Code::ImportNotSla,
                target.span,
                format!("`{}` is not a `.sla` file", target.value),
            )
            .label("not a `.sla` file")
            .help("imports and `extends` read only Slate files, whose names end in `.sla`"),
        );
    }
    None
}

/// The diagnostic for an import or `extends` of `target` (at `path`,
/// relative to `dir`) that was not read, because of `why`. No text of the
/// file is quoted: only its path and what kind of thing it is.
pub(crate) fn refused(target: &Text, path: &Path, dir: &Path, why: &ReadError) -> Diagnostic {
    let shown = if path.as_os_str().is_empty() {
        target.value.clone()
    } else {
        path.display().to_string()
    };
    match why {
        ReadError::OutsideRoot { .. } | ReadError::Changed => Diagnostic::new(
            Code::ImportOutsideRoot,
            target.span,
            format!("`{}` is outside the import root", target.value),
        )
        .label("outside the import root")
        .help(
            "imports and `extends` stay inside the import root: the working directory when \
             the agreement lies inside it, otherwise the agreement's own directory (links \
             followed); move the file inside, or widen the root with `--import-root DIR`",
        ),
        ReadError::NotSla => Diagnostic::new(
            Code::ImportNotSla,
            target.span,
            format!(
                "`{}` leads to a file that is not a `.sla` file",
                target.value
            ),
        )
        .label("a link to a file that is not `.sla`")
        .help(
            "imports and `extends` read only Slate files, whose names end in `.sla`, \
             links followed; import the Slate file itself",
        ),
        ReadError::NotRegular { what } => Diagnostic::new(
            Code::NotRegularFile,
            target.span,
            format!("`{shown}` is {what}, not a regular file"),
        )
        .label("not a regular file")
        .help("imports and `extends` read only regular `.sla` files"),
        ReadError::TooLarge { .. } => Diagnostic::new(
            Code::FileTooLarge,
            target.span,
            format!("`{shown}` is too large: {why}"),
        )
        .label("too large to read")
        .help("split the agreement into smaller files, or check that this is the file you meant"),
        ReadError::NotUtf8 { .. } | ReadError::NotSlate => Diagnostic::new(
            Code::NotSlateFile,
            target.span,
            format!("`{shown}` is not a Slate file"),
        )
        .label("not a Slate file")
        .help(
            "a Slate file is UTF-8 text whose first statement, after comments, is a whole \
             `import`, `agreement` or definition such as `calendar`; check that this is the \
             file you meant",
        ),
        ReadError::Io(_) => Diagnostic::new(
            Code::UnreadableFile,
            target.span,
            format!("cannot read `{shown}`: {why}"),
        )
        .label("this file")
        .help(format!(
            "a path is relative to the file that names it, here `{}`",
            if dir.as_os_str().is_empty() {
                ".".to_owned()
            } else {
                dir.display().to_string()
            }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slate_files_are_told_from_others() {
        assert!(looks_like_slate(""));
        assert!(looks_like_slate("// only a comment\n\n"));
        assert!(looks_like_slate("\u{feff}import \"a.sla\"\n"));
        assert!(looks_like_slate("  calendar office_hours \"Office\" {\n"));
        assert!(looks_like_slate("agreement \"A\" {"));
        assert!(!looks_like_slate("root:$6$salt$hash:19000:0:99999:7:::\n"));
        assert!(!looks_like_slate("PATH=/usr/bin\n"));
        assert!(!looks_like_slate("agreements are fine\n"));
        assert!(!looks_like_slate("importer\n"));
    }

    #[test]
    fn an_opened_file_outside_the_root_is_refused() {
        let tmp = std::env::temp_dir().join(format!("slate-fd-{}", std::process::id()));
        let inside = tmp.join("root");
        let _ = std::fs::create_dir_all(&inside);
        let outside = tmp.join("secret.sla");
        let _ = std::fs::write(&outside, "party x {}\n");
        let _ = std::fs::write(inside.join("lib.sla"), "party x {}\n");
        let root = ImportRoot::new(&inside).ok();
        let far = open_regular(&outside).ok();
        let near = open_regular(&inside.join("lib.sla")).ok();
        let meta = |p: &Path| std::fs::metadata(p).ok();
        let (a, b) = (meta(&outside), meta(&inside.join("lib.sla")));
        let (Some(root), Some(far), Some(near), Some(a), Some(b)) = (root, far, near, a, b) else {
            panic!("the test files could not be made");
        };
        #[cfg(target_os = "linux")]
        assert!(matches!(
            root.holds_opened(&far),
            Err(ReadError::OutsideRoot { .. })
        ));
        assert!(root.holds_opened(&near).is_ok());
        let _ = std::fs::remove_dir_all(&tmp);
        assert!(same_file(&a, &a));
        #[cfg(unix)]
        assert!(!same_file(&a, &b));
    }

    #[test]
    fn a_first_statement_that_does_not_parse_is_not_slate() {
        let slate = |text: &str| first_statement_parses(&slate_syntax::parse(text));
        assert!(!slate("import os\nimport sys\n"));
        assert!(!slate("party: x\nservice: y\n"));
        assert!(!slate("service = \"sk_live_123\"\n"));
        assert!(!slate("import \"a.sla\" junk junk\n"));
        assert!(slate(""));
        assert!(slate("// a comment\n"));
        assert!(slate("import \"a.sla\"\n"));
        assert!(slate("import \"a.sla\"\nparty: x\n"));
    }

    #[test]
    fn windows_paths_are_absolute() {
        assert!(windows_absolute("C:\\x.sla"));
        assert!(windows_absolute("c:x.sla"));
        assert!(windows_absolute("\\x.sla"));
        assert!(windows_absolute("\\\\server\\share\\x.sla"));
        assert!(!windows_absolute("x.sla"));
        assert!(!windows_absolute("shared/c.sla"));
    }

    #[test]
    fn reads_are_bounded() {
        let big = std::io::repeat(b'a').take(MAX_SOURCE_BYTES as u64 * 4);
        assert!(matches!(
            read_bounded(big),
            Err(ReadError::TooLarge { bytes }) if bytes == MAX_SOURCE_BYTES as u64 + 1
        ));
        assert!(matches!(
            read_bounded(&b"a\n\xff"[..]),
            Err(ReadError::NotUtf8 {
                line: 2,
                column: 1,
                byte: 2
            })
        ));
        let why = read_bounded(std::io::repeat(b'a').take(40 << 20)).err();
        let said = why.map(|e| e.to_string()).unwrap_or_default();
        assert!(said.starts_with("it is more than 16 MiB"), "{said}");
        assert!(!looks_like_slate("party\0"));
        assert_eq!(read_bounded(&b"party"[..]).ok().as_deref(), Some("party"));
    }
}
