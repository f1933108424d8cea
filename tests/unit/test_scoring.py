from gdr_nlp.scoring import same_cell, score_tables


def _cell(value, kind="number"):
    return {"value": value, "kind": kind}


def test_kind_must_agree_and_numbers_match_to_tolerance() -> None:
    assert same_cell(_cell(91.82), _cell(91.82000000001))
    assert not same_cell(_cell(0), _cell(None, "empty"))
    assert not same_cell(None, _cell(3))
    assert same_cell(_cell(None, "na"), _cell(None, "na"))


def test_missing_wrong_and_extra_cells_are_counted() -> None:
    gold = {"applications": {"granted": {"total": _cell(8), "natural_person": _cell(8)}}}
    pred = {"applications": {"granted": {"total": _cell(8), "natural_person": _cell(7), "research": _cell(0)}}}
    score = score_tables(pred, gold)
    assert (score.correct, score.total, score.extra) == (1, 2, 1)
    assert not score.exact
    assert score.mismatches == ["applications.granted.natural_person: gold ('number', 8) got ('number', 7)"]
