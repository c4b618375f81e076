"""Writing a checkpoint directory (the read side, shared with serving, is :mod:`model.checkpoint`).

A checkpoint is self-contained: weights (safetensors) and architecture, tokenizer, label map,
feature spec and the training config that produced it. Nothing in it needs the network.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml
from transformers import PreTrainedModel, PreTrainedTokenizerBase

from common.io import write_json
from model.checkpoint import FEATURE_SPEC_FILE, LABEL_MAP_FILE, TRAINING_CONFIG_FILE
from model.features import feature_spec
from model.labels import build_label_map


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
