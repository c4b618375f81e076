"""Secure defaults that are properties of the code rather than of a running server.

The server-side ones (tokens on both APIs, archives only from model_store, 413 on oversize bodies)
run against a real TorchServe in tests/test_serving.py and tests/test_bad_inputs.py.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from model.checkpoint import WEIGHTS_FILE
from model.predictor import IntentPredictor

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_PACKAGES = ("model", "handlers", "training", "archive", "loadtest", "common")
# Builtins that run text as code, and modules that deserialize code along with data.
CODE_RUNNING_BUILTINS = {"eval", "exec", "compile", "__import__"}
UNSAFE_FUNCTIONS = {("ast", "literal_eval"), ("torch", "load")}
UNSAFE_MODULES = {"pickle", "cPickle", "dill", "marshal", "shelve", "joblib"}


def python_sources() -> list[Path]:
    return sorted(path for package in SHIPPED_PACKAGES for path in (ROOT / package).rglob("*.py"))


def unsafe_calls(source: Path) -> list[str]:
    """``eval``-like builtins, ``ast.literal_eval``, ``torch.load`` and imports of pickle-family
    modules, found in the syntax tree (a method named ``eval``, such as ``model.eval()``, is fine)."""
    found = []
    for node in ast.walk(ast.parse(source.read_text(), str(source))):
        where = f"{source}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in CODE_RUNNING_BUILTINS | {"literal_eval"}:
                found.append(f"{where} {func.id}()")
            qualified = (
                (func.value.id, func.attr)
                if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                else None
            )
            if qualified in UNSAFE_FUNCTIONS:
                found.append(f"{where} {'.'.join(qualified)}()")
        elif isinstance(node, ast.Import):
            found += [f"{where} import {alias.name}" for alias in node.names if alias.name in UNSAFE_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module in UNSAFE_MODULES:
            found.append(f"{where} from {node.module} import ...")
    return found


def test_no_shipped_code_evaluates_text_or_unpickles() -> None:
    sources = python_sources()
    assert len(sources) > 20
    assert [problem for source in sources for problem in unsafe_calls(source)] == []


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text(
        "import pickle\nimport ast, torch\nast.literal_eval(x)\neval(y)\ntorch.load(z)\nm.eval()\n"
    )
    found = [problem.split(" ", 1)[1] for problem in unsafe_calls(planted)]
    assert found == ["import pickle", "ast.literal_eval()", "eval()", "torch.load()"]


def test_a_checkpoint_without_safetensors_weights_is_refused(tiny_checkpoint: Path, tmp_path: Path) -> None:
    """A pickled ``pytorch_model.bin`` next to the config is never loaded, even as a fallback."""
    checkpoint = Path(shutil.copytree(tiny_checkpoint, tmp_path / "pickled"))
    state = load_file(checkpoint / WEIGHTS_FILE)
    (checkpoint / WEIGHTS_FILE).unlink()
    torch.save(state, checkpoint / "pytorch_model.bin")
    with pytest.raises(OSError, match="safetensors"):
        IntentPredictor.from_checkpoint(checkpoint)
