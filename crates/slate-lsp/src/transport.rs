//! Frames of the Language Server Protocol over standard input and output,
//! read with bounds: a header line is at most [`MAX_HEADER_LINE`] bytes, a
//! body at most [`MAX_FRAME_BYTES`]. A frame that is too large is skipped
//! without being kept, and a body that is not a JSON-RPC message is
//! answered with an error (JSON-RPC's parse error or invalid request); the
//! server goes on either way. A header block with no valid length (none, a
//! bad one, or two that disagree) is answered with a parse error, and the
//! input is then discarded up to the next `Content-Length:`, wherever it
//! is: a body sent with a bad length cannot swallow the frames after it.
//! Only the end of the input ends the reading.

use std::io::{self, BufRead, Read, Write};

use lsp_server::Message;

/// The largest message body read, in bytes: room for the largest source
/// Slate reads ([`slate::files::MAX_SOURCE_BYTES`]) with every character
/// escaped in JSON.
pub const MAX_FRAME_BYTES: u64 = 4 * slate::files::MAX_SOURCE_BYTES as u64;

/// The longest header line read, in bytes.
pub const MAX_HEADER_LINE: u64 = 4096;

/// JSON-RPC's code for a body that is not JSON.
const PARSE_ERROR: i32 = -32700;
/// JSON-RPC's code for JSON that is not a request, response or notification.
const INVALID_REQUEST: i32 = -32600;

/// What one frame held.
#[derive(Debug)]
pub enum Frame {
    /// A message.
    Message(Message),
    /// Something to answer with an error: the request's id (JSON `null`
    /// when it has none), the JSON-RPC error code, and the message.
    Refused(serde_json::Value, i32, String),
    /// A body too large to read, of this many bytes: answered with an
    /// error first, then skipped ([`skip`]) without being kept.
    TooLarge(u64),
}

/// The header that starts every frame, as [`resync`] looks for it.
const LENGTH_HEADER: &[u8] = b"content-length:";

/// Reads the headers of one frame: the body's length, or why there is none.
/// `None` at the end of the input. `first` is the start of the first
/// header line, already read ([`resync`]).
fn read_headers(
    inp: &mut impl BufRead,
    mut first: Option<&[u8]>,
) -> io::Result<Option<Result<u64, String>>> {
    let mut length: Option<Result<u64, String>> = None;
    let mut seen_any = false;
    loop {
        let mut line = first.take().map(<[u8]>::to_vec).unwrap_or_default();
        let n = inp
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)?;
        if n == 0 && line.is_empty() {
            return Ok(None);
        }
        if !line.ends_with(b"\n") {
            // A line longer than the limit: skip the rest of it.
            skip_line(inp)?;
            length = Some(Err("a header line is too long".to_owned()));
            seen_any = true;
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if seen_any {
                break;
            }
            continue;
        }
        seen_any = true;
        let Some((name, value)) = text.split_once(':') else {
            length = Some(Err("a header line without `:`".to_owned()));
            continue;
        };
        if name.trim().eq_ignore_ascii_case("Content-Length") {
            let this = value
                .trim()
                .parse::<u64>()
                .map_err(|_| "the Content-Length is not a number".to_owned());
            length = Some(match (length, this) {
                (Some(Err(why)), _) | (_, Err(why)) => Err(why),
                (Some(Ok(a)), Ok(b)) if a != b => {
                    Err("two Content-Length headers disagree".to_owned())
                }
                (_, Ok(b)) => Ok(b),
            });
        }
    }
    Ok(Some(length.unwrap_or_else(|| {
        Err("a frame without Content-Length".to_owned())
    })))
}

/// Skips input up to and including the next line break.
fn skip_line(inp: &mut impl BufRead) -> io::Result<()> {
    loop {
        let buf = inp.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        match buf.iter().position(|b| *b == b'\n') {
            Some(i) => {
                inp.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buf.len();
                inp.consume(n);
            }
        }
    }
}

