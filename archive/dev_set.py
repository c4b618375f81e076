"""Score a checkpoint on its real-prompt dev set while archiving it, so the archive can say how it
does on what people type (model/metadata.py reads ``dev_set_metrics.json``).

The dev set is named by the checkpoint's own training config (``data.dev_data``), never trained on
(training drops its texts from the real prompts), and small (160 prompts: seconds on a CPU), so the
number is cheap and honest. The definitions are those of ``make eval-real`` (primary accuracy,
primary-or-alternative accuracy, ECE against the primary intent), which reports them in full; a
checkpoint whose config names no dev set, whose file is absent, or whose labels are not the dev
set's gets no score and a reason instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch
import yaml

from model.calibration import expected_calibration_error
from model.checkpoint import TRAINING_CONFIG_FILE
from model.metadata import sha256_file
from model.predictor import IntentPredictor

BATCH_SIZE = 32


def dev_set_path(checkpoint: Path) -> Path | None:
    """``data.dev_data`` of the training config stored in the checkpoint (relative to the working
    directory, as training read it)."""
    config_file = checkpoint / TRAINING_CONFIG_FILE
    if not config_file.is_file():
        return None
    config = yaml.safe_load(config_file.read_text()) or {}
    path = (config.get("data") or {}).get("dev_data")
    return Path(path) if path else None


def score_dev_set(predictor: IntentPredictor, checkpoint: Path) -> dict[str, Any]:
    """``{"metrics": {...}}`` or ``{"reason": "..."}``: why there is no score is part of the answer."""
    path = dev_set_path(checkpoint)
    if path is None:
        return {"reason": f"the checkpoint's {TRAINING_CONFIG_FILE} names no data.dev_data"}
    if not path.is_file():
        return {"reason": f"dev set {path} not found where the archive was built"}
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not records or any(record["intent"] not in predictor.labels for record in records):
        return {"reason": f"dev set {path} uses labels this checkpoint does not have"}
    probabilities = torch.cat(
        [
            predictor.infer(
                predictor.encode([r["text"] for r in records[start : start + BATCH_SIZE]])
            ).intents
            for start in range(0, len(records), BATCH_SIZE)
        ]
    )
    predicted = [predictor.labels[i] for i in probabilities.argmax(dim=-1).tolist()]
    truth = torch.tensor([predictor.labels.index(record["intent"]) for record in records])
    primary = [p == r["intent"] for p, r in zip(predicted, records, strict=True)]
    either = [p in (r["intent"], r.get("alt")) for p, r in zip(predicted, records, strict=True)]
    return {
        "metrics": {
            "file": str(path),
            "sha256": sha256_file(path),
            "num_prompts": len(records),
            "primary_accuracy": sum(primary) / len(records),
            "primary_or_alt_accuracy": sum(either) / len(records),
            "ece": expected_calibration_error(probabilities, truth),
            "measured_by": "archive build (archive/dev_set.py), the backend of the archive's model-config",
        }
    }
