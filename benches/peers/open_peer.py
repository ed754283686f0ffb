"""Python peers for Slate's open(a, b) benchmark.

Reads the spans written by `slate-bench open-spans` and Slate's answers
written by `slate-bench open`, computes the same business time with the PyPI
packages `workclock` (Rust core, batched through NumPy) and
`businesstimedelta` (pure Python), checks the answers agree with Slate's,
and prints one JSON line per peer with calls per second.

The calendar is the one `slate-bench` uses: Europe/London, Monday to Friday
09:00-17:00, closed on England's 2026 bank holidays. For daytime hours the
three agree on meaning: a holiday removes the whole local date, and time is
counted in real seconds across clock changes.

    pip install workclock businesstimedelta numpy pytz
    python3 benches/peers/open_peer.py spans.txt answers.txt [SAMPLE]

SAMPLE (default 20000) is how many spans the slow pure-Python peer runs.
"""

import datetime as dt
import json
import sys
import time

import numpy as np

HOLIDAYS = [
    dt.date(2026, 1, 1),
    dt.date(2026, 4, 3),
    dt.date(2026, 4, 6),
    dt.date(2026, 5, 4),
    dt.date(2026, 5, 25),
    dt.date(2026, 8, 31),
    dt.date(2026, 12, 25),
    dt.date(2026, 12, 28),
]


def load(path):
    return np.loadtxt(path, dtype=np.int64, ndmin=2)


def report(name, calls, seconds, agree, compared):
    print(
        json.dumps(
            {
                "peer": name,
                "calls": int(calls),
                "seconds": round(seconds, 6),
                "calls_per_second": round(calls / seconds),
                "agree": int(agree),
                "compared": int(compared),
            }
        )
    )


def workclock_peer(starts, ends, answers):
    from workclock import Holidays, Schedule, WorkDay

    office = Schedule(
        [WorkDay(dt.time(9), dt.time(17)), Holidays(HOLIDAYS)],
        time_zone="Europe/London",
    )
    a = starts.astype("datetime64[s]").astype("datetime64[us]")
    b = ends.astype("datetime64[s]").astype("datetime64[us]")
    office.between_many(a[:10], b[:10])  # warm up
    t0 = time.perf_counter()
    got = office.between_many(a, b)
    elapsed = time.perf_counter() - t0
    secs = got.astype("timedelta64[s]").astype(np.int64)
    agree = int(np.sum(secs == answers))
    report("workclock", len(starts), elapsed, agree, len(starts))
    return secs


def businesstimedelta_peer(starts, ends, answers, sample):
    import businesstimedelta as btd
    import pytz

    london = pytz.timezone("Europe/London")
    rules = btd.Rules(
        [
            btd.WorkDayRule(
                start_time=dt.time(9),
                end_time=dt.time(17),
                working_days=[0, 1, 2, 3, 4],
                tz=london,
            ),
            # businesstimedelta fails when it finds no holiday within a year;
            # a sentinel after every span keeps it going and changes no answer.
            btd.HolidayRule(HOLIDAYS + [dt.date(2027, 2, 1)], tz=london),
        ]
    )
    n = min(sample, len(starts))
    utc = dt.timezone.utc
    pairs = [
        (
            dt.datetime.fromtimestamp(int(starts[i]), utc),
            dt.datetime.fromtimestamp(int(ends[i]), utc),
        )
        for i in range(n)
    ]
    t0 = time.perf_counter()
    got = [rules.difference(a, b) for a, b in pairs]
    elapsed = time.perf_counter() - t0
    secs = np.array(
        [int(d.timedelta.total_seconds()) for d in got], dtype=np.int64
    )
    agree = int(np.sum(secs == answers[:n]))
    report("businesstimedelta", n, elapsed, agree, n)


def main():
    spans = load(sys.argv[1])
    answers = load(sys.argv[2])[:, 0]
    sample = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    starts, ends = spans[:, 0], spans[:, 1]
    workclock_peer(starts, ends, answers)
    businesstimedelta_peer(starts, ends, answers, sample)


if __name__ == "__main__":
    main()
