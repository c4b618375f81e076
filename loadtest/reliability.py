"""Reliability under load: kill a worker mid-run (``make fault``), or hold a load for long (``make soak``).

    python -m loadtest.reliability fault --model distilbert --users 8 --run-time 60s --kill-after 20
    python -m loadtest.reliability soak --model distilbert --users 4 --run-time 10m --sample-every 10

Both start a private TorchServe (the shipped config.properties on free loopback ports, archives from
model_store, registered with their own model-config), run the real ``locust`` CLI against one
archive in a background thread, and act on the server while it runs:

fault   SIGKILLs one worker process after --kill-after seconds, then polls the management API until
        every worker is READY again under a new process id: the recovery time. Locust's own counts
        give the requests that failed; its slowest request is checked against the model's
        responseTimeout, so no request waited past it.
soak    samples the resident memory (RSS) of every worker and of the frontend JVM every
        --sample-every seconds. Memory rises during a warm-up (--warmup, 3 minutes: the
        allocator's caches grow while batches of new shapes arrive), so the growth reported is
        measured after it: the last minute's mean minus the first post-warm-up minute's, and the
        least-squares slope in MB per hour, which is what a leak shows as.

Reports land in ``reports/<fault|soak>/<UTC time>/``: Locust's CSV/HTML, ``rss.csv`` (soak) and
``summary.md``/``summary.json``. The exit status is 1 when a soak request failed or a fault run
did not recover, so either can gate a release.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import logging
import os
import signal
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from common import torchserve as server
from common.io import write_json
from common.paths import MODEL_STORE, REPORTS_DIR
from common.tables import markdown_table
from loadtest import progress, reports
from loadtest.prompts import PromptError, load_prompts
from loadtest.reports import ReportError
from loadtest.run import (
    LoadTestError,
    add_load_arguments,
    check_archives,
    load_options,
    parse_load_args,
    preflight,
    run_directory,
    run_locust,
)

logger = logging.getLogger(__name__)

RECOVERY_POLL_SECONDS = 0.1
# Longest a killed worker may take to come back before the run counts as not recovered.
RECOVERY_LIMIT_SECONDS = 120.0
# Soak growth compares the first minute after the warm-up with the last minute.
GROWTH_WINDOW_SECONDS = 60.0
# Workers' RSS grows during the first minutes of a soak, then levels off (docs/measurements.md).
WARMUP_SECONDS = 180.0


@dataclass
class FaultReport:
    model: str
    killed_pid: int
    killed_after_s: float
    recovered: bool
    recovery_s: float | None
    new_pids: list[int]
    requests: int
    failures: int
    max_response_ms: float
    response_timeout_s: int


@dataclass
class SoakReport:
    model: str
    requests: int
    failures: int
    rps: float
    p99_ms: float
    samples: int
    warmup_s: float
    worker_rss_start_mb: float
    worker_rss_after_warmup_mb: float
    worker_rss_end_mb: float
    worker_rss_growth_after_warmup_mb: float
    worker_rss_slope_mb_per_hour: float
    frontend_rss_start_mb: float
    frontend_rss_end_mb: float
    worker_restarts: int


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    fault = commands.add_parser("fault", help="kill a worker under load and measure the recovery")
    soak = commands.add_parser("soak", help="hold a load and record worker memory")
    for sub, users, run_time in ((fault, 8, "60s"), (soak, 4, "10m")):
        sub.add_argument("--model", default="distilbert", help="archive in --model-store")
        sub.add_argument("--model-store", type=Path, default=MODEL_STORE)
        # One line a minute, with worker memory: these runs are long.
        add_load_arguments(sub, users=users, run_time=run_time, mix="mixed", progress_every=60.0)
        sub.add_argument("--output-dir", type=Path, default=REPORTS_DIR / sub.prog.split()[-1])
    fault.add_argument("--kill-after", type=float, default=20.0, help="seconds of load before the kill")
    soak.add_argument("--sample-every", type=float, default=10.0, help="seconds between RSS samples")
    soak.add_argument(
        "--warmup", type=float, default=WARMUP_SECONDS, help="seconds of samples left out of the growth"
    )
    return parse_load_args(parser, argv)


def main(argv: list[str] | None = None) -> int:
    server.prepare_cli()
    args = parse_args(argv)
    try:
        load_prompts(args.data, args.prompt_mix)
        check_archives(args.model_store, [args.model])
        out = run_directory(args.output_dir)
        report = run_fault(args, out) if args.command == "fault" else run_soak(args, out)
    except (LoadTestError, PromptError, ReportError, server.ServerError) as error:
        logger.error("%s", error)
        return 2
    markdown = write_summary(out, args, report)
    sys.stdout.write(f"\n{markdown}\nReports in {out}\n")
    if isinstance(report, FaultReport):
        return 0 if report.recovered and report.max_response_ms <= report.response_timeout_s * 1000 else 1
    return 1 if report.failures else 0


@contextlib.contextmanager
def loaded_server(args: argparse.Namespace, out: Path) -> Iterator[tuple[server.Server, threading.Thread]]:
    """A private server with the model registered, and Locust running against it in a thread;
    leaving the block waits for Locust to finish, then stops the server. Progress lines come from
    a second thread here (with worker memory), not from Locust."""
    home = out / "torchserve"
    config = server.write_config(home, args.model_store)
    load = load_options(args, progress_every=0)
    with server.torchserve(config, home) as running:
        server.register(running, args.model)
        key = running.keys["inference"]
        preflight(running.inference, key, args.model)
        errors: list[Exception] = []

        def locust() -> None:
            try:
                run_locust(
                    running.inference,
                    key,
                    args.model,
                    out / args.model,
                    load,
                    args.data,
                    args.prompt_mix,
                )
            except Exception as error:  # handed to the main thread below
                errors.append(error)

        thread = threading.Thread(target=locust, name="locust", daemon=True)
        thread.start()
        if args.progress_every > 0:
            history = out / f"{args.model}_stats_history.csv"
            threading.Thread(
                target=report_progress,
                args=(running, args.model, history, thread, args.progress_every),
                name="progress",
                daemon=True,
            ).start()
        yield running, thread
        thread.join()
        if errors:
            raise errors[0]


def report_progress(
    running: server.Server, model: str, history: Path, locust: threading.Thread, every: float
) -> None:
    """Every ``every`` seconds while Locust runs: its counts so far (from the stats history it
    writes) and the workers' and frontend's resident memory."""
    frontend: psutil.Process | None = None
    with contextlib.suppress(server.ServerError, psutil.Error):
        frontend = frontend_process(running)
    while True:
        locust.join(every)
        if not locust.is_alive():
            return
        snapshot = progress.history_snapshot(history)
        if snapshot is None:
            continue
        line = progress.progress_line(snapshot, model, memory_note(running, model, frontend))
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def memory_note(running: server.Server, model: str, frontend: psutil.Process | None) -> str:
    """``workers 1 RSS 412 MB, frontend 310 MB``; a worker being restarted is just absent."""
    pids: dict[int, str] = {}
    with contextlib.suppress(server.ServerError):
        pids = server.worker_pids(running, model)
    note = f"workers {len(pids)} RSS {sum(rss_mb(pid) for pid in pids):.0f} MB"
    return f"{note}, frontend {rss_mb(frontend.pid):.0f} MB" if frontend else note


# --- fault ------------------------------------------------------------------------------------


def run_fault(args: argparse.Namespace, out: Path) -> FaultReport:
    with loaded_server(args, out) as (running, locust):
        started = time.monotonic()
        time.sleep(args.kill_after)
        if not locust.is_alive():
            raise LoadTestError(
                f"Locust finished before the kill: make --run-time longer than {args.kill_after}s"
            )
        before = server.worker_pids(running, args.model)
        victim = min(before)
        killed_after = time.monotonic() - started
        os.kill(victim, signal.SIGKILL)
        logger.info("killed worker %d of %s after %.1f s of load", victim, args.model, killed_after)
        recovery, pids = wait_for_recovery(running, args.model, victim, len(before))
        described = server.describe(running, args.model)
    result = reports.read_result(out / f"{args.model}_stats.csv", args.model)
    return FaultReport(
        model=args.model,
        killed_pid=victim,
        killed_after_s=round(killed_after, 1),
        recovered=recovery is not None,
        recovery_s=None if recovery is None else round(recovery, 2),
        new_pids=sorted(set(pids) - set(before)),
        requests=result.requests,
        failures=result.failures,
        max_response_ms=round(result.max_ms, 1),
        response_timeout_s=int(described["responseTimeout"]),
    )


def wait_for_recovery(
    running: server.Server, model: str, victim: int, workers: int
) -> tuple[float | None, dict[int, str]]:
    """Seconds until ``workers`` workers are READY and none is the killed process, or None."""
    killed = time.monotonic()
    pids: dict[int, str] = {}
    while time.monotonic() - killed < RECOVERY_LIMIT_SECONDS:
        with contextlib.suppress(server.ServerError):
            pids = server.worker_pids(running, model)
        ready = [pid for pid, status in pids.items() if status == "READY"]
        if victim not in pids and len(ready) >= workers:
            return time.monotonic() - killed, pids
        time.sleep(RECOVERY_POLL_SECONDS)
    return None, pids


# --- soak -------------------------------------------------------------------------------------


def run_soak(args: argparse.Namespace, out: Path) -> SoakReport:
    samples: list[dict[str, float]] = []
    with loaded_server(args, out) as (running, locust):
        frontend = frontend_process(running)
        started = time.monotonic()
        first_pids = set(server.worker_pids(running, args.model))
        seen_pids = set(first_pids)
        while locust.is_alive():
            pids = server.worker_pids(running, args.model)
            seen_pids |= set(pids)
            samples.append(
                {
                    "seconds": round(time.monotonic() - started, 1),
                    "workers": len(pids),
                    "worker_rss_mb": sum(rss_mb(pid) for pid in pids),
                    "frontend_rss_mb": rss_mb(frontend.pid),
                }
            )
            locust.join(args.sample_every)
        restarts = len(seen_pids - first_pids)
    write_samples(out / "rss.csv", samples)
    result = reports.read_result(out / f"{args.model}_stats.csv", args.model)
    steady = [sample for sample in samples if sample["seconds"] >= args.warmup]
    if len(steady) < 2:
        steady = samples
    first, last = window(steady, first=True), window(steady, first=False)
    return SoakReport(
        model=args.model,
        requests=result.requests,
        failures=result.failures,
        rps=round(result.rps, 1),
        p99_ms=result.p99_ms,
        samples=len(samples),
        warmup_s=steady[0]["seconds"] if steady else 0.0,
        worker_rss_start_mb=round(samples[0]["worker_rss_mb"], 1) if samples else 0.0,
        worker_rss_after_warmup_mb=round(mean(first, "worker_rss_mb"), 1),
        worker_rss_end_mb=round(mean(last, "worker_rss_mb"), 1),
        worker_rss_growth_after_warmup_mb=round(
            mean(last, "worker_rss_mb") - mean(first, "worker_rss_mb"), 1
        ),
        worker_rss_slope_mb_per_hour=round(slope_per_hour(steady, "worker_rss_mb"), 1),
        frontend_rss_start_mb=round(samples[0]["frontend_rss_mb"], 1) if samples else 0.0,
        frontend_rss_end_mb=round(mean(last, "frontend_rss_mb"), 1),
        worker_restarts=restarts,
    )


def frontend_process(running: server.Server) -> psutil.Process:
    """The JVM: the process listening on the inference port."""
    port = int(running.inference.rsplit(":", 1)[1])
    for connection in psutil.net_connections(kind="tcp"):
        if connection.status == psutil.CONN_LISTEN and connection.laddr.port == port and connection.pid:
            return psutil.Process(connection.pid)
    raise server.ServerError(f"no process listens on {running.inference}")


def rss_mb(pid: int) -> float:
    try:
        return psutil.Process(pid).memory_info().rss / 2**20
    except psutil.NoSuchProcess:
        return 0.0


def window(samples: list[dict[str, float]], first: bool) -> list[dict[str, float]]:
    """The samples of the first (or last) :data:`GROWTH_WINDOW_SECONDS`, at least one."""
    if not samples:
        return []
    if first:
        edge = samples[0]["seconds"] + GROWTH_WINDOW_SECONDS
        chosen = [sample for sample in samples if sample["seconds"] <= edge]
    else:
        edge = samples[-1]["seconds"] - GROWTH_WINDOW_SECONDS
        chosen = [sample for sample in samples if sample["seconds"] >= edge]
    return chosen or samples[-1:]


def slope_per_hour(samples: list[dict[str, float]], key: str) -> float:
    if len(samples) < 2:
        return 0.0
    fit = statistics.linear_regression(
        [sample["seconds"] for sample in samples], [sample[key] for sample in samples]
    )
    return fit.slope * 3600


def mean(samples: list[dict[str, float]], key: str) -> float:
    return statistics.fmean(sample[key] for sample in samples) if samples else 0.0


def write_samples(path: Path, samples: list[dict[str, float]]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["seconds", "workers", "worker_rss_mb", "frontend_rss_mb"])
        writer.writeheader()
        writer.writerows(samples)


# --- summary ----------------------------------------------------------------------------------


def write_summary(out: Path, args: argparse.Namespace, report: FaultReport | SoakReport) -> str:
    settings = {
        "model": args.model,
        "users": args.users,
        "run_time": args.run_time,
        "prompts": str(args.data),
        "prompt_mix": args.prompt_mix,
    }
    write_json(out / "summary.json", {"settings": settings, "report": asdict(report)})
    title = "Worker kill under load" if isinstance(report, FaultReport) else "Soak"
    rows = [(name.replace("_", " "), value) for name, value in asdict(report).items()]
    lines = [
        f"# {title}",
        "",
        "Settings: " + ", ".join(f"{key} `{value}`" for key, value in settings.items()),
        "",
        markdown_table(["measure", "value"], rows),
    ]
    markdown = "\n".join(lines) + "\n"
    (out / "summary.md").write_text(markdown)
    return markdown


if __name__ == "__main__":
    sys.exit(main())
