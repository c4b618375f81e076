"""Training throughput of a recipe next to a plain ``transformers.Trainer``, and where a step goes.

    python -m training.bench_train_speed --train-config configs/distilbert.yaml [--steps 40]
    make bench-train-speed MODEL=deberta STEPS=40

All runs read the same training split (synthetic and real prompts, mixed as the config mixes
them), start from the same encoder weights and use the same batch size, learning rate and threads:

- ``plain, padded``: ``AutoModelForSequenceClassification`` and a ``Trainer`` the way the Hugging
  Face text-classification example runs by default (every text padded to ``max_length``, random
  batches);
- ``plain, dynamic``: the same with ``DataCollatorWithPadding`` (the example's
  ``--pad_to_max_length False``);
- ``intent-serve``: this project's trainer (complexity features, two heads, length-grouped batches).

Each runs ``--steps`` optimizer steps after ``--warmup`` untimed ones; a step's time runs from one
step's end to the next, so it includes collation. The report gives samples/s, the real and padded
tokens per step and the epoch time they imply, then one length-grouped step of the recipe split into
collation, forward, backward and optimizer, with the operators that take the most time. Since the
model is compute bound on a CPU, the epoch time follows the tokens it computes: that is what the
recipe's ``max_length``, epochs and length grouping trade against accuracy (docs/training.md).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import torch
from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    DataCollatorWithPadding,
    PreTrainedTokenizerBase,
    Trainer,
    TrainerCallback,
    TrainingArguments,
)

from common.cli import ArgumentParser
from common.io import run_directory, write_json
from common.paths import REPORTS_DIR
from common.tables import markdown_table
from training.config import TrainConfig, load_config
from training.encoders import resolve_encoder
from training.train import (
    PromptCollator,
    PromptDataset,
    Splits,
    TrainOptions,
    build_model,
    load_splits,
    make_trainer,
    training_arguments,
)


class StepClock(TrainerCallback):
    """Seconds between consecutive optimizer-step ends: the whole step, data loading included."""

    def __init__(self) -> None:
        self.ends: list[float] = []

    def on_step_end(self, args, state, control, **kwargs) -> None:
        self.ends.append(time.perf_counter())

    def step_seconds(self, warmup: int) -> list[float]:
        ends = self.ends[max(warmup - 1, 0) :]
        return [later - earlier for earlier, later in itertools.pairwise(ends)]


class TokenCounter:
    """Wraps a collator and records each batch's real and computed (padded) token counts."""

    def __init__(self, collate: Callable[[list[dict[str, Any]]], dict[str, torch.Tensor]]) -> None:
        self.collate = collate
        self.real: list[int] = []
        self.padded: list[int] = []

    def __call__(self, items: list[dict[str, Any]]) -> dict[str, torch.Tensor]:
        batch = self.collate(items)
        self.real.append(int(batch["attention_mask"].sum()))
        self.padded.append(batch["attention_mask"].numel())
        return batch


@dataclasses.dataclass
class StepProfile:
    """One profiled step: milliseconds per phase, the batch's padded length and the top operators."""

    phase_ms: dict[str, float]
    tokens_per_row: int
    operators: str


@dataclasses.dataclass
class Run:
    name: str
    step_seconds: list[float]
    real_tokens: float
    padded_tokens: float


def timed_train(trainer: Trainer, counter: TokenCounter, name: str, warmup: int) -> Run:
    clock = StepClock()
    trainer.add_callback(clock)
    trainer.train()
    seconds = clock.step_seconds(warmup)
    return Run(name, seconds, statistics.mean(counter.real), statistics.mean(counter.padded))


def plain_arguments(config: TrainConfig, output_dir: Path, max_steps: int) -> TrainingArguments:
    t = config.training
    return TrainingArguments(
        output_dir=str(output_dir),
        per_device_train_batch_size=t.batch_size,
        learning_rate=t.learning_rate,
        weight_decay=t.weight_decay,
        warmup_steps=t.warmup_ratio,
        max_steps=max_steps,
        seed=t.seed,
        eval_strategy="no",
        save_strategy="no",
        logging_strategy="no",
        report_to=[],
        use_cpu=not torch.cuda.is_available(),
        disable_tqdm=True,
    )


