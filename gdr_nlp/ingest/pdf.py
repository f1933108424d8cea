"""PDF backend; the only module that imports pdfplumber.

Per page: ruled tables through ``find_tables`` over the *visible* ruling only
(invisible white boxes that some converters draw behind every text line would
otherwise turn whole pages into one-column "tables"), one tab-joined line per
row; the rest of the page as lines built from characters, tables placed at
their vertical position. Page numbers and running headers/footers are dropped
before anything is assembled, so they never land inside a table cell.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from gdr_nlp.document import Bbox
from gdr_nlp.errors import DocumentLoadError
from gdr_nlp.ingest.base import PAGE_NUMBER, Extracted, LineOrigin
from gdr_nlp.ingest.scanned import OcrMode, page_need, read_by_ocr

Char = dict[str, Any]
"""A pdfplumber character: text, x0, x1, top, bottom, size, ... (PDF points, top-left origin)."""

MEDIA_TYPE = "application/pdf"
_BAND = 0.12  # share of the page height at top and bottom where headers, footers and page numbers live
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_DIGIT_RUN = re.compile(r"\d+")


@dataclass
class _Block:
    """A piece of page output at a vertical position: one text line, or a table's rows."""

    top: float
    lines: list[tuple[str, Bbox | None]]
    table: bool = False


@dataclass
class _Page:
    number: int
    height: float
    lines: list[list[Char]]  # all visual lines of the page, before header/footer removal
    tables: list[Any] = field(default_factory=list)
    need: str | None = None  # why the page needs OCR (no text layer, garbled text layer); None: it does not


# ---- characters to lines -------------------------------------------------------------------


def _is_cjk(ch: str) -> bool:
    return ch >= "\u2e80"


def _cluster_lines(chars: list[Char]) -> list[list[Char]]:
    """Group characters into visual lines by vertical centre; each line sorted left to right."""
    lines: list[list[Char]] = []
    ref = half = 0.0
    for c in sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2):
        centre = (c["top"] + c["bottom"]) / 2
        if lines and centre - ref <= half:
            lines[-1].append(c)
            continue
        lines.append([c])
        ref, half = centre, max(1.0, (c["bottom"] - c["top"]) * 0.5)
    for line in lines:
        line.sort(key=lambda c: c["x0"])
    return lines


def _line_text(chars: list[Char], *, tabs: bool) -> str:
    """Text of one visual line: a space for a visible word gap, ``\\t`` for a column gap."""
    parts: list[str] = []
    prev: Char | None = None
    for c in chars:
        if prev is not None:
            if c["text"] == prev["text"] and abs(c["x0"] - prev["x0"]) < 1.0:
                continue  # fake bold: the same glyph drawn twice
            gap = c["x0"] - prev["x1"]
            width = max(prev["x1"] - prev["x0"], c["x1"] - c["x0"], 1.0)
            size = max(c.get("size") or width, 1.0)
            if tabs and gap > 1.5 * width:
                parts.append("\t")
            elif gap > (0.6 if _is_cjk(prev["text"]) and _is_cjk(c["text"]) else 0.2) * size:
                # CJK-CJK gaps under ~half an em are justification, not spaces
                parts.append(" ")
        parts.append(c["text"])
        prev = c
    return "".join(parts)


def _bbox(chars: list[Char]) -> Bbox:
    return (
        round(min(c["x0"] for c in chars), 2),
        round(min(c["top"] for c in chars), 2),
        round(max(c["x1"] for c in chars), 2),
        round(max(c["bottom"] for c in chars), 2),
    )


# ---- ruling ---------------------------------------------------------------------------------


def _is_white(color: Any) -> bool:
    if color is None:
        return False
    values = color if isinstance(color, (tuple, list)) else (color,)
    if not values or not all(isinstance(v, (int, float)) for v in values):
        return False
    if len(values) == 4:  # CMYK
        return all(v <= 0.05 for v in values)
    return all(v >= 0.95 for v in values)


