"""ONNX export, the ONNX backends, the int8 gate and the model comparison, on tiny untrained models.

An untrained model's accuracy is chance, so accuracy-related tests use a small labelled file and
assert on what the gate and the report do with the measured numbers, never on the numbers.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import re
import shutil
import time
from pathlib import Path

import numpy as np
import onnx
import pytest
import torch
from transformers import AutoTokenizer

from common.phases import Phases
from loadtest import bench_onnx
from model.classifier import IntentClassifier
from model.onnx_backend import OnnxClassifier, length_groups, onnx_model_path
from model.predictor import IntentPredictor
from model.preprocessing import encode_batch
from training import compare_models, export_onnx
from training.export_onnx import BUILTIN_PROMPTS, Parity, argmax_agreement, measure_parity, quantization_gate

TEXTS = [
    "hi",
    "Write a haiku about autumn rain.",
    "Why does ice float on water? Explain step by step, with the physics of hydrogen bonds.",
    "Translate into German: " + "the train leaves at nine and arrives at noon, " * 8,
]
LABELLED = [
    ("What is the capital of France?", "question_answering", "simple"),
    ("Write a short poem about the sea at night.", "creative_writing", "moderate"),
    ("Implement quicksort in Python with type hints and unit tests.", "code_generation", "complex"),
    (
        "Which region had the highest sales growth in this table? north,120 south,95",
        "data_analysis",
        "moderate",
    ),
    ("If all cats are mammals and Tom is a cat, is Tom a mammal?", "reasoning", "simple"),
    ("Summarize this report in three bullet points for the board.", "summarization", "moderate"),
    ("Translate 'good morning, see you tomorrow' into German.", "translation", "simple"),
    ("hey, how are you doing today?", "conversation", "simple"),
]
LABELLED_TEXTS = [text for text, _, _ in LABELLED]
ATOL = 1e-4


def write_jsonl(path: Path, rows: list[tuple[str, str, str | None]]) -> Path:
    lines = [json.dumps({"text": text, "label": label, "complexity": level}) for text, label, level in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def exported_copy(checkpoint: Path, target: Path, test_data: Path) -> Path:
    """A copy of a session checkpoint with its fp32 graph; the shared fixtures stay untouched."""
    shutil.copytree(checkpoint, target)
    assert (
        export_onnx.main(["--checkpoint", str(target), "--test-data", str(test_data), "--no-quantize"]) == 0
    )
    return target


@pytest.fixture(scope="module")
def test_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("data") / "test.jsonl", LABELLED)


@pytest.fixture(scope="module")
def exported(
    tiny_checkpoint: Path,
    tiny_deberta_checkpoint: Path,
    test_data: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("exported")
    return {
        "distilbert": exported_copy(tiny_checkpoint, root / "distilbert", test_data),
        "deberta": exported_copy(tiny_deberta_checkpoint, root / "deberta", test_data),
    }


def torch_and_onnx(checkpoint: Path) -> tuple[IntentClassifier, OnnxClassifier]:
    model = IntentClassifier.from_pretrained(checkpoint, use_safetensors=True).eval()
    return model, OnnxClassifier.from_checkpoint(checkpoint)


def run_both(
    model: IntentClassifier, graph: OnnxClassifier, inputs: dict[str, torch.Tensor]
) -> tuple[np.ndarray, np.ndarray]:
    with torch.inference_mode():
        expected = model(**inputs).logits.numpy()
    return expected, graph(**inputs).logits.numpy()


@pytest.mark.slow
@pytest.mark.parametrize("encoder", ["distilbert", "deberta"])
def test_exported_graph_matches_pytorch_on_varied_texts(exported: dict[str, Path], encoder: str) -> None:
    checkpoint = exported[encoder]
    model, graph = torch_and_onnx(checkpoint)
    assert graph.input_names == {"input_ids", "attention_mask", "features"}
    assert [node.name for node in graph.session.get_outputs()] == ["logits", "complexity_logits", "pooled"]
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    parity = measure_parity(model, graph, tokenizer, [*BUILTIN_PROMPTS, *TEXTS], batch_size=5)
    assert parity.max_abs_diff_logits < ATOL
    assert parity.max_abs_diff_complexity_logits < ATOL
    assert parity.argmax_agreement == parity.complexity_argmax_agreement == 1.0
    assert parity.problems() == []
    report = json.loads((checkpoint / "onnx" / "export_report.json").read_text())
    assert report["ok"] and report["parity"]["samples"] == len(BUILTIN_PROMPTS) + len(LABELLED)


@pytest.mark.slow
def test_export_fuses_the_encoder_on_request_and_keeps_parity(
    tiny_checkpoint: Path, tiny_deberta_checkpoint: Path, test_data: Path, tmp_path: Path
) -> None:
    """--fuse: DistilBERT's attention becomes fused Attention nodes; DeBERTa's disentangled
    attention has no fusion, but its LayerNorms and GELUs do. Without it the graph stays plain."""
    fused = {}
    for encoder, source in (("distilbert", tiny_checkpoint), ("deberta", tiny_deberta_checkpoint)):
        checkpoint = shutil.copytree(source, tmp_path / encoder)
        argv = ["--checkpoint", str(checkpoint), "--test-data", str(test_data), "--no-quantize", "--fuse"]
        assert export_onnx.main(argv) == 0
        report = json.loads((checkpoint / "onnx" / "export_report.json").read_text())
        assert report["ok"] and not report["parity"]["problems"]
        fused[encoder] = report["fusion"]["fused_operators"]
        ops = {node.op_type for node in onnx.load(str(checkpoint / "onnx" / "model.onnx")).graph.node}
        assert set(fused[encoder]) - {"LayerNormalization", "Gelu"} <= ops
    assert fused["distilbert"]["Attention"] == 2 and fused["distilbert"]["EmbedLayerNormalization"] == 1
    assert "Attention" not in fused["deberta"] and fused["deberta"]["SkipLayerNormalization"] > 0


@pytest.mark.slow
def test_export_leaves_the_graph_unfused_by_default(exported: dict[str, Path]) -> None:
    report = json.loads((exported["distilbert"] / "onnx" / "export_report.json").read_text())
    ops = {node.op_type for node in onnx.load(str(exported["distilbert"] / "onnx" / "model.onnx")).graph.node}
    assert report["fusion"] is None and "Attention" not in ops


@pytest.mark.slow
@pytest.mark.parametrize("encoder", ["distilbert", "deberta"])
def test_attention_mask_and_features_are_real_graph_inputs(exported: dict[str, Path], encoder: str) -> None:
    model, graph = torch_and_onnx(exported[encoder])
    tokenizer = AutoTokenizer.from_pretrained(exported[encoder])
    inputs = encode_batch(tokenizer, [TEXTS[2], TEXTS[3]], 64)
    masked = {**inputs, "attention_mask": inputs["attention_mask"].clone()}
    masked["attention_mask"][:, 4:] = 0
    shifted = {**inputs, "features": inputs["features"] + 3.0}
    _, baseline = run_both(model, graph, inputs)
    for changed in (masked, shifted):
        expected, actual = run_both(model, graph, changed)
        np.testing.assert_allclose(actual, expected, atol=ATOL, rtol=0)
        assert np.abs(actual - baseline).max() > 1e-3


@pytest.mark.slow
@pytest.mark.parametrize("encoder", ["distilbert", "deberta"])
def test_one_session_serves_any_batch_size_and_sequence_length(
    exported: dict[str, Path], encoder: str
) -> None:
    model, graph = torch_and_onnx(exported[encoder])
    tokenizer = AutoTokenizer.from_pretrained(exported[encoder])
    lengths = set()
    for texts in (TEXTS[:1], TEXTS[1:3], TEXTS * 2, [TEXTS[3]] * 3, LABELLED_TEXTS):
        inputs = encode_batch(tokenizer, texts, 64)
        lengths.add(inputs["input_ids"].shape[1])
        expected, actual = run_both(model, graph, inputs)
        assert actual.shape == (len(texts), model.config.num_labels)
        np.testing.assert_allclose(actual, expected, atol=ATOL, rtol=0)
    assert len(lengths) >= 4


class RecordingSession:
    """The real ONNX Runtime session, with a record of what each call was fed."""

    def __init__(self, session: object) -> None:
        self.session = session
        self.masks: list[np.ndarray] = []

    def run(self, outputs: list[str], feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
        self.masks.append(feeds["attention_mask"])
        return self.session.run(outputs, feeds)


def test_length_groups_pad_within_the_budget_longest_first() -> None:
    lengths = torch.tensor([10, 40, 12, 40, 11, 100])
    groups = lambda budget: [group.tolist() for group in length_groups(lengths, budget)]  # noqa: E731
    assert groups(0) == [[5], [1, 3], [2], [4], [0]]
    assert groups(3) == [[5], [1, 3], [2, 4, 0]]  # 12-11 + 12-10 = 3 padding tokens
    assert groups(64) == [[5, 1], [3, 2, 4], [0]]  # 60 tokens; 28 + 29 (a third, +30, would be 87)
    assert groups(None) == [[0, 1, 2, 3, 4, 5]]
    assert sorted(row for group in groups(7) for row in group) == list(range(6))


@pytest.mark.slow
def test_a_batch_runs_one_unpadded_call_per_token_length(exported: dict[str, Path]) -> None:
    model, graph = torch_and_onnx(exported["distilbert"])
    graph.padding_budget = 0
    graph.session = recording = RecordingSession(graph.session)
    tokenizer = AutoTokenizer.from_pretrained(exported["distilbert"])
    texts = [TEXTS[0], TEXTS[3], TEXTS[0], TEXTS[2], TEXTS[1]]
    inputs = encode_batch(tokenizer, texts, 64)
    expected, actual = run_both(model, graph, inputs)
    np.testing.assert_allclose(actual, expected, atol=ATOL, rtol=0)
    lengths = inputs["attention_mask"].sum(dim=1)
    assert sorted(mask.shape for mask in recording.masks) == sorted(
        ((lengths == length).sum().item(), length) for length in lengths.unique().tolist()
    )
    assert all(mask.all() for mask in recording.masks)


def test_a_padded_batch_is_one_call_with_the_same_answers(exported: dict[str, Path]) -> None:
    model, graph = torch_and_onnx(exported["distilbert"])
    graph.padding_budget = None
    graph.session = recording = RecordingSession(graph.session)
    tokenizer = AutoTokenizer.from_pretrained(exported["distilbert"])
    inputs = encode_batch(tokenizer, [TEXTS[0], TEXTS[3], TEXTS[2]], 64)
    expected, actual = run_both(model, graph, inputs)
    np.testing.assert_allclose(actual, expected, atol=ATOL, rtol=0)
    assert [mask.shape for mask in recording.masks] == [tuple(inputs["attention_mask"].shape)]


@pytest.mark.slow
def test_bench_onnx_times_both_strategies_per_mix_and_batch(
    exported: dict[str, Path], test_data: Path, tmp_path: Path
) -> None:
    spec = f"tiny={exported['distilbert']}:onnx"
    argv = ["--checkpoint", spec, "--data", str(test_data), "--prompt-mix", "mixed"]
    argv += ["--samples", "6", "--batch-sizes", "1", "3", "--repeats", "1", "--output-dir", str(tmp_path)]
    assert bench_onnx.main(argv) == 0
    rows = json.loads((tmp_path / "results.json").read_text())["rows"]
    strategies = [(1, "-"), *((3, name) for name in bench_onnx.STRATEGIES)]
    assert [(row["batch"], row["strategy"]) for row in rows] == strategies
    assert all(row["texts/s"] > 0 for row in rows)
    assert "| tiny | mixed | 3 | padded |" in (tmp_path / "summary.md").read_text()


@pytest.mark.slow
@pytest.mark.parametrize("encoder", ["distilbert", "deberta"])
def test_onnx_backend_predicts_what_the_torch_backend_predicts(
    exported: dict[str, Path], encoder: str
) -> None:
    expected = IntentPredictor.from_checkpoint(exported[encoder]).predict(TEXTS)
    actual = IntentPredictor.from_checkpoint(exported[encoder], backend="onnx", threads=1).predict(TEXTS)
    for ours, theirs in zip(actual, expected, strict=True):
        assert ours["intent"] == theirs["intent"]
        assert ours["uncertain"] == theirs["uncertain"]
        assert ours["complexity"]["level"] == theirs["complexity"]["level"]
        assert ours["techniques"] == theirs["techniques"]
        assert ours["confidence"] == pytest.approx(theirs["confidence"], abs=ATOL)
        for label, probability in theirs["all_intents"].items():
            assert ours["all_intents"][label] == pytest.approx(probability, abs=ATOL)


def test_backend_errors_say_what_to_do(tiny_checkpoint: Path) -> None:
    with pytest.raises(ValueError, match="unknown backend"):
        IntentPredictor.from_checkpoint(tiny_checkpoint, backend="tensorrt")
    with pytest.raises(FileNotFoundError, match=r"training\.export_onnx"):
        IntentPredictor.from_checkpoint(tiny_checkpoint, backend="onnx-int8")
    with pytest.raises(ValueError, match=r"torch\.set_num_threads"):
        IntentPredictor.from_checkpoint(tiny_checkpoint, threads=2)


def test_quantization_gate_keeps_only_models_within_the_allowed_drop() -> None:
    kept = quantization_gate(0.90, 0.895, 1.0)
    assert kept.passed and kept.accuracy_drop_points == pytest.approx(0.5)
    refused = quantization_gate(0.90, 0.88, 1.0)
    assert not refused.passed and refused.accuracy_drop_points == pytest.approx(2.0)
    assert "refused" in refused.message and "2.00 points" in refused.message
    assert quantization_gate(0.90, 0.89, 1.0).passed, "exactly at the limit passes despite float rounding"
    assert quantization_gate(0.80, 0.85, 0.0).passed
    assert not quantization_gate(0.90, 0.90, -0.5).passed


def test_parity_tolerates_near_ties_but_not_divergence() -> None:
    reference = np.array([[1.0, 1.0004, 0.0], [3.0, 0.0, 0.0]])
    assert argmax_agreement(reference, np.array([[1.0004, 1.0, 0.0], [3.0, 0.0, 0.0]]), 1e-3) == (0.5, 0)
    assert argmax_agreement(reference, np.array([[1.0, 1.0004, 0.0], [0.0, 3.0, 0.0]]), 1e-3) == (0.5, 1)
    close = Parity(10, 2e-4, 1e-5, 1.0, 1.0, 0, 1e-3)
    assert close.problems() == []
    far = Parity(10, 5e-3, 1e-5, 0.9, 1.0, 1, 1e-3)
    assert len(far.problems()) == 2


@pytest.mark.slow
def test_export_refuses_a_graph_that_drifts_from_pytorch(
    tiny_checkpoint: Path, test_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    checkpoint = shutil.copytree(tiny_checkpoint, tmp_path / "ckpt")
    export_graph = export_onnx.export_graph

    def drifting_export(model: IntentClassifier, *args: object) -> None:
        broken = copy.deepcopy(model)
        broken.intent_head.bias.data += 0.5
        export_graph(broken, *args)

    monkeypatch.setattr(export_onnx, "export_graph", drifting_export)
    assert export_onnx.main(["--checkpoint", str(checkpoint), "--test-data", str(test_data)]) == 1
    assert "exceeds" in capsys.readouterr().err
    assert not onnx_model_path(checkpoint, "onnx").exists()
    report = json.loads((checkpoint / "onnx" / "export_report.json").read_text())
    assert not report["ok"] and report["parity"]["max_abs_diff_logits"] == pytest.approx(0.5, abs=1e-3)


@pytest.mark.slow
def test_quantize_keeps_int8_within_the_limit_and_deletes_it_beyond(
    tiny_checkpoint: Path, test_data: Path, tmp_path: Path, capsys
) -> None:
    checkpoint = shutil.copytree(tiny_checkpoint, tmp_path / "ckpt")
    dev_data = write_jsonl(tmp_path / "dev.jsonl", LABELLED[:4])
    command = [
        "--checkpoint",
        str(checkpoint),
        "--test-data",
        str(test_data),
        "--test-data",
        f"{dev_data}:100",
    ]
    command.append("--quantize")
    int8_path = onnx_model_path(checkpoint, "onnx-int8")

    assert export_onnx.main([*command, "--max-accuracy-drop", "100"]) == 0
    assert int8_path.stat().st_size < onnx_model_path(checkpoint, "onnx").stat().st_size
    report = json.loads((checkpoint / "onnx" / "export_report.json").read_text())
    assert report["quantization"]["passed"] and report["quantization"]["settings"]["per_channel"]
    assert report["quantization"]["settings"]["kept_fp32"] == ["embeddings"], "the default keeps lookups fp32"
    gates = report["quantization"]["gates"]
    assert list(gates) == [str(test_data), str(dev_data)], "the int8 gate holds on every test set"
    assert gates[str(dev_data)]["max_accuracy_drop_points"] == 100, (
        "a set's own limit wins over the global one"
    )
    for gate in gates.values():
        assert {"accuracy", "macro_f1"} <= set(gate["int8"]) & set(gate["fp32_onnx"])
    answers = IntentPredictor.from_checkpoint(checkpoint, backend="onnx-int8").predict(TEXTS)
    assert len(answers) == len(TEXTS) and all(answer["intent"] for answer in answers)

    assert export_onnx.main([*command, "--max-accuracy-drop=-1000"]) == 1
    assert "int8 refused" in capsys.readouterr().err
    assert not int8_path.exists(), "a refused (or stale) int8 model must not be left to serve"
    assert onnx_model_path(checkpoint, "onnx").exists()
    report = json.loads((checkpoint / "onnx" / "export_report.json").read_text())
    assert not report["ok"] and not report["quantization"]["passed"]
    assert report["quantization"]["gates"][str(dev_data)]["passed"]
    assert report["files"]["model.int8.onnx"] is None


@pytest.mark.slow
def test_keep_fp32_leaves_the_named_encoder_nodes_unquantized(
    tiny_checkpoint: Path, test_data: Path, tmp_path: Path
) -> None:
    checkpoint = shutil.copytree(tiny_checkpoint, tmp_path / "ckpt")
    command = ["--checkpoint", str(checkpoint), "--test-data", str(test_data), "--quantize"]
    assert export_onnx.main([*command, "--max-accuracy-drop", "100", "--keep-fp32", "ffn/lin2"]) == 0
    graph = onnx.load(str(onnx_model_path(checkpoint, "onnx-int8"))).graph
    float_matmuls = [node.name for node in graph.node if node.op_type == "MatMul"]
    int8_matmuls = [node.name for node in graph.node if node.op_type == "MatMulInteger"]
    assert any("ffn/lin2" in name for name in float_matmuls)
    assert not any("ffn/lin2" in name for name in int8_matmuls)
    assert any("ffn/lin1" in name for name in int8_matmuls), "the rest of the encoder is still int8"
    report = json.loads((checkpoint / "onnx" / "export_report.json").read_text())
    assert report["quantization"]["settings"]["kept_fp32"] == ["ffn/lin2"]


@pytest.mark.slow
def test_compare_models_writes_report_metrics_and_plots(
    exported: dict[str, Path], test_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "comparison"
    distilbert = exported["distilbert"]
    argv = ["--distilbert-checkpoint", str(distilbert), "--deberta-checkpoint", str(exported["deberta"])]
    argv += ["--checkpoint", f"distilbert-onnx={distilbert}:onnx", "--test-data", str(test_data)]
    argv += ["--benchmark-speed", "--benchmark-samples", "8", "--threads", "1", "--output-dir", str(output)]
    assert compare_models.main(argv) == 0

    names = ["deberta", "distilbert", "distilbert-onnx"]
    # A phase line per step, so a long comparison never sits silent.
    printed = capsys.readouterr().out
    for name in names:
        assert re.search(rf"^\[ *[\d.]+ s\] evaluating {name} \(\w+\) on {len(LABELLED)} test", printed, re.M)
    assert re.search(r"^\[ *[\d.]+ s\] writing the report and plots to ", printed, re.M)
    plots = ["accuracy_vs_size.png", "accuracy_vs_throughput.png", "per_class_f1.png"]
    plots += [f"confusion_{name}.png" for name in names]
    for plot in plots:
        assert (output / plot).read_bytes().startswith(b"\x89PNG"), plot
    metrics = json.loads((output / "metrics.json").read_text())
    assert list(metrics["models"]) == names
    assert metrics["recommendation"]["model"] in names
    onnx_result, torch_result = metrics["models"]["distilbert-onnx"], metrics["models"]["distilbert"]
    assert onnx_result["accuracy"] == torch_result["accuracy"]
    assert "onnx/model.onnx" in onnx_result["serving_files"]
    assert "model.safetensors" not in onnx_result["serving_files"]
    assert onnx_result["parameters"] == torch_result["parameters"] > 0
    assert [row["batch_size"] for row in torch_result["speed"]["by_batch_size"]] == [1, 8, 32]
    assert sum(row["texts"] for row in torch_result["speed"]["by_length"]) == len(LABELLED)
    assert set(torch_result["per_class_f1"]) == {label for _, label, _ in LABELLED}
    report = (output / "comparison_report.md").read_text()
    assert "Which to ship" in report and all(f"| {name} |" in report for name in names)
    assert all(f"]({plot})" in report for plot in plots)


def test_compare_models_rejects_a_model_that_cannot_predict_the_test_labels(
    tiny_checkpoint: Path, tmp_path: Path, capsys
) -> None:
    data = write_jsonl(tmp_path / "banking.jsonl", [("Where is my card?", "card_arrival", None)])
    argv = ["--distilbert-checkpoint", str(tiny_checkpoint), "--test-data", str(data)]
    assert compare_models.main([*argv, "--output-dir", str(tmp_path / "out")]) == 2
    assert "label set differs" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_phase_lines_carry_the_seconds_since_the_start() -> None:
    stream = io.StringIO()
    phases = Phases(stream)
    phases("exporting the fp32 graph")
    time.sleep(0.15)
    phases("checking parity")
    first, second = stream.getvalue().splitlines()
    assert re.fullmatch(r"\[ +0\.0 s\] exporting the fp32 graph", first)
    match = re.fullmatch(r"\[ +(\d+\.\d) s\] checking parity", second)
    assert match and float(match[1]) >= 0.1


def test_checkpoint_specs_name_a_path_and_an_optional_backend() -> None:
    assert compare_models.parse_spec("a=models/x") == compare_models.ModelSpec("a", Path("models/x"), "torch")
    assert compare_models.parse_spec("b=models/x:onnx-int8").backend == "onnx-int8"
    for bad in ("models/x", "a=", "a=models/x:tensorrt"):
        with pytest.raises(argparse.ArgumentTypeError):
            compare_models.parse_spec(bad)


def test_recommendation_trades_speed_only_within_the_accuracy_tolerance() -> None:
    def result(accuracy: float, speed: float, size: int) -> dict[str, object]:
        rows = [{"batch_size": 1, "samples_per_s": speed}]
        return {"accuracy": accuracy, "serving_bytes": size, "speed": {"by_batch_size": rows}}

    results = {"big": result(0.92, 50, 300), "int8": result(0.915, 160, 30), "tiny": result(0.80, 900, 5)}
    assert compare_models.recommend(results, 1.0)["model"] == "int8"
    assert compare_models.recommend(results, 0.1)["model"] == "big"
    unmeasured = {name: {**r, "speed": None} for name, r in results.items()}
    assert compare_models.recommend(unmeasured, 1.0)["model"] == "int8"
