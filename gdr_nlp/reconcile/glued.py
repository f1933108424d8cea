"""Table cells run together with no separator, split where the arithmetic leaves one way (issue 10).

Converters that join an HTML page's text nodes with nothing between them (lxml ``text_content()``,
BeautifulSoup ``get_text()`` with its default ``separator=""``, the DOM's ``textContent``) turn a
table row into its label followed by one run of digits: ``…申请数量018900027`` is seven cells,
but which seven (0|18|9|0|0|0|27? 0|1|8|9|0|0|27?) the text does not say.

Every way to cut a run into the row's cells, each a non-negative integer written without a
leading zero (a lone ``0`` is a value, ``05`` is not), is a candidate reading. The digits are the
source's; the cut is chosen by the schema's arithmetic, and only where it leaves one:

* 表二 has no sums: a run is cut only where its length is the row's number of cells;
* 表三: each row's own sums (总计 = the six applicant columns, 小计 = the five organisations) keep
  a row's candidates, then the column equations (（七）总计 = the result rows; 一 + 二 = （七） + 四)
  choose among the rows' candidates together, by ``placement.place_options`` (the search that
  places short rows). A row every solution cuts the same way is read; the others are not;
* 表四: each group's 总计 = 维持 + 纠正 + 其他 + 尚未审结.

A cut the length forces (one digit a cell, a row or 表四 in one run) is certain: it is read as printed
before the sums cut anything, and a misprinted total in it fails the checks like any other table's.
One the sums chose cannot be checked by them (a misprinted total would choose a wrong one), so the
table reader sends it to review.

A row left uncut stays unread (completeness fails and review says why). The enumeration is
bounded (``MAX_SPLITS`` candidates a run, ``placement.MAX_STATES``): beyond it, nothing is cut.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from gdr_nlp.reconcile.placement import Option, _row_holds, _row_vector, place_options
from gdr_nlp.reconcile.readings import Piece
from gdr_nlp.reconcile.schema import REVIEW_COLUMN_KEYS, REVIEW_GROUPS

_RUN = re.compile(r"-?[0-9](?:-?[0-9])*")  # digits; a minus sign starts a cell (本年增/减)
MAX_SPLITS = 20_000  # candidate cuts of one run kept after its own sums; beyond it the run is not cut
_MAX_VISITS = 400_000  # partial cuts tried for one run


def digit_run(raw: str) -> bool:
    """``raw`` is digits only (a minus sign may start a cell)."""
    return _RUN.fullmatch(raw) is not None


def is_glued_run(text: str, piece: Piece, cells: int) -> bool:
    """A number token that is a run of digits written straight after a label or header (no
    white space between), with at least two digits for a row of at least two cells; after white
    space, a run that cannot be one cell's value (:func:`_not_one_value`)."""
    raw = text[piece.start : piece.end]
    return (cells >= 2 and _RUN.fullmatch(raw) is not None and len(raw.replace("-", "")) >= 2
            and piece.start > 0 and not text[piece.start - 1].isdigit()
            and (not text[piece.start - 1].isspace() or _not_one_value(raw, cells)))


def _not_one_value(raw: str, cells: int) -> bool:
    """A run no table writes as one value: a leading zero (``0111000021``: PyPDF2 3 writes a row's
    cells with nothing between them, the label a space before), or, in a row of 表三's or 表四's width,
    as many digits as the row has cells (a count of millions in one cell)."""
    digits = raw.replace("-", "")
    return raw.lstrip("-").startswith("0") or (cells >= 7 and len(digits) >= cells)


def cuts(digits: str, k: int, accept: Callable[[list[int]], bool] | None = None) -> list[list[int]] | None:
    """Every way to cut ``digits`` into ``k`` integers without leading zeros, as lists of values (a
    minus sign starts a cell and belongs to it: ``0-198`` is 0|-1|98 or 0|-19|8); ``accept(values so
    far)`` prunes a partial cut (False: no completion can hold). None where the candidates or the
    partial cuts tried outgrow the bounds."""
    out: list[list[int]] = []
    visits = 0
    n = len(digits)

    def walk(at: int, values: list[int]) -> bool:
        nonlocal visits
        visits += 1
        if visits > _MAX_VISITS or len(out) > MAX_SPLITS:
            return False
        left = k - len(values)
        if left == 0:
            if at == n:
                out.append(list(values))
            return True
        sign = digits[at] == "-"
        lead = digits[at + sign]
        longest = 1 + sign if lead == "0" else n - at - (left - 1)
        for length in range(1 + sign, longest + 1):
            if "-" in digits[at + 1 : at + length]:
                break  # a minus sign starts the next cell
            if at + length < n and digits[at + length - 1] == "-":
                break
            values.append(int(digits[at : at + length]))
            ok = accept is None or accept(values)
            if ok and not walk(at + length, values):
                return False
            values.pop()
        return True

    if n - digits.count("-") < k:
        return []
    if not walk(0, []):
        return None
    return out


