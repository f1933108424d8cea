"""Cross-year checks and `gdr compare` on hand-built contract JSONs: grouping, each rule, bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gdr_nlp.check import crossyear
from gdr_nlp.cli import main
from gdr_nlp.compare import agency_key, compare


def _num(v: float | None) -> dict[str, Any]:
    return {"value": v, "kind": "number", "raw": str(v)} if v is not None else {"value": None, "kind": "empty", "raw": ""}


def _report(agency: str | None, year: int | None, *, co: float | None = 0, cf: float | None = 0, received: float = 10,
            version: str = "2021", stock: tuple[float, float, float] | None = None, metrics: list | None = None,
            sha: str | None = None, reviews: float = 0) -> dict[str, Any]:
    """A contract JSON with the cells the cross-year checks read (total column, plus natural_person)."""
    apps = {"new_received": {"total": _num(received), "natural_person": _num(received)},
            "carried_over": {"total": _num(co), "natural_person": _num(co)},
            "total_processed": {"total": _num(received)}, "carried_forward": {"total": _num(cf), "natural_person": _num(cf)}}
    proactive = {}
    if stock is not None:
        issued, repealed, in_force = stock
        proactive = {row: {"issued": _num(issued), "repealed": _num(repealed), "in_force": _num(in_force)}
                     for row in crossyear.STOCK_ROWS}
    return {"contract": "gdr-report/1", "source": {"path": f"{agency}{year}.txt", "sha256": sha or f"{agency}{year}"},
            "report": {"agency": agency, "year": year, "format_version": version, "variants": []},
            "tables": {"applications": apps, "proactive": proactive, "review_litigation": {"review": {"total": _num(reviews)}}},
            "metrics": metrics or [], "checks": [],
            "review": {"needed": False, "reasons": []}}


def _write(folder: Path, name: str, data: Any) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data, encoding="utf-8")


def _by_id(checks: list[dict[str, Any]], prefix: str) -> dict[str, str]:
    return {c["id"]: c["status"] for c in checks if c["id"].startswith(prefix)}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("涪城区人民政府", "涪城区政府"),
        ("涪城区 人民政府", "涪城区人民政府"),
        ("绵阳市（本级）财政局", "绵阳市(本级)财政局"),  # full-width brackets
        ("ＸＸ县人民政府办公室", "XX县政府办"),  # full-width letters; 政府办 short for 政府办公室
        ("新华街道", "新华街道办事处"),
        ("新华街道办", "新华街道办事处"),
        ("白马镇", "白马镇人民政府"),
    ],
)
def test_agency_key_merges_spellings_of_one_body(a: str, b: str) -> None:
    assert agency_key(a) == agency_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("涪城区人民政府", "涪城区人民政府办公室"),  # two bodies, both publish reports
        ("绵阳市涪城区人民政府", "涪城区人民政府"),  # districts of one name exist in several cities
        ("涪城区财政局", "涪城区教育局"),
        ("白马镇人民政府", "白马乡人民政府"),
    ],
)
def test_agency_key_keeps_different_bodies_apart(a: str, b: str) -> None:
    assert agency_key(a) != agency_key(b)


def test_continuity_per_column_consecutive_years_only(tmp_path: Path) -> None:
    _write(tmp_path / "out", "a2021.json", _report("甲县财政局", 2021, cf=3))
    _write(tmp_path / "out", "a2022.json", _report("甲县财政局", 2022, co=3, cf=2))
    _write(tmp_path / "out", "a2023.json", _report("甲县财政局", 2023, co=5))
    _write(tmp_path / "out", "a2025.json", _report("甲县财政局", 2025, co=9))  # 2024 missing: nothing to compare
    checks = compare([tmp_path / "out"]).checks
    got = {(c["id"], tuple(c["years"])): c["status"] for c in checks if c["id"].startswith("crossyear.continuity")}
    assert got == {
        ("crossyear.continuity.total", (2021, 2022)): "pass", ("crossyear.continuity.natural_person", (2021, 2022)): "pass",
        ("crossyear.continuity.total", (2022, 2023)): "fail", ("crossyear.continuity.natural_person", (2022, 2023)): "fail",
    }
    fail = next(c for c in checks if c["status"] == "fail" and c["id"].endswith(".total"))
    assert (fail["lhs"], fail["rhs"]) == (5, 2)
    assert fail["cells"] == ["2023:applications.carried_over.total", "2022:applications.carried_forward.total"]


def test_continuity_blank_cell_is_not_assessable() -> None:
    checks = crossyear.continuity("甲", (2021, _report("甲", 2021, cf=None)), (2022, _report("甲", 2022, co=0)))
    assert {c["status"] for c in checks} == {"not_assessable"}
    assert all(c["why"] for c in checks)


def test_stock_only_when_both_years_2021_format() -> None:
    last = (2021, _report("甲", 2021, stock=(2, 0, 10)))
    assert _by_id(crossyear.stock("甲", last, (2022, _report("甲", 2022, stock=(3, 1, 12)))), "") == {
        "crossyear.stock.regulations": "pass", "crossyear.stock.normative_documents": "pass"}
    assert set(_by_id(crossyear.stock("甲", last, (2022, _report("甲", 2022, stock=(3, 1, 13)))), "").values()) == {"fail"}
    old = (2020, _report("甲", 2020, version="2019"))
    assert crossyear.stock("甲", old, (2021, _report("甲", 2021, stock=(3, 1, 13)))) == []


def _claim_metrics(received: float, subject: str, value: float, unit: str, *, gap: int = 1, qualifier: str | None = None,
                   ref_type: str = "applications_received", ref_subject: str = "受理政府信息公开申请") -> list[dict[str, Any]]:
    """受理申请N件，同比增长P%: the referent, then the claim right after it (``gap`` = separator length)."""
    end = 20 + len(str(received)) + 1
    start = end + gap + len(subject)
    return [
        {"type": ref_type, "value": received, "unit": "件", "qualifier": None, "subject": ref_subject, "section": "overview", "span": [20, end]},
        {"type": "other", "value": value, "unit": unit, "qualifier": qualifier, "subject": subject, "section": "overview",
         "span": [start, start + len(str(value)) + 1]},
    ]


@pytest.mark.parametrize(
    ("subject", "value", "unit", "status"),
    [
        ("同比增长", 20, "%", "pass"),  # 100 → 120
        ("同比增长", 19.6, "%", "not_assessable"),  # 0.4 points off at one decimal: rounding or another base, not judged
        ("同比增长", 18.6, "%", "fail"),
        ("同比增长", 20.4, "%", "not_assessable"),  # under one point off: rounding or another base
        ("同比增长", 35, "%", "fail"),
        ("同比下降", 20, "%", "fail"),  # wrong direction
        ("较上年增加", 20, "件", "pass"),
        ("比去年增加", 21, "件", "fail"),
        ("较上年减少", 20, "件", "fail"),
        ("申请量同比增长", 20, "%", "pass"),  # its own noun restates the referent
        ("较2021年增长", 20, "%", "pass"),  # last year named
        ("较去年同期增长", 20, "%", "pass"),
    ],
)
def test_narrative_claims_against_both_years(subject: str, value: float, unit: str, status: str) -> None:
    last = (2021, _report("甲", 2021, received=100))
    this = (2022, _report("甲", 2022, received=120, metrics=_claim_metrics(120, subject, value, unit)))
    (entry,) = crossyear.narrative("甲", last, this)
    assert entry["id"] == "crossyear.narrative.applications.new_received.total"
    assert entry["status"] == status, entry


@pytest.mark.parametrize(
    ("kwargs", "received_prose", "why"),
    [
        ({"gap": 9}, 120, "does not follow"),  # something else sits between number and claim
        ({"qualifier": "approx"}, 120, "approximate"),
        ({}, 150, "another scope"),  # 全区 150 in the prose, 120 in this agency's table
        ({"ref_type": "admin_reviews", "ref_subject": "行政复议结果维持"}, 120, "no table cell"),
        ({"subject": "公开信息同比增长"}, 120, "names its own subject"),
        ({"subject": "较2020年增长"}, 120, "compares with 2020"),
    ],
)
def test_narrative_claims_not_assessable_when_unclear(kwargs: dict, received_prose: float, why: str) -> None:
    last = (2021, _report("甲", 2021, received=100))
    subject = kwargs.pop("subject", "同比增长")
    this = (2022, _report("甲", 2022, received=120, metrics=_claim_metrics(received_prose, subject, 20, "%", **kwargs)))
    (entry,) = crossyear.narrative("甲", last, this)
    assert entry["status"] == "not_assessable" and why in entry["why"]


def test_narrative_without_last_year_or_from_zero() -> None:
    this = (2022, _report("甲", 2022, received=120, metrics=_claim_metrics(120, "同比增长", 20, "%")))
    (entry,) = crossyear.narrative("甲", None, this)
    assert entry["status"] == "not_assessable" and "no report for 2021" in entry["why"]
    (entry,) = crossyear.narrative("甲", (2021, _report("甲", 2021, received=0)), this)
    assert entry["status"] == "not_assessable" and "is 0" in entry["why"]


def test_narrative_same_type_metric_needs_exactly_one_each_year() -> None:
    def pi(value: float) -> dict[str, Any]:
        return {"type": "proactive_items", "value": value, "unit": "条", "qualifier": None, "subject": "主动公开政府信息",
                "section": "overview", "span": [0, 5]}

    claim = _claim_metrics(1200, "较上年增加", 200, "条", ref_type="proactive_items", ref_subject="主动公开政府信息")
    claim[0]["unit"] = "条"
    this = (2022, _report("甲", 2022, metrics=claim))
    (entry,) = crossyear.narrative("甲", (2021, _report("甲", 2021, metrics=[pi(1000)])), this)
    assert (entry["id"], entry["status"]) == ("crossyear.narrative.metric.proactive_items", "pass")
    (entry,) = crossyear.narrative("甲", (2021, _report("甲", 2021, metrics=[pi(1000), pi(30)])), this)
    assert entry["status"] == "not_assessable" and "2 metrics" in entry["why"]


def test_bad_inputs_one_line_each_and_the_rest_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good"
    _write(good, "a2021.json", _report("甲县财政局", 2021, cf=3))
    _write(good, "a2022.json", _report("甲县财政局", 2022, co=4))
    _write(good, "broken.json", '{"contract": "gdr-report/1", ')
    _write(good, "other.json", {"hello": 1})
    _write(good, "malformed.json", {"contract": "gdr-report/1", "report": ["甲县", 2022]})
    _write(good, "run.json", {"files": []})  # gdr's own manifest: not a report, not an error
    _write(good, "nameless.json", _report(None, 2022))
    _write(good, "yearless.json", _report("甲县财政局", None))
    (tmp_path / "empty").mkdir()
    rc = main(["compare", str(good), str(tmp_path / "empty"), "-o", str(tmp_path / "cmp")])
    err = capsys.readouterr().err.splitlines()
    assert rc == 3  # partial: some inputs unusable
    assert any(line.startswith("[E041]") and "broken.json" in line for line in err)
    assert any(line.startswith("[E041]") and "other.json" in line for line in err)
    assert any(line.startswith("[E041]") and "malformed.json" in line for line in err)
    assert any(line.startswith("[E040]") and str(tmp_path / "empty") in line for line in err)
    assert not any("run.json" in line or "Traceback" in line for line in err)
    result = json.loads((tmp_path / "cmp" / "compare.json").read_text(encoding="utf-8"))
    assert {u["file"].rsplit("/", 1)[1] for u in result["unplaced"]} == {"nameless.json", "yearless.json"}
    assert _by_id(result["checks"], "crossyear.continuity.total") == {"crossyear.continuity.total": "fail"}
    assert not list((tmp_path / "cmp").glob(".*part"))  # atomic writes leave no temp file


def test_nothing_usable_exits_1(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["compare", str(tmp_path / "empty"), "-o", str(tmp_path / "cmp")]) == 1


def test_duplicates_same_report_once_different_reports_not_assessable(tmp_path: Path) -> None:
    _write(tmp_path / "a", "x2021.json", _report("甲县财政局", 2021, cf=3))
    _write(tmp_path / "b", "x2021.json", _report("甲县财政局", 2021, cf=3))  # same sha256: one report
    _write(tmp_path / "a", "x2022.json", _report("甲县财政局", 2022, co=3))
    result = compare([tmp_path / "a", tmp_path / "b"])
    assert result.reports == 2 and _by_id(result.checks, "crossyear.continuity.total") == {"crossyear.continuity.total": "pass"}
    _write(tmp_path / "b", "y2022.json", _report("甲县 财政局", 2022, co=1, sha="other"))  # a second, different 2022 report
    result = compare([tmp_path / "a", tmp_path / "b"])
    statuses = {(c["id"], c["status"]) for c in result.checks if c["years"] == [2021, 2022]}
    assert statuses == {("crossyear.duplicate", "not_assessable")}


def test_names_with_and_without_the_city_stay_apart_but_are_flagged(tmp_path: Path) -> None:
    _write(tmp_path / "out", "a.json", _report("绵阳市涪城区人民政府", 2021, cf=3))
    _write(tmp_path / "out", "b.json", _report("涪城区政府", 2022, co=3))
    _write(tmp_path / "out", "c.json", _report("涪城区财政局", 2022))
    compare([tmp_path / "out"], out_dir=tmp_path / "cmp")
    result = json.loads((tmp_path / "cmp" / "compare.json").read_text(encoding="utf-8"))
    assert result["summary"]["agencies"] == 3 and not [c for c in result["checks"] if c["id"].startswith("crossyear.continuity")]
    assert result["possibly_same"] == [{"agencies": ["绵阳市涪城区人民政府", "涪城区政府"], "years": [[2021], [2022]]}]


def test_unwritable_output_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "out", "a.json", _report("甲县财政局", 2021))
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    assert main(["compare", str(tmp_path / "out"), "-o", str(tmp_path / "file")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("[E042]") and str(tmp_path / "file") in err[0]
    assert (tmp_path / "file").read_text(encoding="utf-8") == "not a folder"


def test_narrative_claim_on_admin_reviews_uses_table_four() -> None:
    claim = _claim_metrics(3, "较上年减少", 2, "件", ref_type="admin_reviews", ref_subject="收到行政复议申请")
    this = (2022, _report("甲", 2022, reviews=3, metrics=claim))
    (entry,) = crossyear.narrative("甲", (2021, _report("甲", 2021, reviews=5)), this)
    assert (entry["id"], entry["status"], entry["lhs"], entry["rhs"]) == ("crossyear.narrative.review_litigation.review.total", "pass", -2, -2)
    (entry,) = crossyear.narrative("甲", (2021, _report("甲", 2021, reviews=4)), this)
    assert entry["status"] == "fail"
