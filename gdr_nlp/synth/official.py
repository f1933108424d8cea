"""The official table grids as the 2021 template lays them out, and the documents built on them
(issue 10): DOCX written with python-docx, HTML with rowspan/colspan as government sites publish
it, and the PDFs made from those by LibreOffice and Chromium.

The grid follows ``official_template_2021.docx`` (its rows, merges, header rows and column
widths; never copied: the structure is rebuilt here from the schema, and a test compares the two).
The 2019 counterpart is the same construction with the 2019 labels and columns of the schema.
Every variation (fonts, page size, header/footer wording) comes from a ``random.Random`` the
caller derives from the route and the document id, so each rendering is reproducible.
"""

from __future__ import annotations

import html as _html
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gdr_nlp.reconcile import schema
from gdr_nlp.synth.render import grids
from gdr_nlp.synth.tables import TableData

# the note the template writes in 表三's top-left corner (an official label)
APPLICATIONS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
# 表四 header words the template breaks over two lines inside the cell
_BROKEN = {"结果纠正": "结果\n纠正", "其他结果": "其他\n结果", "尚未审结": "尚未\n审结", "结果维持": "结果\n维持"}
# template column widths in EMU (A4, 1.25" margins: 6 184 900 EMU of text width)
TEXT_WIDTH = 6184900
_APP_LABEL_WIDTHS = (478790, 584835, 2077085)


