"""Format sniffing: extension first, then content (magic bytes, zip members, HTML tags, text)."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Literal

from gdr_nlp.errors import DocumentLoadError

Format = Literal["txt", "md", "html", "docx", "pdf"]

SUPPORTED_SUFFIXES: dict[str, Format] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
"""File suffixes (lower case) the loader reads, mapped to their format."""

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(rb"<(?:html|body|p|div|table|br|span)\b[^>]*>", re.IGNORECASE)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


def _plausible(ch: str) -> bool:
    code = ord(ch)
    return (
        0x20 <= code < 0x7F
        or ch in "\t\n\r"
        or 0x4E00 <= code <= 0x9FFF
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
        or 0x2000 <= code <= 0x206F
    )


def utf16_order(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when BOM-less bytes with NULs read as Chinese/ASCII text in that order."""
    head = data[:8192]
    if head.count(0) < 2:
        return None
    head = head[: len(head) // 2 * 2]
    for order in ("utf-16-le", "utf-16-be"):
        text = head.decode(order, errors="replace")
        if text and sum(map(_plausible, text)) >= 0.95 * len(text):
            return order
    return None


def is_binary(data: bytes) -> bool:
    """Whether ``data`` looks like binary rather than text in any encoding we read.

    NUL bytes mean binary unless the head is UTF-16 (a BOM, or bytes that read
    as Chinese/ASCII text as UTF-16); otherwise many C0 control bytes mean binary.
    """
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    nuls = head.count(0)
    if nuls:
        if b"\x00\x00\x00\x00" in head:
            return True
        if utf16_order(head) is not None:
            return False
        if nuls > len(head) // 1000:  # a stray NUL per KB of text degrades it (a warning, review), #11
            return True
    controls = sum(1 for b in head if b < 0x09 or 0x0E <= b < 0x20 or b == 0x7F)
    return controls > max(8 + nuls, len(head) // 100)


def _sniff_zip(data: bytes, path: str) -> Format | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise DocumentLoadError("E006", path, detail=f"broken zip container: {e}") from e
    return "docx" if "word/document.xml" in names else None


def _sniff_text(data: bytes) -> Format | None:
    if is_binary(data):
        return None
    head = data[:4096]
    order = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else utf16_order(head)
    if order:
        head = head.decode(order, errors="ignore").encode("utf-8", errors="ignore")
    if _HTML_START.match(head.lstrip(b"\xef\xbb\xbf")):
        return "html"
    return "txt"


def _has_markup(data: bytes) -> bool:
    return len(_HTML_TAGS.findall(data[:65536])) >= 2


def sniff_content(data: bytes, path: str) -> Format | None:
    """Format the bytes are in, or None when they are not a format we read."""
    if data[:1024].find(b"%PDF-") >= 0:
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        return _sniff_zip(data, path)
    return _sniff_text(data)


def detect_format(path: str, suffix: str, data: bytes) -> tuple[Format, list[str]]:
    """Pick the backend for a file: its extension, checked against its content.

    A file whose content is another supported format than its extension says is
    read by content, with a note in the returned warnings.

    Args:
        path: the path as given (for messages).
        suffix: the file suffix (any case).
        data: the whole file content.

    Returns:
        ``(format, warnings)``.

    Raises:
        DocumentLoadError: E003 (unknown extension, unrecognizable content), E005/E006
            (encrypted or broken Office/PDF containers), E008 (binary content).
    """
    suffix = suffix.lower()
    by_ext = SUPPORTED_SUFFIXES.get(suffix)
    if data.startswith(_OLE_MAGIC):
        # OLE2: legacy .doc, or an Office file saved with a password (encrypted .docx)
        if by_ext == "docx":
            raise DocumentLoadError("E006", path, detail="password-protected (encrypted) Office document")
        raise DocumentLoadError("E003", path, ext=suffix or "(none)")
    by_content = sniff_content(data, path)
    if by_ext is not None and by_content is not None:
        if by_ext == by_content or {by_ext, by_content} <= {"txt", "md"}:
            return by_ext, []
        if by_ext == "html" and by_content == "txt" and _has_markup(data):
            # an HTML fragment without <html>/<body>; never a PDF or DOCX, whose compressed streams
            # can hold "<p…>" by chance (#11: a PDF renamed .html was read as HTML)
            return "html", []
        note = f"{path}: extension {suffix!r} but content is {by_content}; read as {by_content}"
        return by_content, [note]
    if by_ext is not None:  # extension known, content not readable as any format
        if by_ext == "pdf":
            raise DocumentLoadError("E006", path, detail="no PDF header")
        if by_ext == "docx":
            raise DocumentLoadError("E006", path, detail="not a Word (OOXML) document")
        raise DocumentLoadError("E008", path)
    if by_content is None:
        raise DocumentLoadError("E003", path, ext=suffix or "(none)")
    return by_content, [f"{path}: unknown extension {suffix!r}; content read as {by_content}"]
