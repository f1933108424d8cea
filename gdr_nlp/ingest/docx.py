"""DOCX backend: paragraphs and tables in body order, merged cells expanded.

python-docx opens the package; the body XML is walked directly so paragraphs
and tables keep their document order and gridSpan/vMerge are expanded the same
way as HTML spans (label text repeated in every grid position it covers, a value once).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from gdr_nlp.errors import DocumentLoadError
from gdr_nlp.ingest.base import Extracted
from gdr_nlp.reconcile.units import parse_cell

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_MAX_SPAN = 1000


def _run_text(run: Any) -> str:
    parts: list[str] = []
    for child in run:
        tag = child.tag
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _paragraph_text(p: Any) -> str:
    """Text of a ``w:p``: its runs in order (hyperlinks, insertions, fields' results included)."""
    parts: list[str] = []
    for run in p.iter(_W + "r"):
        # text boxes come twice (mc:Choice and the VML mc:Fallback): read the first only
        if any(anc.tag == _MC_FALLBACK for anc in run.iterancestors()):
            continue
        parts.append(_run_text(run))
    return "".join(parts)


def _cell_text(tc: Any) -> str:
    """A cell is one line: its paragraphs (and nested tables) are joined without a break."""
    pieces: list[str] = []
    for el in tc.iter(_W + "p"):
        pieces.append(_paragraph_text(el).replace("\n", "").replace("\t", " "))
    return "".join(pieces).strip()


def _int_attr(el: Any, name: str, default: int) -> int:
    if el is None:
        return default
    value = el.get(_W + name)
    return min(max(int(value), 0), _MAX_SPAN) if value and value.isdigit() else default


def _table_rows(tbl: Any) -> list[list[str | None]]:
    """Grid of a ``w:tbl`` with gridSpan/vMerge expanded: label text repeated, a value written once
    (its other positions None, left out of the text; see ``html._grid``)."""
    grid: list[list[str | None]] = []
    for tr in tbl.findall(_W + "tr"):
        row: list[str | None] = []
        trpr = tr.find(_W + "trPr")
        row.extend([""] * _int_attr(trpr.find(_W + "gridBefore") if trpr is not None else None, "val", 0))
        for tc in tr.findall(_W + "tc"):
            tcpr = tc.find(_W + "tcPr")
            span = max(1, _int_attr(tcpr.find(_W + "gridSpan") if tcpr is not None else None, "val", 1))
            vmerge = tcpr.find(_W + "vMerge") if tcpr is not None else None
            col = len(row)
            if vmerge is not None and vmerge.get(_W + "val", "continue") != "restart" and grid:
                above = grid[-1]
                text = above[col] if col < len(above) else ""
                if text is None or parse_cell(text).kind in ("number", "na"):
                    text = None  # a value spanning rows is one cell, written once (issue 9)
            else:
                text = _cell_text(tc)
            # a spanned label repeats (each row keeps its label); a spanned value is written once
            repeat = None if text is None or parse_cell(text).kind in ("number", "na") else text
            row.extend([text] + [repeat] * (span - 1))
        grid.append(row)
    return grid


def _body_lines(parent: Any, out: list[str]) -> None:
    for el in parent.iterchildren():
        tag = el.tag
        if tag == _W + "p":
            out.extend(_paragraph_text(el).split("\n"))
        elif tag == _W + "tbl":
            if out and out[-1].strip():
                out.append("")
            out.extend("\t".join(c for c in row if c is not None) for row in _table_rows(el) if row)
            out.append("")
        elif tag == _W + "sdt":
            content = el.find(_W + "sdtContent")
            if content is not None:
                _body_lines(content, out)


def docx_to_text(data: bytes, path: str) -> str:
    """Text of a DOCX file per CONTRIBUTING.md.

    Raises:
        DocumentLoadError: E006 when the package or its XML is broken.
    """
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise DocumentLoadError("E006", path, detail=f"not a readable Word document: {e}") from e
    except Exception as e:  # lxml XMLSyntaxError and python-docx's own package errors
        raise DocumentLoadError("E006", path, detail=f"broken Word document: {type(e).__name__}") from e
    out: list[str] = []
    _body_lines(body, out)
    # a table at the end leaves a trailing blank line; paragraphs may leave empty ones too
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out)


def load_docx(data: bytes, path: str) -> Extracted:
    """Backend for .docx."""
    return Extracted(raw_text=docx_to_text(data, path), media_type=MEDIA_TYPE)
