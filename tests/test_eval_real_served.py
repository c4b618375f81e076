"""eval-real against a real TorchServe: a served archive scores exactly as its checkpoint does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from common.torchserve import KEY_FILE, Server
from training.eval_real import main as eval_real_main

pytestmark = pytest.mark.serving

DEV = Path(__file__).resolve().parent.parent / "training/datasets/real_prompts_dev/prompts.jsonl"


def test_a_served_archive_scores_like_its_checkpoint(
    tiny_server: Server, tiny_checkpoint: Path, tmp_path: Path
) -> None:
    prompts = tmp_path / "prompts.jsonl"
    prompts.write_text("".join(DEV.read_text().splitlines(keepends=True)[:24]))
    out = tmp_path / "report"
    argv = [
        "--checkpoint", f"distilbert={tiny_checkpoint}",
        "--served", "distilbert",
        "--host", tiny_server.inference,
        "--key-file", str(tiny_server.home / KEY_FILE),
        "--test-data", str(prompts),
        "--output-dir", str(out),
    ]  # fmt: skip
    assert eval_real_main(argv) == 0
    models = json.loads((out / "metrics.json").read_text())["models"]
    local, served = models["distilbert"], models["distilbert (served)"]
    for key in ("primary_accuracy", "primary_or_alt_accuracy", "complexity_accuracy", "predicted_counts"):
        assert served[key] == local[key]
    assert served["ece"] == pytest.approx(local["ece"], abs=1e-4)
    assert eval_real_main([*argv[2:], "--host", "http://127.0.0.1:9"]) == 2
