"""Every command-line entry point declared in pyproject.toml resolves and answers ``--help``.

The entry points are called in-process (importing torch once, not once per script); one console
script also runs as an installed executable, so a broken install shows up here too.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from common.cli import ArgumentParser

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS: dict[str, str] = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]


def test_every_cli_module_is_a_console_script() -> None:
    """A new ``main`` without a console script would only run as ``python -m``."""
    targets = {target.split(":")[0] for target in SCRIPTS.values()}
    modules = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for package in ("training", "archive", "loadtest", "common", "demo")
        for path in (ROOT / package).rglob("*.py")
        if 'if __name__ == "__main__":' in path.read_text(encoding="utf-8")
    }
    assert modules - targets == set()


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_help(script: str) -> None:
    module_name, function = SCRIPTS[script].split(":")
    main = getattr(importlib.import_module(module_name), function)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "usage:" in out.getvalue()


def test_installed_console_script_runs() -> None:
    executable = Path(sys.executable).with_name("prepare-data")
    found = str(executable) if executable.is_file() else shutil.which("prepare-data")
    if found is None:
        pytest.skip("the project is not installed (make install installs it editable)")
    result = subprocess.run([found, "--help"], capture_output=True, text=True, cwd="/", check=False)
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout


def test_renamed_flags_keep_working_but_are_not_advertised() -> None:
    parser = ArgumentParser(prog="tool")
    parser.option("--model-config", "--config", type=Path, required=True, help="model-config yaml")
    parser.option("--output-dir", "--export-path", type=Path, default=Path("out"))
    assert parser.parse_args(["--config", "a.yaml"]) == argparse.Namespace(
        model_config=Path("a.yaml"), output_dir=Path("out")
    )
    assert parser.parse_args(["--model-config", "b.yaml", "--export-path", "x"]).output_dir == Path("x")
    assert "--config" not in parser.format_help()
    assert "--export-path" not in parser.format_help()
    with pytest.raises(SystemExit), contextlib.redirect_stderr(io.StringIO()) as err:
        parser.parse_args([])
    assert "--model-config" in err.getvalue()


def test_the_explicit_package_list_names_every_package() -> None:
    """pyproject.toml lists packages explicitly; a new subpackage left out would vanish from a wheel."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("archive", "common", "demo", "handlers", "loadtest", "model", "training")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert listed == found


def test_serve_without_archives_names_the_build_command_before_starting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``make serve`` before ``make mar``: one clear error, and no TorchServe left waiting."""
    from archive import serve
    from common import torchserve

    home, store = tmp_path / "home", tmp_path / "store"
    config = torchserve.write_config(home, store)
    argv = ["--home", str(home), "--ts-config", str(config)]
    assert serve.main(["start", *argv, "--models", "distilbert-int8", "distilbert-onnx"]) == 1
    error = capsys.readouterr().err
    assert (
        "nothing to serve" in error
        and "distilbert-int8_1.0.mar not found (build it with `make mar`)" in error
    )
    assert "distilbert-onnx_1.0.mar not found (build it with `make mar-onnx`)" in error
    assert not torchserve.read_keys(home), "TorchServe was started"
    assert serve.main(["register", *argv, "--model", "deberta"]) == 1
    assert "deberta_1.0.mar not found (build it with `make mar`)" in capsys.readouterr().err
    assert serve.main(["register", *argv, "--model", "deberta", "--version", "2.0"]) == 1
    assert "deberta_2.0.mar not found (build it with `make mar VERSION=2.0`)" in capsys.readouterr().err


def test_without_java_the_launcher_says_so_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No JVM: one clear message instead of waiting out TorchServe's start-up timeout."""
    from common import torchserve

    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    config = torchserve.write_config(tmp_path / "home", tmp_path / "store")
    with pytest.raises(torchserve.ServerError, match="needs Java 17"):
        torchserve.start_daemon(config, tmp_path / "home")
    with (
        pytest.raises(torchserve.ServerError, match="needs Java 17"),
        torchserve.torchserve(config, tmp_path),
    ):
        pass
    java = tmp_path / "jdk" / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.touch()
    torchserve.require_java({"JAVA_HOME": str(tmp_path / "jdk"), "PATH": ""})  # found there: no error


def test_predict_and_loadtest_without_a_server_or_archive_say_what_to_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``make predict`` before ``make serve`` (no key file, or one a crashed server left behind) and
    ``make loadtest`` before ``make mar``: each names what is missing and the command that fixes it."""
    from archive import serve
    from common import torchserve
    from common.archives import missing_archive_message
    from loadtest import prompts
    from loadtest.run import LoadTestError, check_archives

    home, store = tmp_path / "home", tmp_path / "store"
    config = torchserve.write_config(home, store)
    argv = [
        "predict",
        "--home",
        str(home),
        "--ts-config",
        str(config),
        "--model",
        "distilbert",
        "--text",
        "hi",
    ]
    assert serve.main(argv) == 1
    assert "TorchServe is not running at http://127.0.0.1:" in capsys.readouterr().err
    (home / torchserve.KEY_FILE).write_text('{"inference": {"key": "stale"}, "management": {"key": "stale"}}')
    assert serve.main(argv) == 1
    assert capsys.readouterr().err.rstrip().endswith(": make serve")
    # make loadtest on a fresh clone: its default prompts are the generated test split.
    monkeypatch.setattr(prompts, "DEFAULT_PROMPTS", tmp_path / "data" / "test.jsonl")
    with pytest.raises(prompts.PromptError, match=r"test\.jsonl not found \(`make mar` writes it"):
        prompts.load_prompts(tmp_path / "data" / "test.jsonl")
    with pytest.raises(
        LoadTestError, match=r"distilbert-int8_1\.0\.mar not found \(build it with `make mar`\)"
    ):
        check_archives(store, ["distilbert-int8"])
    assert missing_archive_message(store, ["mine"], "2.0") == (
        f"{store / 'mine_2.0.mar'} not found "
        "(build it with `make archive NAME=mine CHECKPOINT=<checkpoint dir> VERSION=2.0`)"
    )


def test_make_phases_print_the_clock_and_the_elapsed_time() -> None:
    """``make mar`` announces each phase ("[03:12] phase 4/6: training deberta (elapsed 15m02s)")
    through the Makefile's PHASE; a probe target runs the same recipe line."""
    if shutil.which("make") is None:
        pytest.skip("GNU make is not installed")
    probe = "phase-probe: ; $(call PHASE,4,training deberta)"
    result = subprocess.run(
        ["make", "-s", "--no-print-directory", "--eval", probe, "phase-probe"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\[\d\d:\d\d\] training deberta \(elapsed 0m0\ds\)\n", result.stdout), result.stdout
