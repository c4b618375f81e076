"""Tests for data reading, validation, deduplication, splitting and the prepare_data CLI."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from model.labels import COMPLEXITY_LEVELS, INTENTS, build_label_map
from model.text import normalize_text
from training.data import (
    MAX_REPORTED_PROBLEMS,
    DataError,
    Example,
    deduplicate,
    load_examples,
    load_label_map,
    load_split,
    order_labels,
    shared_families,
    split_examples,
    split_report,
)
from training.prepare_data import main


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    return write(path, "".join(json.dumps(record) + "\n" for record in records))


def generated_document(families_per_label: int = 5, per_family: int = 4) -> dict[str, object]:
    """A small stand-in for the generator's output, pretty-printed like json.dump(indent=2)."""
    examples = []
    for intent in INTENTS:
        for family in range(families_per_label):
            for item in range(per_family):
                examples.append(
                    {
                        "text": f"{intent} prompt {family}-{item}",
                        "intent": intent,
                        "complexity": COMPLEXITY_LEVELS[item % 3],
                        "family": f"{intent}/f{family}",
                        "recipe": {"template": family},
                        "edge_case": None,
                    }
                )
    return {"metadata": {"seed": 1}, "examples": examples}


def grouped_examples(families_per_label: int = 10, labels: int = 4) -> list[Example]:
    """Families of varying size, plus mixed-label edge-case families spanning two labels."""
    examples = []
    for label_index in range(labels):
        label = f"label{label_index}"
        for family in range(families_per_label):
            size = 3 + (family * 7 + label_index) % 6
            examples += [
                Example(f"{label} {family} {i}", label, None, f"{label}/f{family}") for i in range(size)
            ]
        other = f"label{(label_index + 1) % labels}"
        examples += [Example(f"edge {label} {i}", label, None, f"edge/{label}") for i in range(3)]
        examples.append(Example(f"edge {label} minority", other, None, f"edge/{label}"))
    return examples


# --- validation


def test_normalize_text_strips_and_composes() -> None:
    assert normalize_text("  Cafe\u0301 \n") == "Caf\u00e9"


def test_missing_text_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "data.csv", "text,label\nhello,greet\n   ,greet\nbye,greet\n")
    with pytest.raises(DataError) as info:
        load_examples(path)
    assert f"{path}:3: empty text" in str(info.value)


def test_missing_label_names_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "data.jsonl", [{"text": "a", "label": "x"}, {"text": "b"}])
    with pytest.raises(DataError, match=rf"{path}:2: missing label"):
        load_examples(path)


def test_unknown_label_with_explicit_label_set(tmp_path: Path) -> None:
    path = write(tmp_path / "data.csv", "text,intent\nwrite a poem,creative_writting\n")
    with pytest.raises(DataError) as info:
        load_examples(path, labels=INTENTS)
    message = str(info.value)
    assert f"{path}:2: unknown label 'creative_writting'" in message
    assert "did you mean 'creative_writing'" in message


def test_unknown_complexity(tmp_path: Path) -> None:
    path = write(tmp_path / "data.csv", "text,label,complexity\na,x,simple\nb,x,hard\n")
    with pytest.raises(DataError, match=rf"{path}:3: unknown complexity 'hard'"):
        load_examples(path)


def test_empty_file(tmp_path: Path) -> None:
    for name in ("empty.csv", "empty.jsonl", "empty.json"):
        path = write(tmp_path / name, "")
        with pytest.raises(DataError, match=rf"{path}:1: empty file"):
            load_examples(path)


def test_header_only_csv_has_no_rows(tmp_path: Path) -> None:
    path = write(tmp_path / "data.csv", "text,label\n")
    with pytest.raises(DataError, match=rf"{path}:2: no data rows"):
        load_examples(path)


def test_missing_required_column(tmp_path: Path) -> None:
    path = write(tmp_path / "data.csv", "prompt,label\nhi,greet\n")
    with pytest.raises(DataError, match=rf"{path}:1: missing required text column 'text'"):
        load_examples(path)


