"""Tables written column by column: a second reading of the number stream (issue 10).

A PDF reader that orders text *boxes* rather than lines (pdfminer.six ``extract_text`` and the
tools built on its layout analysis, such as its ``pdf2txt`` HTML output) writes a word processor's
table's row labels as one run and then its numbers one column after another: the 自然人 column top to
bottom, then 商业企业, …, then 总计. A page break cuts the table into blocks, each block's
labels then its columns. Read row by row, every number lands under the last label.

The block reading: the spans of the table are cut into blocks, each a run of row labels and
the run of cells after it. A block covers the official rows from its first recognised label
to its last, in the schema's fixed row order (a label a converter broke over lines is still
a row; an unrecognised label at a block's edge may be one more), and its cells fill those
rows column after column. A block of one row is a row read left to right, so text written
row by row reads the same either way. Box order follows the boxes' sizes as well as their
places, so a block's 总计 column may come out of turn (seen on real reports); the applicant
columns keep their printed order, since no sum tells one applicant's column from another's.
Every (row order, column set, 总计 position) the labels, headers and row sums leave open is
tried; the table reader takes a reading only when it covers every row of the version and the
arithmetic confirms it (``confirmed``): no check fails and every row's 总计 and every column's
sums hold. Where several confirmed readings disagree, the printed column order is taken if it
is one of them, with a review note; otherwise none is.

The pieces reading (``piece_readings``): pdfminer writes a LibreOffice PDF's table as text boxes
that follow row groups whose labels wrap, so every column comes out as several pieces of the same
sizes, in the order of pdfminer's box tree: columns in any order, a few interleaved, other tables'
boxes among them. The pieces fill unnamed columns by a search pruned by each column's own sums; the
columns are then named by the row sums and the header words beside their first pieces, the rest by
their order (which the caller sends to review where it matters); the caller takes a reading only when
``confirmed`` holds and no other confirmed reading gives other values.

表二 has no sums: ``proactive_cells`` places its numbers the same way, part by part, and the
reader says in review that nothing confirms them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from gdr_nlp.document import Span
from gdr_nlp.reconcile.readings import Piece
from gdr_nlp.reconcile.schema import TABLES, VERSIONS, RowDef

MAX_EDGE = 2  # rows an unrecognised edge label may add to a block (a label broken over lines)
MAX_READINGS = 256  # more readings than this fit the numbers: too loose to choose from (and to time)


@dataclass
class Block:
    """A run of row labels (their keys, None where unrecognised) and the cells after it."""

    keys: list[str | None]
    cells: list[Span]


@dataclass
class ColumnReading:
    """One block reading: row key → column → piece, for one row order and column set."""

    rows: dict[str, dict[str, Piece]]
    columns: list[str]
    version: str
    as_printed: bool  # every block's columns in the printed order (no 总计 out of turn)
    # every column named by its place in the order the columns came (pieces, page readings); ``aligned``:
    # on every page in the same order (page readings). Where the sums leave several readings, the one
    # that asks nothing more of that order than the rest
    in_order: bool = True
    aligned: bool = True


def blocks(spans: Sequence[Span], keys: dict[int, str | None]) -> list[Block]:
    """The table's spans as blocks of labels then cells (headers and captions skipped)."""
    out: list[Block] = []
    current = Block([], [])
    last: str | None = None
    for i, span in enumerate(spans):
        if span.label == "ROW_LABEL":
            if keys.get(i) is not None and keys.get(i) == last:
                continue  # the same row's label again: one wrapped around its numbers (layout text), not a new row
            last = keys.get(i) or last
            if current.cells:
                out.append(current)
                current = Block([], [])
            current.keys.append(keys.get(i))
        elif span.label == "CELL":
            current.cells.append(span)
    if current.keys or current.cells:
        out.append(current)
    return out


def column_written(found: list[Block]) -> bool:
    """Whether any block holds cells under two or more recognised labels: the stream is not
    row by row there (row-by-row text has one label per run of cells, or a group label over it)."""
    return any(b.cells and sum(k is not None for k in b.keys) >= 2 for b in found)


