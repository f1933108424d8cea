"""Candidate readings of one table row (or of 表四) and their scores.

A reading assigns a row's cell pieces to the schema's columns. Layouts leave
room for several: blank grid cells before or after the values, a total-only
row, a number broken by a space ("1 2" → 12), a page number landing among the
cells, fifteen 表四 numbers in one run or three. Each candidate is scored:
dropping a filled cell costs most (a likely page number costs little), a sum
that fails costs, a sum that holds earns, an implausible 表二 row costs a little.
Values are never changed, and two source tokens are never glued into one value
(issue 9): where the only fitting reading takes two neighbouring numbers as one
broken by a space, that cell is kept as ``text`` with the source's tokens and the
joined number is only a ``proposal`` (scored here, reported for review).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gdr_nlp.document import Span, line_end
from gdr_nlp.reconcile.schema import APPLICANT_KEYS, REVIEW_COLUMN_KEYS, REVIEW_GROUPS

DROP_FILLED = 3.0  # leaving out a cell that holds something
DROP_PAGEISH = 0.2  # leaving out a number that is probably the page number
MERGE = 0.3  # reading two numbers as one broken by a space
_EPS = 1e-6


@dataclass
class Piece:
    """A candidate cell: a span of doc.text (possibly two merged spans) and its parse."""

    start: int
    end: int
    kind: str
    value: float | int | None
    unit: str | None
    merged: bool = False
    ocr: bool = False
    pageish: bool = False  # page furniture: a page number or a running header's year (tables._Pages.pageish)
    line: int = -1  # index of its line in doc.lines (-1: unknown)
    near_previous: bool = True  # only spaces and at most one line break since the previous piece (no tab)
    proposal: int | None = None  # two tokens that may be one number: the number, never taken as the value
    split: bool = False  # cut from a run of digits with no separator (glued.py): by its length or by the sums

    @property
    def filled(self) -> bool:
        return self.kind != "empty"


@dataclass
class Reading:
    """Column → piece, with the reading's score and a note saying which reading it is."""

    cells: dict[str, Piece]
    score: float
    note: str


def drop_cost(seq: Sequence[Piece], window: Sequence[Piece]) -> float:
    """What leaving the pieces of ``seq`` outside ``window`` costs."""
    kept = {id(p) for p in window}
    return sum(DROP_PAGEISH if p.pageish else DROP_FILLED for p in seq if id(p) not in kept and p.filled)


def _joinable(a: Piece, b: Piece) -> bool:
    return (a.kind == b.kind == "number" and b.near_previous and not (a.pageish or b.pageish) and isinstance(a.value, int)
            and isinstance(b.value, int) and a.value > 0 <= b.value and a.unit is None)  # no "08"


def spread(pieces: list[Piece]) -> int:
    """How many positions the filled pieces take, from the first to the last (blanks between count)."""
    filled = [i for i, p in enumerate(pieces) if p.filled]
    return filled[-1] - filled[0] + 1 if filled else 0


def number(piece: Piece | None) -> float | None:
    """A piece's number for scoring: its value, or the proposal of two tokens that may be one number."""
    if piece is None:
        return None
    if piece.kind == "number" and piece.value is not None:
        return float(piece.value)
    return float(piece.proposal) if piece.proposal is not None else None


def merges(pieces: list[Piece], surplus: int = 1) -> list[tuple[list[Piece], float]]:
    """Readings where up to ``surplus`` pairs of neighbouring numbers may be numbers broken by a space.

    The pair becomes one ``text`` piece whose ``proposal`` is the joined number (see the module
    docstring): the reading can win on the arithmetic, the value is never invented.

    Returns (pieces, cost): each join costs ``MERGE`` when both parts share a line ("1 6"), more
    when they stand on separate lines (then they look like two cells).
    """
    out: list[tuple[list[Piece], float]] = []

    def walk(i: int, acc: list[Piece], cost: float, left: int) -> None:
        if i >= len(pieces):
            if cost:
                out.append((acc, cost))
            return
        if left and i + 1 < len(pieces) and _joinable(pieces[i], pieces[i + 1]):
            a, b = pieces[i], pieces[i + 1]
            same = a.line == b.line and a.line != -1
            joined = Piece(a.start, b.end, "text", None, None, merged=True, line=a.line, proposal=int(f"{a.value}{b.value}"))
            walk(i + 2, [*acc, joined], cost + (MERGE if same else 3 * MERGE), left - 1)
        walk(i + 1, [*acc, pieces[i]], cost, left)

    if surplus > 0 and len(pieces) <= 40:  # a row has a handful of cells; 表四 fifteen
        walk(0, [], 0.0, min(surplus, 3))
    return out


ECHO_NOTE = " (a merged cell's text repeated in each column it spans)"


def _equal_runs(pieces: list[Piece], *, zeros: bool) -> list[list[Piece]]:
    """``pieces`` cut into runs of equal numbers (value and unit) on one line; other pieces are runs of
    one. Runs of 0 only when ``zeros``."""
    runs: list[list[Piece]] = []
    for piece in pieces:
        last = runs[-1][-1] if runs else None
        if (last is not None and piece.kind == last.kind == "number" and piece.line == last.line != -1
                and (piece.value, piece.unit) == (last.value, last.unit) and (piece.value or zeros)):
            runs[-1].append(piece)
        else:
            runs.append([piece])
    return runs


