"""The equation-driven placement of short rows (blank cells dropped), issue 9."""

from __future__ import annotations

import pytest

from gdr_nlp.reconcile import placement
from gdr_nlp.reconcile.placement import is_short, place_applications, place_review, row_placements, solve_milp
from gdr_nlp.reconcile.readings import Piece, merges, row_readings
from gdr_nlp.reconcile.schema import APPLICANT_KEYS, RESULT_ROWS_2019

COLS = list(APPLICANT_KEYS)


def _pieces(*values: int, at: int = 0) -> list[Piece]:
    out, pos = [], at
    for v in values:
        out.append(Piece(pos, pos + len(str(v)), "number", v, None, line=0))
        pos += len(str(v)) + 1
    return out


def _full(*values: int) -> dict[str, Piece]:
    return dict(zip(COLS, _pieces(*values, at=900)))


def _placed(solution, row: str) -> dict[str, int]:
    return {c: p.value for c, p in solution.cells[row].items()}


def test_row_placements_keep_order_and_fill_the_total() -> None:
    # "3 1 4": two parts and 总计; C(6, 2) = 15 order-preserving placements, all satisfy 3 + 1 = 4
    placements = row_placements(_pieces(3, 1, 4), COLS)
    assert len(placements) == 15
    assert all(cols[-1] == COLS.index("total") and cols[0] < cols[1] for cols, _ in placements)
    assert placements[0][0] == (0, 1, 6)  # the layout's reading (left-packed) is the cheapest
    assert row_placements(_pieces(3, 1, 5), COLS) == []  # no placement makes 3 + 1 = 5


def test_total_only_row_keeps_its_parts_unstated() -> None:
    assert [cols for cols, _ in row_placements(_pieces(7), COLS)] == [(6,)]


@pytest.fixture(params=["dp", "milp"])
def solver(request, monkeypatch):  # noqa: ANN001, ANN201
    """Every placement test runs with the DP and with the MILP the DP hands large tables to."""
    if request.param == "milp":
        monkeypatch.setattr(placement, "MAX_STATES", 0)
    return request.param


def _table(short: dict[str, list[Piece]], fixed: dict[str, dict[str, Piece]]):
    results = [r for r in [*short, *fixed] if r not in ("new_received", "carried_over", "total_processed", "carried_forward")]
    return place_applications(short, fixed, COLS, results)


def test_column_sums_decide_a_unique_placement(solver: str) -> None:
    # granted "5 5" could sit under any of the six applicant columns; （七）总计 says 商业企业
    fixed = {"new_received": _full(0, 5, 0, 0, 0, 0, 5), "carried_over": _full(0, 0, 0, 0, 0, 0, 0),
             "total_processed": _full(0, 5, 0, 0, 0, 0, 5), "carried_forward": _full(0, 0, 0, 0, 0, 0, 0)}
    solution = _table({"granted": _pieces(5, 5)}, fixed)
    assert solution.status == "unique"
    assert _placed(solution, "granted") == {"commercial": 5, "total": 5}


def test_ties_are_reported_with_the_alternative(solver: str) -> None:
    # two result rows "2 2" and "2 2" against （七） 2 2 4: either row may hold 自然人 or 商业企业
    fixed = {"total_processed": _full(2, 2, 0, 0, 0, 0, 4)}
    solution = _table({"granted": _pieces(2, 2), "partial": _pieces(2, 2, at=50)}, fixed)
    assert solution.status == "ambiguous"
    assert _placed(solution, "granted") == {"natural_person": 2, "total": 2}  # the layout's (left-most) first
    assert solution.alternative["granted"] != solution.cells["granted"]


def test_short_anchor_rows_are_placed_with_the_results(solver: str) -> None:
    # every row short: 一 "4 1 5", （七） "4 1 5", results "4 4" and "1 1", 四 and 二 absent
    short = {"new_received": _pieces(4, 1, 5), "total_processed": _pieces(4, 1, 5, at=20),
             "granted": _pieces(4, 4, at=40), "unable_not_held": _pieces(1, 1, at=60)}
    solution = _table(short, {})
    assert solution.status == "ambiguous"  # 4 and 1 may sit in any two applicant columns: the sums cannot tell
    short["carried_forward"] = _pieces(0, at=80)
    fixed = {"total_processed": _full(4, 0, 0, 1, 0, 0, 5), "carried_over": _full(0, 0, 0, 0, 0, 0, 0)}
    del short["total_processed"]
    solution = _table(short, fixed)
    assert solution.status == "unique"
    assert _placed(solution, "granted") == {"natural_person": 4, "total": 4}
    assert _placed(solution, "unable_not_held") == {"social_org": 1, "total": 1}
    assert _placed(solution, "new_received") == {"natural_person": 4, "social_org": 1, "total": 5}