def test_undecodable_bytes_name_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "data.csv", b"text,label\nfine,a\ncaf\xe9 latin-1,a\nfine too,a\n")
    with pytest.raises(DataError) as info:
        load_examples(path)
    assert info.value.problems == [f"{path}:3: not valid UTF-8: byte 0xe9 at byte 4 of the line"]


def test_bad_jsonl_line_and_wrong_types(tmp_path: Path) -> None:
    lines = ['{"text": "ok", "label": "a"}', '{"text": "broken", ', '{"text": 5, "label": "a"}', "[1, 2]"]
    path = write(tmp_path / "data.jsonl", "\n".join(lines) + "\n")
    with pytest.raises(DataError) as info:
        load_examples(path)
    problems = info.value.problems
    assert problems[0].startswith(f"{path}:2: invalid JSON")
    assert problems[1] == f"{path}:3: text must be a string, got number"
    assert problems[2] == f"{path}:4: expected a JSON object, got array"


def test_all_errors_are_collected_up_to_a_cap(tmp_path: Path) -> None:
    rows = "".join(",a\n" for _ in range(MAX_REPORTED_PROBLEMS + 5))
    path = write(tmp_path / "data.csv", "text,label\n" + rows)
    with pytest.raises(DataError) as info:
        load_examples(path)
    assert len(info.value.problems) == MAX_REPORTED_PROBLEMS
    assert info.value.omitted == 5
    assert f"{MAX_REPORTED_PROBLEMS + 5} problems" in str(info.value)


def test_generated_json_errors_name_the_example_line(tmp_path: Path) -> None:
    document = generated_document(families_per_label=1, per_family=1)
    document["examples"][2]["intent"] = "not_an_intent"  # type: ignore[index]
    path = write(tmp_path / "gen.json", json.dumps(document, indent=2))
    with pytest.raises(DataError) as info:
        load_examples(path, labels=INTENTS)
    (problem,) = info.value.problems
    line = int(problem.split(":")[1])
    assert path.read_text().splitlines()[line - 1].strip() == "{"
    assert "not_an_intent" in "\n".join(path.read_text().splitlines()[line : line + 3])
    assert "examples[2]: unknown label 'not_an_intent'" in problem


def test_invalid_generated_json_names_line(tmp_path: Path) -> None:
    path = write(tmp_path / "gen.json", '{"examples": [\n  {"text": "a",}\n]}\n')
    with pytest.raises(DataError, match=rf"{path}:2: invalid JSON"):
        load_examples(path)


# --- reading


def test_banking77_style_csv(tmp_path: Path) -> None:
    content = (
        "text,category\n"
        "I am still waiting on my card?,card_arrival\n"
        '"My card, the new one, is not here",card_arrival\n'
        '"A question\nover two lines",exchange_rate\n'
        "\n"
    )
    examples = load_examples(write(tmp_path / "train.csv", content))
    assert examples == [
        Example("I am still waiting on my card?", "card_arrival"),
        Example("My card, the new one, is not here", "card_arrival"),
        Example("A question\nover two lines", "exchange_rate"),
    ]


def test_csv_line_numbers_follow_multiline_fields(tmp_path: Path) -> None:
    path = write(tmp_path / "data.csv", 'text,label\n"two\nlines",a\nno label,\n')
    with pytest.raises(DataError, match=rf"{path}:4: missing label"):
        load_examples(path)


def test_column_overrides_and_optional_columns(tmp_path: Path) -> None:
    content = "\ufeffprompt,target,complexity,group\n  hi  ,greet,Simple,g1\n"
    examples = load_examples(
        write(tmp_path / "data.csv", content), text_column="prompt", label_column="target"
    )
    assert examples == [Example("hi", "greet", "simple", "g1")]


def test_jsonl_is_read(tmp_path: Path) -> None:
    records = [
        {"text": "a", "label": "x", "complexity": "complex", "family": "f"},
        {"text": "b", "intent": "y"},
        {"text": "c", "category": "z", "group": 7},
    ]
    path = write_jsonl(tmp_path / "data.jsonl", records)
    write(path, path.read_text() + "\n")
    assert load_examples(path) == [
        Example("a", "x", "complex", "f"),
        Example("b", "y"),
        Example("c", "z", None, "7"),
    ]


