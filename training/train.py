"""Train an intent classifier and write a servable checkpoint.

    python -m training.train --config configs/distilbert.yaml
    python -m training.train --config configs/distilbert.yaml --data my_prompts.csv --num-epochs 3
    python -m training.train --config configs/deberta.yaml --hyperparameter-search --n-trials 10

The run: prepare splits (if asked or missing) → build the classifier around the configured
encoder → fine-tune with ``transformers.Trainer`` (early stopping on validation loss) →
fit a calibration temperature on the validation split → evaluate on the test split through
the serving code path → write ``<output-dir>/checkpoints/best_model`` → log it all to MLflow.

An interrupted run resumes with ``--resume`` (``make train RESUME=1``; ``make mar`` always asks for
it): the final training keeps full Trainer checkpoints (weights as safetensors, optimizer, scheduler
and RNG state) in ``<output-dir>/trainer/final`` after every epoch until it finishes, and a resumed
run continues from the last one's global step. The work directory also records the config and
data it was trained with; a checkpoint written with others is not resumed from but retrained.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import shutil
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import mlflow
import optuna
import torch
from transformers import (
    AutoTokenizer,
    EarlyStoppingCallback,
    PreTrainedTokenizerBase,
    Trainer,
    TrainerCallback,
    TrainingArguments,
    set_seed,
)
from transformers.trainer_utils import get_last_checkpoint

from common.cli import ArgumentParser, from_namespace
from common.io import write_json
from common.timing import benchmark, format_table
from model.calibration import expected_calibration_error, fit_min_confidence, fit_temperature
from model.checkpoint import LABEL_MAP_FILE, METRICS_FILE, PROVENANCE_FILE
from model.classifier import IGNORE_INDEX, IntentClassifier
from model.labels import INTENTS
from model.out_of_scope import POOLED_METHODS, OutOfScopeDetector
from model.predictor import IntentPredictor, Probabilities, prior_vector
from model.preprocessing import encode_batch
from training.checkpoint import save_checkpoint
from training.config import (
    CalibrationSettings,
    ClassifierSettings,
    ConfigError,
    OutOfScopeSettings,
    TrainConfig,
    load_config,
)
from training.data import DataError, Example, PrepareConfig, load_label_map, load_split, prepare_dataset
from training.encoders import resolve_encoder
from training.metrics import classification_metrics, confusion_figure, label_ids, predict_examples
from training.out_of_scope import collect_outputs, fit_detector
from training.provenance import data_provenance
from training.real_data import dev_texts, prepare_real

TRAINING_ARG_NAMES = {
    "learning_rate": "learning_rate",
    "batch_size": "per_device_train_batch_size",
    "num_epochs": "num_train_epochs",
    "weight_decay": "weight_decay",
    "warmup_ratio": "warmup_steps",
}
"""Search-space keys that live in the ``training`` section, by their TrainingArguments name."""


class PromptDataset(torch.utils.data.Dataset):
    """Raw texts and label ids; the collator does all tokenization through ``encode_batch``.

    Items also carry their truncated token ids under ``input_ids``, only so that the Trainer's
    length-grouped sampler can batch prompts of similar length: with long pasted contexts in the
    data, random batches would pad nearly every batch to ``max_length``.
    """

    def __init__(
        self,
        examples: Sequence[Example],
        labels: Sequence[str],
        levels: Sequence[str],
        tokenizer: PreTrainedTokenizerBase,
        max_length: int,
    ) -> None:
        self.examples = list(examples)
        self.label_index = {label: i for i, label in enumerate(labels)}
        self.level_index = {level: i for i, level in enumerate(levels)}
        texts = [example.text for example in self.examples]
        encoded = tokenizer(texts, truncation=True, max_length=max_length) if texts else {"input_ids": []}
        self.token_ids = encoded["input_ids"]

    def __len__(self) -> int:
        return len(self.examples)

    def __getitem__(self, index: int) -> dict[str, Any]:
        example = self.examples[index]
        return {
            "text": example.text,
            "input_ids": self.token_ids[index],
            "labels": self.label_index[example.label],
            "complexity_labels": self.level_index.get(example.complexity or "", IGNORE_INDEX),
        }


class PromptCollator:
    """Batches through :func:`model.preprocessing.encode_batch`, the serving path's own encoder."""

    def __init__(self, tokenizer: PreTrainedTokenizerBase, max_length: int) -> None:
        self.tokenizer = tokenizer
        self.max_length = max_length

    def __call__(self, items: list[dict[str, Any]]) -> dict[str, torch.Tensor]:
        batch = encode_batch(self.tokenizer, [item["text"] for item in items], self.max_length)
        batch["labels"] = torch.tensor([item["labels"] for item in items])
        batch["complexity_labels"] = torch.tensor([item["complexity_labels"] for item in items])
        return batch


