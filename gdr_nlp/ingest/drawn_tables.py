"""Tables drawn in text (.txt/.md), rewritten as the rows the HTML backend writes (issue 10).

Four classes of converter output hold a table as drawn text, which the rules cannot read as rows:

- raw HTML ``<table>`` fragments inside markdown (``pandoc -t markdown`` writes merged tables so);
- MediaWiki table markup (``pandoc -t mediawiki``, wiki exports): ``{|`` … ``|}``, a row after
  each ``|-``, a cell a ``|`` line, inline HTML left in the cells;
- box and ASCII grids (``w3m -dump``'s ┌─┬┐│, pandoc grid tables and MySQL's ``+---+``, ═║╔):
  cells are the rectangles the borders enclose, so row and column spans come from the drawing;
- dash-ruled fixed-width tables (pandoc simple and multiline tables, reStructuredText simple
  tables): a rule of ``-``/``=`` runs gives each column's extent, in display columns (a CJK
  character is two wide).

Each table found becomes cells with spans handed to the HTML backend's writer
(:func:`gdr_nlp.ingest.html.table_lines`: a row per line, cells joined by a tab, spanned labels
repeated, a spanned value once), with a blank line around. Everything else is left byte for byte.
A block that looks drawn but whose cells cannot be placed (ragged borders, text across a column
edge) is left as it was and named in a note rather than guessed. Markdown pipe tables are read as
they are; only the inline markup in their cells is taken off (``markdown_inline``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from gdr_nlp.ingest.html import Cell, html_to_text, table_lines
from gdr_nlp.ingest.markdown_inline import clean_cell

# Box-drawing (U+2500-U+257F): straight lines, and every other stroke shape is a corner or junction.
_H = frozenset("─━┄┅┈┉╌╍═╼╾-=:")  # ':' marks a column's alignment in pandoc grid rules
_V = frozenset("│┃┆┇┊┋╎╏║╽╿|")
_NOT_CORNER = frozenset("╱╲╳╴╵╶╷╸╹╺╻")
_C = frozenset(chr(c) for c in range(0x2500, 0x2580)) - _H - _V - _NOT_CORNER | {"+"}
_PAD = ""  # the second display column of a wide character

_HTML_OPEN = re.compile(r"^ {0,3}<table\b", re.IGNORECASE)
_HTML_TAG = re.compile(r"<(/?)table\b", re.IGNORECASE)
_DASH_RULE = re.compile(r"^ *(?:-+|=+)(?: +(?:-+|=+))* *$")
_ASCII_RULE = frozenset("-=")
# border left inside a cell's text (a bar, a rule, a corner on a rule): the borders were misread
_STROKES = re.compile(r"[|│┃║]|[-─━═=+]{3,}|[+┼├┤┬┴][-─═=]|[-─═=][+┼├┤┬┴]")
_MAX_LINES = 5000  # a table longer than this is not looked for (keeps the scan linear)


# How a tool counted a character's width when it padded the drawing: one column each (it padded by
# characters, as links2 and a plain str.ljust do), two for East Asian wide/fullwidth (a terminal's
# display width), or two for East Asian ambiguous ones (box lines) as well (an East Asian terminal).
BY_CHARACTER, DISPLAY, DISPLAY_AMBIGUOUS_WIDE = 0, 1, 2


def _wide(ch: str, widths: int) -> bool:
    if widths == BY_CHARACTER:
        return False
    w = unicodedata.east_asian_width(ch)
    return w in "WF" or (widths == DISPLAY_AMBIGUOUS_WIDE and w == "A")


def _columns(line: str, widths: int = DISPLAY) -> list[str]:
    """``line`` by display column: a wide character fills two, the second being ``_PAD``."""
    out: list[str] = []
    for ch in line:
        out.append(ch)
        if _wide(ch, widths):
            out.append(_PAD)
    return out


_WRAPPED_NUMBER = re.compile(r"[\d,.]+\\?")


def join_cell_lines(parts: list[str]) -> str:
    """A cell's wrapped lines as one text: CJK joined without a space, other words with one; a
    number the writer wrapped inside its box (``pandoc -t rst`` gives a one-character column ``1``
    over ``4`` over ``1``) is one number again: the box, not the arithmetic, says the lines are one cell."""
    lines = [part.strip() for part in parts if part.strip()]
    if len(lines) >= 2 and all(_WRAPPED_NUMBER.fullmatch(line) for line in lines):
        return clean_cell("".join(line.rstrip("\\") for line in lines))
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out.endswith("\\"):  # a markdown hard line break inside a cell
            out = out[:-1].rstrip()
        if out and not (_wide(out[-1], DISPLAY) or _wide(part[0], DISPLAY)) \
                and not (out[-1].isdigit() and part[0] in ".．、"):  # an ordinal cut from its dot: 1 / .属于…
            out += " "
        out += part
    out = out[:-1].rstrip() if out.endswith("\\") else out
    return clean_cell(out)  # pandoc's [text]{style="…"} and other inline markup (its attributes wrap with the cell)


def _table(cells: list[tuple[int, int, int, int, str]]) -> list[list[Cell]]:
    """Cells ``(top, left, bottom, right, text)`` on any grid, as HTML-style rows with spans."""
    rows_at = sorted({c[0] for c in cells} | {c[2] for c in cells})
    cols_at = sorted({c[1] for c in cells} | {c[3] for c in cells})
    rows: list[list[Cell]] = [[] for _ in rows_at[:-1]]
    for top, left, bottom, right, text in sorted(cells):
        r, c = rows_at.index(top), cols_at.index(left)
        rows[r].append(Cell([text], rowspan=rows_at.index(bottom) - r, colspan=cols_at.index(right) - c))
    return rows


def _lines(rows: list[list[Cell]]) -> list[str]:
    """The writer's rows without trailing empty cells: a drawing shows an absent cell as an empty one."""
    return [line for line in (r.rstrip("\t") for r in table_lines(rows)) if line.strip()]


def _span(value: str) -> int:
    """A span a markup gives (rowspan, colspan, nc=, \\3 …), bounded: a typo of 1000 is no grid."""
    return max(1, min(int(value), 100))


def _closing(lines: list[str], start: int, ends: Callable[[str], bool]) -> int | None:
    """The first line from ``start`` on (within ``_MAX_LINES``) that ``ends`` a block, or None."""
    return next((k for k in range(start, min(len(lines), start + _MAX_LINES)) if ends(lines[k])), None)


# --- box and ASCII grids ------------------------------------------------------------------


def _grid_line(line: str) -> bool:
    s = line.strip()
    return len(s) >= 2 and s[0] in _C | _V and s[-1] in _C | _V


def _rule_line(line: str) -> bool:
    s = line.strip()
    return bool(s) and all(ch in _H or ch in _C or ch in _V for ch in s) and any(ch in _C for ch in s) \
        and any(ch in _H for ch in s)


