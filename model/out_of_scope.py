"""Out-of-scope detection for any label set: is this text one of the intents the model knows at all?

A softmax always picks one of the trained labels, so a text from none of them still gets a
confident-looking intent. The detector scores each text from the model itself, the higher the
score the further the text is from what the model was trained on, and flags it above a threshold
fitted on validation texts (in-scope by construction) to keep a chosen share of in-scope traffic.

Three scores, all computed from the raw model outputs (before calibration temperature and traffic
prior, so serving-time prior settings never move a fitted threshold):

- ``mahalanobis``: the smallest Mahalanobis distance of the pooled representation to a class mean,
  under one covariance shared by every class (the LDA model of the features, with shrinkage).
- ``energy``: minus the log-sum-exp of the logits.
- ``max_probability``: minus the largest softmax probability (the usual baseline).

Fitting lives in :mod:`training.out_of_scope`; the parameters travel in the checkpoint as
safetensors plus a small JSON, never pickle. A checkpoint without them simply has no detector.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

PARAMETERS_FILE = "out_of_scope.safetensors"
SETTINGS_FILE = "out_of_scope.json"
METHODS = ("mahalanobis", "energy", "max_probability")
POOLED_METHODS = ("mahalanobis",)
DEFAULT_KEEP_SHARE = 0.97


@dataclass
class OutOfScopeDetector:
    """``threshold``: a text whose score is above it is out of scope. ``keep_share``: the share of
    validation texts at or below the threshold when it was fitted. ``means`` (classes × dim) and
    ``whitening`` (dim × dim, W with W Wᵀ the precision matrix) exist for ``mahalanobis`` only."""

    method: str
    threshold: float
    keep_share: float = DEFAULT_KEEP_SHARE
    means: torch.Tensor | None = None
    whitening: torch.Tensor | None = None

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"out-of-scope method must be one of {METHODS}, got {self.method!r}")
        if self.needs_pooled and (self.means is None or self.whitening is None):
            raise ValueError("the mahalanobis score needs class means and a whitening matrix")
        if self.needs_pooled:
            # Whitened class means, computed once: a score is then one matrix product per batch.
            self._white_means = self.means.double() @ self.whitening.double()

    @property
    def needs_pooled(self) -> bool:
        """Whether the score reads the pooled representation (a model output) besides the logits."""
        return self.method in POOLED_METHODS

    def score(self, logits: torch.Tensor, pooled: torch.Tensor | None = None) -> torch.Tensor:
        """One score per row; higher means further from the training data (more out of scope)."""
        if self.method == "max_probability":
            return -torch.softmax(logits.double(), dim=-1).amax(dim=-1)
        if self.method == "energy":
            return -torch.logsumexp(logits.double(), dim=-1)
        if pooled is None:
            raise ValueError("the mahalanobis out-of-scope score needs the model's pooled output")
        return mahalanobis_min(pooled.double() @ self.whitening.double(), self._white_means)

    def is_out_of_scope(self, scores: torch.Tensor) -> torch.Tensor:
        return scores > self.threshold

    def save(self, directory: str | Path) -> None:
        """Write the parameters next to the model weights (safetensors + JSON)."""
        directory = Path(directory)
        settings = {"method": self.method, "threshold": self.threshold, "keep_share": self.keep_share}
        (directory / SETTINGS_FILE).write_text(json.dumps(settings, indent=2) + "\n")
        tensors = {}
        if self.needs_pooled:
            tensors = {
                "means": self.means.float().contiguous(),
                "whitening": self.whitening.float().contiguous(),
            }
        save_file(tensors, str(directory / PARAMETERS_FILE))

    @classmethod
    def load(cls, directory: str | Path) -> OutOfScopeDetector | None:
        """The detector stored in a checkpoint directory, or None when it has none."""
        directory = Path(directory)
        if not (directory / SETTINGS_FILE).is_file():
            return None
        settings = json.loads((directory / SETTINGS_FILE).read_text())
        tensors = (
            load_file(str(directory / PARAMETERS_FILE)) if (directory / PARAMETERS_FILE).is_file() else {}
        )
        return cls(
            method=settings["method"],
            threshold=float(settings["threshold"]),
            keep_share=float(settings.get("keep_share", DEFAULT_KEEP_SHARE)),
            means=tensors.get("means"),
            whitening=tensors.get("whitening"),
        )


def mahalanobis_min(white: torch.Tensor, white_means: torch.Tensor) -> torch.Tensor:
    """min over classes of ‖x − μ_c‖² in whitened coordinates, i.e. (x−μ_c)ᵀ Σ⁻¹ (x−μ_c)."""
    distances = (
        white.pow(2).sum(dim=-1, keepdim=True) - 2 * white @ white_means.T + white_means.pow(2).sum(dim=-1)
    )
    return distances.amin(dim=-1).clamp_min(0.0)
