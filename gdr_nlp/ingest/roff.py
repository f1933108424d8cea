"""roff text (``pandoc -t ms``, ``pandoc -t man``, a report kept as a groff document), read as text (issue 10).

A roff source is text with request lines: ``.SH 2`` opens a heading (ms's level number is no table's
cell), ``.PP`` a paragraph, ``.pdfhref O 2 "…"`` a bookmark with its own numbers, ``.na``/``.ad`` fill
switches. Tables are tbl blocks, ``.TS`` … ``.TE``: an options line ending ``;``, format lines ending
``.``, then a row a line, cells apart by a tab, a cell's text in a ``T{`` … ``T}`` block where it runs
over lines (pandoc writes every cell so: a value a line). Read as plain text, the requests' numbers
land among the table's and a row's cells stand one a line with ``T}`` between them.

Only a text that is roff beyond doubt is rewritten (a tbl block, or request lines on at least
``MIN_REQUESTS`` lines): request lines go (a heading request's own Chinese words stay, as ``.SH "…"``
in man pages holds them), each tbl row becomes its cells joined by a tab (empty cells, a merged cell's
continuation, dropped as the CSV rewrite drops them), and the common escapes are undone. Everything
else stays as it is.
"""

from __future__ import annotations

import re

from gdr_nlp.document import HAN
from gdr_nlp.ingest.drawn_tables import join_cell_lines

MIN_REQUESTS = 5
_REQUEST = re.compile(r"^\.(?:[A-Za-z][A-Za-z0-9]?|pdfhref|pdfinfo|XS|XE|XA)(?:\s|$)")
_COMMENT = re.compile(r'^\.\s*\\"')
_HEADING = re.compile(r"^\.(?:SH|SS|TH|NH|IP|TP|B|I|BI|BR|IR|RB|RI)\b(.*)$")
_FONT = re.compile(r"\\f(?:\[[^\]]*\]|\(..|.)")
_UNICODE = re.compile(r"\\\[u([0-9A-Fa-f]{4,6})\]|\\C'u([0-9A-Fa-f]{4,6})'")
_NAMED = {r"\(em": "—", r"\(en": "–", r"\[em]": "—", r"\[en]": "–", r"\(lq": "“", r"\(rq": "”", r"\[lq]": "“",
          r"\[rq]": "”", r"\(aq": "'", r"\[aq]": "'", r"\(dq": '"', r"\[dq]": '"', r"\(ti": "~", r"\[ti]": "~"}


def _unescape(line: str) -> str:
    line = _FONT.sub("", line)
    line = _UNICODE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), line)
    for escape, char in _NAMED.items():
        line = line.replace(escape, char)
    return (line.replace(r"\&", "").replace(r"\-", "-").replace(r"\ ", " ").replace(r"\~", " ")
            .replace(r"\e", "\\").replace(r"\%", ""))


def _tbl_rows(lines: list[str]) -> list[str]:
    """A tbl block's data lines (after its options and format) as tab-joined rows of non-empty cells."""
    rows: list[str] = []
    row: list[str] = []
    block: list[str] | None = None  # the lines of an open T{ … T} text block

    def fields(rest: str, first_closes_block: bool) -> list[str] | None:
        """Cells of what follows on a line; the open block's lines if it ends in ``T{``."""
        parts = rest.split("\t")
        if first_closes_block:
            parts = parts[1:]  # "T}" then the row's next fields
        for k, part in enumerate(parts):
            if part == "T{" and k == len(parts) - 1:
                return []
            row.append(_unescape(part).strip())
        return None

    format_change = False
    for line in lines:
        line = line.rstrip("\r")
        if block is not None:
            if line.startswith("T}"):
                row.append(join_cell_lines([_unescape(b) for b in block]))
                block = fields(line, True)
                if block is None:
                    rows.append("\t".join(c for c in row if c))
                    row = []
            elif not (_REQUEST.match(line) or _COMMENT.match(line)):  # pandoc sets a cell's width (.nr LL 7.0n) in it
                block.append(line)
            continue
        if format_change:  # .T& then format lines up to the one ending "."
            format_change = not line.rstrip().endswith(".")
            continue
        if line.startswith(".T&"):
            format_change = True
            continue
        if _REQUEST.match(line) or _COMMENT.match(line) or line.strip() in ("_", "=", ""):
            continue
        block = fields(line, False)
        if block is None:
            rows.append("\t".join(c for c in row if c))
            row = []
    if block:  # a text block the table's end closed unfinished: its row still stands
        row.append(join_cell_lines([_unescape(b) for b in block]))
    rows.append("\t".join(c for c in row if c))
    return [r for r in rows if r]


def roff_text(text: str) -> tuple[str, int]:
    """``text`` with roff requests off and its tbl tables as tab-joined rows, when it is roff; else as it is.
    Returns ``(text, tables rewritten)``; the text changes too where no table does (its requests)."""
    lines = text.split("\n")
    tbl = any(ln.startswith(".TS") for ln in lines) and any(ln.startswith(".TE") for ln in lines)
    if not tbl and sum(1 for ln in lines if _REQUEST.match(ln)) < MIN_REQUESTS:
        return text, 0
    out: list[str] = []
    tables = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        cr = "\r" if line.endswith("\r") else ""
        if line.startswith(".TS"):
            end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith(".TE")), None)
            if end is not None:
                body = lines[i + 1 : end]
                k = 0
                if body and body[0].rstrip().endswith(";"):
                    k = 1  # the options line
                while k < len(body) and not body[k].rstrip().endswith("."):
                    k += 1  # format lines, the last one ending "."
                out.append(cr)
                out.extend(r + cr for r in _tbl_rows(body[k + 1 :]))
                out.append(cr)
                tables += 1
                i = end + 1
                continue
        if _COMMENT.match(line):
            i += 1
            continue
        if _REQUEST.match(line):
            heading = _HEADING.match(line.rstrip("\r"))
            words = heading.group(1).strip().strip('"') if heading else ""
            if words and HAN.search(words):
                out.append(_unescape(words) + cr)
            i += 1
            continue
        out.append(_unescape(line))
        i += 1
    return "\n".join(out), tables