def without_echoes(pieces: list[Piece], k: int) -> list[Piece] | None:
    """The k pieces left when each run of equal values on one line is taken once, or None.

    A PDF-to-markdown converter or an HTML reader writes a merged cell's text into every column
    it spans (``|行政许可|9487|9487|9487|``, ``政府集中采购 0 0元 0元``); that is one cell, its text
    taken once (issue 9). Runs of 0 count only in a row on one line with at most two pieces too
    many: zeros are how untouched rows look, and taking them once in the pooled numbers of rows
    whose labels a converter moved away would make coincidental fits.
    """
    one_line = len({p.line for p in pieces}) == 1 and pieces[0].line != -1
    for zeros in (False, True):
        if zeros and not (one_line and len(pieces) - k <= 2):
            break
        out = [run[0] for run in _equal_runs(pieces, zeros=zeros)]
        if len(out) == k:
            return out
    return None


def echoes(pieces: list[Piece], kept: list[Piece], k: int) -> set[int]:
    """ids of the pieces in a run of equal numbers that holds a kept piece, in a row of one line
    with one or two filled pieces too many: left out, they are a merged cell's repeated text and
    change no value ("行政事业性收费 0 0 0" read as 0, 0). Rows over several lines or further over
    are not judged so: there a left-out 0 may be another row's cell (a converter moved its label)."""
    filled = [p for p in pieces if p.filled]
    if not 0 < len(filled) - k <= 2 or len({p.line for p in filled}) != 1 or filled[0].line == -1:
        return set()
    kept_ids = {id(p) for p in kept}
    return {id(p) for run in _equal_runs(pieces, zeros=True) if any(id(q) in kept_ids for q in run) for p in run}


def merged_grid(pieces: list[Piece], runs: list[int]) -> list[Piece] | None:
    """The row's cells when its numbers fill the header's grid with each merged cell repeated, or None.

    ``runs``: for each of the row's columns, how many grid positions its header text takes (a header
    written once per position it covers: ``上一年项目数量 本年增/减 本年增/减`` is [1, 2]). A converter
    that writes a merged cell's text into every position it covers (docx2python: one cell a line)
    writes the value the same way (``1 7 7``): each column's positions hold one number, taken once
    (issue 9). Positions of one column that hold different numbers are no repeat: None.
    """
    filled = [p for p in pieces if p.filled]
    if not runs or max(runs) < 2 or len(filled) != sum(runs):
        return None
    cells, at = [], 0
    for n in runs:
        group, at = filled[at : at + n], at + n
        if any(p.kind != "number" or (p.value, p.unit) != (group[0].value, group[0].unit) for p in group):
            return None
        cells.append(group[0])
    return cells


def row_readings(pieces: list[Piece], columns: list[str], *, table_key: str) -> list[Reading]:
    """Every plausible assignment of ``pieces`` to ``columns``, best first."""
    k = len(columns)
    candidates: list[tuple[list[Piece | None], str, float]] = []
    variants: list[tuple[list[Piece], float]] = [(pieces, 0.0)]
    if spread(pieces) > k:  # only when the filled cells cannot fit: never to dodge a failing sum
        variants += [(m, -cost) for m, cost in merges(pieces, spread(pieces) - k)]
    # 表二 only (the official grid merges value cells there, never in 表三/表四), and only when the
    # filled cells cannot fit as they are: equal neighbours are common ("规章 2 2 0")
    if table_key == "proactive" and sum(p.filled for p in pieces) > k and (echoless := without_echoes(pieces, k)) is not None:
        variants.append((echoless, 0.0))
    for seq, cost in variants:
        n = len(seq)
        note = " (two numbers read as one)" if cost else ECHO_NOTE if seq is not pieces and not cost else ""
        if n >= k:
            for i in range(n - k + 1):
                window = seq[i : i + k]
                candidates.append((list(window), f"cells {i}..{i + k - 1} of {n}{note}",
                                   cost - drop_cost(seq, window) - 0.01 * i))
        else:
            candidates.append(([*seq, *[None] * (k - n)], f"first {n} columns{note}", cost - 0.2))
            candidates.append(([*[None] * (k - n), *seq], f"last {n} columns{note}", cost - 0.1))
            if n == 2 and k > 2:
                candidates.append(([seq[0], *[None] * (k - 2), seq[1]], f"first and last column{note}", cost))
    readings = []
    for cells, note, base in candidates:
        assigned = {c: p for c, p in zip(columns, cells) if p is not None}
        score = base + (sum_score(assigned) if table_key == "applications" else plausibility(assigned))
        readings.append(Reading(assigned, score, note))
    readings.sort(key=lambda r: r.score, reverse=True)
    return readings


