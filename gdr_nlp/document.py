"""The one document object every stage reads and writes.

A ``ReportDocument`` holds the normalized text that all offsets refer to, a map
back to the raw source text, the lines with their page/bbox provenance, span
layers added by taggers, and the contract-shaped results of later stages.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

Bbox = tuple[float, float, float, float]
"""PDF box of a line: (x0, top, x1, bottom) in PDF points, top-left origin as pdfplumber gives."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A labelled character range of ``doc.text`` (never a copy of the text)."""

    start: int
    end: int
    label: str
    score: float = 1.0
    attrs: dict[str, Any] = Field(default_factory=dict, description="label-specific attributes, e.g. row key, metric type")


class Line(_Model):
    """One line of ``doc.text`` (end excludes the newline) with where it came from."""

    start: int
    end: int
    page: int | None = Field(default=None, description="1-based page for paged sources")
    bbox: Bbox | None = None


class SourceInfo(_Model):
    path: str
    sha256: str
    media_type: str
    pages: int | None = None


class ReportDocument(_Model):
    text: str = Field(description="normalized text; every offset in the output points into it")
    raw_text: str = Field(description="text as extracted from the source, before normalization")
    raw_offsets: list[int] = Field(
        description="raw_offsets[i] = index in raw_text of normalized char i; len(text)+1 entries (last = end)"
    )
    source: SourceInfo
    lines: list[Line] = Field(default_factory=list)
    spans: dict[str, list[Span]] = Field(
        default_factory=dict, description="span layers keyed by origin: rule, model, gold, reconciled"
    )
    report: dict[str, Any] = Field(default_factory=dict)
    sections: list[dict[str, Any]] = Field(default_factory=list)
    tables: dict[str, Any] = Field(default_factory=dict)
    metrics: list[dict[str, Any]] = Field(default_factory=list)
    checks: list[dict[str, Any]] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    review: dict[str, Any] = Field(
        default_factory=lambda: {"needed": False, "reasons": []},
        description="CONTRACT.md review verdict: needed (bool) and reasons (list of str)",
    )
    layer_tables: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="each span layer's own reading of the tables (hybrid/auto), for tagger agreement; not exported",
    )
    review_notes: list[str] = Field(
        default_factory=list,
        description="reasons a person should check this reading (ambiguous placement, garbled text, low confidence);"
        " any stage may append; the contract's review.reasons includes them",
    )

    def raw_slice(self, start: int, end: int) -> str:
        """Source text behind normalized range [start, end), exactly as found."""
        return self.raw_text[self.raw_offsets[start] : self.raw_offsets[end]]

    _line_starts: tuple[int, list[int]] | None = PrivateAttr(default=None)

    @classmethod
    def from_text(cls, text: str, *, path: str = "<text>", media_type: str = "text/plain",
                  page: int | None = None) -> ReportDocument:
        """A document whose text is already normalized (annotations, tests, pasted text): identity offsets."""
        return cls(text=text, raw_text=text, raw_offsets=list(range(len(text) + 1)),
                   source=SourceInfo(path=path, sha256="", media_type=media_type),
                   lines=lines_from_text(text, page=page))

    def _starts(self) -> list[int]:
        """Line start offsets, built once per ``lines`` list (stages look up pages for every cell)."""
        if self._line_starts is None or self._line_starts[0] != id(self.lines) or len(self._line_starts[1]) != len(self.lines):
            self._line_starts = (id(self.lines), [line.start for line in self.lines])
        return self._line_starts[1]

    def line_index_at(self, offset: int) -> int:
        """Index in ``lines`` of the line holding ``offset`` (-1 when there are no lines)."""
        return max(0, bisect.bisect_right(self._starts(), offset) - 1) if self.lines else -1

    def page_at(self, offset: int) -> int | None:
        """Page of the line holding ``offset`` (None for unpaged sources)."""
        return self.lines[self.line_index_at(offset)].page if self.lines else None


HAN = re.compile(r"[\u3400-\u9fff]")
"""A Chinese character (CJK Unified Ideographs and Extension A): a label's or a sentence's word."""


def line_end(text: str, pos: int) -> int:
    """Offset of the end of the line holding ``pos`` (its newline, or the text's end)."""
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def line_at(text: str, pos: int) -> str:
    """The line of ``text`` holding ``pos``, without its newline."""
    return text[text.rfind("\n", 0, pos) + 1 : line_end(text, pos)]


def lines_from_text(text: str, *, page: int | None = None, base: int = 0) -> list[Line]:
    """Split ``text`` on newlines into ``Line`` records with offsets shifted by ``base``."""
    lines: list[Line] = []
    pos = 0
    for chunk in text.split("\n"):
        lines.append(Line(start=base + pos, end=base + pos + len(chunk), page=page))
        pos += len(chunk) + 1
    return lines
