"""Text → model inputs, the one code path for training, evaluation, serving and export.

Every batch is tokenized in one call with dynamic padding (pad to the longest text in the
batch, truncate at ``max_length``), and the complexity features are computed from the same
normalised text. The trainer's collator, the TorchServe handler and the ONNX parity check all
call :func:`encode_batch`, which is what makes training/serving skew impossible by construction.
"""

from __future__ import annotations

import torch
from transformers import BatchEncoding, PreTrainedTokenizerBase

from model.features import compute_batch
from model.text import normalize_text

MODEL_INPUTS = ("input_ids", "attention_mask", "features")


def encode_batch(
    tokenizer: PreTrainedTokenizerBase, texts: list[str], max_length: int
) -> dict[str, torch.Tensor]:
    """Tokenize ``texts`` together and attach their complexity features."""
    normalized = [normalize_text(text) for text in texts]
    encoded = tokenize(tokenizer, normalized, max_length)
    return {
        "input_ids": encoded["input_ids"],
        "attention_mask": encoded["attention_mask"],
        "features": torch.tensor(compute_batch(normalized), dtype=torch.float32),
    }


def tokenize(
    tokenizer: PreTrainedTokenizerBase, normalized: list[str], max_length: int, **extra: bool
) -> BatchEncoding:
    """The one tokenizer call; ``extra`` only asks for more outputs (offsets for explanations),
    never for different ids."""
    return tokenizer(
        normalized,
        padding="longest",
        truncation=True,
        max_length=max_length,
        return_tensors="pt",
        return_token_type_ids=False,
        **extra,
    )
