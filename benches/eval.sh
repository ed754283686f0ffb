#!/usr/bin/env bash
# The benchmark of `slate eval` at scale (docs/performance.md, "Evaluation at
# scale (issue 21)"): the support example's rule set evaluated on about 1, 10
# and 100 million generated records (NDJSON), against serde_json parsing the
# same file (`slate-bench parse-ndjson`, the baseline) and against DuckDB
# reading it and computing a simpler per-ticket query (benches/eval-duckdb.py)
# on one thread and on two. Runs everything RUNS times (default 3),
# interleaved, and prints per size each command's wall time, its ratio to the
# baseline of the same run, µs per record, peak resident memory and bytes per
# record (peak RSS ÷ records), and the speed-up from one thread to two; it
# checks that every `slate eval` report of a size is byte for byte the same.
#
#   cargo build --release -p slate-cli -p slate-bench
#   benches/eval.sh [RUNS]
#
# Environment: SIZES (millions of records, default "1 10 100"; a size is
# generated with `--scale` 400 per million over January and February 2026,
# which gives 0.988, 9.85 and 98.7 million records of 74-76 bytes),
# OUT (the scratch directory, default /tmp/slate-eval-bench: the generated
# files are kept there and reused, and the tables are also written to
# summary.md there; a size whose file the disk cannot hold is skipped, and
# so is `slate eval` at a size where the memory it took per record at a
# smaller size would not fit, unless FORCE=1), VENV (the Python virtual
# environment DuckDB is installed into if it is missing, default
# /tmp/ebench-venv; DUCKDB=0 leaves DuckDB out). `slate eval` is run with
# `--threads 1` and `--threads 2` when its help mentions `--threads` (and
# with its default, one thread per core, too when DEFAULT=1), else once
# with its default. MEMORIES (budgets such as "1G 256M", default none) runs
# `slate eval --threads 2 --memory M` too for each budget M, spilling the
# records to temporary partitions beyond it (docs/performance.md, "Spilling: `slate eval --memory`").
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${CARGO_TARGET_DIR:-$root/target}/release
slate=$bin/slate
bench=$bin/slate-bench
runs=${1:-${RUNS:-3}}
sizes=${SIZES:-1 10 100}
out=${OUT:-/tmp/slate-eval-bench}
venv=${VENV:-/tmp/ebench-venv}
agreement=$root/examples/support.sla
per_million=400       # --scale per million records
bytes_per_record=76   # of the generated NDJSON (75.6 at 100M), rounded up

mkdir -p "$out"
"$slate" rules "$agreement" --to json -o "$out/support.rules.json"

duck=
if [ "${DUCKDB:-1}" = 0 ]; then
  echo "DuckDB: skipped (DUCKDB=0)"
else
  if ! "$venv/bin/python" -c 'import duckdb' 2> /dev/null; then
    echo "installing DuckDB into $venv"
    { python3 -m venv "$venv" && "$venv/bin/pip" install -q duckdb; } > "$out/pip.log" 2>&1 || true
  fi
  if "$venv/bin/python" -c 'import duckdb' 2> /dev/null; then
    duck=$venv/bin/python
  else
    echo "DuckDB: skipped (it could not be installed: see $out/pip.log)"
  fi
fi
if "$slate" eval --help | grep -q -- '--threads'; then
  threads=yes
else
  threads=no
  echo "slate eval --threads: skipped (this slate eval has no --threads option)"
fi

# The events file of SIZE million records, generated once; empty when the
# disk cannot hold it.
events() {
  local size=$1 file=$out/events-${1}M.ndjson
  if [ ! -s "$file" ] || [ ! -s "$file.count" ]; then
    local need avail
    need=$(awk -v s="$size" -v b=$bytes_per_record 'BEGIN { printf "%.0f", s * 1e6 * b + 2^30 }')
    avail=$(df -B1 --output=avail "$out" | tail -1)
    if [ "$avail" -lt "$need" ]; then
      echo "size ${size}M: skipped, the file needs about $((need / 2**20)) MiB with 1 GiB to spare" \
        "and $out has $((avail / 2**20)) MiB free" >&2
      return
    fi
    local scale
    scale=$(awk -v s="$size" -v p=$per_million 'BEGIN { print s * p }')
    echo "generating ${size}M (--scale $scale) into $file" >&2
    "$bench" events "$out/support.rules.json" --from 2026-01-01 --to 2026-02-28 \
      --seed 2 --scale "$scale" > "$file.part" || { echo "size ${size}M: generation failed" >&2; return 1; }
    wc -l < "$file.part" > "$file.count"
    mv "$file.part" "$file"
  fi
  echo "$file"
}

