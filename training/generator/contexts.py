"""Builders for the material people paste into prompts: documents, code, errors, tables, foreign text.

Every builder takes the random generator and a size bucket (see :func:`base.context_bucket`) and
returns a :class:`base.Context` of exactly that bucket, or None when it cannot: the generator then
tries another size or family. Sizing by bucket is what lets the generator build each complexity level
on purpose instead of labelling random lengths after the fact.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from training.generator.base import Context, ContextBuilder, Expander, context_bucket
from training.generator.code_snippets import BUGGY_SNIPPETS, ERRORS, LOG_LINES, SNIPPETS
from training.generator.pools import (
    DOCUMENTS,
    ENGLISH_SENTENCES,
    FOREIGN_SENTENCES,
    GENERAL_POOLS,
    NAMES,
    STORY_SENTENCES,
    DocumentType,
)

_TRIES = 16

DOC_NOUNS: dict[str, tuple[str, ...]] = {
    "news_article": ("article", "news article", "news story"),
    "earnings_report": ("article", "earnings report", "news piece"),
    "science_news": ("article", "study writeup", "news article"),
    "meeting_notes": ("meeting notes", "notes"),
    "email": ("email", "message"),
    "product_reviews": ("reviews", "customer reviews"),
    "research_abstract": ("abstract", "paper abstract"),
    "history_passage": ("passage", "text", "reading"),
    "health_article": ("article", "blog post"),
    "sports_report": ("match report", "article"),
    "release_notes": ("release notes", "changelog"),
    "policy_document": ("policy", "policy document"),
    "personal_story": ("post", "message"),
    "support_chat": ("chat transcript", "chat log"),
    "lecture_transcript": ("lecture transcript", "transcript"),
    "recipe_blog": ("blog post", "recipe post"),
    "op_ed": ("opinion piece", "op-ed", "letter to the editor"),
}
"""What people call each kind of document when they paste it ("summarize this email")."""

_SENTENCE_RANGE: dict[int, tuple[int, int]] = {1: (1, 3), 2: (3, 9), 3: (9, 18)}
"""Sentences per excerpt by bucket; line-based documents (reviews, chats, notes) take at least three
lines, since one review is not "the reviews"."""


def _window(rng: random.Random, total: int, size: int, must: int | None, anchored: bool) -> range:
    """A contiguous run of sentences containing ``must``, from the start when ``anchored``."""
    size = min(size, total)
    low = 0 if must is None else max(0, must - size + 1)
    high = total - size if must is None else min(must, total - size)
    start = low if anchored else rng.randint(low, high)
    return range(start, start + size)


def render_document(
    rng: random.Random, doc: DocumentType, size: int, with_question: bool
) -> tuple[str, str, int, dict[str, str]]:
    """Text, grounded question ("" when none), sentence count and slot values of one excerpt.

    The slot values go back to the prompt so that it can refer to what the document mentions
    ("reviews of the air fryer") without contradicting it.
    """
    answerable = [i for i, (_, question) in enumerate(doc.sentences) if question]
    must = rng.choice(answerable) if with_question and answerable else None
    indices = _window(rng, len(doc.sentences), size, must, doc.anchored)
    expander = Expander(rng, GENERAL_POOLS, {})
    sentences = [expander.expand(doc.sentences[i][0]) for i in indices]
    text = expander.expand(doc.head) + doc.joiner.join(sentences) + expander.expand(doc.tail)
    question = expander.expand(doc.sentences[must][1]) if must is not None else ""
    return text, question, len(sentences), dict(expander.bound)


def document(kinds: Sequence[str] = (), *, with_question: bool = False) -> ContextBuilder:
    """Excerpts of the shared documents; ``with_question`` adds a question the excerpt answers."""
    types = tuple(doc for doc in DOCUMENTS if not kinds or doc.kind in kinds)
    if not types:
        raise ValueError(f"no documents of kinds {kinds}")

    def build(rng: random.Random, bucket: int) -> Context | None:
        for _ in range(_TRIES):
            doc = rng.choice(types)
            low, high = _SENTENCE_RANGE[bucket]
            if "\n" in doc.joiner:
                low = max(low, 3)
            text, question, units, bound = render_document(rng, doc, rng.randint(low, high), with_question)
            if context_bucket(len(text)) == bucket and (question or not with_question):
                slots = {**bound, "doc_noun": rng.choice(DOC_NOUNS[doc.kind]), "doc_question": question}
                return Context(text, doc.kind, units, slots)
        return None

    return build


def story_opening(rng: random.Random, bucket: int) -> Context | None:
    """The first lines of a story, for "continue this" requests; openings are always short."""
    if bucket != 1:
        return None
    expander = Expander(rng, GENERAL_POOLS, {})
    text = expander.expand(rng.choice(STORY_SENTENCES))
    return Context(text, "story", 1)


def fence(rng: random.Random, lang: str, code: str) -> str:
    """Code as people paste it: in a markdown fence most of the time, bare otherwise."""
    if rng.random() < 0.65:
        tag = lang.lower().replace("#", "sharp").replace("bash", "bash")
        return f"```{tag if rng.random() < 0.8 else ''}\n{code}\n```"
    return code


def code(langs: Sequence[str] = ()) -> ContextBuilder:
    """Working code; long buckets join several snippets of one language, as pasted modules do."""
    pool = tuple(s for s in SNIPPETS if not langs or s.lang in langs)

    def build(rng: random.Random, bucket: int) -> Context | None:
        for _ in range(_TRIES):
            first = rng.choice(pool)
            parts = [first]
            same = [s for s in pool if s.lang == first.lang and s is not first]
            rng.shuffle(same)
            wanted = {1: 1, 2: rng.randint(1, 2), 3: rng.randint(4, 7)}[bucket]
            parts += same[: wanted - 1]
            body = "\n\n".join(s.code for s in parts)
            text = fence(rng, first.lang, body)
            if context_bucket(len(text)) == bucket:
                slots = {"code_lang": first.lang, "code_what": first.what}
                return Context(text, "code", body.count("\n") + 1, slots)
        return None

    return build


def buggy_code(rng: random.Random, bucket: int) -> Context | None:
    """Code with a real bug; its symptom becomes a slot so the prompt can describe what goes wrong."""
    for _ in range(_TRIES):
        snippet = rng.choice(BUGGY_SNIPPETS)
        text = fence(rng, snippet.lang, snippet.code)
        if context_bucket(len(text)) == bucket:
            slots = {"code_lang": snippet.lang, "symptom": snippet.symptom}
            return Context(text, "buggy_code", snippet.code.count("\n") + 1, slots)
    return None


def _log_block(rng: random.Random, lines: int) -> str:
    """Timestamped log lines; filled by hand because log lines contain the grammar's brackets."""
    fillers: dict[str, Callable[[], str]] = {
        "{n}": lambda: str(rng.randint(1, 8)),
        "{big}": lambda: str(rng.randint(1000, 99999)),
        "{records}": lambda: str(rng.choice((128, 256, 512, 1000))),
        "{ms}": lambda: str(rng.randint(12, 4800)),
    }
    minute = rng.randint(0, 50)
    rows = []
    for i in range(lines):
        line = rng.choice(LOG_LINES)
        for key, fill in fillers.items():
            while key in line:
                line = line.replace(key, fill(), 1)
        second = (i * 7 + rng.randint(0, 6)) % 60
        rows.append(f"2024-05-14 10:{minute + i // 9:02d}:{second:02d} {line}")
    return "\n".join(rows)


