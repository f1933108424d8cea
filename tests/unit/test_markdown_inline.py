"""Markdown writers' inline markup taken off table cells (gdr_nlp/ingest/markdown_inline.py, issue 10)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gdr_nlp.cli import main
from gdr_nlp.ingest import load
from gdr_nlp.ingest.markdown_inline import clean_cell, clean_heading_attributes, clean_pipe_tables
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one, write_file
from gdr_nlp.synth.routes import run_route
from gdr_nlp.tag.layout import tokenize_region
from tests.conftest import SEED_FILES

PIPE = """前文 **不动**，[也不动]{.mark}。

| 信息内容 | 本年制发件数 | 现行有效件数 |
|---|:--:|---:|
| [规章]{style="font-family:宋体"} | [**3**]{style="font-family:宋体"} | *12* |
| <span style="color:red">行政规范性文件</span> | \\- | [0]{#c1 .num} |
| 其他<br>事项 | **1** 2 | 3\\|4 |

后文 \\- 也不动。"""

CLEAN = """前文 **不动**，[也不动]{.mark}。

| 信息内容 | 本年制发件数 | 现行有效件数 |
|---|:--:|---:|
| 规章 | 3 | 12 |
| 行政规范性文件 | - | 0 |
| 其他<br>事项 | 1 2 | 3\\|4 |

后文 \\- 也不动。"""


def test_pipe_table_cells_lose_their_markup_and_nothing_else_changes() -> None:
    assert clean_pipe_tables(PIPE) == (CLEAN, 3)


def test_cleaned_cells_tokenize_as_numbers_and_labels() -> None:
    table = PIPE[PIPE.index("| 信息"): PIPE.index("\n\n后文")]
    before = [t for t in tokenize_region(table, 0, len(table)) if t.text.startswith("[")]
    assert before and all(t.kind == "text" for t in before)  # why the rules read nothing from such a table
    table = CLEAN[CLEAN.index("| 信息"): CLEAN.index("\n\n后文")]
    tokens = [(t.text, t.kind) for t in tokenize_region(table, 0, len(table))]
    assert ("规章", "text") in tokens and ("3", "number") in tokens and ("12", "number") in tokens
    assert ("0", "number") in tokens and ("-", "na") in tokens


@pytest.mark.parametrize(
    "cell,clean",
    [
        ("[[申请人]{.a}情况]{style=\"x\"}", "申请人情况"),  # a span inside a span
        ("\\*注：不适用\\*", "*注：不适用*"),  # escaped stars are text, not emphasis
        ("3*4*5", "3*4*5"),
        ("__合计__", "合计"),
        ("签名：________", "签名：________"),  # a fill-in blank is not strong emphasis
        ("（四）无<br>1.本机关不掌握", "（四）无<br>1.本机关不掌握"),  # two cells' texts a converter ran together
        ("[第 二十条]{style=\"fon t-family:宋体\"}", "第 二十条"),  # attributes wrapped in a grid cell
        ("总计 {#total}", "总计"),
        ("[见附件]", "[见附件]"),  # brackets without attributes are text
        ("{1,2}", "{1,2}"),
        ("\ue001[规章]{x}\\-", "\ue001规章-"),  # a PDF font's private use character stays as it is
    ],
)
def test_clean_cell(cell: str, clean: str) -> None:
    assert clean_cell(cell) == clean


@pytest.mark.parametrize(
    "text",
    [
        "正文\n| [1]{x} | 2 |\n正文\n",  # one line between bars, no delimiter row: not a table
        "| a | b\n| [1]{x} | 2\n",  # rows not closed by a bar, no delimiter row: not a table
        "正文 **强调** 与 [span]{.c}，不在表中。\n",
        "| 项目 | 数量 |\n|---|---|\n| 规章 | 3 |\n\n| [1]{x} | after a blank line |\n",
    ],
)
def test_text_outside_pipe_tables_is_unchanged(text: str) -> None:
    out, rows = clean_pipe_tables(text)
    assert out == text and rows == 0


def test_rows_between_bars_are_a_table_without_a_delimiter_row() -> None:
    """``pandoc -t jira`` (and textile, org) write a table as rows between bars, no ``|---|`` row."""
    out, rows = clean_pipe_tables("| a | b |\n| [1]{x} | \\-2 |\n正文 [1]{x}\n")
    assert out == "| a | b |\n| 1 | -2 |\n正文 [1]{x}\n" and rows == 1


def test_heading_attribute_block_only() -> None:
    text = "# 某局2023年年度报告 {#某局 style=\"text-align:center\"}\r\n正文 {#x}\n## 二、表 {.c}\n"
    assert clean_heading_attributes(text) == "# 某局2023年年度报告\r\n正文 {#x}\n## 二、表\n"


def test_seed_reports_are_unchanged() -> None:
    for seed in SEED_FILES:
        text = seed.read_text(encoding="utf-8")
        assert clean_pipe_tables(text)[0] == text, seed.name


def test_markdown_file_is_read_exactly_by_the_rules(tmp_path: Path) -> None:
    """A generated report's tables written as pipe tables whose cells are bracketed spans and emphasis."""
    doc = generate_one(0, seed=3131, layouts=BINARY_LAYOUTS)
    rows = load(write_file(doc, tmp_path / "report.html", layout="html")).text.split("\n")
    lines: list[str] = []
    for k, row in enumerate(rows):
        if "\t" not in row:
            lines.append(row)
            continue
        cells = [f'[**{c}**]{{style="font-family:宋体"}}' if c else "" for c in row.split("\t")]
        lines.append("| " + " | ".join(cells) + " |")
        if k == 0 or "\t" not in rows[k - 1]:  # a table's first row is its header: the delimiter row under it
            lines.append("|" + "---|" * len(cells))
    path = tmp_path / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert "pipe table row(s)" in load(path).warnings[-1]
    out = tmp_path / "out"
    assert main(["extract", str(path), "-o", str(out), "--tagger", "rules"]) == 0
    result = json.loads((out / "report.json").read_text(encoding="utf-8"))
    score = score_tables(result["tables"], doc.gold()["tables"])
    assert score.exact, score.mismatches[:3]


@pytest.mark.parametrize("index", [3, 5])
def test_pandoc_pipe_tables_with_spans_read_exactly_by_the_rules(index: int, tmp_path: Path) -> None:
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed here")
    doc = generate_one(index, seed=3131, layouts=BINARY_LAYOUTS)
    path = run_route("html_official>pandoc_markdown", doc, tmp_path / "pandoc")
    assert "]{style=" in path.read_text(encoding="utf-8")  # the markup this is about is there
    assert any("pipe table row(s)" in w for w in load(path).warnings)
    out = tmp_path / "out"
    assert main(["extract", str(path), "-o", str(out), "--tagger", "rules"]) == 0
    result = json.loads((out / f"{path.stem}.json").read_text(encoding="utf-8"))
    score = score_tables(result["tables"], doc.gold()["tables"])
    assert score.exact, score.mismatches[:3]
