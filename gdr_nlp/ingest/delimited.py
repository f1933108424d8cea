"""Tables written as comma-separated values in text, rewritten as tab-joined rows (issue 10).

People get a report's tables out of a PDF, a web page or a Word file as CSV (camelot's and
pdfplumber's tables through ``csv.writer``, ``pandas.read_html(...).to_csv()``, a spreadsheet's
"save as CSV") and paste or hand that on. A CSV row's commas are its cell borders, but to the
rules ``规章,2,0,0`` is one label glued to one number ``2,0,0``. Here a block of CSV records is
rewritten the way the HTML backend writes a table's rows: the fields of a record joined by a tab,
quotes taken off, empty fields dropped. An empty field is a merged cell's continuation (pdfplumber,
camelot) or a spreadsheet's spacing column (Calc's CSV puts a page on one grid), not a cell; a blank
cell dropped with them is a short row, which the reconciler places by the sums or flags. A header of
``0, 1, 2, …`` (pandas' default column labels) is no row. Everything else is left byte for byte.

A text holds CSV only where it says so beyond doubt: at least three consecutive records with the same
number of fields (a writer's fixed width), three fields or more each (two where every field is
quoted, or both are short), no tab, some field with Chinese text (a label) and some field a number;
no field that looks like the middle of a spaced row of numbers with thousands separators (``1,234
5,678``, every number of it a well-formed group; two counts a space apart in one field are tabula's
cells run together, and stay, as does ``30 25,112,9,…``, whose commas group nothing) or a padded
layout (a run of spaces), and no record of several fields with a sentence's
``。`` (prose written with ASCII commas). Once a text holds such a block, shorter ones are taken too, and
records of three numbers or more with no label (a table's row a page break set apart).
"""

from __future__ import annotations

import csv
import re

from gdr_nlp.document import HAN

MIN_RECORDS = 3  # a table's caption row, header row and one row at least
MIN_FIELDS = 3
# lines one record may span: a narrow column's header wraps a character a line (表四's 结/果/维/持), so a
# header record of ten such fields runs to some forty lines; an unclosed quote in prose stops here
MAX_RECORD_LINES = 120
_PADDED = re.compile(r"  ")  # a padded layout
_SPACED_DIGITS = re.compile(r"\d \d")
# what a thousands group leaves at a field's start once the row is split at its commas
_THOUSANDS_TAIL = re.compile(r"\d{3}(?: |$)")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DIGITS_AND_COMMAS = re.compile(r"[\d,.]+")
_ALL_QUOTED = re.compile(r'"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")+')


def _spaced_thousands(fields: list[str]) -> bool:
    """A row of numbers with thousands separators parted by spaces (``1,234 5,678``), split at its commas:
    a field with digits a space apart next to one that starts with a three-digit group, every number of
    the row read back whole being a well-formed thousands group. A field with two counts a space apart
    between plain fields (tabula's CSV puts two cells in one: ``…数量,0 11,10,…``, ``30 25,112,9,…``) is a
    table's, and the reconciler weighs it as it does a cell holding two numbers."""
    if any(not _THOUSANDS.fullmatch(token) for token in (t.strip(".") for t in re.split(r"\s+", ",".join(fields)))
           if "," in token and _DIGITS_AND_COMMAS.fullmatch(token)):
        return False  # ``64,178,37``: no thousands grouping, so the commas are the writer's
    for i, field in enumerate(fields):
        if _SPACED_DIGITS.search(field) and (_THOUSANDS_TAIL.match(field)
                                             or (i + 1 < len(fields) and _THOUSANDS_TAIL.match(fields[i + 1]))):
            return True
    return False


def _numbers_row(records: list[list[str]]) -> bool:
    """Records of numbers alone, three or more a record, none read whole as one number with thousands
    separators: a table's row of cells set apart from its labels (pdfplumber writes a table's row on the next
    page as a table of its own), taken once the text holds a CSV table."""
    return all(all(_NUMBER.fullmatch(f.strip()) for f in r if f.strip())
               and sum(1 for f in r if f.strip()) >= MIN_FIELDS and not _THOUSANDS.fullmatch(",".join(r).strip())
               for r in records)


