"""Placing rows that hold fewer numbers than columns, by the tables' equations (issue 9).

A web copy or a PDF-to-markdown conversion often drops a table's blank cells, so a 表三
row keeps only its non-blank numbers ("5 5" for 自然人 5, 总计 5) and nothing says
which columns they came from. Left-aligning them puts numbers in the wrong columns.
Here the numbers keep their reading order and the official equations choose the
columns:

* each 表三 row: 总计 = the six applicant columns (and 小计 = the five organisations);
* per column: （七）总计 = the sum of the result rows; 一 + 二 = （七） + 四;
* each 表四 group: 总计 = 维持 + 纠正 + 其他 + 尚未审结.

The search is a dynamic programme over the short rows (each row's domain is its
order-preserving placements, C(k-1, n-1) with 总计 filled), its state the residual of
every column equation; per state the two cheapest partial assignments are kept, so
the end state says whether exactly one assignment satisfies every equation
(``unique``), several do (``ambiguous``: the cheapest, i.e. the one closest to the
layout's left-packed reading, is taken and the runner-up named), or none does
(``none``). Where the states outgrow ``MAX_STATES`` the same model goes to a MILP (SciPy's
``milp``, HiGHS; ``solve_milp``); ``benchmarks/bench_placement.py`` compares the two.

Two structural facts of the official grid narrow each row's domain: a row holding
any number fills its 总计 (no report leaves 总计 blank beside a filled part), and a
row of one non-zero number is a total-only row (its parts are unknown, not zero, as
in the checks). Values are never changed; a piece goes whole into one cell.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gdr_nlp.document import ReportDocument
from gdr_nlp.reconcile.readings import Piece, row_readings, sum_score
from gdr_nlp.reconcile.schema import REVIEW_COLUMN_KEYS, REVIEW_GROUPS

ANCHOR_ROWS = ("new_received", "carried_over", "total_processed", "carried_forward")
"""The 表三 rows that are not result rows: the balance's four."""
MAX_STATES = 5_000  # per row step; beyond it the MILP solves the same model (faster on such tables, BENCHMARKS.md)
_EPS = 1e-6

Residual = tuple[float | None, ...]
"""One entry per (equation, column): what is still missing for it to hold; None = not assessable."""


@dataclass
class Solution:
    """The outcome of placing short rows: ``status`` is unique, ambiguous, none or too_large.

    ``cells`` maps row → column → piece for the short rows (the chosen assignment; empty when
    status is none/too_large); ``alternative`` the runner-up when ambiguous.
    """

    status: str
    cells: dict[str, dict[str, Piece]] = field(default_factory=dict)
    alternative: dict[str, dict[str, Piece]] = field(default_factory=dict)
    states: int = 0  # largest DP layer (for the benchmark)


def _value(piece: Piece) -> float:
    """A piece's number for the sums: a placeholder (/, —) adds nothing."""
    return float(piece.value) if piece.kind == "number" and piece.value is not None else 0.0


def row_placements(pieces: Sequence[Piece], columns: Sequence[str]) -> list[tuple[tuple[int, ...], float]]:
    """Order-preserving placements of a short 表三 row that satisfy its own sums, cheapest first.

    The last piece is 总计; the others take increasing part columns. Cost: how far the
    parts sit from the left-packed reading (the layout's default).
    """
    k = len(columns)
    total = columns.index("total")
    parts = [j for j, c in enumerate(columns) if c != "total"]
    out: list[tuple[tuple[int, ...], float]] = []
    n = len(pieces)
    if n == 0 or n > k:
        return out
    for chosen in itertools.combinations(parts, n - 1):
        cols = (*chosen, total)
        if not _row_holds(pieces, cols, columns):
            continue
        out.append((cols, float(sum(p - i for i, p in enumerate(chosen)))))
    out.sort(key=lambda t: t[1])
    return out