def _rule_beside(cols: list[str], k: int) -> bool:
    """Whether the stretch between ``cols[k]`` and the next bar or corner on either side is all rule
    strokes: a cell's "-2" flush against its bar is not a rule."""
    for d in (-1, 1):
        i, stretch = k + d, []
        while 0 <= i < len(cols) and cols[i] not in _V and cols[i] not in _C:
            stretch.append(cols[i])
            i += d
        if stretch and all(ch in _ASCII_RULE for ch in stretch):
            return True
    return False


def _grid_cells(lines: list[str], widths: int) -> list[tuple[int, int, int, int, str]] | None:
    """The cell rectangles of a box grid (docutils' grid-table scan), or None when they do not tile it."""
    g = []
    for line in lines:
        cols = _columns(line, widths)
        if _rule_line(line):  # org-mode style |---+---| rules: an end bar is a corner there
            cols = ["+" if ch == "|" else ch for ch in cols]
        else:  # |-----|    | (links2): a bar a rule runs into is where that rule meets a border
            cols = ["+" if ch == "|" and _rule_beside(cols, k) else ch for k, ch in enumerate(cols)]
        for k in range(1, len(cols)):  # the right half of a two-column-wide stroke
            if cols[k] == _PAD and cols[k - 1] in _V:
                cols[k] = " "
            elif cols[k] == _PAD and (cols[k - 1] in _H or cols[k - 1] in _C):
                cols[k] = "─"
        g.append(cols)
    # links2 draws no junction where a border starts or ends at a rule: a rule stroke with a bar
    # right above or below it is one (a cell's text never sits next to another band's bar)
    for r, cols in enumerate(g):
        for c, ch in enumerate(cols):
            if ch in _ASCII_RULE and any(0 <= r + d < len(g) and c < len(g[r + d]) and g[r + d][c] in _V for d in (-1, 1)):
                cols[c] = "+"
    last = len(g) - 1
    width = max(len(row) for row in g)

    def at(r: int, c: int) -> str:
        return g[r][c] if c < len(g[r]) else " "

    def closes(top: int, left: int, bottom: int, right: int) -> bool:
        if at(bottom, left) not in _C:
            return False
        return all(at(bottom, c) in _H or at(bottom, c) in _C for c in range(right - 1, left, -1)) and all(
            at(r, left) in _V or at(r, left) in _C for r in range(bottom - 1, top, -1)
        )

    def scan(top: int, left: int) -> tuple[int, int] | None:
        for right in range(left + 1, width):
            ch = at(top, right)
            if ch in _C:
                for bottom in range(top + 1, last + 1):
                    down = at(bottom, right)
                    if down in _C:
                        if closes(top, left, bottom, right):
                            return bottom, right
                    elif down not in _V:
                        break
            elif ch not in _H:
                return None
        return None

    left0 = len(lines[0]) - len(lines[0].lstrip(" "))
    right0 = max((c for c, ch in enumerate(g[0]) if ch in _C), default=-1)
    if at(0, left0) not in _C or right0 <= left0:
        return None
    done = {c: 0 for c in range(left0, right0)}  # per display column: the line the cells above reach
    corners, cells = [(0, left0)], []
    while corners:
        top, left = corners.pop(0)
        if top >= last or left >= right0 or done.get(left) != top:
            continue
        found = scan(top, left)
        if found is None:
            return None
        bottom, right = found
        if right > right0 or any(done.get(c) != top for c in range(left, right)):
            return None
        for c in range(left, right):
            done[c] = bottom
        text = join_cell_lines(["".join(g[r][left + 1 : right]) for r in range(top + 1, bottom)])
        cells.append((top, left, bottom, right, text))
        corners = sorted(set(corners) | {(top, right), (bottom, left)})
    if any(v != last for v in done.values()) or any(_STROKES.search(c[4]) for c in cells):
        return None
    return cells


def _box_table(lines: list[str], start: int) -> tuple[int, int, list[str] | None] | None:
    """The grid whose top rule is ``lines[start]``: (start, end, rows or None when unreadable), or None."""
    end = start
    while end + 1 < len(lines) and end + 1 - start < _MAX_LINES and _grid_line(lines[end + 1]):
        end += 1
    while end > start and not _rule_line(lines[end]):
        end -= 1
    if end - start < 2:
        return None
    block = [line.rstrip("\r") for line in lines[start : end + 1]]
    for widths in (DISPLAY, DISPLAY_AMBIGUOUS_WIDE, BY_CHARACTER):  # the drawing tiles under one of them
        cells = _grid_cells(block, widths)
        if cells is not None:
            if len(cells) < 2:
                return None  # a box around one paragraph is not a table
            return start, end, _lines(_table(cells))
    cells = _grid_by_bars(block)
    return start, end, _lines(_table(cells)) if cells else None


_STROKE_SHAPE = {**{ch: "+" for ch in _C}, **{ch: "-" for ch in _H}, **{ch: "|" for ch in _V}}  # rules compared by shape
_V_SPLIT = re.compile("[" + re.escape("".join(sorted(_V))) + "]")


def _grid_by_bars(lines: list[str]) -> list[tuple[int, int, int, int, str]] | None:
    """The cells of a grid whose bars stand out of line with its corners under every width count
    (a writer that padded a cell by one count and overflowed it by another: ``pandoc -t rst``'s
    one-column boxes hold a CJK character two columns wide, the bars after it shift), read by
    the bars' order instead of their place: only a grid with no merged cells (every rule alike)
    whose every text line holds one bar per corner, so the n-th bar can only be the n-th border."""
    rules = {"".join(_STROKE_SHAPE.get(ch, ch) for ch in line.strip()) for line in lines if _rule_line(line)}
    if len(rules) != 1:
        return None
    corners = sum(ch in _C for ch in next(iter(rules)))
    bands: list[list[list[str]]] = [[]]
    for line in lines[1:]:
        if _rule_line(line):
            bands.append([])
            continue
        parts = _V_SPLIT.split(line.strip())
        if len(parts) != corners + 1 or parts[0] or parts[-1]:
            return None
        bands[-1].append(parts[1:-1])
    bands = [band for band in bands if band]
    cells = [(r, c, r + 1, c + 1, join_cell_lines([parts[c] for parts in band]))
             for r, band in enumerate(bands) for c in range(corners - 1)]
    if len(cells) < 2 or any(_STROKES.search(text) for *_, text in cells):
        return None
    return cells


# --- dash-ruled fixed-width tables ---------------------------------------------------------


def _runs(line: str) -> list[tuple[int, int]]:
    """Display-column extents of the ``-``/``=`` runs of a rule line."""
    return [(m.start(), m.end()) for m in re.finditer(r"-+|=+", line)]


def _column_rule(line: str) -> bool:
    if not _DASH_RULE.match(line) or len(set(line.strip()) - {" "}) != 1:
        return False
    runs = _runs(line)
    return len(runs) >= 2 and max(b - a for a, b in runs) >= 3


