"""The surface form of a generated prompt: how it is typed, framed and extended.

Everything here is intent-neutral on purpose: the same styles, greetings, personas, thanks,
constraint phrasings and typo noise are applied to every intent, so none of them can serve the
classifier as a shortcut. Pasted material (between :data:`CONTEXT_MARK` markers) is never restyled.
"""

from __future__ import annotations

import random
import re

from training.generator.base import CONTEXT_MARK, Expander, Family
from training.generator.pools import CLOSERS, GENERAL_POOLS, OPENERS, PERSONA_SENTENCES, PERSONAS

STYLES: tuple[tuple[str, float], ...] = (("as_written", 0.72), ("lowercase", 0.2), ("lowercase_terse", 0.08))
"""How the request is typed. Lowercase styles drop apostrophes and final punctuation the way
people do in chat boxes ("whats the capital of australia"); pasted material is never restyled."""


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "?", "!", ":", ")", "```", '"', "'"))


_A_BEFORE_VOWEL = re.compile(r"\b([Aa]) (?=(?!one\b|eu|[Uu])[AEIOUaeiou])")
"""A slot that starts with a vowel after a template's "a" ("a Italian teacher") needs "an"."""


def fix_articles(text: str) -> str:
    return _A_BEFORE_VOWEL.sub(lambda m: f"{m.group(1)}n ", text)


def split_context(text: str) -> list[str]:
    """Alternating styled text and context markers, so transforms skip the pasted material."""
    return re.split(f"({re.escape(CONTEXT_MARK)})", text)


def restyle(text: str, style: str) -> str:
    if style == "as_written":
        return text
    parts = split_context(text)
    out = []
    for part in parts:
        if part == CONTEXT_MARK:
            out.append(part)
            continue
        lowered = part.lower()
        if style == "lowercase_terse":
            lowered = lowered.replace("'", "").replace("’", "")
            lowered = re.sub(r"\byou\b", "u", lowered)
            lowered = re.sub(r"\bplease\b", "pls", lowered)
        out.append(lowered)
    styled = "".join(out)
    if styled.endswith((".", "?")) and not styled.endswith("..."):
        styled = styled[:-1]
    return styled


_KEYBOARD_NEIGHBOURS = {
    "a": "qsz",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "y": "tu",
}


def add_typos(rng: random.Random, text: str, rate: float) -> tuple[str, list[str]]:
    """Character-level noise on words of four or more letters: swap, drop, double or a neighbour key.

    Deterministic for a given generator state; returns the noisy text and the operations applied.
    """
    words = [m for m in re.finditer(r"[A-Za-z]{4,}", text)]
    if not words:
        return text, []
    count = max(1, round(len(words) * rate))
    chosen = sorted(rng.sample(words, min(count, len(words))), key=lambda m: m.start())
    pieces: list[str] = []
    ops: list[str] = []
    last = 0
    for match in chosen:
        word = match.group()
        i = rng.randint(1, len(word) - 2)
        op = rng.choice(("swap", "drop", "double", "neighbour"))
        if op == "swap":
            noisy = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif op == "drop":
            noisy = word[:i] + word[i + 1 :]
        elif op == "double":
            noisy = word[:i] + word[i] + word[i:]
        else:
            options = _KEYBOARD_NEIGHBOURS.get(word[i].lower(), "")
            noisy = word[:i] + rng.choice(options) + word[i + 1 :] if options else word[:i] + word[i + 1 :]
        if noisy == word:
            continue
        pieces.append(text[last : match.start()] + noisy)
        last = match.end()
        ops.append(f"{op}:{word}->{noisy}")
    pieces.append(text[last:])
    return "".join(pieces), ops


_IMPERATIVE_WORDS = (
    "keep use avoid make include give write add stay lead leave show round assume state flag focus ignore "
    "put start set explain think check follow read return log handle be mention stick skip suggest tell "
    "answer cite compare list pull note turn rank point sort format target preserve pin name"
)
_IMPERATIVE_VERBS = frozenset(_IMPERATIVE_WORDS.split())
"""Constraints that start with one of these can take "Please" or "Make sure to" in front."""

_QUESTION_START = re.compile(
    r"(?i)(?:what|what's|whats|why|how|who|when|where|which|is|are|do|does|can|could|should|would|will)\b"
)
"""A request that reads as a question gets a question mark before appended sentences."""

_CONNECTORS = (
    "Then",
    "After that,",
    "Also",
    "Also,",
    "Next,",
    "And",
    "Plus,",
    "Once that's done,",
    "On top of that,",
)


