"""Print one TorchServe API key from ``key_file.json``: ``python -m archive.api_key inference``.

TorchServe (>= 0.11.1) writes the file into its working directory at start and deletes it at stop.
The Makefile and docs read keys through this script so no shell needs jq.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

KEY_NAMES = {"management": "management", "inference": "inference", "api": "API"}


def read_key(name: str, key_file: Path = Path("key_file.json")) -> str:
    """The key called ``name``; a missing file means TorchServe is not running from this directory."""
    if not key_file.is_file():
        raise FileNotFoundError(f"{key_file} not found: start TorchServe here first (make serve)")
    return json.loads(key_file.read_text())[KEY_NAMES[name]]["key"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", choices=sorted(KEY_NAMES), help="which key to print")
    parser.add_argument("--key-file", type=Path, default=Path("key_file.json"))
    args = parser.parse_args(argv)
    try:
        sys.stdout.write(read_key(args.name, args.key_file) + "\n")
    except (OSError, KeyError, ValueError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
