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
    at = {key: n for n, key in enumerate(order)}
    results = [at[k] for k in order[2:-2]]
    seen: dict[tuple[Any, ...], int] = {}  # state → the fewest cells passed over on the way to it
    left = [sum(len(r) for r in runs[i:]) for i in range(len(runs) + 1)]  # cells from run i on
    run_values = [tuple((p.kind, p.value) for p in run) for run in runs]

    def column_holds(cells: tuple[Piece, ...]) -> bool:
        values = [float(p.value) if p.kind == "number" and p.value is not None else None for p in cells]  # type: ignore[arg-type]
        balance = [values[at[k]] for k in ("new_received", "carried_over", "total_processed", "carried_forward")]
        if None not in balance and abs(balance[0] + balance[1] - balance[2] - balance[3]) > 1e-6:  # type: ignore[operator]
            return False
        parts = [values[r] for r in results]
        total = values[at["total_processed"]]
        return total is None or None in parts or abs(sum(parts) - total) <= 1e-6  # type: ignore[arg-type]

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


def _named(slots: Slots, heads: list[str | None], weak: list[bool], order: list[str], columns: list[str], version: str
           ) -> Iterator[ColumnReading]:
    """The namings of unnamed columns (in the order their first pieces came, each with the column a
    header word before its first piece names, or None) under which every row's 总计 adds up: 总计 and
    小计 are whichever columns the sums allow, a column a header names takes that name, the others
    take the rest in printed order. ``as_printed``: no two columns of different values were named by
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
        naming = dict(zip(chosen, sums))
        free = [c for c in columns if c not in sums and c not in named_heads]
        rest = [s for s in range(len(slots)) if s not in naming]
        for s in rest:
            if heads[s] in sums:
                break
            naming[s] = heads[s] if heads[s] is not None else free.pop(0)
        else:
            by_name = {name: slots[s] for s, name in naming.items()}
            stream = [p for c in columns for p in by_name[c]]
            if not _rows_add_up(stream, len(order), columns):
                continue
            by_order = [slots[s] for s in rest if heads[s] is None or weak[s]]
            values = {tuple((p.kind, p.value) for p in slot) for slot in by_order}
            rows = {key: {c: by_name[c][r] for c in columns} for r, key in enumerate(order)}
            yield ColumnReading(rows, list(columns), version, len(values) <= 1)


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
           "header_lines", "piece_readings", "piece_runs", "proactive_cells", "readings", "stream_readings"]
