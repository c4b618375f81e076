"""The checkpoint directory layout shared by the trainer, the archiver and the handler (read side).

A checkpoint is self-contained: weights (safetensors) and architecture, tokenizer, label map,
feature spec and the training config that produced it. Nothing in it needs the network.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

LABEL_MAP_FILE = "label_map.json"
FEATURE_SPEC_FILE = "feature_spec.json"
TRAINING_CONFIG_FILE = "training_config.yaml"
METRICS_FILE = "metrics.json"
WEIGHTS_FILE = "model.safetensors"
PROVENANCE_FILE = "data_provenance.json"
"""Which data files trained the checkpoint (paths, rows, sha256, licence files next to them)."""
DEV_SET_FILE = "dev_set_metrics.json"
"""Real-prompt dev-set scores the archive build measured (archive/dev_set.py), or why there are none."""


def read_json(path: Path) -> Any:
    """Parse one of the checkpoint's JSON side files."""
    return json.loads(path.read_text())
