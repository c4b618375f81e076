"""Complexity features computed from raw prompt text.

Training, the TorchServe handler and the ONNX export all call :func:`compute_features`, so a
served prediction sees exactly the vector the model was trained on. The code is pure Python
and deterministic: no tokenizer, no locale, no randomness. Counts are log-scaled (``log1p``) so
that a 10,000-character prompt does not dwarf every other input of the feature MLP.

Changing a feature's meaning or order means bumping :data:`FEATURE_VERSION`; checkpoints store
the spec and the handler refuses a mismatch instead of silently serving skewed inputs.
"""

from __future__ import annotations

import math
import re
import string

FEATURE_VERSION = 1

FEATURES: tuple[tuple[str, str], ...] = (
    ("log_chars", "log1p of the character count: raw length of the prompt."),
    ("log_words", "log1p of the whitespace-separated word count."),
    ("log_sentences", "log1p of the sentence count (runs ending in . ! ? or a newline)."),
    ("log_lines", "log1p of the number of non-empty lines: multi-line prompts carry structure."),
    ("question_marks", "log1p of the number of '?' characters: how many questions are asked."),
    ("code_indicators", "log1p of code tokens: fences, braces, operators, tags, keywords (def, class, sql)."),
    ("list_markers", "log1p of lines that start a list item (-, *, 1., a), step N)."),
    ("constraint_words", "log1p of constraint words and phrases (must, at least, no more than, exactly)."),
    (
        "reasoning_words",
        "log1p of reasoning verbs and connectives (why, explain, prove, because, therefore).",
    ),
    ("sequence_words", "log1p of sequencing words and phrases (first, then, next, finally, after that)."),
    ("digit_ratio", "Share of characters that are ASCII digits: numeric and data-heavy prompts."),
    ("non_ascii_ratio", "Share of characters outside ASCII: other scripts, emoji."),
    ("upper_ratio", "Share of letters that are ASCII upper case: shouting, acronyms, code constants."),
    ("mean_word_length", "Mean word length divided by 10: technical vocabulary has longer words."),
)

FEATURE_NAMES: tuple[str, ...] = tuple(name for name, _ in FEATURES)
NUM_FEATURES = len(FEATURES)

_DIGIT_BYTES = string.digits.encode()
_UPPER_BYTES = string.ascii_uppercase.encode()
_LETTER_BYTES = string.ascii_letters.encode()
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n+")
_LIST_ITEM = re.compile(
    r"^[ \t]*(?:[-*\u2022]|\d{1,3}[.)]|[a-z][.)]|step \d+[:.)]?)\s", re.MULTILINE | re.IGNORECASE
)
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_CODE_SYMBOL = re.compile(r"```|=>|==|!=|->|::|\+=|\(\)|[{};]|</?\w+>")
_PHRASE_GROUPS: dict[tuple[str, str], str] = {
    **dict.fromkeys(
        [("at", "least"), ("at", "most"), ("no", "more"), ("no", "less"), ("limit", "to"), ("limited", "to"),
         ("make", "sure"), ("do", "not")],
        "constraint",
    ),
    **dict.fromkeys([("after", "that"), ("followed", "by"), ("to", "begin"), ("once", "that")], "sequence"),
}  # fmt: skip
"""Two-word phrases, matched on consecutive words of the same pass as the single words."""

