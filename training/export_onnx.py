"""Export a checkpoint to ONNX, prove that it computes what PyTorch computes, and optionally
quantize it to int8 behind an accuracy gate.

    python -m training.export_onnx --checkpoint models/distilbert/checkpoints/best_model
    python -m training.export_onnx --checkpoint models/distilbert/checkpoints/best_model --quantize \\
        --max-accuracy-drop 1.0 --test-data data/processed/test.jsonl

Writes ``<checkpoint>/onnx/model.onnx`` (fp32: every model input and both heads, dynamic batch and
sequence axes), with ``--quantize`` also ``<checkpoint>/onnx/model.int8.onnx``, and always
``<checkpoint>/onnx/export_report.json``. Both files are kept only once verified: an fp32 graph
whose logits stray from PyTorch's, or an int8 graph that loses more test accuracy than allowed, is
deleted and the command exits with status 1. Serve them with
``IntentPredictor.from_checkpoint(path, backend="onnx" | "onnx-int8")``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import onnxruntime
import torch
import yaml
from onnxruntime.quantization import QuantType, quant_pre_process, quantize_dynamic
from transformers import AutoTokenizer, PreTrainedTokenizerBase

from common.io import write_json
from common.paths import TEST_SPLIT
from common.phases import Phases
from model.checkpoint import LABEL_MAP_FILE, TRAINING_CONFIG_FILE, read_json
from model.classifier import IntentClassifier
from model.onnx_backend import ONNX_DIR, OUTPUT_NAMES, POOLED_OUTPUT, OnnxClassifier, onnx_model_path
from model.predictor import IntentPredictor
from model.preprocessing import MODEL_INPUTS, encode_batch
from training.config import ConfigError, OptimizationSettings, parse_config
from training.data import DataError, Example, load_examples
from training.fuse_onnx import FUSED_ENCODER_OPS, eager_attention, fuse_graph
from training.metrics import classification_metrics, points, predict_examples

DEFAULT_TEST_DATA = TEST_SPLIT
REPORT_FILE = "export_report.json"
TOLERANCE = 1e-3
PARITY_SAMPLES = 512
BATCH_SIZE = 32
PHASE = Phases()
"""Progress lines of the export's steps (export, parity, quantization, gate), since the run started."""
ENCODER_SCOPE = "/encoder/"
"""Name prefix the TorchScript exporter gives every node of ``IntentClassifier.encoder``."""
DEFAULT_KEEP_FP32 = ("embeddings",)
"""The embedding lookups stay fp32: a table lookup costs nothing to keep exact, and its int8 copy
added error to every token (docs/measurements.md)."""

TRACE_TEXTS = ("hi", "Summarize the following meeting notes in three bullet points for the team.")
"""Texts of different lengths, so that the traced batch is padded and the mask path is exercised."""

BUILTIN_PROMPTS = (
    "hi",
    "What is the capital of Australia?",
    "Write a haiku about autumn rain.",
    "def add(a, b):\n    return a + b\n\nAdd type hints and a docstring to this function.",
    "Translate into French: the meeting is moved to Thursday at 10am.",
    "Summarize this article in three bullet points for a busy executive: " + "The quarterly results " * 40,
    "I have 3 boxes with 12 apples each and give away 7. How many apples are left? Think step by step.",
    "Plan a two-week sprint for a team of four migrating a monolith to services, with milestones.",
    "Analyse this CSV of monthly sales and tell me which region grows fastest: north,120\nsouth,95",
    "hey, how was your weekend? 😊",
    "¿Puedes explicarme cómo funciona la fotosíntesis?",
    "My build fails with `ModuleNotFoundError: No module named 'yaml'` after upgrading pip. Fix?",
)
"""Parity inputs when no test data is at hand: short, long (truncated), code, non-English, emoji."""