def sum_score(cells: dict[str, Piece]) -> float:
    """+1 when total = the six applicant columns, -1 when it does not, 0 when it can't be told.

    A lone total with the six parts absent earns 0.5: that is how total-only rows look.
    """
    total = number(cells.get("total"))
    parts = [cells.get(c) for c in APPLICANT_KEYS[:-1]]
    if total is None:
        return 0.0
    if any(p is None for p in parts):
        return 0.0 if any(number(p) is not None for p in parts) else 0.5
    nums = [number(p) or 0.0 for p in parts]
    return 1.0 if abs(sum(nums) - total) < _EPS else -1.0


def plausibility(cells: dict[str, Piece]) -> float:
    """表二 has no sums; what it has: the published total is at least this year's, counts are not negative."""
    def num(col: str) -> float | None:
        return number(cells.get(col))

    score = 0.0
    for low, high in (("new_published", "total_published"), ("issued", "in_force")):
        a, b = num(low), num(high)
        if a is not None and b is not None:
            score += 0.2 if b >= a else -0.2
    for col, p in cells.items():
        if col != "change" and p.kind == "number" and p.value is not None and p.value < 0:
            score -= 0.5
    return score


def group_score(cells: dict[str, Piece]) -> float:
    """表四 group: +1 when total = upheld + corrected + other + pending, -1 when not, 0 when unknown."""
    nums = [v for c in REVIEW_COLUMN_KEYS if (v := number(cells.get(c))) is not None]
    if len(nums) != len(REVIEW_COLUMN_KEYS):
        return 0.0
    return 1.0 if abs(sum(nums[:4]) - nums[4]) < _EPS else -1.0


def best_window(seg: list[Piece], k: int) -> list[Piece]:
    """The k consecutive pieces of one 表四 mini-table that read best."""
    best, best_score = seg[:k], -1e9
    for i in range(len(seg) - k + 1):
        window = seg[i : i + k]
        score = -drop_cost(seg, window) - 0.01 * i + group_score(dict(zip(REVIEW_COLUMN_KEYS, window)))
        if score > best_score:
            best, best_score = window, score
    return best


Assignment = dict[str, dict[str, Piece]]
"""表四 reading: group → column → piece."""


def review_readings(segments: list[tuple[str | None, list[Piece]]]) -> list[tuple[float, Assignment, str]]:
    """Readings of 表四 from its runs of cells (each after a header): (score, assignment, note), best first."""
    data = [(g, seg) for g, seg in segments if any(p.filled for p in seg)] or segments[-1:]
    groups = list(REVIEW_GROUPS)
    candidates: list[tuple[Assignment, str, float]] = []
    flat = [p for _, seg in data for p in seg]
    if len(data) >= 3 and all(len(seg) >= 5 for _, seg in data[-3:]):
        assigned: Assignment = {}
        for (g, seg), default in zip(data[-3:], groups):
            window = best_window(seg, 5)
            assigned[g if g in groups and g not in assigned else default] = dict(zip(REVIEW_COLUMN_KEYS, window))
        candidates.append((assigned, "three groups", 0.0))
    runs = [(flat, 0.0)]
    if spread(flat) > 15:
        runs += [(m, -cost) for m, cost in merges(flat, spread(flat) - 15)]
    for seq, cost in runs:
        # drop_cost of every 15-wide window from prefix sums: one pass, not one per window (a report on
        # one line has thousands of pieces here, #11)
        prefix = [0.0]
        for p in seq:
            prefix.append(prefix[-1] + ((DROP_PAGEISH if p.pageish else DROP_FILLED) if p.filled else 0.0))
        for i in range(len(seq) - 14):
            window = seq[i : i + 15]
            assigned = {g: dict(zip(REVIEW_COLUMN_KEYS, window[5 * j : 5 * j + 5])) for j, g in enumerate(groups)}
            dropped = prefix[-1] - (prefix[i + 15] - prefix[i])
            candidates.append((assigned, f"cells {i}..{i + 14}", cost - dropped - 0.01 * i))
    if not candidates and flat:
        assigned = {g: dict(zip(REVIEW_COLUMN_KEYS, flat[5 * j : 5 * j + 5]))
                    for j, g in enumerate(groups) if flat[5 * j : 5 * j + 5]}
        candidates.append((assigned, "partial", -1.0))
    scored = [(base + sum(group_score(cells) for cells in a.values()), a, note) for a, note, base in candidates]
    scored.sort(key=lambda t: t[0], reverse=True)
    return scored


def numbers_lead(text: str, spans: list[Span]) -> bool:
    """Whether a table's numbers stand before their row labels rather than after them: a whole run
    of numbers (two or more) before its first row label, none on that label's line, and none after
    the last row label but on its own line. A PDF reader that groups words into lines by their top
    edge writes rows so when a row's numbers sit higher on the page than its label."""
    labels = [sp for sp in spans if sp.label == "ROW_LABEL" and sp.attrs.get("row")]
    cells = [sp for sp in spans if sp.label == "CELL"]
    if not labels or sum(c.start < labels[0].start for c in cells) < 2:
        return False
    first, last = labels[0], labels[-1]
    if any(first.end <= c.start <= line_end(text, first.end) for c in cells):
        return False
    return not any(c.start > line_end(text, last.end) for c in cells)
