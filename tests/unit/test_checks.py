"""Table checks on hand-built tables (CONTRACT.md ``checks``)."""

from __future__ import annotations

import copy

import pytest

from gdr_nlp.check.rules import result_rows, run_table_checks
from gdr_nlp.document import ReportDocument, SourceInfo
from gdr_nlp.reconcile.schema import RESULT_ROWS_2019, RESULT_ROWS_2021
from gdr_nlp.reconcile.units import parse_cell
from tests.unit.table_layouts import Tables


def _cell(text: str) -> dict:
    parsed = parse_cell(text, money=True)
    return {"value": parsed.value, "raw": text, "kind": parsed.kind, "unit": None, "span": [0, 0], "page": None,
            "confidence": 1.0}


def _doc(tables: Tables) -> ReportDocument:
    doc = ReportDocument(text="", raw_text="", raw_offsets=[0], source=SourceInfo(path="t", sha256="0", media_type="text/plain"))
    doc.tables = {t: {r: {c: _cell(x) for c, x in cols.items()} for r, cols in rows.items()}
                  for t, rows in tables.expected().items()}
    doc.report["format_version"] = tables.version
    return doc


def _by_id(doc: ReportDocument) -> dict[str, dict]:
    checks = run_table_checks(doc)
    ids = [c["id"] for c in checks]
    assert len(ids) == len(set(ids))
    return {c["id"]: c for c in checks}


def _set(doc: ReportDocument, ref: str, text: str) -> None:
    table, row, col = ref.split(".")
    doc.tables[table][row][col] = _cell(text)


@pytest.mark.parametrize("tables", [Tables("2019"), Tables("2021", "split"), Tables("2021", "single"),
                                    Tables("2019", subtotal=True)], ids=["2019", "2021", "2021_single", "subtotal"])
def test_consistent_tables_pass(tables: Tables) -> None:
    checks = _by_id(_doc(tables))
    assert [i for i, c in checks.items() if c["status"] == "fail"] == []
    for col in ("natural_person", "commercial", "total"):
        assert checks[f"applications.balance.{col}"]["status"] == "pass"
        assert checks[f"applications.results_sum.{col}"]["status"] == "pass"
    assert checks["applications.balance.total"]["lhs"] == 14 == checks["applications.balance.total"]["rhs"]
    assert checks["applications.row_sum.granted"]["status"] == "pass"
    assert checks["review_litigation.group_sum.review"]["status"] == "pass"
    assert checks["review_litigation.group_sum.litigation_direct"]["lhs"] == 1
    if tables.subtotal:
        assert checks["applications.subtotal.new_received"]["status"] == "pass"
    proactive = [c for i, c in checks.items() if i.startswith("proactive.nonneg.")]
    assert proactive and all(c["status"] == "pass" for c in proactive)


def test_entries_have_the_contract_fields() -> None:
    for check in run_table_checks(_doc(Tables("2019"))):
        assert {"id", "status", "rule", "lhs", "rhs", "cells"} <= set(check)
        assert check["status"] in ("pass", "fail", "not_assessable")


def test_wrong_total_suggests_the_total() -> None:
    doc = _doc(Tables("2019"))
    _set(doc, "applications.granted.total", "9")  # 6+1+1 = 8
    checks = _by_id(doc)
    failing = sorted(i for i, c in checks.items() if c["status"] == "fail")
    assert failing == ["applications.results_sum.total", "applications.row_sum.granted"]
    for check_id in failing:
        assert checks[check_id]["suggestion"]["cell"] == "applications.granted.total"
        assert checks[check_id]["suggestion"]["value"] == 8
    assert doc.tables["applications"]["granted"]["total"]["value"] == 9  # the source value stays


def test_wrong_part_suggests_the_part_that_breaks_row_and_column() -> None:
    doc = _doc(Tables("2019"))
    _set(doc, "applications.granted.natural_person", "7")  # row and column sums both break through this cell
    checks = _by_id(doc)
    assert checks["applications.row_sum.granted"]["status"] == "fail"
    assert checks["applications.results_sum.natural_person"]["status"] == "fail"
    for check_id in ("applications.row_sum.granted", "applications.results_sum.natural_person"):
        assert checks[check_id]["suggestion"] == {"cell": "applications.granted.natural_person", "value": 6,
                                                  "why": checks[check_id]["suggestion"]["why"]}


