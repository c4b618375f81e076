"""The intent classifier: any Hugging Face encoder, a pooling layer, optional complexity
features and two heads (intent and complexity level).

It is a ``PreTrainedModel`` so that ``save_pretrained``/``from_pretrained`` write and read
safetensors with a config that fully describes the architecture: the handler, the ONNX export
and the tests rebuild exactly the trained model from the checkpoint directory alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from transformers import AutoConfig, AutoModel, PretrainedConfig, PreTrainedModel
from transformers.utils import ModelOutput

from model.features import NUM_FEATURES
from model.labels import COMPLEXITY_LEVELS

POOLING_STRATEGIES = ("cls", "mean", "max", "attention")
IGNORE_INDEX = -100


class IntentClassifierConfig(PretrainedConfig):
    """Architecture and serving settings of an :class:`IntentClassifier`.

    ``encoder`` holds the wrapped encoder's own config as a dict, so one checkpoint directory
    rebuilds the encoder without reaching for the hub. ``calibration_temperature`` and ``min_confidence``
    are calibration results stored with the weights they were fitted for. ``train_prior`` is the
    intent mix the weights were trained on and ``traffic_prior`` the mix they are served to (both
    lists in label order, None for no prior correction); the predictor shifts the logits by
    ``prior_strength`` × (log traffic_prior − log train_prior).
    """

    model_type = "intent_classifier"

    def __init__(
        self,
        encoder: dict | None = None,
        pooling_strategy: str = "mean",
        use_complexity_features: bool = True,
        num_features: int = NUM_FEATURES,
        feature_hidden_size: int = 32,
        use_layer_norm: bool = True,
        classifier_dropout: float = 0.1,
        num_complexity_levels: int = len(COMPLEXITY_LEVELS),
        complexity_loss_weight: float = 0.5,
        label_smoothing: float = 0.0,
        freeze_layers: int = 0,
        max_seq_length: int = 128,
        calibration_temperature: float = 1.0,
        min_confidence: float = 0.0,
        train_prior: list[float] | None = None,
        traffic_prior: list[float] | None = None,
        prior_strength: float = 1.0,
        **kwargs,
    ) -> None:
        if pooling_strategy not in POOLING_STRATEGIES:
            raise ValueError(
                f"pooling_strategy must be one of {POOLING_STRATEGIES}, got {pooling_strategy!r}"
            )
        self.encoder = encoder or {}
        self.pooling_strategy = pooling_strategy
        self.use_complexity_features = use_complexity_features
        self.num_features = num_features
        self.feature_hidden_size = feature_hidden_size
        self.use_layer_norm = use_layer_norm
        self.classifier_dropout = classifier_dropout
        self.num_complexity_levels = num_complexity_levels
        self.complexity_loss_weight = complexity_loss_weight
        self.label_smoothing = label_smoothing
        self.freeze_layers = freeze_layers
        self.max_seq_length = max_seq_length
        self.calibration_temperature = calibration_temperature
        self.min_confidence = min_confidence
        self.train_prior = train_prior
        self.traffic_prior = traffic_prior
        self.prior_strength = prior_strength
        super().__init__(**kwargs)

    def encoder_config(self) -> PretrainedConfig:
        settings = dict(self.encoder)
        return AutoConfig.for_model(settings.pop("model_type"), **settings)


@dataclass
class IntentClassifierOutput(ModelOutput):
    loss: torch.Tensor | None = None
    logits: torch.Tensor | None = None
    complexity_logits: torch.Tensor | None = None
    # What both heads read (after the head's LayerNorm, before dropout): the representation the
    # out-of-scope detector (model/out_of_scope.py) measures distances in.
    pooled: torch.Tensor | None = None


def masked_pool(
    hidden: torch.Tensor, mask: torch.Tensor, strategy: str, attention_scorer: nn.Module | None = None
) -> torch.Tensor:
    """Pool token states into one vector per sequence, never looking at padding.

    Padding must not change a sample's output: with dynamic padding the same prompt is padded
    differently in every batch, and a served answer must not depend on its batch neighbours.
    """
    if strategy == "cls":
        return hidden[:, 0]
    keep = mask.unsqueeze(-1).to(torch.bool)
    if strategy == "mean":
        weights = keep.to(hidden.dtype)
        return (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1.0)
    if strategy == "max":
        return hidden.masked_fill(~keep, torch.finfo(hidden.dtype).min).amax(dim=1)
    if strategy == "attention":
        scores = attention_scorer(hidden).masked_fill(~keep, torch.finfo(hidden.dtype).min)
        return (torch.softmax(scores, dim=1) * hidden).sum(dim=1)
    raise ValueError(f"unknown pooling strategy {strategy!r}")


def encoder_layers(encoder: nn.Module) -> nn.ModuleList:
    """The encoder's stack of transformer blocks, for freezing the bottom ones.

    DistilBERT keeps them in ``transformer.layer``; BERT and DeBERTa in ``encoder.layer``.
    """
    for path in ("transformer.layer", "encoder.layer"):
        module = encoder
        for name in path.split("."):
            module = getattr(module, name, None)
        if isinstance(module, nn.ModuleList):
            return module
    raise ValueError(f"cannot find the transformer layers of {type(encoder).__name__}")


class IntentClassifier(PreTrainedModel):
    config_class = IntentClassifierConfig
    base_model_prefix = "encoder"
    supports_gradient_checkpointing = True

    def __init__(self, config: IntentClassifierConfig) -> None:
        super().__init__(config)
        self.encoder = AutoModel.from_config(config.encoder_config())
        hidden_size = self.encoder.config.hidden_size
        self.attention_scorer = nn.Linear(hidden_size, 1) if config.pooling_strategy == "attention" else None
        head_size = hidden_size
        self.feature_mlp = None
        if config.use_complexity_features:
            self.feature_mlp = nn.Sequential(
                nn.Linear(config.num_features, config.feature_hidden_size),
                nn.GELU(),
                nn.Linear(config.feature_hidden_size, config.feature_hidden_size),
            )
            head_size += config.feature_hidden_size
        self.head_norm = nn.LayerNorm(head_size) if config.use_layer_norm else nn.Identity()
        self.dropout = nn.Dropout(config.classifier_dropout)
        self.intent_head = nn.Linear(head_size, config.num_labels)
        self.complexity_head = nn.Linear(head_size, config.num_complexity_levels)
        self.post_init()
        self.freeze_bottom_layers(config.freeze_layers)

    @classmethod
    def from_encoder(cls, pretrained_encoder: str, **config_kwargs) -> IntentClassifier:
        """A fresh classifier around a pretrained encoder (hub id or local directory)."""
        encoder = AutoModel.from_pretrained(pretrained_encoder)
        config = IntentClassifierConfig(encoder=encoder.config.to_dict(), **config_kwargs)
        model = cls(config)
        model.encoder.load_state_dict(encoder.state_dict())
        return model

    def freeze_bottom_layers(self, num_layers: int) -> None:
        """Freeze the embeddings and the bottom ``num_layers`` blocks; 0 trains everything."""
        layers = encoder_layers(self.encoder)
        if not 0 <= num_layers <= len(layers):
            raise ValueError(f"freeze_layers must be between 0 and {len(layers)}, got {num_layers}")
        if num_layers == 0:
            return
        self.config.freeze_layers = num_layers
        for module in (self.encoder.embeddings, *layers[:num_layers]):
            module.requires_grad_(False)

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        features: torch.Tensor | None = None,
        labels: torch.Tensor | None = None,
        complexity_labels: torch.Tensor | None = None,
        **_: object,
    ) -> IntentClassifierOutput:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        pooled = masked_pool(hidden, attention_mask, self.config.pooling_strategy, self.attention_scorer)
        if self.feature_mlp is not None:
            if features is None:
                raise ValueError("this model was trained with complexity features; pass `features`")
            pooled = torch.cat([pooled, self.feature_mlp(features.to(pooled.dtype))], dim=-1)
        pooled = self.head_norm(pooled)
        head_input = self.dropout(pooled)
        logits = self.intent_head(head_input)
        complexity_logits = self.complexity_head(head_input)
        loss = None
        if labels is not None:
            loss = nn.functional.cross_entropy(logits, labels, label_smoothing=self.config.label_smoothing)
            if complexity_labels is not None and bool((complexity_labels != IGNORE_INDEX).any()):
                complexity_loss = nn.functional.cross_entropy(
                    complexity_logits, complexity_labels, ignore_index=IGNORE_INDEX
                )
                loss = loss + self.config.complexity_loss_weight * complexity_loss
        return IntentClassifierOutput(
            loss=loss, logits=logits, complexity_logits=complexity_logits, pooled=pooled
        )


AutoConfig.register(IntentClassifierConfig.model_type, IntentClassifierConfig)
AutoModel.register(IntentClassifierConfig, IntentClassifier)