@dataclasses.dataclass
class Splits:
    """``calibration``: held-out real prompts the temperature and threshold are fitted on (empty:
    the validation split is used)."""

    train: list[Example]
    val: list[Example]
    test: list[Example]
    labels: list[str]
    complexity_levels: list[str]
    calibration: list[Example] = dataclasses.field(default_factory=list)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.option(
        "--train-config", "--config", required=True, help="training YAML, e.g. configs/distilbert.yaml"
    )
    parser.add_argument("--prepare-data", action="store_true", help="(re)build the splits before training")
    parser.add_argument(
        "--data", help="your own CSV/JSONL of text,label[,complexity]; the label set follows it"
    )
    parser.add_argument("--labels-file", help="JSON list fixing the label order of --data")
    parser.add_argument("--test-data", help="explicit test file; otherwise the split's own test set")
    parser.add_argument("--num-epochs", type=int, help="override training.num_epochs")
    parser.add_argument("--freeze-layers", type=int, help="override the classifier's freeze_layers")
    parser.add_argument(
        "--pretrained-model", help="override pretrained_model (hub id, directory or offline:*)"
    )
    parser.add_argument("--output-dir", help="default: models/<model name>")
    parser.add_argument(
        "--hyperparameter-search", action="store_true", help="Optuna search before the final run"
    )
    parser.add_argument("--n-trials", type=int, help="override hyperparameter_search.n_trials")
    parser.add_argument(
        "--optuna-storage", help="Optuna storage URL shared by several machines, e.g. sqlite:///optuna.db"
    )
    parser.add_argument("--study-name", help="Optuna study name (default: <model name>-search)")
    parser.add_argument("--experiment-name", help="MLflow experiment (default from the config)")
    parser.add_argument("--run-name", help="MLflow run name")
    parser.add_argument(
        "--benchmark", action="store_true", help="measure inference throughput at batch 1/8/32"
    )
    parser.add_argument("--compare-baseline", help="checkpoint directory to evaluate on the same test set")
    parser.add_argument(
        "--resume", action="store_true", help="continue an interrupted run from its last epoch checkpoint"
    )
    return parser.parse_args(argv)


@dataclasses.dataclass(frozen=True)
class Overrides:
    """Config values replaced from the command line; None keeps the config's."""

    num_epochs: int | None = None
    freeze_layers: int | None = None
    pretrained_model: str | None = None
    n_trials: int | None = None
    experiment_name: str | None = None


@dataclasses.dataclass(frozen=True)
class TrainOptions:
    """What one run does beyond its config: its data, where it writes, and what it adds."""

    data: str | None = None
    prepare_data: bool = False
    labels_file: str | None = None
    test_data: str | None = None
    output_dir: str | None = None
    hyperparameter_search: bool = False
    optuna_storage: str | None = None
    study_name: str | None = None
    benchmark: bool = False
    compare_baseline: str | None = None
    resume: bool = False


def apply_overrides(config: TrainConfig, overrides: Overrides) -> None:
    if overrides.num_epochs is not None:
        config.training.num_epochs = overrides.num_epochs
    if overrides.freeze_layers is not None:
        config.classifier.freeze_layers = overrides.freeze_layers
    if overrides.pretrained_model:
        config.classifier.pretrained_model = overrides.pretrained_model
    if overrides.n_trials is not None:
        config.hyperparameter_search.n_trials = overrides.n_trials
    if overrides.experiment_name:
        config.mlflow.experiment_name = overrides.experiment_name


