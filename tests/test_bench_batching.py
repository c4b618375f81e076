"""The batching sweep: a real TorchServe per setting and mix, and the choice it recommends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loadtest import bench_batching

SHORT = ["Translate 'good morning' into French.", "What is the capital of Australia?"]
LONG = [
    "Summarize the following meeting notes in three bullet points for the team, keeping the decisions, "
    "the owners and the deadlines: we agreed to move the launch to March, Ana owns the pricing page, "
    "Luis the onboarding emails, and the beta closes on the fifteenth after the last round of feedback.",
]


def row(batch: int, delay: int, mix: str, rps: float, p99: float, failures: int = 0) -> dict[str, object]:
    return {
        "model": "m",
        "mix": mix,
        "batch": batch,
        "delay ms": delay,
        "req/s": rps,
        "p99 ms": p99,
        "failures": failures,
    }


def test_recommend_takes_the_fastest_setting_within_the_p99_bound_on_every_mix() -> None:
    rows = [
        row(1, 0, "short", 100, 40),
        row(1, 0, "long", 30, 150),
        row(8, 5, "short", 180, 50),
        row(8, 5, "long", 40, 260),  # fastest, but long p99 breaks the bound
        row(4, 5, "short", 150, 45),
        row(4, 5, "long", 38, 180),
        row(2, 0, "short", 400, 10, failures=3),
        row(2, 0, "long", 90, 20),  # failures disqualify
    ]
    assert bench_batching.recommend(rows, 200) == {"m": {"batch": 4, "delay ms": 5, "mean req/s": 94.0}}
    assert bench_batching.recommend(rows, 30) == {"m": None}


@pytest.mark.serving
@pytest.mark.slow
def test_sweep_measures_each_setting_on_each_mix_through_torchserve(
    tiny_model_store: Path, tmp_path: Path
) -> None:
    prompts = tmp_path / "prompts.txt"
    prompts.write_text("\n".join(SHORT + LONG) + "\n")
    argv = ["--models", "distilbert", "--model-store", str(tiny_model_store), "--data", str(prompts)]
    argv += ["--batch-sizes", "1", "4", "--max-batch-delays", "0", "--workers", "1", "--users", "2"]
    argv += ["--run-time", "3s", "--progress-every", "0", "--p99-bound-ms", "100000"]
    argv += ["--output-dir", str(tmp_path / "out")]
    assert bench_batching.main(argv) == 0
    (report,) = (tmp_path / "out").iterdir()
    summary = json.loads((report / "summary.json").read_text())
    cells = [(r["batch"], r["mix"]) for r in summary["rows"]]
    assert cells == [(1, "short"), (1, "long"), (4, "short"), (4, "long")]
    assert all(r["req/s"] > 0 and r["failures"] == 0 and r["workers"] == 1 for r in summary["rows"])
    assert summary["recommended"]["distilbert"]["batch"] in (1, 4)
    assert "- distilbert: batchSize" in (report / "summary.md").read_text()
