"""What a format backend hands back to ``load``: the raw text and where its lines came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from gdr_nlp.document import Bbox

LineOrigin = tuple[int | None, Bbox | None]
"""(1-based page, PDF bbox) of one raw line; (None, None) for unpaged sources."""


@dataclass
class Extracted:
    """Raw text of one source file before normalization.

    ``line_origins`` has one entry per ``\\n``-separated line of ``raw_text`` (PDF
    only; empty for other formats). Normalization never adds or removes a line
    break in text the backends build with ``\\n`` only, so line i of the raw
    text is line i of ``doc.text``.
    """

    raw_text: str
    media_type: str
    pages: int | None = None
    line_origins: list[LineOrigin] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