@dataclass(frozen=True)
class GridCell:
    """One cell of the official grid: what it shows and the grid positions it covers."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    value: bool = False  # a number/blank cell of the data, not a label


Grid = list[list[GridCell]]


@dataclass(frozen=True)
class OfficialTable:
    """A table of the official template: its rows and its column widths (EMU)."""

    key: str  # proactive | applications | review_litigation
    rows: Grid
    widths: tuple[int, ...]


def _v(td: TableData, key: tuple[str, str, str], colspan: int = 1) -> GridCell:
    return GridCell(td.printed[key], 1, colspan, True)


def _proactive(td: TableData) -> OfficialTable:
    """表二: per 第二十条 item a caption row across the grid, a header row, then its rows; a row
    with fewer columns than the grid has its last cell merged across the rest (as the template)."""
    gs = grids(td)["proactive"]
    width = max(len(g["header"]) for g in gs)
    rows: Grid = []

    def fit(cells: list[GridCell]) -> list[GridCell]:
        last = cells[-1]
        return cells[:-1] + [GridCell(last.text, 1, last.colspan + width - len(cells), last.value)]

    for g in gs:
        rows.append([GridCell(g["caption"], 1, width)])
        rows.append(fit([GridCell(h) for h in g["header"]]))
        for labels, _, keys in g["rows"]:
            rows.append(fit([GridCell(labels[-1])] + [_v(td, k) for k in keys]))
    return OfficialTable("proactive", rows, (TEXT_WIDTH // width,) * width)


def _applications(td: TableData) -> OfficialTable:
    """表三: the corner note over three header rows, 申请人情况 / 自然人 · 法人或其他组织 · 总计 /
    the legal-person columns; 三、本年度办理结果 merged down its rows, each （N） group down its items."""
    heads = grids(td)["applications"][0]["header"][1:]
    ncol = len(heads)
    rows: Grid = [
        [GridCell(APPLICATIONS_NOTE, 3, 3), GridCell("申请人情况", 1, ncol)],
        [GridCell(heads[0], 2, 1), GridCell("法人或其他组织", 1, ncol - 2), GridCell(heads[-1], 2, 1)],
        [GridCell(h) for h in heads[1:-1]],
    ]
    app_rows = td.app_rows
    keys = [r.key for r in app_rows]
    n_results = keys.index("total_processed") - keys.index("granted") + 1
    for i, r in enumerate(app_rows):
        vals = [_v(td, ("applications", r.key, c)) for c in td.app_cols]
        if r.key == "granted":
            rows.append([GridCell("三、本年度办理结果", n_results, 1), GridCell(r.label, 1, 2)] + vals)
        elif r.group and (i == 0 or app_rows[i - 1].group != r.group):
            n = sum(1 for x in app_rows if x.group == r.group)
            rows.append([GridCell(r.group, n, 1), GridCell(r.label)] + vals)
        elif r.group:
            rows.append([GridCell(r.label)] + vals)
        elif keys.index("granted") < i <= keys.index("total_processed"):
            rows.append([GridCell(r.label, 1, 2)] + vals)
        else:
            rows.append([GridCell(r.label, 1, 3)] + vals)
    value_w = (TEXT_WIDTH - sum(_APP_LABEL_WIDTHS)) // ncol
    return OfficialTable("applications", rows, _APP_LABEL_WIDTHS + (value_w,) * ncol)


def _review(td: TableData) -> OfficialTable:
    """表四: 行政复议 over five columns, 行政诉讼 over ten split in two groups, one row of values."""
    heads = [schema.REVIEW_COLUMNS[c].label for c in schema.REVIEW_COLUMN_KEYS]
    groups = list(schema.REVIEW_GROUPS.values())
    rows: Grid = [
        [GridCell(groups[0], 1, 5), GridCell("行政诉讼", 1, 10)],
        [GridCell(_BROKEN.get(h, h) if h != "结果维持" else h, 2, 1) for h in heads]
        + [GridCell(groups[1], 1, 5), GridCell(groups[2], 1, 5)],
        [GridCell(_BROKEN.get(h, h)) for h in heads * 2],
        [_v(td, ("review_litigation", g, c)) for g in schema.REVIEW_GROUPS for c in schema.REVIEW_COLUMN_KEYS],
    ]
    return OfficialTable("review_litigation", rows, (TEXT_WIDTH // 15,) * 15)


def official_tables(td: TableData) -> dict[str, OfficialTable]:
    """The three official tables of a report, keyed by table."""
    return {t.key: t for t in (_proactive(td), _applications(td), _review(td))}


def para_text(block: tuple) -> str:
    return "".join(t for t, _, _ in block[1])


def html_blocks(blocks: list[tuple], table_html: Callable[[str], str], *, title: str = "<h1>", heading: str = "h2") -> list[str]:
    """A report's blocks as HTML elements, the tables by ``table_html(table key)`` (each renderer
    draws its own grid)."""
    tag = {"title": title, "heading": f"<{heading}>"}
    out = []
    for block in blocks:
        kind = block[0]
        if kind in tag:
            close = "</h1>" if kind == "title" else f"</{heading}>"
            out.append(f"{tag[kind]}{_html.escape(block[1])}{close}")
        elif kind == "para":
            out.append(f"<p>{_html.escape(para_text(block))}</p>")
        elif kind == "table":
            out.append(table_html(block[1]))
    return out


# ---- HTML ----------------------------------------------------------------------------------

_PAGE_SIZES = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0), "B5": (6.93, 9.84), "A5": (5.83, 8.27), "Legal": (8.5, 14.0)}
"""Paper sizes in inches (what Chromium's printToPDF takes)."""


def cjk_fonts() -> list[str]:
    """Installed font families that cover Chinese (``fc-list :lang=zh``), sorted; [] without fontconfig."""
    import shutil
    import subprocess

    exe = shutil.which("fc-list")
    if exe is None:
        return []
    out = subprocess.run([exe, ":lang=zh", "family"], capture_output=True, timeout=30).stdout.decode("utf-8", "replace")
    return sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})


def cjk_font_files() -> list[tuple[str, int]]:
    """Installed TrueType faces that cover Chinese, as (file, face index) reportlab can embed; sorted."""
    import shutil
    import subprocess

    exe = shutil.which("fc-list")
    if exe is None:
        return []
    out = subprocess.run([exe, ":lang=zh", "file", "index"], capture_output=True, timeout=30).stdout.decode("utf-8", "replace")
    faces = set()
    for line in out.splitlines():
        file, _, index = line.partition(":")
        digits = "".join(ch for ch in index if ch.isdigit())
        if file.lower().endswith((".ttf", ".ttc")):  # reportlab cannot embed CFF (.otf) outlines
            faces.add((file.strip(), int(digits or 0)))
    return sorted(faces)


