"""Space-aligned layout text (what pdftotext -layout and other layout-mode extractors write, issue 10):
a 表三 typed here with its values, its cells placed at x positions by spaces, long row labels
wrapped in their column, group labels stacked in a column of their own; each class of mess is
read into the values typed below, or flagged."""

from __future__ import annotations

import pytest

from gdr_nlp.document import ReportDocument
from gdr_nlp.reconcile.schema import TABLES
from gdr_nlp.reconcile.sections import reconcile_sections
from gdr_nlp.reconcile.tables import reconcile_tables
from gdr_nlp.tag.rules import RuleTagger

HEAD = "某县人民政府2021年政府信息公开工作年度报告\n一、总体情况\n本年度工作正常开展。\n三、收到和处理政府信息公开申请情况\n\n"
TAIL = "\n四、因政府信息公开工作被申请行政复议、行政诉讼情况\n\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
ROWS = TABLES["2021"]["applications"].rows
GROUPS = {"granted": "三、本年度办理结果", "denied_state_secret": "（三）不予公开", "unable_not_held": "（四）无法提供",
          "unprocessed_complaint": "（五）不予处理", "other_overdue_correction": "（六）其他处理"}
# hand-typed values (7 columns); each row adds up, the column totals are the （七）总计 row
VALUES = {row.key: [0, 0, 0, 0, 0, 0, 0] for row in ROWS}
VALUES.update(new_received=[13, 2, 0, 1, 0, 0, 16], granted=[6, 1, 0, 0, 0, 0, 7], partial=[2, 0, 0, 0, 0, 0, 2],
              unable_not_held=[3, 1, 0, 0, 0, 0, 4], other_overdue_correction=[1, 0, 0, 0, 0, 0, 1],
              other_overdue_fee=[0, 0, 2, 0, 0, 0, 2], total_processed=[12, 2, 2, 0, 0, 0, 16])


def _wrap(label: str, width: int) -> list[str]:
    return [label[i : i + width] for i in range(0, len(label), width)]


def _numbers(values: list[int]) -> str:
    return "".join(f"{v:>6}" for v in values)


def _layout(*, width: int, numbers_on: str, blank_between: bool) -> str:
    """表三 as a layout-mode extractor writes it: group column 8 wide, label column ``width`` wide
    (labels wrapped in it), then the numbers; a wrapped row's numbers stand on its first line
    (``first``) or on its middle line (``middle``, a vertically centred cell)."""
    head = " " * 10 + " " * width + "".join(f"{h:>6}" for h in ("自然人", "商业企业", "科研机构", "社会公益", "法律服务", "其他", "总计"))
    lines = [" " * 10 + "申请人情况", head, " " * (10 + width) + " " * 18 + f"{'组织':>6}{'机构':>6}", ""]
    for row in ROWS:
        parts = _wrap(row.label, width)
        at = 0 if numbers_on == "first" or len(parts) < 3 else 1
        group = GROUPS.get(row.key, "")
        for k, part in enumerate(parts):
            left = group if k == 0 else ""
            line = f"{left:<8}  " + f"{part:<{width}}"
            lines.append((line + _numbers(VALUES[row.key])) if k == at else line.rstrip())
        if blank_between:
            lines.append("")
    return HEAD + "\n".join(lines) + TAIL


def _read(text: str) -> dict:
    doc = RuleTagger()(ReportDocument.from_text(text, path="t.txt"))
    reconcile_sections(doc)
    reconcile_tables(doc)
    return doc.tables["applications"]


def _values(table: dict) -> dict[str, list[int | None]]:
    keys = list(TABLES["2021"]["applications"].columns)
    return {row: [table.get(row, {}).get(c, {}).get("value") for c in keys] for row in VALUES}


@pytest.mark.parametrize("numbers_on", ["first", "middle"])
@pytest.mark.parametrize("blank_between", [True, False])
def test_wrapped_row_labels_in_layout_text_read_whole(numbers_on: str, blank_between: bool) -> None:
    # width 14: 1.申请人无正当理由逾期不补正… wraps over 3 lines, 5.要求行政机关确认… over 2
    text = _layout(width=14, numbers_on=numbers_on, blank_between=blank_between)
    assert any(line.strip() == "息公开申请" for line in text.splitlines())  # the labels do wrap
    assert _values(_read(text)) == VALUES


def test_label_wrapped_around_a_line_of_numbers_alone() -> None:
    # a vertically centred cell: label line, then the numbers with no label beside them, then the rest
    body = ("          1.本机关不掌握相关政府信\n" + " " * 26 + _numbers([3, 1, 0, 0, 0, 0, 4]) + "\n"
            "  （四）            息\n")
    text = _layout(width=40, numbers_on="first", blank_between=True)
    lines = text.split("\n")
    i = next(k for k, line in enumerate(lines) if "1.本机关不掌握相关政府信息" in line)
    lines[i] = body.rstrip("\n")
    got = _values(_read("\n".join(lines)))
    assert got["unable_not_held"] == VALUES["unable_not_held"]
    assert got == VALUES


def test_stacked_group_label_between_the_lines_of_a_wrapped_label() -> None:
    # the group label （六）其他处理 stacked in its own column, its pieces between the row label's lines
    rows = ["  （六）      2.申请人逾期未按收",
            "  其他处理",
            "              费通知要求缴纳费用、行" + _numbers(VALUES["other_overdue_fee"]),
            "              政机关不再处理其政府信",
            "                息公开申请"]
    text = _layout(width=60, numbers_on="first", blank_between=True)
    lines = text.split("\n")
    i = next(k for k, line in enumerate(lines) if "2.申请人逾期未按收费通知" in line)
    lines[i : i + 1] = rows
    assert _values(_read("\n".join(lines))) == VALUES


