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
DEFAULT_PADDING_BUDGET = 32
"""Padding tokens a call may carry before a batch is split by length (``make bench-onnx``)."""
POOLED_OUTPUT = "pooled"
"""An optional third output (graphs exported before it existed lack it): the out-of-scope input."""


def length_groups(lengths: torch.Tensor, padding_budget: int | None) -> list[torch.Tensor]:
    """Row indices grouped for one call each: longest first, a row joins the current group while
    the group's padding (its longest length minus each row's, summed) stays within the budget.
    Budget 0 runs each distinct length alone; None runs the whole batch as one padded call."""
    if padding_budget is None:
        return [torch.arange(len(lengths))]
    order = torch.argsort(lengths, descending=True, stable=True).tolist()
    groups: list[list[int]] = []
    longest = padding = 0
    for row in order:
        length = int(lengths[row])
        if groups and padding + longest - length <= padding_budget:
            groups[-1].append(row)
            padding += longest - length
        else:
            groups.append([row])
            longest, padding = length, 0
    return [torch.tensor(group) for group in groups]


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
        padding_budget: int | None = DEFAULT_PADDING_BUDGET,
    ) -> None:
        self.path = Path(model_path)
        self.config = config
        self.padding_budget = padding_budget
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
        """Runs the batch in as few calls as padding allows (:func:`length_groups`).

        ONNX Runtime on CPU computes every padded position, and dynamic padding pads a batch to its
        longest text; but each call also costs a fixed overhead, which for short prompts outweighs
        their padding. So rows are grouped by token length, a group padded to its longest row
        while its padding stays within ``padding_budget`` tokens (docs/measurements.md has the
        numbers and the command, ``make bench-onnx``). Padding invariance
        (tests/test_classifier.py) makes the answers the same whatever the grouping."""
        if "features" in self.input_names and features is None:
            raise ValueError("this model was trained with complexity features; pass `features`")
        lengths = attention_mask.sum(dim=1)
        logits = complexity_logits = pooled = None
        names = [*OUTPUT_NAMES, *([POOLED_OUTPUT] if POOLED_OUTPUT in self.output_names else [])]
        for rows in length_groups(lengths, self.padding_budget):
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
