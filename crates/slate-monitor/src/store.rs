//! The monitor's store: `DIR/events.log`, an append-only log of framed
//! batches, fsync'd before a batch is acknowledged, and the lock that keeps
//! a second monitor off the same directory.
//!
//! ```text
//!  file   = MAGIC frame*
//!  frame  = "slf1" len:u32le payload_xxh3:u64le header_xxh3:u32le payload
//!  payload = (line "\n")*      the accepted records' lines, as sent
//! ```
//!
//! `payload_xxh3` is XXH3-64 of the payload, `header_xxh3` the low 32 bits
//! of XXH3-64 of the 16 header bytes before it, so a damaged length is
//! caught before it is trusted. A damaged frame that no whole frame
//! follows is the torn tail of a write never acknowledged (the monitor
//! fsyncs before it replies, and writes one frame at a time): it is cut. A
//! damaged frame that a whole frame follows is corruption: the monitor
//! does not start.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::xxh3_64;

use crate::error::MonitorError;

/// The first bytes of a log: what it is, and its format's version.
const MAGIC: &[u8; 16] = b"slate-monitor-1\n";

/// The first bytes of every frame.
const FRAME: &[u8; 4] = b"slf1";

/// A frame's header: marker, length, payload checksum, header checksum.
pub(crate) const HEADER: usize = 20;

/// The largest batch the monitor takes, in bytes: 16 MiB. A frame's
/// payload is at most this long (it holds some of the batch's lines).
pub const MAX_BATCH: usize = 16 << 20;

/// The log's file name in the state directory.
pub(crate) const LOG: &str = "events.log";

/// The lock's file name in the state directory.
const LOCK: &str = "lock";

/// A torn last frame cut off on opening: a write the monitor never
/// acknowledged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TornTail {
    /// Where the cut frame started, in bytes from the start of the log.
    pub offset: u64,
    /// How many bytes were cut.
    pub bytes: u64,
}

impl std::fmt::Display for TornTail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cut {} bytes at the end of `{LOG}` (from byte {}): a batch whose write a crash interrupted, never acknowledged",
            self.bytes, self.offset
        )
    }
}

/// The framed log, open for appending.
#[derive(Debug)]
pub(crate) struct Log {
    path: PathBuf,
    file: File,
    /// The length of its whole frames: where the next frame goes.
    len: u64,
}

/// Wraps an I/O error with what was being done and to which file.
pub(crate) fn io(what: &'static str, path: &Path) -> impl Fn(std::io::Error) -> MonitorError {
    let path = path.to_path_buf();
    move |source| MonitorError::Io {
        what,
        path: path.clone(),
        source,
    }
}

/// A frame's header bytes for `payload`.
fn header(payload: &[u8]) -> Result<[u8; HEADER], MonitorError> {
    let len = u32::try_from(payload.len()).map_err(|_| MonitorError::TooLarge)?;
    let mut h = [0_u8; HEADER];
    let (head, check) = h.split_at_mut(16);
    let (marker, rest) = head.split_at_mut(4);
    marker.copy_from_slice(FRAME);
    let (length, sum) = rest.split_at_mut(4);
    length.copy_from_slice(&len.to_le_bytes());
    sum.copy_from_slice(&xxh3_64(payload).to_le_bytes());
    check.copy_from_slice(&header_check(head));
    Ok(h)
}

/// The check of a header's first 16 bytes: the low 32 bits of their XXH3-64.
fn header_check(head: &[u8]) -> [u8; 4] {
    let [a, b, c, d, ..] = xxh3_64(head).to_le_bytes();
    [a, b, c, d]
}

/// What a header says: the payload's length and checksum, or why it
/// cannot be trusted.
fn read_header(h: &[u8; HEADER]) -> Result<(usize, u64), &'static str> {
    let (head, check) = h.split_at(16);
    if head.get(..4) != Some(FRAME.as_slice()) || check != header_check(head) {
        return Err("a frame header is damaged");
    }
    let word = |from: usize, to: usize| head.get(from..to).unwrap_or_default();
    let len = u32::from_le_bytes(word(4, 8).try_into().unwrap_or_default()) as usize;
    let sum = u64::from_le_bytes(word(8, 16).try_into().unwrap_or_default());
    if len > MAX_BATCH {
        return Err("a frame header states a length over the largest batch");
    }
    Ok((len, sum))
}

/// The whole frames of a log, one at a time, from `offset` up to `end`.
pub(crate) struct Frames {
    file: File,
    /// Where the next frame starts.
    pub(crate) offset: u64,
    end: u64,
}

