"""表四 read from the header words in its numbers' text boxes (issue 10, pdfminer's box tree).

pdfminer.six writes a word processor's 表四 as text boxes in its own tree order: a header cell and
the value cell under it often make one box (``结果 / 纠正 / 3``), a group header sometimes with them
(``复议后起诉 / 其他 / 结果 / 0``), two or three neighbouring cells' lines interleaved (``尚未 / 其他 /
结果 / 审结 / 结果 / 纠正 / 0 / 0 / 0``: 尚未审结, 其他结果 and 结果纠正 side by side), and the boxes of
the three groups out of order, some past the next heading. Read in text order the values land in
the wrong columns while every group's 总计 may still add up.

This reading takes what the boxes say: a box (a run of numbers with nothing but line breaks between
them) whose lines right above (no blank line between) name its columns gives those values to those
columns, in its group; a box naming k columns with k values that differ may hold them in any order
(pdfminer's lines of side-by-side cells come in no column order), so each order is tried. The group is
the one a group word in the box names, else the last one named before it; 行政诉讼 (over both lawsuit
groups) leaves either. The numbers of boxes naming no column fill the cells left, in text order and
the table's order. A reading counts only when every cell is filled once and every group's 总计 equals
its four results; the caller takes it only when exactly one set of values does.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from gdr_nlp.reconcile.columns import header_lines
from gdr_nlp.reconcile.readings import Piece
from gdr_nlp.reconcile.schema import REVIEW_COLUMN_KEYS, REVIEW_COLUMNS, REVIEW_GROUPS, compact

_COLUMN_OF = {c.label: key for key, c in REVIEW_COLUMNS.items()}
# group words, most specific first (行政诉讼 is over both lawsuit groups)
_GROUP_WORDS = (("未经复议直接起诉", ("litigation_direct",)), ("复议后起诉", ("litigation_after_review",)),
                ("行政复议", ("review",)), ("行政诉讼", ("litigation_direct", "litigation_after_review")))
MAX_CHOICES = 512  # combinations of box orders and groups tried; beyond it no reading is taken
_PROSE = re.compile(r"[，。；、,;:：]")


@dataclass
class Box:
    """A run of numbers in one text box: the columns its header lines name (in no order when more
    than one), the groups it may belong to, its values."""

    columns: tuple[str, ...]
    groups: tuple[str, ...]
    values: list[Piece]
    in_order: bool = True  # the header lines name the columns left to right (not interleaved)


def boxes(text: str, runs: Sequence[list[Piece]], start: int) -> list[Box]:
    """The runs with what the lines above each say (see the module docstring); ``start``: where the
    table's text begins."""
    out: list[Box] = []
    groups: tuple[str, ...] = tuple(REVIEW_GROUPS)
    last_end = start
    for run in runs:
        words = [compact(w) for w in header_lines(text, run[0].start, start=last_end)]
        # a group header in a box of its own before this one sets the group too; a sentence naming
        # 行政复议 (the section heading, the prose) does not
        named = [g for line in text[last_end : run[0].start].split("\n")
                 if len(word := compact(line)) <= 10 and not _PROSE.search(word) for g in _groups_in(word)]
        if named:
            groups = named[-1]
        lines = [w for w in words if not _groups_in(w)]
        columns, in_order = _columns(lines, len(run))
        out.append(Box(columns, groups, run, in_order))
        last_end = run[-1].end
    return out


def names_a_column(text: str, start: int) -> bool:
    """Whether the lines right above ``start`` (one text box) name a 表四 column: a box of 表四's, never 表三's."""
    lines = [w for w in map(compact, header_lines(text, start)) if not _groups_in(w)]
    return any(_columns(lines, k)[0] for k in (1, 2, 3))


def under_review_header(text: str, start: int) -> bool:
    """Whether a box of 表四's result headers (结果维持 … 尚未审结; not 总计, which 表三 has too) stands right
    above ``start``, blank lines between: where pdfminer writes every cell as a box of its own, 表四's
    numbers come after its header boxes, sometimes amid 表三's."""
    word = "".join(compact(w) for w in header_lines(text, start, across_blank=True))
    return any(word.endswith(REVIEW_COLUMNS[k].label) for k in REVIEW_COLUMN_KEYS if k != "total")


def _groups_in(word: str) -> list[tuple[str, ...]]:
    """The groups each group word in ``word`` names, most specific first, each word once."""
    out = []
    for name, groups in _GROUP_WORDS:
        if name in word:
            out.append(groups)
            word = word.replace(name, "")
    return out


def _columns(lines: list[str], k: int) -> tuple[tuple[str, ...], bool]:
    """The k columns the header lines name, and whether in order: read in order (left to right), or
    k cells' two lines interleaved (the first lines of side-by-side cells, then their second lines:
    pdfminer's, in no column order); () when neither names k columns."""
    joined = "".join(lines)
    in_order: list[str] = []
    while joined:
        name = next((n for n in _COLUMN_OF if joined.endswith(n)), None)
        if name is None:
            break
        in_order.insert(0, _COLUMN_OF[name])
        joined = joined[: -len(name)]
    # the lines are the box's header cells and nothing else (a header row over a whole row of
    # values, a table's rules or bars, is no box of its own)
    if not joined and len(in_order) == k:
        return (tuple(in_order), True) if len(set(in_order)) == k else ((), True)
    if len(lines) == 2 * k:
        pairs = [lines[i] + lines[i + k] for i in range(k)]
        if all(p in _COLUMN_OF for p in pairs) and len(set(pairs)) == k:
            return tuple(_COLUMN_OF[p] for p in pairs), False
    return (), True


def readings(found: list[Box]) -> Iterator[dict[str, dict[str, Piece]]]:
    """Every complete reading the boxes allow whose groups' sums hold (see the module docstring)."""
    labelled = [b for b in found if b.columns]
    unlabelled = [p for b in found if not b.columns for p in b.values]
    if not labelled:
        return
    options = []
    for box in labelled:
        same = len({(p.kind, p.value) for p in box.values}) == 1
        orders = [box.columns] if box.in_order or same else list(itertools.permutations(box.columns))
        options.append([(g, o) for g in box.groups for o in orders])
    if math.prod(len(o) for o in options) > MAX_CHOICES:
        return  # too many ways to choose from: none is read
    for choice in itertools.product(*options):
        table: dict[str, dict[str, Piece]] = {g: {} for g in REVIEW_GROUPS}
        clash = False
        for box, (group, order) in zip(labelled, choice):
            for column, piece in zip(order, box.values):
                if column in table[group]:
                    clash = True
                table[group][column] = piece
        if clash:
            continue
        free = [(g, c) for g in REVIEW_GROUPS for c in REVIEW_COLUMN_KEYS if c not in table[g]]
        if len(free) != len(unlabelled):
            continue
        for (g, c), piece in zip(free, unlabelled):
            table[g][c] = piece
        if all(_adds_up(table[g]) for g in REVIEW_GROUPS):
            yield {g: {c: table[g][c] for c in REVIEW_COLUMN_KEYS} for g in REVIEW_GROUPS}


def _adds_up(row: dict[str, Piece]) -> bool:
    values = [row[c].value if row[c].kind == "number" else None for c in REVIEW_COLUMN_KEYS]
    if any(v is None for v in values):
        return False
    return abs(sum(float(v) for v in values[:-1]) - float(values[-1])) <= 1e-6  # type: ignore[arg-type]


__all__ = ["Box", "boxes", "names_a_column", "readings"]