def write_html(path: Path, blocks: list[tuple], td: TableData, rng: random.Random, *,
               font: str = "SimSun", size_pt: float = 12.0, page: str = "A4") -> Path:
    """The report as a government site publishes it: headings and paragraphs, the tables as the
    official rowspan/colspan grid with inline widths; ``page`` only sets CSS ``@page`` (print)."""
    tables = official_tables(td)
    indent = rng.choice(("2em", "0"))
    word = rng.random() < 0.5  # saved from Word, as many sites publish: <p class=MsoNormal><span> in cells, &nbsp; blanks
    css = (f"@page {{ size: {page}; }} body {{ font-family: '{font}', serif; font-size: {size_pt}pt; }} "
           f"p {{ text-indent: {indent}; line-height: 1.6; }} "
           "table { border-collapse: collapse; } td { border: 1px solid #000; padding: 2px 3px; text-align: center; "
           f"font-size: {max(8.0, size_pt - 2)}pt; }}")
    parts = ["<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>政府信息公开工作年度报告</title>",
             f"<style>{css}</style></head><body>"]
    parts += html_blocks(blocks, lambda key: _html_table(tables[key], word=word), title="<h1 style=\"text-align:center\">",
                         heading="h3")
    parts.append("</body></html>")
    path.write_text("".join(parts), encoding="utf-8")
    return path


def _html_table(table: OfficialTable, *, word: bool = False) -> str:
    total = sum(table.widths)
    cols = "".join(f"<col style=\"width:{100 * w / total:.1f}%\">" for w in table.widths)
    out = [f"<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" style=\"width:100%\"><colgroup>{cols}</colgroup>"]
    for row in table.rows:
        out.append("<tr>")
        for cell in row:
            attrs = (f" rowspan=\"{cell.rowspan}\"" if cell.rowspan > 1 else "") + \
                    (f" colspan=\"{cell.colspan}\"" if cell.colspan > 1 else "")
            if word:
                inner = "".join(f"<p class=\"MsoNormal\" align=\"center\"><span style=\"font-family:宋体\">{_html.escape(part)}</span></p>"
                                for part in cell.text.split("\n")) if cell.text else "<p class=\"MsoNormal\">&nbsp;</p>"
            else:
                inner = "<br>".join(_html.escape(part) for part in cell.text.split("\n"))
            out.append(f"<td{attrs}>{inner}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def paper(rng: random.Random) -> str:
    """A paper size name of :data:`_PAGE_SIZES`, A4 most often (as published)."""
    return rng.choice(("A4", "A4", "A4", "Letter", "B5", "A5", "Legal"))


def print_params(rng: random.Random, title: str, page: str) -> dict[str, object]:
    """Chromium ``Page.printToPDF`` settings: ``page`` paper, a running header and page numbers."""
    w, h = _PAGE_SIZES[page]
    footer = rng.choice(("- <span class=\"pageNumber\"></span> -", "第<span class=\"pageNumber\"></span>页",
                         "第<span class=\"pageNumber\"></span>页 共<span class=\"totalPages\"></span>页"))
    style = "font-size:9px;width:100%;text-align:center;"
    return {
        "paperWidth": w, "paperHeight": h, "marginTop": 0.8, "marginBottom": 0.8,
        "marginLeft": rng.choice((0.6, 0.8, 1.0)), "marginRight": rng.choice((0.6, 0.8, 1.0)),
        "displayHeaderFooter": True, "printBackground": False, "preferCSSPageSize": False,
        "headerTemplate": f"<div style=\"{style}\">{_html.escape(title)}</div>",
        "footerTemplate": f"<div style=\"{style}\">{footer}</div>",
    }


__all__ = ["APPLICATIONS_NOTE", "GridCell", "OfficialTable", "cjk_font_files", "cjk_fonts", "official_tables", "paper", "print_params", "write_html"]