@dataclass
class Parity:
    """How closely the ONNX graph reproduces PyTorch on the same encoded batches."""

    samples: int
    max_abs_diff_logits: float
    max_abs_diff_complexity_logits: float
    argmax_agreement: float
    complexity_argmax_agreement: float
    decisive_disagreements: int
    tolerance: float

    def problems(self) -> list[str]:
        """Why the graph must not be kept; empty when it matches.

        An argmax flip only counts when PyTorch's top two logits are further apart than twice the
        tolerance: a near-tie may flip within tolerance, anything else is a real divergence.
        """
        problems = []
        worst = max(self.max_abs_diff_logits, self.max_abs_diff_complexity_logits)
        if not worst <= self.tolerance:
            problems.append(f"largest absolute logit difference {worst:.3g} exceeds {self.tolerance:g}")
        if self.decisive_disagreements:
            problems.append(
                f"{self.decisive_disagreements} of {self.samples} predictions differ "
                f"(argmax agreement {self.argmax_agreement:.2%})"
            )
        return problems


@dataclass
class GateResult:
    fp32_accuracy: float
    int8_accuracy: float
    accuracy_drop_points: float
    max_accuracy_drop_points: float
    passed: bool
    message: str


def quantization_gate(fp32_accuracy: float, int8_accuracy: float, max_drop_points: float) -> GateResult:
    """Keep the int8 model only if it costs at most ``max_drop_points`` percentage points of accuracy.

    Accuracies are fractions (as ``classification_metrics`` returns them), the limit is in points
    because that is how the training config states it (``max_accuracy_drop: 1.0`` = one point).
    """
    drop = points(fp32_accuracy - int8_accuracy)
    passed = drop <= max_drop_points
    verdict = "kept" if passed else "refused"
    message = (
        f"int8 {verdict}: accuracy {fp32_accuracy:.2%} (fp32 ONNX) → {int8_accuracy:.2%} (int8), "
        f"a drop of {drop:.2f} points against a limit of {max_drop_points:g}"
    )
    return GateResult(fp32_accuracy, int8_accuracy, drop, max_drop_points, passed, message)


def input_names(model: IntentClassifier) -> list[str]:
    """Every input the forward pass reads; ``features`` only where the model has a feature MLP
    (an unused input would be pruned by the exporter and then rejected by the session)."""
    return [name for name in MODEL_INPUTS if name != "features" or model.config.use_complexity_features]


def dynamic_axes(names: Sequence[str]) -> dict[str, dict[int, str]]:
    axes: dict[str, dict[int, str]] = {name: {0: "batch"} for name in (*names, *OUTPUT_NAMES, POOLED_OUTPUT)}
    for name in ("input_ids", "attention_mask"):
        axes[name][1] = "sequence"
    return axes


def export_graph(
    model: IntentClassifier, tokenizer: PreTrainedTokenizerBase, target: Path, opset: int
) -> None:
    """Trace the classifier into ``target`` with the TorchScript exporter, attention eager so that
    the transformer optimizer can fuse it (training/fuse_onnx.py).

    The torch.export-based exporter needs onnxscript, which this environment does not ship. Known
    warnings are filtered: the tracer's flag Python branches on shapes that are constant for
    self-attention, and the advanced-indexing one concerns transformers' padding mask, indexed by
    aranges that are never negative. The parity check that follows is the real guard.
    """
    names = input_names(model)
    inputs = encode_batch(tokenizer, list(TRACE_TEXTS), model.config.max_seq_length)
    target.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings(), torch.no_grad(), eager_attention(model.encoder):
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.filterwarnings("ignore", message="Exporting aten::index operator", category=UserWarning)
        warnings.filterwarnings("ignore", message="To copy construct from a tensor", category=UserWarning)
        torch.onnx.export(
            model,
            (),
            str(target),
            kwargs={name: inputs[name] for name in names},
            input_names=names,
            output_names=[*OUTPUT_NAMES, POOLED_OUTPUT],
            dynamic_axes=dynamic_axes(names),
            opset_version=opset,
            do_constant_folding=True,
            dynamo=False,
        )
    onnx.checker.check_model(str(target), full_check=True)