def load_splits(config: TrainConfig, args: TrainOptions) -> Splits:
    """Read the prepared splits, preparing them first when asked, when missing, or for --data."""
    source = Path(args.data or config.data.input)
    processed = Path(config.data.processed_dir)
    if args.data:
        processed = processed.parent / f"{processed.name}-{source.stem}"
    if args.prepare_data or args.data or not (processed / LABEL_MAP_FILE).exists():
        if not source.exists():
            raise DataError([f"{source}: no such file (run `make data` to generate the synthetic prompts)"])
        stats = prepare_dataset(
            PrepareConfig(
                input=source,
                output_dir=processed,
                labels_file=Path(args.labels_file) if args.labels_file else None,
                test_input=Path(args.test_data) if args.test_data else None,
                val_size=config.data.val_size,
                test_size=config.data.test_size,
                seed=config.training.seed,
            )
        )
        print(f"prepared {processed}: {json.dumps({k: v for k, v in stats.items() if k != 'config'})[:400]}")
    label_map = load_label_map(processed / LABEL_MAP_FILE)
    splits = Splits(
        train=load_split(processed / "train.jsonl"),
        val=load_split(processed / "val.jsonl"),
        test=load_split(processed / "test.jsonl"),
        labels=label_map["labels"],
        complexity_levels=label_map["complexity_levels"],
    )
    if config.data.real_data and splits.labels == list(INTENTS):
        add_real_prompts(splits, config)
    return splits


def add_real_prompts(splits: Splits, config: TrainConfig) -> None:
    """Mix the labelled real prompts into train and hold a share out for calibration (it also
    joins validation, so early stopping watches real prompts too). Only for the default label set,
    which they are labelled in: a dataset with its own labels trains on its own prompts alone."""
    data = config.data
    real = prepare_real(
        data.real_data,
        splits.labels,
        exclude=dev_texts(data.dev_data),
        calibration_share=data.real_calibration_share,
        repeat=data.real_repeat,
        seed=config.training.seed,
    )
    if data.complexity_labels == "real":
        splits.train = without_complexity(splits.train)
        splits.val = without_complexity(splits.val)
    splits.train = splits.train + real.train
    splits.val = splits.val + real.calibration
    splits.calibration = real.calibration
    print(
        f"real prompts: {len(real.train) // max(data.real_repeat, 1)} train (x{data.real_repeat}), "
        f"{len(real.calibration)} calibration, {real.dropped_dev_overlap} dropped as dev-set texts"
    )


def without_complexity(examples: Sequence[Example]) -> list[Example]:
    """The examples with their complexity label dropped: the complexity loss ignores them."""
    return [dataclasses.replace(example, complexity=None) for example in examples]


def label_prior(examples: Sequence[Example], labels: Sequence[str]) -> list[float]:
    counts = Counter(example.label for example in examples)
    total = sum(counts[label] + 1 for label in labels)
    return [(counts[label] + 1) / total for label in labels]


def build_model(settings: ClassifierSettings, config: TrainConfig, splits: Splits) -> IntentClassifier:
    return IntentClassifier.from_encoder(
        resolve_encoder(settings.pretrained_model),
        pooling_strategy=settings.pooling_strategy,
        use_complexity_features=settings.use_complexity_features,
        feature_hidden_size=settings.feature_hidden_size,
        use_layer_norm=settings.use_layer_norm,
        classifier_dropout=settings.dropout,
        complexity_loss_weight=settings.complexity_loss_weight if splits.complexity_levels else 0.0,
        label_smoothing=config.training.label_smoothing,
        freeze_layers=settings.freeze_layers,
        max_seq_length=config.training.max_length,
        min_confidence=config.calibration.min_confidence,
        id2label=dict(enumerate(splits.labels)),
        label2id={label: i for i, label in enumerate(splits.labels)},
    )


def mixed_precision() -> dict[str, bool]:
    """`fp16: true` means mixed precision where the hardware has it: fp16 on CUDA, bf16 on a
    CPU that supports it natively, plain fp32 otherwise, so the same config never crashes."""
    if torch.cuda.is_available():
        return {"fp16": True}
    if torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported():
        return {"bf16": True}
    return {}


