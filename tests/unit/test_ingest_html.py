"""HTML backend: charset sniffing, block text, tables per CONTRIBUTING.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from gdr_nlp.ingest import load

PAGE = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>不应出现的标题</title>
<style>p {{ margin: 0 }} .x {{ color: red }}</style>
<script>var total = "999";</script>
</head>
<body>
<h1>某市人民政府2024年政府信息公开工作年度报告</h1>
<div>一、总体情况</div>
<p>本年主动公开政府信息<span>1</span><span>2</span><b>3</b>条，
其中规范性文件<font>4</font>件。</p>
<p>第一行<br>第二行<br/>第三行</p>
<p>二、主动公开政府信息情况</p>
<table border="1">
  <tr><td colspan="4">第二十条第（一）项</td></tr>
  <tr><th>信息内容</th><th>本年制发件数</th><th>本年废止件数</th><th>现行有效件数</th></tr>
  <tr><td>规章</td><td><span>1</span><span>0</span></td><td>0</td><td>1&nbsp;1</td></tr>
</table>
<p>三、收到和处理政府信息公开申请情况</p>
<table>
  <tr><td rowspan="3">三、本年度<br>办理结果</td><td colspan="2">（一）予以公开</td><td>5</td></tr>
  <tr><td rowspan="2">（三）不予<br>公开</td><td>1.属于国家秘密</td><td>0</td></tr>
  <tr><td><p>2.其他法律行政法规</p><p>禁止公开</p></td><td>1</td></tr>
</table>
<p>五、存在的主要问题</p>
<noscript>请启用脚本</noscript>
</body></html>
"""


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture()
def doc(tmp_path: Path):
    return load(_write(tmp_path, "r.html", PAGE.format(charset="utf-8").encode("utf-8")))


def test_block_text_in_order(doc) -> None:
    lines = doc.text.split("\n")
    assert lines[:4] == [
        "某市人民政府2024年政府信息公开工作年度报告",
        "一、总体情况",
        "本年主动公开政府信息123条， 其中规范性文件4件。",
        "第一行",
    ]
    assert lines[4:7] == ["第二行", "第三行", "二、主动公开政府信息情况"]
    assert doc.source.media_type == "text/html"


def test_scripts_styles_head_dropped(doc) -> None:
    assert "999" not in doc.text and "color" not in doc.text
    assert "不应出现的标题" not in doc.text and "请启用脚本" not in doc.text


def test_tables(doc) -> None:
    lines = doc.text.split("\n")
    i = lines.index("二、主动公开政府信息情况")
    assert lines[i + 1] == ""  # blank line before a table
    assert lines[i + 2] == "\t".join(["第二十条第（一）项"] * 4)  # colspan repeated
    assert lines[i + 3] == "信息内容\t本年制发件数\t本年废止件数\t现行有效件数"
    assert lines[i + 4] == "规章\t10\t0\t1 1"  # digits split across spans joined; nbsp → space
    assert lines[i + 5] == ""  # blank line after
    j = lines.index("三、收到和处理政府信息公开申请情况")
    assert lines[j + 2 : j + 5] == [
        "三、本年度办理结果\t（一）予以公开\t（一）予以公开\t5",
        "三、本年度办理结果\t（三）不予公开\t1.属于国家秘密\t0",
        "三、本年度办理结果\t（三）不予公开\t2.其他法律行政法规禁止公开\t1",
    ]
    assert lines[j + 5] == "" and lines[j + 6] == "五、存在的主要问题"


def test_raw_slice_round_trip(doc) -> None:
    assert doc.raw_slice(0, len(doc.text)) == doc.raw_text
    k = doc.text.index("1 1")
    assert doc.raw_slice(k, k + 3) == "1\xa01"


@pytest.mark.parametrize("charset", ["gbk", "gb2312", "GB18030"])
def test_meta_charset(tmp_path: Path, charset: str) -> None:
    doc = load(_write(tmp_path, "gb.htm", PAGE.format(charset=charset).encode("gb18030")))
    assert "某市人民政府2024年政府信息公开工作年度报告" in doc.text


def test_wrong_meta_charset_falls_back(tmp_path: Path) -> None:
    # declares GBK, is UTF-8: the declared charset does not decode, detection takes over
    doc = load(_write(tmp_path, "lie.html", PAGE.format(charset="gbk").encode("utf-8")))
    assert "某市人民政府2024年政府信息公开工作年度报告" in doc.text


def test_bom_wins(tmp_path: Path) -> None:
    data = "\ufeff".encode("utf-16-le") + PAGE.format(charset="gbk").encode("utf-16-le")
    doc = load(_write(tmp_path, "u16.html", data))
    assert "二、主动公开政府信息情况" in doc.text


def test_fragment_without_html_tag(tmp_path: Path) -> None:
    doc = load(_write(tmp_path, "frag.html", "<p>政府信息公开</p><p>年度<span>报告</span></p>".encode()))
    assert doc.text == "政府信息公开\n年度报告"
    assert doc.warnings == []


def test_nested_table_flattened_into_cell(tmp_path: Path) -> None:
    html = (
        "<p>政府信息公开</p><table><tr><td>甲<table><tr><td>1</td><td>2</td></tr></table></td><td>乙</td></tr></table>"
    )
    doc = load(_write(tmp_path, "nest.html", html.encode()))
    assert doc.text.split("\n")[2] == "甲1 2\t乙"


def test_unclosed_head_does_not_hide_body(tmp_path: Path) -> None:
    html = "<html><head><meta charset='utf-8'><title>标题</title><body><p>政府信息公开</p></body></html>"
    doc = load(_write(tmp_path, "nohead.html", html.encode()))
    assert doc.text == "政府信息公开"


def test_spans_clamped_as_browsers_do(tmp_path: Path) -> None:
    """colspan stops at 1000 and rowspan at 65534 (the HTML standard): a label spanning 1,200 rows
    labels every one of them, and a colspan of 5000 makes 1000 columns, not 5000."""
    rows = "".join(f"<tr><td>{i}</td></tr>" for i in range(1, 1200))
    html = f"<p>政府信息公开</p><table><tr><td rowspan=70000>组</td><td>0</td></tr>{rows}</table>"
    doc = load(_write(tmp_path, "tall.html", html.encode()))
    assert doc.text.count("组\t") == 1200
    wide = "<p>政府信息公开</p><table><tr><td colspan=5000>宽</td></tr><tr><td>1</td></tr></table>"
    doc = load(_write(tmp_path, "wide.html", wide.encode()))
    assert doc.text.split("\n")[2].count("宽") == 1000