def _row_holds(pieces: Sequence[Piece], cols: tuple[int, ...], columns: Sequence[str]) -> bool:
    by_col = {columns[j]: _value(p) for p, j in zip(pieces, cols)}
    total = by_col.get("total", 0.0)
    six = [c for c in columns if c not in ("total", "legal_person_subtotal")]
    if len(pieces) == 1 and total:
        return True  # a total-only row: its parts are unstated, not zero
    if abs(sum(by_col.get(c, 0.0) for c in six) - total) > _EPS:
        return False
    if "legal_person_subtotal" in columns and "legal_person_subtotal" in by_col:
        orgs = [c for c in six if c != "natural_person"]
        return abs(sum(by_col.get(c, 0.0) for c in orgs) - by_col["legal_person_subtotal"]) < _EPS
    return True


def row_sums_hold(pieces: Sequence[Piece], columns: Sequence[str]) -> bool:
    """A whole 表三 row (as many pieces as columns, in column order) whose own sums hold."""
    return len(pieces) == len(columns) and _row_holds(pieces, tuple(range(len(columns))), columns)


def _row_vector(pieces: Sequence[Piece], cols: tuple[int, ...], columns: Sequence[str]) -> list[float | None]:
    """Per column: the value placed there, 0 for a blank, None for a total-only row's unstated parts."""
    vec: list[float | None] = [0.0] * len(columns)
    for p, j in zip(pieces, cols):
        vec[j] = _value(p)
    if len(pieces) == 1 and vec[columns.index("total")]:
        vec = [v if c == "total" else None for c, v in zip(columns, vec)]
    return vec


def fixed_vector(cells: dict[str, Piece], columns: Sequence[str]) -> list[float | None]:
    """The same vector for a row read whole by the layout (a text cell is not assessable)."""
    vec: list[float | None] = []
    for c in columns:
        p = cells.get(c)
        vec.append(None if p is not None and p.kind == "text" else _value(p) if p is not None else 0.0)
    total = cells.get("total")
    parts = [cells.get(c) for c in columns if c != "total"]
    if total is not None and _value(total) and all(p is None or p.kind in ("empty", "na") for p in parts):
        vec = [v if c == "total" else None for c, v in zip(columns, vec)]
    return vec


def equations(present: set[str], results: Sequence[str]) -> list[dict[str, int]]:
    """The column equations (row → coefficient, summing to 0) whose anchor rows were found."""
    eqs = []
    if "total_processed" in present:
        eqs.append({**{r: 1 for r in results if r in present}, "total_processed": -1})
    if {"new_received", "carried_over", "total_processed", "carried_forward"} <= present:
        eqs.append({"new_received": 1, "carried_over": 1, "total_processed": -1, "carried_forward": -1})
    return eqs


def _add(state: Residual, delta: list[float | None]) -> Residual:
    return tuple(None if a is None or b is None else a + b for a, b in zip(state, delta))


@dataclass
class Option:
    """One way to fill a row: its cells, its vector for the column equations (``_row_vector``) and
    its cost (distance from the layout's reading; 0 where the layout prefers none)."""

    cells: dict[str, Piece]
    vector: list[float | None]
    cost: float = 0.0


def row_options(pieces: Sequence[Piece], columns: Sequence[str]) -> list[Option]:
    """A short row's placements (``row_placements``) as options."""
    return [Option({columns[j]: p for p, j in zip(pieces, cols)}, _row_vector(pieces, cols, columns), cost)
            for cols, cost in row_placements(pieces, columns)]


def glued_options(pieces: Sequence[Piece], glued: Sequence[Piece], columns: Sequence[str]) -> list[Option]:
    """A short row's placements when its label also holds numbers a conversion glued into it
    (``…只计这一情 2形…``): where they stood among the row's cells is lost, so each is tried at
    every place in the row's reading order (in their own order) and the equations choose.
    Placements giving the same values are one option (the cheapest); the end of the row, where
    a wrapped label's vertically centred 总计 lands, costs least."""
    n = len(pieces) + len(glued)
    best: dict[tuple, Option] = {}
    for at in itertools.combinations(range(n), len(glued)):
        rest, extra = iter(pieces), iter(glued)
        seq = [next(extra) if i in at else next(rest) for i in range(n)]
        moved = float(sum(n - 1 - i for i in at))  # how far each glued number stands from the row's end
        for option in row_options(seq, columns):
            option.cost += moved
            key = tuple(option.vector)
            if key not in best or option.cost < best[key].cost:
                best[key] = option
    return sorted(best.values(), key=lambda o: o.cost)


