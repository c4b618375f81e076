"""Turn Locust's CSV reports into a summary table, a chart and a per-step saturation table.

Numbers come from Locust's own files (``<prefix>_stats.csv`` and ``<prefix>_stats_history.csv``)
rather than from counters kept here, so a summary always agrees with the CSV and HTML reports next
to it. Locust reports times in milliseconds and rounds percentiles to two significant digits above
100 ms.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from common.io import write_json
from common.tables import markdown_table
from loadtest.progress import AGGREGATED
from loadtest.progress import locust_number as _number

RATIO_MODELS = ("distilbert", "deberta")
# A step within this share of the best step's throughput counts as saturated.
SATURATION_SHARE = 0.95


class ReportError(RuntimeError):
    """A Locust report is missing or has no Aggregated row."""


@dataclass
class Result:
    """One archive's Aggregated row: what a run measured end to end."""

    model: str
    requests: int
    failures: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    avg_ms: float
    max_ms: float


@dataclass
class Step:
    """One step of a step-load run, from the per-second history Locust writes."""

    users: int
    seconds: float
    requests: int
    failures: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float


def read_result(stats_csv: Path, model: str) -> Result:
    """The Aggregated row of ``<prefix>_stats.csv``."""
    row = _aggregated_rows(stats_csv)[-1]
    return Result(
        model=model,
        requests=int(row["Request Count"]),
        failures=int(row["Failure Count"]),
        rps=float(row["Requests/s"]),
        p50_ms=_number(row["50%"]),
        p95_ms=_number(row["95%"]),
        p99_ms=_number(row["99%"]),
        avg_ms=float(row["Average Response Time"]),
        max_ms=float(row["Max Response Time"]),
    )


def read_steps(history_csv: Path) -> list[Step]:
    """One :class:`Step` per user count held. Requests/s comes from the growth of the cumulative
    request count over the step; percentiles from the step's last row, which (with
    --csv-full-history) covers only the last 10 s, i.e. this step's load."""
    groups: list[list[dict[str, str]]] = []
    for row in _aggregated_rows(history_csv):
        if groups and groups[-1][0]["User Count"] == row["User Count"]:
            groups[-1].append(row)
        else:
            groups.append([row])
    return [_step(rows) for rows in groups if len(rows) > 1 and int(rows[0]["User Count"]) > 0]


def _step(rows: list[dict[str, str]]) -> Step:
    first, last = rows[0], rows[-1]
    seconds = float(last["Timestamp"]) - float(first["Timestamp"])
    requests = int(last["Total Request Count"]) - int(first["Total Request Count"])
    return Step(
        users=int(last["User Count"]),
        seconds=seconds,
        requests=requests,
        failures=int(last["Total Failure Count"]) - int(first["Total Failure Count"]),
        rps=requests / seconds,
        p50_ms=_number(last["50%"]),
        p95_ms=_number(last["95%"]),
        p99_ms=_number(last["99%"]),
    )


def saturation(steps: list[Step]) -> Step | None:
    """The first step whose throughput is within :data:`SATURATION_SHARE` of the best one: more
    users than this only queue."""
    if not steps:
        return None
    best = max(step.rps for step in steps)
    return next(step for step in steps if step.rps >= SATURATION_SHARE * best)


def _aggregated_rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise ReportError(f"Locust wrote no {path.name} (see its output above)")
    with path.open(newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row.get("Name") == AGGREGATED]
    if not rows:
        raise ReportError(f"{path} has no {AGGREGATED} row")
    return rows


def results_table(results: Iterable[Result]) -> str:
    headers = ["model", "requests", "failures", "req/s", "p50 ms", "p95 ms", "p99 ms", "avg ms"]
    rows = [
        [
            *(r.model, r.requests, r.failures, f"{r.rps:.1f}"),
            *(f"{r.p50_ms:.0f}", f"{r.p95_ms:.0f}", f"{r.p99_ms:.0f}", f"{r.avg_ms:.1f}"),
        ]
        for r in results
    ]
    return markdown_table(headers, rows)


def steps_table(steps: Iterable[Step]) -> str:
    headers = ["users", "seconds", "requests", "failures", "req/s", "p50 ms", "p95 ms", "p99 ms"]
    rows = [
        [
            *(s.users, f"{s.seconds:.0f}", s.requests, s.failures, f"{s.rps:.1f}"),
            *(f"{s.p50_ms:.0f}", f"{s.p95_ms:.0f}", f"{s.p99_ms:.0f}"),
        ]
        for s in steps
    ]
    return markdown_table(headers, rows, "r" * len(headers))


