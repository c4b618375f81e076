"""Fitting the out-of-scope detector of :mod:`model.out_of_scope` on a trained model.

The class means and the shared covariance come from the training split's pooled vectors (what the
model learnt its classes from); the threshold from the validation split, which the model never
trained on and which is in scope by construction, so "keep 97% of validation" estimates "keep 97%
of in-scope traffic". The covariance is shrunk (Ledoit-Wolf): with a few hundred dimensions and
tens of examples per class, the plain estimate is ill-conditioned and its inverse amplifies noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from sklearn.covariance import ledoit_wolf
from transformers import PreTrainedTokenizerBase

from model.classifier import IntentClassifier
from model.out_of_scope import DEFAULT_KEEP_SHARE, POOLED_METHODS, OutOfScopeDetector
from model.preprocessing import encode_batch
from training.metrics import in_input_order, longest_first


@dataclass
class ModelOutputs:
    """Raw logits and pooled vectors of a list of texts, in order."""

    logits: torch.Tensor
    pooled: torch.Tensor


@torch.inference_mode()
def collect_outputs(
    model: IntentClassifier,
    tokenizer: PreTrainedTokenizerBase,
    texts: Sequence[str],
    max_length: int | None = None,
    batch_size: int = 64,
) -> ModelOutputs:
    """Run the model on ``texts`` through the serving encoder (eval mode: no dropout), in batches
    formed longest first; the outputs come back in input order."""
    model.eval()
    max_length = max_length or model.config.max_seq_length
    order = longest_first(texts)
    ordered = [texts[i] for i in order]
    logits, pooled = [], []
    for start in range(0, len(ordered), batch_size):
        output = model(**encode_batch(tokenizer, ordered[start : start + batch_size], max_length))
        logits.append(output.logits.float())
        pooled.append(output.pooled.float())
    return ModelOutputs(
        logits=in_input_order(torch.cat(logits), order), pooled=in_input_order(torch.cat(pooled), order)
    )


def fit_gaussian(pooled: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Class means and a whitening matrix W (W Wᵀ = Σ⁻¹) of one shrunk covariance shared by all
    classes. A class without training vectors gets no mean (it could never be near anything)."""
    x = pooled.double()
    classes = sorted(set(labels.tolist()))
    means = torch.stack([x[labels == c].mean(dim=0) for c in classes])
    centred = x - means[torch.searchsorted(torch.tensor(classes), labels)]
    covariance, _ = ledoit_wolf(centred.numpy(), assume_centered=True)
    # Eigendecomposition rather than a plain inverse: symmetric and stable even when nearly singular.
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)
    eigenvalues = np.clip(eigenvalues, eigenvalues.max() * 1e-10, None)
    whitening = torch.from_numpy(eigenvectors / np.sqrt(eigenvalues))
    return means, whitening


def keep_threshold(scores: torch.Tensor, keep_share: float) -> float:
    """The score at or below which ``keep_share`` of the (in-scope) ``scores`` lie."""
    if not 0 < keep_share <= 1:
        raise ValueError(f"keep_share must be in (0, 1], got {keep_share}")
    return float(torch.quantile(scores.double(), keep_share, interpolation="higher"))


def fit_detector(
    method: str,
    train: ModelOutputs | None,
    train_labels: torch.Tensor,
    validation: ModelOutputs,
    keep_share: float = DEFAULT_KEEP_SHARE,
) -> OutOfScopeDetector:
    """A detector of ``method`` with its threshold fitted on the validation outputs; ``train`` (the
    training split's outputs) is read only by a method with class statistics (``POOLED_METHODS``)."""
    means = whitening = None
    if method in POOLED_METHODS:
        if train is None:
            raise ValueError(f"the {method} out-of-scope score needs the training split's outputs")
        means, whitening = fit_gaussian(train.pooled, train_labels)
    # A placeholder threshold until the validation scores give the real one.
    detector = OutOfScopeDetector(method, float("inf"), keep_share, means, whitening)
    detector.threshold = keep_threshold(detector.score(validation.logits, validation.pooled), keep_share)
    return detector
