//! A minimal HTTP/1.1 client over a std `TcpStream`, with keep-alive: what
//! the load generator needs and no more (one request at a time on a
//! connection, bodies by `Content-Length` or chunked).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// One keep-alive connection.
pub struct Conn {
    addr: SocketAddr,
    stream: Option<BufReader<TcpStream>>,
}

/// A response: its status and body.
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

impl Response {
    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Conn {
    /// A connection to `addr`, opened at the first request.
    pub fn new(addr: SocketAddr) -> Conn {
        Conn { addr, stream: None }
    }

    fn stream(&mut self) -> Result<&mut BufReader<TcpStream>, String> {
        if self.stream.is_none() {
            let s = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5))
                .map_err(|e| format!("cannot connect to {}: {e}", self.addr))?;
            s.set_nodelay(true).map_err(|e| e.to_string())?;
            s.set_read_timeout(Some(Duration::from_secs(120)))
                .map_err(|e| e.to_string())?;
            self.stream = Some(BufReader::with_capacity(1 << 16, s));
        }
        self.stream
            .as_mut()
            .ok_or_else(|| "no connection".to_owned())
    }

    /// Sends one request and reads its whole response. The connection is
    /// kept unless the server says `Connection: close`; should a kept one
    /// fail (the server may close an idle connection), the request is sent
    /// once more on a new one.
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        content_type: &str,
        body: &[u8],
    ) -> Result<Response, String> {
        let reused = self.stream.is_some();
        match self.send(method, path, content_type, body) {
            Err(_) if reused => {
                self.stream = None;
                self.send(method, path, content_type, body)
            }
            r => r,
        }
    }

    fn send(
        &mut self,
        method: &str,
        path: &str,
        content_type: &str,
        body: &[u8],
    ) -> Result<Response, String> {
        let addr = self.addr;
        let s = self.stream()?;
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        let io = |e: std::io::Error| format!("{method} {path}: {e}");
        let w = s.get_mut();
        w.write_all(head.as_bytes()).map_err(io)?;
        w.write_all(body).map_err(io)?;
        w.flush().map_err(io)?;
        let read = read_response(s);
        let (response, close) = match read {
            Ok(r) => r,
            Err(e) => {
                self.stream = None;
                return Err(format!("{method} {path}: {e}"));
            }
        };
        if close {
            self.stream = None;
        }
        Ok(response)
    }

    /// `GET path`.
    pub fn get(&mut self, path: &str) -> Result<Response, String> {
        self.request("GET", path, "text/plain", b"")
    }
}

/// Reads a response; whether the server closes the connection after it.
fn read_response(r: &mut BufReader<TcpStream>) -> Result<(Response, bool), String> {
    let mut line = String::new();
    r.read_line(&mut line).map_err(|e| e.to_string())?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("not an HTTP status line: `{}`", line.trim_end()))?;
    let mut length = None;
    let mut chunked = false;
    let mut close = false;
    loop {
        line.clear();
        if r.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
            return Err("the connection closed in the headers".to_owned());
        }
        let h = line.trim_end();
        if h.is_empty() {
            break;
        }
        let Some((name, value)) = h.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.parse::<usize>().ok(),
            "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
            "connection" => close = value.eq_ignore_ascii_case("close"),
            _ => {}
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            r.read_line(&mut line).map_err(|e| e.to_string())?;
            let size = usize::from_str_radix(line.trim_end().split(';').next().unwrap_or(""), 16)
                .map_err(|_| format!("bad chunk size `{}`", line.trim_end()))?;
            let at = body.len();
            body.resize(at + size + 2, 0);
            r.read_exact(&mut body[at..]).map_err(|e| e.to_string())?;
            body.truncate(at + size);
            if size == 0 {
                break;
            }
        }
    } else if let Some(n) = length {
        body.resize(n, 0);
        r.read_exact(&mut body).map_err(|e| e.to_string())?;
    } else {
        r.read_to_end(&mut body).map_err(|e| e.to_string())?;
        close = true;
    }
    Ok((Response { status, body }, close))
}
