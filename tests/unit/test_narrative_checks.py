"""narrative.* checks: prose numbers against hand-built tables, scope awareness, realdev PDFs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gdr_nlp.check.narrative import narrative_checks
from gdr_nlp.document import ReportDocument
from gdr_nlp.reconcile.metrics import reconcile_metrics
from gdr_nlp.tag.narrative import tag_metrics


def cell(v: float | None) -> dict[str, Any]:
    return {"value": v, "kind": "number" if v is not None else "na", "raw": "" if v is None else str(v)}


def tables(
    new: float | None = 8,
    carried: float = 0,
    processed: float = 8,
    forward: float = 0,
    review: float = 1,
    direct: float = 0,
    after: float = 0,
) -> dict[str, Any]:
    return {
        "applications": {
            "new_received": {"total": cell(new)},
            "carried_over": {"total": cell(carried)},
            "total_processed": {"total": cell(processed)},
            "carried_forward": {"total": cell(forward)},
        },
        "review_litigation": {
            "review": {
                "total": cell(review),
                "upheld": cell(0),
                "corrected": cell(review),
                "other": cell(0),
                "pending": cell(0),
            },
            "litigation_direct": {"total": cell(direct), "upheld": cell(direct)},
            "litigation_after_review": {"total": cell(after), "upheld": cell(after)},
        },
    }


def run(text: str, tbl: dict[str, Any]) -> dict[str, dict[str, Any]]:
    doc = ReportDocument.from_text(text, path="a.txt")
    doc.spans["rule"] = tag_metrics(doc)
    reconcile_metrics(doc)
    doc.tables = tbl
    return {c["id"]: c for c in narrative_checks(doc)}


BASE = "一、总体情况\n本机关共受理政府信息公开申请8件，均已按时答复。因政府信息公开引起行政复议1件。\n"


def test_agreement_passes() -> None:
    checks = run(BASE, tables())
    assert checks["narrative.applications.received"]["status"] == "pass"
    assert checks["narrative.review.total"]["status"] == "pass"
    c = checks["narrative.applications.received"]
    assert (c["lhs"], c["rhs"], c["cells"]) == (8, 8, ["applications.new_received.total"])


def test_disagreement_fails_without_scope_words() -> None:
    text = "一、总体情况\n我局受理政府信息公开申请9件。\n"
    c = run(text, tables())["narrative.applications.received"]
    assert (c["status"], c["lhs"], c["rhs"]) == ("fail", 9, 8)


@pytest.mark.parametrize("scope", ["全区", "全市", "全县", "各部门", "各单位", "全系统", "区政府办"])
def test_wider_or_narrower_scope_is_not_assessable(scope: str) -> None:
    text = f"一、总体情况\n{scope}共受理政府信息公开申请95件。\n"
    c = run(text, tables())["narrative.applications.received"]
    assert c["status"] == "not_assessable"
    assert scope in c["why"] or "政府办" in c["why"]


def test_scope_words_do_not_hide_agreement() -> None:
    text = "一、总体情况\n全区共受理政府信息公开申请8件。\n"
    assert run(text, tables())["narrative.applications.received"]["status"] == "pass"


def test_missing_cell_is_not_assessable() -> None:
    c = run(BASE, tables(new=None))["narrative.applications.received"]
    assert c["status"] == "not_assessable" and c["rhs"] is None


def test_approximate_number_is_not_assessable() -> None:
    text = "一、总体情况\n我局受理政府信息公开申请约10件。\n"
    assert run(text, tables())["narrative.applications.received"]["status"] == "not_assessable"


def test_answered_carried_over_and_forward() -> None:
    text = "一、总体情况\n我局受理政府信息公开申请12件，答复10件（含上年结转申请2件，另有4件结转下年度继续办理）。\n"
    checks = run(text, tables(new=12, carried=2, processed=10, forward=4))
    assert checks["narrative.applications.received"]["status"] == "pass"
    assert checks["narrative.applications.answered"]["status"] == "pass"
    assert checks["narrative.applications.carried_over"]["status"] == "pass"
    assert checks["narrative.applications.carried_forward"]["status"] == "pass"
    checks = run(text, tables(new=12, carried=2, processed=10, forward=3))
    assert checks["narrative.applications.carried_forward"]["status"] == "fail"


def test_none_received_against_the_table() -> None:
    text = "一、总体情况\n2020年度本单位未收到政府信息公开申请。\n二、主动公开政府信息情况\n"
    assert run(text, tables(new=0, processed=0, review=0))["narrative.applications.none_received"]["status"] == "pass"
    assert run(text, tables(new=3))["narrative.applications.none_received"]["status"] == "fail"


def test_lawsuits_sum_both_groups() -> None:
    text = "一、总体情况\n发生政府信息公开行政诉讼5件，其中结果维持5件。\n"
    checks = run(text, tables(direct=3, after=2))
    assert checks["narrative.litigation.total"]["status"] == "pass"
    assert checks["narrative.litigation.total"]["rhs"] == 5
    assert checks["narrative.litigation.upheld"]["status"] == "pass"


def test_fees_must_agree_between_sections() -> None:
    text = "一、总体情况\n全年收取信息处理费200元。\n六、其他需要报告的事项\n本年度未收取信息处理费。\n"
    assert run(text, tables())["narrative.fees.info_processing"]["status"] == "fail"
    text = "一、总体情况\n全年收取信息处理费200元。\n六、其他需要报告的事项\n全年收取信息处理费200元。\n"
    assert run(text, tables())["narrative.fees.info_processing"]["status"] == "pass"


def _pdf_text(path: Path) -> str:
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "huaian2024",
            {
                "narrative.applications.received": "pass",
                "narrative.applications.answered": "pass",
                "narrative.applications.carried_over": "pass",
                "narrative.applications.carried_forward": "pass",
                "narrative.review.total": "pass",
                "narrative.review.pending": "pass",
                "narrative.litigation.total": "pass",
                "narrative.litigation.upheld": "pass",
            },
        ),
        # the district office's own 17 applications against the whole government's table (95)
        ("hongze2024", {"narrative.applications.received": "not_assessable"}),
    ],
)
def test_realdev_reports(realdev: Path, name: str, expected: dict[str, str]) -> None:
    gold = json.loads((realdev / f"{name}.gold.json").read_text(encoding="utf-8"))
    checks = run(_pdf_text(realdev / f"{name}.pdf"), gold["tables"])
    assert {k: checks[k]["status"] for k in expected} == expected
    assert not [c for c in checks.values() if c["status"] == "fail"]
