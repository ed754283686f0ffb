//! The protocol loop: documents, notifications and requests.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    PrepareRenameRequest, References, Rename, Request as _,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    HoverProviderCapability, OneOf, PositionEncodingKind, PublishDiagnosticsParams, RenameOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use slate::files::{ImportRoot, ReadError};

use crate::analysis::{Analysis, analyze_with};
use crate::position::Lines;

/// What the server can do, announced at `initialize`.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".to_owned(), ",".to_owned()]),
            ..CompletionOptions::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// Why the language server stops with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The client broke the protocol (during initialisation or shutdown).
    #[error("the client broke the protocol: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    /// The connection to the client closed while a message was sent.
    #[error("the connection to the client closed")]
    Closed,
    /// The import root given cannot be used.
    #[error("cannot use `{root}` as the import root: {source}")]
    ImportRoot {
        /// The directory given.
        root: String,
        /// Why not.
        source: std::io::Error,
    },
    /// Standard output could not be written.
    #[error("cannot write to standard output: {0}")]
    Output(#[source] std::io::Error),
    /// The thread writing standard output stopped unexpectedly.
    #[error("the thread writing standard output stopped unexpectedly")]
    Writer,
}

/// Serves one client on `connection` until it shuts down. Imports and
/// `extends` are read inside `import_root` when given, otherwise inside
/// the workspace folder that holds the document (the client's
/// `workspaceFolders` or `rootUri`), otherwise the document's directory.
pub fn run(connection: &Connection, import_root: Option<&Path>) -> Result<(), ServerError> {
    let init = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo {
            name: "slate".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        },
    });
    let (id, params) = connection.initialize_start()?;
    connection.initialize_finish(id, init)?;
    let mut server = Server {
        roots: Roots::new(&params, import_root)?,
        ..Server::default()
    };
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) => {
                if connection.handle_shutdown(&req)? {
                    return Ok(());
                }
                let response = server.request(req);
                send(connection, response.into())?;
            }
            Message::Notification(n) => server.notification(n),
            Message::Response(_) => {}
        }
        // Edits that arrive together are checked once, after the last.
        if connection.receiver.is_empty() {
            for params in server.publish_pending() {
                let n = Notification::new(PublishDiagnostics::METHOD.to_owned(), params);
                send(connection, n.into())?;
            }
        }
    }
    Ok(())
}

fn send(connection: &Connection, msg: Message) -> Result<(), ServerError> {
    connection.sender.send(msg).map_err(|_| ServerError::Closed)
}

/// A request's handler: the analysis of its document, the document's URI,
/// and the request's parameters give its result or a message.
type Handler<R> =
    fn(
        &Analysis,
        &Uri,
        <R as lsp_types::request::Request>::Params,
    ) -> Result<<R as lsp_types::request::Request>::Result, crate::navigate::RenameError>;

/// An open document.
struct Document {
    version: i32,
    text: String,
    path: PathBuf,
    /// What identifies its file (the canonical path), found when it opens.
    identity: PathBuf,
    /// `None` after an edit, until it is analysed again.
    analysis: Option<Analysis>,
}

/// The texts of the open documents, by file identity: what a document
/// imports is read from here when it is open (unsaved edits included), and
/// from the disk otherwise, inside the import root only. It borrows the
/// buffers, and is made only when a document is analysed. Without a root
/// (the default), nothing is read from the disk.
#[derive(Default)]
pub struct OpenFiles<'a> {
    buffers: Vec<(&'a Path, &'a str)>,
    root: Option<ImportRoot>,
}

impl<'a> OpenFiles<'a> {
    /// The buffers, by file identity, and the import root.
    pub fn new(buffers: Vec<(&'a Path, &'a str)>, root: Option<ImportRoot>) -> Self {
        OpenFiles { buffers, root }
    }
}