def _full_rule(line: str) -> bool:
    s = line.strip()
    return len(s) >= 3 and set(s) == {"-"}


def _blank(lines: list[str], i: int) -> bool:
    return i < 0 or i >= len(lines) or not lines[i].strip()


def _split(line: str, starts: list[int]) -> list[str] | None:
    """A line's text per column (column j from ``starts[j]`` to the next start), None when text crosses an edge."""
    cols = _columns(line)
    for s in starts[1:]:
        if s < len(cols) and cols[s] not in (" ", _PAD) and cols[s - 1] != " ":
            return None  # a word runs over the column edge: the rule does not fit this line
        if s < len(cols) and cols[s] == _PAD:
            return None  # a wide character straddles the edge
    bounds = starts + [max(len(cols), starts[-1])]
    first = "".join(cols[: starts[0]]).strip()
    if first:
        return None  # text left of the first column
    return ["".join(cols[bounds[j] : bounds[j + 1]]) for j in range(len(starts))]


def _dash_table(lines: list[str], i: int) -> tuple[int, int, list[str] | None] | None:
    """The dash-ruled table whose column rule is ``lines[i]``: (start, end, rows or None), or None."""
    rule = lines[i].rstrip("\r")
    starts = [a for a, _ in _runs(rule)]
    rst = "=" in rule
    header: list[str] = []
    start = i
    closing = None  # how the body ends: "full" rule, the "same" rule, or a "blank" line
    above = range(i - 1, max(-1, i - 9), -1)  # a multiline header is a few lines
    full_above = next((j for j in above if _full_rule(lines[j]) or _blank(lines, j)), None)
    if not rst and full_above is not None and full_above < i - 1 and _full_rule(lines[full_above]) \
            and _blank(lines, full_above - 1):
        start, closing = full_above, "full"  # pandoc multiline table with a header
        header = [lines[j] for j in range(full_above + 1, i)]
    elif rst and i >= 2 and lines[i - 2].rstrip("\r") == rule and not _blank(lines, i - 1) and _blank(lines, i - 3):
        return None  # the header rule of an rST table: the table is read from its top rule
    elif not _blank(lines, i - 1) and _blank(lines, i - 2) and not rst:
        start, closing = i - 1, "blank"  # pandoc simple table with a one-line header
        header = [lines[i - 1]]
    elif _blank(lines, i - 1):
        closing = "same"
    else:
        return None
    end = i + 1
    body: list[str] = []
    while end < len(lines) and end - i < _MAX_LINES:
        line = lines[end].rstrip("\r")
        if closing == "full" and _full_rule(line) and _blank(lines, end + 1):
            break
        if closing == "same" and line == rule:
            if rst and not header and body and not _blank(lines, end + 1):
                header, body = body, []  # rST: the rule under the header; the table goes on to the next one
                end += 1
                continue
            break
        if closing == "blank" and not line.strip():
            end -= 1
            break
        body.append(line)
        end += 1
    else:
        if closing != "blank":
            return None
        end -= 1
    if closing != "blank" and end >= len(lines):
        return None
    row_lines: list[list[str]] = []
    if not rst and any(not b.strip() for b in body):  # multiline: rows parted by blank lines
        group: list[str] = []
        for b in body + [""]:
            if b.strip():
                group.append(b)
            elif group:
                row_lines.append(group)
                group = []
    else:
        for b in body:
            if not b.strip():
                continue
            if rst and row_lines and not b[: starts[1]].strip():
                row_lines[-1].append(b)  # rST: a blank first column continues the row above
            else:
                row_lines.append([b])
    if header:
        row_lines.insert(0, [h.rstrip("\r") for h in header])
    rows: list[list[Cell]] = []
    for group in row_lines:
        split = [_split(line, starts) for line in group]
        if any(s is None for s in split):
            return start, end, None
        rows.append([Cell([join_cell_lines([s[j] for s in split])]) for j in range(len(starts))])  # type: ignore[index]
    if not any(sum(1 for c in row if c.text[0]) >= 2 for row in rows):
        return None  # nothing laid out in columns: a decorated line, not a table
    return start, end, _lines(rows)


# --- tables a terminal writer lays out between two rules ------------------------------------------

_TERMINAL_RULE = re.compile(r"^ *─+(?: ─+)+ *$")
_NUMBER_PIECE = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?(?:%|万元|元)?")


def _pieces(line: str) -> list[tuple[int, int, str]]:
    """A line's runs of text, by display column: ``(first column, past its last, text)``."""
    cols = _columns(line.rstrip("\r"))
    out, k = [], 0
    while k < len(cols):
        if cols[k] == " ":
            k += 1
            continue
        j = k
        while j < len(cols) and cols[j] != " ":
            j += 1
        out.append((k, j, "".join(c for c in cols[k:j] if c != _PAD)))
        k = j
    return out


def _terminal_table(lines: list[str], start: int) -> tuple[int, int, list[str] | None] | None:
    """A table a terminal writer lays out in columns between two ``─`` rules (``pandoc -t ansi``): the rule's
    runs are the columns, by display width; there are no lines between rows, and a cell's text wraps inside
    its column (or the columns it spans) over the lines under its row's first, where every cell of the row
    starts. A line starts a row when it holds a number, or text where the row's first line left no cell to
    continue (a column its first line had empty and no cell beside it reaches, a column a span covers);
    other lines continue the row's cells, a text wider than its column widening the cell into the empty
    columns beside it. Label columns a row leaves empty before its first text are a merged label's places,
    left out as HTML leaves them; an empty value is kept."""
    rule = lines[start].rstrip("\r")
    end = _closing(lines, start + 1, lambda line: line.rstrip("\r") == rule)
    if end is None or end == start + 1:
        return None
    runs = [(m.start(), m.end()) for m in re.finditer("─+", rule)]
    n = len(runs)

    def place(a: int, b: int) -> tuple[int, int]:
        """The columns a piece from display column a to b covers: past its column's run is the next one's."""
        first = max(0, sum(1 for r0, _ in runs if r0 <= a) - 1)
        last = max(first, sum(1 for r0, _ in runs if r0 < b) - 1)
        if b > runs[first][1] and last == first:
            last = min(n - 1, first + 1)  # into the gap between columns: only a span writes there
        return first, last

    rows: list[list[list[str]]] = []  # per row, per column: the text pieces
    spans: list[list[int]] = []  # per row, per column: columns its cell covers (0: inside another cell's span)

    def owner(first: int, last: int, text: str) -> int | None:
        """The column of the last row's one cell this piece continues: the only cell whose columns meet the
        piece's, every other column the piece covers empty; None when the piece starts a row."""
        if _NUMBER_PIECE.fullmatch(text) or not rows:
            return None
        met = [c for c in range(n) if spans[-1][c] and rows[-1][c] and c <= last and first <= c + spans[-1][c] - 1]
        if len(met) != 1:
            return None
        c = met[0]
        inside = range(c, c + spans[-1][c])
        if all(j in inside or (spans[-1][j] == 1 and not rows[-1][j]) for j in range(first, last + 1)):
            return c
        return None

    for k in range(start + 1, end):
        placed = [(*place(a, b), text) for a, b, text in _pieces(lines[k])]
        if not placed:
            continue
        owners = [owner(*piece) for piece in placed]
        if all(c is not None for c in owners):
            for (first, last, text), c in zip(placed, owners):
                lo, hi = min(first, c), max(last, c + spans[-1][c] - 1)
                if lo != c:
                    rows[-1][lo], rows[-1][c] = rows[-1][c], []
                for j in range(lo, hi + 1):
                    spans[-1][j] = 0
                spans[-1][lo] = hi - lo + 1
                rows[-1][lo].append(text)
            continue
        rows.append([[] for _ in runs])
        spans.append([1] * n)
        for first, last, text in placed:
            if spans[-1][first] == 0:
                return start, end, None  # two texts in one spanned place: not laid out as this reading has it
            spans[-1][first] = max(spans[-1][first], last - first + 1)
            for j in range(first + 1, last + 1):
                spans[-1][j] = 0
            rows[-1][first].append(text)
    table = [_without_label_places([Cell([join_cell_lines(texts[j])], colspan=widths[j]) for j in range(n) if widths[j]])
             for texts, widths in zip(rows, spans)]
    if not _side_by_side(table):
        return None
    return start, end, _lines(table)