def place_applications(short: dict[str, list[Piece]], fixed: dict[str, dict[str, Piece]], columns: Sequence[str],
                       results: Sequence[str]) -> Solution:
    """Choose columns for the pieces of every short 表三 row at once (see the module docstring).

    Args:
        short: row key → its filled pieces in reading order (fewer than the columns).
        fixed: row key → the cells of rows read whole (as many pieces as columns).
        columns: the table's column keys, 总计 last.
        results: the result rows of this version (those adding up to （七）总计).
    """
    return place_options({r: row_options(p, columns) for r, p in short.items()}, fixed, columns, results)


def place_options(options: dict[str, list[Option]], fixed: dict[str, dict[str, Piece]], columns: Sequence[str],
                  results: Sequence[str], *, milp: bool = True) -> Solution:
    """Choose one option for every open row so that every column equation holds: the search behind
    ``place_applications`` (short rows) and ``glued.place_glued_rows`` (digit runs split into cells).
    ``milp``: where the states outgrow ``MAX_STATES``, solve the same model as a MILP (else give
    up: status ``too_large``)."""
    present = set(options) | set(fixed)
    eqs = equations(present, results)
    k = len(columns)

    def delta(row: str, vec: list[float | None]) -> list[float | None]:
        return [None if v is None else e.get(row, 0) * v for e in eqs for v in vec]

    if any(not d for d in options.values()):
        return Solution("none")
    # rows with one option (total-only rows, rows their own sum decides) are constants like the
    # fixed rows; equations through an unstated cell are not assessable and leave the state
    start: Residual = tuple(0.0 for _ in range(len(eqs) * k))
    for row, cells in fixed.items():
        start = _add(start, delta(row, fixed_vector(cells, columns)))
    for row, dom in options.items():
        if len(dom) == 1:
            start = _add(start, delta(row, dom[0].vector))
    keep = [i for i, v in enumerate(start) if v is not None]
    balance_at = [n for n, i in enumerate(keep) if "new_received" in eqs[i // k]]
    results_at = [n for n, i in enumerate(keep) if "new_received" not in eqs[i // k]]
    # anchors first: once they are placed a result-row residual only shrinks towards 0
    order = sorted((r for r in options if len(options[r]) > 1),
                   key=lambda r: (r not in ANCHOR_ROWS, list(options).index(r)))
    deltas = {r: [tuple(float(d[i] or 0.0) for i in keep) for d in (delta(r, o.vector) for o in options[r])]
              for r in order}
    # what the result rows still to come can add to any one column, at most (counts are not negative)
    room = [0.0] * (len(order) + 1)
    for i in range(len(order) - 1, -1, -1):
        most = max((v or 0.0 for o in options[order[i]] for v in o.vector), default=0.0)
        room[i] = room[i + 1] + (most if order[i] in results else 0.0)
    # state → up to two (cost, path) with distinct paths; a path is a linked tuple (previous, row, choice)
    layer: dict[tuple[float, ...], list[tuple[float, tuple]]] = {tuple(float(start[i] or 0.0) for i in keep): [(0.0, ())]}
    largest = 1
    for step, row in enumerate(order):
        done = set(order[: step + 1])
        tp_closed = "total_processed" not in order or "total_processed" in done
        balance_closed = all(a not in order or a in done for a in ANCHOR_ROWS)
        nxt: dict[tuple[float, ...], list[tuple[float, tuple]]] = {}
        for state, paths in layer.items():
            for choice, option in enumerate(options[row]):
                new = tuple(map(operator.add, state, deltas[row][choice]))
                if balance_closed and any(abs(new[n]) > _EPS for n in balance_at):
                    continue
                if tp_closed and any(new[n] > _EPS or new[n] + room[step + 1] < -_EPS for n in results_at):
                    continue
                bucket = nxt.setdefault(new, [])
                bucket.extend((c0 + option.cost, (path, row, choice)) for c0, path in paths)
                if len(bucket) > 2:
                    bucket.sort(key=lambda t: t[0])
                    del bucket[2:]
        layer = nxt
        largest = max(largest, len(layer))
        if len(layer) > MAX_STATES:
            if not milp:
                return Solution("too_large", states=largest)
            solution = solve_options(options, fixed, columns, results)
            solution.states = largest
            return solution
    ends = sorted((p for state, paths in layer.items() if all(abs(v) < _EPS for v in state) for p in paths),
                  key=lambda t: t[0])
    if not ends:
        return Solution("none", states=largest)
    single = {r: dom[0].cells for r, dom in options.items() if len(dom) == 1}
    best = {**single, **_cells(ends[0][1], options)}
    if len(ends) == 1:
        return Solution("unique", best, states=largest)
    return Solution("ambiguous", best, {**single, **_cells(ends[1][1], options)}, states=largest)


def solve_milp(short: dict[str, list[Piece]], fixed: dict[str, dict[str, Piece]], columns: Sequence[str],
               results: Sequence[str]) -> Solution:
    """``place_applications``' model as a MILP (``solve_options``)."""
    return solve_options({r: row_options(p, columns) for r, p in short.items()}, fixed, columns, results)


def solve_options(options: dict[str, list[Option]], fixed: dict[str, dict[str, Piece]], columns: Sequence[str],
                  results: Sequence[str]) -> Solution:
    """The same model as a MILP (SciPy ``milp``/HiGHS): one binary per row option, one equality per
    assessable column equation, the cost as objective; a second solve with a no-good cut tells
    unique from ambiguous. Used where the DP's states outgrow ``MAX_STATES``."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    eqs = equations(set(options) | set(fixed), results)
    if any(not d for d in options.values()):
        return Solution("none")
    var = [(r, i) for r, d in options.items() for i in range(len(d))]
    if not var:
        return Solution("unique")
    vectors = [options[r][i].vector for r, i in var]
    fixed_vectors = {row: fixed_vector(cells, columns) for row, cells in fixed.items()}
    rows_a: list[list[float]] = [[1.0 if vr == r else 0.0 for vr, _ in var] for r in options]  # one option per row
    bounds_lo: list[float] = [1.0] * len(options)
    for e in eqs:
        for j in range(len(columns)):
            fixed_part = [e.get(row, 0) * vec[j] if vec[j] is not None else None for row, vec in fixed_vectors.items()
                          if e.get(row, 0)]
            coef = [e.get(r, 0) * (vec[j] or 0.0) for (r, _), vec in zip(var, vectors)]
            if None in fixed_part or any(vec[j] is None and e.get(r, 0) for (r, _), vec in zip(var, vectors)):
                continue  # through an unstated cell: not assessable
            rows_a.append(coef)
            bounds_lo.append(-sum(v for v in fixed_part if v is not None))
    a = np.array(rows_a)
    cost = np.array([options[r][i].cost for r, i in var])
    keep = dict(integrality=np.ones(len(var)), bounds=Bounds(0, 1))
    first = milp(cost, constraints=LinearConstraint(a, bounds_lo, bounds_lo), **keep)
    if first.x is None:
        return Solution("none")
    chosen = [n for n, x in enumerate(first.x) if x > 0.5]
    cut = np.zeros(len(var))
    cut[chosen] = 1.0
    second = milp(cost, constraints=[LinearConstraint(a, bounds_lo, bounds_lo),
                                     LinearConstraint(cut, -np.inf, len(chosen) - 1)], **keep)

    def cells(x: Any) -> dict[str, dict[str, Piece]]:
        out = {}
        for n, v in enumerate(x):
            if v > 0.5:
                r, i = var[n]
                out[r] = options[r][i].cells
        return out

    if second.x is None:
        return Solution("unique", cells(first.x))
    return Solution("ambiguous", cells(first.x), cells(second.x))


def _cells(path: tuple, options: dict[str, list[Option]]) -> dict[str, dict[str, Piece]]:
    out: dict[str, dict[str, Piece]] = {}
    while path:
        path, row, choice = path
        out[row] = options[row][choice].cells
    return out


def place_review(pieces: Sequence[Piece], *, groups: Sequence[int] | None = None) -> list[tuple[float, dict[str, dict[str, Piece]]]]:
    """表四 with fewer than fifteen cells: order-preserving placements into the 3×5 grid whose
    groups each either hold nothing or fill 总计 with 总计 = the four results. Cheapest first.

    ``groups`` pins each piece to a group index (three runs after their group headers).
    """
    slots = [(g, c) for g in range(len(REVIEW_GROUPS)) for c in range(len(REVIEW_COLUMN_KEYS))]
    out: list[tuple[float, dict[str, dict[str, Piece]]]] = []
    n = len(pieces)
    if n == 0 or n >= len(slots) or n > 12:
        return out
    names = list(REVIEW_GROUPS)
    for chosen in itertools.combinations(range(len(slots)), n):
        if groups is not None and any(slots[s][0] != g for s, g in zip(chosen, groups)):
            continue
        table: dict[str, dict[str, Piece]] = {}
        for s, p in zip(chosen, pieces):
            g, c = slots[s]
            table.setdefault(names[g], {})[REVIEW_COLUMN_KEYS[c]] = p
        if all(_group_holds(cells) for cells in table.values()):
            out.append((float(sum(s - i for i, s in enumerate(chosen))), table))
    out.sort(key=lambda t: t[0])
    return out


def _group_holds(cells: dict[str, Piece]) -> bool:
    total = cells.get("total")
    if total is None:
        return False
    return abs(sum(_value(cells[c]) for c in REVIEW_COLUMN_KEYS[:-1] if c in cells) - _value(total)) < _EPS


def is_short(pieces: Sequence[Piece], columns: Sequence[str]) -> bool:
    """A row of numbers (or placeholders) only, fewer than the columns: its blanks were dropped."""
    return (0 < len(pieces) < len(columns) and all(p.kind in ("number", "na") for p in pieces)
            and any(p.kind == "number" for p in pieces))


def with_blanks(cells: dict[str, Piece], pieces: Sequence[Piece], columns: Sequence[str]) -> dict[str, Piece]:
    """The placed cells plus an ``empty`` cell for every other column, each a zero-length span
    where the next placed piece starts (or where the last one ends)."""
    out: dict[str, Piece] = {}
    for i, column in enumerate(columns):
        if column in cells:
            out[column] = cells[column]
            continue
        after = next((cells[c] for c in columns[i + 1 :] if c in cells), None)
        at = after.start if after is not None else max(p.end for p in cells.values()) if cells else pieces[-1].end
        out[column] = Piece(at, at, "empty", None, None, line=pieces[0].line)
    return out


def describe_alternative(doc: ReportDocument, solution: Solution, columns: Sequence[str]) -> str:
    """A review note: which rows two assignments place differently, and how."""
    parts = []
    for row, cells in solution.cells.items():
        other = solution.alternative.get(row, cells)
        if {c: p.start for c, p in cells.items()} == {c: p.start for c, p in other.items()}:
            continue
        shown = ", ".join(repr(doc.raw_slice(p.start, p.end)) for p in cells.values())
        parts.append(f"{row}: {len(cells)} numbers ({shown}) in a {len(columns)}-column row; placements "
                     f"({','.join(cells)}) and ({','.join(other)}) both satisfy every sum; took the first (the layout's)")
    return "; ".join(parts) or "two placements of the short rows satisfy every sum"


# ---- the reconciler's entry points (reconcile/tables.py) ----------------------------------------


def place_short_rows(doc: ReportDocument, short: dict[str, list[Piece]], rows: dict[str, dict[str, Piece]],
                      columns: list[str], said: tuple[list[str], list[str]], blank_rows: dict[str, int],
                      glued: dict[str, list[Piece]] | None = None) -> float:
    """表三 rows holding fewer numbers than columns (blank cells dropped): placed by the equations.

    The columns the chosen assignment leaves free become ``empty`` cells: the grid had a cell
    there that printed nothing. That is the only reading left when every equation holds (a
    lost non-zero number would break a sum; a lost 0 is the same sum as a blank). Where
    several assignments hold, the layout's is kept and the alternative named in a review note;
    where none holds, each row is read by the layout alone, its free columns stay absent
    (completeness reports them) and a review note says so. A row whose label stands with no
    number at all (``blank_rows``: its cells all dropped) is a row of blanks when the others
    are placed; a group label (（六）其他处理 over 1./2./3.) is not a row of its own. ``glued``:
    numbers a conversion glued into a short row's label, its cells too (``glued_options``).
    """
    glued = glued or {}
    warnings, notes = said
    fixed = {key: cells for key, cells in rows.items()}
    split = any(k in rows or k in short for k in ("other_overdue_correction", "other_overdue_fee", "other_reasons"))
    blank_rows = {k: at for k, at in blank_rows.items() if k not in rows and k not in short
                  and not (split and k == "other_handling")}
    if not short and not blank_rows:
        return 0.0
    for key, at in blank_rows.items():  # rows of blanks: zeros in the sums
        fixed[key] = {c: Piece(at, at, "empty", None, None, line=doc.line_index_at(at)) for c in columns}
    results = [key for key in [*short, *fixed] if key not in ANCHOR_ROWS]
    options = {r: glued_options(p, glued[r], columns) if r in glued else row_options(p, columns) for r, p in short.items()}
    solution = place_options(options, fixed, columns, results)
    score = 0.0
    if solution.status in ("unique", "ambiguous"):
        for key, cells in solution.cells.items():
            rows[key] = with_blanks(cells, [*short[key], *glued.get(key, ())], columns)
            score += sum_score(rows[key])
            if taken := [p for p in glued.get(key, ()) if any(p is q for q in cells.values())]:
                warnings.append(f"applications.{key}: {', '.join(repr(doc.raw_slice(p.start, p.end)) for p in taken)} "
                                "glued into the row's label read as its cell(s), placed where every sum holds")
        for key in blank_rows:
            rows[key] = fixed[key]
        zero_rows = [k for k in results if blank_rows and k not in blank_rows and len(rows.get(k, {})) == len(columns)
                     and all(p.kind == "number" and p.value == 0 for p in rows[k].values())]
        if zero_rows:
            # the table writes a result row of nothing as zeros (zero_rows), so a result label standing with
            # no number at all is more likely a row whose zeros a converter dropped than a row left blank: the
            # sums cannot tell a lost 0 from a blank, so the blank reading must not look confirmed. (Totals
            # rows printed as zeros over blank result rows are a report's own habit: no doubt from those.)
            notes.append(f"applications: rows {', '.join(blank_rows)} stand with no number at all and were read as "
                         f"blank, but the table writes rows of zeros ({', '.join(zero_rows[:3])}"
                         f"{' …' if len(zero_rows) > 3 else ''}); a conversion may have dropped their numbers: check")
        if solution.status == "ambiguous":
            notes.append("applications: " + describe_alternative(doc, solution, columns))
        return score
    if not short:
        return 0.0  # rows of blanks only: left absent, the checks report the sums that fail
    short = {key: pieces for key, pieces in short.items() if pieces}  # a label's glued digits alone: no reading
    for key, pieces in short.items():
        best = row_readings(pieces, columns, table_key="applications")[0]
        rows[key] = with_flat_blanks(doc, best.cells, pieces, columns)
        score += best.score
    # rows that their own sum places (a total-only row) needed no column equation: a failing
    # column sum there is a misprint the checks report, not a doubt about placement
    open_rows = [key for key, pieces in short.items() if len(row_placements(pieces, columns)) != 1]
    warnings.append(f"applications: short rows placed by the layout ({solution.status})")
    if open_rows:
        notes.append(f"applications: rows {', '.join(open_rows)} hold fewer numbers than the table has columns (blank "
                     "cells dropped?) and no placement of them makes every row and column sum hold; they were placed "
                     "by the layout alone")
    return score


def with_flat_blanks(doc: ReportDocument, cells: dict[str, Piece], pieces: list[Piece],
                      columns: list[str]) -> dict[str, Piece]:
    """A row on one line, padded into columns with runs of spaces (a layout-preserving PDF-to-text
    conversion), with fewer values than columns: its other cells are blank in the source, so they
    are ``empty`` cells, each traced to a zero-length span where the next value starts (or where the
    last one ends). Single spaces between values keep no trace of blanks: those stay absent."""
    if len(pieces) >= len(columns) or not pieces or len({p.line for p in pieces}) != 1 or pieces[0].line == -1:
        return cells
    line = doc.lines[pieces[0].line]
    if "  " not in doc.text[line.start : line.end].strip():
        return cells
    return with_blanks(cells, pieces, columns)


def place_review_segments(segments: list[tuple[str | None, list[Piece]]],
                          notes: list[str]) -> dict[str, dict[str, Piece]] | None:
    """表四 with fewer than fifteen numbers and no blank cells (blanks dropped): placed by the group
    sums (``placement.place_review``); three runs after their group headers stay in their groups.
    None when the layout reading applies (fifteen cells or more, or cells that are not numbers)."""
    data = [(g, seg) for g, seg in segments if any(p.filled for p in seg)]  # not the blanks under a header
    flat = [p for _, seg in data for p in seg]
    if not flat or len(flat) >= 15 or not all(p.kind in ("number", "na") for p in flat):
        return None
    names = list(REVIEW_GROUPS)
    pins = None
    if len(data) == 3 and len({g for g, _ in data}) == 3 and all(g in names for g, _ in data):
        pins = [names.index(str(g)) for g, seg in data for _ in seg]
    placed = place_review(flat, groups=pins)
    if not placed:
        notes.append(f"review_litigation: {len(flat)} numbers where 15 cells are expected (blank cells dropped?) and no "
                     "placement makes every group's 总计 hold; read by the layout alone")
        return None
    if len(placed) > 1:
        first, other = placed[0][1], placed[1][1]
        where = lambda t: ", ".join(f"{g}.{c}" for g, cols in t.items() for c in cols)  # noqa: E731
        notes.append(f"review_litigation: {len(flat)} numbers where 15 cells are expected; placements ({where(first)}) "
                     f"and ({where(other)}) both satisfy every group sum; took the first (the layout's)")
    best = placed[0][1]
    return {g: with_blanks(best.get(g, {}), flat, REVIEW_COLUMN_KEYS) for g in names}


# ---- whole rows of numbers displaced from their labels (issue 10) -------------------------------

MAX_ANCHOR_MAPS = 20_000  # (anchor rows × runs) assignments tried per stretch; beyond it nothing is placed


@dataclass
class Displaced:
    """Rows given runs of numbers that stood under other labels (``place_displaced_rows``)."""

    rows: dict[str, list[Piece]]  # row → its pieces (one row's worth), for every row of a stretch placed
    confirmed: bool  # no other placement satisfying the sums gives other values
    summary: str


def place_displaced_rows(streams: dict[str, list[Piece]], bare: dict[str, int], columns: Sequence[str],
                         results: Sequence[str]) -> Displaced | None:
    """表三 rows whose labels and numbers a PDF reader wrote out of step (issue 10).

    A reader that orders text by its boxes (PyMuPDF's sorted blocks, pdftotext's reading order
    on a browser's PDF) keeps a table's numbers in order but not always its labels: a label
    wrapped over several lines sorts by its bottom, after the numbers of the rows below it, or a
    run of labels comes first and then the numbers of all of them. One row label then holds
    whole rows of numbers (two, three, … times the columns, each run adding up as a row does)
    and as many other labels hold none. In the stretch of rows from the first such label to
    the one that closes the count, the layout's reading gives the runs, in reading order, to
    the rows in the order of their labels.

    The equations decide where they can: the balance (一 + 二 = （七） + 四) and （七）总计 = the
    result rows tell an anchor row's run from a result row's; but two result rows' runs swapped
    satisfy every sum, so there the values are in doubt unless the runs are equal (all zeros,
    say). ``confirmed`` is false when another placement satisfying every assessable sum gives
    other values (the caller keeps the layout's reading and asks for review). None when the
    counts do not match (labels without numbers that are not this class, runs that are not whole
    rows or do not add up as rows) or no placement satisfies the sums.

    Args:
        streams: row key → its pieces in reading order (rows with cells).
        bare: row key → label end, for the rows whose label stands with no cell.
        columns: the table's columns, 总计 last.
        results: the result rows of this version (those adding up to （七）总计).
    """
    k = len(columns)
    whole = {r: p for r, p in streams.items()
             if len(p) % k == 0 and all(x.kind in ("number", "na", "empty") for x in p)}
    surplus = [r for r, p in whole.items() if len(p) > k]
    if not surplus or sum(len(whole[r]) // k - 1 for r in surplus) != len(bare):
        return None
    runs = {r: [p[i : i + k] for i in range(0, len(p), k)] for r, p in whole.items()}
    if not all(_row_holds(run, tuple(range(k)), columns) for r in surplus for run in runs[r]):
        return None  # the cut into whole rows is what each run's own sum says it is, or nothing is placed
    order = sorted([*streams, *bare], key=lambda r: streams[r][0].start if streams.get(r) else bare.get(r, 0))
    stretches: list[list[str]] = []
    open_, owed = [], 0
    for row in order:
        if row not in bare and row not in whole:  # a row read otherwise (blanks dropped, text) ends a stretch
            open_, owed = [], 0
            continue
        gives = len(runs[row]) - 1 if row in runs else -1
        if not open_ and gives == 0:
            continue
        open_.append(row)
        owed += gives
        if owed == 0:
            stretches.append(open_)
            open_ = []
    if not stretches or sum(r in bare for s in stretches for r in s) != len(bare):
        return None
    fixed = {r: p for r, p in streams.items() if not any(r in s for s in stretches)}
    eqs = equations(set(streams) | set(bare), results)

    def vector(pieces: Sequence[Piece]) -> list[float | None]:
        if len(pieces) != k or any(p.kind == "text" for p in pieces):
            return [None] * k  # a row read otherwise: its sums are not assessed here
        return fixed_vector(dict(zip(columns, pieces)), columns)

    def holds(vecs: dict[str, list[float | None]]) -> bool:
        for e in eqs:
            for j in range(k):
                terms = [c * v[j] if (v := vecs.get(r)) is not None and v[j] is not None else None
                         for r, c in e.items()]
                if None not in terms and abs(sum(terms)) > _EPS:  # type: ignore[arg-type]
                    return False
        return True

    layout = {r: run for s in stretches for r, run in zip(s, [run for row in s if row in runs for run in runs[row]])}
    vecs = {**{r: vector(p) for r, p in fixed.items()}, **{r: vector(p) for r, p in layout.items()}}
    placed, doubt, how = dict(layout), False, "in reading order"
    for stretch in stretches:
        blocks = [layout[r] for r in stretch]
        values = [tuple(_value(p) for p in b) for b in blocks]
        anchors = [r for r in stretch if r in ANCHOR_ROWS]
        others = [r for r in stretch if r not in ANCHOR_ROWS]
        maps = list(itertools.islice(itertools.permutations(range(len(blocks)), len(anchors)), MAX_ANCHOR_MAPS + 1))
        if len(maps) > MAX_ANCHOR_MAPS:
            return None
        fits = []
        for chosen in maps:  # the result rows take the other runs in reading order: swapping them changes no sum
            rest = [i for i in range(len(blocks)) if i not in chosen]
            assign = {**dict(zip(anchors, chosen)), **dict(zip(others, rest))}
            if holds({**vecs, **{r: vector(blocks[i]) for r, i in assign.items()}}):
                fits.append(assign)
        if not fits:
            return None
        mine = {r: i for i, r in enumerate(stretch)}
        assign = mine if mine in fits else fits[0]
        if assign is not mine:
            how = "by the sums"
        anchored = {r: values[assign[r]] for r in anchors}
        # other values somewhere: an anchor row given another run, or result rows whose runs differ
        doubt = doubt or any({r: values[a[r]] for r in anchors} != anchored for a in fits)
        doubt = doubt or len({values[assign[r]] for r in others}) > 1
        placed.update({r: blocks[assign[r]] for r in stretch})
        vecs.update({r: vector(blocks[assign[r]]) for r in stretch})
    rows = {r: list(p) for r, p in placed.items()}
    summary = (f"labels {', '.join(bare)} stood with no number and {', '.join(surplus)} over "
               f"{' and '.join(str(len(whole[r])) for r in surplus)} numbers, whole rows of {k} (a PDF reader's box "
               f"order); rows {', '.join(rows)} given those runs {how}")
    return Displaced(rows, not doubt, summary)