def throughput_ratio(results: Iterable[Result]) -> float | None:
    """DistilBERT req/s over DeBERTa req/s, when both ran and DeBERTa served anything."""
    rps = {r.model: r.rps for r in results}
    fast, slow = (rps.get(name) for name in RATIO_MODELS)
    return fast / slow if fast is not None and slow else None


def summary_markdown(
    results: list[Result], settings: dict[str, Any], steps: dict[str, list[Step]] | None = None
) -> str:
    lines = ["# Load test", "", _settings_line(settings), "", results_table(results), ""]
    ratio = throughput_ratio(results)
    if ratio is not None:
        lines += [f"DistilBERT/DeBERTa throughput ratio: **{ratio:.2f}x**", ""]
    for model, model_steps in (steps or {}).items():
        lines += [f"## Steps: {model}", "", steps_table(model_steps), "", _saturation_line(model_steps), ""]
    lines.append("Locust's own reports: `<model>_stats.csv`, `<model>_failures.csv`, `<model>.html`.")
    return "\n".join(lines) + "\n"


def _settings_line(settings: dict[str, Any]) -> str:
    return "Settings: " + ", ".join(f"{key} `{value}`" for key, value in settings.items())


def _saturation_line(steps: list[Step]) -> str:
    step = saturation(steps)
    if step is None:
        return "No complete step: lengthen --step-time."
    if step is steps[-1]:
        return (
            f"Throughput was still growing at the last step ({step.users} users, {step.rps:.1f} req/s): "
            "raise --step-max-users to find the saturation point."
        )
    return (
        f"Throughput saturates at **{step.users} users** ({step.rps:.1f} req/s, p95 {step.p95_ms:.0f} ms): "
        "more users only add latency."
    )


def write_summary(
    out: Path, results: list[Result], settings: dict[str, Any], steps: dict[str, list[Step]] | None = None
) -> str:
    """``summary.md``, ``summary.json`` and ``summary.png`` (plus ``steps.png``) in ``out``."""
    markdown = summary_markdown(results, settings, steps)
    (out / "summary.md").write_text(markdown)
    document = {
        "settings": settings,
        "results": [plain(r) for r in results],
        "distilbert_deberta_throughput_ratio": throughput_ratio(results),
        "steps": {model: [plain(s) for s in model_steps] for model, model_steps in (steps or {}).items()},
    }
    write_json(out / "summary.json", document, default=str, allow_nan=False)
    if results:
        plot_results(results, out / "summary.png")
    if steps:
        plot_steps(steps, out / "steps.png")
    return markdown


def plain(record: Result | Step) -> dict[str, Any]:
    """A dataclass as strict JSON: a percentile of no requests (NaN) becomes null."""
    return {
        key: None if isinstance(value, float) and math.isnan(value) else value
        for key, value in asdict(record).items()
    }


def plot_results(results: list[Result], path: Path) -> None:
    """Throughput and latency percentiles per archive, side by side."""
    figure = Figure(figsize=(10, 4), layout="constrained")
    throughput, latency = figure.subplots(1, 2)
    names = [r.model for r in results]
    throughput.bar(names, [r.rps for r in results], color="tab:blue")
    throughput.set(title="Throughput", ylabel="requests/s")
    width = 0.25
    for offset, (label, attribute) in enumerate((("p50", "p50_ms"), ("p95", "p95_ms"), ("p99", "p99_ms"))):
        positions = [i + (offset - 1) * width for i in range(len(results))]
        latency.bar(positions, [getattr(r, attribute) for r in results], width, label=label)
    latency.set_xticks(range(len(results)), names)
    latency.set(title="Latency", ylabel="ms")
    latency.legend()
    figure.savefig(path, dpi=120)


def plot_steps(steps: dict[str, list[Step]], path: Path) -> None:
    """Throughput and p95 against users: the knee of the throughput curve is the saturation point."""
    figure = Figure(figsize=(10, 4), layout="constrained")
    throughput, latency = figure.subplots(1, 2)
    for model, model_steps in steps.items():
        users = [s.users for s in model_steps]
        throughput.plot(users, [s.rps for s in model_steps], marker="o", label=model)
        latency.plot(users, [s.p95_ms for s in model_steps], marker="o", label=model)
    throughput.set(title="Throughput per step", xlabel="users", ylabel="requests/s")
    latency.set(title="p95 latency per step", xlabel="users", ylabel="ms")
    throughput.legend()
    latency.legend()
    figure.savefig(path, dpi=120)
