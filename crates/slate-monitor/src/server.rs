//! Serving the routes: a tokio listener and hyper's HTTP/1 connections,
//! each with a header read timeout (a client that sends its headers slowly
//! is dropped), shut down gracefully on SIGTERM or Ctrl-C: no new
//! connection is accepted, requests under way finish.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};

use crate::routes::Token;

/// How long a client may take to send a request's headers.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest token file read.
const MAX_TOKEN_FILE: u64 = 4096;

/// Why the monitor cannot serve.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Off loopback, ingest must need a token.
    #[error(
        "`--listen {0}` is not a loopback address, and anyone who reaches it could post records\n  help: give a bearer token with `--token-file FILE`, or listen on `127.0.0.1`"
    )]
    NoToken(SocketAddr),
    /// The token file cannot be read.
    #[error("cannot read the token file `{file}`: {reason}")]
    TokenFile {
        /// The file, as given.
        file: String,
        /// Why.
        reason: String,
    },
    /// The token file holds no token.
    #[error("the token file `{0}` is empty\n  help: write the token on its first line")]
    EmptyToken(String),
    /// The address cannot be listened on.
    #[error("cannot listen on `{addr}`: {reason}")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// Why.
        reason: String,
    },
    /// The async runtime cannot start.
    #[error("cannot start the server: {0}")]
    Runtime(String),
}

/// Reads the token in `path`: trimmed, refused when empty or larger than
/// 4 KiB. `reason` words an I/O error.
pub fn read_token(
    path: &Path,
    reason: &dyn Fn(&std::io::Error) -> String,
) -> Result<Token, ServeError> {
    use std::io::Read as _;
    let file = slate::eval::visible::visible(&path.display().to_string()).into_owned();
    let fail = |e: &std::io::Error| ServeError::TokenFile {
        file: file.clone(),
        reason: reason(e),
    };
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_TOKEN_FILE + 1).read_to_string(&mut text))
        .map_err(|e| fail(&e))?;
    if text.len() as u64 > MAX_TOKEN_FILE {
        return Err(ServeError::TokenFile {
            file,
            reason: "it is larger than 4 KiB; a token file holds the token alone".to_owned(),
        });
    }
    Token::from_file_text(&text).ok_or(ServeError::EmptyToken(file))
}

/// Refuses to listen off loopback without a token.
pub fn check_exposure(addr: SocketAddr, token: Option<&Token>) -> Result<(), ServeError> {
    if addr.ip().is_loopback() || token.is_some() {
        Ok(())
    } else {
        Err(ServeError::NoToken(addr))
    }
}

/// Serves `app` on `addr` until SIGTERM or Ctrl-C, on a runtime of its
/// own; `ready` is told the address bound (the port, when `addr` asks
/// for any).
pub fn run(
    app: Router,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ServeError::Runtime(e.to_string()))?;
    runtime.block_on(async {
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| ServeError::Listen {
                addr,
                reason: e.kind().to_string(),
            })?;
        if let Ok(bound) = listener.local_addr() {
            ready(bound);
        }
        serve(listener, app, shutdown_signal()).await;
        Ok(())
    })
}

/// Resolves on SIGTERM or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Serves `app` on `listener` until `stop` resolves, then lets the
/// connections finish the requests under way.
pub async fn serve(listener: TcpListener, app: Router, stop: impl Future<Output = ()>) {
    serve_with(listener, app, stop, HEADER_READ_TIMEOUT).await;
}

/// [`serve`], dropping a connection whose request headers take longer
/// than `header_timeout` to arrive.
pub async fn serve_with(
    listener: TcpListener,
    app: Router,
    stop: impl Future<Output = ()>,
    header_timeout: Duration,
) {
    let (stopping, stop_rx) = watch::channel(false);
    // Each connection holds a sender; when all are dropped, all are done.
    let (alive, mut all_done) = mpsc::channel::<()>(1);
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // A failed accept (too many open files, a reset) ends only
                // that connection; pause so that a persistent one does not spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let service = TowerToHyperService::new(app.clone());
        let mut stop_rx = stop_rx.clone();
        let alive = alive.clone();
        tokio::spawn(async move {
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {},
                _ = stop_rx.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.as_mut().await;
                }
            }
            drop(alive);
        });
    }
    let _ = stopping.send(true);
    drop(alive);
    let _ = all_done.recv().await;
}