/// A frame that cannot be read whole: where it starts and why.
#[derive(Debug)]
pub(crate) struct Damaged {
    pub(crate) offset: u64,
    pub(crate) why: &'static str,
}

impl Frames {
    /// The frames of the log at `path`, from its first up to byte `end`.
    pub(crate) fn open(path: &Path, end: u64) -> Result<Frames, MonitorError> {
        let mut file = File::open(path).map_err(io("open", path))?;
        let mut magic = [0_u8; MAGIC.len()];
        let whole = file.read_exact(&mut magic).is_ok();
        if !whole || &magic != MAGIC {
            return Err(MonitorError::NotALog {
                path: path.to_path_buf(),
            });
        }
        Ok(Frames {
            file,
            offset: MAGIC.len() as u64,
            end,
        })
    }

    /// The next whole frame's payload, appended to `buf` (cleared first);
    /// `Ok(false)` at the end.
    pub(crate) fn next_into(
        &mut self,
        buf: &mut Vec<u8>,
    ) -> Result<Result<bool, Damaged>, std::io::Error> {
        buf.clear();
        if self.offset >= self.end {
            return Ok(Ok(false));
        }
        let damaged = |why| Ok(Err(Damaged { offset: 0, why }));
        let start = self.offset;
        let at = |r: Result<Result<bool, Damaged>, std::io::Error>| match r {
            Ok(Err(d)) => Ok(Err(Damaged { offset: start, ..d })),
            other => other,
        };
        if self.end - start < HEADER as u64 {
            return at(damaged("the log ends inside a frame header"));
        }
        let mut h = [0_u8; HEADER];
        self.file.seek(SeekFrom::Start(start))?;
        self.file.read_exact(&mut h)?;
        let (len, sum) = match read_header(&h) {
            Ok(x) => x,
            Err(why) => return at(damaged(why)),
        };
        if self.end - start - (HEADER as u64) < len as u64 {
            return at(damaged("the log ends inside a frame"));
        }
        buf.resize(len, 0);
        self.file.read_exact(buf)?;
        if xxh3_64(buf) != sum {
            return at(damaged("a frame's checksum does not match its records"));
        }
        self.offset = start + (HEADER + len) as u64;
        Ok(Ok(true))
    }

    /// Whether a whole frame starts anywhere after `from` (a damaged frame
    /// followed by a whole one is corruption, not a torn tail).
    fn whole_frame_after(&mut self, from: u64) -> Result<bool, std::io::Error> {
        let mut rest = Vec::new();
        self.file.seek(SeekFrom::Start(from + 1))?;
        (&mut self.file)
            .take(self.end.saturating_sub(from + 1))
            .read_to_end(&mut rest)?;
        let mut at = 0;
        while let Some(found) = rest
            .get(at..)
            .and_then(|r| r.windows(FRAME.len()).position(|w| w == FRAME))
        {
            let start = at + found;
            at = start + 1;
            let Some(h) = rest
                .get(start..start + HEADER)
                .and_then(|h| <[u8; HEADER]>::try_from(h).ok())
            else {
                continue;
            };
            let Ok((len, sum)) = read_header(&h) else {
                continue;
            };
            let payload = rest.get(start + HEADER..start + HEADER + len);
            if payload.is_some_and(|p| xxh3_64(p) == sum) {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// The payloads of a log's frames as one stream: the records' lines in
/// the order they were stored, as `slate eval` reads one NDJSON file.
pub(crate) struct Replay {
    frames: Frames,
    buf: Vec<u8>,
    at: usize,
}

impl Replay {
    pub(crate) fn new(frames: Frames) -> Replay {
        Replay {
            frames,
            buf: Vec::new(),
            at: 0,
        }
    }
}

impl Read for Replay {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at >= self.buf.len() {
            self.at = 0;
            match self.frames.next_into(&mut self.buf)? {
                Ok(true) => {}
                Ok(false) => return Ok(0),
                // Opening verified every frame up to the end it reads to.
                Err(d) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("{} at byte {}", d.why, d.offset),
                    ));
                }
            }
        }
        let rest = self.buf.get(self.at..).unwrap_or_default();
        let n = rest.len().min(out.len());
        out.get_mut(..n)
            .unwrap_or_default()
            .copy_from_slice(rest.get(..n).unwrap_or_default());
        self.at += n;
        Ok(n)
    }
}

