"""The building blocks every template family shares: a tiny template grammar, contexts and families.

Templates use a small grammar instead of ``str.format`` so that one family can hold dozens of
phrasings compactly: ``[a|b|]`` picks one alternative (an empty one makes the part optional) and
``{slot}`` draws a value from a named pool. Pool values are templates themselves, so pools nest.
A slot used twice in one prompt keeps its first value, which keeps a prompt consistent (the same
city in the question and in the details); ``{slot@2}`` draws a second, different value from the
same pool ("from {lang} to {lang@2}").
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

SlotPool = Sequence[str] | Callable[[random.Random], str]
"""A slot's values: templates to pick from, or a function returning finished text (numbers, code)."""

CONTEXT_BUCKET_LIMITS: tuple[int, int] = (400, 1200)
"""Character limits of the pasted-context buckets: 1 below 400, 2 below 1200, 3 from 1200 on."""

CONTEXT_MARK = "\x00CONTEXT\x00"
"""Stands in for the pasted context while a request is styled, so casing never touches the paste."""


def context_bucket(chars: int) -> int:
    """0 for no context, then 1 (a snippet), 2 (a paragraph or two) or 3 (a long paste)."""
    if chars <= 0:
        return 0
    short, long = CONTEXT_BUCKET_LIMITS
    return 1 if chars < short else 2 if chars < long else 3


def raw(values: Sequence[str]) -> Callable[[random.Random], str]:
    """A pool whose values are taken literally: code and regexes contain the grammar's brackets."""
    frozen = tuple(values)
    return lambda rng: rng.choice(frozen)


def number(low: int, high: int, step: int = 1) -> Callable[[random.Random], str]:
    """A pool of integers, so that prompts get realistic, varied quantities."""
    return lambda rng: str(rng.randrange(low, high + 1, step))


# ---- grammar


@dataclass(frozen=True)
class _Slot:
    name: str


@dataclass(frozen=True)
class _Choice:
    options: tuple[tuple[_Node, ...], ...]


_Node = str | _Slot | _Choice


class TemplateError(ValueError):
    """A malformed template or an unknown slot: a bug in the template tables, caught at import."""


def _parse_sequence(text: str, pos: int, nested: bool) -> tuple[tuple[_Node, ...], int]:
    nodes: list[_Node] = []
    buffer: list[str] = []
    while pos < len(text):
        char = text[pos]
        if char in "|]":
            if not nested:
                raise TemplateError(f"unbalanced {char!r} at {pos} in {text!r}")
            break
        if char == "[":
            options: list[tuple[_Node, ...]] = []
            pos += 1
            while True:
                option, pos = _parse_sequence(text, pos, nested=True)
                options.append(option)
                if pos >= len(text):
                    raise TemplateError(f"unclosed '[' in {text!r}")
                pos += 1
                if text[pos - 1] == "]":
                    break
            if buffer:
                nodes.append("".join(buffer))
                buffer = []
            nodes.append(_Choice(tuple(options)))
            continue
        if char == "{":
            end = text.find("}", pos)
            if end < 0:
                raise TemplateError(f"unclosed '{{' in {text!r}")
            if buffer:
                nodes.append("".join(buffer))
                buffer = []
            nodes.append(_Slot(text[pos + 1 : end]))
            pos = end + 1
            continue
        if char == "}":
            raise TemplateError(f"unbalanced '}}' at {pos} in {text!r}")
        buffer.append(char)
        pos += 1
    if buffer:
        nodes.append("".join(buffer))
    return tuple(nodes), pos


@cache
def parse(template: str) -> tuple[_Node, ...]:
    """Parse once per distinct template; generation expands the same few hundred thousands of times."""
    nodes, _ = _parse_sequence(template, 0, nested=False)
    return nodes


def slot_names(template: str) -> list[str]:
    """Every slot a template can reach directly, so the registry can check pools at import time."""
    found: list[str] = []

    def walk(nodes: Sequence[_Node]) -> None:
        for node in nodes:
            if isinstance(node, _Slot):
                found.append(node.name)
            elif isinstance(node, _Choice):
                for option in node.options:
                    walk(option)

    walk(parse(template))
    return found


class Expander:
    """Expands templates against slot pools, remembering every value it drew.

    ``bound`` holds values fixed before expansion (the context marker, an inline constraint, values
    a context produced) and collects each drawn slot, which becomes part of the example's recipe.
    """

    def __init__(self, rng: random.Random, pools: Mapping[str, SlotPool], bound: dict[str, str]) -> None:
        self.rng = rng
        self.pools = pools
        self.bound = bound

    def expand(self, template: str) -> str:
        return self._expand_nodes(parse(template))

    def _expand_nodes(self, nodes: Sequence[_Node]) -> str:
        parts: list[str] = []
        for node in nodes:
            if isinstance(node, str):
                parts.append(node)
            elif isinstance(node, _Slot):
                parts.append(self._slot(node.name))
            else:
                parts.append(self._expand_nodes(self.rng.choice(node.options)))
        return "".join(parts)

    def _draw(self, pool_name: str) -> str:
        pool = self.pools.get(pool_name)
        if pool is None:
            raise TemplateError(f"no slot pool named {pool_name!r}")
        if callable(pool):
            return pool(self.rng)
        return self.expand(self.rng.choice(pool))

    def _slot(self, name: str) -> str:
        if name in self.bound:
            return self.bound[name]
        pool_name = name.split("@", 1)[0]
        value = self._draw(pool_name)
        if pool_name != name:
            taken = {v for k, v in self.bound.items() if k.split("@", 1)[0] == pool_name}
            for _ in range(20):
                if value not in taken:
                    break
                value = self._draw(pool_name)
        self.bound[name] = value
        return value


