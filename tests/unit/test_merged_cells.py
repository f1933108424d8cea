"""A merged HTML/DOCX cell is one cell, its text taken once (issue 9 (b)).

Labels spanning rows or columns are still repeated (each row keeps its label, the reconciler
reads a repeated label once); a spanned number or placeholder is written once, so it can
become neither two cells nor one glued number ("13" over two columns is not "13 13" → 1313).
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from gdr_nlp.ingest import load
from gdr_nlp.pipeline import build_pipeline
from tests.unit.table_layouts import HEAD, TAIL, Tables, tab_rows


def _html_from_rows(text: str) -> str:
    """A page whose tables are the tab-joined rows of ``text`` (one <td> per field)."""
    out, in_table = ["<html><body>"], False
    for line in text.split("\n"):
        if "\t" in line:
            if not in_table:
                out.append("<table>")
                in_table = True
            out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t")) + "</tr>")
            continue
        if in_table:
            out.append("</table>")
            in_table = False
        if line:
            out.append(f"<p>{html.escape(line)}</p>")
    return "\n".join(out + ["</body></html>"])


@pytest.mark.issue(9)
def test_html_spanned_value_written_once_label_repeated(tmp_path: Path) -> None:
    page = ("<html><body><p>三、收到和处理政府信息公开申请情况</p><table>"
            "<tr><td colspan='2'>（七）总计</td><td colspan='2'>13</td><td>0</td></tr>"
            "<tr><td rowspan='2'>（三）不予公开</td><td>1.属于国家秘密</td><td rowspan='2'>7</td><td>/</td><td>1</td></tr>"
            "<tr><td>2.其他法律行政法规禁止公开</td><td>2</td><td>3</td></tr></table></body></html>")
    path = tmp_path / "m.html"
    path.write_text(page, encoding="utf-8")
    lines = load(path).text.split("\n")
    assert "（七）总计\t（七）总计\t13\t0" in lines  # not "13\t13"
    assert "（三）不予公开\t1.属于国家秘密\t7\t/\t1" in lines
    assert "（三）不予公开\t2.其他法律行政法规禁止公开\t2\t3" in lines  # the 7 above is not repeated


@pytest.mark.issue(9)
def test_docx_spanned_value_written_once(tmp_path: Path) -> None:
    from docx import Document

    d = Document()
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = d.add_table(rows=2, cols=4)
    t.cell(0, 0).text = "（七）总计"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "13"  # gridSpan over two value columns
    t.cell(0, 3).text = "13"
    t.cell(1, 0).text = "四、结转下年度继续办理"
    t.cell(1, 1).text = "4"
    t.cell(1, 2).merge(t.cell(1, 3)).text = "无"  # a placeholder spanning: one cell too
    t2 = d.add_table(rows=2, cols=2)
    t2.cell(0, 0).merge(t2.cell(1, 0)).text = "（三）不予公开"  # vMerge label: repeated
    t2.cell(0, 1).merge(t2.cell(1, 1)).text = "8"  # vMerge value: once
    path = tmp_path / "m.docx"
    d.save(str(path))
    lines = load(path).text.split("\n")
    assert "（七）总计\t13\t13" in lines  # the spanned 13 once, then the 总计 cell's own 13
    assert "四、结转下年度继续办理\t4\t无" in lines
    assert "（三）不予公开\t8" in lines and "（三）不予公开" in lines


@pytest.mark.issue(9)
def test_spanned_value_is_not_a_second_cell_the_equations_place_the_row(tmp_path: Path) -> None:
    # （七）总计 10 1 0 0 1 0 12 with 法律服务机构's 1 spanning 其他 too: the old grid repeated it,
    # inventing 其他 = 1; written once, the row has six numbers and the column sums place them
    text = tab_rows(Tables("2019"))
    row = "（七）总计\t（七）总计\t10\t1\t0\t0\t1\t0\t12"
    assert row in text
    page = _html_from_rows(HEAD + text + TAIL).replace(
        "<td>1</td><td>0</td><td>12</td>", "<td colspan='2'>1</td><td>12</td>", 1)
    path = tmp_path / "r.html"
    path.write_text(page, encoding="utf-8")
    doc = build_pipeline(tagger="rules").process(path)
    cells = doc.tables["applications"]["total_processed"]
    assert [cells[c]["value"] for c in ("natural_person", "commercial", "legal_service", "total")] == [10, 1, 1, 12]
    assert (cells["other_org"]["kind"], cells["other_org"]["raw"]) == ("empty", "")
    assert not any(note.startswith("applications") for note in doc.review_notes)
    for cols in doc.tables["applications"].values():
        assert all(c["value"] is None or c["value"] < 1000 for c in cols.values())  # nothing glued
