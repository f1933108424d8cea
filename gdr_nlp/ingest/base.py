"""What a format backend hands back to ``load``: the raw text and where its lines came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gdr_nlp.document import Bbox

# A page number line as PDF converters leave it ("- 7 -", 第7页共12页, 7/12, pdf-parse's "-- 7 of 12 --"),
# white space removed.
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~～]+\d{1,4}[-—–－~～]+|第\d{1,4}页(?:共\d{1,4}页)?|共\d{1,4}页第\d{1,4}页|\d{1,4}/\d{1,4}"
    r"|(?:page|p\.)\d{1,4}(?:of\d{1,4})?|[-—–－~～]*\d{1,4}of\d{1,4}[-—–－~～]*)$",
    re.IGNORECASE,
)
_PAGE_LINE = 256  # longer than any page-number line, a centred footer's spaces included


def page_number_line(line: str) -> bool:
    """``line`` is a page number (``PAGE_NUMBER`` once its white space is removed). A long line is not
    compacted: a report written as one line would pay for that once per number on it."""
    return len(line) <= _PAGE_LINE and PAGE_NUMBER.fullmatch("".join(line.split())) is not None


# "- 2 -" that a PDF-to-markdown converter made a list item ("- 2"); alone between blank lines it is
# a page number, or what is left of a number whose "64." the converter took for a list marker
BULLETED_PAGE = re.compile(r"^\s*[-*•]\s+\d{1,4}\s*$")

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
    review_notes: list[str] = field(default_factory=list)  # becomes ReportDocument.review_notes
