"""Text assembly with labelled spans, mapped onto the normalized text at the end.

Generators append raw pieces (what the file will hold, noise included) and say
which pieces are spans; ``finish`` normalizes the raw text exactly as ingestion
does (:func:`gdr_nlp.ingest.normalize.normalize`) and moves every span onto it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gdr_nlp.ingest.normalize import normalize


@dataclass
class RawSpan:
    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    ref: Any = None  # what the span stands for: ("cell", t, r, c), ("metric", i), ("section", key)


class Builder:
    """Raw text under construction with spans in raw offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.spans: list[RawSpan] = []

    def add(self, text: str, label: str | None = None, attrs: dict[str, Any] | None = None, ref: Any = None) -> RawSpan | None:
        """Append ``text``; with a label, the stripped text becomes a span (a blank cell keeps its whitespace)."""
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        if label is None:
            return None
        if label == "CELL" and not text.strip():
            span = RawSpan(start, self.pos, label, attrs or {}, ref)
        else:
            lead = len(text) - len(text.lstrip())
            trail = len(text) - len(text.rstrip())
            span = RawSpan(start + lead, self.pos - trail, label, attrs or {}, ref)
        self.spans.append(span)
        return span

    @property
    def raw(self) -> str:
        return "".join(self.parts)


def raw_to_norm(offsets: list[int], raw_len: int) -> list[int]:
    """Map every raw position (0..raw_len) to the normalized position that starts at or after it."""
    out = [0] * (raw_len + 1)
    j = 0
    n = len(offsets)
    for r in range(raw_len + 1):
        while j < n - 1 and offsets[j] < r:
            j += 1
        out[r] = j if offsets[j] >= r else n - 1
    return out


def finish(builder: Builder) -> tuple[str, str, list[RawSpan]]:
    """``(raw, text, spans)``: the file text, its normalized text and the spans moved onto the latter."""
    raw = builder.raw
    text, offsets = normalize(raw)
    where = raw_to_norm(offsets, len(raw))
    spans = []
    for s in builder.spans:
        a, b = where[s.start], where[s.end]
        if s.start == s.end:
            b = a
        spans.append(RawSpan(a, b, s.label, s.attrs, s.ref))
    return raw, text, spans