def _visible(obj: Char) -> bool:
    """Whether a graphic object can be seen: stroked, or filled with a colour other than white."""
    if obj.get("object_type") not in ("rect", "curve"):
        return True
    stroked = bool(obj.get("stroke")) and (obj.get("linewidth") or 0) > 0
    filled = bool(obj.get("fill")) and not _is_white(obj.get("non_stroking_color"))
    return stroked or filled


def _find_tables(page: Any) -> list[Any]:
    """Ruled tables with at least two columns, found on the visible ruling only."""
    if not page.edges:
        return []
    visible = page.filter(_visible)
    return [t for t in visible.find_tables() if t.rows and max(len(r.cells) for r in t.rows) >= 2]


# ---- headers, footers, page numbers ----------------------------------------------------------


def _compact(chars: list[Char]) -> str:
    return "".join(c["text"] for c in chars).replace(" ", "")


def _in_band(line: list[Char], height: float) -> bool:
    top = float(min(c["top"] for c in line))
    return top < _BAND * height or top > (1 - _BAND) * height


def _inside(c: Char, bbox: Bbox, pad: float = 1.0) -> bool:
    cx, cy = float(c["x0"] + c["x1"]) / 2, float(c["top"] + c["bottom"]) / 2
    return bbox[0] - pad <= cx <= bbox[2] + pad and bbox[1] - pad <= cy <= bbox[3] + pad