impl slate::link::Sources for OpenFiles<'_> {
    fn read(&self, path: &Path) -> Result<String, ReadError> {
        let Some(root) = &self.root else {
            return Err(std::io::Error::from(std::io::ErrorKind::NotFound).into());
        };
        let wanted = slate::link::identity(path);
        let buffer = self
            .buffers
            .iter()
            .find(|(identity, _)| *identity == wanted);
        match buffer {
            Some((_, text)) if root.contains(&wanted) => {
                if text.len() > slate::files::MAX_SOURCE_BYTES {
                    return Err(ReadError::TooLarge {
                        bytes: text.len() as u64,
                    });
                }
                Ok((*text).to_owned())
            }
            _ => root.read(path),
        }
    }

    fn identity(&self, path: &Path) -> PathBuf {
        slate::link::identity(path)
    }
}

/// Where each document's imports may be read: the import root given on
/// the command line, or the client's workspace folders.
#[derive(Default)]
struct Roots {
    given: Option<ImportRoot>,
    workspace: Vec<ImportRoot>,
}

impl Roots {
    fn new(params: &serde_json::Value, given: Option<&Path>) -> Result<Self, ServerError> {
        let given = given
            .map(|dir| {
                ImportRoot::new(dir).map_err(|source| ServerError::ImportRoot {
                    root: dir.display().to_string(),
                    source,
                })
            })
            .transpose()?;
        let mut uris: Vec<&str> = params
            .get("workspaceFolders")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|f| f.get("uri").and_then(serde_json::Value::as_str))
            .collect();
        uris.extend(params.get("rootUri").and_then(serde_json::Value::as_str));
        let workspace = uris
            .into_iter()
            .filter_map(|uri| ImportRoot::new(&path_of_str(uri)).ok())
            .collect();
        Ok(Roots { given, workspace })
    }

    /// The import root of the document at `path`: the given root, or the
    /// innermost workspace folder that holds it, or its own directory.
    fn of(&self, path: &Path) -> Option<ImportRoot> {
        if let Some(given) = &self.given {
            return Some(given.clone());
        }
        let at = slate::link::identity(path);
        let inner = self
            .workspace
            .iter()
            .filter(|r| r.contains(&at))
            .max_by_key(|r| r.path().components().count());
        match inner {
            Some(r) => Some(r.clone()),
            None => ImportRoot::new(path.parent()?).ok(),
        }
    }
}

#[derive(Default)]
struct Server {
    roots: Roots,
    documents: HashMap<Uri, Document>,
    /// Documents whose diagnostics are to be published (closed ones: cleared).
    pending: Vec<Uri>,
}

impl Server {
    fn notification(&mut self, n: Notification) {
        let result = catch_unwind(AssertUnwindSafe(|| self.notification_inner(n)));
        if result.is_err() {
            eprintln!("slate lsp: a notification failed; the server goes on");
        }
    }

