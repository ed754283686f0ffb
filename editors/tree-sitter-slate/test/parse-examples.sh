#!/usr/bin/env bash
# Parses every examples/*.sla (and the multi-level example and valid link cases) with the tree-sitter grammar and fails if any tree holds an
# ERROR, MISSING or unknown_statement node. Run from anywhere, after `tree-sitter generate`.
set -euo pipefail
grammar_dir="$(cd "$(dirname "$0")/.." && pwd)"
repo_root="$(cd "$grammar_dir/../.." && pwd)"
ts="${TREE_SITTER:-tree-sitter}"
cd "$grammar_dir"

shopt -s nullglob
examples=("$repo_root"/examples/*.sla "$repo_root"/examples/multi-level/*.sla "$repo_root"/tests/data/link/ok-*/*.sla)
if [ ${#examples[@]} -eq 0 ]; then
  echo "parse-examples: no examples/*.sla under $repo_root" >&2
  exit 1
fi

failed=0
for f in "${examples[@]}"; do
  tree="$("$ts" parse --no-ranges "$f" 2>/dev/null)" || true
  if [ -z "$tree" ] || grep -qE '\((ERROR|MISSING|unknown_statement)\b|\(MISSING ' <<<"$tree"; then
    echo "FAIL ${f#"$repo_root"/}"
    "$ts" parse "$f" 2>/dev/null | grep -nE 'ERROR|MISSING|unknown_statement' | head -20 || true
    failed=$((failed + 1))
  else
    echo "ok   ${f#"$repo_root"/}"
  fi
done
echo "parse-examples: $(( ${#examples[@]} - failed )) passed, $failed failed"
[ "$failed" -eq 0 ]