_WORD_GROUPS: dict[str, str] = {
    **dict.fromkeys(
        [
            "def",
            "class",
            "import",
            "return",
            "function",
            "const",
            "var",
            "lambda",
            "select",
            "where",
            "python",
            "javascript",
            "typescript",
            "sql",
            "regex",
            "json",
            "api",
            "bash",
            "async",
            "null",
            "int",
            "str",
            "java",
            "rust",
            "golang",
            "html",
            "css",
        ],
        "code",
    ),
    **dict.fromkeys(
        [
            "must",
            "should",
            "exactly",
            "without",
            "only",
            "ensure",
            "avoid",
            "require",
            "required",
            "requires",
            "don't",
            "never",
            "mandatory",
            "strictly",
            "maximum",
            "minimum",
        ],
        "constraint",
    ),
    **dict.fromkeys(
        [
            "why",
            "explain",
            "prove",
            "because",
            "therefore",
            "hence",
            "reason",
            "reasoning",
            "deduce",
            "infer",
            "imply",
            "implies",
            "logic",
            "logical",
            "justify",
            "assume",
            "suppose",
            "compare",
            "evaluate",
            "tradeoff",
            "tradeoffs",
            "consequently",
        ],
        "reasoning",
    ),
    **dict.fromkeys(
        [
            "first",
            "firstly",
            "second",
            "secondly",
            "third",
            "then",
            "next",
            "finally",
            "afterwards",
            "subsequently",
            "before",
            "step",
            "steps",
            "lastly",
        ],
        "sequence",
    ),
}
"""Single words counted by a dict lookup: one pass over the words is several times faster
than one large regex alternation, which keeps the serving hot path cheap."""


def _log_count(count: int) -> float:
    return math.log1p(count)


def compute_features(text: str) -> list[float]:
    """Return the fixed-length feature vector of ``text`` in :data:`FEATURE_NAMES` order."""
    n_chars = len(text)
    words = text.split()
    n_words = len(words)
    lowered = text.lower()
    counts = {"code": len(_CODE_SYMBOL.findall(lowered)), "constraint": 0, "reasoning": 0, "sequence": 0}
    previous = ""
    for word in _WORD.findall(lowered):
        group = _WORD_GROUPS.get(word) or _PHRASE_GROUPS.get((previous, word))
        if group is not None:
            counts[group] += 1
        previous = word
    ascii_bytes = text.encode("ascii", "ignore")
    non_ascii = n_chars - len(ascii_bytes)
    digits = len(ascii_bytes) - len(ascii_bytes.translate(None, _DIGIT_BYTES))
    upper = len(ascii_bytes) - len(ascii_bytes.translate(None, _UPPER_BYTES))
    letters = len(ascii_bytes) - len(ascii_bytes.translate(None, _LETTER_BYTES))
    if non_ascii:
        letters += sum(1 for char in text if char > "\x7f" and char.isalpha())
    stripped = text.strip()
    sentences = len(_SENTENCE_END.findall(stripped.rstrip(".!?\n"))) + 1 if stripped else 0
    lines = sum(1 for line in text.splitlines() if line.strip())
    return [
        _log_count(n_chars),
        _log_count(n_words),
        _log_count(sentences),
        _log_count(lines),
        _log_count(text.count("?")),
        _log_count(counts["code"]),
        _log_count(len(_LIST_ITEM.findall(text))),
        _log_count(counts["constraint"]),
        _log_count(counts["reasoning"]),
        _log_count(counts["sequence"]),
        digits / n_chars if n_chars else 0.0,
        non_ascii / n_chars if n_chars else 0.0,
        upper / letters if letters else 0.0,
        (sum(len(w) for w in words) / n_words / 10.0) if n_words else 0.0,
    ]


def compute_batch(texts: list[str]) -> list[list[float]]:
    """Feature vectors for a batch, in input order."""
    return [compute_features(text) for text in texts]


def feature_spec() -> dict[str, object]:
    """The spec stored with every checkpoint so serving can verify it computes the same vector."""
    return {"version": FEATURE_VERSION, "names": list(FEATURE_NAMES)}


def check_spec(spec: dict[str, object]) -> None:
    """Fail loudly when a checkpoint was trained on a different feature definition."""
    if spec.get("version") != FEATURE_VERSION or list(spec.get("names", [])) != list(FEATURE_NAMES):
        raise ValueError(
            f"checkpoint feature spec {spec} does not match this code's version {FEATURE_VERSION} "
            f"with names {list(FEATURE_NAMES)}; retrain or use the matching intent-serve release"
        )
