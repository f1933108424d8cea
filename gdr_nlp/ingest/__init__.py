"""Ingestion: one source file (txt, md, html, docx, pdf) → ``ReportDocument``.

``load`` sniffs the format (extension, then content), runs the format's backend
to get the raw text, normalizes it with an offset map back to the raw text
(``normalize.normalize``) and records where each line came from.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

from gdr_nlp.document import Line, ReportDocument, SourceInfo, lines_from_text
from gdr_nlp.errors import DocumentLoadError, NotAReportError
from gdr_nlp.ingest.base import Extracted
from gdr_nlp.ingest.detect import SUPPORTED_SUFFIXES, Format, detect_format
from gdr_nlp.ingest.docx import load_docx
from gdr_nlp.ingest.html import load_html
from gdr_nlp.ingest.limits import DEFAULT_LIMITS, Limits, check_chars, check_html, check_zip
from gdr_nlp.ingest.normalize import normalize
from gdr_nlp.ingest.pdf import load_pdf
from gdr_nlp.ingest.scanned import OcrMode
from gdr_nlp.ingest.txt import load_text, text_extracted

__all__ = ["DEFAULT_LIMITS", "MAX_BYTES", "SUPPORTED_SUFFIXES", "Limits", "from_string", "load", "normalize"]

MAX_BYTES = 100 * 1024 * 1024
"""Default size limit of an input file (E007 above it)."""

REPORT_MARKERS = ("政府信息公开", "年度报告", "主动公开", "依申请")
"""A report names at least one of these; a text with none is not a report (E009)."""

BACKENDS: dict[Format, Callable[[bytes, str], Extracted]] = {
    "txt": load_text,
    "md": lambda data, path: load_text(data, path, markdown=True),
    "html": load_html,
    "docx": load_docx,
    "pdf": load_pdf,
}


# checked on the raw bytes before the backend parses anything (#11)
PRE_CHECKS: dict[Format, Callable[[bytes, str, Limits], None]] = {"html": check_html, "docx": check_zip}


def _read(path: str, max_bytes: int) -> bytes:
    try:
        st = os.stat(path)
    except FileNotFoundError as e:
        raise DocumentLoadError("E001", path) from e
    except OSError as e:  # a symlink loop, a name too long, a folder without permission
        raise DocumentLoadError("E006", path, detail=e.strerror or type(e).__name__) from e
    if not stat.S_ISREG(st.st_mode):  # a folder, a device, a pipe
        raise DocumentLoadError("E001", path)
    if st.st_size > max_bytes:
        raise DocumentLoadError("E007", path, size_mb=st.st_size / 2**20, limit_mb=f"{max_bytes / 2**20:g}")
    if st.st_size == 0:
        raise DocumentLoadError("E002", path)
    try:
        with open(path, "rb") as fh:
            return fh.read(max_bytes + 1)
    except OSError as e:
        raise DocumentLoadError("E006", path, detail=e.strerror or type(e).__name__) from e


def _lines(text: str, extracted: Extracted) -> list[Line]:
    lines = lines_from_text(text)
    if len(extracted.line_origins) == len(lines):
        for line, (page, bbox) in zip(lines, extracted.line_origins):
            line.page, line.bbox = page, bbox
    return lines


def _damage_notes(raw: str) -> list[str]:
    """Warnings for characters decoding replaced or control bytes left in the text (the text degrades, #11)."""
    notes = []
    if replaced := raw.count("\ufffd"):
        notes.append(f"{replaced} undecodable byte sequence(s) replaced by U+FFFD; nearby figures may be wrong")
    if controls := sum(1 for ch in raw if ch < " " and ch not in "\t\n\r\f"):
        notes.append(f"{controls} control character(s) (NUL etc.) in the text")
    return notes


def load(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES, limits: Limits = DEFAULT_LIMITS,
    ocr: OcrMode = "auto",
) -> ReportDocument:
    """Read one report file into a ``ReportDocument``.

    Args:
        path: a .txt, .md, .html/.htm, .docx or .pdf file (a wrong extension is
            tolerated when the content is one of these; see ``doc.warnings``).
        max_bytes: files larger than this are refused before they are read.
        limits: size limits checked before parsing (HTML tables, DOCX zip) and after (characters).
        ocr: PDF pages read by OCR: ``auto`` those without a usable text layer (scanned,
            garbled fonts), ``always`` all, ``never`` none (such pages are then an error).

    Returns:
        The document with ``text``, ``raw_text``, ``raw_offsets``, ``lines``
        (page and bbox for PDF), ``source`` and any ingestion warnings.

    Raises:
        DocumentLoadError: E001 missing, E002 empty, E003 unsupported type, E005
            encrypted PDF, E006 corrupt, E007 too large, E008 binary, E010 PDF
            without text layer, E011 undecodable text, E012 over a limit of ``limits``,
            E018 garbled PDF text layer that OCR cannot replace.
        NotAReportError: E009, the text names none of ``REPORT_MARKERS``.

    Example:
        >>> doc = load("tests/fixtures/000_78cf330bb6c558ff.txt")
        >>> doc.raw_slice(0, len(doc.text)) == doc.raw_text
        True
    """
    spath = os.fspath(path)
    data = _read(spath, max_bytes)
    fmt, warnings = detect_format(spath, Path(spath).suffix, data)
    if fmt in PRE_CHECKS:
        PRE_CHECKS[fmt](data, spath, limits)
    extracted = load_pdf(data, spath, ocr=ocr) if fmt == "pdf" else BACKENDS[fmt](data, spath)
    return _document(extracted, spath, hashlib.sha256(data).hexdigest(), warnings, limits)


def from_string(text: str, *, path: str = "<text>", limits: Limits = DEFAULT_LIMITS) -> ReportDocument:
    """A report given as a string (pasted text) into a ``ReportDocument``, checked and normalized as ``load`` does.

    Raises:
        DocumentLoadError: E002 empty, E012 over the character limit.
        NotAReportError: E009.
    """
    check_chars(text, path, limits)  # before any work on it, as load() checks a file's size first
    extracted = text_extracted(text, path)  # as a .txt file of this text is read
    return _document(extracted, path, hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest(), [], limits)


def _document(extracted: Extracted, spath: str, sha256: str, warnings: list[str], limits: Limits) -> ReportDocument:
    check_chars(extracted.raw_text, spath, limits)
    damage = _damage_notes(extracted.raw_text)
    text, offsets = normalize(extracted.raw_text)
    if not text.strip():
        raise DocumentLoadError("E002", spath)
    if not any(marker in text for marker in REPORT_MARKERS):
        raise NotAReportError("E009", spath, detail="none of " + "/".join(REPORT_MARKERS) + " found")
    return ReportDocument(
        text=text,
        raw_text=extracted.raw_text,
        raw_offsets=offsets,
        source=SourceInfo(path=spath, sha256=sha256, media_type=extracted.media_type, pages=extracted.pages),
        lines=_lines(text, extracted),
        warnings=warnings + extracted.warnings + [f"{spath}: {note}" for note in damage],
        review_notes=extracted.review_notes + damage,
    )
