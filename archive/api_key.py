"""Print one TorchServe API key from ``key_file.json``: ``python -m archive.api_key inference``.

TorchServe (>= 0.11.1) writes the file into its working directory at start and deletes it at stop.
The Makefile and docs read keys through this script so no shell needs jq; the reading itself is
:func:`common.torchserve.read_key`, shared with the load tests.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from common.torchserve import KEY_FILE, read_key

KEY_NAMES = ("api", "inference", "management")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", choices=sorted(KEY_NAMES), help="which key to print")
    parser.add_argument("--key-file", type=Path, default=Path(KEY_FILE))
    args = parser.parse_args(argv)
    try:
        sys.stdout.write(read_key(args.name, args.key_file) + "\n")
    except (OSError, KeyError, ValueError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
