"""Phase lines for long offline commands (export, comparison): what runs now and since when.

A minute-long step that prints nothing looks hung; one line per step, stamped with the seconds
since the command started, says what it is doing and how long each step took.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Phases:
    """``phases("exporting the fp32 graph")`` prints ``[  12.3 s] exporting the fp32 graph``: the
    seconds since this object was made (a CLI makes it when its module loads, i.e. at its start)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.started = time.monotonic()
        self.stream = stream

    def __call__(self, message: str) -> None:
        stream = self.stream or sys.stdout
        stream.write(f"[{time.monotonic() - self.started:7.1f} s] {message}\n")
        stream.flush()
