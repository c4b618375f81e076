"""The handler settings of a model-config (``handler:`` section) and the predictor they describe.

Kept out of the handler module so that the archive builder and the serving benchmark can check
settings and load a predictor exactly as a TorchServe worker does without importing TorchServe's
handler machinery, and so that an archive packs this logic with the rest of ``model/``.
"""

from __future__ import annotations

import os
from typing import Any

from model.predictor import BACKENDS, IntentPredictor

DEFAULT_SETTINGS: dict[str, Any] = {
    "backend": "torch",
    # None: the max_seq_length the checkpoint was trained with (anything else is train/serve skew).
    "max_length": None,
    "top_k": 3,
    # None: the calibrated threshold stored in the checkpoint.
    "min_confidence": None,
    # None: this machine's cores divided among the model's workers.
    "torch_threads": None,
    "max_text_chars": 20_000,
    # None: the traffic prior stored in the checkpoint; a mapping intent -> weight sets your own mix.
    "traffic_prior": None,
    # POST /explanations: interpolation points of integrated gradients (PyTorch backend), and the
    # seconds one explanation may take before it is answered 503 (checked between batches of points).
    "explain_steps": 16,
    "explain_time_limit_s": 2.0,
}
POSITIVE_INT_SETTINGS = ("max_length", "top_k", "torch_threads", "max_text_chars", "explain_steps")


def read_settings(section: dict[str, Any] | None) -> dict[str, Any]:
    """Merge the yaml ``handler:`` section over the defaults; a typo or a wrong type stops the
    worker at registration instead of silently serving with defaults."""
    section = section or {}
    if not isinstance(section, dict):
        raise ValueError(f"the handler section must be a mapping, got {section!r}")
    unknown = sorted(set(section) - set(DEFAULT_SETTINGS))
    if unknown:
        raise ValueError(f"unknown handler settings {unknown}; known: {sorted(DEFAULT_SETTINGS)}")
    settings = {**DEFAULT_SETTINGS, **{key: value for key, value in section.items() if value is not None}}
    for key in POSITIVE_INT_SETTINGS:
        value = settings[key]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise ValueError(f"handler setting {key} must be a positive integer, got {value!r}")
    threshold = settings["min_confidence"]
    if threshold is not None and (isinstance(threshold, bool) or not 0 <= threshold <= 1):
        raise ValueError(f"handler setting min_confidence must be in [0, 1], got {threshold!r}")
    limit = settings["explain_time_limit_s"]
    if isinstance(limit, bool) or not isinstance(limit, int | float) or not limit > 0:
        raise ValueError(f"handler setting explain_time_limit_s must be a positive number, got {limit!r}")
    prior = settings["traffic_prior"]
    if prior is not None and not isinstance(prior, dict):
        raise ValueError(f"handler setting traffic_prior must be a mapping intent -> weight, got {prior!r}")
    if settings["backend"] not in BACKENDS:
        backend = settings["backend"]
        raise ValueError(f"handler setting backend must be one of {sorted(BACKENDS)}, got {backend!r}")
    return settings


def default_threads(model_config: dict[str, Any]) -> int:
    """Share the cores this process may use among the model's workers: TorchServe sets no thread
    count, and N workers that each take every core oversubscribe the machine."""
    workers = model_config.get("maxWorkers") or model_config.get("minWorkers") or 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, cores // max(1, int(workers)))


def load_predictor(model_dir: str, settings: dict[str, Any]) -> IntentPredictor:
    """Every backend shares IntentPredictor's pre- and post-processing; only the forward pass
    differs. ONNX Runtime sizes its own intra-op pool, so it gets the worker's thread budget."""
    backend = settings["backend"]
    return IntentPredictor.from_checkpoint(
        model_dir,
        backend=backend,
        threads=None if backend == "torch" else settings["torch_threads"],
        top_k=settings["top_k"],
        min_confidence=settings["min_confidence"],
        max_length=settings["max_length"],
        traffic_prior=settings["traffic_prior"],
    )
