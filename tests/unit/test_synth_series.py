"""The multi-year series generator: consistent years, balanced reports, planted breaks where recorded."""

from __future__ import annotations

from gdr_nlp.compare import agency_key
from gdr_nlp.synth.series import generate_series
from gdr_nlp.synth.tables import violations


def _value(doc, table: str, row: str, col: str):  # noqa: ANN001, ANN202
    return doc.tables.gold[(table, row, col)]["value"]


def test_series_years_agree_except_where_a_break_is_planted() -> None:
    series = generate_series(30, seed=5, layouts=("tab_cells",))  # a layout that blanks no cell
    planted = series.expected_failures()
    by_agency: dict[str, dict[int, object]] = {}
    for doc in series.docs:
        assert violations(doc.tables.tables(), doc.version, doc.variants) == []  # each report balances on its own
        by_agency.setdefault(agency_key(doc.agency), {})[doc.year] = doc
    assert len(by_agency) == 30
    continuity = stock = 0
    for key, years in by_agency.items():
        assert sorted(years) == list(range(min(years), max(years) + 1)) and 3 <= len(years) <= 5
        for y in sorted(years)[1:]:
            this, last = years[y], years[y - 1]
            for col in ("natural_person", "commercial", "total"):
                off = _value(this, "applications", "carried_over", col) != _value(last, "applications", "carried_forward", col)
                assert off == ((f"crossyear.continuity.{col}", key, (y - 1, y)) in planted)
                continuity += off
            if this.version == last.version == "2021":
                for row in ("regulations", "normative_documents"):
                    expect = (_value(last, "proactive", row, "in_force") + _value(this, "proactive", row, "issued")
                              - _value(this, "proactive", row, "repealed"))
                    off = _value(this, "proactive", row, "in_force") != expect
                    assert off == ((f"crossyear.stock.{row}", key, (y - 1, y)) in planted)
                    stock += off
    assert continuity and stock
    assert any(len({d.agency for d in years.values()}) > 1 for years in by_agency.values())  # spellings vary by year


def test_series_is_reproducible() -> None:
    a, b = generate_series(5, seed=9), generate_series(5, seed=9)
    assert [d.raw for d in a.docs] == [d.raw for d in b.docs] and a.breaks == b.breaks