    fn notification_inner(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) {
                    let doc = p.text_document;
                    let path = path_of(&doc.uri);
                    let identity = slate::link::identity(&path);
                    // Documents that import it now read its buffer.
                    self.dependents_changed(&identity);
                    self.documents.insert(
                        doc.uri.clone(),
                        Document {
                            version: doc.version,
                            text: doc.text,
                            path,
                            identity,
                            analysis: None,
                        },
                    );
                    self.pending.push(doc.uri);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params)
                    && let Some(doc) = self.documents.get_mut(&p.text_document.uri)
                {
                    for change in p.content_changes {
                        match change.range {
                            Some(range) => {
                                let span = Lines::new(&doc.text).span(&doc.text, range);
                                doc.text.replace_range(span.start..span.end, &change.text);
                            }
                            None => doc.text = change.text,
                        }
                    }
                    doc.version = p.text_document.version;
                    doc.analysis = None;
                    let changed = doc.identity.clone();
                    self.pending.push(p.text_document.uri);
                    self.dependents_changed(&changed);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) {
                    // Its dependents now read it from the disk.
                    if let Some(closed) = self.documents.remove(&p.text_document.uri) {
                        self.dependents_changed(&closed.identity);
                    }
                    self.pending.push(p.text_document.uri);
                }
            }
            _ => {}
        }
    }

    /// Marks for checking again every open document that imports or
    /// extends the file whose identity is `changed`.
    fn dependents_changed(&mut self, changed: &Path) {
        for (uri, doc) in &mut self.documents {
            let reads = doc
                .analysis
                .as_ref()
                .is_some_and(|a| a.reads.iter().any(|r| r == changed));
            if reads {
                doc.analysis = None;
                self.pending.push(uri.clone());
            }
        }
    }

    /// The version and analysis of an open document, analysed now if an
    /// edit cleared it (reading what it imports from the open buffers).
    fn analysis(&mut self, uri: &Uri) -> Option<(i32, &Analysis)> {
        let doc = self.documents.get(uri)?;
        if doc.analysis.is_none() {
            let open = OpenFiles::new(
                self.documents
                    .values()
                    .map(|d| (d.identity.as_path(), d.text.as_str()))
                    .collect(),
                self.roots.of(&doc.path),
            );
            let fresh = analyze_safely(&doc.text, &doc.path, &open);
            self.documents.get_mut(uri)?.analysis = Some(fresh);
        }
        let doc = self.documents.get(uri)?;
        Some((doc.version, doc.analysis.as_ref()?))
    }

    /// The diagnostics of every document changed since the last call.
    fn publish_pending(&mut self) -> Vec<PublishDiagnosticsParams> {
        let mut out = Vec::new();
        let mut pending = std::mem::take(&mut self.pending);
        pending.dedup();
        for uri in pending {
            if out.iter().any(|p: &PublishDiagnosticsParams| p.uri == uri) {
                continue;
            }
            let params = match self.analysis(&uri) {
                Some((version, a)) => {
                    let diagnostics =
                        catch_unwind(AssertUnwindSafe(|| crate::actions::diagnostics(a, &uri)))
                            .unwrap_or_default();
                    PublishDiagnosticsParams::new(uri, diagnostics, Some(version))
                }
                None => PublishDiagnosticsParams::new(uri, Vec::new(), None),
            };
            out.push(params);
        }
        out
    }

    fn request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        match req.method.as_str() {
            HoverRequest::METHOD => self.on::<HoverRequest>(
                req,
                |p| &p.text_document_position_params.text_document.uri,
                |a, _, p| {
                    Ok(crate::hover::hover(
                        a,
                        p.text_document_position_params.position,
                    ))
                },
            ),
            GotoDefinition::METHOD => self.on::<GotoDefinition>(
                req,
                |p| &p.text_document_position_params.text_document.uri,
                |a, uri, p| {
                    Ok(crate::navigate::definition(
                        a,
                        uri,
                        p.text_document_position_params.position,
                    )
                    .map(lsp_types::GotoDefinitionResponse::Scalar))
                },
            ),
            References::METHOD => self.on::<References>(
                req,
                |p| &p.text_document_position.text_document.uri,
                |a, uri, p| {
                    Ok(Some(crate::navigate::references(
                        a,
                        uri,
                        p.text_document_position.position,
                        p.context.include_declaration,
                    )))
                },
            ),
            PrepareRenameRequest::METHOD => self.on::<PrepareRenameRequest>(
                req,
                |p| &p.text_document.uri,
                |a, _, p| crate::navigate::prepare_rename(a, p.position).map(Some),
            ),
            Rename::METHOD => self.on::<Rename>(
                req,
                |p| &p.text_document_position.text_document.uri,
                |a, uri, p| {
                    crate::navigate::rename(a, uri, p.text_document_position.position, &p.new_name)
                        .map(Some)
                },
            ),
            Completion::METHOD => self.on::<Completion>(
                req,
                |p| &p.text_document_position.text_document.uri,
                |a, _, p| {
                    Ok(Some(lsp_types::CompletionResponse::Array(
                        crate::complete::completion(a, p.text_document_position.position),
                    )))
                },
            ),
            DocumentSymbolRequest::METHOD => self.on::<DocumentSymbolRequest>(
                req,
                |p| &p.text_document.uri,
                |a, _, _| {
                    Ok(Some(lsp_types::DocumentSymbolResponse::Nested(
                        crate::symbols::document_symbols(a),
                    )))
                },
            ),
            Formatting::METHOD => self.on::<Formatting>(
                req,
                |p| &p.text_document.uri,
                |a, _, _| Ok(Some(crate::actions::formatting(a))),
            ),
            CodeActionRequest::METHOD => self.on::<CodeActionRequest>(
                req,
                |p| &p.text_document.uri,
                |a, uri, p| Ok(Some(crate::actions::code_actions(a, uri, p.range))),
            ),
            _ => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("`{}` is not supported", req.method),
            ),
        }
    }

    /// Answers a request about one document with `f`; a failure (even a
    /// panic) is an error response, never the end of the server.
    fn on<R>(&mut self, req: Request, uri_of: fn(&R::Params) -> &Uri, f: Handler<R>) -> Response
    where
        R: lsp_types::request::Request,
        R::Params: DeserializeOwned,
        R::Result: Serialize,
    {
        let id: RequestId = req.id.clone();
        let params: R::Params = match serde_json::from_value(req.params) {
            Ok(p) => p,
            Err(e) => return Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string()),
        };
        let uri = uri_of(&params).clone();
        let Some((_, analysis)) = self.analysis(&uri) else {
            return Response::new_err(
                id,
                ErrorCode::InvalidParams as i32,
                format!("`{}` is not open", uri.as_str()),
            );
        };
        match catch_unwind(AssertUnwindSafe(|| f(analysis, &uri, params))) {
            Ok(Ok(result)) => Response::new_ok(id, result),
            Ok(Err(refused)) => {
                Response::new_err(id, ErrorCode::RequestFailed as i32, refused.to_string())
            }
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!(
                    "`{}` failed inside the Slate language server; please report it with the file",
                    req.method
                ),
            ),
        }
    }
}