def split_piece(piece: Piece, values: Sequence[int]) -> list[Piece]:
    """The cells a run is cut into: each a span of the run's own digits, marked ``split``."""
    out, at = [], piece.start
    for v in values:
        width = len(str(v))  # a negative value's sign is one of its characters
        out.append(replace(piece, start=at, end=at + width, value=v, merged=False, split=True))
        at += width
    return out


def exact_cuts(digits: str, k: int, target: int) -> list[list[int]] | None:
    """The cuts of ``digits`` into ``k`` non-negative integers (no leading zeros) that add up to
    ``target``. A cut is extended only where the rest of the digits can still make what is left
    of the target (memoised), so the walk visits little beyond the cuts it returns."""
    n = len(digits)
    if not digits.isdigit():
        return []

    # least[at][left]: the smallest sum any cut of digits[at:] into ``left`` cells makes
    inf = float("inf")
    widest = len(str(target))  # no cell exceeds the target
    least = [[inf] * (k + 1) for _ in range(n + 1)]
    least[n][0] = 0
    for at in range(n - 1, -1, -1):
        for left in range(1, k + 1):
            for length in range(1, 2 if digits[at] == "0" else min(n - at, widest) + 1):
                rest = least[at + length][left - 1]
                if rest < inf:
                    least[at][left] = min(least[at][left], int(digits[at : at + length]) + rest)

    calls = 0

    @functools.lru_cache(maxsize=None)
    def feasible(at: int, left: int, need: int) -> bool:
        nonlocal calls
        calls += 1
        if calls > _MAX_VISITS:
            raise _TooMany
        if left == 0:
            return at == n and need == 0
        if n - at < left or n - at > left * len(str(need)) or need < least[at][left]:
            return False  # too few digits for the cells, more than cells of at most ``need`` hold, or too much
        if need == 0:
            return n - at == left and digits[at:n] == "0" * left
        for length in range(1, 2 if digits[at] == "0" else n - at - left + 2):
            value = int(digits[at : at + length])
            if value > need:
                break
            if feasible(at + length, left - 1, need - value):
                return True
        return False

    out: list[list[int]] = []

    def walk(at: int, left: int, need: int, values: list[int]) -> bool:
        if left == 0:
            out.append(list(values))
            return len(out) <= MAX_SPLITS
        for length in range(1, 2 if digits[at] == "0" else n - at - left + 2):
            value = int(digits[at : at + length])
            if value > need:
                break
            if feasible(at + length, left - 1, need - value):
                values.append(value)
                if not walk(at + length, left - 1, need - value, values):
                    return False
                values.pop()
        return True

    try:
        if not feasible(0, k, target):
            return []
        return out if walk(0, k, target, []) else None
    except _TooMany:
        return None


class _TooMany(Exception):
    """The search for one run's cuts went past its bound: the run is not cut (review)."""


def application_options(piece: Piece, digits: str, columns: Sequence[str]) -> list[Option] | None:
    """A 表三 run's cuts that satisfy the row's own sums, as placement options (None: too many).
    总计 is the last cell: each length of it fixes the total, which the six applicant columns
    make exactly; a 小计 before it fixes the five organisations, and so 自然人 as well."""
    k = len(columns)
    if columns[-1] != "total" or not digits.isdigit():
        return None
    with_subtotal = "legal_person_subtotal" in columns
    every = tuple(range(k))
    found: list[list[int]] = []
    for width in range(1, len(digits) - k + 2):
        tail, head = digits[len(digits) - width :], digits[: len(digits) - width]
        if len(tail) > 1 and tail[0] == "0":
            continue
        total = int(tail)
        if not with_subtotal:
            parts = exact_cuts(head, k - 1, total)
            if parts is None:
                return None
            found.extend([*p, total] for p in parts)
            continue
        for sub_width in range(1, len(head) - (k - 2) + 1):
            sub, rest = head[len(head) - sub_width :], head[: len(head) - sub_width]
            if (len(sub) > 1 and sub[0] == "0") or int(sub) > total:
                continue
            natural = str(total - int(sub))
            if not rest.startswith(natural):
                continue
            orgs = exact_cuts(rest[len(natural) :], k - 3, int(sub))
            if orgs is None:
                return None
            found.extend([int(natural), *o, int(sub), total] for o in orgs)
        if len(found) > MAX_SPLITS:
            return None
    options = []
    for values in found:
        cells = split_piece(piece, values)
        if _row_holds(cells, every, columns):  # the same sums, checked the schema's way
            options.append(Option(dict(zip(columns, cells)), _row_vector(cells, every, columns)))
    return options


