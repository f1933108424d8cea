"""Cutting a table region of doc.text into cell-sized tokens, whatever the layout.

Layouts (CONTRIBUTING.md and what pasted reports do): one cell per tab-led line
with wrapped text on following lines; cells separated by empty lines; rows of
tab-joined or pipe-joined cells; rows flattened to one line with spaces; cells on
lines of their own with the tab between them on a line of its own (a browser's
innerText of a table whose cells hold paragraphs).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from gdr_nlp.document import Span
from gdr_nlp.ingest.base import BULLETED_PAGE, PAGE_NUMBER, page_number_line
from gdr_nlp.reconcile.schema import ORDINAL_PREFIX, compact
from gdr_nlp.reconcile.units import parse_cell

_LETTER_SPACED = re.compile(r"\d(?: \d)+")  # "1 7": digits a typesetter spaced apart
_MONEY_UNITS = ("万元", "亿元", "元")
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LAYOUT_PIECE = re.compile(r"\S+(?: \S+)*")  # layout-mode text: cells are parted by two or more spaces
_LABEL_REACH = 24  # lines a wrapped label may run on past its numbers: a page break (blank lines, footer, running header) fits
_ORDINAL_IN_PIECE = re.compile(r"(?<= )(?:[（(]?[一二三四五六七八九十\d]{1,2}[）)]|[一二三四五六七八九十\d]{1,2}[、.．])")


@dataclass
class Token:
    """One cell-sized piece of a table region: [start, end) in doc.text."""

    start: int
    end: int
    text: str
    kind: str  # number | empty | na | text

    @property
    def is_value(self) -> bool:
        return self.kind != "text"


def tokenize_region(text: str, start: int, end: int, *, whole_label: Callable[[str], bool] | None = None) -> list[Token]:
    """Cut a table region into cell tokens, whatever the layout.

    Tab-led lines are one cell each and a following line without a tab continues
    that cell (wrapped text); tab- or pipe-joined lines are rows of cells; a line
    of space-separated numbers is a flattened row; empty lines separate rows.

    ``whole_label`` (the tagger's: does this text already name a whole row?) turns on reading
    labels wrapped in space-aligned layout text (:func:`_wrapped_labels`): the pieces a label
    wrapped onto the lines under its numbers come straight after the label's own token, before
    the numbers, so the label reads whole; they keep their own offsets.
    """
    lines: list[tuple[int, str]] = []
    pos = start
    for line in text[start:end].split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    nonblank = [ln for _, ln in lines if ln.strip()]
    tab = _tab_separator(nonblank)
    tab_led = sum(ln.startswith("\t") for ln in nonblank) > 0.5 * max(1, len(nonblank))
    separators = {} if tab_led else _separator_lines(lines, len(nonblank))
    blank_cells = set() if tab_led or separators else _blank_line_cells(lines)
    # one cell per line (most lines hold no inner space): a line of spaced digits is one cell
    one_per_line = not tab_led and sum(len(ln.split()) == 1 for ln in nonblank) >= 0.8 * max(1, len(nonblank))
    tokens: list[Token] = []
    moved: dict[int, list[tuple[int, int]]] = {}
    columns = whole_label is not None and not (tab_led or separators or one_per_line)
    if columns:
        moved = _wrapped_labels(lines, whole_label)
    taken = {piece for pieces in moved.values() for piece in pieces}
    prev_tab_cell = False
    gap = 0  # empty lines since the last tab cell
    for i, (lstart, line) in enumerate(lines):
        own = [(a, b) for a, b in taken if lstart <= a < lstart + len(line)]
        if own:  # pieces that moved up to the label they continue: blanked here, offsets kept
            for a, b in own:
                line = line[: a - lstart] + " " * (b - a) + line[b - lstart :]
            if not line.strip():
                line = ""
        if columns and line and not line.strip() and tokens and tokens[-1].kind == "text":
            # layout text padded to the page's width: a line of spaces between the pieces of a label
            # is a blank line, not an empty cell that would cut the label in two; after a row's
            # numbers it stays a token, which keeps the row's cells apart from numbers set above
            # the next row's label (a vertically centred cell)
            line = ""
        if i in moved:  # a row line of space-aligned text (a flattened row): its wrapped label's pieces before its numbers
            row = _split_flat(lstart, line)
            first_value = next((k for k, t in enumerate(row) if t.is_value), len(row))
            tokens.extend(row[:first_value] + [Token(a, b, text[a:b], "text") for a, b in moved[i]] + row[first_value:])
            prev_tab_cell, gap = False, 0
            continue
        if not line:
            gap += 1
            if i in blank_cells:  # an empty cell the layout gives no character: a zero-length CELL
                tokens.append(Token(lstart, lstart, "", "empty"))
            continue
        if i in separators:
            tokens.extend(Token(lstart, lstart, "", "empty") for _ in range(separators[i]))
            gap = 0
            continue
        if tab_led and line == "\t" and _continues_group_cell(lines, i):
            continue  # the blank under a merged group cell (GUIDELINES: no span), not a data cell
        body = line.strip()
        if not line.startswith("\t") and page_number_line(body):
            continue  # a page footer a PDF-to-text conversion left inside the table, not a cell
        if BULLETED_PAGE.match(line) and _alone(lines, i):
            continue  # "- 2 -" that a PDF-to-markdown converter turned into a list item "- 2", set apart by blank lines
        # wrapped cell text: "商业\n企业", "1\n2", and once across an empty line: "（三）不予\n\n公开"
        wraps = bool(tokens) and not (tokens[-1].kind == "text" and parse_cell(line).kind != "text")
        if tokens and gap == 1 and (tokens[-1].kind != "text" or len(body) > 8):
            wraps = False
        if tab_led and prev_tab_cell and gap <= 1 and not line.startswith("\t") and body and wraps:
            last = tokens[-1]
            merged = text[last.start : lstart + len(line)]
            tokens[-1] = Token(last.start, lstart + len(line), merged, parse_cell(merged).kind)
            gap = 0
            continue
        pieces = _split_line(line, tab)
        if one_per_line and _LETTER_SPACED.fullmatch(body) and _one_spaced_number(body):
            # one cell per line: "1 7" is one number with its digits spaced
            # apart (the documented split pattern, issue 9), not two cells
            start = lstart + line.index(body)
            tokens.append(Token(start, start + len(body), body, parse_cell(body).kind))
            pieces = []
        elif tab_led and line.startswith("\t") and "\t" not in line[1:] and "|" not in line and body:
            # one cell per line: "3 4" is one number with a stray space, never two cells
            start = lstart + line.index(body)
            tokens.append(Token(start, start + len(body), body, parse_cell(body).kind))
            pieces = []
        for pstart, piece in pieces:
            tokens.extend(_split_flat(lstart + pstart, piece))
        prev_tab_cell = line.startswith("\t") and "\t" not in line[1:]
        gap = 0
    if columns:
        # space-aligned text: words two or more spaces apart stand in different columns (a stacked
        # group label beside a row label), so each is a token the tagger can place by its column
        tokens = [piece for tok in tokens for piece in _column_pieces(tok)]
        tokens = _unglue_cells(text, tokens)
    return [piece for i, tok in enumerate(tokens)
            for piece in _label_runs(tok, last=i == len(tokens) - 1, whole_label=whole_label)]


# A number after a label with nothing between (``规章030``, ``…数量018900027``): digits and minus
# signs (本年增/减 ``0-198``), with a decimal part when one follows (``56.65``). ``2.其他…`` is the next row's ordinal, not a decimal.
_RUN_AFTER_LABEL = re.compile(r"(?<=[^\d\s.．、-])-?\d+(?:-\d+)*(?:[.．]\d+)?")  # 0-198: a sign starts a cell
_ORDINAL_AFTER = re.compile(r"[.．、](?!\d)")
_RUN_AT_START = re.compile(r"\d+(?:[.．]\d+)?(?=[^\d\s\-—–－~～/])")  # not a page number's (-4-2.没有…)
_LABEL_START = re.compile(r"\d[.．](?!\d)|[（(][一二三四五六七八九十]{1,2}[）)]|[一二三四五六七八九十]{1,2}、|第二十条")
MIN_GLUED_RUNS = 2  # a text token holding at least this many label-then-digits places is a table run together
MIN_SPACED_RUNS = 4  # as many, where the token has white space in it too


def _label_runs(tok: Token, *, last: bool = False, whole_label: Callable[[str], bool] | None = None) -> list[Token]:
    """A table whose cells a converter joined with no separator at all (lxml ``text_content()``,
    BeautifulSoup ``get_text()``: ``规章030行政规范性文件005``): the one text token is cut into its
    labels and the digit runs after them. A run is one token however many cells it holds; which
    cells it holds is the reconciler's to decide (``reconcile/glued.py``). The digit right before a
    ``.``/``、`` that no digit follows is the next label's ordinal (``…00000002.其他…``). The region's
    last token may hold one run only, at its end (表四: its header, then its fifteen cells). So may a
    token that is a whole row label (``whole_label``) and one digit (``行政许可0``: a one-cell row of
    表二), and an amount may end before its unit (``行政事业性收费0万元``)."""
    if tok.kind != "text":
        return [tok]
    runs = [(m.start(), b) for m in _RUN_AFTER_LABEL.finditer(tok.text) if (b := _run_end(tok.text, m)) > m.start()]
    if any(ch.isspace() for ch in tok.text) and len(runs) < MIN_SPACED_RUNS:
        # words apart are a label's or a line's own; a whole page written as one line (pdfminer with no
        # layout analysis) still has spaces in its running footer (``第1页 共3页``) between its rows
        return [tok]
    # one run at the token's end: the region's last token (表四: its header, then its cells), or a run
    # of two digits or more (no official label ends in a number): a wrapped label's last line with
    # its row's cells written straight after it (PyPDF2 3: ``形，不计其他情形）0000000``)
    one_at_end = len(runs) == 1 and (runs[0][1] == len(tok.text) or tok.text[runs[0][1]:] in _MONEY_UNITS)
    glued = len(runs) >= MIN_GLUED_RUNS or (one_at_end and (
        last or sum(ch.isdigit() for ch in tok.text[runs[0][0]:]) >= 2
        or (whole_label is not None and whole_label(tok.text[: runs[0][0]]))))
    # a run at the token's start: the row before's cells with the next label written straight after
    # them (docx2txt, which breaks no line where python-docx wrote a bare paragraph:
    # ``01040000104104（七）总计…``, ``40000000408.属于行政查询事项``, ``279行政强制``): taken where the
    # token is cut anyway, or where the next label's ordinal, 表二's part caption or a whole row label
    # follows the run (a year before 年 in prose is none of them)
    lead = _RUN_AT_START.match(tok.text)
    if lead and not any(ch.isspace() for ch in tok.text):
        b = _run_end(tok.text, lead)
        if b > 0 and (glued or _LABEL_START.match(tok.text, b) or (whole_label is not None and whole_label(tok.text[b:]))):
            runs.insert(0, (0, b))
            glued = True
    if not glued:
        return [tok]
    out: list[Token] = []
    at = 0
    for a, b in runs:
        if a > at:  # a label, and a placeholder cell written onto its end (…申请数量——1890027)
            mark = _PLACEHOLDER_END.search(tok.text, at, a)
            cut = mark.start() if mark else a
            if cut > at:
                out.append(Token(tok.start + at, tok.start + cut, tok.text[at:cut], "text"))
            if mark:
                out.append(Token(tok.start + cut, tok.start + a, tok.text[cut:a], "na"))
        out.append(Token(tok.start + a, tok.start + b, tok.text[a:b], "number"))
        at = b
    if at < len(tok.text):
        out.append(Token(tok.start + at, tok.end, tok.text[at:], "text"))
    return out


def _run_end(text: str, m: re.Match[str]) -> int:
    """Where a digit run ends: before its last digit when that digit is the next label's ordinal (a
    ``.``/``、`` that no digit follows comes after it, and the run has no decimal point of its own)."""
    if _ORDINAL_AFTER.match(text, m.end()) and "." not in m.group() and "．" not in m.group():
        return m.end() - 1
    return m.end()


_PLACEHOLDER_END = re.compile(r"(?:[—―]+|[/／\\×])\Z")  # a cell's placeholder (units.NA_TOKENS) before a run


_GLUED_CELL = re.compile(r"(?<=[^\d\s.．、])\d$")


def _unglue_cells(text: str, tokens: list[Token]) -> list[Token]:
    """A row's first cell glued to the end of its label, the space between them lost
    (``…重新出具0   0  0``): no official label ends in a digit, so one digit at a label's end right
    before the row's numbers on its line is a cell; it goes just before the row's other numbers
    (after a wrapped label's pieces). A longer run (``”10000``: 1|0|0|0|0 or 10|0|0|0?) is read
    no single way and stays in the label, where the glued-label review note names it."""
    pending: dict[int, list[Token]] = {}
    out: list[Token] = []
    for tok in tokens:
        out.extend(pending.pop(id(tok), []))
        m = _GLUED_CELL.search(tok.text) if tok.kind == "text" and "\n" not in tok.text else None
        after = None
        if m is not None:  # the next token on the label's own line
            line_end = text.find("\n", tok.end)
            line_end = len(text) if line_end < 0 else line_end
            after = min((t for t in tokens if tok.end <= t.start < line_end), key=lambda t: t.start, default=None)
        if m is None or after is None or not after.is_value or not tok.text[: m.start()].strip():
            out.append(tok)
            continue
        at = tok.start + m.start()
        out.append(Token(tok.start, at, tok.text[: m.start()], "text"))
        pending[id(after)] = [Token(at, at + 1, m.group(), "number")]
    return out


def _column_pieces(tok: Token) -> list[Token]:
    """A text token of space-aligned text cut where two or more spaces part its words."""
    if tok.kind != "text" or "\n" in tok.text or "  " not in tok.text:
        return [tok]
    return [Token(tok.start + m.start(), tok.start + m.end(), m.group(), "text") for m in _LAYOUT_PIECE.finditer(tok.text)]


def _wrapped_labels(lines: list[tuple[int, str]], whole_label: Callable[[str], bool]) -> dict[int, list[tuple[int, int]]]:
    """Space-aligned layout text (pdftotext -layout and the like): a row label too long for its
    column wraps onto the lines under its row, in the label's column, with the other columns
    blank. Line index of each row line → the (start, end) offsets of the pieces that continue its
    label.

    A row line is space-aligned (cells parted by two or more spaces) and holds a label piece, then
    numbers. The label's column is where that piece stands (from its ordinal, when a stacked group
    label is glued to it by one space), widened to the last piece of a text line straight above
    (the label's start, when the label wraps around its numbers; a line of numbers alone has only
    that). Lines under it continue the label while they hold no number and have a piece that lies
    inside the column with no ordinal of its own (a new row's label starts with one; a running
    page header is wider than the column); a line with numbers ends the row, and so does a blank
    line or a page break (page number, running header) unless the pieces after it make the label a
    whole official label (a Chromium PDF's centred cell, a page ending inside a label).
    Column positions come from the text alone, whatever the tool. A label that already names a
    whole row does not wrap.
    """
    out: dict[int, list[tuple[int, int]]] = {}
    taken: set[int] = set()
    for i, (lstart, line) in enumerate(lines):
        if "\t" in line or "|" in line or i in taken or "  " not in line.strip():
            continue  # a label's own wrapped line is no row of its own; text that is not space-aligned has no columns
        words = [(m.start(), m.group()) for m in re.finditer(r"\S+", line)]
        first = next((k for k, (_, w) in enumerate(words) if parse_cell(w).kind != "text"), None)
        if first is None:
            continue
        label_end = words[first - 1][0] + len(words[first - 1][1]) if first else 0
        pieces = [(m.start(), m.end()) for m in _LAYOUT_PIECE.finditer(line[:label_end])]
        x0, x1 = len(line), 0
        if pieces:
            x0, x1 = pieces[-1]
            inner = [m.start() for m in _ORDINAL_IN_PIECE.finditer(line[x0:x1])]
            x0 += inner[-1] if inner else 0
            if whole_label(line[x0:x1]):
                continue
        # a label wrapped around its numbers starts on the text line straight above; the piece
        # beside the numbers may then be a stacked group label (（四） / 无法提供) in a column to the left
        above = lines[i - 1][1] if i > 0 and i - 1 not in taken else ""
        above_pieces = [(m.start(), m.end()) for m in _LAYOUT_PIECE.finditer(above)]
        head = line[x0:x1] if pieces else ""
        if above_pieces and "\t" not in above and "|" not in above and all(parse_cell(w).kind == "text" for w in above.split()):
            head = above[above_pieces[-1][0] : above_pieces[-1][1]] + head
            x0, x1 = min(x0, above_pieces[-1][0]), max(x1, above_pieces[-1][1])
        if x1 <= x0:
            continue
        # (start, end, text) of the pieces that continue the label; past a blank line or a page break
        # (its page number, then the running header) the pieces in the column continue it only if
        # they make it a whole official label, so they wait in ``pending`` until then
        found: list[tuple[int, int, str]] = []
        pending: list[tuple[int, int, str]] = []
        pending_lines: list[int] = []
        crossing = page_break = False
        for j in range(i + 1, min(i + _LABEL_REACH, len(lines))):
            jstart, below = lines[j]
            if "\t" in below or "|" in below or (not crossing and j >= i + 4):
                break
            so_far = head + "".join(p[2] for p in found + pending)
            if not below.strip() or PAGE_NUMBER.match(compact(below)):
                if whole_label(so_far):
                    break
                crossing = True
                page_break = page_break or bool(below.strip())
                continue
            if any(parse_cell(w).kind != "text" for w in below.split()):
                break
            inside = [(jstart + m.start(), jstart + m.end(), m.group()) for m in _LAYOUT_PIECE.finditer(below)
                      if x0 - 1 <= m.start() and m.end() <= x1 + 1 and not ORDINAL_PREFIX.match(m.group())]
            if not inside:
                if crossing and page_break:
                    continue  # the running header of the next page, wider than the column
                break
            if crossing and any(ORDINAL_PREFIX.match(m.group()) for m in _LAYOUT_PIECE.finditer(below) if x0 - 1 <= m.start() < x1 + 1):
                break  # past a blank line, a new row's label starts in the column
            if crossing:
                pending.extend(inside)
                pending_lines.append(j)
                continue
            found.extend(inside)
            taken.add(j)
        if pending and whole_label(head + "".join(p[2] for p in found + pending)):
            found.extend(pending)
            taken.update(pending_lines)
        if found:
            out[i] = [(a, b) for a, b, _ in found]
    return out


def _separator_lines(lines: list[tuple[int, str]], n_cells: int) -> dict[int, int]:
    """Tab-only lines that separate cells standing on lines of their own, each mapped to the
    blank cells it stands for; empty when the region is not laid out that way.

    A browser's innerText writes a table whose cells hold paragraphs as ``cell`` / ``\t`` /
    ``cell`` on separate lines (blank lines around), rows parted by a longer run of blank lines.
    A tab-only line is then a boundary, not a cell: k tabs part k+1 cells, so k-1 blank cells lie
    between its neighbours; a separator right after a row break (a longer blank run than the
    ones around separators) opens the row with a blank cell, one right before a row break closes it
    with one, and two separators with no cell between them hold a blank cell (two when they sit on
    consecutive lines: a row closing blank, then the next opening blank).
    """
    seps = [i for i, (_, ln) in enumerate(lines) if ln and not ln.strip() and "\t" in ln]
    # most cells are parted by a separator: a region of ordinary one-cell-per-line text with a
    # stray tab line or two keeps its own reading
    if n_cells < 6 or len(seps) < 0.4 * n_cells:
        return {}

    def run_before(i: int) -> tuple[int, str]:
        j = i - 1
        while j >= 0 and not lines[j][1]:
            j -= 1
        return i - 1 - j, ("start" if j < 0 else "sep" if j in sep_set else "cell")

    def run_after(i: int) -> tuple[int, str]:
        k = i + 1
        while k < len(lines) and not lines[k][1]:
            k += 1
        return k - i - 1, ("end" if k >= len(lines) else "sep" if k in sep_set else "cell")

    sep_set = set(seps)
    around = [n for i in seps for n, kind in (run_before(i), run_after(i)) if kind == "cell"]
    usual = max(set(around), key=around.count) if around else 0  # the blank run beside a separator
    out = {}
    for i in seps:
        blanks = lines[i][1].count("\t") - 1
        before, prev = run_before(i)
        after, nxt = run_after(i)
        if prev == "sep":
            # nothing between two separators: a blank cell; on the very next line, a row break
            # parts them (tabs of one row share a line), closing one row and opening the next blank
            blanks += 2 if before == 0 else 1
        elif prev == "cell" and before > usual:
            blanks += 1  # a row that opens with a blank cell
        if nxt == "cell" and after > usual:
            blanks += 1  # the row closes with a blank cell
        out[i] = blanks
    return out


def _one_spaced_number(body: str) -> bool:
    """"1 7" is one number a typesetter spaced apart; "0 0 0 0 1" is a row of cells.

    A count never starts with 0, and a stray space splits a short number: four or more single
    digits in a row are a flattened row even where most lines hold one word (a header typeset
    one character per line, as narrow vertical header cells come out of PDF text extraction).
    """
    digits = body.split()
    return digits[0] != "0" and len(digits) <= 3


def _alone(lines: list[tuple[int, str]], i: int) -> bool:
    """Line i has a blank line (or the region's edge) on both sides."""
    return all(j < 0 or j >= len(lines) or not lines[j][1].strip() for j in (i - 1, i + 1))


def _continues_group_cell(lines: list[tuple[int, str]], i: int) -> bool:
    """A tab-only line after an empty line (or after others like it) and before a label line."""
    j = i - 1
    while j >= 0 and lines[j][1] == "\t":
        j -= 1
    k = i + 1
    while k < len(lines) and lines[k][1] == "\t":
        k += 1
    before_empty = j < 0 or not lines[j][1]
    return before_empty and k < len(lines) and parse_cell(lines[k][1]).kind == "text"


def _blank_line_cells(lines: list[tuple[int, str]]) -> set[int]:
    """Where one-cell-per-line text separates cells by one empty line, the extra empty lines of a
    longer run are blank cells: cell, '', '', '', cell holds one blank cell (the middle line)."""
    runs = _empty_runs(lines)
    if not _cells_by_empty_lines(lines, runs):
        return set()
    return {first + k for first, n in runs if n >= 3 for k in range(1, n - 1, 2)}


def _empty_runs(lines: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """(first index, length) of each run of empty lines between cells."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if lines[i][1]:
            i += 1
            continue
        j = i
        while j < len(lines) and not lines[j][1]:
            j += 1
        if i > 0 and j < len(lines):
            runs.append((i, j - i))
        i = j
    return runs


def _cells_by_empty_lines(lines: list[tuple[int, str]], runs: list[tuple[int, int]] | None = None) -> bool:
    """One cell per line with one empty line between cells (most gaps are single empty lines)."""
    if runs is None:
        runs = _empty_runs(lines)
    cells = sum(1 for _, line in lines if line.strip())
    return cells >= 6 and sum(n == 1 for _, n in runs) >= 0.6 * cells


MIN_DOUBLED_TAB_LINES = 3  # lines whose cells are two tabs apart before the region's separator is taken as two tabs


def _tab_separator(lines: list[str]) -> str:
    """The region's cell separator: two tabs where every run of tabs is of even length on every line
    (resiliparse's ``extract_plain_text`` writes a table row's cells two tabs apart, so that an empty
    cell is four), else one tab. A single tab anywhere keeps one-tab cells, where two tabs are an
    empty cell between two others."""
    runs = [[len(m.group()) for m in re.finditer(r"\t+", ln.lstrip("\t"))] for ln in lines if "\t" in ln]
    doubled = sum(1 for r in runs if r and all(n % 2 == 0 for n in r))
    return "\t\t" if doubled >= MIN_DOUBLED_TAB_LINES and all(n % 2 == 0 for r in runs for n in r) else "\t"


def _split_line(line: str, tab: str = "\t") -> list[tuple[int, str]]:
    # one pipe at an end: the head or tail of a pipe row a fixed-width wrapper broke (an e-mail's 72
    # columns: "| … | 0 | 0 |" / "0 |"), whose cells are cells all the same
    if line.count("|") >= 2 or (line.count("|") == 1 and (line.strip().startswith("|") or line.strip().endswith("|"))
                                and line.strip() != "|"):
        if _MD_SEPARATOR.match(line):
            return []
        parts = _pieces(line, "|")
        if line.strip().startswith("|"):
            parts = parts[1:]
        if line.strip().endswith("|"):
            parts = parts[:-1]
        return [(s + _lead(p), p.strip()) for s, p in parts]
    if "\t" in line:
        parts = _pieces(line, tab)
        if line.startswith("\t"):
            parts = parts[1:]  # indentation, not an empty cell
        return [(s, p) for s, p in parts]
    return [(0, line)]


def _pieces(line: str, sep: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for part in line.split(sep):
        out.append((pos, part))
        pos += len(part) + len(sep)
    return out


def _lead(piece: str) -> int:
    return len(piece) - len(piece.lstrip())


_GLUED_TAIL = re.compile(r"(\d[\d,]*)[\u4e00-\u9fff]+")


def _split_flat(start: int, piece: str) -> list[Token]:
    """A flattened row ("规章 0 0 0", fifteen 表四 numbers) splits on spaces; a lone cell stays whole."""
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", piece)]
    glued = _GLUED_TAIL.fullmatch(words[-1][1]) if len(words) >= 3 else None
    if glued and parse_cell(words[-1][1]).kind == "text" and all(
            parse_cell(w).kind in ("number", "na") for _, w in words[-3:-1]):
        # "0    0    0理结": a layout converter put a stacked group label's line ("理结" of 办理结果) on
        # a row, glued to its last cell; the number is the cell, the text a piece of its own
        off, w = words.pop()
        cut = glued.end(1)
        words += [(off, w[:cut]), (off + cut, w[cut:])]
    if len(words) >= 3 and words[-1][1] in _MONEY_UNITS and parse_cell(words[-2][1]).kind == "number":
        # "行政事业性收费 0 万元": a layout converter set the unit apart; the amount is the cell and
        # the reconciler reads the unit after it (tables._UNIT_AFTER), as for "918200   元" alone
        words.pop()
    kind = parse_cell(piece).kind
    # Split even when the whole would read as one number ("1 0 0 1 2"): a number broken by a stray
    # space is put back together by the reconciler's merge readings, scored by the arithmetic.
    values = sum(parse_cell(w).kind in ("number", "na") for _, w in words)
    # a label and its values ("规章 0 0 0"), or a label and a lone total ("1.属于国家秘密 0")
    label_and_total = values == 1 and len(words) >= 2 and parse_cell(words[-1][1]).kind in ("number", "na")
    if len(words) >= 2 and (values >= 2 or label_and_total):
        toks = []
        label_words = []
        for off, w in words:
            k = parse_cell(w).kind
            if k == "text" and not toks:
                label_words.append((off, w))
                continue
            toks.append(Token(start + off, start + off + len(w), w, k))
        if label_words:
            lo, hi = label_words[0][0], label_words[-1][0] + len(label_words[-1][1])
            toks.insert(0, Token(start + lo, start + hi, piece[lo:hi], "text"))
        return toks
    if not piece.strip():
        return [Token(start, start + len(piece), piece, "empty")]
    lead = _lead(piece)
    body = piece.strip()
    return [Token(start + lead, start + lead + len(body), body, kind)]


def header_start(word: str, header_words: set[str]) -> bool:
    """``word`` is the first line of a header cell stacked over lines (社会公 of 社会公益组织)."""
    return len(word) >= 3 and any(w.startswith(word) and w != word for w in header_words)


def split_header_lines(tokens: list[Token], header_words: set[str]) -> list[Token]:
    """A flattened header row ("申请人情况 自然人 … 小计 总计") becomes one token per header word."""
    out: list[Token] = []
    for tok in tokens:
        words = [(m.start(), m.group()) for m in re.finditer(r"[^ \t]+", tok.text)] if tok.kind == "text" else []
        whole = sum(compact(w) in header_words for _, w in words)
        # a header cell stacked over two lines (layout text: 社会公益 over 组织) leaves its first line's
        # words, each the start of a header word, among whole ones on the header line
        if (len(words) >= 2 and "\n" not in tok.text and whole >= 2
                and all(compact(w) in header_words or header_start(compact(w), header_words) for _, w in words)):
            out.extend(Token(tok.start + off, tok.start + off + len(w), w, "text") for off, w in words)
        else:
            out.append(tok)
    return out


_LABEL_WRAP = re.compile(r"[ \u3000]*(?:\r?\n[ \u3000]*)?")  # within one label: a wrapped line, no blank line, no tab
_CELL_GAP = re.compile(r" ?")  # what may part two value tokens of one span: nothing the layout draws
_LABELS = ("ROW_LABEL", "COL_HEADER", "TABLE_CAPTION")
_BARE_NUMBER = re.compile(r"-?\d+")


def snap_spans(text: str, spans: list[Span], tokens: list[Token]) -> list[Span]:
    """Another tagger's spans (the model's) put on the layout's token boundaries, as the rules'
    spans are cut from them: where a span and the tokens disagree about where a cell starts or
    ends, the layout has drawn the boundary (a tab, a pipe, a line break, two spaces in
    space-aligned text, a label's end before a run of digits) and the span does not see it.

    * A CELL span is the value tokens it overlaps, whole (``'2'`` of ``2102200元`` is that
      number); value tokens parted by a separator are one CELL each (``'2\\t0'`` is two cells).
      Tokens parted by one space inside a cell a tab or pipe draws stay one span: whether
      ``13 13`` there is one cell or two the source does not say (#9), so the model's reading of
      it is kept for the reconciler and review; on a row flattened with spaces the space is the
      separator (``8 1985`` is two tokens, and the reconciler's merge readings weigh them as they
      do the rules'). A CELL over text tokens only is left as it is.
    * A METRIC span that is a bare number on a table's value tokens is a CELL (the model read a
      table run together with no separator as prose).
    * A label span (row label, column header, caption) is one span per text token it overlaps
      (a label the layout breaks over lines or cells is pieces, as the rules' are, and the
      reconciler joins them), each widened to the token's edges where they are a cell's
      (``'（'`` of ``（一）予以公开``; ``'.没有…'`` of ``2.没有…制作`` between two runs of digits) but never
      over another span; the value tokens it overlaps are cells (``'0'`` of ``…00000002.其他…``
      is the run's).

    Spans outside every token, and other labels, are kept as they are. Order: by offsets.
    """
    toks = sorted((t for t in tokens if t.end > t.start), key=lambda t: t.start)
    if not toks:
        return list(spans)
    starts = [t.start for t in toks]
    out: list[Span] = []
    for span in spans:
        over = _overlapping(toks, starts, span.start, span.end)
        bare = _BARE_NUMBER.fullmatch(text[span.start : span.end])
        if span.label == "METRIC" and over and all(t.is_value for t in over) and bare:
            # a bare number (no unit, no words) on a table's value tokens is a cell the model took
            # for a narrative figure: in text run together a table reads like prose
            span = Span(start=span.start, end=span.end, label="CELL", score=span.score)
        if span.label == "CELL":
            values = [t for t in over if t.is_value]
            if not values:
                out.append(span)
                continue
            group = [values[0]]
            for tok in values[1:]:
                if _CELL_GAP.fullmatch(text[group[-1].end : tok.start]) and _cells_drawn(text, tok.start):
                    group.append(tok)
                    continue
                out.append(span.model_copy(update={"start": group[0].start, "end": group[-1].end}))
                group = [tok]
            out.append(span.model_copy(update={"start": group[0].start, "end": group[-1].end}))
        elif span.label in _LABELS and over:
            out.extend(_snap_label(text, span, over, [o for o in spans if o is not span and o.end > o.start]))
        else:
            out.append(span)
    seen: set[tuple[int, int, str]] = set()
    unique = []
    for span in sorted(out, key=lambda s: (s.start, s.end)):
        if (span.start, span.end, span.label) not in seen:  # two pieces of one token: one span
            seen.add((span.start, span.end, span.label))
            unique.append(span)
    return unique


def _cells_drawn(text: str, at: int) -> bool:
    """The line at ``at`` draws its cells with tabs or pipes, so a space on it is inside a cell; on a
    line of cells parted by spaces (a flattened row: ``行政规范性文件 240 8 1985``) a space is the
    separator."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start : end if end >= 0 else len(text)]
    return "\t" in line or line.count("|") >= 2


def _overlapping(toks: list[Token], starts: list[int], start: int, end: int) -> list[Token]:
    i = max(0, bisect.bisect_right(starts, start) - 1)
    out = []
    while i < len(toks) and toks[i].start < end:
        if toks[i].end > start and start < end:
            out.append(toks[i])
        i += 1
    return out


def _snap_label(text: str, span: Span, over: list[Token], others: list[Span]) -> list[Span]:
    """A label span's stretches of text tokens, each widened to its tokens' edges where they are a
    cell's (``_drawn``), never over another span; the value tokens it overlaps are cells (the
    layout cuts them from the label)."""
    out = []
    stretch: list[Token] = []
    for tok in [*over, None]:
        if tok is not None and not tok.is_value and (not stretch or _wrapped_on(text, span, stretch[-1], tok)):
            stretch.append(tok)
            continue
        if stretch:
            start, end = max(span.start, stretch[0].start), min(span.end, stretch[-1].end)
            first, last = stretch[0], stretch[-1]
            if _drawn(text, first.start - 1):
                start = max(first.start, max((o.end for o in others if o.end <= start), default=0))
            if _drawn(text, last.end):
                end = min(last.end, min((o.start for o in others if o.start >= end), default=last.end))
            while end > start and text[end - 1].isspace():  # a token of wrapped lines may end in a line break
                end -= 1
            while end > start and text[start].isspace():
                start += 1
            if end > start:
                out.append(span.model_copy(update={"start": start, "end": end}))
        if tok is not None and tok.is_value:
            out.append(Span(start=tok.start, end=tok.end, label="CELL", score=span.score))
        stretch = [tok] if tok is not None and not tok.is_value else []
    return out or [span]


def _wrapped_on(text: str, span: Span, before: Token, tok: Token) -> bool:
    """``tok`` goes on the label ``before`` ends: the pieces of a row label the model read whole
    across a line break (a narrow cell wrapped, each line its own token: mutool's HTML text) are one
    label, unless the line starts a row of its own (an ordinal: 1., （二）, 三、); a tab, pipe or
    blank line parts cells. Column headers stay one span a line: a PDF reader writes the wrapped
    headers of neighbouring columns line by line, interleaved."""
    if "\n" not in text[before.end : tok.start]:
        return before.end == tok.start
    return (span.label == "ROW_LABEL" and _LABEL_WRAP.fullmatch(text, before.end, tok.start) is not None
            and ORDINAL_PREFIX.match(compact(text[tok.start : tok.end])) is None)


def _drawn(text: str, at: int) -> bool:
    """A token edge is a cell's edge at ``at``: a separator the layout draws stands there (or the
    text ends there), or a number the tokenizer cut from the label (text run together: a row's
    label ends where its digits start and starts where the row above's end)."""
    return at < 0 or at >= len(text) or text[at].isspace() or text[at] == "|" or text[at].isdigit()
