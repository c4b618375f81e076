"""Fuse an exported encoder graph with ONNX Runtime's transformer optimizer.

The plain export runs every transformer layer as dozens of small operators (MatMul, Add, Softmax,
LayerNorm, Erf...) and computes attention scores for padding it then masks away. The optimizer
(``onnxruntime.transformers.optimizer`` with the BERT model type) rewrites them into ONNX Runtime's
fused contrib operators: ``EmbedLayerNormalization``, ``Attention`` (with the mask),
``SkipLayerNormalization`` and ``BiasGelu``. The fused graph computes the same function (the
export's parity check compares it with PyTorch), only with fewer kernels and memory passes.

The attention fusion recognises the *eager* attention subgraph (MatMul, scale, add mask, Softmax,
MatMul). transformers' default SDPA attention exports as a different pattern (NaN guards around the
softmax) that the optimizer leaves unfused, so :func:`eager_attention` switches the encoder to eager
attention for the export only: both compute softmax(QKᵀ/√d + mask)·V.

The export fuses only on request (``--fuse``): ONNX Runtime already fuses a plain graph for the CPU
when a session loads it, and the offline fusion measured slower on the machines we have (int8
most, through QAttention; docs/measurements.md). It is kept for CPUs and runtimes where it pays.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import onnx
from onnxruntime.transformers.fusion_options import FusionOptions
from onnxruntime.transformers.optimizer import optimize_model
from transformers import PretrainedConfig, PreTrainedModel

MODEL_TYPE = "bert"
"""The optimizer's fusion family for encoder-only models with BERT-style layers (DistilBERT included)."""

FUSED_ENCODER_OPS = frozenset({"Attention", "MultiHeadAttention", "EmbedLayerNormalization"})
"""Contrib operators that only the fusion of the encoder creates; their node names lose the
``/encoder/`` scope of the nodes they replace, so quantization recognises them by type."""


@contextmanager
def eager_attention(encoder: PreTrainedModel) -> Iterator[None]:
    """Export the encoder with eager attention, restoring its own implementation afterwards."""
    previous = encoder.config._attn_implementation
    encoder.set_attn_implementation("eager")
    try:
        yield
    finally:
        encoder.set_attn_implementation(previous)


def attention_shape(config: PretrainedConfig) -> tuple[int, int]:
    """Heads and hidden size, named differently per architecture (DistilBERT maps them by
    ``attribute_map``); 0 lets the optimizer read them from the graph."""
    return getattr(config, "num_attention_heads", 0) or 0, getattr(config, "hidden_size", 0) or 0


def fuse_graph(source: Path, target: Path, encoder_config: PretrainedConfig) -> dict[str, Any]:
    """Write the fused ``source`` to ``target``; returns what was fused, for the export report.

    ``opt_level=0`` applies only the transformer fusions: ONNX Runtime's own graph optimizations
    run when a session loads the model, so baking them in would tie the file to this ORT version.
    """
    heads, hidden = attention_shape(encoder_config)
    fused = optimize_model(
        str(source),
        model_type=MODEL_TYPE,
        num_heads=heads,
        hidden_size=hidden,
        optimization_options=FusionOptions(MODEL_TYPE),
        opt_level=0,
        use_gpu=False,
    )
    fused.save_model_to_file(str(target))
    onnx.checker.check_model(str(target))
    counts = {op: count for op, count in fused.get_fused_operator_statistics().items() if count}
    return {
        "method": "onnxruntime.transformers.optimizer.optimize_model",
        "model_type": MODEL_TYPE,
        "num_heads": heads,
        "hidden_size": hidden,
        "fused_operators": counts,
    }