def glued_row(text: str, pieces: Sequence[Piece], cells: int) -> bool:
    """A row written as runs of digits and placeholders, fewer pieces than cells, at least one a
    run of several digits straight after its label (or one no cell holds as one value); white space
    between two pieces is a cell boundary (``”00000    0   0``: a quote mark moved onto the run)."""
    return (0 < len(pieces) < cells and any(is_glued_run(text, p, cells) for p in pieces)
            and all(p.kind == "na" or digit_run(text[p.start : p.end]) for p in pieces))


def row_cuts(pieces: Sequence[Piece], text: str, k: int, holds: Callable[[list[Piece]], bool]) -> list[list[Piece]] | None:
    """Every reading of a glued row as ``k`` cells: a placeholder is one cell, each run is cut into
    one cell or more (``cuts``); the readings ``holds`` keeps. None where they outgrow the bounds."""
    runs = [i for i, p in enumerate(pieces) if p.kind != "na"]
    free = k - (len(pieces) - len(runs))
    digits = [len(text[pieces[i].start : pieces[i].end].replace("-", "")) for i in runs]
    out: list[list[Piece]] = []
    tried = 0

    def counts(i: int, left: int) -> list[list[int]]:
        if i == len(runs):
            return [[]] if left == 0 else []
        return [[c, *rest] for c in range(1, min(digits[i], left) + 1) for rest in counts(i + 1, left - c)]

    for split in counts(0, free):
        per_run = []
        for i, c in zip(runs, split):
            found = cuts(text[pieces[i].start : pieces[i].end], c)
            if found is None:
                return None
            per_run.append(found)
        for combo in itertools.product(*per_run):
            tried += 1
            if tried > _MAX_VISITS:
                return None
            cells: list[Piece] = []
            values = iter(combo)
            for i, p in enumerate(pieces):
                cells.extend([p] if p.kind == "na" else split_piece(p, next(values)))
            if holds(cells):
                out.append(cells)
                if len(out) > MAX_SPLITS:
                    return None
    return out