results=$out/results.txt
: > "$results"
# Times a command, given after its label and the file it writes (removed
# first; "" for none): its wall time, peak RSS and CPU time (user + system,
# from `/usr/bin/time`) go to the results with the size, the run and the
# load average before it.
timed() {
  local label=$1 result=$2 status=ok
  shift 2
  [ -z "$result" ] || rm -f "$result"
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  if ! /usr/bin/time -f '%e %M %U %S' -o "$out/time.txt" "$@" > "$out/last.log" 2>&1; then
    status=failed:$(cat "$out/last.log" "$out/time.txt" | head -c 200 | tr -cs '[:alnum:]:./-' '_')
  fi
  local secs kb user sys
  read -r secs kb user sys < <(tail -1 "$out/time.txt")
  echo "size=$size records=$records run=$run label=$label secs=$secs kb=$kb load=$load" \
    "cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') status=$status" \
    | tee -a "$results"
}

# Whether `slate eval` is expected to fit in the memory available now, at
# the largest peak RSS per record it took at a smaller size of this
# invocation (a reader that holds every record would take about 24 GB at
# 100M, more than this machine has); FORCE=1 runs it regardless.
eval_fits() {
  local per need avail
  per=$(awk '$4 ~ /^label=eval/ && $NF == "status=ok" {
      split($2, r, "="); split($6, k, "="); b = k[2] * 1024 / r[2]; if (b > m) m = b }
      END { printf "%.0f", m }' "$results")
  need=$(awk -v p="$per" -v n="$records" 'BEGIN { printf "%.0f", p * n }')
  avail=$(awk '/^MemAvailable/ { printf "%.0f", $2 * 1024 }' /proc/meminfo)
  if [ "${FORCE:-0}" != 1 ] && [ "$need" -gt $((avail * 9 / 10)) ]; then
    echo "size ${size}M: slate eval skipped: at $per bytes per record it would need" \
      "about $((need / 2**20)) MiB and $((avail / 2**20)) MiB are available (FORCE=1 runs it)"
    echo "size=$size records=$records run=$run label=eval secs=0 kb=0 load=0 cpu=0" \
      "status=skipped:would_need_$((need / 2**20))_MiB_of_$((avail / 2**20))_available" >> "$results"
    return 1
  fi
}

for size in $sizes; do
  file=$(events "$size") || exit 1
  [ -n "$file" ] || continue
  records=$(cat "$file.count")
  echo "size ${size}M: $records records, $(($(stat -c %s "$file") / 1000000)) MB"
  cat "$file" > /dev/null # into the page cache, for every command alike
  for run in $(seq "$runs"); do
    echo "size ${size}M, run $run of $runs ($(uptime | sed 's/.*load/load/'))"
    timed parse "" "$bench" parse-ndjson "$file"
    if [ -n "$duck" ]; then
      timed duckdb-start "" "$duck" -c 'import duckdb; duckdb.connect()'
      for t in 1 2; do
        csv=$out/duckdb-${size}M-t$t-r$run.csv
        timed duckdb-t$t "$csv" "$duck" "$root/benches/eval-duckdb.py" "$file" $t "$csv"
      done
    fi
    if ! eval_fits; then
      continue
    fi
    # With --threads, the default (one thread per core) is run only when
    # asked (DEFAULT=1): on a 2-core machine it is `--threads 2` again.
    if [ $threads = no ] || [ "${DEFAULT:-0}" = 1 ]; then
      report=$out/eval-${size}M-r$run.json
      timed eval "$report" "$slate" eval "$agreement" --events "$file" --format json -o "$report"
    fi
    if [ $threads = yes ]; then
      for t in 1 2; do
        report=$out/eval-${size}M-t$t-r$run.json
        timed eval-t$t "$report" "$slate" eval "$agreement" --events "$file" --format json \
          --threads $t -o "$report"
      done
    fi
    for m in ${MEMORIES:-}; do
      report=$out/eval-${size}M-m$m-r$run.json
      timed eval-m$m "$report" "$slate" eval "$agreement" --events "$file" --format json \
        --threads 2 --memory "$m" -o "$report"
    done
  done
done