def _record(lines: list[str], i: int) -> tuple[list[str], int] | None:
    """The CSV record starting at line ``i`` (a quoted field may hold line breaks) and the line after
    it, or None where the line is no CSV record: fewer than ``MIN_FIELDS`` fields (two where all are
    quoted, or both short), a tab, or a field that is no table cell (spaced thousands, a sentence)."""
    line = lines[i].rstrip("\r")
    if "\t" in line or ("," not in line and '"' not in line):
        return None
    j = i + 1
    while line.count('"') % 2 and j < len(lines) and j - i < MAX_RECORD_LINES:  # a line break inside a quoted field
        line += "\n" + lines[j].rstrip("\r")
        j += 1
    if line.count('"') % 2 or "," not in line or "\t" in line:
        return None
    try:
        fields = next(csv.reader([line.replace("\n", "\x00")]))
    except (csv.Error, StopIteration):
        return None
    # two fields do where the writer quotes every field (camelot's to_csv: "label","value"), or where
    # both are short and no sentence (a two-column table's row: 行政处罚,0)
    least = 2 if _ALL_QUOTED.fullmatch(line) or all(len(f) <= 40 and "。" not in f for f in fields) else MIN_FIELDS
    if len(fields) < least or any(_PADDED.search(f) for f in fields) or _spaced_thousands(fields):
        return None
    if sum(1 for f in fields if f.strip()) > 1 and any("。" in f for f in fields):
        return None  # a sentence cut at its ASCII commas, not a row (a paragraph is one field of its record)
    return fields, j  # "\x00" where a field's line broke: _merged_columns reads them, _cell joins them


def _cell(field: str) -> str:
    """A field's text: its lines joined as they wrapped (a label cut at its cell's edge)."""
    return field.replace("\x00", "").strip()


def _merged_columns(records: list[list[str]]) -> list[list[str]]:
    """Records with each merged column split back: camelot's network flavor finds no border between two
    columns and writes both in one field, a line each, the header's two names over the values' two numbers
    (``本年制发件数`` above ``本年废止件数`` in one field, ``2`` above ``0`` in the field under it); joined as a
    wrapped label is, they read ``20`` under one column. A header field of k lines, none a number, over a run of fields of k numbers a line
    each is k columns, header and run alike. Anything else (a wrapped label, a number over lines with no
    such header) stays one field."""
    out = [list(r) for r in records]
    for j in reversed(range(len(records[0]))):
        header: tuple[int, int] | None = None
        split: set[int] = set()
        for n, r in enumerate(out):
            parts = [part.strip() for part in r[j].split("\x00")]
            if header is not None and len(parts) == header[1] and all(_NUMBER.fullmatch(p) for p in parts):
                split |= {header[0], n}
                continue
            header = None
            if len(parts) >= 2 and all(p and not _NUMBER.fullmatch(p) and HAN.search(p) for p in parts):
                header = (n, len(parts))
        for n in split:
            out[n][j : j + 1] = [part.strip() for part in out[n][j].split("\x00")]
    return out


def rewrite_csv_tables(text: str) -> tuple[str, int]:
    """``text`` with each block of CSV records rewritten as tab-joined rows. Returns ``(text, blocks rewritten)``.

    Once a text holds one such block, a shorter one is a table's rest too (a row a page break or a
    tool set apart: pdfplumber writes a table's rows on the next page as a table of their own)."""
    if text.count(",") < MIN_RECORDS * (MIN_FIELDS - 1):
        return text, 0  # cheap exit for the common case
    out, count = _rewrite(text.split("\n"), MIN_RECORDS, need_number=True)
    if count:
        out, count = _rewrite(text.split("\n"), 1, need_number=False)
    return out, count


def _rewrite(lines: list[str], min_records: int, *, need_number: bool) -> tuple[str, int]:
    out: list[str] = []
    count = 0
    i = 0
    while i < len(lines):
        first = _record(lines, i)
        if first is None:
            out.append(lines[i])
            i += 1
            continue
        records, j = [first[0]], first[1]
        while j < len(lines) and (nxt := _record(lines, j)) is not None and len(nxt[0]) == len(first[0]):
            records.append(nxt[0])
            j = nxt[1]
        joined = [[_cell(f) for f in r] for r in records]
        if len(records) >= min_records and (
                (any(HAN.search(f) for r in joined for f in r)
                 and ((len(records[0]) > 2 and not need_number)
                      or any(_NUMBER.fullmatch(f) for r in joined for f in r)))
                or (not need_number and _numbers_row(joined))):
            cr = "\r" if lines[i].endswith("\r") else ""  # keep the file's line ends
            # an empty field is a merged cell's continuation (pdfplumber, camelot) or a spreadsheet's
            # spacing column (Calc): no cell. A blank cell dropped with them is what the reconciler
            # reads short rows for (placed by the sums, or flagged).
            # a header of 0, 1, 2, … is a data frame's default column labels (pandas' to_csv): no row
            for cells in ([_cell(f) for f in r] for r in _merged_columns(records)):
                out.append(("" if cells == [str(k) for k in range(len(cells))] else "\t".join(c for c in cells if c)) + cr)
            count += 1
        else:
            out.extend(lines[i:j])
        i = j
    return "\n".join(out), count