impl Log {
    /// Opens the log of `dir`, creating it (and syncing the directory, so
    /// the new file's name is durable too) if there is none.
    pub(crate) fn open(dir: &Path) -> Result<Log, MonitorError> {
        let path = dir.join(LOG);
        // A log shorter than its first bytes, and a start of them, is one
        // whose creation a crash interrupted: written again.
        let short = std::fs::metadata(&path).is_ok_and(|m| m.len() < MAGIC.len() as u64);
        let torn =
            short && std::fs::read(&path).is_ok_and(|b| MAGIC.get(..b.len()) == Some(b.as_slice()));
        if torn || !path.exists() {
            let mut file = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&path)
                .map_err(io("create", &path))?;
            file.write_all(MAGIC).map_err(io("write", &path))?;
            file.sync_all().map_err(io("sync", &path))?;
            sync_dir(dir)?;
        }
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .map_err(io("open", &path))?;
        let len = file.metadata().map_err(io("read", &path))?.len();
        Ok(Log { path, file, len })
    }

    /// The log's path.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The length of its whole frames, in bytes.
    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    /// Its frames, up to the end of the whole ones.
    pub(crate) fn frames(&self) -> Result<Frames, MonitorError> {
        Frames::open(&self.path, self.len)
    }

    /// Decides what a damaged frame found on replay is: a torn tail, which
    /// is cut (and said), or corruption, which is an error.
    pub(crate) fn damaged(&mut self, d: &Damaged) -> Result<TornTail, MonitorError> {
        let mut frames = self.frames()?;
        let after = frames
            .whole_frame_after(d.offset)
            .map_err(io("read", &self.path))?;
        let tail = self.len.saturating_sub(d.offset);
        if after || tail > (HEADER + MAX_BATCH) as u64 {
            return Err(MonitorError::Corrupt {
                path: self.path.clone(),
                offset: d.offset,
                why: d.why,
            });
        }
        self.file.set_len(d.offset).map_err(io("cut", &self.path))?;
        self.file.sync_all().map_err(io("sync", &self.path))?;
        self.len = d.offset;
        Ok(TornTail {
            offset: d.offset,
            bytes: tail,
        })
    }

    /// Appends one frame holding `payload` and syncs it to disk. On
    /// failure the log is cut back to its whole frames; if even that
    /// fails, the error says so and the log must be reopened.
    pub(crate) fn append(&mut self, payload: &[u8]) -> Result<(), MonitorError> {
        let h = header(payload)?;
        let written = self
            .file
            .seek(SeekFrom::Start(self.len))
            .and_then(|_| self.file.write_all(&h))
            .and_then(|()| self.file.write_all(payload))
            .and_then(|()| self.file.sync_data());
        match written {
            Ok(()) => {
                self.len += (HEADER + payload.len()) as u64;
                Ok(())
            }
            Err(source) => {
                let restored = self
                    .file
                    .set_len(self.len)
                    .and_then(|()| self.file.sync_data());
                Err(match restored {
                    Ok(()) => MonitorError::Io {
                        what: "write",
                        path: self.path.clone(),
                        source,
                    },
                    Err(_) => MonitorError::Unrestored {
                        path: self.path.clone(),
                        source,
                    },
                })
            }
        }
    }
}

/// Syncs a directory, so that a file created in it keeps its name after a
/// crash.
fn sync_dir(dir: &Path) -> Result<(), MonitorError> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io("sync", dir))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// The state directory's lock: held while the monitor runs, released when
/// it stops, however it stops (the kernel drops it with the process):
/// `flock` on Unix, a file opened sharing nothing on Windows.
#[derive(Debug)]
pub(crate) struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the lock of `dir`, or says another monitor holds it.
    pub(crate) fn take(dir: &Path) -> Result<Lock, MonitorError> {
        let path = dir.join(LOCK);
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        // Windows: a file opened sharing nothing is the lock.
        #[cfg(windows)]
        std::os::windows::fs::OpenOptionsExt::share_mode(&mut options, 0);
        let held = |dir: &Path| MonitorError::Locked {
            dir: dir.to_path_buf(),
        };
        let file = match options.open(&path) {
            Ok(file) => file,
            // ERROR_SHARING_VIOLATION
            Err(e) if cfg!(windows) && e.raw_os_error() == Some(32) => return Err(held(dir)),
            Err(e) => return Err(io("open", &path)(e)),
        };
        #[cfg(unix)]
        {
            use rustix::fs::{FlockOperation, flock};
            match flock(&file, FlockOperation::NonBlockingLockExclusive) {
                Ok(()) => {}
                Err(e) if e == rustix::io::Errno::WOULDBLOCK => return Err(held(dir)),
                Err(e) => return Err(io("lock", &path)(e.into())),
            }
        }
        Ok(Lock { _file: file })
    }
}