def plain_run(
    config: TrainConfig,
    splits: Splits,
    tokenizer: PreTrainedTokenizerBase,
    padding: str,
    work_dir: Path,
    steps: int,
    warmup: int,
) -> Run:
    """The Hugging Face example's model and Trainer on the same texts and labels."""
    label_index = {label: i for i, label in enumerate(splits.labels)}
    max_length = config.training.max_length
    texts = [example.text for example in splits.train]
    encoded = tokenizer(texts, truncation=True, max_length=max_length, padding=padding)
    dataset = [
        {"input_ids": ids, "attention_mask": mask, "labels": label_index[example.label]}
        for ids, mask, example in zip(
            encoded["input_ids"], encoded["attention_mask"], splits.train, strict=True
        )
    ]
    model = AutoModelForSequenceClassification.from_pretrained(
        resolve_encoder(config.classifier.pretrained_model), num_labels=len(splits.labels)
    )
    counter = TokenCounter(DataCollatorWithPadding(tokenizer))
    trainer = Trainer(
        model=model,
        args=plain_arguments(config, work_dir, warmup + steps),
        train_dataset=dataset,
        data_collator=counter,
    )
    name = (
        "plain Trainer, padded to max_length" if padding == "max_length" else "plain Trainer, dynamic padding"
    )
    return timed_train(trainer, counter, name, warmup)


def recipe_run(
    config: TrainConfig,
    splits: Splits,
    tokenizer: PreTrainedTokenizerBase,
    work_dir: Path,
    steps: int,
    warmup: int,
) -> Run:
    """This project's Trainer exactly as ``training.train`` builds it, stopped after the timed steps."""
    recipe = make_trainer(
        config,
        splits,
        tokenizer,
        work_dir,
        report_to=[],
        model=build_model(config.classifier, config, splits),
    )
    # Its arguments, model, data and collator, without evaluation, checkpoints or early stopping.
    args = dataclasses.replace(
        recipe.args,
        max_steps=warmup + steps,
        eval_strategy="no",
        save_strategy="no",
        load_best_model_at_end=False,
        report_to=[],
        disable_tqdm=True,
    )
    counter = TokenCounter(recipe.data_collator)
    trainer = Trainer(
        model=recipe.model, args=args, train_dataset=recipe.train_dataset, data_collator=counter
    )
    return timed_train(trainer, counter, "intent-serve (features, two heads, length-grouped)", warmup)


def profile_step(
    config: TrainConfig, splits: Splits, tokenizer: PreTrainedTokenizerBase, work_dir: Path, top: int
) -> StepProfile:
    """One step of the recipe on a batch of median-length prompts, split into its phases, with the
    optimizer the Trainer builds from the recipe's arguments (fused AdamW by default)."""
    max_length = config.training.max_length
    dataset = PromptDataset(splits.train, splits.labels, splits.complexity_levels, tokenizer, max_length)
    order = sorted(range(len(dataset)), key=lambda i: len(dataset.token_ids[i]))
    middle = len(order) // 2
    batch_size = config.training.batch_size
    items = [dataset[i] for i in order[middle : middle + batch_size]]
    collate = PromptCollator(tokenizer, max_length)
    model = build_model(config.classifier, config, splits)
    model.train()
    optimizer_class, optimizer_kwargs = Trainer.get_optimizer_cls_and_kwargs(
        training_arguments(config, work_dir, report_to=[]), model
    )
    optimizer = optimizer_class(model.parameters(), **optimizer_kwargs)

    def step(times: dict[str, float]) -> None:
        start = time.perf_counter()
        batch = collate(items)
        collated = time.perf_counter()
        loss = model(**batch).loss
        forward = time.perf_counter()
        loss.backward()
        backward = time.perf_counter()
        optimizer.step()
        optimizer.zero_grad()
        end = time.perf_counter()
        for phase, seconds in (
            ("collate", collated - start),
            ("forward", forward - collated),
            ("backward", backward - forward),
            ("optimizer", end - backward),
        ):
            times[phase] = times.get(phase, 0.0) + seconds

    step({})
    phases: dict[str, float] = {}
    repeat = 3
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as profiler:
        for _ in range(repeat):
            step(phases)
    return StepProfile(
        phase_ms={phase: 1000 * seconds / repeat for phase, seconds in phases.items()},
        tokens_per_row=len(dataset.token_ids[order[middle + batch_size - 1]]),
        operators=profiler.key_averages().table(sort_by="self_cpu_time_total", row_limit=top),
    )