def _running_keys(pages: list[_Page]) -> set[str]:
    """Digit-masked texts of band lines outside tables that recur on at least half the pages (min 2)."""
    counts: Counter[str] = Counter()
    for page in pages:
        seen = set()
        for line in (page.lines[:2] + page.lines[-2:]) if page.lines else []:
            if not _in_band(line, page.height) or any(_inside(line[0], t.bbox) for t in page.tables):
                continue
            seen.add(_DIGIT_RUN.sub("#", _compact(line)))
        counts.update(seen)
    need = max(2, (len(pages) + 1) // 2)
    return {k for k, n in counts.items() if n >= need and len(pages) >= 2}


def _segments(line: list[Char]) -> list[list[Char]]:
    """Pieces of a visual line separated by column-sized gaps (a page number beside table cells)."""
    pieces: list[list[Char]] = [[line[0]]]
    for prev, c in itertools.pairwise(line):
        if c["x0"] - prev["x1"] > 1.5 * max(c.get("size") or 0.0, 1.0):
            pieces.append([])
        pieces[-1].append(c)
    return pieces


def _furniture(page: _Page, running: set[str]) -> set[int]:
    """ids of the characters of page numbers and running headers/footers on ``page``.

    Only lines in the top/bottom band count. A page number may share its visual
    line with table cells (a table running into the footer area), so the
    patterns are also tried on each gap-separated piece of the line.
    """
    drop: set[int] = set()
    last = len(page.lines) - 1
    for i, line in enumerate(page.lines):
        if not _in_band(line, page.height):
            continue
        text = _compact(line)
        if (
            i in (0, last)
            and _BARE_NUMBER.match(text)
            or _DIGIT_RUN.sub("#", text) in running
            and not any(_inside(line[0], t.bbox) for t in page.tables)
        ):
            drop.update(id(c) for c in line)
            continue
        for piece in _segments(line):
            if PAGE_NUMBER.match(_compact(piece)):
                drop.update(id(c) for c in piece)
    return drop


# ---- tables ------------------------------------------------------------------------------------


def _is_prose_cell(lines: list[list[Char]]) -> bool:
    """A cell holding paragraphs (a layout table around the body text), not a wrapped label.

    The official tables' longest cells wrap over three lines; a stacked side
    label has many lines of one character each.
    """
    return len(lines) >= 6 and sum(len(line) for line in lines) >= 150


def _table_block(table: Any, chars: list[Char]) -> tuple[_Block, set[int]]:
    """Rows of a ruled table as tab-joined lines; returns the block and the ids of the chars it used.

    A cell is one line: wrapped lines (and single characters stacked vertically)
    are joined. A row holding a paragraph-sized cell keeps its visual lines instead.
    """
    used: set[int] = set()
    lines: list[tuple[str, Bbox | None]] = []
    for row in table.rows:
        cells: list[list[list[Char]] | None] = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            inside = [c for c in chars if id(c) not in used and _inside(c, cell, pad=0.0)]
            used.update(id(c) for c in inside)
            cells.append(_cluster_lines(inside))
        if any(cell is not None and _is_prose_cell(cell) for cell in cells):
            lines.extend((_line_text(ln, tabs=True), _bbox(ln)) for cell in cells if cell for ln in cell)
            continue
        texts = [None if cell is None else "".join(_line_text(ln, tabs=False).strip() for ln in cell) for cell in cells]
        present = [t for t in texts if t is not None]
        # a row that is one full-width cell (a caption inside the grid) is plain text, not a 1-cell row
        text = present[0] if len(present) == 1 and texts[0] is not None else "\t".join(t or "" for t in texts)
        x0, top, x1, bottom = (round(float(v), 2) for v in row.bbox)
        lines.append((text, (x0, top, x1, bottom)))
    return _Block(top=table.bbox[1], lines=lines, table=True), used


def _page_blocks(page: _Page, drop: set[int]) -> list[_Block]:
    chars = [c for line in page.lines for c in line if id(c) not in drop]
    blocks: list[_Block] = []
    for table in page.tables:
        in_table = [c for c in chars if _inside(c, table.bbox)]
        block, used = _table_block(table, in_table)
        blocks.append(block)
        chars = [c for c in chars if id(c) not in used]
    for top, text, bbox in _join_stacked_labels(_cluster_lines(chars)):
        blocks.append(_Block(top=top, lines=[(text, bbox)]))
    blocks.sort(key=lambda b: b.top)
    return blocks


def _stack_head(line: list[Char]) -> Char | None:
    """The line's first character when it stands alone in its own column (part of a vertical label)."""
    first = line[0]
    alone = len(line) == 1 or line[1]["x0"] - first["x1"] > 1.5 * max(first["x1"] - first["x0"], 1.0)
    return first if alone and _is_cjk(first["text"]) else None


def _stack_end(lines: list[list[Char]], heads: list[Char | None], i: int) -> int:
    """End (exclusive) of the vertical label starting at line ``i``; lines right of the label may interleave."""
    head = heads[i]
    if head is None:
        return i + 1
    end, k, x0, x1 = i + 1, i + 1, head["x0"], head["x1"]
    step = 2.5 * max(head["bottom"] - head["top"], 1.0)
    last_top = head["top"]
    while k < len(lines) and lines[k][0]["top"] - last_top <= step:
        nxt = heads[k]
        if nxt is not None and abs(nxt["x0"] - x0) < 3:
            end, last_top = k + 1, nxt["top"]
        elif lines[k][0]["x0"] < x1:  # something else occupies the label's column: the label is over
            break
        k += 1
    return end


def _join_stacked_labels(lines: list[list[Char]]) -> list[tuple[float, str, Bbox]]:
    """Text lines of unruled content, with single characters stacked in one column joined as one label.

    A label such as 三、本年度办理结果 written top to bottom in a merged cell comes
    out as one character per visual line, interleaved with the rows beside it.
    Three or more such characters at the same x become one label cell that
    starts the run's first row; the run's other rows get an empty first cell.
    """
    heads = [_stack_head(line) for line in lines]
    out: list[tuple[float, str, Bbox]] = []
    i = 0
    while i < len(lines):
        end = _stack_end(lines, heads, i)
        head = heads[i]
        x0 = head["x0"] if head is not None else 0.0
        stacked = [h for h in heads[i:end] if h is not None and abs(h["x0"] - x0) < 3]
        if len(stacked) < 3:
            line = lines[i]
            out.append((min(c["top"] for c in line), _line_text(line, tabs=True), _bbox(line)))
            i += 1
            continue
        label = "".join(c["text"] for c in stacked)
        ids = {id(c) for c in stacked}
        first = True
        for line in lines[i:end]:
            rest = [c for c in line if id(c) not in ids]
            if not rest:
                continue
            cell = label if first else ""
            out.append((min(c["top"] for c in rest), cell + "\t" + _line_text(rest, tabs=True), _bbox(rest)))
            first = False
        if first:  # a label with nothing beside it
            out.append((stacked[0]["top"], label, _bbox(stacked)))
        i = end
    return out


# ---- document ----------------------------------------------------------------------------------


def _read_pages(pdf: Any, mode: OcrMode) -> list[_Page]:
    pages = []
    for number, page in enumerate(pdf.pages, start=1):
        chars = [c for c in page.chars if c["text"].strip()]
        need = page_need(page, chars, mode)
        pages.append(_Page(number=number, height=float(page.height), lines=[] if need else _cluster_lines(chars),
                           tables=[] if need else _find_tables(page), need=need))
    return pages


def _assemble(pages: list[_Page]) -> tuple[str, list[LineOrigin]]:
    running = _running_keys(pages)
    out: list[tuple[str, LineOrigin]] = []
    for page in pages:
        for block in _page_blocks(page, _furniture(page, running)):
            if block.table and out and out[-1][0] != "":
                out.append(("", (page.number, None)))
            out.extend((text, (page.number, bbox)) for text, bbox in block.lines)
            if block.table:
                out.append(("", (page.number, None)))
    while out and out[-1][0] == "":
        out.pop()
    # a table continued on the next page leaves two blank lines in a row
    kept = [item for i, item in enumerate(out) if item[0] != "" or i == 0 or out[i - 1][0] != ""]
    return "\n".join(t for t, _ in kept), [origin for _, origin in kept]


def _open_error(e: Exception, path: str) -> DocumentLoadError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    chain = [e, *(a for a in getattr(e, "args", ()) if isinstance(a, BaseException)), e.__cause__]
    if any(isinstance(x, (PDFPasswordIncorrect, PDFEncryptionError)) for x in chain):
        return DocumentLoadError("E005", path)
    inner = next((x for x in chain[1:] if x is not None), e)
    return DocumentLoadError("E006", path, detail=f"{type(inner).__name__}: {str(inner)[:80]}".rstrip(": "))


def load_pdf(data: bytes, path: str, *, ocr: OcrMode = "auto") -> Extracted:
    """Backend for .pdf.

    Args:
        data: the file's bytes.
        path: the file name, for messages.
        ocr: ``auto`` reads pages without a text layer, or with a garbled one, through OCR;
            ``always`` every page; ``never`` none (such pages are then an error).

    Raises:
        DocumentLoadError: E005 encrypted, E006 corrupt, E010 no text layer (and OCR off,
            unavailable or finding nothing), E018 garbled text layer and OCR off or unavailable.
    """
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = _read_pages(pdf, ocr)
    except Exception as e:  # pdfminer raises many unrelated types on broken files; this is the boundary
        raise _open_error(e, path) from e
    with pdf:
        notes = read_by_ocr(pdf, pages, mode=ocr, path=path, reader=_ocr_page)
    if not any(page.lines for page in pages):
        why = "OCR found no text" if any(p.need for p in pages) else "no page image to read by OCR"
        raise DocumentLoadError("E010", path, why=why)
    text, origins = _assemble(pages)
    return Extracted(raw_text=text, media_type=MEDIA_TYPE, pages=len(pages), line_origins=origins,
                     warnings=notes.warnings, review_notes=notes.review)


def _ocr_page(pdf_page: Any, page: _Page, ocr_page: Any) -> None:
    """Put an OCR reading into ``page``: lines from the words, tables from the image's ruling."""
    page.tables = _explicit_tables(pdf_page, ocr_page.h_lines, ocr_page.v_lines)
    ocr_page.fill_empty_cells([cell for t in page.tables for row in t.rows for cell in row.cells if cell])
    page.lines = _cluster_lines(ocr_page.chars)


def _explicit_tables(pdf_page: Any, h_lines: list[dict[str, Any]], v_lines: list[dict[str, Any]]) -> list[Any]:
    """Ruled tables from rules found in the image, through pdfplumber's own table finder."""
    if len(h_lines) < 2 or len(v_lines) < 2:
        return []
    settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": v_lines, "explicit_horizontal_lines": h_lines}
    tables = pdf_page.find_tables(table_settings=settings)
    return [t for t in tables if t.rows and max(len(r.cells) for r in t.rows) >= 2]
