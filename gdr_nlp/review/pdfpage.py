"""PDF pages for the review page: the page image, and where a cell's characters sit on it.

A cell's ``bbox`` (PDF points, top-left origin as pdfplumber gives them) is used when the
contract has one. Otherwise the box is found, not guessed: the report is ingested again to
get the line (with its page box) the cell's span sits on, checked to give the same text as
the ``--emit-text`` file, and pdfium's text search finds the cell's characters inside that
line's box. Only when the matches there line up one to one with the cell's field in the
line (the k-th ``0`` of the row is the k-th ``0`` found, left to right) is a box returned.
"""

from __future__ import annotations

import io
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)
Box = tuple[float, float, float, float]
"""(x0, top, x1, bottom) in PDF points, origin top-left."""
_PAD = 2.0


def render_page(pdf_path: Path, number: int, *, scale: float) -> bytes | None:
    """PNG of 1-based page ``number``, or None when the PDF has no such page."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(pdf_path))
    try:
        if not 1 <= number <= len(pdf):
            return None
        buf = io.BytesIO()
        pdf[number - 1].render(scale=scale).to_pil().save(buf, format="PNG")
        return buf.getvalue()
    finally:
        pdf.close()


@lru_cache(maxsize=16)
def _lines(pdf_path: str, mtime: float, text: str) -> tuple[tuple[int, int, int | None, Box | None], ...]:
    from gdr_nlp import ingest

    doc = ingest.load(pdf_path)
    if doc.text != text:
        logger.info("%s: ingesting again gives another text than the --emit-text file; no cell boxes", pdf_path)
        return ()
    return tuple((line.start, line.end, line.page, line.bbox) for line in doc.lines)


def _matches(pdf_path: Path, page: int, raw: str) -> list[Box]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(pdf_path))
    try:
        pg = pdf[page - 1]
        height, textpage = pg.get_height(), pg.get_textpage()
        searcher, boxes = textpage.search(raw, match_whole_word=True), []
        while (hit := searcher.get_next()) is not None:
            first, count = hit
            left, bottom, _r, top = textpage.get_charbox(first)
            _l, bottom2, right, top2 = textpage.get_charbox(first + count - 1)
            boxes.append((left, height - max(top, top2), right, height - min(bottom, bottom2)))
        return boxes
    finally:
        pdf.close()


def page_size(pdf_path: Path, number: int) -> tuple[float, float]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(pdf_path))
    try:
        return tuple(pdf[number - 1].get_size())  # type: ignore[return-value]
    finally:
        pdf.close()


def box_percent(pdf_path: Path, text: str, cell: dict[str, Any]) -> Box | None:
    """:func:`cell_box` as percentages of the page's width and height (the page image is scaled to fit)."""
    box = cell_box(pdf_path, text, cell)
    if box is None:
        return None
    width, height = page_size(pdf_path, int(cell["page"]))
    return (100 * box[0] / width, 100 * box[1] / height, 100 * box[2] / width, 100 * box[3] / height)


def cell_box(pdf_path: Path, text: str, cell: dict[str, Any]) -> Box | None:
    """Where the cell's characters are on its page, or None when that cannot be told for sure."""
    bbox = cell.get("bbox")
    if isinstance(bbox, list | tuple) and len(bbox) == 4:
        return tuple(float(v) for v in bbox)  # type: ignore[return-value]
    span, page, raw = cell.get("span"), cell.get("page"), str(cell.get("raw") or "").strip()
    if not (span and page and raw):
        return None
    lines = _lines(str(pdf_path), pdf_path.stat().st_mtime, text)
    line = next((ln for ln in lines if ln[0] <= span[0] <= ln[1] and ln[2] == page and ln[3]), None)
    if line is None:
        return None
    x0, top, x1, bottom = line[3]  # type: ignore[misc]
    inside = [b for b in _matches(pdf_path, page, raw)
              if b[0] >= x0 - _PAD and b[2] <= x1 + _PAD and b[1] >= top - _PAD and b[3] <= bottom + _PAD]
    fields = text[line[0] : line[1]].split("\t")
    before = text[line[0] : span[0]].split("\t")[:-1]  # fields left of the cell on its line
    if sum(f.strip() == raw for f in fields) != len(inside):
        return None
    k = sum(f.strip() == raw for f in before)
    return sorted(inside, key=lambda b: (round(b[1] / 4), b[0]))[k]
