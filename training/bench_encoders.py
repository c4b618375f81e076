"""Encoder cost on one core: training step and inference batch of each offline encoder.

python -m training.bench_encoders [--encoders offline:distilbert offline:deberta-v3 ...]

The offline DeBERTa's relative attention scores every token against all 2 x buckets relative
positions at any sequence length, so its bucket count sets what it costs over the DistilBERT
mapping; this measures that, next to the randomly initialised 12-layer xsmall DeBERTa the
offline default used to be, on the same prompts, batch sizes and thread. Epoch time is the
median step time times the steps of one epoch over ``--train-size`` examples, so the
comparison does not depend on what else the machine runs between steps.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import torch
from transformers import (
    AutoModel,
    AutoTokenizer,
    DebertaV2Config,
    DebertaV2Model,
    PreTrainedModel,
    PreTrainedTokenizerBase,
)

from training.encoders import minilm_dir, resolve_encoder

FORMER_XSMALL = "random-xsmall-deberta"
DEFAULT_ENCODERS = (
    "offline:distilbert",
    "offline:deberta-v3-buckets32",
    "offline:deberta-v3",
    "offline:deberta-v3-buckets256",
    FORMER_XSMALL,
)


def former_xsmall() -> PreTrainedModel:
    """The pre-warm-start ``offline:deberta-v3``: DeBERTa-v3-xsmall's shape, random weights."""
    torch.manual_seed(0)
    config = DebertaV2Config(
        vocab_size=AutoTokenizer.from_pretrained(minilm_dir()).vocab_size,
        hidden_size=384,
        num_hidden_layers=12,
        num_attention_heads=6,
        intermediate_size=1536,
        relative_attention=True,
        position_buckets=256,
        max_relative_positions=-1,
        norm_rel_ebd="layer_norm",
        share_att_key=True,
        pos_att_type=["p2c", "c2p"],
        position_biased_input=False,
        type_vocab_size=0,
        layer_norm_eps=1e-7,
    )
    return DebertaV2Model(config)


def load_encoder(name: str) -> PreTrainedModel:
    return former_xsmall() if name == FORMER_XSMALL else AutoModel.from_pretrained(resolve_encoder(name))


def batch(
    tokenizer: PreTrainedTokenizerBase, texts: list[str], size: int, max_length: int
) -> dict[str, torch.Tensor]:
    """``size`` prompts cycled from ``texts``, padded to the longest, as training and serving do."""
    chosen = [texts[i % len(texts)] for i in range(size)]
    encoded = tokenizer(chosen, truncation=True, max_length=max_length, padding=True, return_tensors="pt")
    return {"input_ids": encoded["input_ids"], "attention_mask": encoded["attention_mask"]}


def _median_seconds(step, repeat: int) -> float:
    step()
    step()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_training_step(encoder: PreTrainedModel, inputs: dict[str, torch.Tensor], repeat: int) -> float:
    """Forward, backward and AdamW step through the encoder and a 10-way head (mean pooling)."""
    head = torch.nn.Linear(encoder.config.hidden_size, 10)
    optimizer = torch.optim.AdamW([*encoder.parameters(), *head.parameters()], lr=1e-5)
    labels = torch.arange(inputs["input_ids"].shape[0]) % 10
    mask = inputs["attention_mask"].unsqueeze(-1).float()
    encoder.train()

    def step() -> None:
        hidden = encoder(**inputs).last_hidden_state
        pooled = (hidden * mask).sum(1) / mask.sum(1)
        loss = torch.nn.functional.cross_entropy(head(pooled), labels)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

    return _median_seconds(step, repeat)


def time_inference(encoder: PreTrainedModel, inputs: dict[str, torch.Tensor], repeat: int) -> float:
    encoder.eval()

    def step() -> None:
        with torch.inference_mode():
            encoder(**inputs)

    return _median_seconds(step, repeat)


def read_prompts(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--encoders", nargs="+", default=list(DEFAULT_ENCODERS))
    parser.add_argument(
        "--data",
        type=Path,
        default=Path("training/datasets/real_prompts/oasst1_more.jsonl"),
        help="prompts (JSONL with a text field) cycled into the batches",
    )
    parser.add_argument("--train-batch", type=int, default=32)
    parser.add_argument("--infer-batch", type=int, default=8)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument(
        "--train-size",
        type=int,
        default=7081,
        help="examples in one epoch (default recipe: 4,813 synthetic + 2,268 real)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed steps; the median is reported")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts = read_prompts(args.data)
    tokenizer = AutoTokenizer.from_pretrained(minilm_dir())
    train_inputs = batch(tokenizer, texts, args.train_batch, args.max_length)
    infer_inputs = batch(tokenizer, texts[args.train_batch :], args.infer_batch, args.max_length)
    steps = math.ceil(args.train_size / args.train_batch)
    print(
        f"one thread; training batch {args.train_batch} x {train_inputs['input_ids'].shape[1]} tokens, "
        f"inference batch {args.infer_batch} x {infer_inputs['input_ids'].shape[1]} tokens; "
        f"epoch = {steps} steps ({args.train_size} examples)\n"
    )
    print("| encoder | params (M) | training step s | epoch min | inference batch ms | vs first |")
    print("|---|---:|---:|---:|---:|---:|")
    first = None
    for name in args.encoders:
        encoder = load_encoder(name)
        infer = time_inference(encoder, infer_inputs, args.repeat * 4)
        train = time_training_step(encoder, train_inputs, args.repeat)
        first = first or infer
        params = sum(p.numel() for p in encoder.parameters()) / 1e6
        print(
            f"| {name} | {params:.1f} | {train:.2f} | {train * steps / 60:.1f} | {infer * 1000:.1f} | "
            f"{infer / first:.2f}x |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
