"""DOCX backend: body order, merged cells, the official 2021 template."""

from __future__ import annotations

from pathlib import Path

import pytest

from gdr_nlp.ingest import load

DOCX_MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture()
def generated(tmp_path: Path) -> Path:
    from docx import Document

    d = Document()
    d.add_paragraph("某县人民政府2024年政府信息公开工作年度报告")
    p = d.add_paragraph("一、总体情况")
    p.add_run("[bookmark: _GoBack]")  # text-export artifact typed into the body
    d.add_paragraph("本年主动公开信息\u00a0１２条。")
    d.add_paragraph("二、主动公开政府信息情况")
    t = d.add_table(rows=3, cols=4)
    t.cell(0, 0).merge(t.cell(0, 3)).text = "第二十条第（一）项"
    for i, label in enumerate(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        t.cell(1, i).text = label
    for i, value in enumerate(["规章", "1", "", "3"]):
        t.cell(2, i).text = value
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t2 = d.add_table(rows=3, cols=3)
    side = t2.cell(0, 0).merge(t2.cell(2, 0))  # vMerge
    side.text = "三、本年度办理结果"
    t2.cell(0, 1).text = "（一）予以公开"
    t2.cell(0, 2).text = "5"
    cell = t2.cell(1, 1)
    cell.text = "（二）部分公开（区分处理的，"
    cell.add_paragraph("只计这一情形，不计其他情形）")  # wrapped over two paragraphs
    t2.cell(1, 2).text = "2"
    t2.cell(2, 1).text = "（七）总计"
    t2.cell(2, 2).text = "7"
    d.add_paragraph("六、其他需要报告的事项")
    path = tmp_path / "gen.docx"
    d.save(str(path))
    return path


def test_generated_docx(generated: Path) -> None:
    doc = load(generated)
    assert doc.source.media_type == DOCX_MEDIA
    lines = doc.text.split("\n")
    assert lines[:4] == [
        "某县人民政府2024年政府信息公开工作年度报告",
        "一、总体情况",
        "本年主动公开信息 12条。",
        "二、主动公开政府信息情况",
    ]
    assert lines[4] == ""
    assert lines[5] == "\t".join(["第二十条第（一）项"] * 4)
    assert lines[6] == "信息内容\t本年制发件数\t本年废止件数\t现行有效件数"
    assert lines[7] == "规章\t1\t\t3"
    assert lines[8] == ""
    assert lines[9] == "三、收到和处理政府信息公开申请情况"
    assert lines[11:14] == [
        "三、本年度办理结果\t（一）予以公开\t5",
        "三、本年度办理结果\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t2",
        "三、本年度办理结果\t（七）总计\t7",
    ]
    assert lines[14:] == ["", "六、其他需要报告的事项"]
    assert doc.raw_slice(0, len(doc.text)) == doc.raw_text
    assert "[bookmark: _GoBack]" in doc.raw_text


def test_official_template(realdev: Path) -> None:
    path = realdev / "official_template_2021.docx"
    if not path.exists():
        pytest.skip("official template absent")
    doc = load(path)
    lines = doc.text.split("\n")
    cells = [line.split("\t") for line in lines]

    def row(label: str) -> list[str]:
        found = [c for c in cells if label in c]
        assert found, label
        return found[0]

    # 表二: caption and header rows, label rows with (empty) value cells
    assert row("第二十条第（一）项") == ["第二十条第（一）项"] * 4
    assert row("信息内容")[:4] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert row("行政规范性文件")[0] == "行政规范性文件" and len(row("行政规范性文件")) == 4
    assert row("行政事业性收费")[0] == "行政事业性收费"
    assert ["信息内容"] + ["本年收费金额（单位：万元）"] * 3 in cells
    # 表三: merged side label repeated on every row, wrapped header cells joined
    assert row("商业企业")[3:] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert row("一、本年新收政府信息公开申请数量")[:3] == ["一、本年新收政府信息公开申请数量"] * 3
    assert len(row("一、本年新收政府信息公开申请数量")) == 10
    assert row("1.属于国家秘密")[:3] == ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"]
    assert row("3.补正后申请内容仍不明确")[:2] == ["三、本年度办理结果", "（四）无法提供"]
    assert row("（七）总计")[0] == "三、本年度办理结果"
    assert row("四、结转下年度继续办理")[0] == "四、结转下年度继续办理"
    # 表四: two header rows of 15 cells
    header = row("未经复议直接起诉")
    assert len(header) == 15 and header[0] == "结果维持" and header[10] == "复议后起诉"
    assert row("行政复议")[:5] == ["行政复议"] * 5
    # tables are surrounded by blank lines
    i = next(k for k, line in enumerate(lines) if line.startswith("行政复议\t"))
    assert lines[i - 1] == ""
    assert doc.raw_slice(0, len(doc.text)) == doc.raw_text