def report(runs: list[Run], batch_size: int, epoch_steps: int, threads: int) -> str:
    base = statistics.mean(runs[0].step_seconds)
    rows = []
    for run in runs:
        mean = statistics.mean(run.step_seconds)
        rows.append(
            [
                run.name,
                f"{batch_size / mean:.1f}",
                f"{run.real_tokens:.0f}",
                f"{run.padded_tokens:.0f}",
                f"{run.real_tokens / mean:.0f}",
                f"{mean:.2f}",
                f"{mean * epoch_steps / 60:.1f}",
                f"{base / mean:.2f}x",
            ]
        )
    headers = [
        "run",
        "samples/s",
        "real tokens/step",
        "computed tokens/step",
        "real tokens/s",
        "s/step",
        "epoch min",
        "vs first",
    ]
    return f"{threads} threads, batch {batch_size}, epoch = {epoch_steps} steps\n\n" + markdown_table(
        headers, rows
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.option(
        "--train-config", "--config", required=True, help="training YAML, e.g. configs/distilbert.yaml"
    )
    parser.add_argument(
        "--data", help="your own CSV/JSONL of text,label (as training.train --data); default: the config's"
    )
    parser.add_argument("--steps", type=int, default=40, help="timed optimizer steps per run")
    parser.add_argument("--warmup", type=int, default=3, help="untimed steps before them")
    parser.add_argument("--top", type=int, default=12, help="operators listed in the profile")
    parser.add_argument(
        "--skip-padded", action="store_true", help="leave out the padded plain run (the slowest)"
    )
    parser.add_argument("--output-dir", type=Path, default=REPORTS_DIR / "bench-train-speed")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    config = load_config(args.train_config)
    splits = load_splits(config, TrainOptions(data=args.data))
    tokenizer = AutoTokenizer.from_pretrained(resolve_encoder(config.classifier.pretrained_model))
    paddings = ["longest"] if args.skip_padded else ["max_length", "longest"]
    runs = []
    with tempfile.TemporaryDirectory() as work:
        for padding in paddings:
            print(f"timing the plain Trainer ({padding} padding), {args.steps} steps", flush=True)
            runs.append(plain_run(config, splits, tokenizer, padding, Path(work), args.steps, args.warmup))
        print(f"timing intent-serve's trainer, {args.steps} steps", flush=True)
        runs.append(recipe_run(config, splits, tokenizer, Path(work), args.steps, args.warmup))
        print("profiling one length-grouped step", flush=True)
        profile = profile_step(config, splits, tokenizer, Path(work), args.top)
    epoch_steps = -(-len(splits.train) // config.training.batch_size)
    table = report(runs, config.training.batch_size, epoch_steps, torch.get_num_threads())
    phase_table = markdown_table(["phase", "ms"], [[k, f"{v:.0f}"] for k, v in profile.phase_ms.items()])
    text = (
        f"# Training speed: {args.train_config}\n\n{table}\n\n"
        f"## One step, {config.training.batch_size} prompts of {profile.tokens_per_row} tokens\n\n"
        f"{phase_table}\n\n```\n{profile.operators}\n```\n"
    )
    print(text)
    out = run_directory(args.output_dir)
    (out / "report.md").write_text(text, encoding="utf-8")
    results = {"runs": [dataclasses.asdict(run) for run in runs], "step_ms": profile.phase_ms}
    write_json(out / "results.json", results)
    print(f"wrote {out / 'report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