def argmax_agreement(reference: np.ndarray, candidate: np.ndarray, tolerance: float) -> tuple[float, int]:
    """Share of rows whose argmax agrees, and the disagreements that are not near-ties."""
    agree = reference.argmax(-1) == candidate.argmax(-1)
    top2 = np.sort(reference, axis=-1)[:, -2:] if reference.shape[-1] > 1 else np.zeros((len(reference), 2))
    decisive = (top2[:, 1] - top2[:, 0]) > 2 * tolerance
    return float(agree.mean()), int((~agree & decisive).sum())


def measure_parity(
    model: IntentClassifier,
    graph: OnnxClassifier,
    tokenizer: PreTrainedTokenizerBase,
    texts: Sequence[str],
    tolerance: float = TOLERANCE,
    batch_size: int = BATCH_SIZE,
) -> Parity:
    """Run both on the same dynamically padded batches of real texts, as serving does."""
    reference: dict[str, list[np.ndarray]] = {name: [] for name in OUTPUT_NAMES}
    candidate: dict[str, list[np.ndarray]] = {name: [] for name in OUTPUT_NAMES}
    for start in range(0, len(texts), batch_size):
        batch = encode_batch(tokenizer, list(texts[start : start + batch_size]), model.config.max_seq_length)
        with torch.inference_mode():
            results = ((reference, model(**batch)), (candidate, graph(**batch)))
        for outputs, result in results:
            for name in OUTPUT_NAMES:
                outputs[name].append(getattr(result, name).numpy())
    ours = {name: np.concatenate(parts) for name, parts in reference.items()}
    theirs = {name: np.concatenate(parts) for name, parts in candidate.items()}
    agreement, decisive = argmax_agreement(ours["logits"], theirs["logits"], tolerance)
    complexity_agreement, complexity_decisive = argmax_agreement(
        ours["complexity_logits"], theirs["complexity_logits"], tolerance
    )
    return Parity(
        samples=len(texts),
        max_abs_diff_logits=float(np.abs(ours["logits"] - theirs["logits"]).max()),
        max_abs_diff_complexity_logits=float(
            np.abs(ours["complexity_logits"] - theirs["complexity_logits"]).max()
        ),
        argmax_agreement=agreement,
        complexity_argmax_agreement=complexity_agreement,
        decisive_disagreements=decisive + complexity_decisive,
        tolerance=tolerance,
    )


