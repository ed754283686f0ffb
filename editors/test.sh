#!/usr/bin/env bash
# Runs the editor support test suites:
#   1. editors/vscode: `npm ci && npm test` (TextMate scope assertions, vscode-tmgrammar-test)
#   2. editors/tree-sitter-slate: `tree-sitter generate`, `tree-sitter test` (corpus and
#      highlight tests) and test/parse-examples.sh (every examples/*.sla without errors).
# The tree-sitter CLI is taken from PATH when it is the pinned version; otherwise it is built
# from crates.io into a cache directory ($SLATE_EDITORS_CACHE, default ~/.cache/slate-editors)
# with `cargo install --locked`, once. Needs node, npm, cargo and a C compiler (cc).
set -euo pipefail

TREE_SITTER_CLI_VERSION=0.27.1
editors="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$editors/.." && pwd)"
cache="${SLATE_EDITORS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/slate-editors}"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# Prints a command, runs it, and prints how long it took.
run() {
  echo "+ (cd ${PWD#"$root"/} && $*)"
  local start status=0; start="$(now)"
  "$@" || status=$?
  echo "  took $(elapsed "$start") s"
  return "$status"
}

total_start="$(now)"
passed=0
failed_suites=()

# ------------------------------------------------------------------ the tree-sitter CLI
ts=""
if command -v tree-sitter >/dev/null 2>&1 &&
   [ "$(tree-sitter --version | awk '{print $2}')" = "$TREE_SITTER_CLI_VERSION" ]; then
  ts="$(command -v tree-sitter)"
else
  ts="$cache/tree-sitter-cli-$TREE_SITTER_CLI_VERSION/bin/tree-sitter"
  if [ ! -x "$ts" ]; then
    echo "== installing tree-sitter-cli $TREE_SITTER_CLI_VERSION from crates.io into ${ts%/bin/tree-sitter}"
    run cargo install tree-sitter-cli --locked --version "$TREE_SITTER_CLI_VERSION" \
      --root "$cache/tree-sitter-cli-$TREE_SITTER_CLI_VERSION"
  fi
fi
echo "== tree-sitter: $ts ($("$ts" --version))"
echo "== node $(node --version), npm $(npm --version)"

# ------------------------------------------------------------------ VS Code extension
echo "== editors/vscode"
cd "$editors/vscode"
if run npm ci --no-audit --no-fund && run npm test; then
  passed=$((passed + 1))
else
  failed_suites+=(vscode)
fi

# ------------------------------------------------------------------ tree-sitter grammar
echo "== editors/tree-sitter-slate"
cd "$editors/tree-sitter-slate"
if run "$ts" generate && run "$ts" test; then
  passed=$((passed + 1))
else
  failed_suites+=(tree-sitter-test)
fi
if [ -f src/parser.c ] && TREE_SITTER="$ts" run test/parse-examples.sh; then
  passed=$((passed + 1))
else
  failed_suites+=(parse-examples)
fi

echo "== editors: all suites took $(elapsed "$total_start") s"
if [ ${#failed_suites[@]} -gt 0 ]; then
  echo "failed: ${failed_suites[*]}"
fi
echo "editors: $passed passed, ${#failed_suites[@]} failed"
[ ${#failed_suites[@]} -eq 0 ]
