"""One progress line of a running load test, so a minute-long run is not a minute of silence.

Locust's own periodic table is switched off (``--only-summary``: the final report is what the
summary is computed from); instead the locustfile prints one line every ``--progress-every``
seconds from its live stats, and the reliability runs print one line per minute from Locust's
``<prefix>_stats_history.csv`` plus the worker memory they sample. Both go through
:func:`progress_line`, so the two read the same. This module imports no Locust: importing Locust
monkey-patches the importing process with gevent.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

AGGREGATED = "Aggregated"
# Locust's default stats window is 10 s, so its "current" req/s changes meaningfully at that pace.
DEFAULT_INTERVAL_SECONDS = 10.0


@dataclass(frozen=True)
class Snapshot:
    """The Aggregated counters at one moment of a run; percentiles cover every request so far."""

    elapsed_s: float
    requests: int
    failures: int
    rps: float
    p50_ms: float
    p99_ms: float


def progress_line(snapshot: Snapshot, label: str = "", extra: str = "") -> str:
    """``[label] 0:40 requests 812 failures 0 (0.0%) 20.3 req/s p50 95 ms p99 240 ms[ | extra]``.

    Elapsed as minutes:seconds because soaks run for many minutes; a failure share because a count
    alone says little about a run of thousands of requests."""
    minutes, seconds = divmod(int(snapshot.elapsed_s), 60)
    share = 100 * snapshot.failures / snapshot.requests if snapshot.requests else 0.0
    parts = [
        f"[{label}]" if label else "",
        f"{minutes}:{seconds:02d}",
        f"requests {snapshot.requests}",
        f"failures {snapshot.failures} ({share:.1f}%)",
        f"{snapshot.rps:.1f} req/s",
        f"p50 {_ms(snapshot.p50_ms)}",
        f"p99 {_ms(snapshot.p99_ms)}",
    ]
    line = " ".join(part for part in parts if part)
    return f"{line} | {extra}" if extra else line


def _ms(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.0f} ms"


def history_snapshot(history_csv: Path, started: float | None = None) -> Snapshot | None:
    """The last Aggregated row of Locust's ``<prefix>_stats_history.csv``, or None before Locust
    has written (and flushed) one. ``started``: the Unix time to count elapsed seconds from
    (default: the file's first row)."""
    if not history_csv.is_file():
        return None
    with history_csv.open(newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row.get("Name") == AGGREGATED]
    # Locust flushes the file every few seconds, so the last line can be cut short: take the last
    # row that parses.
    for last in reversed(rows):
        try:
            origin = started if started is not None else float(rows[0]["Timestamp"])
            return Snapshot(
                elapsed_s=max(0.0, float(last["Timestamp"]) - origin),
                requests=int(last["Total Request Count"]),
                failures=int(last["Total Failure Count"]),
                rps=float(last["Requests/s"]),
                p50_ms=locust_number(last["50%"]),
                p99_ms=locust_number(last["99%"]),
            )
        except (KeyError, TypeError, ValueError):
            continue
    return None


def locust_number(value: str) -> float:
    """Locust writes N/A for a percentile of no requests."""
    return float(value) if value not in ("", "N/A") else float("nan")