def _ranges(block: Block, order: list[str]) -> list[tuple[int, int]]:
    """The row ranges (start, end) in ``order`` this block may cover: its first to last label in
    the order, widened by up to MAX_EDGE rows at an edge with as many unrecognised labels there."""
    idx = [(j, order.index(k)) for j, k in enumerate(block.keys) if k in order]
    if not idx:
        return []
    positions = [p for _, p in idx]
    if positions != sorted(set(positions)):
        return []  # labels out of the table's order: not this order
    first_j, first = idx[0]
    last_j, last = idx[-1]
    before = first_j  # unrecognised labels ahead of the first recognised one
    after = len(block.keys) - 1 - last_j
    out = []
    for up in range(min(before, MAX_EDGE, first) + 1):
        for down in range(min(after, MAX_EDGE, len(order) - 1 - last) + 1):
            out.append((first - up, last + 1 + down))
    return out


def readings(found: list[Block], column_sets: list[list[str]],
             pieces: Callable[[list[Span]], list[Piece]]) -> Iterator[ColumnReading]:
    """Every complete block reading: each block's cells fill its rows column after column, the
    blocks together cover every row of the version exactly once."""
    filled = [b for b in found if b.cells]
    if not filled:
        return
    streams = [pieces(b.cells) for b in filled]
    for version in VERSIONS:
        order = [r.key for r in TABLES[version]["applications"].rows]
        options = [_ranges(block, order) for block in filled]
        if not all(options):
            continue
        for columns in column_sets:
            for choice in _choices(options, [len(s) for s in streams], len(columns)):
                covered = [r for a, b in choice for r in range(a, b)]
                if sorted(covered) != list(range(len(order))):
                    continue
                per_block = [[o for o in _orders(columns) if _rows_add_up(s, b - a, o)] for s, (a, b) in zip(streams, choice)]
                for orders in itertools.islice(itertools.product(*per_block), 64):
                    rows: dict[str, dict[str, Piece]] = {}
                    for stream, (a, b), cols in zip(streams, choice, orders):
                        k = b - a
                        for r in range(k):
                            rows[order[a + r]] = {c: stream[ci * k + r] for ci, c in enumerate(cols)}
                    yield ColumnReading({key: rows[key] for key in order}, list(columns), version,
                                        all(o == columns for o in orders))


def _orders(columns: list[str]) -> list[list[str]]:
    """The column orders a block may come in: as printed, or with the 总计 column's box taken
    out of turn (box order follows the boxes' sizes as much as their places, and 总计 is the
    one column the sums identify; the applicant columns keep their printed order, since no sum
    tells one applicant's column from another's)."""
    parts = [c for c in columns if c != "total"]
    return [columns] + [o for i in range(len(columns)) if (o := [*parts[:i], "total", *parts[i:]]) != columns]


def _rows_add_up(stream: list[Piece], k: int, columns: list[str]) -> bool:
    """Every row of the block whose cells are all numbers has 总计 = its applicant columns."""
    for r in range(k):
        row = {c: stream[ci * k + r] for ci, c in enumerate(columns)}
        if any(p.kind != "number" or p.value is None for p in row.values()):
            continue
        parts = sum(float(p.value) for c, p in row.items() if c not in ("total", "legal_person_subtotal"))  # type: ignore[arg-type]
        if abs(parts - float(row["total"].value)) > 1e-6:  # type: ignore[arg-type]
            return False
    return True


def _choices(options: list[list[tuple[int, int]]], counts: list[int], width: int) -> list[list[tuple[int, int]]]:
    """Per block, the ranges whose rows × columns equal the block's cells, combined."""
    fits = [[(a, b) for a, b in opts if (b - a) * width == n] for opts, n in zip(options, counts)]
    out: list[list[tuple[int, int]]] = [[]]
    for fit in fits:
        out = [[*c, f] for c in out for f in fit]
        if not out or len(out) > 64:
            return [] if not out else out[:64]
    return out


_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# a number alone on its line (group 1): how pdfminer writes a table cell in its own line of a box
LONE_NUMBER = re.compile(r"^[ \t]*(\d[\d,.]*)[ \t]*$", re.M)


