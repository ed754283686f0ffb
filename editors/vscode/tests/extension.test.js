// Checks that extension.js starts `<slate.server.path> lsp` over stdio for Slate documents.
// VS Code and the language client are replaced by stubs: this runs under plain Node.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const Module = require("node:module");
const path = require("node:path");

function loadExtension(settings) {
  const created = [];
  const vscode = {
    workspace: {
      getConfiguration: (section) => ({ get: (key) => settings[`${section}.${key}`] }),
      createFileSystemWatcher: (glob) => ({ glob }),
      onDidChangeConfiguration: () => ({ dispose() {} }),
    },
    commands: { registerCommand: (id) => ({ id, dispose() {} }) },
    window: { showErrorMessage: (message) => created.push({ error: message }) },
  };
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions });
      created.push(this);
    }
    async start() {}
    async stop() {}
  }
  const stubs = {
    vscode,
    "vscode-languageclient/node": { LanguageClient, TransportKind: { stdio: 0 } },
  };
  const originalLoad = Module._load;
  Module._load = function (request, ...rest) {
    return request in stubs ? stubs[request] : originalLoad.call(this, request, ...rest);
  };
  const file = path.join(__dirname, "..", "extension.js");
  delete require.cache[file];
  try {
    return { extension: require(file), created };
  } finally {
    Module._load = originalLoad;
  }
}

test("starts `slate lsp` over stdio by default", async () => {
  const { extension, created } = loadExtension({});
  const context = { subscriptions: [] };
  await extension.activate(context);
  assert.equal(created.length, 1);
  const client = created[0];
  assert.deepEqual(client.serverOptions.run, { command: "slate", args: ["lsp"], transport: 0 });
  assert.deepEqual(client.clientOptions.documentSelector.map((s) => s.language), ["slate", "slate"]);
  assert.ok(context.subscriptions.some((s) => s.id === "slate.restartServer"));
  await extension.deactivate();
});

test("uses slate.server.path", async () => {
  const { extension, created } = loadExtension({ "slate.server.path": "/opt/slate/bin/slate" });
  await extension.activate({ subscriptions: [] });
  assert.equal(created[0].serverOptions.run.command, "/opt/slate/bin/slate");
  assert.deepEqual(created[0].serverOptions.run.args, ["lsp"]);
});

test("the manifest contributes the language, grammar and setting", () => {
  const manifest = require("../package.json");
  const language = manifest.contributes.languages[0];
  assert.equal(language.id, "slate");
  assert.deepEqual(language.extensions, [".sla"]);
  assert.equal(manifest.contributes.grammars[0].scopeName, "source.slate");
  assert.equal(manifest.contributes.configuration.properties["slate.server.path"].default, "slate");
  assert.deepEqual(manifest.activationEvents, ["onLanguage:slate"]);
  assert.equal(require(path.join(__dirname, "..", "language-configuration.json")).comments.lineComment, "//");
});