def _before(lead: str, text: str) -> str:
    """``lead`` in front of ``text``, on its own line when the text opens with a paste."""
    return f"{lead}\n{text}" if text.startswith(CONTEXT_MARK) else f"{lead} {text}"


def wrap(rng: random.Random, family: Family, text: str) -> tuple[str, str | None, str | None, str | None]:
    """Put the intent-neutral framing people add around any request: a greeting, a persona, thanks.

    Returns the text and the opener, persona and closer used (None when not used).
    """
    if not family.wrap:
        return text, None, None, None
    persona = None
    if family.augment and rng.random() < 0.08:
        persona = rng.choice(PERSONAS)
        lead = Expander(rng, GENERAL_POOLS, {"persona": persona}).expand(rng.choice(PERSONA_SENTENCES))
        text = _before(lead, text)
    opener = rng.choice(OPENERS) if rng.random() < 0.12 else None
    if opener:
        if opener.endswith(",") and re.match(r"[A-Z][a-z]", text) and not text.startswith("I "):
            text = text[0].lower() + text[1:]
        text = _before(opener, text)
    closer = rng.choice(CLOSERS) if rng.random() < 0.1 else None
    if closer:
        text = f"{text}\n\n{closer}" if text.endswith(CONTEXT_MARK) else f"{text} {closer}"
    return text, opener, persona, closer


def _constraint_sentence(rng: random.Random, constraint: str) -> str:
    first = constraint.split(" ", 1)[0].lower()
    if first in _IMPERATIVE_VERBS:
        prefix = rng.choice(("", "", "Please ", "Make sure to "))
    elif first in ("don't", "never"):
        prefix = rng.choice(("", "Please "))
    else:
        prefix = ""
    return _capitalize(prefix + constraint) + "."


def attach_extras(
    rng: random.Random, request: str, constraints: list[str], follow_ups: list[str], casual: bool
) -> tuple[str, str | None]:
    """Append constraints and follow-up requests in one of the ways people write them."""
    if not constraints and not follow_ups:
        return request, None
    after_paste = request.endswith(CONTEXT_MARK)
    if casual:
        pieces = [*follow_ups, *constraints]
        joined = ", ".join(pieces[:-1]) + (" and " if len(pieces) > 1 else "") + pieces[-1]
        lead = rng.choice(("also ", "and ", "", "oh and ")) if follow_ups else ""
        sep = "\n\n" if after_paste else (" " if _ends_sentence(request) else rng.choice((", ", ". ", " - ")))
        end = rng.choice(("", ".", ".", "!"))
        return f"{request}{sep}{lead}{joined}{end}", "casual"
    extras = len(constraints) + len(follow_ups)
    if rng.random() < (0.55 if extras >= 4 else 0.3 if extras >= 2 else 0.0):
        blocks: list[str] = []
        if follow_ups:
            head = rng.choice(("Also:", "After that:", "Then:", "On top of that, please:", "Next steps:"))
            blocks.append(
                head + "\n" + "\n".join(f"{i}. {_capitalize(f)}" for i, f in enumerate(follow_ups, 1))
            )
        if constraints:
            head = rng.choice(("Requirements:", "Constraints:", "A few rules:", "Notes:", "Keep in mind:"))
            blocks.append(head + "\n" + "\n".join(f"- {c}" for c in constraints))
        if rng.random() < 0.5:
            blocks.reverse()
        return request + "\n\n" + "\n\n".join(blocks), "list"
    connectors = rng.sample(_CONNECTORS, len(follow_ups))
    if len(follow_ups) >= 2 and rng.random() < 0.5:
        connectors[-1] = "Finally,"
    follow_sentences = [f"{c} {f}." for c, f in zip(connectors, follow_ups, strict=True)]
    constraint_sentences: list[str] = []
    pending = list(constraints)
    while pending:
        pair_ok = len(pending) >= 2 and pending[0].split(" ", 1)[0].lower() in _IMPERATIVE_VERBS
        if pair_ok and rng.random() < 0.4:
            constraint_sentences.append(_capitalize(f"{pending.pop(0)} and {pending.pop(0)}."))
        else:
            constraint_sentences.append(_constraint_sentence(rng, pending.pop(0)))
    sentences = (
        constraint_sentences + follow_sentences
        if rng.random() < 0.5
        else follow_sentences + constraint_sentences
    )
    sep = "\n\n" if after_paste or rng.random() < 0.15 else " "
    if not _ends_sentence(request) and sep == " ":
        request += "?" if _QUESTION_START.match(request) else "."
    return request + sep + " ".join(sentences), "prose"