def header_lines(text: str, end: int, *, start: int = 0, across_blank: bool = False, limit: int = 8) -> list[str]:
    """The lines of words right above ``end`` (stripped, top to bottom), back to ``start``: what a text
    box holds above its first number (``社会 / 公益 / 组织``). A line with a digit ends them, so does a
    blank line; ``across_blank`` passes over blank lines before the first line of words (a header
    cell pdfminer wrote as a box of its own, just before the column's). At most ``limit`` lines."""
    lines: list[str] = []
    line_end = text.rfind("\n", start, end) if end > start else -1  # ``end``'s own line is not above it
    while line_end >= start and len(lines) < limit:
        line_start = text.rfind("\n", start, line_end) + 1 or start
        line = text[max(line_start, start) : line_end].strip()
        if not line:
            if lines or not across_blank:
                break
        elif any(ch.isdigit() for ch in line):
            break
        else:
            lines.insert(0, line)
        line_end = line_start - 1
    return lines
# columns whose pieces may interleave at once: two (其他 and 总计) tried first, then three (社会公益组织,
# 法律服务机构 and 科研机构), which lets zero columns be made of more boxes, so only where two find nothing
MAX_OPEN = (2, 3)
MAX_STEPS = 250_000  # search steps of one pieces reading, all its row orders and column sets; beyond it it gives up
MAX_SEGMENTS = 12  # pieces per column: one per row group at most (一 二 （一）…（七） 四), a label wrapped or not


def piece_runs(spans: Sequence[Span], text: str) -> list[list[int]]:
    """The table's CELL spans (their indexes in ``spans``) cut into pieces: a blank line, a span of
    another label (a header, a label) or any other text between two cells ends a piece (a text box
    of its own holds one column's cells and nothing between them)."""
    out: list[list[int]] = []
    last: int | None = None
    for i, span in enumerate(spans):
        if span.label != "CELL":
            last = None
            continue
        between = text[spans[last].end : span.start] if last is not None else ""
        if last is None or _BLANK_LINE.search(between) or between.strip():
            out.append([i])
        else:
            out[-1].append(i)
        last = i
    return out


def piece_readings(runs: list[list[Piece]], column_sets: list[list[str]], heads: Sequence[str | None],
                   labelled: set[str] = frozenset(), weak: Sequence[bool] = ()
                   ) -> Iterator[tuple[ColumnReading | None, tuple[int, ...]]]:
    """Readings of a table written column by column in pieces (pdfminer's text boxes of a word
    processor's table, issue 10): every column is a run of pieces whose sizes sum to the rows and
    follow one pattern (the boxes follow row groups whose labels wrap), each piece in row order.
    pdfminer orders boxes by a tree of their nearness, so columns may come in any order, up to
    ``MAX_OPEN`` at once with their pieces interleaved, and another table's boxes (表四's) among them:
    such a piece is passed over, up to MAX_SKIPPED cells. The search fills unnamed columns, pruned by
    each column's own sums; the columns are then named (``_named``): 总计 (and 小计) by the row sums,
    a column by a header word standing right before its first piece (``heads``, one per run), the
    rest in the printed order of their first pieces. A header from a box of its own before the run
    (``weak``, one per run) names the column but, like the order, leaves the naming unchecked
    (``as_printed`` false). Only the versions whose rows hold every row a label named (``labelled``) are
    tried. Yields each reading with the indexes of the runs it took; (None, ()) where the search ran out
    of steps (readings left unseen). A pattern of single cells is no box order (any order of cells would
    fit it): none is taken."""
    sizes = [len(r) for r in runs]
    if max(sizes, default=0) < 2:
        return  # single cells: no box sizes to go by
    budget = [MAX_STEPS]
    for open_at_once in MAX_OPEN:
        any_found = False
        for version in VERSIONS:
            order = [r.key for r in TABLES[version]["applications"].rows]
            if not labelled <= set(order):
                continue  # a label names a row this version's table does not have
            for columns in column_sets:
                if sum(sizes) < len(order) * len(columns):
                    continue
                for found in _piece_search(runs, order, len(columns), open_at_once, budget, heads):
                    if found is None:
                        yield None, ()
                        return
                    slots, firsts, taken = found
                    unchecked = [i < len(weak) and weak[i] for i in firsts]
                    for reading in _named(slots, [heads[i] for i in firsts], unchecked, order, columns, version):
                        any_found = True
                        yield reading, taken
        if any_found:
            return


MAX_SKIPPED = 24  # cells of other tables a pieces reading passes over (表四's fifteen, page furniture)

Slots = tuple[tuple[Piece, ...], ...]


