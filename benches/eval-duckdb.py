"""DuckDB's side of benches/eval.sh: reads the generated NDJSON of the support
example and computes a per-ticket query, far simpler than `slate eval`: per
ticket, when it was created (and its priority then), its first reply, its
last resolution and how often it was reopened; then per month of creation
and priority, the tickets, how many were replied to and resolved, and the
mean seconds to each (wall-clock, no calendar, no pauses). The result goes
to a CSV file, so that the whole query is computed.

    python eval-duckdb.py EVENTS.ndjson THREADS OUT.csv
"""

import os
import sys

import duckdb


def quote(s):
    return "'" + s.replace("'", "''") + "'"


def main():
    path, threads, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    # Spill, if it must, beside the output rather than in the working directory.
    spill = os.path.join(os.path.dirname(os.path.abspath(out)), "duckdb.tmp")
    con.execute(f"SET temp_directory = {quote(spill)}")
    con.execute(f"""
    COPY (
      WITH tickets AS (
        SELECT id,
          min("at") FILTER (WHERE event = 'created') AS created,
          arg_min(priority, "at") FILTER (WHERE event = 'created') AS priority,
          min("at") FILTER (WHERE event = 'replied') AS replied,
          max("at") FILTER (WHERE event = 'resolved') AS resolved,
          count(*) FILTER (WHERE event = 'reopened') AS reopened
        FROM read_json({quote(path)}, format = 'newline_delimited',
          columns = {{id: 'VARCHAR', "at": 'TIMESTAMPTZ', event: 'VARCHAR',
                     priority: 'VARCHAR'}})
        GROUP BY id)
      SELECT strftime(created AT TIME ZONE 'UTC', '%Y-%m') AS month, priority,
        count(*) AS tickets, count(replied) AS replied,
        count(resolved) AS resolved, sum(reopened) AS reopened,
        round(avg(epoch(replied) - epoch(created))) AS mean_reply_s,
        round(avg(epoch(resolved) - epoch(created))) AS mean_resolve_s
      FROM tickets GROUP BY ALL ORDER BY ALL
    ) TO {quote(out)} (HEADER)
    """)


if __name__ == "__main__":
    main()