/// Discards input up to and including the next `Content-Length:` (in any
/// case), wherever it is; `false` when the input ends first.
fn resync(inp: &mut impl BufRead) -> io::Result<bool> {
    let mut matched = 0;
    loop {
        let buf = inp.fill_buf()?;
        if buf.is_empty() {
            return Ok(false);
        }
        let mut used = 0;
        for byte in buf {
            used += 1;
            let byte = byte.to_ascii_lowercase();
            // The header's first letter occurs in it only once: a mismatch
            // can only restart a match at this byte.
            matched = if LENGTH_HEADER.get(matched) == Some(&byte) {
                matched + 1
            } else {
                usize::from(LENGTH_HEADER.first() == Some(&byte))
            };
            if matched == LENGTH_HEADER.len() {
                inp.consume(used);
                return Ok(true);
            }
        }
        inp.consume(used);
    }
}

/// Reads one frame; `None` at the end of the input. `lost` says that the
/// frame before had no valid length: input is first discarded up to the
/// next `Content-Length:`. It is set again when this frame has none.
pub fn read_frame(inp: &mut impl BufRead, lost: &mut bool) -> io::Result<Option<Frame>> {
    let null = serde_json::Value::Null;
    let mut first = None;
    if *lost {
        if !resync(inp)? {
            return Ok(None);
        }
        *lost = false;
        first = Some(LENGTH_HEADER);
    }
    let length = match read_headers(inp, first)? {
        None => return Ok(None),
        Some(Ok(length)) => length,
        Some(Err(why)) => {
            *lost = true;
            return Ok(Some(Frame::Refused(null, PARSE_ERROR, why)));
        }
    };
    if length > MAX_FRAME_BYTES {
        return Ok(Some(Frame::TooLarge(length)));
    }
    let mut body = Vec::new();
    inp.by_ref().take(length).read_to_end(&mut body)?;
    if (body.len() as u64) < length {
        return Ok(None);
    }
    Ok(Some(parse(&body)))
}

/// Skips `length` bytes of input, never keeping more than a buffer of them:
/// memory stays bounded whatever a header says.
pub fn skip(inp: &mut impl BufRead, length: u64) -> io::Result<()> {
    io::copy(&mut inp.by_ref().take(length), &mut io::sink()).map(|_| ())
}

/// The error message for a body of `length` bytes, too large to read.
fn too_large(length: u64) -> String {
    format!(
        "a message of {length} bytes is larger than the {} MiB the server reads",
        MAX_FRAME_BYTES / (1024 * 1024)
    )
}

/// The message in a frame's body, or the error that answers it.
fn parse(body: &[u8]) -> Frame {
    if let Ok(msg) = serde_json::from_slice::<Message>(body) {
        return Frame::Message(msg);
    }
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => {
            let id = value
                .get("id")
                .filter(|id| id.is_number() || id.is_string())
                .cloned()
                .unwrap_or_default();
            Frame::Refused(
                id,
                INVALID_REQUEST,
                "the message is not a JSON-RPC request, response or notification".to_owned(),
            )
        }
        Err(e) => Frame::Refused(
            serde_json::Value::Null,
            PARSE_ERROR,
            format!("the message is not JSON: {e}"),
        ),
    }
}

/// Writes one frame with `body`.
fn write_body(out: &mut impl Write, body: &str) -> io::Result<()> {
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(body.as_bytes())?;
    out.flush()
}

/// Writes the error response that answers a refused frame.
pub fn write_refusal(
    out: &mut impl Write,
    id: &serde_json::Value,
    code: i32,
    message: &str,
) -> io::Result<()> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code, "message": message },
    });
    write_body(out, &body.to_string())
}

