"""Text normalisation, the one function that makes a prompt the same string everywhere.

Training, deduplication, evaluation and serving all clean a prompt with :func:`normalize_text`, so
an example is cleaned identically at training and at inference time.
"""

from __future__ import annotations

import unicodedata


def normalize_text(text: str) -> str:
    """Canonical form of a prompt, shared by training, deduplication and serving.

    Deliberately minimal: NFC makes visually identical strings byte-identical (so dedup and the
    tokenizer agree on them) and surrounding whitespace carries nothing. Case, inner whitespace and
    punctuation are signal for intent and complexity, so they are kept.
    """
    return unicodedata.normalize("NFC", text).strip()