def _without_label_places(cells: list[Cell]) -> list[Cell]:
    """A laid-out row without the empty places before its first text: a merged label's, in the rows under it
    (HTML leaves them out); an empty value after the first text is kept."""
    first = next((k for k, cell in enumerate(cells) if cell.text[0]), len(cells) - 1)
    return cells[first:]


def _side_by_side(table: list[list[Cell]]) -> bool:
    """Some row holds two texts: a table, not a box around one paragraph."""
    return any(sum(1 for c in row if c.text[0]) >= 2 for row in table)


# --- grids drawn with inner borders only -------------------------------------------------------

# A rule of an open grid: horizontal strokes with the junctions where column borders meet it, and no
# corner (no frame): the Rust html2text crate's text_plain, psql's unicode line style
_OPEN_RULE = re.compile(r"^[─━═]+[─━═┬┼┴╤╪╧╥╫╨]*[ \t\r]*$")
_OPEN_JUNCTIONS = frozenset("┬┼┴╤╪╧╥╫╨")
_OPEN_BAR = re.compile("[│┃║]")


def _open_grid_table(lines: list[str], start: int) -> tuple[int, int, list[str] | None] | None:
    """A grid drawn without a frame (html2text-rs): rules of ``─`` with ``┬┼┴`` where the column borders
    meet them, a row's cells apart by ``│`` on the lines between two rules, a cell's text wrapped inside its
    column over the row's lines (a row's lines all hold as many bars). A line with no bar is one cell across
    the table (a sub-table's caption). Each row's columns are its own: a writer that does not draw a row span
    writes the rows under it a column short, as HTML does. Label places a row leaves empty before its first
    text are left out, as the terminal reader does."""
    end, k = start, start + 1
    while k < len(lines) and k - start < _MAX_LINES and lines[k].strip():
        if _OPEN_RULE.match(lines[k]):
            end = k
        k += 1
    block = [line.rstrip("\r") for line in lines[start : end + 1]]
    if end - start < 2 or not any(_OPEN_BAR.search(line) for line in block) \
            or not any(_OPEN_JUNCTIONS & set(line) for line in block if _OPEN_RULE.match(line)):
        return None
    bands: list[list[list[str]]] = [[]]
    for line in block[1:]:
        if _OPEN_RULE.match(line):
            bands.append([])
        else:
            bands[-1].append(_OPEN_BAR.split(line))
    bands = [band for band in bands if band]
    if any(len({len(parts) for parts in band}) != 1 for band in bands):
        return start, end, None  # a bar short on some line of a row: its cells cannot be told apart
    table = [_without_label_places([Cell([join_cell_lines([parts[c] for parts in band])]) for c in range(len(band[0]))])
             for band in bands]
    if not _side_by_side(table) or any(_STROKES.search(c.text[0]) for row in table for c in row):
        return start, end, None
    return start, end, _lines(table)


# --- HTML fragments ----------------------------------------------------------------------


# White space between two characters with only tags around it: pandoc puts a cell's paragraphs
# (<p>结果</p>\n<p>纠正</p>) on lines of their own, which the HTML writer would read as a space.
_CJK_GAP = re.compile(r"([^\x00-\x7f])((?:<[^<>]*>)*)\s+((?:<[^<>]*>)*)(?=([^\x00-\x7f]))")


def _cjk_gap(m: re.Match[str]) -> bool:
    return _wide(m.group(1), DISPLAY) and _wide(m.group(4), DISPLAY)


def _html_table(lines: list[str], start: int) -> tuple[int, int, list[str] | None] | None:
    if not _HTML_OPEN.match(lines[start]):
        return None
    depth = 0
    for end in range(start, min(len(lines), start + _MAX_LINES)):
        for tag in _HTML_TAG.finditer(lines[end]):
            depth += -1 if tag.group(1) else 1
        if depth <= 0:
            if not lines[end].rstrip().lower().endswith("</table>"):
                return None  # text after the table on its line: not a block of its own
            fragment = _CJK_GAP.sub(lambda m: m.group(0) if not _cjk_gap(m) else m.group(1) + m.group(2) + m.group(3),
                                    "\n".join(lines[start : end + 1]))
            rows = [r for r in html_to_text(fragment).split("\n") if r]
            return start, end, rows if rows else None
    return None


# --- MediaWiki tables ------------------------------------------------------------------------


_WIKI_OPEN = re.compile(r"^ *\{\|")
# a cell's attributes before its one bar: | rowspan="2" style="…" | text
_WIKI_ATTRS = re.compile(r"^ *(?:[\w-]+ *= *(?:\"[^\"]*\"|'[^']*'|[^\s|\"']+) *)+$")
_WIKI_SPAN = re.compile(r"\b(rowspan|colspan) *= *[\"']?(\d+)", re.IGNORECASE)
_WIKI_EMPHASIS = re.compile(r"'{2,5}")  # two quotes italic, three bold, five both


def _wiki_cell(piece: str) -> tuple[Cell, str]:
    attrs, bar, content = piece.partition("|")
    spans = {"rowspan": 1, "colspan": 1}
    if bar and _WIKI_ATTRS.match(attrs):
        for m in _WIKI_SPAN.finditer(attrs):
            spans[m.group(1).lower()] = _span(m.group(2))
        piece = content
    return Cell(rowspan=spans["rowspan"], colspan=spans["colspan"]), _WIKI_EMPHASIS.sub("", piece)