def training_arguments(
    config: TrainConfig, output_dir: Path, report_to: list[str], resumable: bool = False
) -> TrainingArguments:
    """``resumable``: epoch checkpoints carry optimizer, scheduler and RNG state too, so an
    interrupted run can continue exactly; search trials are never resumed and save only weights."""
    t = config.training
    return TrainingArguments(
        output_dir=str(output_dir),
        per_device_train_batch_size=t.batch_size,
        per_device_eval_batch_size=t.eval_batch_size,
        learning_rate=t.learning_rate,
        num_train_epochs=t.num_epochs,
        gradient_accumulation_steps=t.gradient_accumulation_steps,
        activation_checkpointing=t.gradient_checkpointing,
        warmup_steps=t.warmup_ratio,
        weight_decay=t.weight_decay,
        lr_scheduler_type=t.lr_scheduler_type,
        seed=t.seed,
        eval_strategy="epoch",
        save_strategy="epoch",
        logging_strategy="epoch",
        train_sampling_strategy="group_by_length",
        save_total_limit=1,
        save_only_model=not resumable,
        load_best_model_at_end=True,
        metric_for_best_model="eval_loss",
        greater_is_better=False,
        remove_unused_columns=False,
        label_names=["labels", "complexity_labels"],
        report_to=report_to,
        dataloader_num_workers=0,
        use_cpu=not torch.cuda.is_available(),
        disable_tqdm=False,
        **(mixed_precision() if t.fp16 else {}),
    )


def eval_accuracy(prediction: Any) -> dict[str, float]:
    """Per-epoch validation accuracy for the Trainer's log (the loss is logged by the Trainer)."""
    logits = prediction.predictions[0]
    labels = prediction.label_ids[0]
    return {"accuracy": float((logits.argmax(-1) == labels).mean())}


def make_trainer(
    config: TrainConfig,
    splits: Splits,
    tokenizer: PreTrainedTokenizerBase,
    work_dir: Path,
    report_to: list[str],
    model: IntentClassifier | None = None,
    callbacks: Sequence[TrainerCallback] = (),
) -> Trainer:
    """A Trainer over the splits; without ``model`` it builds one per Optuna trial from the
    trial's classifier parameters."""

    def model_init(trial: optuna.Trial | None = None) -> IntentClassifier:
        classifier_params = {
            k: v for k, v in (trial.params if trial else {}).items() if k not in TRAINING_ARG_NAMES
        }
        return build_model(dataclasses.replace(config.classifier, **classifier_params), config, splits)

    dataset_args = (splits.labels, splits.complexity_levels, tokenizer, config.training.max_length)
    return Trainer(
        model=model,
        model_init=None if model is not None else model_init,
        args=training_arguments(config, work_dir, report_to, resumable=model is not None),
        train_dataset=PromptDataset(splits.train, *dataset_args),
        eval_dataset=PromptDataset(splits.val, *dataset_args),
        data_collator=PromptCollator(tokenizer, config.training.max_length),
        compute_metrics=eval_accuracy,
        callbacks=[
            EarlyStoppingCallback(early_stopping_patience=config.training.early_stopping_patience),
            *callbacks,
        ],
    )


def suggest(trial: optuna.Trial, name: str, spec: dict[str, Any]) -> Any:
    kind = spec.get("type", "float")
    if kind == "categorical":
        return trial.suggest_categorical(name, spec["choices"])
    if kind == "int":
        return trial.suggest_int(name, spec["low"], spec["high"], log=spec.get("log", False))
    return trial.suggest_float(name, float(spec["low"]), float(spec["high"]), log=spec.get("log", False))


def search_space(config: TrainConfig) -> dict[str, dict[str, Any]]:
    space = config.hyperparameter_search.search_space
    classifier_keys = {f.name for f in dataclasses.fields(ClassifierSettings)}
    unknown = sorted(set(space) - set(TRAINING_ARG_NAMES) - classifier_keys)
    if unknown or not space:
        raise ConfigError(
            f"hyperparameter_search.search_space: unknown or missing keys {unknown}; allowed: "
            f"{sorted(TRAINING_ARG_NAMES) + sorted(classifier_keys)}"
        )
    return space


def run_search(
    config: TrainConfig,
    splits: Splits,
    tokenizer: PreTrainedTokenizerBase,
    work_dir: Path,
    args: TrainOptions,
) -> dict[str, Any]:
    """Optuna search through ``Trainer.hyperparameter_search``; returns the best parameters."""
    space = search_space(config)

    def hp_space(trial: optuna.Trial) -> dict[str, Any]:
        params = {name: suggest(trial, name, spec) for name, spec in space.items()}
        return {TRAINING_ARG_NAMES.get(name, name): value for name, value in params.items()}

    trainer = make_trainer(config, splits, tokenizer, work_dir, report_to=[])
    best = trainer.hyperparameter_search(
        hp_space=hp_space,
        compute_objective=lambda metrics: metrics["eval_loss"],
        n_trials=config.hyperparameter_search.n_trials,
        direction=config.hyperparameter_search.direction,
        backend="optuna",
        storage=args.optuna_storage,
        study_name=args.study_name or f"{config.name}-search",
        load_if_exists=True,
    )
    print(f"best trial {best.run_id}: eval_loss={best.objective:.4f} params={best.hyperparameters}")
    return {"trial": best.run_id, "objective": best.objective, "params": best.hyperparameters}


