"""``make bench-peer``: the peer archive (TorchServe's Hugging Face example handler setup around our
encoder), its answer check, the report table, and a real short run against a real TorchServe.

Locust itself is never imported here (it would monkey-patch the test process with gevent); the
end-to-end test runs the real ``locust`` CLI through ``loadtest.bench_peer`` as ``make bench-peer``
does.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from loadtest import bench_peer
from loadtest.answers import label_problem
from loadtest.bench_serving import ServedSettings
from loadtest.peer.build import MAX_LENGTH, PEER_NAME, PeerBuildError, PeerModel, build_peer_model
from loadtest.reports import Result
from loadtest.run import LoadTestError
from model.classifier import IntentClassifier
from model.labels import INTENTS

PROMPTS = [
    "How do I reverse a linked list in Python?",
    "Write a short poem about autumn rain.",
    "Translate 'good morning' into French.",
]


def result(model: str, requests: int, seconds: float, failures: int = 0) -> Result:
    rps = requests / seconds
    return Result(model, requests, failures, rps, 20.0, 30.0, 40.0, 22.0, 50.0)


def table_rows(markdown: str) -> dict[str, list[str]]:
    rows = {}
    for line in markdown.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == len(bench_peer.SUMMARY_COLUMNS) and re.fullmatch(r"\d+", cells[5]):
            rows[cells[0]] = cells
    return rows


def test_the_report_puts_the_peer_first_with_each_speed_up() -> None:
    settings = ServedSettings(workers=2, batch_size=4, max_batch_delay_ms=5)
    peer_settings = ServedSettings(workers=2, batch_size=1, max_batch_delay_ms=100)
    measured = [
        bench_peer.Measured("distilbert", "1.0", False, settings, result("distilbert", 900, 30.0)),
        bench_peer.Measured(PEER_NAME, "1.0", True, peer_settings, result(PEER_NAME, 300, 30.0)),
        bench_peer.Measured("distilbert-int8", "1.0", False, settings, result("distilbert-int8", 1500, 30.0)),
    ]
    rows = bench_peer.summary_rows(measured)
    assert [row["model"] for row in rows] == [PEER_NAME, "distilbert", "distilbert-int8"]
    peer_rps = measured[1].result.rps
    for row, run in zip(rows, [measured[1], measured[0], measured[2]], strict=True):
        assert math.isclose(row["speedup"], run.result.rps / peer_rps)
        assert row["batch_size"] == run.settings.batch_size
    peer = PeerModel(Path("unused"), "distilbert", list(INTENTS), "fresh")
    markdown = bench_peer.summary_markdown({"users": 16}, peer, rows)
    table = table_rows(markdown)
    assert list(table) == [PEER_NAME, "distilbert", "distilbert-int8"]
    assert table[PEER_NAME][-1] == "1.00"
    assert float(table["distilbert-int8"][-1]) == pytest.approx(rows[2]["speedup"], abs=0.005)
    assert "padded to 150 tokens" in markdown


def test_a_bare_label_answer_is_checked() -> None:
    labels = frozenset(INTENTS)
    assert label_problem(200, f"{INTENTS[0]}\n", labels) is None
    assert label_problem(200, "anything", None) is None
    assert label_problem(200, "not_an_intent", labels) == "the answer is not one of the model's labels"
    assert (
        label_problem(200, json.dumps({"intent": INTENTS[0]}), labels)
        == "the answer is JSON, not a bare label"
    )
    assert label_problem(200, "  ", labels) == "the body is empty"
    assert label_problem(503, json.dumps({"type": "ServiceUnavailableException"}), labels).startswith(
        "HTTP 503"
    )


def test_the_archives_to_compare_are_found_in_the_store(tmp_path: Path) -> None:
    for name in ("distilbert_1.0.mar", "distilbert-int8_1.0.mar", "deberta_2.0.mar", f"{PEER_NAME}_1.0.mar"):
        (tmp_path / name).write_bytes(b"")
    assert bench_peer.present_archives(tmp_path, "1.0") == ["distilbert", "distilbert-int8"]
    assert bench_peer.present_archives(tmp_path, "2.0") == ["deberta"]
    with pytest.raises(LoadTestError, match="make mar"):
        bench_peer.check_models(tmp_path, bench_peer.present_archives(tmp_path, "3.0"), "3.0")
    with pytest.raises(LoadTestError, match=re.escape("deberta_1.0.mar not found")):
        bench_peer.check_models(tmp_path, ["distilbert", "deberta"], "1.0")


def test_a_missing_checkpoint_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PeerBuildError, match="make train-all"):
        build_peer_model(tmp_path / "not-trained", tmp_path / "peer")


def encoder_weights_equal(peer_dir: Path, checkpoint: Path) -> bool:
    peer = AutoModelForSequenceClassification.from_pretrained(peer_dir)
    ours = IntentClassifier.from_pretrained(str(checkpoint))
    theirs = peer.base_model.state_dict()
    return all(torch.equal(theirs[name], value) for name, value in ours.encoder.state_dict().items())


def test_the_peer_runs_our_encoder_in_the_examples_layout(tiny_checkpoint: Path, tmp_path: Path) -> None:
    peer = build_peer_model(tiny_checkpoint, tmp_path / "peer")
    assert encoder_weights_equal(peer.directory, tiny_checkpoint)
    # The tiny checkpoint feeds complexity features to its head: the peer's head cannot take it.
    assert peer.head.startswith("fresh")
    setup = json.loads((peer.directory / "setup_config.json").read_text())
    assert (setup["mode"], setup["save_mode"], int(setup["max_length"])) == (
        "sequence_classification",
        "pretrained",
        MAX_LENGTH,
    )
    index_to_name = json.loads((peer.directory / "index_to_name.json").read_text())
    assert [index_to_name[str(index)] for index in range(len(INTENTS))] == list(INTENTS)
    assert set(load_file(peer.directory / "model.safetensors"))
    # The handler's tokenizer (with the setup's do_lower_case) gives our tokenizer's ids, padded to 150.
    served = AutoTokenizer.from_pretrained(peer.directory, do_lower_case=setup["do_lower_case"])
    text = "Translate 'Good Morning' into FRENCH."
    tokens = served(text, max_length=MAX_LENGTH, padding="max_length", truncation=True)
    ours = AutoTokenizer.from_pretrained(tiny_checkpoint)(text)["input_ids"]
    assert len(tokens["input_ids"]) == MAX_LENGTH
    assert tokens["input_ids"][: len(ours)] == ours
    assert sum(tokens["attention_mask"]) == len(ours)


def test_a_head_of_the_same_shape_is_copied(tiny_checkpoint_without_features: Path, tmp_path: Path) -> None:
    checkpoint = tiny_checkpoint_without_features
    peer = build_peer_model(checkpoint, tmp_path / "peer")
    assert peer.head == "intent head copied"
    classifier = AutoModelForSequenceClassification.from_pretrained(peer.directory).classifier
    intent_head = IntentClassifier.from_pretrained(str(checkpoint)).intent_head
    assert torch.equal(classifier.weight, intent_head.weight)
    assert torch.equal(classifier.bias, intent_head.bias)


@pytest.mark.serving
@pytest.mark.slow
def test_make_bench_peer_measures_the_peer_and_our_archive(
    tiny_checkpoint: Path, tiny_model_store: Path, tmp_path: Path
) -> None:
    prompts = tmp_path / "prompts.jsonl"
    prompts.write_text("".join(json.dumps({"text": text}) + "\n" for text in PROMPTS))
    reports_dir = tmp_path / "reports"
    argv = ["--checkpoint", str(tiny_checkpoint), "--model-store", str(tiny_model_store)]
    argv += ["--models", "distilbert", "--users", "2", "--run-time", "4s", "--progress-every", "0"]
    argv += ["--prompts-file", str(prompts), "--prompt-mix", "mixed", "--output-dir", str(reports_dir)]

    assert bench_peer.main(argv) == 0

    [out] = reports_dir.iterdir()
    table = table_rows((out / "summary.md").read_text())
    assert list(table) == [PEER_NAME, "distilbert"]
    document = json.loads((out / "summary.json").read_text())
    rows = {row["model"]: row for row in document["models"]}
    assert rows[PEER_NAME]["batch_size"] == 1
    for row in rows.values():
        assert row["requests"] > 0 and row["failures"] == 0 and row["rps"] > 0
    assert rows["distilbert"]["speedup"] == pytest.approx(rows["distilbert"]["rps"] / rows[PEER_NAME]["rps"])
    for name in (f"{PEER_NAME}_stats.csv", f"{PEER_NAME}.html", "distilbert_stats.csv"):
        assert (out / name).stat().st_size > 0, name
    # The private store (copies or links of archives) is gone; the server's logs stay.
    assert not (out / "model_store").exists()
    assert (out / "torchserve" / "logs").is_dir()