def test_unsupported_extension(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="unsupported file type"):
        load_examples(write(tmp_path / "data.txt", "hi"))


# --- dedup


def test_dedup_keeps_first_copy_and_drops_conflicts() -> None:
    examples = [
        Example("same", "a", "simple"),
        Example("same", "a", "complex"),
        Example("clash", "a"),
        Example("other", "b"),
        Example("clash", "b"),
        Example("clash", "a"),
    ]
    result = deduplicate(examples)
    assert result.examples == [Example("same", "a", "simple"), Example("other", "b")]
    assert (result.duplicates, result.conflicts, result.conflict_examples) == (1, 1, 3)


def test_dedup_sees_unicode_variants_as_duplicates(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "data.jsonl", [{"text": "Cafe\u0301", "label": "a"}, {"text": "Caf\u00e9 ", "label": "a"}]
    )
    assert deduplicate(load_examples(path)).duplicates == 1


# --- splitting


def test_grouped_split_keeps_families_whole() -> None:
    splits = split_examples(grouped_examples(), val_size=0.1, test_size=0.1, seed=3)
    assert shared_families(splits) == []
    family_splits = {ex.family: name for name, exs in splits.items() for ex in exs}
    assert family_splits["edge/label0"] in {"train", "val", "test"}


def test_grouped_split_covers_every_label_in_every_split() -> None:
    splits = split_examples(grouped_examples(), val_size=0.1, test_size=0.1, seed=3)
    for name, examples in splits.items():
        assert {f"label{i}" for i in range(4)} <= {ex.label for ex in examples}, name


def test_grouped_split_proportions_are_roughly_right() -> None:
    examples = grouped_examples(families_per_label=40)
    splits = split_examples(examples, val_size=0.1, test_size=0.2, seed=0)
    shares = {name: len(exs) / len(examples) for name, exs in splits.items()}
    assert shares["val"] == pytest.approx(0.1, abs=0.03)
    assert shares["test"] == pytest.approx(0.2, abs=0.03)
    assert sum(len(exs) for exs in splits.values()) == len(examples)


def test_split_is_deterministic_for_a_seed() -> None:
    examples = grouped_examples()
    assert split_examples(examples, seed=7) == split_examples(examples, seed=7)
    assert split_examples(examples, seed=7) != split_examples(examples, seed=8)


def test_stratified_split_without_families() -> None:
    examples = [Example(f"{label} {i}", label) for label in ("a", "b", "c") for i in range(50)]
    splits = split_examples(examples, val_size=0.1, test_size=0.1, seed=1)
    for name, expected in (("train", 40), ("val", 5), ("test", 5)):
        assert Counter(ex.label for ex in splits[name]) == {"a": expected, "b": expected, "c": expected}


def test_small_label_still_reaches_every_split() -> None:
    examples = [Example(f"big {i}", "big") for i in range(100)] + [
        Example(f"rare {i}", "rare") for i in range(3)
    ]
    splits = split_examples(examples, seed=0)
    assert all("rare" in {ex.label for ex in exs} for exs in splits.values())


def test_split_without_test_share() -> None:
    examples = [Example(f"{i}", "a", None, f"f{i % 10}") for i in range(100)]
    splits = split_examples(examples, val_size=0.2, test_size=0.0, seed=0)
    assert splits["test"] == []
    assert len(splits["val"]) == 20


def test_invalid_split_sizes() -> None:
    with pytest.raises(ValueError, match="val_size"):
        split_examples([Example("a", "b")], val_size=0.6, test_size=0.5)


def test_split_report_counts_labels_and_shared_families() -> None:
    splits = {
        "train": [Example("a", "x", "simple", "f1"), Example("b", "y", None, "f2")],
        "val": [Example("c", "x", "complex", "f2")],
        "test": [],
    }
    report = split_report(splits, ["x", "y"])
    assert report["shared_families"] == 1
    assert report["shared_family_names"] == ["f2"]
    assert report["splits"]["train"]["labels"] == {"x": 1, "y": 1}
    assert report["splits"]["train"]["complexity"] == {"simple": 1, "none": 1}
    assert report["splits"]["test"]["total"] == 0


