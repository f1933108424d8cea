"""Table reconciliation on hand-written layouts (the values are read off the text by eye)."""

from __future__ import annotations

import pytest

from gdr_nlp.document import ReportDocument
from gdr_nlp.reconcile.sections import reconcile_sections
from gdr_nlp.reconcile.tables import reconcile_tables
from gdr_nlp.reconcile.units import parse_cell
from gdr_nlp.tag.rules import RuleTagger, tokenize_region
from tests.unit.table_layouts import HEAD as GEN_HEAD
from tests.unit.table_layouts import LAYOUTS, Tables, read_with_rules
from tests.unit.table_layouts import TAIL as GEN_TAIL

HEAD = "某县人民政府2020年政府信息公开工作年度报告\n一、总体情况\n本年度工作正常开展。\n"
TAIL = "五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"

PROACTIVE_FLAT = """二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年新制作数量 本年新公开数量 对外公开总数量
规章 0 0 0
规范性文件 3 3 41
第二十条第（五）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政许可 12 -2 305
其他对外管理服务事项 4 0 17
第二十条第（六）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政处罚 9 1 88
行政强制 2 0 5
第二十条第（八）项
信息内容 上一年项目数量 本年增/减
行政事业性收费 1 0
第二十条第（九）项
信息内容 采购项目数量 采购总金额
政府集中采购 3 918200元
"""

APPS_MARKDOWN = """三、收到和处理政府信息公开申请情况
| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
|---|---|---|---|---|---|---|---|
| 一、本年新收政府信息公开申请数量 | 10 | 2 | 0 | 0 | 1 | 0 | 13 |
|---|---|
| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| 三、本年度办理结果 | （一）予以公开 | 6 | 1 | 0 | 0 | 1 | 0 | 8 |
| （二）部分公开（区分处理的，只计这一情形，不计其他情形） | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
| （三）不予公开 | 1.属于国家秘密 | | | | | | | 0 |
| 2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 4.保护第三方合法权益 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 5.属于三类内部事务信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 6.属于四类过程性信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 8.属于行政查询事项 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| （四）无法提供 | 1.本机关不掌握相关政府信息 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
| 2.没有现成信息需要另行制作 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 3.补正后申请内容仍不明确 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| （五）不予处理 | 1.信访举报投诉类申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 4.无正当理由大量反复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| 5.要求行政机关确认或重新出具已获取信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| （六）其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
| （七）总计 | 10 | 1 | 0 | 0 | 1 | 0 | 12 |
| 四、结转下年度继续办理 | 1 | 1 | 0 | 0 | 0 | 0 | 2 |
"""

REVIEW_ONE_LINE = """四、政府信息公开行政复议、行政诉讼情况
行政复议 行政诉讼
结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉
结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计
1 0 0 1 2 0 1 0 0 1 0 0 0 0 0
"""

REVIEW_MINI = """四、政府信息公开行政复议、行政诉讼情况
行政复议
结果维持\t结果纠正\t其他结果\t尚未审结\t总计
2\t1\t0\t0\t3
行政诉讼（未经复议直接起诉）
结果维持\t结果纠正\t其他结果\t尚未审结\t总计
0\t0\t1\t0\t1
行政诉讼（复议后起诉）
结果维持\t结果纠正\t其他结果\t尚未审结\t总计
0\t0\t0\t0\t0
"""


_doc = read_with_rules


def _values(table: dict, row: str) -> dict:
    return {c: cell["value"] if cell["kind"] == "number" else cell["kind"] for c, cell in table[row].items()}


def test_flattened_rows_signed_change_and_yuan_amount() -> None:
    doc = _doc(HEAD + PROACTIVE_FLAT + APPS_MARKDOWN + REVIEW_ONE_LINE + TAIL)
    p = doc.tables["proactive"]
    assert doc.report["format_version"] == "2019"
    assert _values(p, "normative_documents") == {"new_made": 3, "new_published": 3, "total_published": 41}
    assert _values(p, "licensing") == {"prev_items": 12, "change": -2, "decisions": 305}
    assert _values(p, "fees") == {"prev_items": 1, "change": 0}
    amount = p["procurement"]["amount"]
    assert (amount["value"], amount["unit"], amount["raw"]) == (91.82, "万元", "918200元")


def test_markdown_pipes_with_stray_separator_and_label_in_wrong_cell() -> None:
    doc = _doc(HEAD + PROACTIVE_FLAT + APPS_MARKDOWN + REVIEW_ONE_LINE + TAIL)
    a = doc.tables["applications"]
    assert _values(a, "new_received") == {"natural_person": 10, "commercial": 2, "research": 0, "social_org": 0,
                                          "legal_service": 1, "other_org": 0, "total": 13}
    assert _values(a, "granted")["total"] == 8 and _values(a, "granted")["natural_person"] == 6
    assert _values(a, "denied_state_secret") == {"natural_person": "empty", "commercial": "empty", "research": "empty",
                                                 "social_org": "empty", "legal_service": "empty", "other_org": "empty",
                                                 "total": 0}
    assert _values(a, "carried_forward")["total"] == 2
    assert len(a) == 23  # the 2019 format's 表三 rows
    failing = [c["id"] for c in _checks(doc) if c["status"] == "fail"]
    assert failing == []


