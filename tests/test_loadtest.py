"""The load-test tooling: answer validation, prompt selection, step tables, and a real short run.

The end-to-end test runs ``loadtest.run`` exactly as ``make loadtest`` does, against a tiny archive:
nothing answers at the configured address, so it starts TorchServe (the shipped config.properties on
free loopback ports), runs the real ``locust`` CLI for a few seconds, and must stop the server it
started. Locust itself is never imported here: importing it monkey-patches the whole test process
with gevent.
"""

from __future__ import annotations

import copy
import csv
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from common import torchserve as server
from loadtest import progress, reports, run
from loadtest.answers import answer_labels, answer_problem, response_problem
from loadtest.prompts import SHORT_MAX_WORDS, PromptError, load_prompts, select_mix
from model.predictor import IntentPredictor

PROMPTS = [
    "How do I reverse a linked list in Python?",
    "Write a short poem about autumn rain.",
    "Summarize the following meeting notes in three bullet points: the budget was approved, the launch "
    "moves to May, marketing needs two more people, and the office closes on Fridays in August. Then "
    "list the open questions and who should answer each of them before the next meeting on Thursday.",
    "Traduis « bonjour tout le monde » en anglais, s'il te plaît.",
]


@pytest.fixture(scope="module")
def answer(tiny_checkpoint: Path) -> dict[str, Any]:
    """A real answer: the tiny model's prediction plus the model field the handler adds."""
    prediction = IntentPredictor.from_checkpoint(tiny_checkpoint).predict([PROMPTS[0]])[0]
    return json.loads(json.dumps({**prediction, "model": {"name": "distilbert", "version": "1.0"}}))


def test_a_real_answer_passes(answer: dict[str, Any]) -> None:
    assert answer_problem(answer, "distilbert") is None
    assert answer_problem(answer, "distilbert", answer_labels(answer)) is None
    assert response_problem(200, json.dumps(answer), "distilbert") is None


def _set(field: str, value: Any) -> Any:
    return lambda answer: answer.update({field: value})


def _drop(field: str) -> Any:
    return lambda answer: answer.pop(field)


def _rescale(answer: dict[str, Any]) -> None:
    answer["all_intents"] = {label: p / 2 for label, p in answer["all_intents"].items()}


def _rename_intent(answer: dict[str, Any]) -> None:
    answer["intent"] = answer["top_intents"][0]["intent"] = "not_a_label"


def _foreign_alternative(answer: dict[str, Any]) -> None:
    answer["top_intents"][-1]["intent"] = "not_a_label"


def _other_model(answer: dict[str, Any]) -> None:
    answer["model"]["name"] = "deberta"


def _least_likely(answer: dict[str, Any]) -> None:
    label = min(answer["all_intents"], key=answer["all_intents"].__getitem__)
    answer["intent"], answer["confidence"] = label, answer["all_intents"][label]


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (_drop("intent"), "missing fields: intent"),
        (_drop("top_intents"), "missing fields: top_intents"),
        (_set("confidence", 1.5), "confidence is not a number in [0, 1]"),
        (_set("confidence", "high"), "confidence is not a number in [0, 1]"),
        (_set("confidence", 0.0), "confidence differs from all_intents[intent]"),
        (_rescale, "all_intents does not sum to 1"),
        (_set("all_intents", {}), "all_intents is not a non-empty object"),
        (_rename_intent, "intent is not one of the model's labels"),
        (_least_likely, "intent is not the most probable label"),
        (_set("top_intents", []), "top_intents is not a non-empty list"),
        (_foreign_alternative, "top_intents names an intent outside the model's labels"),
        (_set("uncertain", "no"), "uncertain is not a boolean"),
        (_other_model, "answered by another model than the one requested"),
    ],
    ids=lambda case: case if isinstance(case, str) else "",
)
def test_wrong_answers_are_rejected_with_a_reason(answer: dict[str, Any], mutate: Any, problem: str) -> None:
    wrong = copy.deepcopy(answer)
    mutate(wrong)
    assert answer_problem(wrong, "distilbert") == problem


def test_a_changed_label_set_and_bad_responses_are_rejected(answer: dict[str, Any]) -> None:
    other_labels = answer_labels(answer) | {"extra"}
    assert (
        answer_problem(answer, None, other_labels)
        == "the label set differs from earlier answers of this model"
    )
    assert answer_problem([answer]) == "the answer is not a JSON object"
    assert response_problem(200, "<html>", "distilbert") == "the body is not JSON"
    refused = json.dumps(
        {"code": 400, "type": "InvalidKeyException", "message": "Token Authorization failed"}
    )
    assert response_problem(400, refused) == "HTTP 400: InvalidKeyException"
    assert response_problem(413, json.dumps({"error": "'text' is too long", "code": 413})).startswith(
        "HTTP 413: 'text'"
    )
    assert response_problem(503, "") == "HTTP 503: empty body"


def test_prompt_files_and_length_mixes(tmp_path: Path) -> None:
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text("\n".join(json.dumps({"text": text, "label": "x"}) for text in PROMPTS) + "\n\n")
    table = tmp_path / "p.csv"
    with table.open("w", newline="") as handle:
        csv.writer(handle).writerows([["category", "text"], *(["x", text] for text in PROMPTS)])
    lines = tmp_path / "p.txt"
    lines.write_text("\n".join(PROMPTS) + "\n")
    for path in (jsonl, table, lines):
        assert load_prompts(path) == PROMPTS, path
    short = load_prompts(jsonl, "short")
    assert short == [text for text in PROMPTS if len(text.split()) <= SHORT_MAX_WORDS] and len(short) == 3
    assert load_prompts(jsonl, "long") == [PROMPTS[2]]
    assert select_mix(PROMPTS, "mixed") == PROMPTS
    only_short = tmp_path / "short.txt"
    only_short.write_text("hi\nhello there\n")
    with pytest.raises(PromptError, match=r"short\.txt has no long prompts"):
        load_prompts(only_short, "long")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "fine"}\n{"label": "no text"}\n')
    with pytest.raises(PromptError, match=r"broken\.jsonl:2: expected a string or an object"):
        load_prompts(broken)