{
echo
echo "$(date -u +%FT%RZ), $(nproc) cores, slate at $(git -C "$root" rev-parse --short HEAD)" \
  "(binaries built $(date -u -r "$slate" +%FT%RZ))${duck:+, DuckDB $("$duck" -c 'import duckdb; print(duckdb.__version__)')}"
python3 - "$results" "$out" "$threads" "${duck:+yes}" <<'EOF'
import glob, os, sys
from collections import defaultdict

path, out, threads, duck = sys.argv[1:5]
rows = [dict(p.split("=", 1) for p in line.split()) for line in open(path)]
sizes = list(dict.fromkeys(r["size"] for r in rows))
if not sizes:
    sys.exit("no size was run")

def spread(values, fmt, unit=""):
    f = fmt.format
    return f"{f(sum(values) / len(values))}{unit} ({f(min(values))}–{f(max(values))})"

names = {
    "parse": "serde_json parses every line (baseline)",
    "duckdb-start": "Python starts and imports DuckDB (in both rows below)",
    "duckdb-t1": "DuckDB, per-ticket query, 1 thread",
    "duckdb-t2": "DuckDB, per-ticket query, 2 threads",
    "eval": "`slate eval` (default threads)",
    "eval-t1": "`slate eval --threads 1`",
    "eval-t2": "`slate eval --threads 2`",
}
for size in sizes:
    rs = [r for r in rows if r["size"] == size]
    n = int(rs[0]["records"])
    ok = [r for r in rs if r["status"] == "ok"]
    by = defaultdict(dict)  # label -> run -> row
    for r in ok:
        by[r["label"]][r["run"]] = r
    base = by["parse"]
    runs = sorted({r["run"] for r in rs}, key=int)
    loads = [float(r["load"]) for r in rs if not r["status"].startswith("skipped")] or [0.0]
    print(f"\n### {size}M: {n:,} records, {len(runs)} run{'s' if len(runs) > 1 else ''} (load average before each command {min(loads):.2f}–{max(loads):.2f})\n")
    print("| command | seconds, mean (min–max) | ÷ serde_json, same run | µs per record | CPU seconds (user + system) | CPU ÷ serde_json's | peak RSS MB | bytes per record (peak RSS ÷ records) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    spilled = [l for l in by if l.startswith("eval-m")]
    names.update({l: f"`slate eval --threads 2 --memory {l[6:]}`" for l in spilled})
    for label in names:
        got = by.get(label, {})
        failed = [r for r in rs if r["label"] == label and r["status"] != "ok"]
        if not got and not failed:
            continue
        if not got:
            print(f"| {names[label]} | {failed[0]['status'].replace('_', ' ')} (every run) | | | | | | |")
            continue
        secs = [float(r["secs"]) for r in got.values()]
        kb = [float(r["kb"]) for r in got.values()]
        ratio = [float(r["secs"]) / float(base[k]["secs"]) for k, r in got.items() if k in base]
        us = [s * 1e6 / n for s in secs]
        cpu = [float(r["cpu"]) for r in got.values()]
        cpu_ratio = [float(r["cpu"]) / max(float(base[k]["cpu"]), 0.01) for k, r in got.items() if k in base]
        mb = [k / 1024 for k in kb]
        per = [k * 1024 / n for k in kb]
        note = f" ({len(failed)} runs {failed[0]['status'].replace('_', ' ')})" if failed else ""
        print(f"| {names[label]}{note} | {spread(secs, '{:.2f}')} | {spread(ratio, '{:.2f}', '×')} | {spread(us, '{:.3f}')} | {spread(cpu, '{:.2f}')} | {spread(cpu_ratio, '{:.2f}', '×')} | {spread(mb, '{:,.0f}')} | {spread(per, '{:.0f}')} |")
    print()
    if max(loads) > 1.5:
        print(f"- the load average reached {max(loads):.1f} on {os.cpu_count()} cores: other work ran, so wall times are"
              " stretched unevenly and the speed-up from one thread to two is not what a quiet machine gives")
    for one, two, what in [("duckdb-t1", "duckdb-t2", "DuckDB"), ("eval-t1", "eval-t2", "`slate eval`")]:
        a, b = by.get(one, {}), by.get(two, {})
        up = [float(a[k]["secs"]) / float(b[k]["secs"]) for k in a if k in b]
        if up:
            print(f"- {what}, one thread ÷ two threads: {spread(up, '{:.2f}', '×')} over {len(up)} runs")
        elif what == "DuckDB" and not duck:
            print("- DuckDB: skipped")
        elif what != "DuckDB" and threads != "yes":
            print("- `slate eval`, one thread to two: skipped (this `slate eval` has no `--threads`)")
    # The reports this invocation wrote (`timed` removed each one before
    # its command ran), compared byte for byte with the first.
    reports = [os.path.join(out, f"eval-{size}M-{l[5:] + '-' if '-' in l else ''}r{k}.json")
               for l in by if l.startswith("eval") for k in by[l]]
    if reports:
        first = open(reports[0], "rb").read()
        differ = [os.path.basename(p) for p in reports[1:] if open(p, "rb").read() != first]
        if differ:
            print(f"- `slate eval` reports: {', '.join(differ)} differ from {os.path.basename(reports[0])}")
        else:
            print(f"- `slate eval` reports: all {len(reports)} byte-identical (every run and thread count)")
    csvs = [os.path.join(out, f"duckdb-{size}M-{l[7:]}-r{k}.csv") for l in ("duckdb-t1", "duckdb-t2") for k in by.get(l, {})]
    if csvs:
        first = open(csvs[0], "rb").read()
        same = all(open(p, "rb").read() == first for p in csvs[1:])
        print(f"- DuckDB results: {'all ' + str(len(csvs)) + ' identical' if same else 'not all identical'}")
EOF
} | tee "$out/summary.md"
