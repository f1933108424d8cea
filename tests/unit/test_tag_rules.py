"""RuleTagger: structure spans against the hand-labelled seeds, and the tokenizer on each layout."""

from __future__ import annotations

import json

import pytest

from gdr_nlp.document import ReportDocument
from gdr_nlp.reconcile.schema import detect_version
from gdr_nlp.tag.rules import RuleTagger, find_section_headings, tokenize_region
from tests.conftest import REPO

SEED_GOLD = [json.loads(line) for line in (REPO / "annotations/seeds.jsonl").read_text(encoding="utf-8").splitlines()]
STRUCTURE = ("TITLE", "SECTION_HEADING", "SUBHEADING", "TABLE_CAPTION", "COL_HEADER", "ROW_LABEL", "CELL")


def _doc(text: str) -> ReportDocument:
    return ReportDocument.from_text(text, path="t.txt")


def _key(label: str, attrs: dict) -> tuple[str, object]:
    return label, {"SECTION_HEADING": attrs.get("key"), "ROW_LABEL": attrs.get("row"), "CELL": attrs.get("kind")}.get(label)


@pytest.mark.parametrize("label", STRUCTURE)
@pytest.mark.parametrize("gold", SEED_GOLD, ids=[g["id"][:3] for g in SEED_GOLD])
def test_structure_spans_match_the_hand_labels(gold: dict, label: str) -> None:
    doc = RuleTagger()(_doc(gold["text"]))
    want = {(s["start"], s["end"], *_key(s["label"], s.get("attrs", {}))) for s in gold["spans"] if s["label"] == label}
    got = {(s.start, s.end, *_key(s.label, s.attrs)) for s in doc.spans["rule"] if s.label == label}
    assert got == want


def test_tokenizer_joins_wrapped_cells_and_skips_group_cell_blanks() -> None:
    text = "\t0\n\n\t\n\t（三）不予\n\n公开\n\t1.属于国家秘密\n\t \n\t0\n"
    tokens = tokenize_region(text, 0, len(text))
    assert [(t.text, t.kind) for t in tokens] == [("0", "number"), ("（三）不予\n\n公开", "text"),
                                                  ("1.属于国家秘密", "text"), (" ", "empty"), ("0", "number")]


def test_tokenizer_label_then_lone_number_is_not_a_wrap() -> None:
    text = "\t行政处罚\n3\n\t9\n"
    assert [t.text for t in tokenize_region(text, 0, len(text))] == ["行政处罚", "3", "9"]


def test_tokenizer_rows_of_cells() -> None:
    text = "规章 0 0 0\n| 2.重复申请 | 0 | | 1 |\n|---|---|\n行政许可\t12\t-2\t\n1.属于国家秘密 0\n"
    got = [(t.text, t.kind) for t in tokenize_region(text, 0, len(text))]
    assert got == [("规章", "text"), ("0", "number"), ("0", "number"), ("0", "number"),
                   ("2.重复申请", "text"), ("0", "number"), ("", "empty"), ("1", "number"),
                   ("行政许可", "text"), ("12", "number"), ("-2", "number"), ("", "empty"),
                   ("1.属于国家秘密", "text"), ("0", "number")]


def test_tokenizer_blank_line_separated_cells() -> None:
    cells = ["规章", "0", "", "3", "规范性文件", "8", "8", "95"]
    text = "".join(f"{c}\n\n" for c in cells)
    tokens = tokenize_region(text, 0, len(text))
    assert [(t.text, t.kind) for t in tokens] == [(c, "text" if not c.isdigit() and c else "number" if c else "empty")
                                                  for c in cells]
    blank = tokens[2]
    assert blank.start == blank.end  # a zero-length CELL where the layout gives no character


# Tables whose cells hold paragraphs, as Chromium's innerText writes them (cell / tab / cell on lines
# of their own; blank cells as tabs with nothing between): the HTML below was written for the test
# and put through the browser (the test after this one repeats that live where Chromium is installed).
SEPARATED_HTML = ("<table><tr><td><p>甲</p></td><td><p>1</p></td><td></td><td><p>3</p></td></tr>"
                  "<tr><td><p>乙</p></td><td></td><td><p>5</p></td><td><p>6</p></td></tr>"
                  "<tr><td><p>丙</p></td><td><p>7</p></td><td><p>8</p></td><td></td></tr>"
                  "<tr><td></td><td><p>7</p></td><td><p></p></td><td><p>9</p></td></tr></table>")