def _wiki_table(lines: list[str], start: int) -> tuple[int, int, list[str] | None] | None:
    """A MediaWiki table (``pandoc -t mediawiki``, wiki exports): ``{|`` … ``|}``, a row after each
    ``|-``, a cell a ``|``/``!`` line or ``||``/``!!`` apart on one, ``attrs | text`` with its spans;
    a line with no mark goes on the cell before it (a cell of several paragraphs)."""
    rows: list[list[Cell]] = []
    texts: list[tuple[Cell, list[str]]] = []
    row: list[Cell] | None = None
    for end in range(start + 1, min(len(lines), start + _MAX_LINES)):
        line = lines[end].strip()
        if line.startswith("|}"):
            for cell, parts in texts:
                cell.text = [join_cell_lines(parts)]
            kept = [r for r in rows if r]
            return start, end, _lines(kept) if kept else None
        if line.startswith("{|"):  # a table inside a cell: the whole block is left as it was
            depth = 1
            for end in range(end, min(len(lines), start + _MAX_LINES)):
                depth += lines[end].strip().startswith("{|") - lines[end].strip().startswith("|}")
                if depth == 0:
                    return start, end, None
            return None
        if line.startswith("|-"):
            row = []
            rows.append(row)
        elif line.startswith("|+"):  # the caption: a row of its own
            rows.append([Cell()])
            texts.append((rows[-1][0], [_WIKI_EMPHASIS.sub("", line[2:])]))
            row = None
        elif line[:1] in ("|", "!"):
            if row is None:
                row = []
                rows.append(row)
            for piece in re.split(r"\|\|" if line[0] == "|" else r"!!|\|\|", line[1:]):
                cell, text = _wiki_cell(piece)
                row.append(cell)
                texts.append((cell, [text]))
        elif line and texts:
            texts[-1][1].append(line)
    return None


# --- LaTeX tables ----------------------------------------------------------------------------


_LATEX_OPEN = re.compile(r"^ *\\begin\{(longtable|tabular\*?|tabularx|tabulary)\}")
_LATEX_RULES = re.compile(r"\\(?:toprule|midrule|bottomrule|hline|endhead|endfirsthead|endfoot|endlastfoot|"
                          r"raggedright|raggedleft|centering|strut|arraybackslash|noalign\{[^{}]*\})\b(?:\[[^\]]*\])?"
                          r"|\\c(?:line|midrule)(?:\([^)]*\))?\{[^{}]*\}"
                          r"|\\(?:begin|end)\{minipage\}(?:\[[^\]]*\])?(?:\{[^{}]*\})?")
_LATEX_ROW_END = re.compile(r"\\\\(?:\[[^\]]*\])?|\\tabularnewline")
_LATEX_CELL = re.compile(r"(?<!\\)&")
_LATEX_ESCAPE = re.compile(r"\\([&%_#${}])")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\*?(?:\[[^\]]*\])?")


