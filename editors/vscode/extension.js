// The Slate extension's client: starts `slate lsp` over stdio for .sla files.
// Plain JavaScript, loaded by VS Code as is (no build step).
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;

function serverCommand() {
  const configured = vscode.workspace.getConfiguration("slate").get("server.path");
  return typeof configured === "string" && configured.trim() !== "" ? configured.trim() : "slate";
}

function createClient() {
  const command = serverCommand();
  /** @type {import("vscode-languageclient/node").ServerOptions} */
  const serverOptions = {
    run: { command, args: ["lsp"], transport: TransportKind.stdio },
    debug: { command, args: ["lsp"], transport: TransportKind.stdio },
  };
  /** @type {import("vscode-languageclient/node").LanguageClientOptions} */
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "slate" },
      { scheme: "untitled", language: "slate" },
    ],
    synchronize: {
      // Imported files can change the diagnostics of the files that import them.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.sla"),
    },
    outputChannelName: "Slate Language Server",
  };
  return new LanguageClient("slate", "Slate Language Server", serverOptions, clientOptions);
}

async function startClient() {
  client = createClient();
  try {
    await client.start();
  } catch (err) {
    const command = serverCommand();
    vscode.window.showErrorMessage(
      `Slate: could not start the language server with \`${command} lsp\`: ${err && err.message ? err.message : err}. ` +
        "Install it with `cargo install --path crates/slate-cli` or set `slate.server.path`."
    );
  }
}

async function stopClient() {
  if (client) {
    const running = client;
    client = undefined;
    try {
      await running.stop();
    } catch (_) {
      // The server may already have exited; nothing more to do.
    }
  }
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("slate.restartServer", async () => {
      await stopClient();
      await startClient();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("slate.server.path")) {
        await stopClient();
        await startClient();
      }
    })
  );
  await startClient();
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate };
