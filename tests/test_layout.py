"""The package layout's promises, checked so that a convenient import cannot quietly break them.

- ``model/`` is exactly what a served archive needs: it imports nothing from the rest of the
  repository, and importing the handler loads no training, load-test, archive or shared module.
- Imports run downward only: the load tests, the archive builder and the shared helpers never
  import the handler module or training code.
- The archive packs ``model/`` and the handler, nothing else of the repository.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from archive.build import HANDLER, MODEL_PACKAGE, stage_files

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = ("model", "handlers", "training", "archive", "loadtest", "common", "demo")
# package -> project packages it must never import
FORBIDDEN = {
    "model": {"handlers", "training", "archive", "loadtest", "common", "demo"},
    "handlers": {"training", "archive", "loadtest", "common", "demo"},
    "common": {"handlers", "training", "archive", "loadtest", "demo"},
    "archive": {"handlers", "training", "loadtest", "demo"},
    "loadtest": {"handlers", "training", "archive", "demo"},
    "training": {"handlers", "loadtest", "demo"},
    # The demo page only talks HTTP to TorchServe: it needs the shared launcher helpers, no model code.
    "demo": {"model", "handlers", "training", "archive", "loadtest"},
}


def imported_packages(path: Path) -> set[str]:
    """Top-level names of every absolute import in one source file, wherever it sits."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_run_downward(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[package])
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_importing_the_handler_loads_no_training_code() -> None:
    probe = (
        "import sys, handlers.intent_handler, model.settings\n"
        f"banned = {sorted(set(PROJECT_PACKAGES) - {'model', 'handlers'})!r}\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in banned))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_peer_benchmark_loads_no_torchserve_worker_code() -> None:
    """loadtest/peer/hf_example_handler.py (the peer of ``make bench-peer``) imports TorchServe's
    worker code; it is packed into the peer's archive, never imported by the tool that packs it."""
    probe = (
        "import sys, loadtest.bench_peer\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in "
        "('ts', 'handlers', 'training') or name == 'loadtest.peer.hf_example_handler'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_archive_stages_only_the_model_package(tmp_path: Path, tiny_checkpoint: Path) -> None:
    stage = stage_files(tiny_checkpoint, tmp_path, "torch")
    packed = {path.relative_to(stage).parts[0] for path in stage.rglob("*.py")}
    assert packed == {"model"}
    assert MODEL_PACKAGE == ROOT / "model"
    assert HANDLER == ROOT / "handlers" / "intent_handler.py"


def module_imports(package: str) -> dict[str, set[str]]:
    """Module → the modules of the same package it imports (absolute ``from X import Y`` included)."""
    root = ROOT.joinpath(*package.split("."))
    modules = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
        for path in root.rglob("*.py")
    }
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets.add(node.module)
                targets.update(f"{node.module}.{alias.name}" for alias in node.names)
        graph[name] = {target for target in targets if target in modules and target != name}
    return graph


def test_the_generator_package_has_no_import_cycle() -> None:
    graph = module_imports("training.generator")
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, f"import cycle: {' -> '.join((*path, name))}"
        if name in done:
            return
        for target in sorted(graph[name]):
            visit(target, (*path, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())


def test_no_source_file_is_git_ignored() -> None:
    """A too-broad ignore pattern (``data/`` once matched ``training/data/``) silently keeps new
    modules out of commits and out of ruff's reach, while tests still pass in the working tree."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    result = subprocess.run(
        ["git", "ls-files", "--others", "--ignored", "--exclude-standard", "--", *PROJECT_PACKAGES, "tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert [path for path in result.stdout.splitlines() if path.endswith(".py")] == []