SEPARATED_CELLS = ["甲", "1", "", "3", "乙", "", "5", "6", "丙", "7", "8", "", "", "7", "", "9"]
SEPARATED_INNERTEXT = ("甲\n\n\t\n\n1\n\n\t\t\n\n3\n\n\n\n\n乙\n\n\t\t\n\n5\n\n\t\n\n6\n\n\n\n\n丙\n\n\t\n\n7\n\n"
                       "\t\n\n8\n\n\t\n\t\n\n7\n\n\t\n\n\t\n\n9")


def test_tokenizer_cells_parted_by_tab_lines() -> None:
    tokens = tokenize_region(SEPARATED_INNERTEXT, 0, len(SEPARATED_INNERTEXT))
    assert [t.text for t in tokens] == SEPARATED_CELLS
    assert [t.kind for t in tokens].count("empty") == SEPARATED_CELLS.count("")


def test_tokenizer_cells_parted_by_tab_lines_live_browser(tmp_path) -> None:
    from gdr_nlp.synth import browser, readers

    if not browser.available():
        pytest.skip("Chromium is not installed here")
    page = tmp_path / "t.html"
    page.write_text(f"<html><body>{SEPARATED_HTML}</body></html>", encoding="utf-8")
    text = readers.browser_innertext(page).strip("\n")
    assert [t.text for t in tokenize_region(text, 0, len(text))] == SEPARATED_CELLS


def test_section_headings_skip_table_rows_and_subheadings() -> None:
    text = ("一、总体情况\n（二）主动公开政府信息情况\n主动公开政府信息情况\n\t一、本年新收政府信息公开申请数量\n"
            "三、收到和处理政府信息公开申请情况\n\t四、结转下年度继续办理\n")
    found = find_section_headings(text)
    assert [(k, text[s:e]) for k, s, e in found] == [
        ("overview", "一、总体情况"), ("proactive", "主动公开政府信息情况"), ("applications", "三、收到和处理政府信息公开申请情况")]


def test_cells_carry_kind_and_row_labels_their_row() -> None:
    text = "某局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t/\t\n"
    doc = RuleTagger()(_doc(text))
    row = [s for s in doc.spans["rule"] if s.label == "ROW_LABEL"]
    assert [(text[s.start : s.end], s.attrs.get("row")) for s in row] == [("规章", "regulations")]
    cells = [(text[s.start : s.end], s.attrs["kind"]) for s in doc.spans["rule"] if s.label == "CELL"]
    assert cells == [("1", "number"), ("/", "na"), ("", "empty")]
    headers = {text[s.start : s.end] for s in doc.spans["rule"] if s.label == "COL_HEADER"}
    assert {"本年制发件数", "现行有效件数"} <= headers


def test_version_from_headers_not_year() -> None:
    assert detect_version("本年新制作数量 本年新公开数量 第二十条第（九）项", year=2022) == "2019"
    assert detect_version("本年制发件数 本年废止件数 现行有效件数", year=2020) == "2021"
    assert detect_version("", year=2020) == "2019"
    assert detect_version("", year=2023) == "2021"


def test_part_numbered_section_headings() -> None:
    names = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
             "存在的主要问题及改进情况", "其他需要报告的事项"]
    text = "".join(f"第{'一二三四五六'[i]}部分 {name}\n正文。\n" for i, name in enumerate(names))
    found = find_section_headings(text)
    assert [k for k, _, _ in found] == ["overview", "proactive", "applications", "review_litigation", "problems", "other"]
    assert text[found[1][1] : found[1][2]] == "第二部分 主动公开政府信息情况"


@pytest.mark.parametrize("markup", ["## {}", "# {} ", "**{}**", "### **{}**", "__{}__"])
def test_markdown_heading_markup_around_a_section_heading(markup: str) -> None:
    """PDF/HTML-to-markdown converters write section headings as '## 四、…' or '**二、…**' (#9)."""
    heading = "四、政府信息公开行政复议、行政诉讼情况"
    text = "一、总体情况\n正文。\n" + markup.format(heading) + "\n正文。\n"
    found = find_section_headings(text)
    assert [k for k, *_ in found] == ["overview", "review_litigation"]
    _, start, end = found[1]
    assert text[start:end] == heading