def apply_params(config: TrainConfig, params: dict[str, Any]) -> None:
    for name, value in params.items():
        section = config.training if name in TRAINING_ARG_NAMES else config.classifier
        setattr(section, name, value)


def calibration_examples(splits: Splits) -> list[Example]:
    return splits.calibration or splits.val


def calibrate(predictor: IntentPredictor, splits: Splits) -> float:
    """Fit the temperature on held-out logits (real prompts when there are some, else validation,
    after any prior correction); the checkpoint stores it for serving."""
    examples = calibration_examples(splits)
    if not examples:
        return 1.0
    probs = predict_examples(predictor, examples)
    return fit_temperature(probs.intents.clamp_min(1e-12).log(), label_ids(examples, splits.labels))


def set_priors(model: IntentClassifier, splits: Splits, calibration: CalibrationSettings) -> None:
    """Store the training mix (so that a traffic mix can be set at serving time for any label set)
    and the config's traffic mix when it is one for these labels."""
    model.config.train_prior = label_prior(splits.train, splits.labels)
    if set(calibration.traffic_prior) == set(splits.labels):
        model.config.traffic_prior = prior_vector(calibration.traffic_prior, splits.labels)
        model.config.prior_strength = calibration.prior_strength
    elif calibration.traffic_prior:
        print("calibration.traffic_prior names other labels than the data's: no prior correction")


def calibration_report(predictor: IntentPredictor, splits: Splits, precision: float | None) -> dict[str, Any]:
    """ECE before/after temperature on the calibration prompts, and the fitted ``uncertain``
    threshold. Fitted on these prompts, so they describe the fit, not a held-out score."""
    examples = calibration_examples(splits)
    if not examples:
        return {}
    truth = label_ids(examples, splits.labels)
    calibrated = predict_examples(predictor, examples)
    raw = rescale(calibrated, 1.0 / predictor.temperature)
    report: dict[str, Any] = {
        "examples": len(examples),
        "source": "real prompts" if splits.calibration else "validation split",
        "accuracy": float((calibrated.intents.argmax(-1) == truth).float().mean()),
        "ece_before": expected_calibration_error(raw.intents, truth),
        "ece_after": expected_calibration_error(calibrated.intents, truth),
    }
    if precision is not None:
        predictor.min_confidence = fit_min_confidence(calibrated.intents, truth, precision)
        predictor.model.config.min_confidence = predictor.min_confidence
        report["min_confidence"] = predictor.min_confidence
        report["uncertain_precision_target"] = precision
    return report


def rescale(probabilities: Probabilities, temperature: float) -> Probabilities:
    return Probabilities(
        intents=torch.softmax(probabilities.intents.clamp_min(1e-12).log() / temperature, dim=-1),
        complexity=probabilities.complexity,
    )


def training_provenance(config: TrainConfig, args: TrainOptions, splits: Splits) -> dict[str, Any]:
    """The data files this run read (the real prompts only when they were mixed in) and split sizes."""
    used_real = bool(config.data.real_data) and splits.labels == list(INTENTS)  # as load_splits decides
    sizes = {"train": len(splits.train), "val": len(splits.val), "test": len(splits.test)}
    if splits.calibration:
        sizes["calibration"] = len(splits.calibration)
    return data_provenance(
        args.data or config.data.input,
        args.test_data,
        config.data.real_data if used_real else [],
        config.data.dev_data,
        sizes,
    )


def fit_out_of_scope(
    model: IntentClassifier, tokenizer: PreTrainedTokenizerBase, splits: Splits, settings: OutOfScopeSettings
) -> OutOfScopeDetector | None:
    """Fit the out-of-scope detector on the best model: class statistics from the training split
    (only a method that has them runs the model over it), the threshold from validation (held out,
    in scope). None when disabled or without validation."""
    if not settings.enabled or not splits.val or not splits.train:
        return None
    train = None
    if settings.method in POOLED_METHODS:
        train = collect_outputs(model, tokenizer, [example.text for example in splits.train])
    validation = collect_outputs(model, tokenizer, [example.text for example in splits.val])
    detector = fit_detector(
        settings.method, train, label_ids(splits.train, splits.labels), validation, settings.keep_share
    )
    print(
        f"out-of-scope detector: {detector.method}, threshold {detector.threshold:.4g} keeps "
        f"{detector.keep_share:.0%} of {len(splits.val)} validation texts"
    )
    return detector