def _piece_search(runs: list[list[Piece]], order: list[str], width: int, open_at_once: int, budget: list[int],
                  heads: Sequence[str | None]) -> Iterator[tuple[Slots, tuple[int, ...], tuple[int, ...]] | None]:
    """Every filling of ``width`` unnamed columns from the runs: (columns in the order their first
    pieces come, the index of each column's first run, the runs taken); None at the end where the
    search ran out of steps (``budget``: the steps left, shared by every search of one reading). A run
    under a column's header words (``heads``, one named once) starts a column or is passed over."""
    first_only = [h is not None and heads.count(h) == 1 for h in heads]
    n_rows = len(order)
    column_holds = _column_check(order)
    seen: dict[tuple[Any, ...], int] = {}  # state → the fewest cells passed over on the way to it
    left = [sum(len(r) for r in runs[i:]) for i in range(len(runs) + 1)]  # cells from run i on
    run_values = [tuple((p.kind, p.value) for p in run) for run in runs]

    def search(i: int, pattern: tuple[int, ...], segs: tuple[int, ...], cells: Slots, vals: tuple[tuple[Any, ...], ...],
               firsts: tuple[int, ...], taken: tuple[int, ...], skipped: int
               ) -> Iterator[tuple[Slots, tuple[int, ...], tuple[int, ...]]]:
        budget[0] -= 1
        if budget[0] < 0 or n_rows * width - sum(len(c) for c in cells) > left[i]:
            return
        if len(cells) == width and all(len(c) == n_rows for c in cells):
            if max(pattern) > 1:
                yield cells, firsts, taken
            return
        if i >= len(runs):
            return
        key = (i, pattern, segs, vals)
        if seen.get(key, MAX_SKIPPED + 1) <= skipped:
            return  # reached before with as much left to pass over: nothing new from here
        seen[key] = skipped
        size = len(runs[i])
        open_ = [c for c in range(len(cells)) if len(cells[c]) < n_rows]
        new_column = [len(cells)] if len(cells) < width and len(open_) < open_at_once else []
        targets = new_column if first_only[i] else open_ + new_column
        for c in targets:
            seg = segs[c] if c < len(cells) else 0
            filled = len(cells[c]) if c < len(cells) else 0
            if seg < len(pattern):
                if pattern[seg] != size:
                    continue
                grown = pattern
            elif sum(pattern) + size <= n_rows and filled == sum(pattern) and len(pattern) < MAX_SEGMENTS:
                grown = (*pattern, size)
            else:
                continue
            column = (*(cells[c] if c < len(cells) else ()), *runs[i])
            if len(column) == n_rows and not column_holds(column):
                continue
            value = (*(vals[c] if c < len(vals) else ()), *run_values[i])
            after = slice(c + 1, None)  # past the end when c starts a new column
            yield from search(i + 1, grown, (*segs[:c], seg + 1, *segs[after]), (*cells[:c], column, *cells[after]),
                              (*vals[:c], value, *vals[after]), firsts if c < len(cells) else (*firsts, i),
                              (*taken, i), skipped)
        if skipped + size <= MAX_SKIPPED:
            yield from search(i + 1, pattern, segs, cells, vals, firsts, taken, skipped + size)

    yield from search(0, (), (), (), (), (), (), 0)
    if budget[0] < 0:
        yield None  # readings left unseen: too loose to say that one fits alone


def _column_check(order: list[str]) -> Callable[[Sequence[Piece]], bool]:
    """A test of one whole column (its cells in ``order``'s rows): its balance (一 + 二 = （七） + 四) and
    its results sum (（一）…（六） = （七）) hold where its cells are numbers. It tells no column from
    another, only a column from cells of several."""
    at = {key: n for n, key in enumerate(order)}
    results = [at[k] for k in order[2:-2]]

    def holds(cells: Sequence[Piece]) -> bool:
        values = [float(p.value) if p.kind == "number" and p.value is not None else None for p in cells]  # type: ignore[arg-type]
        balance = [values[at[k]] for k in ("new_received", "carried_over", "total_processed", "carried_forward")]
        if None not in balance and abs(balance[0] + balance[1] - balance[2] - balance[3]) > 1e-6:  # type: ignore[operator]
            return False
        parts = [values[r] for r in results]
        total = values[at["total_processed"]]
        return total is None or None in parts or abs(sum(parts) - total) <= 1e-6  # type: ignore[arg-type]

    return holds


