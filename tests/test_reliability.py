"""Faults and restarts on a real TorchServe, and the reliability CLI run for real (a few seconds).

Each test starts its own server from a copy of the tiny archives, because it kills workers or
stops the server: the shared ``tiny_server`` must stay healthy for the other tests.
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from archive import serve
from common import torchserve as server
from common.archives import archive_file
from loadtest import reliability

pytestmark = pytest.mark.serving

MODEL = "distilbert"
TEXT = {"text": "Write a Python function that merges two sorted lists."}


@pytest.fixture
def store(tiny_model_store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "model_store"
    copy.mkdir()
    shutil.copy(tiny_model_store / archive_file(MODEL), copy)
    return copy


@pytest.fixture
def prompts(tmp_path: Path) -> Path:
    """The default prompt file is generated data, absent from a clean clone, so the runs bring their own."""
    path = tmp_path / "prompts.txt"
    path.write_text(f"{TEXT['text']}\nSummarize this paragraph about the history of tea in two sentences.\n")
    return path


def test_a_restart_from_the_snapshot_brings_the_registered_models_back(store: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    config = server.write_config(home, store)
    with server.torchserve(config, home, snapshots=True) as first:
        server.register(first, MODEL, batch_size=2, max_batch_delay=7)
        assert first.predict(MODEL, json=TEXT).status_code == 200
        before = server.describe(first, MODEL)
    snapshot = server.latest_snapshot(home)
    with server.torchserve(snapshot, home) as restarted:
        after = server.describe(restarted, MODEL)
        assert (after["batchSize"], after["maxBatchDelay"]) == (2, 7), restarted.logs()
        assert len(after["workers"]) == len(before["workers"])
        response = restarted.predict(MODEL, json=TEXT)
        assert response.status_code == 200, restarted.explain(response)


def test_without_snapshots_a_restart_starts_empty(store: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    config = server.write_config(home, store)
    with server.torchserve(config, home) as first:
        server.register(first, MODEL)
    with pytest.raises(server.ServerError, match="no TorchServe snapshot"):
        server.latest_snapshot(home)


def cli_argv(command: str, store: Path, prompts: Path, out: Path, *options: str) -> list[str]:
    """``reliability <command>`` against the tiny archive, with two users unless ``options`` say."""
    argv = [command, "--model", MODEL, "--model-store", str(store), "--output-dir", str(out)]
    return [*argv, "--prompts-file", str(prompts), "--users", "2", *options]


def run_cli(command: str, store: Path, prompts: Path, out: Path, *options: str) -> tuple[int, Path, dict]:
    """Run the CLI in this process; its exit status, run folder and report."""
    status = reliability.main(cli_argv(command, store, prompts, out, *options))
    [run] = list(out.iterdir())
    return status, run, json.loads((run / "summary.json").read_text())["report"]


def test_fault_run_kills_a_worker_under_locust_and_measures_the_recovery(
    store: Path, prompts: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    options = ("--run-time", "25s", "--kill-after", "3", "--progress-every", "8")
    status, run, report = run_cli("fault", store, prompts, tmp_path / "fault", *options)
    # Progress lines while it ran: Locust's counts so far and the workers' memory.
    assert re.search(
        rf"^\[{MODEL}\] 0:\d\d requests \d+ failures \d+ .* \| workers \d+ RSS \d+ MB, frontend \d+ MB$",
        capfd.readouterr().out,
        re.M,
    )
    assert status == 0, report
    assert report["recovered"] and report["new_pids"] and report["killed_pid"] not in report["new_pids"]
    assert 0 < report["recovery_s"] < reliability.RECOVERY_LIMIT_SECONDS
    assert report["requests"] > 0 and report["max_response_ms"] <= report["response_timeout_s"] * 1000
    assert (run / f"{MODEL}_stats.csv").is_file() and (run / f"{MODEL}.html").is_file()
    assert "Worker kill under load" in (run / "summary.md").read_text()


def test_soak_run_records_worker_memory_and_has_no_failures(
    store: Path, prompts: Path, tmp_path: Path
) -> None:
    options = ("--run-time", "6s", "--sample-every", "1", "--warmup", "0")
    status, run, report = run_cli("soak", store, prompts, tmp_path / "soak", *options)
    assert status == 0, report
    assert report["failures"] == 0 and report["requests"] > 0 and report["worker_restarts"] == 0
    with (run / "rss.csv").open(newline="") as handle:
        samples = list(csv.DictReader(handle))
    assert len(samples) == report["samples"] >= 3
    assert all(float(sample["worker_rss_mb"]) > 50 for sample in samples)
    assert all(float(sample["frontend_rss_mb"]) > 50 for sample in samples)


def test_a_terminated_cli_stops_the_server_it_started(store: Path, prompts: Path, tmp_path: Path) -> None:
    """A CI timeout or ``kill`` sends SIGTERM: the tool must take its JVM and workers down with it."""
    out = tmp_path / "soak"
    argv = cli_argv("soak", store, prompts, out, "--run-time", "5m")
    tool = subprocess.Popen([sys.executable, "-m", "loadtest.reliability", *argv], cwd=server.ROOT)
    started: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + server.STARTUP_SECONDS
        while not list(out.glob("*/torchserve/key_file.json")):
            assert tool.poll() is None and time.monotonic() < deadline, "the server never came up"
            time.sleep(0.5)
        started = psutil.Process(tool.pid).children(recursive=True)
        assert any("java" in process.name() for process in started), [p.cmdline() for p in started]
        tool.send_signal(signal.SIGTERM)
        assert tool.wait(timeout=60) == 128 + signal.SIGTERM
        _, alive = psutil.wait_procs(started, timeout=10)
        assert not alive, [process.cmdline() for process in alive]
    finally:
        tool.kill()
        for process in started:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()


def test_serve_cli_starts_registers_restarts_and_stops(store: Path, tmp_path: Path) -> None:
    """``make serve`` / ``make restart`` / ``make stop``: a daemon, not a child of the test."""
    home, scratch = tmp_path / "home", tmp_path / "scratch"
    scratch.mkdir()
    config = server.write_config(home, store)
    try:
        registered = serve.start(config, home, [MODEL, "absent"], serve.Registration(batch_size=2), scratch)
        assert registered == [MODEL]
        live = server.connect(config, home)
        assert live.predict(MODEL, json=TEXT).status_code == 200
        serve.restart(home, scratch)
        restarted = server.connect(config, home)
        assert server.describe(restarted, MODEL)["batchSize"] == 2
        assert restarted.predict(MODEL, json=TEXT).status_code == 200
    finally:
        assert server.stop_daemon(home, scratch)
