"""HTML, DOCX and PDF renderings of a synthetic report (doc-level gold only)."""

from __future__ import annotations

import html as _html
import random
from pathlib import Path
from typing import Any

from gdr_nlp.reconcile import schema
from gdr_nlp.synth.official import html_blocks, para_text
from gdr_nlp.synth.render import grids
from gdr_nlp.synth.tables import TableData


def _widen(cells: list[tuple[str, int, int]], width: int) -> list[tuple[str, int, int]]:
    """The last cell merged across the columns a short row leaves free (the official template's
    single-value 表二 rows span the grid)."""
    text, rs, cs = cells[-1]
    return cells[:-1] + [(text, rs, cs + max(0, width - len(cells)))]


def _table_rows(td: TableData, *, merged_values: bool = False) -> list[tuple[str, list[list[tuple[str, int, int]]]]]:
    """Per table: rows of (text, rowspan, colspan) cells, group labels merged; ``merged_values``:
    a 表二 row with fewer values than the widest one has its last value cell merged across the rest."""
    out = []
    gs = grids(td)
    p_rows: list[list[tuple[str, int, int]]] = []
    width = max(len(g["header"]) for g in gs["proactive"])
    fit = (lambda cells: _widen(cells, width)) if merged_values else (lambda cells: cells)
    for g in gs["proactive"]:
        p_rows.append([(g["caption"], 1, width if merged_values else len(g["header"]))])
        p_rows.append(fit([(h, 1, 1) for h in g["header"]]))
        for labels, _, cells in g["rows"]:
            p_rows.append(fit([(labels[-1], 1, 1)] + [(td.printed[k], 1, 1) for k in cells]))
    out.append(("proactive", p_rows))
    ncol = len(td.app_cols)
    a_rows: list[list[tuple[str, int, int]]] = [[("", 1, 2), ("申请人情况", 1, ncol)]]
    a_rows.append([("", 1, 2)] + [(h, 1, 1) for h in gs["applications"][0]["header"][1:]])
    rows = gs["applications"][0]["rows"]
    i = 0
    while i < len(rows):
        labels, key, cells = rows[i]
        vals = [(td.printed[k], 1, 1) for k in cells]
        rdef = td.app_rows[i]
        if rdef.group and len(labels) == 2:
            n = sum(1 for r in td.app_rows if r.group == rdef.group)
            a_rows.append([(labels[0], n, 1), (labels[1], 1, 1)] + vals)
            for j in range(1, n):
                lab, _, cs = rows[i + j]
                a_rows.append([(lab[-1], 1, 1)] + [(td.printed[k], 1, 1) for k in cs])
            i += n
            continue
        if rdef.group:
            a_rows.append([("", 1, 1), (labels[-1], 1, 1)] + vals)
        else:
            a_rows.append([("".join(labels), 1, 2)] + vals)
        i += 1
    out.append(("applications", a_rows))
    heads = [schema.REVIEW_COLUMNS[c].label for c in schema.REVIEW_COLUMN_KEYS]
    r_rows = [[("行政复议", 1, 5), ("行政诉讼", 1, 10)],
              [("", 1, 5), ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
              [(h, 1, 1) for h in heads * 3],
              [(td.printed[("review_litigation", g, c)], 1, 1) for g in schema.REVIEW_GROUPS for c in schema.REVIEW_COLUMN_KEYS]]
    out.append(("review_litigation", r_rows))
    return out


def write_html(path: Path, blocks: list[tuple], td: TableData, rng: random.Random, *, merged_values: bool = False) -> None:
    tables = dict(_table_rows(td, merged_values=merged_values))
    def table_html(key: str) -> str:
        cells = ["<table border=\"1\">"]
        for row in tables[key]:
            cells.append("<tr>")
            for text, rs, cs in row:
                attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                if text.isdigit() and len(text) > 1 and rng.random() < 0.3:
                    inner = "".join(f"<span>{d}</span>" for d in text)
                else:
                    inner = _html.escape(text)
                cells.append(f"<td{attrs}>{inner}</td>")
            cells.append("</tr>")
        return "".join(cells) + "</table>"

    parts = ["<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>年度报告</title></head><body>"]
    parts += html_blocks(blocks, table_html)
    parts.append("</body></html>")
    path.write_text("".join(parts), encoding="utf-8")


def write_docx(path: Path, blocks: list[tuple], td: TableData) -> None:
    import docx

    d = docx.Document()
    tables = dict(_table_rows(td))
    for block in blocks:
        kind = block[0]
        if kind in ("title", "heading"):
            d.add_paragraph(block[1])
        elif kind == "para":
            d.add_paragraph(para_text(block))
        elif kind == "table":
            rows = tables[block[1]]
            width = sum(cs for _, _, cs in rows[-1]) if block[1] != "proactive" else max(sum(cs for _, _, cs in r) for r in rows)
            width = max(width, max(sum(cs for _, _, cs in r) for r in rows))
            t = d.add_table(rows=len(rows), cols=width)
            t.style = "Table Grid"
            occupied: set[tuple[int, int]] = set()
            grid = t._cells  # once: table.cell() rebuilds the grid per call (merges stay inside their region)
            for ri, row in enumerate(rows):
                ci = 0
                for text, rs, cs in row:
                    while (ri, ci) in occupied:
                        ci += 1
                    if ci >= width:
                        break
                    cell = grid[ri * width + ci]
                    end_r, end_c = min(ri + rs - 1, len(rows) - 1), min(ci + cs - 1, width - 1)
                    if (end_r, end_c) != (ri, ci):
                        cell = cell.merge(grid[end_r * width + end_c])
                    cell.text = text
                    for r2 in range(ri, end_r + 1):
                        for c2 in range(ci, end_c + 1):
                            occupied.add((r2, c2))
                    ci = end_c + 1
    d.save(str(path))


_FONT_READY = False


def _font() -> str:
    global _FONT_READY
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if not _FONT_READY:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        _FONT_READY = True
    return "STSong-Light"


def ttf_font(path: str, index: int = 0) -> str:
    """Register a TrueType/TTC font file with reportlab once; returns its reportlab name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = f"{Path(path).stem}-{index}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
    return name


def write_pdf(path: Path, blocks: list[tuple], td: TableData, agency: str, year: int, *,
              pagesize: tuple[float, float] | None = None, font: str | None = None, body_pt: float = 10.5) -> None:
    """Ruled tables drawn with lines, running header, "- N -" page numbers, tables crossing pages.

    ``pagesize`` (points, default A4), ``font`` (a registered reportlab font, default STSong-Light)
    and ``body_pt`` vary the rendering (issue 10's ``pdf`` renderer draws them per document).
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = font or _font()
    W, H = pagesize or A4
    c = canvas.Canvas(str(path), pagesize=(W, H))
    page = [1]
    y = [H - 70]
    left, right = 50, W - 50

    def new_page() -> None:
        c.setFont(font, 9)
        c.drawCentredString(W / 2, 30, f"- {page[0]} -")
        c.showPage()
        page[0] += 1
        c.setFont(font, 9)
        c.drawCentredString(W / 2, H - 40, f"{agency}{year}年政府信息公开工作年度报告")
        y[0] = H - 70

    c.setFont(font, 9)
    c.drawCentredString(W / 2, H - 40, f"{agency}{year}年政府信息公开工作年度报告")

    def text_line(s: str, size: float = body_pt) -> None:
        per = int((right - left) / size)
        for k in range(0, max(1, len(s)), per):
            if y[0] < 60:
                new_page()
            c.setFont(font, size)
            c.drawString(left, y[0], s[k:k + per])
            y[0] -= size * 1.6

    tables = dict(_table_rows(td))
    for block in blocks:
        kind = block[0]
        if kind in ("title", "heading"):
            text_line(block[1], 13 if kind == "title" else 11)
        elif kind == "para":
            text_line(para_text(block))
        elif kind == "table":
            rows = tables[block[1]]
            width = max(sum(cs for _, _, cs in r) for r in rows)
            total = right - left
            # label columns wide, number columns narrow, so no text is cut
            nlab = {"applications": 2, "proactive": 1}.get(block[1], 0)
            lab_w = total * (0.5 if nlab == 2 else 0.3) / nlab if nlab else 0
            num_w = (total - lab_w * nlab) / (width - nlab)
            xs = [left]
            for ci in range(width):
                xs.append(xs[-1] + (lab_w if ci < nlab else num_w))
            size = 6.5
            occupied: dict[tuple[int, int], bool] = {}
            for ri, row in enumerate(rows):
                placed = []
                ci = 0
                for text, rs, cs in row:
                    while occupied.get((ri, ci)):
                        ci += 1
                    w = xs[min(ci + cs, width)] - xs[ci]
                    per = max(1, int((w - 3) / size))
                    chunks = [text[k:k + per] for k in range(0, len(text), per)] or [""]
                    placed.append((ci, cs, chunks))
                    for r2 in range(ri + 1, ri + rs):
                        for c2 in range(ci, ci + cs):
                            occupied[(r2, c2)] = True
                    ci += cs
                rh = max(len(ch) for _, _, ch in placed) * (size + 2) + 6
                if y[0] - rh < 60:
                    new_page()
                top = y[0]
                for ci, cs, chunks in placed:
                    x0, x1 = xs[ci], xs[min(ci + cs, width)]
                    c.rect(x0, top - rh, x1 - x0, rh)
                    c.setFont(font, size)
                    for li, ch in enumerate(chunks):
                        c.drawString(x0 + 2, top - 4 - size - li * (size + 2), ch)
                for c2 in range(width):  # ruled empty cells under a rowspan
                    if occupied.get((ri, c2)):
                        c.rect(xs[c2], top - rh, xs[c2 + 1] - xs[c2], rh)
                y[0] -= rh
            y[0] -= 10
    c.setFont(font, 9)
    c.drawCentredString(W / 2, 30, f"- {page[0]} -")
    c.showPage()
    c.save()