def error_output(tools: Sequence[str] = ()) -> ContextBuilder:
    """An error message, a full trace, or a trace inside surrounding log output, by bucket."""
    pool = tuple(e for e in ERRORS if not tools or e.tool in tools)

    def build(rng: random.Random, bucket: int) -> Context | None:
        for _ in range(_TRIES):
            error = rng.choice(pool)
            if bucket == 1:
                text = error.trace if error.trace and rng.random() < 0.4 else error.line
            elif bucket == 2:
                text = error.trace or error.line
                if len(text) < 400 or rng.random() < 0.3:
                    text = _log_block(rng, rng.randint(3, 8)) + "\n" + text
            else:
                text = _log_block(rng, rng.randint(14, 24)) + "\n" + (error.trace or error.line)
            if context_bucket(len(text)) == bucket:
                slots = {"tool": error.tool, "error_line": error.line[:90]}
                return Context(text, "error", text.count("\n") + 1, slots)
        return None

    return build


# ---- tables


@dataclass(frozen=True)
class TableSpec:
    """A dataset people paste: row labels plus numeric columns (name, base value, spread, trend)."""

    desc: str
    label: str
    rows: Callable[[random.Random, int], list[str]]
    columns: tuple[tuple[str, float, float, float], ...]
    decimals: int = 0