def test_stacked_header_with_subtotal_column_gives_eight_columns() -> None:
    # 社会公益 / 组织 stacked over two lines beside whole header words: the 小计 column is read, so
    # eight numbers are eight cells (not 13 and 0 joined into one of seven)
    header = ("                              自然人   商业企业 科研机构  社会公益  法律服务  其他    小计   总计\n"
              "                                                  组织    机构\n\n")
    row = "一、本年新收政府信息公开申请数量              13    0    0     0     0     10    10   23\n"
    text = HEAD + "                                              申请人情况\n\n" + header + row + TAIL
    got = _read(text)["new_received"]
    assert {c: got[c]["value"] for c in ("natural_person", "other_org", "legal_person_subtotal", "total")} == {
        "natural_person": 13, "other_org": 10, "legal_person_subtotal": 10, "total": 23}


def test_running_header_under_a_label_in_text_without_columns_is_not_part_of_it() -> None:
    # no space alignment (pdftotext -raw): the page's running header under a row is not its label
    rows = "\n".join(f"{row.label}\n{' '.join(map(str, VALUES[row.key]))}" for row in ROWS)
    text = HEAD + "申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n" + rows + TAIL
    text = text.replace("1.本机关不掌握相关政府信息\n3 1 0 0 0 0 4\n",
                        "1.本机关不掌握相关政府信息\n3 1 0 0 0 0 4\n某县人民政府2021年政府信息公开工作年度报告\n- 2 -\n")
    doc = RuleTagger()(ReportDocument.from_text(text, path="t.txt"))
    header = text.index("某县人民政府2021年政府信息公开工作年度报告", 10)
    assert not any(s.label == "ROW_LABEL" and s.attrs.get("row") and s.start <= header < s.end for s in doc.spans["rule"])
    reconcile_sections(doc)
    reconcile_tables(doc)
    assert _values(doc.tables["applications"]) == VALUES


def test_one_digit_glued_to_a_wrapped_label_is_its_first_cell() -> None:
    # the space between a label's last character and the row's first cell lost (…重新出具0), the
    # label wrapped under the numbers; a longer glued run (”10000    0   1) that no cut fits is named
    text = _layout(width=60, numbers_on="first", blank_between=True)
    lines = text.split("\n")
    i = next(k for k, line in enumerate(lines) if "5.要求行政机关确认或重新出具已获取信息" in line)
    lines[i : i + 1] = ["          5.要求行政机关确认或重新出具0  0  0  0  0  0  0", "            已获取信息"]
    assert _values(_read("\n".join(lines))) == VALUES
    j = next(k for k, line in enumerate(lines) if "3.危及“三安全一稳定”" in line)
    lines[j] = "          3.危及“三安全一稳定         ”10000    0   1"
    doc = RuleTagger()(ReportDocument.from_text("\n".join(lines), path="t.txt"))
    reconcile_sections(doc)
    reconcile_tables(doc)
    assert any("denied_security" in note and "10000" in note for note in doc.review_notes)


def _pad(text: str, width: int = 110) -> str:
    """Every line of the table padded with spaces to the page's width (pdfplumber's layout mode),
    blank lines too."""
    head, rest = text.split("申请人情况", 1)
    table, tail = rest.split("\n四、", 1)
    return head + "\n".join(f"{line:<{width}}" for line in ("申请人情况" + table).split("\n")) + "\n四、" + tail


@pytest.mark.parametrize("numbers_on", ["first", "middle"])
def test_lines_of_spaces_between_the_pieces_of_a_label_are_blank_lines(numbers_on: str) -> None:
    # Chromium-printed PDFs read in layout mode: a line of spaces between each line of a wrapped
    # label and its numbers (a vertically centred cell); such a line is a blank line, not an empty cell
    text = _layout(width=14, numbers_on=numbers_on, blank_between=True)
    head, rest = text.split("申请人情况", 1)
    table, tail = rest.split("\n四、", 1)
    spaced = "\n\n".join(line for line in table.split("\n") if line.strip())
    text = _pad(head + "申请人情况" + spaced + "\n\n四、" + tail)
    assert any(line.strip() == "" and line for line in text.splitlines())  # the blank lines are spaces
    assert _values(_read(text)) == VALUES


def test_page_break_inside_a_wrapped_label() -> None:
    # a page ends inside a row's wrapped label: blank lines, the page number, the next page's running
    # header (the report's title, wider than the label's column), then the rest of the label
    text = _layout(width=14, numbers_on="middle", blank_between=True)
    lines = text.split("\n")
    i = next(k for k, line in enumerate(lines) if "2.申请人逾期未按收费" in line)
    assert lines[i + 2].strip() == "其政府信息公开申请"  # the label's last line, under its numbers
    brk = ["", "", "                          第5页 共10页", "", "    某县人民政府2021年政府信息公开工作年度报告", "", ""]
    lines[i + 2 : i + 2] = brk
    text = _pad("\n".join(lines))
    assert _values(_read(text)) == VALUES
    doc = RuleTagger()(ReportDocument.from_text(text, path="t.txt"))
    header = text.index("某县人民政府2021年政府信息公开工作年度报告", 10)
    assert not any(s.label == "ROW_LABEL" and s.attrs.get("row") and s.start <= header < s.end for s in doc.spans["rule"])
    rest = text.index("其政府信息公开申请")  # the label's rest, past the page break, is tagged as the row's
    assert any(s.attrs.get("row") == "other_overdue_fee" and s.start <= rest < s.end for s in doc.spans["rule"])
