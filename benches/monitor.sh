#!/usr/bin/env bash
# The benchmark of `slate monitor` (docs/performance.md, "The monitor"):
# sustained ingest rate and latency per batch of `POST /v1/events` against
# `slate eval` reading the same records from a file, and resident memory
# after a year of a large desk's history, after only the items that history
# leaves unsettled, and per open item. Runs everything RUNS times (default
# 3) and prints each figure's mean and spread (min–max).
#
#   cargo build --release -p slate-cli -p slate-bench
#   benches/monitor.sh [RUNS]
#
# Environment: SCALE (default 70: about 305,000 tickets and 1.08 million
# records in the year), BATCH (records per request, default 1000),
# CONNECTIONS (concurrent connections, default 4), N1 and N2 (open tickets
# for the memory per item, default 20000 and 100000), OUT (the scratch
# directory, default /tmp/slate-monitor-bench; the generated files are kept
# there and reused).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${CARGO_TARGET_DIR:-$root/target}/release
slate=$bin/slate
bench=$bin/slate-bench
runs=${1:-3}
scale=${SCALE:-70}
batch=${BATCH:-1000}
conns=${CONNECTIONS:-4}
n1=${N1:-20000}
n2=${N2:-100000}
out=${OUT:-/tmp/slate-monitor-bench}
agreement=$root/examples/support.sla
# The history is exported at 22:00 on 31 December (records at or after it
# are left out): with the monitor's clock started then, December is the
# current period, so its items are unsettled (a record at or after the fold
# boundary, 1 December), and the clock, running at rate 1, does not reach
# January during a run.
end=2026-12-31T22:00:00Z
# Nine hours into January: December is final, only open items stay.
turn=2027-01-01T09:00:00Z

mkdir -p "$out"
year=$out/year-$scale-22h.ndjson
"$slate" rules "$agreement" --to json -o "$out/support.rules.json"
if [ ! -s "$year" ]; then
  "$bench" events "$out/support.rules.json" --from 2026-01-01 --to 2026-12-31 \
    --seed 2 --scale "$scale" --tail 0 | awk -F'"at":"' -v end=$end '$2 < end' > "$year"
fi
"$bench" unsettled "$out/support.rules.json" "$year" --as-of $end > "$out/unsettled-end.ndjson"
"$bench" unsettled "$out/support.rules.json" "$year" --as-of $turn > "$out/unsettled-turn.ndjson"
"$bench" open-tickets "$n1" --at $end > "$out/open-$n1.ndjson"
"$bench" open-tickets "$n2" --at $end > "$out/open-$n2.ndjson"
echo "year: $(wc -l < "$year") records, $(grep -c '"created"' "$year") tickets" \
  "($(du -m "$year" | cut -f1) MB); unsettled at $end: $(wc -l < "$out/unsettled-end.ndjson")" \
  "records; at $turn: $(wc -l < "$out/unsettled-turn.ndjson") records"

results=$out/results.txt
: > "$results"
m() {
  "$bench" monitor "$slate" "$agreement" "$@" --batch "$batch" --connections "$conns" \
    2>> "$out/bench.log" | tee -a "$results"
}
for run in $(seq "$runs"); do
  echo "run $run of $runs ($(uptime | sed 's/.*load/load/'))"
  m "$year" --clock-start $end --label year-end --eval --restart
  m "$out/unsettled-end.ndjson" --clock-start $end --label unsettled-end
  m "$year" --clock-start $turn --label year-turn --restart
  m "$out/unsettled-turn.ndjson" --clock-start $turn --label unsettled-turn
  m "$out/open-$n1.ndjson" --clock-start $end --label "open-$n1"
  m "$out/open-$n2.ndjson" --clock-start $end --label "open-$n2"
done

python3 - "$results" "$n1" "$n2" <<'EOF'
import sys
from collections import defaultdict

path, n1, n2 = sys.argv[1], sys.argv[2], sys.argv[3]
runs = defaultdict(list)
for line in open(path):
    kv = dict(p.split("=", 1) for p in line.split())
    runs[kv["label"]].append(kv)

def spread(values, fmt="{:,.0f}"):
    return f"{fmt.format(sum(values) / len(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"

def col(label, key):
    return [float(r[key]) for r in runs[label] if key in r]

print("\nmean (min–max) of", len(runs["year-end"]), "runs")
y = "year-end"
print(f"ingest, {runs[y][0]['records']} records, B={runs[y][0]['batch']}, C={runs[y][0]['connections']}:")
print("  slate eval (baseline)   ", spread(col(y, "eval_rps")), "records/s")
print("  monitor ingest          ", spread(col(y, "ingest_rps")), "records/s")
print("  monitor ÷ eval          ", spread(col(y, "ratio"), "{:.3f}"))
print("  latency per batch p50   ", spread(col(y, "p50_ms"), "{:.1f}"), "ms")
print("  latency per batch p99   ", spread(col(y, "p99_ms"), "{:.1f}"), "ms")
for l in ["year-turn"]:
    print(f"  ({l}: {spread(col(l, 'ingest_rps'))} records/s, p99 {spread(col(l, 'p99_ms'), '{:.1f}')} ms)")
print("resident memory (MB), VmRSS after ingesting / VmHWM / after a restart on the same state:")
mb = lambda v: [x / 1024 for x in v]
for l in runs:
    line = f"  {l:16} records {runs[l][0]['records']:>8}: rss {spread(mb(col(l, 'rss_kb')), '{:.1f}')}, hwm {spread(mb(col(l, 'hwm_kb')), '{:.1f}')}"
    if col(l, "restart_rss_kb"):
        line += f", restart {spread(mb(col(l, 'restart_rss_kb')), '{:.1f}')} in {spread(col(l, 'restart_s'), '{:.2f}')} s"
    line += f"; held {spread(col(l, 'memory_items'))} items, {spread(col(l, 'memory_records'))} records, {spread(col(l, 'open_items'))} open"
    if col(l, "restart_memory_items"):
        line += f" (after restart {spread(col(l, 'restart_memory_items'))} items)"
    print(line)
for a, b in [("year-end", "unsettled-end"), ("year-turn", "unsettled-turn")]:
    r = [x / y for x, y in zip(col(a, "rss_kb"), col(b, "rss_kb"))]
    print(f"  {a} ÷ {b}: {spread(r, '{:.2f}')}")
for n in [n1, n2]:
    l = f"open-{n}"
    per = [(x - e) * 1024 / float(n) for x, e in zip(col(l, "rss_kb"), col(l, "rss_empty_kb"))]
    print(f"  per open item, {n} vs 0: {spread(per)} bytes")
for n in [n1, n2]:
    l = f"open-{n}"
    per = [(x - e) * 1024 / float(n) for x, e in zip(col(l, "rss_scraped_kb"), col(l, "rss_empty_kb"))]
    print(f"  per open item with the live view computed (after a scrape), {n} vs 0: {spread(per)} bytes")
slope = [(b - a) * 1024 / (float(n2) - float(n1)) for a, b in zip(col(f"open-{n1}", "rss_kb"), col(f"open-{n2}", "rss_kb"))]
print(f"  per open item, {n2} vs {n1}: {spread(slope)} bytes")
EOF
