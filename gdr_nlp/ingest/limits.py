"""Resource limits checked before a backend runs, so one hostile file fails alone (#11).

A 38 KB HTML of ``<td rowspan=1000 colspan=1000>`` cells expands into billions of grid
positions and a 1.5 MB DOCX can unpack to 500 MB of XML; both are refused here from a
cheap scan of the bytes, before the parser builds anything. The numbers sit far above
any real annual report (a few hundred table cells, well under 1 MB of body XML) and
far below what would exhaust a machine (peak RSS stays under 2 GB per file; see
BENCHMARKS.md, "Fuzz").
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from gdr_nlp.errors import DocumentLoadError


@dataclass(frozen=True)
class Limits:
    """Per-file limits; a file over one fails with E012 naming it (``gdr extract`` has no flags for them)."""

    max_chars: int = 1_000_000  # characters of extracted text; real reports have 10k–200k
    max_html_bytes: int = 20 * 2**20
    max_html_cells: int = 100_000  # <td>/<th> elements
    max_html_grid: int = 1_000_000  # table positions after row/colspan expansion (upper bound)
    max_table_depth: int = 32  # tables nested in table cells
    max_zip_members: int = 2_000
    max_zip_bytes: int = 200 * 2**20  # all members, uncompressed
    max_zip_part_bytes: int = 32 * 2**20  # one XML part, uncompressed (lxml needs ~30× that in memory)


DEFAULT_LIMITS = Limits()

# browsers clamp spans to these (HTML standard: colspan ≤ 1000, rowspan ≤ 65534)
MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534

_TAG = re.compile(rb"<\s*(/?)\s*(table|tr|td|th)\b([^>]*)>", re.IGNORECASE)
_ATTR = {name: re.compile(rb"\b" + name + rb"""\s*=\s*["']?\s*(\d+)""", re.IGNORECASE) for name in (b"rowspan", b"colspan")}


def _over(path: str, what: str, value: int, limit: int) -> DocumentLoadError:
    return DocumentLoadError("E012", path, what=what, value=f"{value:,}", limit=f"{limit:,}")


def _span_value(attrs: bytes, name: bytes, clamp: int) -> int:
    found = _ATTR[name].search(attrs)
    return min(max(int(found.group(1)[:7]), 1), clamp) if found else 1


class _TableScan:
    """Rows of one table as (own width, rowspans started) for the grid-size bound."""

    def __init__(self) -> None:
        self.rows: list[list[tuple[int, int]]] = []

    def bound(self) -> int:
        """Upper bound of the expanded grid: rows × widest row, a row's width counting spans carried from above."""
        n = len(self.rows)
        carried = [0] * (n + 1)
        widest = running = 0
        for r, row in enumerate(self.rows):
            running += carried[r]
            widest = max(widest, running + sum(c for _, c in row))
            for rowspan, colspan in row:
                if rowspan > 1:
                    carried[r + 1] += colspan
                    carried[min(r + rowspan, n)] -= colspan
        return n * widest


def check_html(data: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse HTML whose tables would expand beyond the limits (linear scan of the tags).

    Raises:
        DocumentLoadError: E012 naming the limit.
    """
    if len(data) > limits.max_html_bytes:
        raise _over(path, "HTML size (bytes)", len(data), limits.max_html_bytes)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:4096].count(0) > 8:
        data = data.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")  # tags as bytes
    stack: list[_TableScan] = []
    cells = grid = 0
    for m in _TAG.finditer(data):
        closing, tag = m.group(1), m.group(2).lower()
        if tag == b"table":
            if not closing:
                stack.append(_TableScan())
                if len(stack) > limits.max_table_depth:
                    raise _over(path, "table nesting depth", len(stack), limits.max_table_depth)
            elif stack:
                grid += stack.pop().bound()
        elif not stack or closing:
            continue
        elif tag == b"tr":
            stack[-1].rows.append([])
        else:
            cells += 1
            if cells > limits.max_html_cells:
                raise _over(path, "table cell count", cells, limits.max_html_cells)
            if not stack[-1].rows:
                stack[-1].rows.append([])
            attrs = m.group(3)
            stack[-1].rows[-1].append((_span_value(attrs, b"rowspan", MAX_ROWSPAN), _span_value(attrs, b"colspan", MAX_COLSPAN)))
        if grid > limits.max_html_grid:
            break
    grid += sum(table.bound() for table in stack)  # tables never closed
    if grid > limits.max_html_grid:
        raise _over(path, "table grid size (cells after row/colspan expansion)", grid, limits.max_html_grid)


def check_zip(data: bytes, path: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a DOCX (zip) with too many members or too much uncompressed data (a zip bomb).

    The sizes are the ones the zip's directory declares; ``zipfile`` never reads past them.

    Raises:
        DocumentLoadError: E012 naming the limit; E006 for a broken container.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise DocumentLoadError("E006", path, detail=f"broken zip container: {e}") from e
    if len(infos) > limits.max_zip_members:
        raise _over(path, "zip member count", len(infos), limits.max_zip_members)
    total = sum(info.file_size for info in infos)
    if total > limits.max_zip_bytes:
        raise _over(path, "uncompressed size (bytes)", total, limits.max_zip_bytes)
    biggest = max(infos, key=lambda info: info.file_size, default=None)
    if biggest is not None and biggest.filename.endswith(".xml") and biggest.file_size > limits.max_zip_part_bytes:
        raise _over(path, f"uncompressed size of {biggest.filename} (bytes)", biggest.file_size, limits.max_zip_part_bytes)


def check_chars(text: str, path: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse text longer than ``limits.max_chars`` (the taggers' time grows with it)."""
    if len(text) > limits.max_chars:
        raise _over(path, "text length (characters)", len(text), limits.max_chars)
