"""An exported ONNX graph, run by ONNX Runtime, behind the call signature of :class:`IntentClassifier`.

:class:`~model.predictor.IntentPredictor` needs only three things from its model: ``eval()``,
``config`` (calibration temperature, confidence threshold, sequence length) and
``model(input_ids=..., attention_mask=..., features=...)`` returning ``.logits`` and
``.complexity_logits``. :class:`OnnxClassifier` provides exactly those, so every backend shares the
one encode → infer → format path: an ONNX model can only differ from the PyTorch weights in the
arithmetic of its forward pass, which ``training.export_onnx`` measures before it keeps a file.
"""

from __future__ import annotations

from pathlib import Path

import onnxruntime as ort
import torch

from model.classifier import IntentClassifierConfig, IntentClassifierOutput

ONNX_DIR = "onnx"
ONNX_FILES: dict[str, str] = {"onnx": "model.onnx", "onnx-int8": "model.int8.onnx"}
"""Backend name → file under ``<checkpoint>/onnx/``."""
OUTPUT_NAMES: tuple[str, ...] = ("logits", "complexity_logits")
POOLED_OUTPUT = "pooled"
"""An optional third output (graphs exported before it existed lack it): the out-of-scope input."""


def onnx_model_path(checkpoint: str | Path, backend: str) -> Path:
    if backend not in ONNX_FILES:
        raise ValueError(f"unknown ONNX backend {backend!r}; choose from {sorted(ONNX_FILES)}")
    return Path(checkpoint) / ONNX_DIR / ONNX_FILES[backend]


def session_options(threads: int | None) -> ort.SessionOptions:
    """``threads`` pins the intra-op pool: TorchServe runs several workers per host, and each
    worker's session must not assume it owns every core (ONNX Runtime's default)."""
    options = ort.SessionOptions()
    if threads is not None:
        if threads < 1:
            raise ValueError(f"threads must be at least 1, got {threads}")
        options.intra_op_num_threads = threads
    return options


class OnnxClassifier:
    """An ONNX Runtime session that answers like an :class:`~model.classifier.IntentClassifier`."""

    def __init__(
        self,
        model_path: Path,
        config: IntentClassifierConfig,
        threads: int | None = None,
        length_groups: bool = True,
    ) -> None:
        self.path = Path(model_path)
        self.config = config
        self.length_groups = length_groups
        self.session = ort.InferenceSession(
            str(self.path), session_options(threads), providers=["CPUExecutionProvider"]
        )
        self.input_names = {node.name for node in self.session.get_inputs()}
        self.output_names = {node.name for node in self.session.get_outputs()}

    @classmethod
    def from_checkpoint(
        cls, checkpoint: str | Path, backend: str = "onnx", threads: int | None = None
    ) -> OnnxClassifier:
        """The serving settings come from the checkpoint's own config.json, as for PyTorch."""
        path = onnx_model_path(checkpoint, backend)
        if not path.is_file():
            quantize = " --quantize" if backend == "onnx-int8" else ""
            raise FileNotFoundError(
                f"{path} does not exist; export it with "
                f"`python -m training.export_onnx --checkpoint {checkpoint}{quantize}`"
            )
        return cls(path, IntentClassifierConfig.from_pretrained(checkpoint), threads)

    def eval(self) -> OnnxClassifier:
        return self

    def __call__(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        features: torch.Tensor | None = None,
        **_: object,
    ) -> IntentClassifierOutput:
        """Runs the rows of each token length together, without their padding.

        ONNX Runtime on CPU computes every padded position, and dynamic padding still pads a batch
        to its longest text, so a batch of mixed lengths costs more than its texts run one by one
        (docs/measurements.md has the numbers and the command). Rows
        of equal length share one call, so a batch keeps what batching saves and pays for no
        padding. Padding invariance (tests/test_classifier.py) makes the answers the same. Eager
        PyTorch is the other way round (one padded call per batch measured faster than length
        groups), which is why this lives in the ONNX backend, not the predictor."""
        if "features" in self.input_names and features is None:
            raise ValueError("this model was trained with complexity features; pass `features`")
        lengths = attention_mask.sum(dim=1)
        if not self.length_groups:
            lengths = torch.full_like(lengths, int(lengths.max()))
        logits = complexity_logits = pooled = None
        names = [*OUTPUT_NAMES, *([POOLED_OUTPUT] if POOLED_OUTPUT in self.output_names else [])]
        for length in lengths.unique().tolist():
            rows = (lengths == length).nonzero().squeeze(1)
            columns = attention_mask[rows].any(dim=0)
            feeds = {
                "input_ids": input_ids[rows][:, columns].long().numpy(),
                "attention_mask": attention_mask[rows][:, columns].long().numpy(),
            }
            if "features" in self.input_names:
                feeds["features"] = features[rows].float().numpy()
            group_logits, group_complexity, *group_pooled = self.session.run(names, feeds)
            if logits is None:
                logits = torch.empty(len(lengths), group_logits.shape[1])
                complexity_logits = torch.empty(len(lengths), group_complexity.shape[1])
                if group_pooled:
                    pooled = torch.empty(len(lengths), group_pooled[0].shape[1])
            logits[rows] = torch.from_numpy(group_logits)
            complexity_logits[rows] = torch.from_numpy(group_complexity)
            if group_pooled:
                pooled[rows] = torch.from_numpy(group_pooled[0])
        return IntentClassifierOutput(logits=logits, complexity_logits=complexity_logits, pooled=pooled)