def _checks(doc: ReportDocument) -> list[dict]:
    from gdr_nlp.check.rules import run_table_checks

    return run_table_checks(doc)


def test_review_fifteen_numbers_on_one_line() -> None:
    doc = _doc(HEAD + PROACTIVE_FLAT + APPS_MARKDOWN + REVIEW_ONE_LINE + TAIL)
    r = doc.tables["review_litigation"]
    assert _values(r, "review") == {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}
    assert _values(r, "litigation_direct") == {"upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1}
    assert _values(r, "litigation_after_review")["total"] == 0


def test_review_as_three_mini_tables() -> None:
    doc = _doc(HEAD + PROACTIVE_FLAT + APPS_MARKDOWN + REVIEW_MINI + TAIL)
    r = doc.tables["review_litigation"]
    assert _values(r, "review") == {"upheld": 2, "corrected": 1, "other": 0, "pending": 0, "total": 3}
    assert _values(r, "litigation_direct") == {"upheld": 0, "corrected": 0, "other": 1, "pending": 0, "total": 1}
    assert _values(r, "litigation_after_review")["total"] == 0


def test_wrong_total_stays_and_check_suggests() -> None:
    broken = APPS_MARKDOWN.replace("| （七）总计 | 10 | 1 | 0 | 0 | 1 | 0 | 12 |", "| （七）总计 | 10 | 1 | 0 | 0 | 1 | 0 | 21 |")
    doc = _doc(HEAD + PROACTIVE_FLAT + broken + REVIEW_ONE_LINE + TAIL)
    assert doc.tables["applications"]["total_processed"]["total"]["value"] == 21  # the source value is kept
    failed = {c["id"]: c for c in _checks(doc) if c["status"] == "fail"}
    assert "applications.row_sum.total_processed" in failed
    assert failed["applications.row_sum.total_processed"]["suggestion"]["value"] == 12


def test_tokenizer_joins_wrapped_cell_in_tab_layout() -> None:
    text = "\t自然人\n\t商业\n企业\n\t科研\n机构\n\t总计\n\t1\n2\n\t0\n"
    tokens = tokenize_region(text, 0, len(text))
    assert [t.text for t in tokens] == ["自然人", "商业\n企业", "科研\n机构", "总计", "1\n2", "0"]
    assert tokens[4].kind == "number"


# ---- every layout × format variant, against the values typed in table_layouts.py ----------------


FORMATS = {
    "2019": (Tables("2019"), []),
    "2021": (Tables("2021", "split"), []),
    "2021_single_other": (Tables("2021", "single"), ["applications_single_other_row"]),
    "2019_subtotal": (Tables("2019", "single", subtotal=True), ["applications_legal_person_subtotal"]),
    "2021_subtotal": (Tables("2021", "split", subtotal=True), ["applications_legal_person_subtotal"]),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_cell_in_every_layout(layout: str, fmt: str) -> None:
    tables, variants = FORMATS[fmt]
    head = GEN_HEAD if tables.version == "2019" else GEN_HEAD.replace("2020", "2022")
    doc = _doc(head + LAYOUTS[layout](tables) + GEN_TAIL)
    assert doc.report["format_version"] == tables.version
    assert doc.report["variants"] == variants
    for table_key, rows in tables.expected().items():
        for row, cols in rows.items():
            for col, text in cols.items():
                cell = doc.tables[table_key].get(row, {}).get(col)
                if layout == "flat_rows" and not text:
                    # the layout lost the blank: absent, or an empty cell where the equations placed
                    # the row's numbers elsewhere (issue 9); never a value
                    assert cell is None or (cell["kind"], cell["raw"]) == ("empty", ""), (table_key, row, col)
                    continue
                want = parse_cell(text, money=col == "amount")
                assert cell is not None, (table_key, row, col)
                assert (cell["kind"], cell["value"]) == (want.kind, want.value), (table_key, row, col, cell["raw"])
                assert doc.text[cell["span"][0] : cell["span"][1]] == cell["raw"]
        assert set(doc.tables[table_key]) == set(rows)
    assert [c["id"] for c in _checks(doc) if c["status"] == "fail"] == []


# ---- readings the arithmetic or the layout decides ------------------------------------------------


def _with(layout_text: str, old: str, new: str) -> str:
    assert old in layout_text
    return layout_text.replace(old, new, 1)


def test_number_broken_by_a_space_is_joined_when_the_sums_prefer_it() -> None:
    text = LAYOUTS["one_per_line"](Tables("2019"))
    # （七）总计's total 12 printed as "1 2": eight pieces for seven columns
    text = _with(text, "（七）总计\n\t10\n\t1\n\t0\n\t0\n\t1\n\t0\n\t12", "（七）总计\n\t10\n\t1\n\t0\n\t0\n\t1\n\t0\n\t1 2")
    doc = _doc(GEN_HEAD + text + GEN_TAIL)
    cell = doc.tables["applications"]["total_processed"]["total"]
    assert (cell["value"], cell["raw"]) == (12, "1 2")
    assert doc.tables["applications"]["total_processed"]["natural_person"]["value"] == 10
    assert any("read as one" in w for w in doc.warnings)


@pytest.mark.issue(9)
def test_flat_row_two_numbers_never_glued_the_join_is_only_proposed() -> None:
    text = flat = LAYOUTS["flat_rows"](Tables("2019"))
    # "1 0" could be 10 (natural_person) or 1 and 0; with eight numbers only 10 1 0 0 1 0 → 12 fits,
    # but two source tokens are never one value: the cell keeps "1 0" as text, the join is a proposal
    text = _with(flat, "（七）总计 10 1 0 0 1 0 12", "（七）总计 1 0 1 0 0 1 0 12")
    doc = _doc(GEN_HEAD + text + GEN_TAIL)
    row = doc.tables["applications"]["total_processed"]
    assert [row[c]["value"] for c in ("commercial", "legal_service", "total")] == [1, 1, 12]
    assert (row["natural_person"]["kind"], row["natural_person"]["value"], row["natural_person"]["raw"]) == ("text", None, "1 0")
    note = next(n for n in doc.review_notes if n.startswith("applications.total_processed.natural_person"))
    assert "'1 0'" in note and "10" in note


@pytest.mark.issue(9)
def test_proactive_broken_number_only_proposed() -> None:
    text = _with(LAYOUTS["flat_rows"](Tables("2019")), "规范性文件 8 8 95", "规范性文件 8 8 9 5")
    doc = _doc(GEN_HEAD + text + GEN_TAIL)
    row = doc.tables["proactive"]["normative_documents"]
    assert [row[c]["value"] for c in ("new_made", "new_published")] == [8, 8]
    assert (row["total_published"]["kind"], row["total_published"]["raw"]) == ("text", "9 5")
    assert any(n.startswith("proactive.normative_documents.total_published") and "95" in n for n in doc.review_notes)


@pytest.mark.issue(10)
def test_proactive_close_readings_with_other_values_ask_for_review() -> None:
    """"0 0 1 5" under three 表二 columns reads as 0, 1, 5 (a merged cell's value repeated) or as
    0, 0, "1 5" (a number split by a converter): no sum decides, so the taken one is flagged."""
    text = _with(LAYOUTS["flat_rows"](Tables("2019")), "规章 ", "规章 ")
    row_line = next(line for line in text.split("\n") if line.startswith("规章"))
    doc = _doc(GEN_HEAD + _with(text, row_line, "规章 0 0 1 5") + GEN_TAIL)
    assert any(n.startswith("proactive.regulations: read as") and "no sum can decide" in n for n in doc.review_notes)
    same = _doc(GEN_HEAD + _with(text, row_line, "规章 0 1 5") + GEN_TAIL)  # one reading only: no note
    assert not any(n.startswith("proactive.regulations") for n in same.review_notes)


def test_page_number_between_label_and_numbers_is_left_out() -> None:
    text = GEN_HEAD + LAYOUTS["one_per_line"](Tables("2019")) + GEN_TAIL
    text = _with(text, "\t行政处罚\n\t9\n", "\t行政处罚\n3\n\t9\n")
    doc = ReportDocument.from_text(text, path="t.pdf", media_type="application/pdf", page=3)
    page_break = text.index("\n3\n") + 3  # the footer "3" ends page 3; the rest is page 4
    for line in doc.lines:
        if line.start >= page_break:
            line.page = 4
    RuleTagger()(doc)
    reconcile_sections(doc)
    reconcile_tables(doc)
    row = doc.tables["proactive"]["penalty"]
    assert [row[c]["raw"] for c in ("prev_items", "change", "decisions")] == ["9", "+1", "88"]
    assert row["prev_items"]["page"] == 4
    assert any("page number" in w for w in doc.warnings)


def test_amount_unit_from_the_header_and_missing_unit_warning() -> None:
    base = LAYOUTS["tab_rows"](Tables("2019"))
    in_yuan = _with(_with(base, "采购总金额", "采购总金额（元）"), "政府集中采购\t1\t91.82万元", "政府集中采购\t1\t918200")
    doc = _doc(HEAD_2020 + in_yuan + GEN_TAIL)
    cell = doc.tables["proactive"]["procurement"]["amount"]
    assert (cell["value"], cell["unit"], cell["raw"]) == (91.82, "万元", "918200")
    bare = _with(base, "政府集中采购\t1\t91.82万元", "政府集中采购\t1\t91.82")
    doc = _doc(HEAD_2020 + bare + GEN_TAIL)
    cell = doc.tables["proactive"]["procurement"]["amount"]
    assert (cell["value"], cell["unit"]) == (91.82, None)
    assert any("procurement.amount" in w and "no unit" in w for w in doc.warnings)


HEAD_2020 = GEN_HEAD


def test_model_layer_without_table_attributes_or_sections() -> None:
    """A layer that marks only labels and cells (as a trained tagger does) reads the same tables."""
    text = GEN_HEAD + LAYOUTS["tab_rows"](Tables("2021", "split")) + GEN_TAIL
    ruled = _doc(text)
    doc = ReportDocument.from_text(text, path="t.txt")
    doc.spans["model"] = [s.model_copy(update={"attrs": {}}) for s in ruled.spans["rule"]
                          if s.label in ("ROW_LABEL", "CELL", "COL_HEADER")]
    reconcile_tables(doc, layers=("model",))
    assert doc.report["format_version"] == "2021"
    assert doc.tables == ruled.tables


def test_hybrid_keeps_the_layer_whose_sums_hold() -> None:
    text = GEN_HEAD + LAYOUTS["tab_rows"](Tables("2019")) + GEN_TAIL
    doc = _doc(text)
    expected = doc.tables
    # a model layer that lost 予以公开's natural-person cell: its 表三 sums fail
    lost = next(s for s in doc.spans["rule"] if s.label == "CELL" and s.start == expected["applications"]["granted"]["natural_person"]["span"][0])
    doc.spans["model"] = [s for s in doc.spans["rule"] if s is not lost]
    doc.warnings.clear()
    reconcile_tables(doc, layers=("model", "rule"))
    assert doc.tables["applications"] == expected["applications"]
    assert any("applications: read from the 'rule' layer" in w and "runner-up 'model'" in w for w in doc.warnings)


def test_a_wrong_total_is_not_explained_away_by_joining_numbers() -> None:
    # seven numbers for seven columns and a total one too high: no join, the check fails instead
    text = _with(LAYOUTS["markdown"](Tables("2019")), "| （七）总计 | 10 | 1 | 0 | 0 | 1 | 0 | 12 |",
                 "| （七）总计 | 10 | 1 | 0 | 0 | 1 | 0 | 13 |")
    doc = _doc(GEN_HEAD + text + GEN_TAIL)
    row = doc.tables["applications"]["total_processed"]
    assert [row[c]["value"] for c in ("natural_person", "commercial", "total")] == [10, 1, 13]
    failed = {c["id"]: c for c in _checks(doc) if c["status"] == "fail"}
    assert failed["applications.row_sum.total_processed"]["suggestion"]["value"] == 12


def test_two_broken_numbers_around_interior_blanks() -> None:
    text = _with(LAYOUTS["one_per_line"](Tables("2019")),
                 "一、本年新收政府信息公开申请数量\n\t10\n\t2\n\t0\n\t0\n\t1\n\t0\n\t13",
                 "一、本年新收政府信息公开申请数量\n\t1 0\n\t2\n\t\n\t\n\t1\n\t0\n\t1 3")
    doc = _doc(GEN_HEAD + text + GEN_TAIL)
    row = doc.tables["applications"]["new_received"]
    assert [(row[c]["kind"], row[c]["value"]) for c in ("natural_person", "commercial", "research", "legal_service", "total")] == [
        ("number", 10), ("number", 2), ("empty", None), ("number", 1), ("number", 13)]


def test_tables_found_when_their_section_headings_are_missing() -> None:
    text = LAYOUTS["tab_rows"](Tables("2019"))
    for heading in ("二、主动公开政府信息情况\n", "四、政府信息公开行政复议、行政诉讼情况\n"):
        text = _with(text, heading, "")
    doc = _doc(GEN_HEAD + text + GEN_TAIL)
    assert [s["key"] for s in doc.sections] == ["overview", "applications", "problems", "other"]
    assert doc.tables["proactive"]["normative_documents"]["total_published"]["value"] == 95
    assert doc.tables["review_litigation"]["review"]["total"]["value"] == 2
    assert "section missing: 二、主动公开政府信息情况" in doc.warnings


def test_hybrid_takes_the_other_layer_where_the_rules_table_fails_its_checks() -> None:
    text = GEN_HEAD + LAYOUTS["tab_rows"](Tables("2019")) + GEN_TAIL
    doc = _doc(text)
    expected = doc.tables
    # the rule layer lost 予以公开's natural-person cell (its 表三 sums fail); the model layer has every cell
    lost = next(s for s in doc.spans["rule"] if s.label == "CELL" and s.start == expected["applications"]["granted"]["natural_person"]["span"][0])
    doc.spans["model"] = list(doc.spans["rule"])
    doc.spans["rule"] = [s for s in doc.spans["rule"] if s is not lost]
    doc.warnings.clear()
    reconcile_tables(doc, layers=("model", "rule"))
    assert doc.tables["applications"] == expected["applications"]
    assert any("applications: read from the 'model' layer" in w for w in doc.warnings)


def test_hybrid_keeps_the_rules_when_every_layer_fails_the_same_check() -> None:
    # a misprinted total fails in every reading: it never hands the table to a less complete layer
    text = _with(LAYOUTS["tab_rows"](Tables("2019")), "（七）总计\t10\t1\t0\t0\t1\t0\t12", "（七）总计\t10\t1\t0\t0\t1\t0\t13")
    doc = _doc(GEN_HEAD + text + GEN_TAIL)
    expected = doc.tables
    doc.spans["model"] = [s for s in doc.spans["rule"] if not (s.label == "ROW_LABEL" and "部分公开" in doc.text[s.start:s.end])]
    doc.warnings.clear()
    reconcile_tables(doc, layers=("model", "rule"))
    assert doc.tables["applications"] == expected["applications"]
    assert any("applications: read from the 'rule' layer" in w for w in doc.warnings)


def test_page_footer_and_repeated_header_inside_a_text_table() -> None:
    """A PDF-to-text page break in 表三: '- 7 -', 续表 and the header again; no cell moves."""
    tables = Tables("2019")
    plain = LAYOUTS["one_per_line"](tables)
    header = "\n".join("\t" + h for h in tables.applicant_header[1:]) + "\n"
    anchor = "\t2.没有现成信息需要另行制作"  # after a row of non-zero numbers, where "- 7 -" could pass for cells
    broken = _with(plain, anchor, "- 7 -\n\n续表\n" + header + "\n" + anchor)
    def values(doc: ReportDocument) -> dict:
        return {t: {r: {c: (cell["kind"], cell["raw"]) for c, cell in cols.items()} for r, cols in rows.items()}
                for t, rows in doc.tables.items()}
    assert values(_doc(GEN_HEAD + broken + GEN_TAIL)) == values(_doc(GEN_HEAD + plain + GEN_TAIL))


@pytest.mark.issue(10)
@pytest.mark.parametrize("separator", ["- 7 -", "-- 2 of 3 --", "第2页 共3页"])
def test_page_separator_between_rows_of_a_flat_table_moves_no_cell(separator: str) -> None:
    """A page break in a table written a row a line (pdf-parse, pdftotext): the page's footer or the
    converter's own page separator (pdf-parse writes ``-- 2 of 3 --``), then the running header with its
    year. No cell moves, and the report asks for no review it would not ask for without the break."""
    plain = LAYOUTS["flat_rows"](Tables("2021"))
    row = next(line for line in plain.split("\n") if line.startswith("二、上年结转"))
    broken = _with(plain, row, f"{separator}\n\n某局2021年政府信息公开工作年度报告\n{row}")
    whole, cut = _doc(GEN_HEAD + plain + GEN_TAIL), _doc(GEN_HEAD + broken + GEN_TAIL)
    assert _raw_values(cut) == _raw_values(whole)
    assert [n for n in cut.review_notes if n.startswith("applications")] == \
        [n for n in whole.review_notes if n.startswith("applications")]


def _raw_values(doc: ReportDocument) -> dict:
    return {t: {r: {c: (cell["kind"], cell["raw"]) for c, cell in cols.items()} for r, cols in rows.items()}
            for t, rows in doc.tables.items()}


def test_subtotal_column_found_by_the_sums_when_no_header_names_the_columns() -> None:
    tables = Tables("2019", subtotal=True)
    text = LAYOUTS["one_per_line"](tables)
    for h in tables.applicant_header:
        text = text.replace(f"\t{h}\n", "")
    doc = _doc(GEN_HEAD + text + GEN_TAIL)
    apps = doc.tables["applications"]
    want = tables.expected()["applications"]
    assert {r: {c: cell["raw"] for c, cell in cols.items() if cell["raw"]} for r, cols in apps.items()} == {
        r: {c: v for c, v in cols.items() if v} for r, cols in want.items()}
    assert any("小计 column was assumed" in w for w in doc.warnings)


def test_hybrid_does_not_trade_a_misprinted_total_for_a_reading_that_dodges_the_check() -> None:
    from gdr_nlp.reconcile.tables import TableReading, _preference

    def review(upheld: dict) -> dict:
        number = lambda v: {"kind": "number", "value": v}
        groups = {g: {c: number(0) for c in ("upheld", "corrected", "other", "pending", "total")}
                  for g in ("review", "litigation_direct", "litigation_after_review")}
        groups["review"].update(upheld=upheld, total=number(2))  # the source prints 总计 2 over a single 1
        return groups

    rule = TableReading(review({"kind": "number", "value": 1}), 1.0, [], [])
    dodge = TableReading(review({"kind": "text", "value": None}), 2.0, [], [])  # 1 misread as text: nothing fails
    readings = [("model", {"review_litigation": dodge}), ("rule", {"review_litigation": rule})]
    assert _preference(dodge, "model", readings, "review_litigation", "2021")[0] < \
        _preference(rule, "rule", readings, "review_litigation", "2021")[0]


def test_hybrid_metrics_skip_a_model_metric_over_a_table_cell() -> None:
    from gdr_nlp.document import Span
    from gdr_nlp.reconcile.metrics import reconcile_metrics

    doc = _doc(GEN_HEAD + LAYOUTS["tab_rows"](Tables("2019")) + GEN_TAIL)
    amount = doc.tables["proactive"]["procurement"]["amount"]["span"]
    doc.spans["model"] = [Span(start=amount[0], end=amount[1], label="METRIC")]
    reconcile_metrics(doc, layers=("rule", "model"))
    assert not any(m["span"] == amount for m in doc.metrics)


def test_ocr_garbled_row_labels_take_the_rows_the_official_order_leaves_free() -> None:
    plain = LAYOUTS["one_per_line"](Tables("2019"))
    garbled = _with(_with(_with(plain, "2.重复申请", "2.重复甲清"), "\t行政处罚\n", "\t行攻处罚\n"), "\t行政强制\n", "\t行攻强刺\n")
    got = _doc(GEN_HEAD + garbled + GEN_TAIL).tables
    want = _doc(GEN_HEAD + plain + GEN_TAIL).tables
    for table, row in (("applications", "unprocessed_duplicate"), ("proactive", "penalty"), ("proactive", "coercion")):
        assert {c: v["raw"] for c, v in got[table][row].items()} == {c: v["raw"] for c, v in want[table][row].items()}
    # an ordinal that contradicts the free row's: left out rather than guessed
    wrong = _with(plain, "2.重复申请", "7.重复甲清")
    assert "unprocessed_duplicate" not in _doc(GEN_HEAD + wrong + GEN_TAIL).tables["applications"]


def test_a_garbled_first_row_label_takes_the_first_row() -> None:
    """The table's edge stands in for the missing neighbour (a model layer marks the label and its cells)."""
    text = GEN_HEAD + LAYOUTS["tab_rows"](Tables("2019")) + GEN_TAIL
    ruled = _doc(text)
    garbled = text.replace("一、本年新收政府信息公开申请数量", "一、本牟新收政府信息公开甲清数重")  # every copy the grid repeats
    assert "本年新收" not in garbled
    doc = ReportDocument.from_text(garbled, path="t.txt")
    doc.spans["model"] = [s.model_copy(update={"attrs": {}}) for s in ruled.spans["rule"]
                          if s.label in ("ROW_LABEL", "CELL", "COL_HEADER")]
    doc.spans["rule"] = [s for s in ruled.spans["rule"] if s.label == "SECTION_HEADING"]
    reconcile_sections(doc)  # as in the pipeline: sections place the layer's spans in their tables
    reconcile_tables(doc, layers=("model",))
    assert doc.tables["applications"]["new_received"] == ruled.tables["applications"]["new_received"]


def test_garbled_single_other_row_of_a_2021_report_found_by_the_other_versions_order() -> None:
    head = GEN_HEAD.replace("2020", "2022")
    plain = LAYOUTS["one_per_line"](Tables("2021", "single"))
    garbled = plain.replace("（六）其他处理", "（六）其他处埋")
    want = _doc(head + plain + GEN_TAIL).tables["applications"]["other_handling"]
    got = _doc(head + garbled + GEN_TAIL).tables["applications"]["other_handling"]
    assert {c: v["raw"] for c, v in got.items()} == {c: v["raw"] for c, v in want.items()}


# ---- a cell with a remark in parentheses, on one line or wrapped (issue 9 (d)) -------------------

_REMARK_CELL = {  # layout → (what the 规范性文件 row looks like, the same with 8 carrying a remark)
    "one_per_line": ("\t规范性文件\n\t8\n\t8\n\t95\n", "\t规范性文件\n\t8\n（其中修订6件）\n\t8\n\t95\n"),
    "one_per_line_wrapped": ("\t规范性文件\n\t8\n\t8\n\t95\n", "\t规范性文件\n\t8（其中修\n订6件）\n\t8\n\t95\n"),
    "blank_separated": ("规范性文件\n\n8\n\n8\n\n95\n", "规范性文件\n\n8（其中修订6件）\n\n8\n\n95\n"),
    "tab_rows": ("规范性文件\t8\t8\t95\n", "规范性文件\t8（其中修订6件）\t8\t95\n"),
    "flat_rows": ("规范性文件 8 8 95\n", "规范性文件 8（其中修订6件） 8 95\n"),
    "markdown": ("| 规范性文件 | 8 | 8 | 95 |", "| 规范性文件 | 8（其中修订6件） | 8 | 95 |"),
}


@pytest.mark.issue(9)
@pytest.mark.parametrize("layout", list(_REMARK_CELL))
def test_cell_with_remark_keeps_its_number_and_shifts_nothing(layout: str) -> None:
    plain, remarked = _REMARK_CELL[layout]
    tables = Tables("2019")
    clean = _doc(GEN_HEAD + LAYOUTS[layout](tables) + GEN_TAIL)
    doc = _doc(GEN_HEAD + _with(LAYOUTS[layout](tables), plain, remarked) + GEN_TAIL)
    cell = doc.tables["proactive"]["normative_documents"]["new_made"]
    assert (cell["kind"], cell["value"]) == ("number", 8)
    assert "其中修" in cell["raw"] and cell["raw"].startswith("8")  # the remark stays in the source text
    # every other cell of every table reads as without the remark: nothing shifted
    for table_key, rows in clean.tables.items():
        for row, cols in rows.items():
            for col, want in cols.items():
                if (table_key, row, col) != ("proactive", "normative_documents", "new_made"):
                    got = doc.tables[table_key][row][col]
                    assert (got["kind"], got["value"]) == (want["kind"], want["value"]), (table_key, row, col)


# ---- PDF→markdown conversions that move row labels out of the table (issue 9 (c)) -----------------


def _labels_moved_out(text: str, every: int) -> str:
    """What markitdown makes of some 表三 rows: the numbers as a label-less table row, the label as
    a paragraph after it (every ``every``-th data row; 1 = all)."""
    out, n = [], 0
    for line in text.split("\n"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        label = next((c for c in cells if c and not c[0].isdigit() and c != "/"), "")
        if len(cells) >= 8 and label.startswith(("一、", "二、", "（", "1.", "2.", "3.", "4.", "四、")) and "自然人" not in line:
            n += 1
            if n % every == 0:
                out.append("| | | " + " | ".join(cells[-7:]) + " |")
                out.append(label)
                continue
        out.append(line)
    return "\n".join(out)


@pytest.mark.issue(9)
@pytest.mark.parametrize("every", [1, 3])
def test_labels_moved_after_their_numbers_are_never_silent(every: int) -> None:
    tables = Tables("2019")
    text = _labels_moved_out(LAYOUTS["markdown"](tables), every)
    assert text != LAYOUTS["markdown"](tables)
    doc = _doc(GEN_HEAD + text + GEN_TAIL)
    wrong = []
    for row, cols in tables.expected()["applications"].items():
        for col, want_text in cols.items():
            cell = doc.tables["applications"].get(row, {}).get(col)
            want = parse_cell(want_text)
            if cell is not None and (cell["kind"], cell["value"]) != (want.kind, want.value):
                wrong.append((row, col))
    # rows shifted onto their neighbours' labels: the reading may be wrong, but it says so
    assert not wrong or any(n.startswith("applications") for n in doc.review_notes), wrong[:5]


@pytest.mark.issue(10)
def test_amount_unit_written_after_the_number_by_a_layout_converter() -> None:
    """pdftotext -layout leaves "4627200 元": the unit after the cell, not in it or the header."""
    base = LAYOUTS["space_aligned"](Tables("2019"))
    spaced = _with(base, "政府集中采购   1   91.82万元", "政府集中采购   1   918200   元")
    doc = _doc(HEAD_2020 + spaced + GEN_TAIL)
    cell = doc.tables["proactive"]["procurement"]["amount"]
    assert (cell["value"], cell["unit"], cell["raw"]) == (91.82, "万元", "918200")
    assert any("'918200' is in 元" in w for w in doc.warnings)


def test_a_cell_span_cut_inside_a_number_reads_the_whole_number() -> None:
    """A model CELL span that ends at a sub-word token ('2' of '2102200元') reads the printed number
    and its unit, and two spans of one number are one cell (#10)."""
    from gdr_nlp.reconcile.tables import _whole_number

    text = "政府集中采购\t0\t2102200元\n行政许可\t12\t3.5\n"
    cut = text.index("2102200")
    assert text[slice(*_whole_number(text, cut, cut + 1))] == "2102200元"
    assert text[slice(*_whole_number(text, cut + 2, cut + 7))] == "2102200元"
    dec = text.index("3.5")
    assert text[slice(*_whole_number(text, dec, dec + 1))] == "3.5"
    whole = text.index("12")
    assert _whole_number(text, whole, whole + 2) == (whole, whole + 2)  # a whole number stays as tagged


def test_a_group_label_given_a_blank_row_of_its_own_is_not_the_single_other_row() -> None:
    """PDF → markdown converters may give （六）其他处理 a row of its own with blank cells above its
    1./2./3. rows; that is the group heading, not the single-row variant's data row (#10)."""
    tables = Tables("2021", "split")
    text = LAYOUTS["markdown"](tables)
    first = next(line for line in text.splitlines() if "1.申请人无正当理由" in line)
    blank_row = "| （六）其他处理 | |" + " |" * len(tables.applicant_columns)
    text = text.replace(first, blank_row + "\n" + first.replace("（六）其他处理", "", 1))
    doc = _doc(GEN_HEAD.replace("2020", "2022") + text + GEN_TAIL)
    assert "other_handling" not in doc.tables["applications"]
    assert doc.report["variants"] == []
    for row in ("other_overdue_correction", "other_overdue_fee", "other_reasons"):
        assert set(doc.tables["applications"][row]) == set(tables.applicant_columns)
    assert any("group heading" in w for w in doc.warnings)


def test_digits_glued_to_a_row_label_go_to_review() -> None:
    """A converter moved a quote mark and glued a row's zeros to its label ('…稳定”00000 1 1 1'):
    the blanks placed by the sums look right, so only the label shows the loss (#10 blind run)."""
    text = LAYOUTS["flat_rows"](Tables("2021", "split"))
    row = next(line for line in text.splitlines() if "三安全一稳定" in line)
    label = row[: row.index("稳定") + 3]
    glued = label + "00000 0 0 0"
    doc = _doc(GEN_HEAD.replace("2020", "2022") + text.replace(row, glued) + GEN_TAIL)
    # eight digits for seven cells: the run and the values after it fit no cut, and the row is named
    assert any("00000" in n and "denied_security" in n for n in doc.review_notes), doc.review_notes
    clean = _doc(GEN_HEAD.replace("2020", "2022") + text + GEN_TAIL)
    assert not any("no official label does" in n for n in clean.review_notes)


def test_a_glued_run_and_the_values_after_it_are_one_row() -> None:
    """``…稳定”00000 0 0``: a quote mark moved onto the row's first five cells, the last two apart.
    The spaces are cell boundaries and the run is one digit a cell, so the row reads whole."""
    tables = Tables("2021", "split")
    text = LAYOUTS["flat_rows"](tables)
    row = next(line for line in text.splitlines() if "三安全一稳定" in line)
    assert row.endswith(" 0 0 0 0 0 0 0")  # the generated row is all zeros
    glued = row[: row.index("稳定") + 3] + "00000 0 0"
    doc = _doc(GEN_HEAD.replace("2020", "2022") + text.replace(row, glued) + GEN_TAIL)
    cells = doc.tables["applications"]["denied_security"]
    assert [cell["value"] for cell in cells.values()] == [0] * 7
    assert not any("denied_security" in n for n in doc.review_notes), doc.review_notes


def test_applicant_columns_in_a_header_order_no_sum_can_confirm_go_to_review() -> None:
    """Block-ordered PDF text can write a wrapped header cell out of its place. With a 小计 column the
    header's order is read, but the sums cannot tell 商业企业 from 法律服务机构: an order other than the
    official one is a review note, and the official order none."""
    tables = Tables("2019", subtotal=True)
    text = LAYOUTS["one_per_line"](tables)
    assert "\t商业企业\n" in text and "\t法律服务机构\n" in text
    swapped = text.replace("\t商业企业\n", "\tX\n").replace("\t法律服务机构\n", "\t商业企业\n").replace("\tX\n", "\t法律服务机构\n")
    doc = _doc(GEN_HEAD + swapped + GEN_TAIL)
    note = [n for n in doc.review_notes if "columns read in the header's order" in n]
    assert note and "legal_service, research, social_org, commercial" in note[0], doc.review_notes
    plain = _doc(GEN_HEAD + text + GEN_TAIL)
    assert not any("columns read in the header's order" in n for n in plain.review_notes)


@pytest.mark.issue(10)
def test_a_row_label_standing_again_with_other_numbers_goes_to_review() -> None:
    # 2.重复申请's label printed twice, the second time with other numbers: the row keeps the first and says so
    text = _with(LAYOUTS["markdown"](Tables("2019")), "|  | 3.要求提供公开出版物 |",
                 "|  | 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 5 |\n|  | 3.要求提供公开出版物 |")
    doc = _doc(GEN_HEAD + text + GEN_TAIL)
    assert doc.tables["applications"]["unprocessed_duplicate"]["total"]["value"] == 0
    # a review note (the pipeline's verdict turns each into a reason): the second seven numbers, shown
    assert any(n.startswith("applications.unprocessed_duplicate: the row's label stands again") and "and 2 more" in n
               for n in doc.review_notes)


@pytest.mark.issue(10)
def test_a_footer_number_over_the_running_title_but_not_a_cell_over_it() -> None:
    from gdr_nlp.reconcile.tables import _Pages

    title = "某县人民政府2020年政府信息公开工作年度报告"
    text = LAYOUTS["one_per_line"](Tables("2019"))
    # fpdf2: the page's number at its foot, the title at the next page's head
    footer = _with(text, "\t二、上年结转", f"1\n{title}\n\t二、上年结转")
    doc = ReportDocument.from_text(GEN_HEAD + footer + GEN_TAIL, path="t.txt")
    lines = [doc.text[ln.start : ln.end] for ln in doc.lines]
    assert {lines[i].strip() for i in _Pages(doc)._footers} == {"1"}
    # Chromium through a text converter: the title and its footer 第1页 after a row's last cell; the cell is no footer
    cell = _with(text, "\t二、上年结转", f"\t1\n{title}\n第1页\n\t二、上年结转")
    doc = ReportDocument.from_text(GEN_HEAD + cell + GEN_TAIL, path="t.txt")
    assert _Pages(doc)._footers == set()