/// Reads frames from `inp` until its end or an `exit` notification,
/// handing each message to `deliver` (which says whether the server still
/// listens) and answering each refused frame on standard output.
pub fn read_all(mut inp: impl BufRead, deliver: impl Fn(Message) -> bool) -> io::Result<()> {
    let mut lost = false;
    while let Some(frame) = read_frame(&mut inp, &mut lost)? {
        match frame {
            Frame::Message(msg) => {
                let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
                if !deliver(msg) || exit {
                    return Ok(());
                }
            }
            Frame::Refused(id, code, message) => {
                eprintln!("slate lsp: {message}; the server goes on");
                write_refusal(&mut io::stdout().lock(), &id, code, &message)?;
            }
            Frame::TooLarge(length) => {
                let message = too_large(length);
                eprintln!("slate lsp: {message}; the server skips it and goes on");
                let null = serde_json::Value::Null;
                write_refusal(&mut io::stdout().lock(), &null, INVALID_REQUEST, &message)?;
                skip(&mut inp, length)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut inp = io::BufReader::new(input);
        let mut out = Vec::new();
        let mut lost = false;
        while let Ok(Some(f)) = read_frame(&mut inp, &mut lost) {
            if let Frame::TooLarge(n) = f {
                let _ = skip(&mut inp, n);
            }
            out.push(f);
        }
        out
    }

    #[test]
    fn bad_frames_are_refused_and_reading_goes_on() {
        let good = br#"{"jsonrpc":"2.0","method":"exit"}"#;
        let mut input = Vec::new();
        input.extend_from_slice(b"Content-Length: 5\r\n\r\n{oops");
        input.extend_from_slice(b"Content-Length: 9\r\n\r\n{\"id\":7}\n");
        input.extend_from_slice(b"Content-Length: 99999999999999999999999\r\n\r\n");
        input.extend_from_slice(format!("Content-Length: {}\r\n\r\n", good.len()).as_bytes());
        input.extend_from_slice(good);
        let got = frames(&input);
        assert!(matches!(&got[0], Frame::Refused(id, PARSE_ERROR, _) if id.is_null()));
        assert!(matches!(&got[1], Frame::Refused(id, INVALID_REQUEST, _) if id == 7));
        assert!(matches!(&got[2], Frame::Refused(_, PARSE_ERROR, _)));
        assert!(matches!(&got[3], Frame::Message(Message::Notification(_))));
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn a_bad_length_with_a_body_is_resynchronised() {
        let good = br#"{"jsonrpc":"2.0","method":"exit"}"#;
        let frame = |body: &[u8]| {
            let mut f = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
            f.extend_from_slice(body);
            f
        };
        let mut input = b"Content-Length: -1\r\n\r\n{}".to_vec();
        input.extend(frame(good));
        input.extend_from_slice(b"Content-Length: 2\r\ncontent-length: 3\r\n\r\n{}x");
        input.extend(frame(good));
        input.extend_from_slice(b"no header at all\r\n\r\n{\"a\":1}conTENT-length: 2\r\n\r\n{}");
        input.extend(frame(good));
        let got = frames(&input);
        assert!(matches!(&got[0], Frame::Refused(_, PARSE_ERROR, _)));
        assert!(matches!(&got[1], Frame::Message(Message::Notification(_))));
        assert!(matches!(&got[2], Frame::Refused(_, PARSE_ERROR, m) if m.contains("disagree")));
        assert!(matches!(&got[3], Frame::Message(Message::Notification(_))));
        assert!(matches!(&got[4], Frame::Refused(_, PARSE_ERROR, _)));
        assert!(matches!(&got[5], Frame::Refused(_, INVALID_REQUEST, _)));
        assert!(matches!(&got[6], Frame::Message(Message::Notification(_))));
        assert_eq!(got.len(), 7);
    }

    #[test]
    fn a_huge_length_is_skipped_not_allocated() {
        let mut input = b"Content-Length: 99999999999\r\n\r\n".to_vec();
        input.extend_from_slice(&[b'x'; 1000]);
        let got = frames(&input);
        assert!(matches!(&got[0], Frame::TooLarge(99999999999)));
        assert_eq!(got.len(), 1);
    }
}
