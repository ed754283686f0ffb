//! The Slate language server: `slate lsp` speaks the Language Server
//! Protocol over standard input and output. It publishes every diagnostic
//! as the document changes, and answers hover, go to definition, find
//! references, rename, completion, document symbols, formatting and quick
//! fixes.
//!
//! Only this crate knows the protocol. Each feature is a function of an
//! [`Analysis`] (one checked document) and protocol positions, so the
//! features can be called, and tested, without a client:
//!
//! ```
//! use slate_lsp::lsp_types::Position;
//! let text = "agreement \"A\" {\n  owner acme\n}\n";
//! let a = slate_lsp::analyze(text, std::path::Path::new("a.sla"));
//! let diagnostics = slate_lsp::actions::diagnostics(&a, &"file:///a.sla".parse().unwrap());
//! assert!(diagnostics.iter().any(|d| d.message.starts_with("undefined party `acme`")));
//! assert!(slate_lsp::hover::hover(&a, Position::new(1, 3)).is_some());
//! ```

#![forbid(unsafe_code)]
#![allow(
    clippy::mutable_key_type,
    reason = "`lsp_types::Uri` caches parts of itself, but hashes and compares by its text"
)]

pub mod actions;
mod analysis;
pub mod complete;
pub mod grammar;
pub mod hover;
pub mod navigate;
pub mod position;
mod server;
pub mod symbols;
pub mod transport;

pub use analysis::{Analysis, Context, analyze, analyze_with};
pub use lsp_server;
pub use lsp_types;
pub use server::{OpenFiles, ServerError, analyze_safely, capabilities, run};

/// Serves one client over standard input and output until it exits.
/// Frames are read by [`transport`], with bounds: a malformed or
/// oversized message is answered with an error, and the server goes on.
/// Imports are read inside `import_root` when given (see [`run`]).
pub fn run_stdio(import_root: Option<&std::path::Path>) -> Result<(), ServerError> {
    let (server, client) = lsp_server::Connection::memory();
    let lsp_server::Connection {
        sender: to_server,
        receiver: from_server,
    } = client;
    let writer = std::thread::spawn(move || -> std::io::Result<()> {
        for msg in from_server.iter() {
            msg.write(&mut std::io::stdout().lock())?;
        }
        Ok(())
    });
    // The reader is not joined: after `exit` it may still wait on the input.
    std::thread::spawn(move || {
        let delivered = |msg| to_server.send(msg).is_ok();
        if let Err(e) = transport::read_all(std::io::stdin().lock(), delivered) {
            eprintln!("slate lsp: cannot read the input: {e}");
        }
    });
    let result = run(&server, import_root);
    drop(server);
    match writer.join() {
        Ok(Ok(())) => result,
        Ok(Err(e)) => result.and(Err(ServerError::Output(e))),
        Err(_) => result.and(Err(ServerError::Writer)),
    }
}

#[cfg(test)]
mod lateness_tests;
