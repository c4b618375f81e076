"""Training configuration: the YAML files in ``configs/`` mapped onto dataclasses.

Every key is read and an unknown key is an error: a typo such as ``learning_rte`` must stop a
run, not silently train with the default.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from common.paths import PROCESSED_DIR
from model.out_of_scope import METHODS as OUT_OF_SCOPE_METHODS


class ConfigError(ValueError):
    pass


@dataclass
class ClassifierSettings:
    pretrained_model: str = "offline:distilbert"
    pooling_strategy: str = "mean"
    use_complexity_features: bool = True
    feature_hidden_size: int = 32
    freeze_layers: int = 0
    use_layer_norm: bool = True
    dropout: float = 0.1
    complexity_loss_weight: float = 0.5


@dataclass
class TrainingSettings:
    batch_size: int = 32
    eval_batch_size: int = 64
    learning_rate: float = 1e-4
    num_epochs: int = 6
    fp16: bool = False
    gradient_accumulation_steps: int = 1
    gradient_checkpointing: bool = False
    early_stopping_patience: int = 5
    warmup_ratio: float = 0.1
    weight_decay: float = 0.01
    label_smoothing: float = 0.0
    lr_scheduler_type: str = "linear"
    max_length: int = 128
    seed: int = 42


@dataclass
class CalibrationSettings:
    """``traffic_prior``: the intent mix of the traffic the model will serve (label → weight; empty
    keeps the training mix). Logits are shifted by ``prior_strength`` × (log traffic prior − log
    training prior), the logit adjustment that turns a model trained on a balanced mix into one for
    unbalanced traffic. ``uncertain_precision``: when set, ``min_confidence`` is fitted on held-out
    real prompts as the lowest threshold whose confident answers reach that precision."""

    enabled: bool = True
    min_confidence: float = 0.5
    traffic_prior: dict[str, float] = field(default_factory=dict)
    prior_strength: float = 1.0
    uncertain_precision: float | None = None


@dataclass
class OutOfScopeSettings:
    """The out-of-scope detector fitted at the end of training (model/out_of_scope.py): its score
    (``mahalanobis``, ``energy`` or ``max_probability``) and the share of in-scope validation texts
    its threshold keeps. The default is the best of the three on Banking77 with unseen classes
    (docs/serving.md, `make bench-oos`)."""

    enabled: bool = True
    method: str = "max_probability"
    keep_share: float = 0.97

    def __post_init__(self) -> None:
        if self.method not in OUT_OF_SCOPE_METHODS:
            raise ConfigError(
                f"out_of_scope.method must be one of {OUT_OF_SCOPE_METHODS}, got {self.method!r}"
            )
        if not 0 < self.keep_share <= 1:
            raise ConfigError(f"out_of_scope.keep_share must be in (0, 1], got {self.keep_share}")


@dataclass
class QuantizationSettings:
    enabled: bool = False
    max_accuracy_drop: float = 1.0


@dataclass
class OnnxExportSettings:
    enabled: bool = False
    opset: int = 18


@dataclass
class OptimizationSettings:
    quantization: QuantizationSettings = field(default_factory=QuantizationSettings)
    onnx_export: OnnxExportSettings = field(default_factory=OnnxExportSettings)


COMPLEXITY_LABEL_SOURCES = ("all", "real")


@dataclass
class DataSettings:
    """``real_data``: labelled real prompts mixed into training (see training/real_data.py);
    ``dev_data``: the real-prompt dev set, whose texts are kept out of training;
    ``complexity_labels``: ``all`` trains the complexity head on every labelled example, ``real``
    only on the real prompts' guide labels when there are some (the generator derives its levels
    from its own recipe, which calls many multi-part or constrained real prompts simple)."""

    input: str = "data/generated/distilbert_training_data.json"
    processed_dir: str = str(PROCESSED_DIR)
    val_size: float = 0.1
    test_size: float = 0.1
    real_data: list[str] = field(default_factory=list)
    real_repeat: int = 1
    real_calibration_share: float = 0.2
    dev_data: str | None = "training/datasets/real_prompts_dev/prompts.jsonl"
    complexity_labels: str = "all"

    def __post_init__(self) -> None:
        if self.complexity_labels not in COMPLEXITY_LABEL_SOURCES:
            raise ConfigError(
                f"data.complexity_labels: expected one of {COMPLEXITY_LABEL_SOURCES}, "
                f"got {self.complexity_labels!r}"
            )


@dataclass
class SearchSettings:
    n_trials: int = 10
    direction: str = "minimize"
    search_space: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class MlflowSettings:
    tracking_uri: str = "sqlite:///mlruns/mlflow.db"
    artifact_location: str = "mlruns/artifacts"
    experiment_name: str = "intent-serve"


@dataclass
class TrainConfig:
    name: str
    classifier: ClassifierSettings
    training: TrainingSettings = field(default_factory=TrainingSettings)
    calibration: CalibrationSettings = field(default_factory=CalibrationSettings)
    out_of_scope: OutOfScopeSettings = field(default_factory=OutOfScopeSettings)
    optimization: OptimizationSettings = field(default_factory=OptimizationSettings)
    data: DataSettings = field(default_factory=DataSettings)
    hyperparameter_search: SearchSettings = field(default_factory=SearchSettings)
    mlflow: MlflowSettings = field(default_factory=MlflowSettings)

    def to_dict(self) -> dict[str, Any]:
        """The YAML layout again, so a checkpoint stores a config that `load_config` reads back."""
        sections = dataclasses.asdict(self)
        name = sections.pop("name")
        classifier = sections.pop("classifier")
        return {"model": {"name": name, f"{name}_classifier": classifier}, **sections}


def _build(cls: type, values: Any, where: str) -> Any:
    if not isinstance(values, dict):
        raise ConfigError(f"{where}: expected a mapping, got {type(values).__name__}")
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(known)}")
    kwargs = {}
    for key, value in values.items():
        hint = hints[key]
        if dataclasses.is_dataclass(hint):
            kwargs[key] = _build(hint, value, f"{where}.{key}")
        elif hint is float and isinstance(value, int | float | str) and not isinstance(value, bool):
            kwargs[key] = float(value)
        elif hint in (int, bool, str) and not isinstance(value, hint):
            raise ConfigError(f"{where}.{key}: expected {hint.__name__}, got {value!r}")
        else:
            kwargs[key] = value
    return cls(**kwargs)


def parse_config(raw: dict[str, Any], source: str = "config") -> TrainConfig:
    raw = dict(raw)
    model = dict(raw.pop("model", None) or {})
    name = model.pop("name", None)
    if not name:
        raise ConfigError(f"{source}: model.name is required (e.g. distilbert or deberta)")
    section = f"{name}_classifier"
    classifier = _build(ClassifierSettings, model.pop(section, {}), f"{source}: model.{section}")
    if model:
        raise ConfigError(
            f"{source}: unknown key(s) under model: {sorted(model)}; expected name and {section}"
        )
    rest = _build(TrainConfig, {"name": name, "classifier": {}, **raw}, source)
    rest.classifier = classifier
    return rest


def load_config(path: str | Path) -> TrainConfig:
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle) or {}
    return parse_config(raw, str(path))
