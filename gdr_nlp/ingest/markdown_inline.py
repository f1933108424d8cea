"""Markdown writers' inline markup in table cells, taken off so the cell's text is left (issue 10).

``pandoc -t markdown`` wraps a styled cell's text in a bracketed span (``[规章]{style="…"}``, a
number too: ``[0]{…}``), other writers in emphasis (``**0**``), inline HTML (``<span …>``)
or escapes (``\\-``): the rules read such a cell as text, not as its number or label. The class
taken off here: bracketed spans ``[text]{…}``, attribute blocks ``{#id .class key=…}``, ``**``/``__``
strong and ``*`` emphasis, ``<span>``/``<font>`` tags and backslash escapes of ASCII punctuation.
Only markup is removed; every other character stays as it was.

``<br>`` stays: PDF-to-markdown converters also put it between the texts of two cells a merged cell
ran together (a group label and a row label); taking it off was tried and misread a row of a real
report whose label such a table splits over two rows (BENCHMARKS.md, "Inline markup in markdown
table cells").

Used for the cells of drawn tables (``drawn_tables.join_cell_lines``) and of markdown pipe tables
(:func:`clean_pipe_tables`, which keeps the pipes, the padding and every line outside a table as
they are), and for attribute blocks ending a markdown heading (:func:`clean_heading_attributes`).
In a .md file the backslash escapes are taken off every line as well (:func:`clean_escapes`): a
markdown writer that puts a table's cells one paragraph a line (mammoth's ``convert_to_markdown``)
escapes the ordinal ``1\\.`` of a row label and the point of an amount (``64\\.12``).
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: a backslash escapes ASCII punctuation
_PROTECT = 0xE000  # escaped characters wait in the private use area while markup is matched
_BRACKET_SPAN = re.compile(r"\[([^\[\]]*)\]\{[^{}]*\}")
_ATTRIBUTES = re.compile(r"[ \t]*\{(?:[#.][^\s{}]|[A-Za-z][\w-]*=)[^{}]*\}")
_STRONG = re.compile(r"(\*\*|__)(?=[^\s*_])(.+?)(?<=[^\s*_])\1")  # not a fill-in blank ________
_EMPHASIS = re.compile(r"(?<![A-Za-z0-9*])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![A-Za-z0-9*])")  # not 3*4*5
_INLINE_TAG = re.compile(r"</?(?:span|font)\b[^<>]*>", re.IGNORECASE)
# a pipe table's delimiter row (GFM, pandoc): dashes per column with optional alignment colons
_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")
_PIPE = re.compile(r"(?<!\\)\|")
_BORDERED = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]")
_MARKS = ("]{", "{#", "{.", "**", "__", "*", "\\", "<span", "<SPAN", "<font", "<FONT")


def clean_cell(text: str, *, keep: str = "") -> str:
    """``text`` with inline markup taken off; escapes of the characters in ``keep`` stay escaped."""
    if not any(mark in text for mark in _MARKS):
        return text
    # escapes first, so that an escaped * or [ is never read as markup (unless the text has private
    # use characters of its own, which a PDF font can give: then escapes are read last)
    protect = not any(_PROTECT <= ord(ch) < _PROTECT + 0x80 for ch in text)
    if protect:
        text = _ESCAPE.sub(lambda m: m.group(0) if m.group(1) in keep else chr(_PROTECT + ord(m.group(1))), text)
    while True:  # innermost first: a span may hold a span
        inner = _BRACKET_SPAN.sub(r"\1", text)
        if inner == text:
            break
        text = inner
    text = _ATTRIBUTES.sub("", text)
    text = _INLINE_TAG.sub("", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\1", text)
    if not protect:
        return _ESCAPE.sub(lambda m: m.group(0) if m.group(1) in keep else m.group(1), text)
    return "".join(chr(ord(ch) - _PROTECT) if _PROTECT <= ord(ch) < _PROTECT + 0x80 else ch for ch in text)


def _pipe_row(line: str) -> str:
    """A pipe table row with each cell cleaned; the pipes and an escaped ``\\|`` (text, not a border) stay."""
    pieces = _PIPE.split(line)
    return "|".join(clean_cell(p, keep="|") for p in pieces)


def clean_pipe_tables(text: str) -> tuple[str, int]:
    """``text`` with the cells of each markdown pipe table cleaned (:func:`clean_cell`).

    A pipe table is a delimiter row (``|---|:--:|``) under a row holding a ``|``, and the rows
    below it up to the first line without one; or two or more lines each between bars, and the rows
    below them (``pandoc -t jira`` writes no delimiter row). Returns ``(text, rows changed)``.
    """
    if "|" not in text or not any(mark in text for mark in _MARKS):
        return text, 0  # cheap exit for the common case
    lines = text.split("\n")
    changed = 0
    i = 1
    while i < len(lines):
        if _DELIMITER.match(lines[i]) and "|" in lines[i] and "|" in lines[i - 1]:
            delimiter: int | None = i  # not a row: left as it is
        elif _BORDERED.match(lines[i - 1]) and _BORDERED.match(lines[i]):
            delimiter = None  # rows between bars with no delimiter row (pandoc -t jira, textile): a table too
        else:
            i += 1
            continue
        end = i + 1
        while end < len(lines) and "|" in lines[end] and lines[end].strip():
            end += 1
        for k in (k for k in range(i - 1, end) if k != delimiter):
            row = _pipe_row(lines[k])
            if row != lines[k]:
                lines[k] = row
                changed += 1
        i = end
    return "\n".join(lines), changed


# a column name a table-to-markdown tool makes up where the table has no header cell: PyMuPDF's
# to_markdown (Col1, Col2, …), pandas (Unnamed: 0), spreadsheet tools (Column1)
_PLACEHOLDER_HEADER = re.compile(r"(?:Col|Column)\d{1,3}|Unnamed: ?\d{1,3}")


def blank_placeholder_headers(text: str) -> tuple[str, int]:
    """The made-up column names of a pipe table's header row (the row over its delimiter row) as spaces,
    so ``Col10`` is no label with a number in it; same length, so offsets stay. A header cell that says
    anything else, and every body row, stay as written. Returns ``(text, rows changed)``."""
    if "|" not in text or not _PLACEHOLDER_HEADER.search(text):
        return text, 0
    lines = text.split("\n")
    changed = 0
    for i in range(1, len(lines)):
        if not (_DELIMITER.match(lines[i]) and "|" in lines[i] and "|" in lines[i - 1]):
            continue
        row = re.sub(r"(?<=\|)([ \t]*)(%s)([ \t]*)(?=\|)" % _PLACEHOLDER_HEADER.pattern,
                     lambda m: " " * len(m.group()), lines[i - 1])
        if row != lines[i - 1]:
            lines[i - 1] = row
            changed += 1
    return "\n".join(lines), changed


_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def clean_escapes(text: str) -> tuple[str, int]:
    """Markdown text with the backslash escapes of ASCII punctuation taken off (CommonMark), except
    in fenced code, where a backslash is literal, and except ``\\|``, which a pipe table row keeps
    (its cells were cleaned by :func:`clean_pipe_tables`). Returns ``(text, lines changed)``."""
    if "\\" not in text:
        return text, 0
    lines = text.split("\n")
    changed = 0
    fenced = False
    for k, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or "\\" not in line:
            continue
        clean = _ESCAPE.sub(lambda m: m.group(0) if m.group(1) == "|" else m.group(1), line)
        if clean != line:
            lines[k] = clean
            changed += 1
    return "\n".join(lines), changed


def clean_heading_attributes(text: str) -> str:
    """Markdown text with the attribute block ending each ATX heading taken off (``# 标题 {#id style=…}``)."""
    if "{" not in text:
        return text
    lines = text.split("\n")
    for k, line in enumerate(lines):
        if _HEADING.match(line) and "{" in line:
            body = line.rstrip("\r")
            m = re.search(_ATTRIBUTES.pattern + r"[ \t]*$", body)
            if m:
                lines[k] = body[: m.start()] + line[len(body) :]
    return "\n".join(lines)
