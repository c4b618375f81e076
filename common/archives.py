"""How archives are named in the model store, and what to tell someone whose archive is missing.

An archive is ``<name>_<version>.mar``: the name is the model's URL path (``/predictions/<name>``),
the version is the one ``torch-model-archiver --version`` wrote into its manifest. Keeping the
version in the file name lets several versions of one model sit in ``model_store/`` side by side,
be registered under the same name (``POST /models?url=<name>_<version>.mar&model_name=<name>``)
and be switched with ``PUT /models/<name>/<version>/set-default``. The builder, the launcher, the
load tests and the Makefile's pattern rule all spell the file name through :func:`archive_file`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

# The version `make mar` builds and `make serve` registers (the Makefile's VERSION default).
DEFAULT_VERSION = "1.0"
# No "_": it separates the name from the version in the file name; no "/": it is a URL path segment.
VERSION_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*")
# Archives `make mar` builds from the shipped checkpoints; `make mar-onnx` adds the fp32 ONNX one.
MAR_ARCHIVES = ("distilbert", "deberta", "distilbert-int8")
MAR_ONNX_ARCHIVES = ("distilbert-onnx",)


def archive_file(name: str, version: str = DEFAULT_VERSION) -> str:
    """The archive's file name in the model store, e.g. ``distilbert-int8_1.0.mar``."""
    return f"{name}_{version}.mar"


def check_version(version: str) -> str:
    if not VERSION_PATTERN.fullmatch(version):
        raise ValueError(f"version {version!r}: use letters, digits, '.', '+' and '-' (no '_' or '/')")
    return version


def build_hint(name: str, version: str = DEFAULT_VERSION) -> str:
    """The make command that builds archive ``name`` at ``version``: a newcomer should not have to
    guess it. Archives of other checkpoints come from ``make archive``."""
    option = "" if version == DEFAULT_VERSION else f" VERSION={version}"
    if name in MAR_ARCHIVES:
        return f"make mar{option}"
    if name in MAR_ONNX_ARCHIVES:
        return f"make mar-onnx{option}"
    return f"make archive NAME={name} CHECKPOINT=<checkpoint dir> VERSION={version}"


def unbuilt(store: Path, names: Sequence[str], version: str = DEFAULT_VERSION) -> list[str]:
    """The names among ``names`` whose archive at ``version`` is not in ``store``."""
    return [name for name in names if not (store / archive_file(name, version)).is_file()]


def missing_archive_message(store: Path, names: Sequence[str], version: str = DEFAULT_VERSION) -> str:
    return "; ".join(
        f"{store / archive_file(name, version)} not found (build it with `{build_hint(name, version)}`)"
        for name in names
    )


def built_versions(store: Path, name: str) -> list[str]:
    """Versions of ``name`` present in ``store``, for messages that say what could be used instead."""
    prefix = f"{name}_"
    return sorted(
        path.name[len(prefix) : -len(".mar")]
        for path in store.glob(f"{name}_*.mar")
        if VERSION_PATTERN.fullmatch(path.name[len(prefix) : -len(".mar")])
    )
