#!/usr/bin/env bash
# The edit-test loop of two checkouts of Slate, measured alike: a cold
# `cargo test --workspace --no-run`, the test run with everything built,
# and a one-line edit to a crate followed by `--no-run`; three runs each,
# the two trees interleaved, each with a target directory of its own.
#
#   benches/loop/edit-test-loop.sh OLD_CHECKOUT NEW_CHECKOUT [FILE]
#
# FILE is the file edited, relative to each checkout (default
# crates/slate-eval/src/lib.rs). Prints one line per run: what, which
# tree, the run, seconds. Needs bc; builds in debug with
# CARGO_INCREMENTAL=0, as CI does not keep incremental state.
set -u
old=$(realpath "$1") new=$(realpath "$2") file=${3:-crates/slate-eval/src/lib.rs}
export CARGO_INCREMENTAL=0
scratch=$(mktemp -d)
target() { echo "$scratch/$(basename "$1")-$(echo "$1" | md5sum | cut -c1-6)"; }
timed() { # WHAT TREE RUN COMMAND...
  local what=$1 tree=$2 run=$3; shift 3
  local s e; s=$(date +%s.%N)
  (cd "$tree" && CARGO_TARGET_DIR=$(target "$tree") "$@" >/dev/null 2>&1)
  e=$(date +%s.%N)
  echo "$what $(basename "$tree") $run $(echo "$e - $s" | bc)"
}
for run in 1 2 3; do
  for tree in "$old" "$new"; do
    rm -rf "$(target "$tree")"
    timed cold-no-run "$tree" $run cargo test --workspace --locked --no-run
    timed test-run "$tree" $run cargo test --workspace --locked
  done
done
for run in 1 2 3; do
  for tree in "$old" "$new"; do
    # Add a line, take it out, add it again: each one an edit.
    if [ $((run % 2)) -eq 1 ]; then echo "// edit" >> "$tree/$file"; else git -C "$tree" checkout -q -- "$file"; fi
    timed edit-no-run "$tree" $run cargo test --workspace --locked --no-run
  done
done
for tree in "$old" "$new"; do git -C "$tree" checkout -q -- "$file"; done
rm -rf "$scratch"