MAX_LEAD = 3  # numbers before the table's first cell a page reading may pass over (表二's last, a stray one)
MAX_MATCH_STEPS = 50_000  # steps matching one page reading's columns across pages; beyond it it gives up


def page_readings(cells: list[Piece], page_of: list[int], column_sets: list[list[str]],
                  head_of: Callable[[Piece], tuple[str | None, bool]], labelled: set[str] = frozenset(),
                  foreign: Sequence[int] = ()) -> Iterator[tuple[ColumnReading | None, tuple[int, ...]]]:
    """Readings of a table whose every cell is a text box of its own (pdfminer on a PDF from a browser or
    a PDF library, issue 10): pdfminer's box tree writes each page's part of the table column after column,
    the columns in an order of its own, or row after row where the rows stand apart. The cells (after up to
    ``MAX_LEAD`` passed over) are cut by page (``page_of``, one per cell): every page's cells must be whole
    rows of the grid; a page's columns are its cells in runs of its rows (or every ``width``-th cell), and
    the columns of the page holding most rows are matched to the other pages' by each whole column's own
    sums (``_column_check``): a page's column order need not be the next page's. The columns are then named
    as the pieces reading names them (``_named``), by the row sums, a header word in the box of a column's
    first cell on some page (``head_of``: the name and whether it stands in the same box), and the rest by
    their order on the page holding most rows. Another table's numbers may stand amid the cells where they
    start (``foreign``: the indexes of cells right under 表四's header boxes): up to MAX_SKIPPED cells from
    there are passed over. Yields each reading with the indexes of the cells it took; (None, ()) where the
    matching ran out of steps (readings left unseen)."""
    budget = [MAX_MATCH_STEPS]
    for version in VERSIONS:
        order = [r.key for r in TABLES[version]["applications"].rows]
        if not labelled <= set(order):
            continue  # a label names a row this version's table does not have
        holds = _column_check(order)
        for columns in column_sets:
            width, need = len(columns), len(order) * len(columns)
            layouts_of: dict[tuple[int, ...], list[list[tuple[Piece, ...]]]] = {}
            for taken in _selections(len(cells), need, foreign):
                pages = [tuple(group) for _, group in itertools.groupby(taken, key=lambda i: page_of[i])]
                if any(len(p) % width for p in pages):
                    continue
                for page in pages:
                    if page not in layouts_of:
                        layouts_of[page] = _page_layouts([cells[i] for i in page], width,
                                                         "legal_person_subtotal" in columns)
                for chosen in itertools.product(*(layouts_of[page] for page in pages)):
                    for slots in _across_pages(list(chosen), holds, budget):
                        if slots is None:
                            yield None, ()
                            return
                        # a header box of its own says nothing here: pdfminer scatters them among the cells
                        heads = [next((h for part in parts if (h := _strong(head_of(part[0]))) is not None), None)
                                 for parts in slots]
                        whole = tuple(tuple(p for part in parts for p in part) for parts in slots)
                        # every page's columns matched in the order they came there, as on the others
                        aligned = all(parts[q] is chosen[q][a] for a, parts in enumerate(slots) for q in range(len(chosen)))
                        for reading in _named(whole, heads, [False] * width, order, columns, version,
                                              natural_by_sums=True):
                            reading.aligned = aligned
                            yield reading, taken


MAX_BAND_COLUMNS = 3  # neighbouring columns pdfminer's tree may write band by band (two seen, three allowed)


