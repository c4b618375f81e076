"""Temperature scaling and expected calibration error.

A softmax over raw logits is usually over-confident after fine-tuning; a single temperature
fitted on held-out validation logits fixes most of that without changing any prediction
(argmax is invariant to it), so ``min_confidence`` thresholds mean what they say.
"""

from __future__ import annotations

import itertools

import torch


def fit_temperature(logits: torch.Tensor, labels: torch.Tensor, max_iter: int = 200) -> float:
    """The temperature that minimises validation negative log-likelihood."""
    log_t = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.LBFGS([log_t], lr=0.1, max_iter=max_iter, line_search_fn="strong_wolfe")
    logits = logits.detach().float()

    def closure() -> torch.Tensor:
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(logits / log_t.exp(), labels)
        loss.backward()
        return loss

    optimizer.step(closure)
    return float(log_t.detach().exp().clamp(0.05, 20.0))


def expected_calibration_error(probs: torch.Tensor, labels: torch.Tensor, n_bins: int = 15) -> float:
    """ECE with equal-width confidence bins: the gap between confidence and accuracy,
    weighted by how many predictions fall in each bin."""
    confidence, predicted = probs.max(dim=-1)
    correct = (predicted == labels).float()
    edges = torch.linspace(0, 1, n_bins + 1)
    ece = torch.zeros(())
    for low, high in itertools.pairwise(edges):
        in_bin = (confidence > low) & (confidence <= high)
        if in_bin.any():
            ece += in_bin.float().mean() * (confidence[in_bin].mean() - correct[in_bin].mean()).abs()
    return float(ece)


def fit_min_confidence(probs: torch.Tensor, labels: torch.Tensor, precision: float) -> float:
    """The lowest confidence threshold at which the answers at or above it are right at least
    ``precision`` of the time on held-out data: what a router needs from ``uncertain`` ("no route
    when unsure, high precision when it answers"). When no threshold reaches it, every answer but
    the most confident is flagged."""
    confidence, predicted = probs.max(dim=-1)
    correct = (predicted == labels).float()
    order = confidence.argsort(descending=True)
    sorted_conf, sorted_correct = confidence[order], correct[order]
    answered_precision = sorted_correct.cumsum(0) / torch.arange(1, len(order) + 1)
    reaching = (answered_precision >= precision).nonzero().flatten()
    if len(reaching) == 0:
        return float(sorted_conf[0])
    return float(sorted_conf[reaching[-1]])
