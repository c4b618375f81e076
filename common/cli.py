"""The command-line vocabulary every CLI shares, and renamed flags kept working.

One name per meaning across all CLIs: ``--data`` / ``--test-data`` for inputs, ``--output-dir`` for
outputs, ``--checkpoint`` for models, and distinct names for the three kinds of config
(``--train-config`` a training YAML, ``--model-config`` an archive's TorchServe model-config,
``--ts-config`` TorchServe's config.properties). Older flags stay as hidden aliases, so scripts
and Makefiles written against them keep running.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Sequence
from typing import Any, TypeVar

T = TypeVar("T")

# Settings an alias must share with its flag so that it parses the same way.
_PARSING_KEYS = ("type", "nargs", "action", "choices", "const")


class ArgumentParser(argparse.ArgumentParser):
    """``argparse.ArgumentParser`` whose :meth:`option` adds a flag with hidden aliases.

    A required flag is checked after parsing, so that giving it under an alias satisfies it.
    Subparsers made with ``add_subparsers().add_parser`` are of this class too.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.required_options: dict[str, str] = {}

    def option(self, flag: str, *aliases: str, **kwargs: Any) -> argparse.Action:
        if kwargs.pop("required", False):
            self.required_options[kwargs.get("dest") or _dest(flag)] = flag
        return add_option(self, flag, *aliases, **kwargs)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, rest = super().parse_known_args(args, namespace)
        missing = [
            flag for dest, flag in self.required_options.items() if getattr(parsed, dest, None) is None
        ]
        if missing:
            self.error("the following arguments are required: " + ", ".join(missing))
        return parsed, rest


def add_option(parser: argparse.ArgumentParser, flag: str, *aliases: str, **kwargs: Any) -> argparse.Action:
    """Add ``flag`` (shown in ``--help``) and ``aliases`` (hidden) that set the same destination."""
    dest = kwargs.pop("dest", None) or _dest(flag)
    action = parser.add_argument(flag, dest=dest, **kwargs)
    parsing = {key: value for key, value in kwargs.items() if key in _PARSING_KEYS}
    for alias in aliases:
        parser.add_argument(alias, dest=dest, help=argparse.SUPPRESS, default=argparse.SUPPRESS, **parsing)
    return action


def _dest(flag: str) -> str:
    return flag.lstrip("-").replace("-", "_")


def from_namespace(cls: type[T], args: argparse.Namespace) -> T:
    """The dataclass ``cls`` filled from the parsed arguments of the same names: library entry
    points take typed options, and only ``main`` knows about argparse."""
    names = [field.name for field in dataclasses.fields(cls)]  # type: ignore[arg-type]
    return cls(**{name: getattr(args, name) for name in names})