def parity_texts(examples: Sequence[Example], limit: int = PARITY_SAMPLES) -> list[str]:
    """The built-in edge cases plus an even spread over the test set (which is often sorted by label)."""
    texts = [example.text for example in examples]
    step = max(1, len(texts) // max(1, limit))
    return [*BUILTIN_PROMPTS, *texts[::step][:limit]]


def encoder_nodes(graph: Path) -> list[str]:
    """Names of the encoder's nodes, the only ones quantized: those in its scope and the fused
    operators that replaced some of them.

    The encoder holds nearly all the weights, so it is where int8 pays. The feature MLP and the two
    heads stay fp32: they are tiny, sit right before the logits, and the raw complexity features
    span very different scales that one dynamic per-tensor activation range would flatten.
    """
    names = [
        node.name
        for node in onnx.load(str(graph)).graph.node
        if node.name.startswith(ENCODER_SCOPE) or node.op_type in FUSED_ENCODER_OPS
    ]
    if not names:
        raise RuntimeError(f"{graph}: no node is named {ENCODER_SCOPE}*; cannot tell the encoder apart")
    return names


def quantize_graph(
    source: Path, target: Path, keep_fp32: Sequence[str] = DEFAULT_KEEP_FP32
) -> dict[str, Any]:
    """Dynamic int8 quantization: int8 weights, activations quantized per batch at run time.

    Dynamic rather than static because a transformer's activation ranges vary too much between
    prompts for one calibrated range. Per-channel weight scales give each output row its own range,
    which measurably raises argmax agreement with fp32; weights are not range-reduced to 7 bits,
    which helped nothing (docs/measurements.md). ``quant_pre_process`` runs symbolic shape
    inference (``auto_merge``: the exported dims need merging) and ONNX Runtime's basic graph
    optimizations first, as ONNX Runtime recommends. ``keep_fp32``: encoder nodes whose name
    contains one of these strings stay fp32 (e.g. ``embeddings``, ``ffn/lin2``): the layers whose
    activations have the widest ranges lose the most to one int8 scale per call.
    """
    settings: dict[str, Any] = {
        "method": "onnxruntime.quantization.quantize_dynamic",
        "pre_process": "quant_pre_process(auto_merge=True)",
        "weight_type": "QInt8",
        "activation_type": "QUInt8 (dynamic)",
        "per_channel": True,
        "reduce_range": False,
        "quantized_scope": ENCODER_SCOPE,
        "kept_fp32": list(keep_fp32),
    }
    with tempfile.TemporaryDirectory() as scratch:
        prepared = Path(scratch) / "prepared.onnx"
        quant_pre_process(str(source), str(prepared), auto_merge=True)
        quantize_dynamic(
            prepared,
            target,
            weight_type=QuantType.QInt8,
            per_channel=True,
            reduce_range=False,
            nodes_to_quantize=[
                name for name in encoder_nodes(prepared) if not any(part in name for part in keep_fp32)
            ],
        )
    onnx.checker.check_model(str(target))
    return settings


def backend_metrics(checkpoint: Path, backend: str, examples: Sequence[Example]) -> dict[str, Any]:
    """Accuracy of one backend through the serving path (``IntentPredictor``), like training's."""
    predictor = IntentPredictor.from_checkpoint(checkpoint, backend=backend)
    probabilities = predict_examples(predictor, examples, progress=backend)
    metrics = classification_metrics(probabilities, examples, predictor.labels, predictor.complexity_levels)
    keys = ("accuracy", "macro_f1", "weighted_f1", "complexity_accuracy")
    return {key: metrics[key] for key in keys if key in metrics}


def optimization_settings(checkpoint: Path) -> OptimizationSettings:
    """Defaults for the opset and the gate come from the config the checkpoint was trained with."""
    path = checkpoint / TRAINING_CONFIG_FILE
    if not path.is_file():
        return OptimizationSettings()
    return parse_config(yaml.safe_load(path.read_text()) or {}, str(path)).optimization


def load_test_examples(path: Path | None, labels: Sequence[str]) -> list[Example]:
    """Labelled test examples, refusing labels the model cannot predict (file:line for each)."""
    if path is None:
        return []
    return load_examples(path, labels=labels)


def file_size(path: Path) -> int | None:
    return path.stat().st_size if path.is_file() else None


def test_data_spec(text: str) -> tuple[Path, float | None]:
    """``PATH[:MAX_DROP]``: a small set gets its own limit, since one example there is worth more
    points than on a large one (one of 160 real prompts is 0.625)."""
    path, sep, drop = text.rpartition(":")
    if sep:
        try:
            return Path(path), float(drop)
        except ValueError:
            pass
    return Path(text), None


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--checkpoint", required=True, type=Path, help="checkpoint directory (best_model)")
    parser.add_argument("--opset", type=int, help="ONNX opset (default: optimization.onnx_export.opset, 18)")
    parser.add_argument(
        "--quantize",
        action=argparse.BooleanOptionalAction,
        help="also write an int8 model (default: optimization.quantization.enabled)",
    )
    parser.add_argument(
        "--max-accuracy-drop",
        type=float,
        help="largest accepted int8 accuracy loss in points (default: optimization.quantization."
        "max_accuracy_drop, 1.0)",
    )
    parser.add_argument(
        "--test-data",
        type=test_data_spec,
        action="append",
        default=[],
        metavar="PATH[:MAX_DROP]",
        help=f"labelled test file, repeatable: the int8 gate must hold on each, within MAX_DROP points "
        f"where given (default: {DEFAULT_TEST_DATA} when present, else built-in prompts; --quantize "
        "needs labels)",
    )
    parser.add_argument(
        "--keep-fp32",
        nargs="*",
        default=list(DEFAULT_KEEP_FP32),
        metavar="PATTERN",
        help="encoder nodes whose name contains a PATTERN stay fp32 in the int8 model, e.g. "
        f"embeddings ffn/lin2; none after the flag quantizes all (default: {' '.join(DEFAULT_KEEP_FP32)}; "
        "docs/measurements.md)",
    )
    parser.add_argument(
        "--tolerance", type=float, default=TOLERANCE, help="max |logit difference| vs PyTorch"
    )
    parser.add_argument(
        "--parity-samples", type=int, default=PARITY_SAMPLES, help="test texts compared with PyTorch"
    )
    parser.add_argument(
        "--fuse",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="fuse attention, LayerNorm and GELU offline with ONNX Runtime's transformer optimizer "
        "(default: off; measured slower here, docs/measurements.md)",
    )
    return parser.parse_args(argv)


@dataclass
class ExportOptions:
    checkpoint: Path
    opset: int
    quantize: bool
    max_accuracy_drop: float
    test_data: list[Path]
    dataset_drops: dict[str, float] = field(default_factory=dict)
    tolerance: float = TOLERANCE
    parity_samples: int = PARITY_SAMPLES
    fuse: bool = False
    keep_fp32: list[str] = field(default_factory=lambda: list(DEFAULT_KEEP_FP32))


def resolve_options(args: argparse.Namespace) -> ExportOptions:
    """Command-line values win; the config the checkpoint was trained with supplies the rest."""
    if not (args.checkpoint / "config.json").is_file():
        raise DataError([f"{args.checkpoint}: not a checkpoint directory (no config.json)"])
    settings = optimization_settings(args.checkpoint)
    return ExportOptions(
        checkpoint=args.checkpoint,
        opset=args.opset or settings.onnx_export.opset,
        quantize=settings.quantization.enabled if args.quantize is None else args.quantize,
        max_accuracy_drop=(
            settings.quantization.max_accuracy_drop
            if args.max_accuracy_drop is None
            else args.max_accuracy_drop
        ),
        test_data=[path for path, _ in args.test_data]
        or ([DEFAULT_TEST_DATA] if DEFAULT_TEST_DATA.is_file() else []),
        dataset_drops={str(path): drop for path, drop in args.test_data if drop is not None},
        tolerance=args.tolerance,
        parity_samples=args.parity_samples,
        fuse=args.fuse,
        keep_fp32=args.keep_fp32,
    )


def export_verified(
    model: IntentClassifier, tokenizer: PreTrainedTokenizerBase, options: ExportOptions, texts: Sequence[str]
) -> tuple[Parity, dict[str, Any] | None]:
    """Export the fp32 graph (fused unless ``options.fuse`` is off) and compare it with PyTorch;
    the file survives only if they match. Returns the parity and what the fusion did."""
    path = onnx_model_path(options.checkpoint, "onnx")
    fusion = None
    try:
        with tempfile.TemporaryDirectory() as scratch:
            plain = Path(scratch) / "plain.onnx" if options.fuse else path
            PHASE(f"exporting the fp32 graph (opset {options.opset})")
            export_graph(model, tokenizer, plain, options.opset)
            if options.fuse:
                PHASE("fusing it with ONNX Runtime's transformer optimizer")
                fusion = fuse_graph(plain, path, model.encoder.config)
        PHASE(f"checking parity with PyTorch on {len(texts)} texts")
        parity = measure_parity(
            model, OnnxClassifier(path, model.config), tokenizer, texts, options.tolerance
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if parity.problems():
        path.unlink()
    if fusion:
        print(f"fused: {', '.join(f'{count} {op}' for op, count in fusion['fused_operators'].items())}")
    print(
        f"parity on {parity.samples} texts: max |Δlogit| {parity.max_abs_diff_logits:.2e}, "
        f"max |Δcomplexity logit| {parity.max_abs_diff_complexity_logits:.2e}, "
        f"argmax agreement {parity.argmax_agreement:.2%}"
    )
    return parity, fusion


def export(options: ExportOptions) -> dict[str, Any]:
    """Export, verify and (optionally) quantize; returns the report, with ``ok`` false on refusal.

    Earlier outputs are removed first, so that whatever is left afterwards was verified by this run.
    """
    checkpoint = options.checkpoint
    labels = read_json(checkpoint / LABEL_MAP_FILE)["labels"]
    datasets = {str(path): load_test_examples(path, labels) for path in options.test_data}
    examples = [example for dataset in datasets.values() for example in dataset]
    if options.quantize and not examples:
        raise DataError(["--quantize needs labelled test data (--test-data): the gate compares accuracies"])
    fp32_path, int8_path = onnx_model_path(checkpoint, "onnx"), onnx_model_path(checkpoint, "onnx-int8")
    for stale in (fp32_path, int8_path):
        stale.unlink(missing_ok=True)
    PHASE(f"loading {checkpoint}")
    model = IntentClassifier.from_pretrained(checkpoint, use_safetensors=True).eval()
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    names = input_names(model)
    report: dict[str, Any] = {
        "checkpoint": str(checkpoint),
        "versions": {
            "torch": torch.__version__,
            "onnx": onnx.__version__,
            "onnxruntime": onnxruntime.__version__,
        },
        "opset": options.opset,
        "inputs": names,
        "outputs": [*OUTPUT_NAMES, POOLED_OUTPUT],
        "dynamic_axes": dynamic_axes(names),
        "test_data": list(datasets),
    }
    parity, report["fusion"] = export_verified(
        model, tokenizer, options, parity_texts(examples, options.parity_samples)
    )
    report["parity"] = {**asdict(parity), "problems": parity.problems()}
    report["ok"] = not parity.problems()
    if report["ok"] and options.quantize:
        report["quantization"] = quantize_and_gate(
            checkpoint,
            fp32_path,
            int8_path,
            datasets,
            options.max_accuracy_drop,
            options.dataset_drops,
            options.keep_fp32,
        )
        report["ok"] = report["quantization"]["passed"]
    report["files"] = {path.name: file_size(path) for path in (fp32_path, int8_path)}
    write_json(checkpoint / ONNX_DIR / REPORT_FILE, report)
    return report


def quantize_and_gate(
    checkpoint: Path,
    fp32_path: Path,
    int8_path: Path,
    datasets: dict[str, Sequence[Example]],
    max_drop: float,
    dataset_drops: dict[str, float] | None = None,
    keep_fp32: Sequence[str] = DEFAULT_KEEP_FP32,
) -> dict[str, Any]:
    """Quantize, measure both ONNX models on every labelled test set, and keep int8 only if it
    passes on each: a graph that holds on the synthetic test can still lose real prompts."""
    PHASE("quantizing the encoder to int8")
    settings = quantize_graph(fp32_path, int8_path, keep_fp32)
    gates: dict[str, dict[str, Any]] = {}
    passed = False
    try:
        for name, examples in datasets.items():
            if not examples:
                continue
            PHASE(f"accuracy gate: fp32 and int8 ONNX on {len(examples)} examples of {name}")
            fp32 = backend_metrics(checkpoint, "onnx", examples)
            int8 = backend_metrics(checkpoint, "onnx-int8", examples)
            limit = (dataset_drops or {}).get(name, max_drop)
            gate = quantization_gate(fp32["accuracy"], int8["accuracy"], limit)
            print(f"{name}: {gate.message}")
            gates[name] = {"fp32_onnx": fp32, "int8": int8, **asdict(gate)}
        passed = bool(gates) and all(gate["passed"] for gate in gates.values())
    finally:
        if not passed:
            int8_path.unlink(missing_ok=True)
    failed = [f"{name}: {gate['message']}" for name, gate in gates.items() if not gate["passed"]]
    message = "; ".join(failed) or f"int8 kept: within {max_drop:g} points on {len(gates)} test set(s)"
    return {"settings": settings, "passed": passed, "message": message, "gates": gates}


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        report = export(resolve_options(args))
    except (ConfigError, DataError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    report_path = args.checkpoint / ONNX_DIR / REPORT_FILE
    if report["ok"]:
        kept = ", ".join(name for name, size in report["files"].items() if size)
        print(f"wrote {kept}; report: {report_path}")
        return 0
    problems = report["parity"]["problems"] or [report["quantization"]["message"]]
    print(f"error: ONNX export refused, nothing unverified kept ({report_path}):", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