def directory_size(path: Path) -> int:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


def setup_mlflow(config: TrainConfig) -> None:
    Path("mlruns").mkdir(exist_ok=True)
    mlflow.set_tracking_uri(config.mlflow.tracking_uri)
    name = config.mlflow.experiment_name
    if mlflow.get_experiment_by_name(name) is None:
        mlflow.create_experiment(
            name, artifact_location=Path(config.mlflow.artifact_location).resolve().as_uri()
        )
    mlflow.set_experiment(name)


def numeric_metrics(metrics: dict[str, Any], prefix: str) -> dict[str, float]:
    return {
        f"{prefix}{k}": float(v)
        for k, v in metrics.items()
        if isinstance(v, int | float) and math.isfinite(v)
    }


def compare_baseline(baseline_dir: str, splits: Splits, ours: dict[str, Any]) -> dict[str, Any]:
    """Evaluate a baseline checkpoint on our test set; both numbers are measured, none typed in."""
    baseline = IntentPredictor.from_checkpoint(baseline_dir)
    if baseline.labels != splits.labels:
        raise DataError([f"{baseline_dir}: baseline label set differs from this run's; cannot compare"])
    theirs = classification_metrics(predict_examples(baseline, splits.test), splits.test, splits.labels, [])
    keys = ("accuracy", "macro_f1", "weighted_f1")
    return {
        "baseline": baseline_dir,
        **{
            key: {"ours": ours[key], "baseline": theirs[key], "delta": ours[key] - theirs[key]}
            for key in keys
        },
    }


RUN_FILE = "run.json"


def resume_point(work_dir: Path, run: dict[str, Any], resume: bool) -> str | None:
    """The checkpoint to continue from, or None to train from scratch (the stale work dir removed).

    A checkpoint is resumed only when it was written by the same config and data: resuming one
    from different settings would silently mix two runs."""
    checkpoint = get_last_checkpoint(str(work_dir)) if resume and work_dir.is_dir() else None
    recorded = work_dir / RUN_FILE
    if checkpoint and recorded.is_file() and json.loads(recorded.read_text()) == run:
        print(f"resuming from {checkpoint}")
        return checkpoint
    if resume:
        reason = "was written with another config or data" if checkpoint else "holds no epoch checkpoint"
        print(f"not resuming: {work_dir} {reason}; training from scratch")
    shutil.rmtree(work_dir, ignore_errors=True)
    work_dir.mkdir(parents=True)
    write_json(recorded, run)
    return None