def test_balance_failure() -> None:
    doc = _doc(Tables("2019"))
    _set(doc, "applications.carried_forward.commercial", "3")
    checks = _by_id(doc)
    balance = checks["applications.balance.commercial"]
    assert (balance["status"], balance["lhs"], balance["rhs"]) == ("fail", 2, 4)
    assert balance["suggestion"]["cell"] == "applications.carried_forward.commercial"  # fixes the row sum too
    assert balance["suggestion"]["value"] == 1


def test_review_group_total() -> None:
    doc = _doc(Tables("2019"))
    _set(doc, "review_litigation.review.total", "3")
    check = _by_id(doc)["review_litigation.group_sum.review"]
    assert (check["status"], check["lhs"], check["rhs"]) == ("fail", 3, 2)
    assert check["suggestion"]["cell"] == "review_litigation.review.total"


def test_result_rows_by_version_and_variant() -> None:
    assert "other_handling" in RESULT_ROWS_2019 and "other_reasons" in RESULT_ROWS_2021
    single = _doc(Tables("2021", "single"))
    assert result_rows(single.tables["applications"], "2021") == RESULT_ROWS_2019
    split = _doc(Tables("2021", "split"))
    assert result_rows(split.tables["applications"], "2021") == RESULT_ROWS_2021
    check = _by_id(single)["applications.results_sum.total"]
    assert "applications.other_handling.total" in check["cells"] and check["status"] == "pass"


def test_blank_rows_are_not_assessable_and_missing_cells_too() -> None:
    doc = _doc(Tables("2019"))
    for col in doc.tables["applications"]["granted"]:
        _set(doc, f"applications.granted.{col}", "")
    del doc.tables["applications"]["carried_over"]["research"]
    checks = _by_id(doc)
    assert checks["applications.row_sum.granted"]["status"] == "not_assessable"
    assert checks["applications.balance.research"]["status"] == "not_assessable"


def test_proactive_counts() -> None:
    doc = _doc(Tables("2019"))
    _set(doc, "proactive.regulations.new_made", "-1")
    _set(doc, "proactive.penalty.decisions", "2.5")
    _set(doc, "proactive.licensing.change", "-3")
    _set(doc, "proactive.coercion.decisions", "见附件")
    checks = _by_id(doc)
    assert checks["proactive.nonneg.regulations.new_made"]["status"] == "fail"
    assert checks["proactive.nonneg.penalty.decisions"]["status"] == "fail"
    assert checks["proactive.nonneg.licensing.change"]["status"] == "pass"  # 本年增/减 may be negative
    assert checks["proactive.nonneg.procurement.amount"]["status"] == "pass"  # 91.82 万元
    assert checks["proactive.nonneg.coercion.decisions"]["status"] == "not_assessable"


def test_checks_do_not_touch_the_tables() -> None:
    doc = _doc(Tables("2021", "split"))
    _set(doc, "applications.total_processed.total", "21")
    before = copy.deepcopy(doc.tables)
    run_table_checks(doc)
    assert doc.tables == before


def test_a_blank_total_against_non_zero_parts_asks_for_review_and_a_total_only_row_does_not() -> None:
    """A conversion that loses a total leaves its rule not assessable; unlike a total-only row (the
    parts blank, the total printed), a blank total with parts that hold numbers is flagged."""
    from gdr_nlp.check.review import _table_reasons

    doc = _doc(Tables("2019"))
    _set(doc, "review_litigation.review.upheld", "2")
    _set(doc, "review_litigation.review.total", "")
    for col in ("corrected", "other", "pending"):
        _set(doc, f"review_litigation.litigation_direct.{col}", "")
    _set(doc, "review_litigation.litigation_direct.upheld", "")
    _set(doc, "review_litigation.litigation_direct.total", "4")
    doc.checks = run_table_checks(doc)
    checks = {c["id"]: c for c in doc.checks}
    blank_total, total_only = checks["review_litigation.group_sum.review"], checks["review_litigation.group_sum.litigation_direct"]
    assert blank_total["status"] == total_only["status"] == "not_assessable"
    assert "parts hold numbers" in blank_total["why"] and "parts hold numbers" not in total_only["why"]
    reasons = _table_reasons(doc)
    assert any("review_litigation.group_sum.review" in r and "blank" in r for r in reasons)
    assert not any("litigation_direct" in r for r in reasons)