def _page_layouts(page: list[Piece], width: int, subtotal: bool) -> list[list[tuple[Piece, ...]]]:
    """The ways one page's cells may make its ``width`` columns (each a tuple in row order, in the order
    the columns came), less those whose rows cannot add up (``_rows_may_add_up``), one per distinct set of
    values: column after column; row after row; and column after column but for two or three
    neighbouring columns written band by band: their first k rows (column after column, or row after row),
    then their other rows (either way), as pdfminer's tree writes columns cut by a tall row (a wrapped label)
    or a row set apart (the first, under the header)."""
    n = len(page) // width
    layouts = [[tuple(page[c * n : (c + 1) * n]) for c in range(width)]]
    if n > 1:
        layouts.append([tuple(page[c::width]) for c in range(width)])
        for size in range(2, min(MAX_BAND_COLUMNS, width) + 1):
            for first in range(width - size + 1):
                head, at = [tuple(page[c * n : (c + 1) * n]) for c in range(first)], first * n
                tail = [tuple(page[at + size * n + c * n : at + size * n + (c + 1) * n]) for c in range(width - first - size)]
                for k in range(1, n):
                    top, bottom = page[at : at + size * k], page[at + size * k : at + size * n]
                    for top_rows, bottom_rows in itertools.product((False, True), repeat=2):
                        tops = [top[c::size] if top_rows else top[c * k : (c + 1) * k] for c in range(size)]
                        bottoms = [bottom[c::size] if bottom_rows else bottom[c * (n - k) : (c + 1) * (n - k)]
                                   for c in range(size)]
                        layouts.append([*head, *(tuple(a) + tuple(b) for a, b in zip(tops, bottoms)), *tail])
    out: dict[tuple[Any, ...], list[tuple[Piece, ...]]] = {}
    for slots in layouts:
        key = tuple(tuple((p.kind, p.value) for p in slot) for slot in slots)
        if key not in out and _rows_may_add_up(slots, subtotal):
            out[key] = slots
    return list(out.values())


def _rows_may_add_up(slots: list[tuple[Piece, ...]], subtotal: bool) -> bool:
    """Some column is every row's 总计: twice it is the row's sum (with a ``subtotal`` column: twice the
    总计 and the 小计 are), wherever the row's cells are numbers."""
    rows = [[float(p.value) if p.kind == "number" and p.value is not None else None for p in row]  # type: ignore[arg-type]
            for row in zip(*slots)]
    rows = [row for row in rows if None not in row]
    candidates = [(t, None) for t in range(len(slots))]
    if subtotal:
        candidates += [(t, s) for t in range(len(slots)) for s in range(len(slots)) if s != t]
    return any(all(abs(2 * row[t] + (row[s] if s is not None else 0) - sum(row)) <= 1e-6 for row in rows)  # type: ignore[operator]
               for t, s in candidates)