def train(
    config: TrainConfig, args: TrainOptions, callbacks: Sequence[TrainerCallback] = ()
) -> dict[str, Any]:
    """``callbacks`` join the final training's Trainer (progress reporting, tests)."""
    set_seed(config.training.seed)
    splits = load_splits(config, args)
    output_dir = Path(args.output_dir or f"models/{config.name}")
    best_dir = output_dir / "checkpoints" / "best_model"
    tokenizer = AutoTokenizer.from_pretrained(resolve_encoder(config.classifier.pretrained_model))
    print(
        f"{config.name}: {len(splits.train)} train / {len(splits.val)} val / {len(splits.test)} test, "
        f"{len(splits.labels)} labels"
    )
    work_dir = output_dir / "trainer"
    search = None
    if args.hyperparameter_search:
        search = run_search(config, splits, tokenizer, work_dir / "search", args)
        apply_params(config, search["params"])
    model = build_model(config.classifier, config, splits)
    final_dir = work_dir / "final"
    data = {"data": args.data, "labels_file": args.labels_file}
    run = json.loads(json.dumps({"config": config.to_dict(), "data": data}, default=str))
    checkpoint = resume_point(final_dir, run, args.resume)
    # Read now: the Trainer rotates checkpoints away as it saves new ones.
    resumed_step, resumed_epoch = resumed_from(checkpoint)
    trainer = make_trainer(config, splits, tokenizer, final_dir, ["mlflow"], model=model, callbacks=callbacks)
    started = time.perf_counter()
    result = trainer.train(resume_from_checkpoint=checkpoint)
    training_time = time.perf_counter() - started
    epochs_run = max(1.0, float(result.metrics.get("epoch", config.training.num_epochs)))
    # A resumed run timed only the epochs it trained itself.
    epochs_timed = max(1.0, epochs_run - resumed_epoch)
    model = trainer.model.float().eval()
    global_step = trainer.state.global_step
    shutil.rmtree(work_dir, ignore_errors=True)

    set_priors(model, splits, config.calibration)
    predictor = IntentPredictor(model, tokenizer, splits.labels, splits.complexity_levels)
    raw_test = predict_examples(predictor, splits.test)
    temperature = calibrate(predictor, splits) if config.calibration.enabled else 1.0
    model.config.calibration_temperature = temperature
    predictor.temperature = temperature
    calibration = calibration_report(predictor, splits, config.calibration.uncertain_precision)
    test_probs = rescale(raw_test, temperature)
    metrics = classification_metrics(test_probs, splits.test, splits.labels, splits.complexity_levels)
    truth = label_ids(splits.test, splits.labels)
    metrics.update(
        {
            "ece_before_calibration": expected_calibration_error(raw_test.intents, truth),
            "ece_after_calibration": expected_calibration_error(test_probs.intents, truth),
            "temperature": temperature,
            "calibration": calibration,
            "training_time_s": training_time,
            "epochs": epochs_run,
            "global_step": global_step,
            "resumed_from_step": resumed_step,
            "time_per_epoch_s": training_time / epochs_timed,
            "parameters": sum(p.numel() for p in model.parameters()),
            "trainable_parameters": sum(p.numel() for p in model.parameters() if p.requires_grad),
            "model": config.name,
            "pretrained_model": config.classifier.pretrained_model,
        }
    )
    if search:
        metrics["hyperparameter_search"] = search
    detector = fit_out_of_scope(model, tokenizer, splits, config.out_of_scope)
    if detector is not None:
        metrics["out_of_scope"] = {
            "method": detector.method,
            "threshold": detector.threshold,
            "keep_share": detector.keep_share,
        }
    save_checkpoint(model, tokenizer, splits.labels, splits.complexity_levels, best_dir, config.to_dict())
    write_json(best_dir / PROVENANCE_FILE, training_provenance(config, args, splits))
    if detector is not None:
        detector.save(best_dir)
        predictor.out_of_scope = detector
    metrics["size_on_disk_bytes"] = directory_size(best_dir)
    if args.benchmark:
        metrics["benchmark"] = benchmark(predictor, [example.text for example in splits.test])
        print(format_table(metrics["benchmark"]))
    if args.compare_baseline:
        metrics["baseline_comparison"] = compare_baseline(args.compare_baseline, splits, metrics)
    write_json(best_dir / METRICS_FILE, metrics)
    log_run(metrics, test_probs, splits, best_dir, config)
    return metrics


def resumed_from(checkpoint: str | None) -> tuple[int, float]:
    """Global step and epoch a resumed run started at; (0, 0.0) for a fresh run."""
    if checkpoint is None:
        return 0, 0.0
    state = json.loads((Path(checkpoint) / "trainer_state.json").read_text())
    return int(state["global_step"]), float(state.get("epoch") or 0.0)


def log_run(
    metrics: dict[str, Any], probs: Probabilities, splits: Splits, best_dir: Path, config: TrainConfig
) -> None:
    mlflow.log_metrics(numeric_metrics(metrics, "test_"))
    mlflow.log_params({"model_name": config.name, "pretrained_model": config.classifier.pretrained_model})
    mlflow.log_figure(
        confusion_figure(probs, splits.test, splits.labels, f"{config.name} test"), "confusion_matrix.png"
    )
    mlflow.log_artifacts(str(best_dir), artifact_path="checkpoint")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        config = load_config(args.train_config)
        apply_overrides(config, from_namespace(Overrides, args))
        setup_mlflow(config)
        with mlflow.start_run(run_name=args.run_name):
            metrics = train(config, from_namespace(TrainOptions, args))
    except (ConfigError, DataError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    summary = {
        k: metrics[k] for k in ("accuracy", "macro_f1", "weighted_f1", "complexity_accuracy") if k in metrics
    }
    print(
        json.dumps(
            {
                **summary,
                "ece_before": metrics["ece_before_calibration"],
                "ece_after": metrics["ece_after_calibration"],
                "time_per_epoch_s": metrics["time_per_epoch_s"],
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
