"""The checkpoint directory layout shared by the trainer, the archiver and the handler.

A checkpoint is self-contained: weights (safetensors) and architecture, tokenizer, label map,
feature spec and the training config that produced it. Nothing in it needs the network.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml
from transformers import PreTrainedModel, PreTrainedTokenizerBase

from model.data import build_label_map
from model.features import feature_spec

LABEL_MAP_FILE = "label_map.json"
FEATURE_SPEC_FILE = "feature_spec.json"
TRAINING_CONFIG_FILE = "training_config.yaml"
METRICS_FILE = "metrics.json"
WEIGHTS_FILE = "model.safetensors"


def save_checkpoint(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    labels: list[str],
    complexity_levels: list[str],
    target: Path,
    training_config: dict[str, Any] | None = None,
) -> Path:
    """Write a fresh checkpoint directory, replacing any earlier one at ``target``."""
    if target.exists():
        shutil.rmtree(target)
    model.save_pretrained(target, safe_serialization=True)
    tokenizer.save_pretrained(target)
    write_json(target / LABEL_MAP_FILE, build_label_map(labels, complexity_levels))
    write_json(target / FEATURE_SPEC_FILE, feature_spec())
    if training_config is not None:
        (target / TRAINING_CONFIG_FILE).write_text(yaml.safe_dump(training_config, sort_keys=False))
    return target


def write_json(path: Path, payload: Any) -> None:
    path.write_text(json.dumps(payload, indent=2) + "\n")


def read_json(path: Path) -> Any:
    return json.loads(path.read_text())