# --- label map


def test_label_order() -> None:
    assert order_labels({"reasoning", "code_generation"}) == ["code_generation", "reasoning"]
    assert order_labels({"b", "a"}) == ["a", "b"]
    assert order_labels({"b", "a"}, ["b", "a", "c"]) == ["b", "a", "c"]


def test_label_map_round_trip(tmp_path: Path) -> None:
    label_map = build_label_map(["b", "a"], [])
    path = write(tmp_path / "label_map.json", json.dumps(label_map))
    assert load_label_map(path) == {
        "labels": ["b", "a"],
        "label2id": {"b": 0, "a": 1},
        "id2label": {"0": "b", "1": "a"},
        "complexity_levels": [],
    }
    label_map["label2id"] = {"a": 0, "b": 1}
    with pytest.raises(DataError, match="disagree"):
        load_label_map(write(path, json.dumps(label_map)))


# --- CLI


def test_cli_end_to_end_on_generated_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = generated_document()
    document["examples"].append(dict(document["examples"][0]))  # type: ignore[union-attr,index]
    source = write(tmp_path / "gen.json", json.dumps(document, indent=2))
    out = tmp_path / "processed"
    assert main(["--data", str(source), "--output-dir", str(out), "--seed", "5"]) == 0
    assert "dropped 1 duplicates" in capsys.readouterr().out
    label_map = json.loads((out / "label_map.json").read_text())
    assert label_map["labels"] == list(INTENTS)
    assert label_map["id2label"]["0"] == INTENTS[0]
    assert label_map["complexity_levels"] == list(COMPLEXITY_LEVELS)
    assert load_label_map(out / "label_map.json") == label_map
    splits = {name: load_split(out / f"{name}.jsonl") for name in ("train", "val", "test")}
    assert sum(len(exs) for exs in splits.values()) == 200
    assert shared_families(splits) == []
    assert all({ex.label for ex in exs} == set(INTENTS) for exs in splits.values())
    first = json.loads((out / "train.jsonl").read_text().splitlines()[0])
    assert set(first) == {"text", "label", "complexity", "family"}
    stats = json.loads((out / "split_stats.json").read_text())
    assert stats["shared_families"] == 0
    assert stats["input"]["duplicates_dropped"] == 1
    assert stats["splits"]["train"]["total"] == len(splits["train"])


def test_cli_user_csv_with_test_input_and_labels_file(tmp_path: Path) -> None:
    rows = "".join(f"question {label} {i},{label}\n" for label in ("b", "a") for i in range(20))
    source = write(tmp_path / "train.csv", "text,category\n" + rows)
    test = write(tmp_path / "test.csv", "text,category\nquestion a 0,a\nnew b,b\n")
    labels = write(tmp_path / "labels.json", json.dumps(["b", "a"]))
    out = tmp_path / "out"
    argv = [
        "--input",
        str(source),
        "--test-input",
        str(test),
        "--labels-file",
        str(labels),
        "--output-dir",
        str(out),
    ]
    assert main(argv) == 0
    assert json.loads((out / "label_map.json").read_text())["labels"] == ["b", "a"]
    assert json.loads((out / "label_map.json").read_text())["complexity_levels"] == []
    assert [ex.text for ex in load_split(out / "test.jsonl")] == ["question a 0", "new b"]
    train_val = load_split(out / "train.jsonl") + load_split(out / "val.jsonl")
    assert len(train_val) == 39
    assert "question a 0" not in {ex.text for ex in train_val}
    assert json.loads((out / "split_stats.json").read_text())["test_overlap_dropped"] == 1


def test_cli_reports_invalid_data_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path / "bad.csv", "text,label\n,a\nfine,\n")
    assert main(["--input", str(source), "--output-dir", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{source}:2: empty text" in err
    assert f"{source}:3: missing label" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()