_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _months(rng: random.Random, n: int) -> list[str]:
    start = rng.randint(0, 11)
    year = rng.randint(2021, 2023)
    return [f"{_MONTH_ABBR[(start + i) % 12]} {year + (start + i) // 12}" for i in range(n)]


def _weeks(rng: random.Random, n: int) -> list[str]:
    start = rng.randint(1, 20)
    return [f"Week {start + i}" for i in range(n)]


def _dates(rng: random.Random, n: int) -> list[str]:
    month = rng.randint(1, 9)
    return [f"2024-{month + i // 28:02d}-{i % 28 + 1:02d}" for i in range(n)]


def _fixed(values: Sequence[str]) -> Callable[[random.Random, int], list[str]]:
    def rows(rng: random.Random, n: int) -> list[str]:
        return list(values)[: max(n, 2)]

    return rows


def _people(rng: random.Random, n: int) -> list[str]:
    return rng.sample(NAMES, min(n, len(NAMES)))


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "monthly revenue",
        "month",
        _months,
        (("revenue", 42000, 6000, 0.03), ("orders", 900, 120, 0.02), ("returns", 45, 12, 0.0)),
    ),
    TableSpec(
        "weekly website traffic",
        "week",
        _weeks,
        (("visitors", 12000, 2500, 0.01), ("signups", 340, 80, 0.01), ("bounce_rate_pct", 48, 6, 0.0)),
    ),
    TableSpec(
        "A/B test results",
        "variant",
        _fixed(("A (control)", "B", "C")),
        (("users", 5200, 300, 0.0), ("conversions", 260, 40, 0.0), ("revenue", 9100, 1500, 0.0)),
    ),
    TableSpec(
        "student test scores",
        "student",
        _people,
        (("math", 74, 14, 0.0), ("reading", 78, 11, 0.0), ("science", 71, 15, 0.0)),
    ),
    TableSpec(
        "daily weather",
        "date",
        _dates,
        (("high_c", 21, 5, 0.01), ("low_c", 11, 4, 0.01), ("rain_mm", 2, 3, 0.0)),
        decimals=1,
    ),
    TableSpec(
        "survey ratings",
        "rating",
        _fixed(("1 - very poor", "2", "3", "4", "5 - excellent")),
        (("responses", 120, 90, 0.0),),
    ),
    TableSpec(
        "app crashes by release",
        "version",
        _fixed(("4.0", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6")),
        (("crashes", 310, 120, 0.0), ("daily_active_users", 58000, 7000, 0.02)),
    ),
    TableSpec(
        "sales by region",
        "region",
        _fixed(("North", "South", "East", "West", "Central", "Online", "Wholesale")),
        (
            ("q1", 120000, 30000, 0.0),
            ("q2", 128000, 30000, 0.0),
            ("q3", 119000, 35000, 0.0),
            ("q4", 141000, 40000, 0.0),
        ),
    ),
    TableSpec(
        "marketing spend by channel",
        "channel",
        _fixed(("Google Ads", "Meta", "TikTok", "Email", "Affiliates", "Podcasts")),
        (("spend", 14000, 6000, 0.0), ("clicks", 21000, 9000, 0.0), ("conversions", 480, 260, 0.0)),
    ),
    TableSpec(
        "headcount and attrition by department",
        "department",
        _fixed(("Engineering", "Sales", "Support", "Marketing", "Finance", "Operations", "HR")),
        (("headcount", 85, 40, 0.0), ("avg_salary", 78000, 15000, 0.0), ("attrition_pct", 12, 6, 0.0)),
    ),
    TableSpec(
        "churn by plan",
        "plan",
        _fixed(("Free", "Basic", "Pro", "Team", "Enterprise")),
        (("customers", 4200, 2500, 0.0), ("churned_last_quarter", 310, 180, 0.0)),
    ),
    TableSpec(
        "API latency by hour",
        "hour",
        lambda rng, n: [f"{h:02d}:00" for h in range(n)],
        (("p50_ms", 120, 25, 0.01), ("p95_ms", 480, 160, 0.02), ("errors", 14, 10, 0.0)),
    ),
    TableSpec(
        "household spending",
        "month",
        _months,
        (
            ("rent", 1450, 0, 0.0),
            ("groceries", 520, 90, 0.0),
            ("dining_out", 260, 110, 0.0),
            ("transport", 140, 50, 0.0),
        ),
    ),
    TableSpec(
        "sleep and activity log",
        "date",
        _dates,
        (("hours_slept", 6.9, 1.1, 0.0), ("coffees", 2, 1.2, 0.0), ("steps", 7800, 2600, 0.0)),
        decimals=1,
    ),
    TableSpec(
        "electricity usage",
        "month",
        _months,
        (("kwh", 640, 160, 0.0), ("bill_usd", 118, 30, 0.0), ("avg_temp_c", 14, 8, 0.0)),
        decimals=0,
    ),
    TableSpec(
        "inventory",
        "sku",
        lambda rng, n: [f"SKU-{rng.randint(1000, 9999)}" for _ in range(n)],
        (("in_stock", 240, 180, 0.0), ("sold_30d", 150, 120, 0.0), ("price", 24, 15, 0.0)),
        decimals=2,
    ),
)


def _value(rng: random.Random, base: float, spread: float, trend: float, i: int, decimals: int) -> str:
    """One cell; decimals only for small quantities (hours slept, prices), never for step counts."""
    value = max(0.0, base * (1 + trend * i) + rng.gauss(0, spread / 2))
    return f"{value:.{decimals}f}" if decimals and base < 100 else str(round(value))


def _render_table(rng: random.Random, spec: TableSpec, n_rows: int) -> tuple[str, int]:
    labels = spec.rows(rng, n_rows)
    columns = spec.columns
    if len(columns) > 2 and rng.random() < 0.3:
        columns = columns[:2]
    spike = rng.randrange(len(labels)) if rng.random() < 0.3 else -1
    rows = []
    for i, label in enumerate(labels):
        values = [
            _value(rng, b * (2.6 if i == spike else 1), s, t, i, spec.decimals) for _, b, s, t in columns
        ]
        rows.append([label, *values])
    header = [spec.label, *(name for name, *_ in columns)]
    style = rng.choice(("csv", "csv", "markdown", "tsv", "inline"))
    if (style == "inline" and len(columns) == 1) or (style == "inline" and len(rows) <= 6):
        text = "; ".join(f"{row[0]}: " + ", ".join(row[1:]) for row in rows)
        text = f"({', '.join(header[1:])}) " + text
    elif style == "markdown":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        text = "\n".join(lines)
    elif style == "tsv":
        text = "\n".join("\t".join(row) for row in [header, *rows])
    else:
        text = "\n".join(",".join(row) for row in [header, *rows])
    return text, len(rows)


_ROW_RANGE: dict[int, tuple[int, int]] = {1: (3, 6), 2: (7, 24), 3: (40, 90)}


def table(descs: Sequence[str] = ()) -> ContextBuilder:
    """A pasted table (CSV, markdown, TSV or an inline list); buckets grow by rows."""
    pool = tuple(t for t in TABLES if not descs or t.desc in descs)

    def build(rng: random.Random, bucket: int) -> Context | None:
        low, high = _ROW_RANGE[bucket]
        for _ in range(_TRIES):
            spec = rng.choice(pool)
            text, units = _render_table(rng, spec, rng.randint(low, high))
            if context_bucket(len(text)) == bucket:
                return Context(text, "table", units, {"table_desc": spec.desc})
        return None

    return build


def numbers(measures: Sequence[tuple[str, int, int]]) -> ContextBuilder:
    """A bare list of measurements (name, low, high), the way people paste a column of a sheet."""

    def build(rng: random.Random, bucket: int) -> Context | None:
        count_range = {1: (6, 25), 2: (70, 160), 3: (220, 320)}[bucket]
        for _ in range(_TRIES):
            measure, low, high = rng.choice(measures)
            values = [str(rng.randint(low, high)) for _ in range(rng.randint(*count_range))]
            text = rng.choice((", ", " ", "\n")).join(values)
            if context_bucket(len(text)) == bucket:
                return Context(text, "numbers", len(values), {"measure": measure})
        return None

    return build


LANGUAGE_PLACES: dict[str, tuple[str, ...]] = {
    "Spanish": ("Madrid", "Mexico City", "Bogotá", "Seville"),
    "French": ("Paris", "Lyon", "Montreal"),
    "German": ("Berlin", "Munich", "Vienna"),
    "Italian": ("Rome", "Milan", "Naples"),
    "Portuguese": ("Lisbon", "São Paulo", "Porto"),
    "Japanese": ("Tokyo", "Osaka", "Kyoto"),
    "Mandarin": ("Beijing", "Shanghai", "Taipei"),
    "Russian": ("Moscow", "St. Petersburg"),
    "Korean": ("Seoul", "Busan"),
    "Dutch": ("Amsterdam", "Rotterdam", "Utrecht"),
}
"""Where a traveller would meet each language, so "a sign in Kyoto" is in Japanese."""


def foreign_text(langs: Sequence[str] = ()) -> ContextBuilder:
    """One to three real sentences in another language; longer foreign pastes would be incoherent."""
    pool = tuple(lang for lang in FOREIGN_SENTENCES if not langs or lang in langs)

    def build(rng: random.Random, bucket: int) -> Context | None:
        if bucket != 1:
            return None
        lang = rng.choice(pool)
        sentences = rng.sample(FOREIGN_SENTENCES[lang], rng.choice((1, 1, 1, 2, 3)))
        slots = {"src_lang": lang, "src_place": rng.choice(LANGUAGE_PLACES[lang])}
        return Context(" ".join(sentences), "foreign_text", len(sentences), slots)

    return build


def english_text(rng: random.Random, bucket: int) -> Context | None:
    """English to translate: everyday sentences when short, whole documents when longer."""
    if bucket == 1:
        sentences = rng.sample(ENGLISH_SENTENCES, rng.choice((1, 1, 2, 3)))
        return Context(" ".join(sentences), "english_text", len(sentences), {"doc_noun": "text"})
    return _ENGLISH_DOCUMENTS(rng, bucket)


_ENGLISH_DOCUMENTS = document(
    (
        "email",
        "news_article",
        "release_notes",
        "policy_document",
        "recipe_blog",
        "product_reviews",
        "history_passage",
    )
)
