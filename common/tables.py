"""The one Markdown table writer behind every report (training, comparison, real-prompt evaluation,
load tests, serving benchmark, reliability runs), so all reports share one format."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[object]], align: str | None = None) -> str:
    """A GitHub-flavoured table; cells are formatted with ``str``.

    ``align`` has one letter per column, ``l`` or ``r``; by default the first column (a name) is
    left-aligned and the rest (numbers) right-aligned.
    """
    align = align or "l" + "r" * (len(headers) - 1)
    if len(align) != len(headers):
        raise ValueError(f"align {align!r} does not match {len(headers)} columns")
    rule = "|" + "".join("---:|" if side == "r" else "---|" for side in align)
    lines = [_row(headers), rule, *(_row(row) for row in rows)]
    return "\n".join(lines)


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"
