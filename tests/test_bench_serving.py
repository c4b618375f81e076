"""make bench-serving end to end on the tiny archives: in-process sweep, the all-cores limit, a real
TorchServe under a short Locust run, and the summary that puts them side by side."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loadtest import bench_serving

PROMPTS = [
    "Translate 'good morning' into French.",
    "Write a Python function that merges two sorted lists.",
    "What is the capital of Australia?",
    "Summarize this paragraph in one sentence: the meeting moved to Thursday.",
]


@pytest.mark.serving
@pytest.mark.slow
def test_bench_serving_reports_in_process_limit_and_served(tiny_model_store: Path, tmp_path: Path) -> None:
    prompts = tmp_path / "prompts.txt"
    prompts.write_text("\n".join(PROMPTS) + "\n")
    argv = ["--models", "distilbert", "--model-store", str(tiny_model_store), "--data", str(prompts)]
    argv += ["--prompt-mix", "mixed", "--samples", "8", "--batch-sizes", "1", "4", "--threads", "1"]
    argv += ["--users", "2", "--run-time", "4s", "--progress-every", "0"]
    argv += ["--output-dir", str(tmp_path / "out")]
    assert bench_serving.main(argv) == 0

    (report,) = (tmp_path / "out").iterdir()
    summary = json.loads((report / "summary.json").read_text())
    limit = summary["limit"]
    assert limit["model"] == "distilbert" and limit["processes"] == bench_serving.available_cores()
    assert limit["batch_size"] in (1, 4) and limit["samples_per_s"] > 0
    (row,) = summary["models"]
    assert row["served_rps"] > 0 and row["served_failures"] == 0
    assert row["served_over_limit"] == pytest.approx(row["served_rps"] / limit["samples_per_s"])
    markdown = (report / "summary.md").read_text()
    assert "served/limit" in markdown
    assert f"Limit: distilbert in-process, {limit['processes']} processes" in markdown