def place_glued_rows(runs: dict[str, list[Piece]], text: str, fixed: dict[str, list[Piece]], columns: Sequence[str],
                     results: Sequence[str]) -> tuple[dict[str, list[Piece]], dict[str, str]]:
    """表三 rows held in runs of digits (and placeholders): the rows every solution of the sums cuts
    the same way (row → its cells), and the rows left uncut (row → why)."""
    left: dict[str, str] = {}
    options: dict[str, list[Option]] = {}
    every = tuple(range(len(columns)))
    # a row in one run with as many digits as cells: one digit a cell is the only cut the text allows,
    # taken as printed before the sums cut the other rows; a misprinted total there fails the checks
    # and is flagged. (Several pieces with spaces between may have lost a blank cell: "24 0 0 0 24"
    # is no 2|4|0|0|0|2|4, so those are the sums' to cut.)
    forced: dict[str, list[Piece]] = {}
    for row, pieces in runs.items():
        if len(pieces) == 1 and len(text[pieces[0].start : pieces[0].end].replace("-", "")) == len(columns):
            cut = row_cuts(pieces, text, len(columns), lambda cells: True)
            if cut is not None and len(cut) == 1:
                forced[row] = cut[0]
    runs = {row: pieces for row, pieces in runs.items() if row not in forced}
    # such a row helps cut the others through the column sums, unless its own sums fail (a misprint)
    fixed = {**fixed, **{row: cells for row, cells in forced.items() if _row_holds(cells, every, columns)}}
    for row, pieces in runs.items():
        if len(pieces) == 1:
            found = application_options(pieces[0], text[pieces[0].start : pieces[0].end], columns)
        else:
            readings = row_cuts(pieces, text, len(columns), lambda cells: _row_holds(cells, every, columns))
            found = None if readings is None else [Option(dict(zip(columns, cells)), _row_vector(cells, every, columns))
                                                   for cells in readings]
        if found is None:
            left[row] = "too many ways to cut it to try"
        elif not found:
            left[row] = "no cut satisfies the row's own sums"
        else:
            options[row] = found
    if not options:
        return forced, left
    whole = {row: dict(zip(columns, pieces)) for row, pieces in fixed.items() if len(pieces) == len(columns)}
    present = [r for r in [*options, *whole] if r not in ("new_received", "carried_over", "total_processed",
                                                          "carried_forward")]
    results = [r for r in results if r in present]
    solution = place_options(options, whole, columns, results, milp=False)
    if solution.status in ("none", "too_large"):
        why = "no combination of cuts satisfies every column sum" if solution.status == "none" else \
            "too many combinations of cuts to try"
        return forced, {**left, **{row: why for row in options}}
    taken: dict[str, list[Piece]] = dict(forced)
    for row, cells in solution.cells.items():
        if solution.status == "ambiguous" and len(options[row]) > 1:
            values = [p.value for p in cells.values()]
            others = [o for o in options[row] if [p.value for p in o.cells.values()] != values]
            if place_options({**options, row: others}, whole, columns, results, milp=False).status != "none":
                left[row] = "another cut satisfies every row and column sum as well"
                continue
        taken[row] = list(cells.values())
    return taken, left


def review_cuts(pieces: Sequence[Piece], text: str, *, by_group: bool = False) -> list[list[Piece]] | None:
    """表四's fifteen cells from its runs of digits: one run a group after the group headers
    (``by_group``: each run is a group's five cells), else the runs in order, the white space between
    them a cell boundary (one run for the whole table, or runs a space broke). Each group's 总计 = its
    four results; the cut is taken only where it is the only one. None where there is no single cut."""
    groups = len(REVIEW_GROUPS)
    width = len(REVIEW_COLUMN_KEYS)
    # one run for the table (or one a group) with one digit a cell: the only cut the text allows, taken
    # as printed; the checks then test it (a misprinted 总计 fails them and is flagged, as any other
    # table's). Runs with spaces between may have lost a blank cell: those are the sums' to cut.
    digits = [len(text[p.start : p.end].replace("-", "")) for p in pieces]
    forced = digits == [groups * width] or (by_group and digits == [width] * groups)

    def holds(values: list[int]) -> bool:
        if forced or len(values) % width:
            return True
        group = values[-width:]
        return sum(group[:-1]) == group[-1]

    if not by_group:
        return _cuts_across(pieces, text, groups * width, holds)
    out = []
    for piece in pieces:
        found = cuts(text[piece.start : piece.end], width, holds)
        if found is None or len(found) != 1:
            return None
        out.append(split_piece(piece, found[0]))
    return out


def _cuts_across(pieces: Sequence[Piece], text: str, k: int, holds: Callable[[list[int]], bool]) -> list[list[Piece]] | None:
    """The one cut of several pieces into ``k`` cells, where the white space between two pieces is
    a cell boundary (PyPDF2 3 writes a table's cells together but may leave a space before one:
    ``7264…116 20``) and ``holds`` prunes; None where there is not exactly one."""
    raws = [text[p.start : p.end] for p in pieces]
    found: list[list[list[int]]] = []

    def walk(i: int, done: list[list[int]]) -> bool:
        if len(found) > 1:
            return False
        filled = sum(map(len, done))
        if i == len(raws):
            if filled == k:
                found.append([list(c) for c in done])
            return True
        room = k - filled - (len(raws) - i - 1)
        prior = [v for c in done for v in c]
        for n in range(1, min(room, len(raws[i].replace("-", ""))) + 1):
            options = cuts(raws[i], n, lambda vs: holds(prior + vs))
            if options is None:
                return False
            for option in options:
                if not walk(i + 1, [*done, option]):
                    return False
        return True

    if not walk(0, []) or len(found) != 1:
        return None
    return [split_piece(p, values) for p, values in zip(pieces, found[0])]