def _selections(n: int, need: int, foreign: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """The cells a page reading may take, ``need`` of ``n``: from one of the first MAX_LEAD + 1 on, and
    either straight on or passing over 1 to MAX_SKIPPED cells from one of ``foreign`` on."""
    for lead in range(min(MAX_LEAD, n - need) + 1):
        yield tuple(range(lead, lead + need))
        for start in foreign:
            for skip in range(1, MAX_SKIPPED + 1):
                if lead < start < lead + need and lead + need + skip <= n:
                    yield (*range(lead, start), *range(start + skip, lead + need + skip))


def _strong(head: tuple[str | None, bool]) -> str | None:
    """The column a header names where it stands in the cell's own box."""
    return head[0] if head[1] else None


def _across_pages(pages: list[list[tuple[Piece, ...]]], holds: Callable[[Sequence[Piece]], bool], budget: list[int]
                  ) -> Iterator[list[tuple[tuple[Piece, ...], ...]] | None]:
    """Every matching of the pages' columns (each page's in its own order) into whole columns whose own
    sums hold, in the order of the page holding most rows; columns of the same values are one choice.
    Each column is its parts, page by page. None at the end where ``budget`` ran out."""
    lead = max(range(len(pages)), key=lambda p: len(pages[p][0]))
    others = [p for p in range(len(pages)) if p != lead]
    width = len(pages[lead])

    def search(a: int, used: tuple[frozenset[int], ...], done: tuple[tuple[tuple[Piece, ...], ...], ...]
               ) -> Iterator[list[tuple[tuple[Piece, ...], ...]]]:
        budget[0] -= 1
        if budget[0] < 0:
            return
        if a == width:
            yield list(done)
            return
        tried: set[tuple[Any, ...]] = set()
        for pick in itertools.product(*[[s for s in range(width) if s not in used[k]] for k in range(len(others))]):
            parts = {lead: pages[lead][a], **{p: pages[p][s] for p, s in zip(others, pick)}}
            column = tuple(parts[p] for p in range(len(pages)))
            values = tuple((c.kind, c.value) for part in column for c in part)
            if values in tried:
                continue
            tried.add(values)
            if holds([c for part in column for c in part]):
                yield from search(a + 1, tuple(u | {s} for u, s in zip(used, pick)), (*done, column))

    yield from search(0, tuple(frozenset() for _ in others), ())
    if budget[0] < 0:
        yield None


def _named(slots: Slots, heads: list[str | None], weak: list[bool], order: list[str], columns: list[str], version: str,
           natural_by_sums: bool = False) -> Iterator[ColumnReading]:
    """The namings of unnamed columns (in the order their first pieces came, each with the column a
    header word before its first piece names, or None) under which every row's 总计 adds up: 总计 and
    小计 are whichever columns the sums allow, a column a header names takes that name, with a 小计 and
    ``natural_by_sums`` (the page reading, whose first column so often comes last) the 自然人 column may be
    the one the sums name (总计 less 小计), the others take the rest in printed order. ``as_printed``: no two columns of different values were named by
    their order or a ``weak`` header alone (pdfminer's box tree, which no sum checks)."""
    sums = [c for c in ("total", "legal_person_subtotal") if c in columns]
    if any(h is not None and h not in columns for h in heads):
        return  # a header of another column set
    # a header word before two columns' first pieces says nothing of either (a row's 总计 box, 表四's)
    heads = [h if h is None or heads.count(h) == 1 else None for h in heads]
    named_heads = [h for h in heads if h is not None]
    for chosen in itertools.permutations(range(len(slots)), len(sums)):
        if any(heads[s] not in (None, name) for s, name in zip(chosen, sums)):
            continue
        base = dict(zip(chosen, sums))
        rest = [s for s in range(len(slots)) if s not in base]
        alternatives = _natural_by_sums(slots, base, rest, heads, columns) if natural_by_sums else []
        for natural_at in [None, *alternatives]:
            naming = dict(base)
            free = [c for c in columns if c not in sums and c not in named_heads]
            if natural_at is not None:
                naming[natural_at] = "natural_person"
                free.remove("natural_person")
            if any(heads[s] in sums for s in rest if s not in naming):
                continue
            for s in rest:
                if s not in naming:
                    naming[s] = heads[s] if heads[s] is not None else free.pop(0)
            by_name = {name: slots[s] for s, name in naming.items()}
            stream = [p for c in columns for p in by_name[c]]
            if not _rows_add_up(stream, len(order), columns):
                continue
            by_order = [slots[s] for s in rest if (heads[s] is None or weak[s]) and s != natural_at]
            values = {tuple((p.kind, p.value) for p in slot) for slot in by_order}
            rows = {key: {c: by_name[c][r] for c in columns} for r, key in enumerate(order)}
            yield ColumnReading(rows, list(columns), version, len(values) <= 1,
                                all(naming[s] == columns[s] for s in range(len(slots))))


def _natural_by_sums(slots: Slots, named: dict[int, str], rest: list[int], heads: list[str | None],
                     columns: list[str]) -> list[int]:
    """With a 小计 column, the 自然人 column is the one the sums name: 总计 less 小计 in every row, wherever
    the three are numbers (the columns may come in any order: pdfminer writes the first one last where
    its boxes join the labels'). The columns, among ``rest`` with no header, that it may be."""
    if "legal_person_subtotal" not in columns or "natural_person" in heads:
        return []
    at = {name: s for s, name in named.items()}
    total, subtotal = slots[at["total"]], slots[at["legal_person_subtotal"]]

    def is_difference(slot: tuple[Piece, ...]) -> bool:
        return all(abs(float(t.value) - float(u.value) - float(p.value)) <= 1e-6  # type: ignore[arg-type]
                   for p, t, u in zip(slot, total, subtotal)
                   if all(x.kind == "number" and x.value is not None for x in (p, t, u)))

    return [s for s in rest if heads[s] is None and is_difference(slots[s])]


MAX_STREAM_TAILS = 64  # distinct readings of the rows still to place; beyond it the stream reading gives up


def stream_readings(cells: list[Piece], column_sets: list[list[str]]) -> Iterator[ColumnReading | None]:
    """Readings of 表三's numbers as one stream, whatever the labels say (issue 10): the stream,
    in text order, fills the official rows in order as consecutive blocks, each block of k rows
    written column after column (k = 1: a row read left to right). A reader that orders text by
    its flow (poppler's ``pdftotext`` without ``-layout``, and its bbox and TSV output) writes a
    real table's rows so, and puts their labels elsewhere: rows one by one, then a run of rows
    whose labels wrap written column by column, the labels of that run after it. Only the count
    (rows × columns, exactly) and the sums place the numbers: every block's rows must add up, and
    the caller takes a reading only where ``confirmed`` holds and no other confirmed reading
    gives other values. Of the block cuts giving the same values, the one with the fewest rows
    read column after column is yielded (row by row is the plain reading). Yields None where
    more than MAX_STREAM_TAILS distinct readings fit (too loose to choose from)."""
    for version in VERSIONS:
        order = [r.key for r in TABLES[version]["applications"].rows]
        for columns in column_sets:
            if len(cells) != len(order) * len(columns):
                continue
            tails = _stream_tails(cells, len(order), columns)
            if tails is None:
                yield None
                continue
            for values, (_, rows) in tails.items():
                yield ColumnReading({key: dict(zip(columns, row)) for key, row in zip(order, rows)},
                                    list(columns), version, True)


def _stream_tails(cells: list[Piece], n_rows: int, columns: list[str]
                  ) -> dict[tuple[Any, ...], tuple[int, list[list[Piece]]]] | None:
    """Row by row from the last: every distinct way (by values) to fill rows r.. from the stream's
    cells from r × width on, with its cost (rows read column after column) and its rows."""
    width = len(columns)
    after: dict[tuple[Any, ...], tuple[int, list[list[Piece]]]] = {(): (0, [])}
    tails: list[dict[tuple[Any, ...], tuple[int, list[list[Piece]]]]] = [after]
    for r in range(n_rows - 1, -1, -1):
        here: dict[tuple[Any, ...], tuple[int, list[list[Piece]]]] = {}
        for k in range(1, n_rows - r + 1):
            block = cells[r * width : (r + k) * width]
            if not _rows_add_up(block, k, columns):
                continue
            rows = [[block[ci * k + i] for ci in range(width)] for i in range(k)]
            head = tuple((p.kind, p.value) for row in rows for p in row)
            cost = k if k > 1 else 0
            for values, (rest_cost, rest) in tails[-k].items():
                key = head + values
                if key not in here or here[key][0] > cost + rest_cost:
                    here[key] = (cost + rest_cost, [*rows, *rest])
            if len(here) > MAX_STREAM_TAILS:
                return None
        tails.append(here)
    return tails[-1]


def proactive_cells(found: list[Block], rows: Sequence[RowDef]) -> dict[str, dict[str, Span]] | None:
    """表二's block reading: each block's rows, part by part of the official table (the rows under one
    第二十条 caption share their columns), written column after column. None unless some part has
    two rows or more and every block's cells fill exactly its rows' columns. 表二 has no sums, so
    nothing can confirm this reading: the caller says so in review."""
    by_key = {r.key: r for r in rows}
    order = list(by_key)
    out: dict[str, dict[str, Span]] = {}
    column_wise = False
    for block in found:
        if not block.cells:
            continue
        keys = [k for k in block.keys if k in by_key]
        positions = [order.index(k) for k in keys]
        if not keys or positions != sorted(set(positions)) or any(k in out for k in keys):
            return None
        if len(block.cells) != sum(len(by_key[k].columns) for k in keys):
            return None
        at = 0
        for _, part in itertools.groupby(keys, key=lambda k: by_key[k].caption):
            part = list(part)
            columns = by_key[part[0]].columns
            if any(by_key[k].columns != columns for k in part):
                return None
            n = len(part)
            for r, key in enumerate(part):
                out[key] = {c: block.cells[at + ci * n + r] for ci, c in enumerate(columns)}
            column_wise = column_wise or (n > 1 and len(columns) > 1)
            at += n * len(columns)
    return out if column_wise else None


def confirmed(statuses: dict[str, str], rows: dict[str, Any]) -> bool:
    """The arithmetic confirms a block reading: no check fails, every row's 总计 adds up, and
    every column's balance and result sum hold (a reading that misplaces a block breaks them)."""
    if any(s == "fail" for s in statuses.values()):
        return False
    row_sums = [statuses.get(f"applications.row_sum.{r}") for r in rows]
    columns = [s for i, s in statuses.items() if i.startswith(("applications.balance.", "applications.results_sum."))]
    return all(s == "pass" for s in row_sums) and bool(columns) and all(s == "pass" for s in columns)


__all__ = ["LONE_NUMBER", "MAX_READINGS", "Block", "ColumnReading", "blocks", "column_written", "confirmed",
           "header_lines", "page_readings", "piece_readings", "piece_runs", "proactive_cells", "readings", "stream_readings"]