def test_step_table_and_saturation_point(tmp_path: Path) -> None:
    history = tmp_path / "m_stats_history.csv"
    header = ["Timestamp", "User Count", "Type", "Name", "50%", "95%", "99%"]
    header += ["Total Request Count", "Total Failure Count"]
    rows = []
    # 2 users: 20 req/s, 4 users: 39 req/s, 6 users: 40 req/s (saturated at 4), 5 s per step.
    for users, rate, start in ((2, 20, 0), (4, 39, 100), (6, 40, 295)):
        rows += [
            [1000 + i + users, users, "", "Aggregated", 50, 90, 99, start + rate * i, 0] for i in range(6)
        ]
    rows.insert(0, [1000, 0, "", "Aggregated", "N/A", "N/A", "N/A", 0, 0])
    with history.open("w", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    steps = reports.read_steps(history)
    assert [(s.users, s.requests, s.rps) for s in steps] == [(2, 100, 20.0), (4, 195, 39.0), (6, 200, 40.0)]
    assert reports.saturation(steps).users == 4
    assert "saturates at **4 users**" in reports.summary_markdown([], {}, {"m": steps})


def test_progress_line_from_a_stats_snapshot() -> None:
    snapshot = progress.Snapshot(
        elapsed_s=70.9, requests=812, failures=4, rps=20.34, p50_ms=95.0, p99_ms=240.0
    )
    assert progress.progress_line(snapshot, "distilbert") == (
        "[distilbert] 1:10 requests 812 failures 4 (0.5%) 20.3 req/s p50 95 ms p99 240 ms"
    )
    empty = progress.Snapshot(elapsed_s=3, requests=0, failures=0, rps=0.0, p50_ms=math.nan, p99_ms=math.nan)
    assert progress.progress_line(empty, extra="workers 1 RSS 400 MB") == (
        "0:03 requests 0 failures 0 (0.0%) 0.0 req/s p50 n/a p99 n/a | workers 1 RSS 400 MB"
    )


def test_progress_snapshot_from_locusts_stats_history(tmp_path: Path) -> None:
    """The reliability runs read Locust's history file while Locust is still writing it."""
    history = tmp_path / "m_stats_history.csv"
    assert progress.history_snapshot(history) is None
    header = "Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,99%,"
    header += "Total Request Count,Total Failure Count"
    rows = ["1000,0,,Aggregated,0.000000,0.000000,N/A,N/A,0,0", "1061,2,,Aggregated,12.5,0.0,88,310,700,3"]
    history.write_text("\n".join([header, *rows]) + "\n1062,2,,Aggreg")
    assert progress.history_snapshot(history) == progress.Snapshot(
        elapsed_s=61.0, requests=700, failures=3, rps=12.5, p50_ms=88.0, p99_ms=310.0
    )


def summary_rows(markdown: str) -> dict[str, list[float]]:
    """The summary table's numeric cells per model, parsed without the code that wrote them."""
    rows = {}
    for line in markdown.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 8 and all(re.fullmatch(r"-?\d+(\.\d+)?", cell) for cell in cells[1:]):
            rows[cells[0]] = [float(cell) for cell in cells[1:]]
    return rows


@pytest.mark.serving
def test_make_loadtest_runs_locust_and_writes_reports(
    tiny_model_store: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "torchserve"
    config = server.write_config(home, tiny_model_store)
    prompts = tmp_path / "prompts.jsonl"
    prompts.write_text("".join(json.dumps({"text": text}) + "\n" for text in PROMPTS))
    reports_dir = tmp_path / "reports"
    argv = ["--models", "distilbert", "--users", "2", "--spawn-rate", "2", "--run-time", "5s"]
    argv += ["--prompts-file", str(prompts), "--config", str(config), "--home", str(home)]
    argv += ["--output-dir", str(reports_dir), "--progress-every", "2"]

    assert run.main(argv) == 0

    # Locust printed progress while it ran (its own periodic table is off: --only-summary).
    printed = capfd.readouterr().out
    line = r"^\[distilbert\] 0:0[2-9] requests \d+ failures 0 \(0\.0%\) [\d.]+ req/s p50 \d+ ms p99 \d+ ms$"
    assert re.search(line, printed, re.M), printed

    [out] = reports_dir.iterdir()
    for name in ("distilbert_stats.csv", "distilbert_failures.csv", "distilbert.html", "summary.png"):
        assert (out / name).stat().st_size > 0, name
    assert "<html" in (out / "distilbert.html").read_text().lower()
    requests, failures, rps, p50, p95, p99, avg = summary_rows((out / "summary.md").read_text())["distilbert"]
    assert requests > 0 and failures == 0 and rps > 0
    assert 0 < p50 <= p95 <= p99 and avg > 0
    assert json.loads((out / "summary.json").read_text())["results"][0]["failures"] == 0
    # It started the server, so it stopped it.
    inference, _ = server.addresses(config)
    assert server.ping(inference, "") is None
    assert not (home / server.KEY_FILE).exists()