/// Analyses a document; a panic becomes one internal-error diagnostic.
pub fn analyze_safely(text: &str, path: &Path, open: &OpenFiles<'_>) -> Analysis {
    catch_unwind(AssertUnwindSafe(|| analyze_with(text, path, open))).unwrap_or_else(|_| Analysis {
        path: path.to_path_buf(),
        text: text.to_owned(),
        ast: slate::ast::File::default(),
        model: None,
        sources: slate::SourceMap::default(),
        diagnostics: vec![
            slate::Diagnostic::new(
                slate::Code::Internal,
                slate::Span::new(0, 0),
                "the checker failed on this document",
            )
            .help("this is a bug in Slate: please report it with the file"),
        ],
        lines: Lines::new(text),
        refs: slate::refs::Refs::default(),
        others: Vec::new(),
        reads: Vec::new(),
    })
}

/// The file path of a `file:` URI (percent-decoded), or the URI itself.
fn path_of(uri: &Uri) -> PathBuf {
    path_of_str(uri.as_str())
}

/// [`path_of`] for a URI as text: a `file:` URI on this machine becomes
/// its path (percent-decoded by `url`, the WHATWG URL parser); any other
/// text is taken as a path.
fn path_of_str(s: &str) -> PathBuf {
    url::Url::parse(s)
        .ok()
        .filter(|u| u.scheme() == "file")
        .and_then(|u| u.to_file_path().ok())
        .unwrap_or_else(|| PathBuf::from(s))
}

#[cfg(test)]
mod tests {
    use super::path_of_str;
    use std::path::PathBuf;

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(
            path_of_str("file:///home/a%20b/sla%C3%A9.sla"),
            PathBuf::from("/home/a b/slaé.sla")
        );
        assert_eq!(
            path_of_str("file://localhost/x.sla"),
            PathBuf::from("/x.sla")
        );
        // A byte that is not UTF-8 stays that byte, not a replacement character.
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            assert_eq!(
                path_of_str("file:///tmp/%FF.sla").as_os_str().as_bytes(),
                b"/tmp/\xFF.sla"
            );
        }
        // Not a file on this machine: taken as written.
        assert_eq!(
            path_of_str("untitled:Untitled-1"),
            PathBuf::from("untitled:Untitled-1")
        );
        assert_eq!(
            path_of_str("file://server/share/x.sla"),
            PathBuf::from("file://server/share/x.sla")
        );
    }
}