def test_no_placement_when_the_sums_cannot_hold(solver: str) -> None:
    fixed = {"total_processed": _full(3, 0, 0, 0, 0, 0, 3)}
    assert _table({"granted": _pieces(2, 2)}, fixed).status == "none"


def test_only_rows_of_numbers_shorter_than_the_grid_are_short() -> None:
    assert is_short(_pieces(1, 1), COLS)
    assert not is_short(_pieces(*range(7)), COLS)
    assert not is_short([Piece(0, 0, "empty", None, None), *_pieces(1, 1, at=1)], COLS)  # the layout kept its blanks


def test_review_placed_by_group_sums() -> None:
    # 表四 with blanks dropped: "1 1" then "2 1 3" — 复议 维持 1 of 1, 直接起诉 2 + 1 = 3, or other groups
    placed = place_review(_pieces(1, 1, 2, 1, 3))
    assert len(placed) > 1  # the groups cannot be told apart by sums alone
    first = placed[0][1]
    assert {c: p.value for c, p in first["review"].items()} == {"upheld": 1, "total": 1}
    pinned = place_review(_pieces(1, 1, 2, 1, 3), groups=[0, 0, 2, 2, 2])
    assert {c: p.value for c, p in pinned[0][1]["litigation_after_review"].items()} == {"upheld": 2, "corrected": 1, "total": 3}
    assert place_review(_pieces(1, 2)) == []  # 总计 1 cannot be 2


def test_two_numbers_are_never_glued_into_one_value() -> None:
    # "1 0 1 0 0 1 0 12": eight numbers, seven columns; 10 would make the row hold, but stays a proposal
    pieces = _pieces(1, 0, 1, 0, 0, 1, 0, 12)
    variants = merges(pieces, 1)
    assert variants and all(p.kind != "number" or p.proposal is None for seq, _ in variants for p in seq)
    best = row_readings(pieces, COLS, table_key="applications")[0]
    cell = best.cells["natural_person"]
    assert (cell.kind, cell.value, cell.proposal) == ("text", None, 10)
    assert (cell.start, cell.end) == (pieces[0].start, pieces[1].end)  # the source's two tokens, as found


def test_milp_directly_matches_the_dp() -> None:
    fixed = {"total_processed": _full(2, 2, 0, 0, 0, 0, 4)}
    short = {"granted": _pieces(2, 2), "partial": _pieces(2, 2, at=50)}
    results = ["granted", "partial"]
    assert solve_milp(short, fixed, COLS, results).status == place_applications(short, fixed, COLS, results).status
    assert "granted" in RESULT_ROWS_2019 and "total_processed" not in RESULT_ROWS_2019


def test_a_number_glued_into_the_label_joins_its_row_where_the_sums_hold() -> None:
    # tabula's "…只计这一情 2形…": the row's 总计 inside its label, the row's other six numbers after it
    options = placement.glued_options(_pieces(0, 0, 2, 0, 0, 0), _pieces(2, at=500), COLS)
    assert options, "the glued number completes the row"
    for option in options:
        vec = dict(zip(COLS, option.vector))
        assert vec["total"] == 2 == sum(v for c, v in vec.items() if c != "total")
    # the cheapest has it last (a wrapped label's vertically centred 总计), the six in their order
    assert [p.value for p in options[0].cells.values()] == [0, 0, 2, 0, 0, 0, 2]
    assert options[0].cells["total"].start == 500
    # where it stood among zeros changes no value: one option, not several that look like a doubt
    assert len(placement.glued_options(_pieces(0, 0, 0, 0, 0, 0), _pieces(0, at=500), COLS)) == 1
    # a glued number no placement makes the sums hold with gives no option at all
    assert placement.glued_options(_pieces(1, 0, 0, 0, 0, 1), _pieces(5, at=500), COLS) == []
