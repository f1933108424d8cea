"""HTML backend: block text in document order, tables as tab-joined rows.

Uses the standard library's ``html.parser``. Block elements and ``<br>`` end a
line; inline elements never insert anything (``<span>1</span><span>2</span>``
reads ``12``). Tables follow CONTRIBUTING.md: one row per line, cells joined by
``\\t``, spanned labels repeated, a spanned value written once (issue 9), a blank line around.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from gdr_nlp.errors import DocumentLoadError
from gdr_nlp.ingest.base import Extracted
from gdr_nlp.ingest.txt import decode_bytes
from gdr_nlp.reconcile.units import parse_cell

_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "ul",
        "caption",
    ]
)
_SKIP = frozenset(["script", "style", "noscript", "template", "head", "title", "svg", "object", "iframe", "select"])
_WS = re.compile(r"[ \t\n\r\f]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_MAX_COLSPAN, _MAX_ROWSPAN = 1000, 65534  # the HTML standard's clamps, as browsers apply them


@dataclass
class Cell:
    """One table cell: its text pieces and spans (the model drawn_tables.py fills too)."""

    text: list[str] = field(default_factory=list)
    rowspan: int = 1
    colspan: int = 1


@dataclass
class _Table:
    rows: list[list[Cell]] = field(default_factory=list)
    cell: Cell | None = None


def _span(value: str | None, limit: int) -> int:
    digits = re.match(r"\s*(\d+)", value or "")
    return min(max(int(digits.group(1)), 1), limit) if digits else 1


def _grid(table: _Table) -> list[list[str | None]]:
    """Expand row/colspans into a grid: label text is repeated, a value is written once.

    A spanned label (（三）不予公开 over eight rows) is repeated so each row keeps its label;
    the reconciler reads a repeated label once. A spanned number or placeholder is one cell
    (issue 9: "13" spanning two columns is not "13 13"): the positions it covers beyond the
    first are None, left out of the text. Positions no cell covers at a row's end are left out
    too (a row of fewer cells than the table is as the source has it, not padded with blanks).
    """
    grid: dict[tuple[int, int], str | None] = {}
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            text = _WS.sub(" ", "".join(cell.text)).strip()
            repeat = None if parse_cell(text).kind in ("number", "na") else text
            rowspan = min(cell.rowspan, len(table.rows) - r)
            for dr in range(rowspan):
                for dc in range(cell.colspan):
                    grid[(r + dr, c + dc)] = text if dr == dc == 0 else repeat
            c += cell.colspan
    if not grid:
        return []
    out: list[list[str | None]] = []
    for r in range(len(table.rows)):
        ncols = max((c for rr, c in grid if rr == r), default=-1) + 1
        out.append([grid.get((r, c), "") for c in range(ncols)])
    return out


def table_lines(rows: list[list[Cell]]) -> list[str]:
    """A table's text per CONTRIBUTING.md: one line per row, cells joined by a tab (see ``_grid``)."""
    return ["\t".join(c for c in row if c is not None) for row in _grid(_Table(rows=rows))]


class _TextBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []  # finished lines
        self.line: list[str] = []  # the current line's text pieces
        self.skipping: list[str] = []  # open elements whose content is not text (script, style, head…)
        self.pre_depth = 0
        self.tables: list[_Table] = []

    # --- lines -------------------------------------------------------------
    def _break(self) -> None:
        if self.tables and self.tables[-1].cell is not None:
            return  # line structure inside a cell is not kept: the cell is one line
        text = "".join(self.line)
        if not self.pre_depth:
            text = _WS.sub(" ", text).strip()
        if text:
            self.out.append(text)
        self.line = []

    def _blank(self) -> None:
        if self.out and self.out[-1] != "":
            self.out.append("")

    # --- parser callbacks -----------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and "head" in self.skipping:
            self.skipping.clear()  # a missing </head> must not hide the body
        if tag in _SKIP:
            self.skipping.append(tag)
            return
        if self.skipping:
            return
        if tag == "table":
            self._break()
            if not self.tables or self.tables[-1].cell is None:
                self._blank()
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self.tables[-1].rows.append([])
            self.tables[-1].cell = None
        elif tag in ("td", "th") and self.tables:
            table = self.tables[-1]
            if not table.rows:
                table.rows.append([])
            a = dict(attrs)
            table.cell = Cell(rowspan=_span(a.get("rowspan"), _MAX_ROWSPAN), colspan=_span(a.get("colspan"), _MAX_COLSPAN))
            table.rows[-1].append(table.cell)
        elif tag == "br":
            if not (self.tables and self.tables[-1].cell is not None):  # a wrapped cell is joined without a break
                self._text("\n")
        elif tag == "pre":
            self._break()
            self.pre_depth += 1
        elif tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            if tag in self.skipping:
                del self.skipping[len(self.skipping) - 1 - self.skipping[::-1].index(tag) :]
            return
        if self.skipping:
            return
        if tag == "table" and self.tables:
            table = self.tables.pop()
            rows = table_lines(table.rows)
            if self.tables and self.tables[-1].cell is not None:  # nested table: its text joins the outer cell
                self.tables[-1].cell.text.append(" ".join(r.replace("\t", " ") for r in rows))
                return
            self.out.extend(rows)
            self._blank()
        elif tag in ("td", "th") and self.tables:
            self.tables[-1].cell = None
        elif tag == "pre":
            self._break()
            self.pre_depth = max(0, self.pre_depth - 1)
        elif tag in _BLOCK:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._text(data)

    def _text(self, data: str) -> None:
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.text.append(data)
        elif self.tables:
            return  # stray text between cells
        elif data == "\n" and not self.pre_depth:
            self._break()  # <br>
        elif self.pre_depth:
            for i, piece in enumerate(data.split("\n")):
                if i:
                    self._break()
                self.line.append(piece)
        else:
            self.line.append(data)

    def result(self) -> str:
        self._break()
        while self.out and self.out[-1] == "":
            self.out.pop()
        return "\n".join(self.out)


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` tag declares in the first 4 KB, if any."""
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii", errors="ignore") if found else None


def html_to_text(markup: str) -> str:
    """Text of an HTML document laid out per CONTRIBUTING.md (lines, tab-joined table rows)."""
    builder = _TextBuilder()
    builder.feed(markup)
    builder.close()
    return builder.result()


def load_html(data: bytes, path: str) -> Extracted:
    """Backend for .html: charset from BOM, then ``<meta charset>``, then detection."""
    markup, _ = decode_bytes(data, path, declared=declared_charset(data))
    try:
        text = html_to_text(markup)
    except (AssertionError, ValueError) as e:  # html.parser's own errors on broken markup
        raise DocumentLoadError("E006", path, detail=f"HTML parse error: {e}") from e
    return Extracted(raw_text=text, media_type="text/html")
