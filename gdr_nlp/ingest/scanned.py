"""Which PDF pages need OCR, and reading them: the page-level half of OCR support.

A page needs OCR when it has no text layer but shows an image (a scan), or when its text
layer is garbled: fonts without a Unicode map come out as ``(cid:123)``, as private-use
code points, or as Latin-1 mojibake. Pages with a sound text layer are never rendered, so a
text-layer PDF costs one character scan per page more than before, nothing else.

``pdf.py`` owns pdfplumber and the table reader; this module decides, renders through the
page object it is given, runs :mod:`gdr_nlp.ingest.ocr` and writes the review notes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from gdr_nlp.errors import DocumentLoadError

OcrMode = Literal["auto", "always", "never"]
OCR_MODES: tuple[str, ...] = ("auto", "always", "never")

NO_TEXT = "no text layer"
GARBLED = "garbled text layer"
FORCED = "--ocr always"
_GARBLED_SHARE = 0.3  # share of unreadable characters above which a page's text layer is garbage
_SCAN_AREA = 0.5  # an image covering this share of a page with next to no text is a scan


@dataclass
class Notes:
    """What OCR leaves for a person: warnings (what was done) and review notes (what to check)."""

    warnings: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)


def _unreadable(text: str) -> bool:
    """A character that a font without a Unicode map turns into: cid code, private use, mojibake."""
    if text.startswith("(cid:") or text == "\ufffd":
        return True
    ch = text[0]
    return "\ue000" <= ch <= "\uf8ff" or "\x80" <= ch <= "\xff" or ch < " "


def garbled(chars: list[dict[str, Any]]) -> bool:
    """Whether a page's characters are mostly unreadable (at least 20 of them, so a stray glyph is not)."""
    bad = sum(_unreadable(c["text"]) for c in chars)
    return bad >= 20 and bad > _GARBLED_SHARE * len(chars)


def page_need(page: Any, chars: list[dict[str, Any]], mode: OcrMode) -> str | None:
    """Why ``page`` (a pdfplumber page) must be read by OCR, or None when its text layer will do."""
    images = page.images
    if mode == "always" and (chars or images):
        return FORCED
    if chars and garbled(chars):
        return GARBLED
    area = float(page.width * page.height) or 1.0
    covered = sum(float((im["x1"] - im["x0"]) * (im["bottom"] - im["top"])) for im in images) / area
    if images and (not chars or len(chars) < 10 and covered >= _SCAN_AREA):
        return NO_TEXT
    return None


def render_dpi(page: Any, default: int, within: tuple[int, int]) -> int:
    """Resolution to render ``page`` at for OCR: a scan's own (its largest image's pixels per inch,
    so the image is neither blurred up nor thinned down) kept ``within``, else ``default``."""
    images = [im for im in page.images if float(im["width"]) > 0 and im.get("srcsize")]
    if not images:
        return default
    largest = max(images, key=lambda im: float(im["width"]) * float(im["height"]))
    if float(largest["width"]) * float(largest["height"]) < _SCAN_AREA * float(page.width * page.height):
        return default  # a picture on the page, not the page itself
    own = float(largest["srcsize"][0]) / (float(largest["width"]) / 72)
    return int(round(min(max(own, within[0]), within[1])))


def _pages(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers))


def _refuse(path: str, needs: dict[int, str], total: int, mode: OcrMode, detail: str | None) -> list[str]:
    """Errors for pages that need OCR where none can run; a warning when a report is still readable."""
    off = "OCR is off (--ocr never)" if mode == "never" else f"OCR is unavailable: {detail}"
    bad = sorted(n for n, why in needs.items() if why == GARBLED)
    if bad:
        raise DocumentLoadError("E018", path, pages=_pages(bad), why=off)
    if len(needs) == total:
        raise DocumentLoadError("E010", path, why=off)
    # some scanned pages among text pages: the rest is read, and the gap is said out loud
    return [f"page(s) {_pages(sorted(needs))} have no text layer and were not read: {off}"]


def read_by_ocr(pdf: Any, pages: list[Any], *, mode: OcrMode, path: str,
                reader: Callable[[Any, Any, Any], None]) -> Notes:
    """OCR every page of ``pages`` whose ``need`` is set; ``reader`` puts each reading into its page.

    Raises:
        DocumentLoadError: E018/E010 when pages need OCR and it is off or unavailable.
    """
    from gdr_nlp.ingest import ocr

    notes = Notes()
    needs = {p.number: p.need for p in pages if p.need}
    if not needs:
        return notes
    engine_name = ocr.ENGINE
    detail = None if mode == "never" else ocr.available(engine_name)
    if mode == "never" or detail is not None:
        notes.warnings += _refuse(path, needs, len(pages), mode, detail)
        notes.review += notes.warnings
        return notes
    from tqdm import tqdm

    todo = [p for p in pages if p.need]
    # a progress bar per page on a terminal (OCR takes seconds a page); silent when piped
    for page in tqdm(todo, unit="page", desc="OCR", disable=None if len(todo) > 1 else True, file=sys.stderr,
                     leave=False):
        pdf_page = pdf.pages[page.number - 1]
        dpi = render_dpi(pdf_page, ocr.DPI, ocr.NATIVE_RANGE) if ocr.NATIVE_DPI else ocr.DPI
        image = pdf_page.to_image(resolution=dpi).original
        reading = ocr.read_page(image, dpi=dpi, engine_name=engine_name)
        reader(pdf_page, page, reading)
        notes.review += cell_notes(page.number, page.tables, reading.chars)
    notes.warnings.append(f"page(s) {_pages(sorted(needs))} read by OCR ({', '.join(sorted(set(needs.values())))})")
    return notes


def _in_box(c: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def cell_notes(number: int, tables: list[Any], chars: list[dict[str, Any]], *, shown: int = 8) -> list[str]:
    """Review notes for the numbers inside the page's tables that were read with low confidence
    or resolved from a confusion (a letter or a speck taken for a digit): one sentence per kind and
    page, naming the first ``shown`` numbers with their position (PDF points from the top left)."""
    from gdr_nlp.ingest.ocr import LOW_CONFIDENCE

    tokens: dict[int, list[dict[str, Any]]] = {}
    for c in chars:
        if any(ch.isdigit() for ch in c["text"]) and any(_in_box(c, t.bbox) for t in tables):
            tokens.setdefault(c["token"], []).append(c)
    resolved, unsure = [], []
    for group in tokens.values():
        text, first = "".join(c["text"] for c in group), group[0]
        where = f"({first['x0']:.0f}, {first['top']:.0f})"
        if first.get("alt"):
            resolved.append(f"{first['alt']!r} as {text} at {where}")
        elif first["conf"] < LOW_CONFIDENCE:
            unsure.append(f"{text} at {where} ({first['conf']:.2f})")
    out = []
    for items, what in ((resolved, "printed unlike digits, read as numbers"),
                        (unsure, f"read with low OCR confidence (< {LOW_CONFIDENCE:.2f})")):
        if items:
            more = f"; {len(items) - shown} more" if len(items) > shown else ""
            out.append(f"page {number}: {len(items)} table number(s) {what}: {'; '.join(items[:shown])}{more}")
    return out