def _braced(text: str, at: int) -> tuple[str, int] | None:
    """The text of the brace group opening at ``text[at]`` (nested groups kept) and the index after it."""
    if at >= len(text) or text[at] != "{":
        return None
    depth = 0
    for k in range(at, len(text)):
        if text[k] == "{" and (k == 0 or text[k - 1] != "\\"):
            depth += 1
        elif text[k] == "}" and text[k - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[at + 1 : k], k + 1
    return None


def _latex_cell(piece: str) -> tuple[str, int, int]:
    """``(text, rowspan, colspan)`` of a cell: ``\\multicolumn{n}{spec}{…}`` and ``\\multirow{n}{*}{…}``
    give its spans, commands and groups come off (pandoc's per-character ``{7}{7}{8}`` spans too), a
    line break inside it joins as a wrapped cell's lines do."""
    piece = piece.strip()
    rowspan = colspan = 1
    for _ in range(2):  # \multicolumn{2}{l}{\multirow{3}{*}{…}} and the other way round
        m = re.match(r"\\(multicolumn|multirow)(?:\[[^\]]*\])?\{(\d+)\}", piece)
        if not m:
            break
        count = _span(m.group(2))
        spec = _braced(piece, m.end())  # the column spec, or multirow's width (*)
        body = _braced(piece, spec[1]) if spec else None
        if body is None:
            break
        rowspan, colspan = (count, colspan) if m.group(1) == "multirow" else (rowspan, count)
        piece = body[0].strip()
    text = _LATEX_ESCAPE.sub(lambda e: "\0" + e.group(1), piece)
    text = _LATEX_COMMAND.sub("", text).replace("{", "").replace("}", "").replace("\0", "")
    text = text.replace("``", "“").replace("''", "”").replace("~", " ")
    return join_cell_lines(text.split("\n")), rowspan, colspan


def _latex_table(lines: list[str], start: int) -> tuple[int, int, list[str] | None] | None:
    """A LaTeX ``longtable``/``tabular`` (``pandoc -t latex``, a report typeset in LaTeX): rows end with
    ``\\\\``, cells apart by ``&``, ``\\multicolumn``/``\\multirow`` their spans; a row under a
    ``\\multirow`` leaves an empty cell in its place, which is the spanned cell, not a blank one."""
    m = _LATEX_OPEN.match(lines[start])
    if not m:
        return None
    closing = f"\\end{{{m.group(1)}}}"
    for end in range(start, min(len(lines), start + _MAX_LINES)):
        if closing in lines[end]:
            break
    else:
        return None
    block = "\n".join(lines[start : end + 1])
    at = block.index("}", m.start(1)) + 1  # after \begin{env}
    if m.group(1) in ("tabular*", "tabularx", "tabulary"):  # a width before the column spec
        width = _braced(block, at)
        at = width[1] if width else at
    at = re.match(r"\[[^\]]*\]", block[at:]).end() + at if block[at:at + 1] == "[" else at
    spec = _braced(block, at)
    if spec is None:
        return start, end, None
    body = _LATEX_RULES.sub("", block[spec[1] : block.rindex(closing)])
    rows: list[list[Cell]] = []
    spanned: dict[int, int] = {}  # column -> rows a \multirow above still covers
    for raw in _LATEX_ROW_END.split(body):
        if not raw.strip():
            continue
        row: list[Cell] = []
        col = 0
        for piece in _LATEX_CELL.split(raw):
            text, rowspan, colspan = _latex_cell(piece)
            if spanned.get(col, 0) > 0 and not text and colspan == 1:
                col += 1  # the \multirow's place in this row
                continue
            row.append(Cell([text], rowspan=rowspan, colspan=colspan))
            if rowspan > 1:
                spanned.update({c: rowspan for c in range(col, col + colspan)})
            col += colspan
        spanned = {c: n - 1 for c, n in spanned.items() if n > 1}
        if any(cell.text[0] for cell in row):
            rows.append(row)
    return start, end, _lines(rows) if rows else None


# --- Typst tables -------------------------------------------------------------------------------

_TYPST_OPEN = re.compile(r"#table\(")
_TYPST_CALL = re.compile(r"#[A-Za-z][\w.]*(?:\([^()\[\]]*\))?")
_TYPST_ESCAPE = re.compile(r"\\(.)")


def _typst_args(text: str, at: int) -> tuple[list[str], int] | None:
    """The top-level arguments of the call whose ``(`` is just before ``text[at]``, and the index after its
    ``)``; None when it does not close. Code nests ``()``, ``[]`` and strings; a ``[…]`` block is markup,
    where only brackets nest (its parentheses and commas are text) and ``\\`` escapes the next character."""
    args, cur, stack, i = [], at, [], at
    while i < len(text):
        ch = text[i]
        if stack and stack[-1] in '["':
            if ch == "\\":
                i += 2
                continue
            if ch == stack[-1] or (ch == "]" and stack[-1] == "["):
                stack.pop()
            elif ch == "[" and stack[-1] == "[":
                stack.append("[")
            i += 1
            continue
        if ch in '(["':
            stack.append(ch)
        elif ch == ")":
            if not stack:
                args.append(text[cur:i])
                return [a.strip() for a in args if a.strip()], i + 1
            stack.pop()
        elif ch == "," and not stack:
            args.append(text[cur:i])
            cur = i + 1
        i += 1
    return None


def _typst_content(markup: str) -> str:
    """A cell's markup as its text: line breaks (``#linebreak()``, a backslash at a line's end) as a wrapped
    cell's lines, function calls and emphasis marks off, escapes undone."""
    markup = re.sub(r"#linebreak\(\)|\\(?=\s)", "\n", markup)
    escaped: list[str] = []

    def keep(m: re.Match[str]) -> str:
        escaped.append(m.group(1))
        return f"\0{len(escaped) - 1}\0"

    markup = _TYPST_CALL.sub("", _TYPST_ESCAPE.sub(keep, markup))
    markup = markup.replace("[", "").replace("]", "").replace("*", "")
    return join_cell_lines(re.sub("\0(\\d+)\0", lambda m: escaped[int(m.group(1))], markup).split("\n"))


def _typst_cells(arg: str) -> list[tuple[str, int, int]]:
    """``(text, rowspan, colspan)`` of the cells one argument of ``table(…)`` gives: ``[…]``,
    ``table.cell(rowspan: …, colspan: …)[…]``, a ``table.header(…)``/``table.footer(…)``'s cells; none for
    rules (``table.hline()``) or settings."""
    if arg.startswith("["):
        return [(_typst_content(arg[1:-1]), 1, 1)]
    for group in ("table.header(", "table.footer("):
        if arg.startswith(group):
            inner = _typst_args(arg, len(group))
            return [cell for a in inner[0] for cell in _typst_cells(a)] if inner else []
    if arg.startswith("table.cell("):
        inner = _typst_args(arg, len("table.cell("))
        if inner is None:
            return []
        spans = {"rowspan": 1, "colspan": 1}
        for setting in inner[0]:
            name, _, value = setting.partition(":")
            if name.strip() in spans and value.strip().isdigit():
                spans[name.strip()] = _span(value)
        body = arg[inner[1]:].strip()
        return [(_typst_content(body[1:-1]) if body.startswith("[") else "", spans["rowspan"], spans["colspan"])]
    return []


def _typst_columns(value: str) -> int | None:
    value = value.strip()
    if value.isdigit():
        return int(value)
    if value.startswith("(") and (inner := _typst_args(value, 1)):
        return len(inner[0])
    return None


def _typst_table(lines: list[str], start: int) -> tuple[int, int, list[str] | None] | None:
    """A Typst ``table(…)`` (``pandoc -t typst``, a report typeset in Typst): ``columns:`` gives the grid's
    width, the cells fill it row after row in order, ``table.cell``'s ``rowspan``/``colspan`` their spans, a
    place a span above covers skipped; a span past the grid's width leaves the table as it was, with a note."""
    m = _TYPST_OPEN.search(lines[start])
    if not m:
        return None
    text = "\n".join(lines[start : start + _MAX_LINES])
    found = _typst_args(text, m.end())
    if found is None:
        return None
    args, after = found
    end = start + text.count("\n", 0, after)
    columns, cells = None, []
    for arg in args:
        name, colon, value = arg.partition(":")
        if colon and re.fullmatch(r"[a-z-]+", name.strip()):
            columns = _typst_columns(value) if name.strip() == "columns" else columns
            continue
        cells.extend(_typst_cells(arg))
    if not columns or not cells:
        return start, end, None
    rows: list[list[Cell]] = []
    taken: set[tuple[int, int]] = set()
    r = c = 0
    for cell_text, rowspan, colspan in cells:
        while (r, c) in taken:
            r, c = (r + 1, 0) if c + 1 >= columns else (r, c + 1)
        if colspan > columns - c:
            return start, end, None  # a span past the grid's width: the columns are not what ``columns`` says
        while len(rows) <= r:
            rows.append([])
        rows[r].append(Cell([cell_text], rowspan=rowspan, colspan=colspan))
        taken.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
        r, c = (r + 1, 0) if c + colspan >= columns else (r, c + colspan)
    rows = [row for row in rows if any(cell.text[0] for cell in row)]
    return start, end, _lines(rows) if rows else None


# --- Texinfo multitables ---------------------------------------------------------------------------

_TEXINFO_OPEN = re.compile(r"^ *@multitable\b")
_TEXINFO_ROW = re.compile(r"@(?:headitem|item)\b")
_TEXINFO_WRAPPED = re.compile(r"@(?:strong|emph|code|b|i|r|t|w|sc|samp|var|asis)\{([^{}]*)\}")
_TEXINFO_DROPPED = re.compile(r"@(?:anchor|footnote|cindex|index)\{[^{}]*\}|@(?:noindent|refill)\b")


def _texinfo_cell(text: str) -> str:
    text = _TEXINFO_DROPPED.sub("", text)
    for _ in range(3):  # nested @strong{@emph{…}}
        text = _TEXINFO_WRAPPED.sub(r"\1", text)
    text = text.replace("@*", "\n").replace("@@", "\0").replace("@{", "{").replace("@}", "}").replace("@ ", " ")
    return join_cell_lines(text.replace("\0", "@").split("\n"))


def _texinfo_table(lines: list[str], start: int) -> tuple[int, int, list[str] | None] | None:
    """A Texinfo ``@multitable`` (``pandoc -t texinfo``, a manual's table): a row from each ``@item`` or
    ``@headitem`` to the next, its cells apart by ``@tab`` (on one line or a cell a line), the column
    prototypes ``{…}`` on the opening line no row. Texinfo has no spans: a merged cell's other places are
    empty cells, dropped, as the CSV rewrite drops them."""
    if not _TEXINFO_OPEN.match(lines[start]):
        return None
    end = _closing(lines, start + 1, lambda line: line.strip() == "@end multitable")
    if end is None:
        return None
    body = "\n".join(line.rstrip("\r") for line in lines[start + 1 : end])
    rows: list[list[Cell]] = []
    for raw in _TEXINFO_ROW.split(body)[1:]:
        cells = [_texinfo_cell(piece) for piece in raw.split("@tab")]
        if any(cells):
            rows.append([Cell([c]) for c in cells if c])
    return start, end, _lines(rows) if rows else None


# --- ConTeXt xtables -------------------------------------------------------------------------------

_CONTEXT_OPEN = re.compile(r"^ *\\startxtable\b")
_CONTEXT_CLOSE = re.compile(r"\\stopxtable\b")  # not \stopxtablehead
_CONTEXT_ROW = re.compile(r"\\startxrow\b(?:\[[^\]]*\])?(.*?)\\stopxrow", re.DOTALL)
_CONTEXT_CELL = re.compile(r"\\startxcell\b(?:\[([^\]]*)\])?(.*?)\\stopxcell", re.DOTALL)
_CONTEXT_SPAN = re.compile(r"\b(nc|nr) *= *(\d+)")
_TEX_ESCAPE = re.compile(r"\\([#$%&_{}])")
_TEX_WORD = re.compile(r"\\[A-Za-z]+\*?")


def _tex_text(markup: str) -> str:
    """A TeX-family cell's markup as its text: forced line breaks as a wrapped cell's lines, commands and
    braces off, escaped characters kept."""
    markup = re.sub(r"\\crlf\b|\\\\", "\n", markup)
    escaped: list[str] = []

    def keep(m: re.Match[str]) -> str:
        escaped.append(m.group(1))
        return f"\0{len(escaped) - 1}\0"

    markup = _TEX_WORD.sub("", _TEX_ESCAPE.sub(keep, markup)).replace("{", "").replace("}", "")
    return join_cell_lines(re.sub("\0(\\d+)\0", lambda m: escaped[int(m.group(1))], markup).split("\n"))


def _context_table(lines: list[str], start: int) -> tuple[int, int, list[str] | None] | None:
    """A ConTeXt ``xtable`` (``pandoc -t context``, a report typeset in ConTeXt): a row from ``\\startxrow`` to
    ``\\stopxrow``, a cell ``\\startxcell[…]`` … ``\\stopxcell`` (over lines or on one), ``nc=``/``nr=`` in its
    settings its column and row spans, the places a span covers absent as in HTML. The settings' own numbers
    (``width={0.07\\textwidth}``) are no cell's."""
    def cell(m: re.Match[str]) -> Cell:
        spans = {"nc": 1, "nr": 1}
        for name, value in _CONTEXT_SPAN.findall(m.group(1) or ""):
            spans[name] = _span(value)
        return Cell([_tex_text(m.group(2))], rowspan=spans["nr"], colspan=spans["nc"])

    return _tagged_table(lines, start, _CONTEXT_CLOSE.search, _CONTEXT_ROW, _CONTEXT_CELL, cell)


def _tagged_table(lines: list[str], start: int, ends: Callable[[str], object], row_tag: re.Pattern[str],
                  cell_tag: re.Pattern[str], cell: Callable[[re.Match[str]], Cell | None]
                  ) -> tuple[int, int, list[str] | None] | None:
    """A table a markup writes with row and cell tags (ConTeXt, BBCode): the block from ``start`` to the line that
    ``ends`` it, each ``row_tag`` match's first group its cells, each ``cell_tag`` match a cell by ``cell`` (None:
    no cell), rows without text left out."""
    end = _closing(lines, start, ends)
    if end is None:
        return None
    rows: list[list[Cell]] = []
    for row in row_tag.finditer("\n".join(lines[start : end + 1])):
        cells = [c for m in cell_tag.finditer(row.group(1)) if (c := cell(m)) is not None]
        if any(c.text[0] for c in cells):
            rows.append(cells)
    return start, end, _lines(rows) if rows else None


# --- BBCode tables -----------------------------------------------------------------------------------

_BBCODE_OPEN = re.compile(r"^ *\[table\b[^\]\n]*\]", re.IGNORECASE)
_BBCODE_ROW = re.compile(r"\[tr\b[^\]]*\](.*?)\[/tr\]", re.DOTALL | re.IGNORECASE)
_BBCODE_CELL = re.compile(r"\[(td|th)\b([^\]]*)\](.*?)\[/\1\]", re.DOTALL | re.IGNORECASE)
_BBCODE_SPAN = re.compile(r"\b(rowspan|colspan) *= *[\"']?(\d+)", re.IGNORECASE)


def _bbcode_table(lines: list[str], start: int) -> tuple[int, int, list[str] | None] | None:
    """A BBCode table (forum posts, ``pandoc -t bbcode``): ``[table]`` … ``[/table]``, a row ``[tr]`` … ``[/tr]``,
    a cell ``[td]``/``[th]`` … ``[/td]``, spans where a dialect gives them (``[td colspan=2]``). Pandoc's writer
    has none and leaves a merged cell's other places as empty cells: those are dropped, as the CSV rewrite
    drops them (inline tags, ``[b]`` and the like, are off the text by then: ``txt.bbcode_tags``)."""
    def cell(m: re.Match[str]) -> Cell | None:
        spans = {"rowspan": 1, "colspan": 1}
        for name, value in _BBCODE_SPAN.findall(m.group(2)):
            spans[name.lower()] = _span(value)
        text = join_cell_lines(m.group(3).split("\n"))
        if not text and spans == {"rowspan": 1, "colspan": 1}:
            return None  # a merged cell's other place
        return Cell([text], rowspan=spans["rowspan"], colspan=spans["colspan"])

    return _tagged_table(lines, start, lambda line: "[/table]" in line.lower(), _BBCODE_ROW, _BBCODE_CELL, cell)


# --- Textile tables ------------------------------------------------------------------------------------

# a cell's attributes before its ". ": header _, alignment, \colspan, /rowspan, {style}, (class), [lang]
_TEXTILE_ATTR = r"(?:_|<>|[<>=^~-]|\\\d+|/\d+|\{[^}\n]*\}|\([^)\n]*\)|\[[^\]\n]*\])"
_TEXTILE_ATTRS = re.compile(rf"^ *({_TEXTILE_ATTR}+)\.(?:\s|$)")
_TEXTILE_ROW = re.compile(rf"^ *\|{_TEXTILE_ATTR}+\.(?:[ \t]|$)")
TEXTILE_BLOCK = re.compile(r"^(?:h[1-6]|p|bq|bc|pre|fn\d+)(?:\{[^}\n]*\}|\([^)\n]*\)|\[[^\]\n]*\]|<>|[<>=])*\. ",
                           re.MULTILINE)


def _textile_cell(parts: list[str]) -> Cell:
    text = "\n".join(parts)
    spans = {"\\": 1, "/": 1}
    if m := _TEXTILE_ATTRS.match(text):
        for mark, value in re.findall(r"([\\/])(\d+)", m.group(1)):
            spans[mark] = _span(value)
        text = text[m.end() :]
    text = TEXTILE_BLOCK.sub("", "\n".join(line.strip() for line in text.split("\n")))
    return Cell([join_cell_lines(text.split("\n"))], rowspan=spans["/"], colspan=spans["\\"])


def _textile_table(lines: list[str], start: int) -> tuple[int, int, list[str] | None] | None:
    """A Textile table (calibre's ``--txt-output-formatting=textile``, Redmine and wiki exports): a cell from one
    ``|`` to the next, its attributes before ``. `` (``\\3`` three columns wide, ``/22`` 22 rows high, ``=``
    centred, ``_`` a header), the places a span covers absent as in HTML. A cell may run over lines (calibre
    writes each Word cell's paragraph as a ``p.`` block of its own); a ``|`` that ends its line ends the row.
    Only a table whose cells mostly carry such attributes is read here: a plain ``|a|b|`` row is a pipe
    table's."""
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    cell: list[str] | None = None
    end = start
    for k in range(start, min(len(lines), start + _MAX_LINES)):
        line = lines[k].rstrip("\r")
        if cell is None and not line.lstrip().startswith("|"):
            break
        end = k
        pieces = line.split("|")
        if cell is not None:
            cell.append(pieces[0])
        for n, piece in enumerate(pieces[1:], 1):
            if cell is not None:
                row.append(_textile_cell(cell))
                cell = None
            if piece.strip():
                cell = [piece]
            elif n == len(pieces) - 1:  # a bar at the line's end: the row is whole
                rows.append(row)
                row = []
            else:
                row.append(Cell([""]))  # || an empty cell
    if cell is not None:
        row.append(_textile_cell(cell))
    if row:
        rows.append(row)
    marked = sum(1 for k in range(start, end + 1) for piece in lines[k].split("|")[1:] if _TEXTILE_ATTRS.match(piece))
    if len(rows) < 2 or 2 * marked < sum(len(r) for r in rows):
        return None
    rows = [r for r in rows if any(cell.text[0] for cell in r)]
    return start, end, _lines(rows) if rows else None


# --- the pass ---------------------------------------------------------------------------------


def _numbers_wrapped(lines: list[str]) -> bool:
    """A band of a grid (the lines between two rules) with digits on two lines or more: a cell's
    value may be wrapped inside its box, which a reading line by line would cut."""
    band = 0
    for line in lines:
        if _rule_line(line):
            band = 0
        elif any(ch.isdigit() for ch in line):
            band += 1
            if band >= 2:
                return True
    return False


# Each drawn table's first line, and the reader that takes the block from there; the first that opens wins.
_Reader = Callable[[list[str], int], "tuple[int, int, list[str] | None] | None"]
_READERS: tuple[tuple[Callable[[str], object], _Reader], ...] = (
    (_HTML_OPEN.match, _html_table),
    (_WIKI_OPEN.match, _wiki_table),
    (_LATEX_OPEN.match, _latex_table),
    (_TYPST_OPEN.search, _typst_table),
    (_TEXINFO_OPEN.match, _texinfo_table),
    (_CONTEXT_OPEN.match, _context_table),
    (_BBCODE_OPEN.match, _bbcode_table),
    (_TEXTILE_ROW.match, _textile_table),
    (_TERMINAL_RULE.match, _terminal_table),
    (_OPEN_RULE.match, _open_grid_table),
    (lambda line: _grid_line(line) and _rule_line(line), _box_table),
    (_column_rule, _dash_table),
)


def rewrite_drawn_tables(text: str, review: list[str] | None = None) -> tuple[str, int, list[str]]:
    """``text`` with each table drawn in it rewritten as tab-joined rows.

    Returns:
        ``(text, tables rewritten, notes)``; a note names each block that looked like a drawn
        table but was left as it was because its cells could not be placed. Such a block with
        numbers on two lines of one row also gets a note in ``review`` (when given): read line by
        line, a value wrapped in its cell would be cut with nothing to show it.
    """
    if not any(mark in text for mark in ("<table", "<TABLE", "--", "==", "+-", "─", "═", "━", "{|", "\\begin{", "#table(", "@multitable",
                                          "\\startxtable", "[table", "[TABLE", "|")):
        return text, 0, []  # cheap exit for the common case
    lines = text.split("\n")
    out: list[str] = []
    count, notes = 0, []
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r")
        reader = next((read for opens, read in _READERS if opens(line)), None)
        found = reader(lines, i) if reader is not None else None
        if found is None:
            out.append(lines[i])
            i += 1
            continue
        start, end, rows = found  # lines start..i-1 (a header above the rule) are already in out
        if rows is None:
            notes.append(f"a table drawn in text at line {start + 1} was left as it was: its cells could not be placed")
            if review is not None and _numbers_wrapped(lines[start : end + 1]):
                review.append(f"a table drawn in text at line {start + 1} could not be parsed into cells, and one of its "
                              "rows holds numbers on several lines (a value wrapped in its cell?): its values were "
                              "read line by line; check the tables in it")
            out.extend(lines[i : end + 1])
            i = end + 1
            continue
        del out[len(out) - (i - start) :]
        cr = "\r" if lines[start].endswith("\r") else ""  # keep the file's line ends
        if out and out[-1].strip():
            out.append(cr)  # a blank line before the rows
        out.extend(r + cr for r in rows)
        if end + 1 < len(lines) and lines[end + 1].strip():
            out.append(cr)
        count += 1
        i = end + 1
    return "\n".join(out), count, notes


_PIPE_ROW = re.compile(r"^[ \t]*\|.*\|")
_FILL = re.compile(r"_+(?=\|)|(?<=\|)_+")
_FILL_RULE = re.compile(r"^[ \t]*_{10,}[ \t]*$")


def unfill_pipe_rows(text: str) -> tuple[str, int]:
    """Pipe rows padded with ``_`` (Debian ``html2text`` draws a table so: ``|18__|8___|``, under a
    ``_____`` rule) with the fill as spaces, so a number is a cell of its own; the rule line over
    such a row becomes spaces. Only runs touching a ``|`` are fill; same length, so offsets stay.
    Returns ``(text, rows changed)``."""
    if "_|" not in text and "|_" not in text:
        return text, 0
    lines = text.split("\n")
    changed = 0
    for k, line in enumerate(lines):
        if _PIPE_ROW.match(line) and (row := _FILL.sub(lambda m: " " * len(m.group()), line)) != line:
            lines[k] = row
            changed += 1
            if k and _FILL_RULE.match(lines[k - 1]):
                lines[k - 1] = " " * len(lines[k - 1])
    return "\n".join(lines), changed