# ---- families


@dataclass(frozen=True)
class Context:
    """Material pasted into or told inside a prompt: a document, code, a table, a story's details.

    ``units`` counts its sentences, lines or rows; ``slots`` are values the prompt may refer to
    (a question the document answers, the source language of a foreign text).
    """

    text: str
    kind: str
    units: int
    slots: Mapping[str, str] = field(default_factory=dict)


ContextBuilder = Callable[[random.Random, int], Context | None]
"""Builds a context of the requested size bucket, or None when it cannot reach that size."""


@dataclass(frozen=True)
class Family:
    """One distinct way people phrase one intent, e.g. a terse search-style factual question.

    ``templates`` are used without context and ``context_templates`` with one; a family with a
    builder and no plain templates always carries context. ``steps`` counts the sub-requests its
    templates already contain; ``augment`` says whether extra constraints and follow-up requests
    may be appended (a bare "hi there" cannot take "use bullet points"), ``wrap`` whether
    English greetings, personas and thanks may be put around it, and ``casual`` whether appended
    extras must stay chatty (small talk never grows a "Requirements:" list).
    """

    intent: str
    name: str
    templates: tuple[str, ...]
    pools: Mapping[str, SlotPool]
    constraints: tuple[str, ...]
    follow_ups: tuple[str, ...]
    context: ContextBuilder | None = None
    context_templates: tuple[str, ...] = ()
    steps: int = 1
    augment: bool = True
    min_bucket: int = 1
    max_bucket: int = 3
    wrap: bool = True
    casual: bool = False

    @property
    def id(self) -> str:
        return f"{self.intent}/{self.name}"

    def buckets(self) -> tuple[int, ...]:
        """Context size buckets this family can produce."""
        plain = (0,) if self.templates else ()
        pasted = tuple(range(self.min_bucket, self.max_bucket + 1)) if self.context is not None else ()
        return plain + pasted

    def validate(self) -> None:
        """Fail at import on a family that could never render, rather than mid-generation."""
        if not self.templates and not (self.context and self.context_templates):
            raise TemplateError(f"{self.id}: no usable templates")
        if self.context_templates and self.context is None:
            raise TemplateError(f"{self.id}: context templates without a context builder")
        for template in self.context_templates:
            if "{context}" not in template:
                raise TemplateError(f"{self.id}: context template lacks {{context}}: {template!r}")
        self._check_slots((*self.templates, *self.constraints, *self.follow_ups), strict=True)
        self._check_slots(self.context_templates, strict=False)

    def _check_slots(self, templates: Sequence[str], strict: bool) -> None:
        """Every reachable slot must have a pool; context templates may also use the context's slots."""
        pending = list(templates)
        checked: set[str] = set()
        while pending:
            template = pending.pop()
            for name in slot_names(template):
                pool_name = name.split("@", 1)[0]
                if pool_name in checked or name in ("context",):
                    continue
                pool = self.pools.get(pool_name)
                if pool is None:
                    if strict:
                        raise TemplateError(f"{self.id}: unknown slot {{{name}}} in {template!r}")
                    continue
                checked.add(pool_name)
                if not callable(pool):
                    pending.extend(pool)


class FamilyFactory:
    """Declares the families of one intent with its shared pools, constraints and follow-ups."""

    def __init__(
        self,
        intent: str,
        pools: Mapping[str, SlotPool],
        constraints: Sequence[str],
        follow_ups: Sequence[str],
        casual: bool = False,
    ) -> None:
        self.intent = intent
        self.casual = casual
        self.pools = dict(pools)
        self.constraints = tuple(constraints)
        self.follow_ups = tuple(follow_ups)
        self.families: list[Family] = []

    def __call__(
        self,
        name: str,
        templates: Sequence[str] = (),
        *,
        context: ContextBuilder | None = None,
        context_templates: Sequence[str] = (),
        pools: Mapping[str, SlotPool] | None = None,
        constraints: Sequence[str] = (),
        follow_ups: Sequence[str] = (),
        steps: int = 1,
        augment: bool = True,
        min_bucket: int = 1,
        max_bucket: int = 3,
        wrap: bool = True,
        inherit: bool = True,
    ) -> Family:
        """Declare a family; ``inherit=False`` drops the intent's shared constraints and follow-ups
        where they would not make sense (a Dockerfile has no "empty input" to handle)."""
        shared_constraints = self.constraints if inherit else ()
        shared_follow_ups = self.follow_ups if inherit else ()
        family = Family(
            intent=self.intent,
            name=name,
            templates=tuple(templates),
            pools={**self.pools, **(pools or {})},
            constraints=(*constraints, *shared_constraints),
            follow_ups=(*follow_ups, *shared_follow_ups),
            context=context,
            context_templates=tuple(context_templates),
            steps=steps,
            augment=augment,
            min_bucket=min_bucket,
            max_bucket=max_bucket,
            wrap=wrap,
            casual=self.casual,
        )
        family.validate()
        self.families.append(family)
        return family
