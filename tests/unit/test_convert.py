"""Converter families (gdr_nlp/synth/convert.py): the compositions written here, and clean
failures when a tool is missing. The real tools run in tests/integration/test_trust_classes.py."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from gdr_nlp.errors import ConverterError
from gdr_nlp.synth import convert as conv

HTML = """<html><body><h2>二、主动公开政府信息情况</h2><table>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">13</td></tr>
<tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td></td><td>2</td></tr>
<tr><td>2.其他</td><td>4</td><td></td></tr>
</table><p>正文　结束</p></body></html>"""


def test_web_paste_drops_blank_cells_and_collapses_whitespace(tmp_path: Path) -> None:
    path = tmp_path / "r.html"
    path.write_text(HTML, encoding="utf-8")
    lines = conv.convert("web_paste", path).splitlines()
    assert "行政许可 13" in lines  # the merged cell once
    assert "（三）不予公开 1.属于国家秘密 2" in lines  # the blank cell is gone: 2 lands next to the label
    assert "2.其他 4" in lines
    assert "正文 结束" in lines


def test_markdown_table_pasted() -> None:
    text = "| 信息内容 | 本年制发件数 |  | 现行有效件数 |\n|---|---|---|---|\n| 规章 | 0 |  | 5 |\n"
    assert conv.paste_into_web_form(text) == "信息内容 本年制发件数 现行有效件数\n规章 0 5\n"


def test_html_spans_repeated_glues_a_merged_cell(tmp_path: Path) -> None:
    path = tmp_path / "r.html"
    path.write_text(HTML, encoding="utf-8")
    lines = conv.convert("html_spans_repeated", path).splitlines()
    assert "行政许可 13 13 13" in lines
    # the rowspan label repeats on the row it covers, blank cells stay blank
    assert "（三）不予公开 2.其他 4" in lines


def test_missing_pdftotext_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    monkeypatch.setattr(conv.shutil, "which", lambda name: None)
    assert not conv.available("pdftotext_layout")
    with pytest.raises(ConverterError) as err:
        conv.convert("pdftotext_layout", pdf)
    assert str(err.value) == f"[E060] {pdf}: converter 'pdftotext_layout' needs pdftotext, which is not installed (apt-get install poppler-utils)"


def test_missing_python_tool_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "markitdown", None)  # what an environment without it gives: ImportError
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(ConverterError) as err:
        conv.convert("markitdown", pdf)
    assert str(err.value) == (f"[E060] {pdf}: converter 'markitdown' needs markitdown[pdf], which is not installed "
                              "(pip install -e '.[synth]')")


def test_wrong_input_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(ConverterError, match=r"\[E061\] .*r.txt: converter 'pymupdf4llm' failed \(reads pdf only\)"):
        conv.convert("pymupdf4llm", path)


def test_pdftotext_failure_names_the_file(tmp_path: Path) -> None:
    if not conv.available("pdftotext_raw"):
        pytest.skip("pdftotext is not installed")
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(b"not a pdf at all")
    with pytest.raises(ConverterError, match=r"^\[E061\] .*broken.pdf: converter 'pdftotext_raw' failed"):
        conv.convert("pdftotext_raw", pdf)


def test_written_output_keeps_the_input(tmp_path: Path) -> None:
    path = tmp_path / "r.html"
    path.write_text(HTML, encoding="utf-8")
    out = conv.convert("web_paste", path, tmp_path / "out")
    assert out == tmp_path / "out" / "r.web_paste.txt" and Path(out).read_text(encoding="utf-8").startswith("二、")
    assert path.read_text(encoding="utf-8") == HTML
