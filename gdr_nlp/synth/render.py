"""Text layouts of the three tables, and a raw-text builder that records labelled spans."""

from __future__ import annotations

import json
import random
from typing import Any, Callable

from gdr_nlp.reconcile import schema
from gdr_nlp.synth.tables import Key, TableData

_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


class Builder:
    """Appends raw text and records spans as raw offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.n = 0
        self.spans: list[dict[str, Any]] = []

    def add(self, text: str, label: str | None = None, attrs: dict[str, Any] | None = None) -> None:
        if label and text.strip():
            lead = len(text) - len(text.lstrip())
            trail = len(text.rstrip())
            self.spans.append({"start": self.n + lead, "end": self.n + trail, "label": label, "attrs": attrs or {}})
        elif label == "CELL":  # blank cell: the whitespace itself
            self.spans.append({"start": self.n, "end": self.n + len(text), "label": label, "attrs": attrs or {}})
        self.parts.append(text)
        self.n += len(text)

    def text(self) -> str:
        return "".join(self.parts)


# ---- grid model -------------------------------------------------------------------------
# A grid: caption (or None), header cells, rows of (label cells, row key, data cell keys).

Grid = dict[str, Any]


def _col_label(version: str, table: str, col: str, short: bool) -> str:
    if table == "applications":
        c = schema.LEGAL_PERSON_SUBTOTAL if col == "legal_person_subtotal" else schema.APPLICANT_COLUMNS[col]
    elif table == "proactive":
        c = schema.TABLES[version]["proactive"].columns[col]
    else:
        c = schema.REVIEW_COLUMNS[col]
    if short and c.aliases:
        return min(c.aliases, key=len)
    return c.label


def grids(td: TableData, short: bool = False) -> dict[str, list[Grid]]:
    """Per table, the grids a renderer lays out."""
    v = td.version
    out: dict[str, list[Grid]] = {"proactive": [], "applications": [], "review_litigation": []}
    by_caption: dict[str, list[schema.RowDef]] = {}
    for row in schema.TABLES[v]["proactive"].rows:
        by_caption.setdefault(row.caption or "", []).append(row)
    for cap, rows in by_caption.items():
        cols = rows[0].columns
        out["proactive"].append({
            "caption": cap,
            "header": ["信息内容"] + [_col_label(v, "proactive", c, short) for c in cols],
            "rows": [([r.label], r.key, [("proactive", r.key, c) for c in r.columns]) for r in rows],
        })
    app_rows = []
    for r in td.app_rows:
        labels = [r.label]
        if r.key == "granted":
            labels = ["三、本年度办理结果", r.label]
        elif r.group and r.label.startswith("1."):
            labels = [r.group, r.label]
        app_rows.append((labels, r.key, [("applications", r.key, c) for c in td.app_cols]))
    out["applications"].append({"caption": None,
                                "header": [""] + [_col_label(v, "applications", c, short) for c in td.app_cols],
                                "rows": app_rows})
    for g, glabel in schema.REVIEW_GROUPS.items():
        label = glabel if g == "review" else "行政诉讼" + glabel
        out["review_litigation"].append({"caption": None, "header": [label] + [schema.REVIEW_COLUMNS[c].label for c in schema.REVIEW_COLUMN_KEYS],
                                         "rows": [([label], g, [("review_litigation", g, c) for c in schema.REVIEW_COLUMN_KEYS])]})
    return out


def _row_attrs(labels: list[str], idx: int, key: str) -> dict[str, Any]:
    return {"row": key} if idx == len(labels) - 1 else {}


class TextLayout:
    """Base: one cell per line (tab-led), blank line between rows."""

    tab = "\t"
    blank = ""
    break_headers = 0.0
    short_headers = False
    table_headings = True

    def __init__(self, rng: random.Random, noise: set[str]) -> None:
        self.rng = rng
        self.noise = noise

    def heading_text(self, text: str) -> str:
        return text

    def heading_markup(self) -> tuple[str, str]:
        """Markup before and after a heading's own text, outside its span."""
        return "", ""

    def header_text(self, h: str) -> str:
        if self.break_headers and len(h) >= 4 and self.rng.random() < self.break_headers:
            cut = self.rng.choice((2, len(h) // 2))
            return h[:cut] + "\n" + h[cut:]
        return h

    def num_text(self, s: str, spaced_ok: bool = True) -> str:
        if "fullwidth" in self.noise:
            s = s.translate(_FULL)
        if spaced_ok and "spaced_digits" in self.noise and len(s) == 2 and s.isdigit() and self.rng.random() < 0.3:
            s = s[0] + " " + s[1]
        return s

    def cell(self, b: Builder, td: TableData, key: Key) -> None:
        g = td.gold[key]
        s = td.printed[key]
        if g["kind"] == "empty":
            b.add(self.tab)
            if self.blank:
                b.add(self.blank, "CELL", {"kind": "empty"})
            b.add("\n")
            return
        b.add(self.tab)
        b.add(self.num_text(s) if g["kind"] == "number" else s, "CELL", {"kind": g["kind"]})
        b.add("\n")

    def line(self, b: Builder, text: str, label: str | None = None, attrs: dict[str, Any] | None = None) -> None:
        b.add(self.tab)
        b.add(text, label, attrs)
        b.add("\n")

    def grid(self, b: Builder, td: TableData, grid: Grid, table: str) -> None:
        if grid["caption"]:
            self.line(b, grid["caption"], "TABLE_CAPTION")
            b.add("\n")
        for h in grid["header"]:
            if h:
                self.line(b, self.header_text(h), "COL_HEADER")
            else:
                b.add(self.tab + (self.blank or "") + "\n")
        b.add("\n")
        for labels, key, cells in grid["rows"]:
            if table == "review_litigation":
                pass
            else:
                for i, lab in enumerate(labels):
                    self.line(b, self.header_text(lab) if i < len(labels) - 1 else lab, "ROW_LABEL", _row_attrs(labels, i, key))
            for k in cells:
                self.cell(b, td, k)
            b.add("\n")

    def proactive(self, b: Builder, td: TableData, gs: list[Grid]) -> None:
        for g in gs:
            self.grid(b, td, g, "proactive")

    def applications(self, b: Builder, td: TableData, gs: list[Grid]) -> None:
        self.line(b, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "TABLE_CAPTION")
        self.line(b, "申请人情况", "COL_HEADER")
        b.add("\n")
        for g in gs:
            self.grid(b, td, g, "applications")

    def review(self, b: Builder, td: TableData, gs: list[Grid]) -> None:
        # the official two-level header, then one line per cell (15 values)
        self.line(b, "行政复议", "COL_HEADER")
        self.line(b, "行政诉讼", "COL_HEADER")
        b.add("\n")
        heads = [schema.REVIEW_COLUMNS[c].label for c in schema.REVIEW_COLUMN_KEYS]
        for h in heads:
            self.line(b, self.header_text(h), "COL_HEADER")
        self.line(b, "未经复议直接起诉", "COL_HEADER")
        self.line(b, "复议后起诉", "COL_HEADER")
        b.add("\n")
        for h in heads * 2:
            self.line(b, self.header_text(h), "COL_HEADER")
        b.add("\n")
        for g in gs:
            for k in g["rows"][0][2]:
                self.cell(b, td, k)
        b.add("\n")


class TabCells(TextLayout):
    break_headers = 0.2


class BlankLineCells(TextLayout):
    tab = ""
    blank = " "


class BrokenHeaders(TextLayout):
    break_headers = 0.9


class TruncatedHeaders(TextLayout):
    short_headers = True


class TotalOnly(TextLayout):
    pass


class BlanksZerosNa(TextLayout):
    pass


class FlatRows(TextLayout):
    """Each row on one line: label then values separated by spaces (no blank cells)."""

    tab = ""
    header_indent = ""

    def gap(self) -> str:
        return " "

    def row_line(self, b: Builder, labels: list[str], key: str | None, td: TableData, cells: list[Key]) -> None:
        b.add(labels[-1], "ROW_LABEL", {"row": key} if key else {})
        for k in cells:
            b.add(self.gap())
            g = td.gold[k]
            b.add(self.num_text(td.printed[k], False) if g["kind"] == "number" else td.printed[k], "CELL", {"kind": g["kind"]})
        b.add("\n")

    def grid(self, b: Builder, td: TableData, grid: Grid, table: str) -> None:
        if grid["caption"]:
            b.add(grid["caption"], "TABLE_CAPTION")
            b.add("\n")
        hs = [h for h in grid["header"] if h]
        b.add(self.header_indent)
        for i, h in enumerate(hs):
            if i:
                b.add(self.gap())
            b.add(h, "COL_HEADER")
        b.add("\n")
        for labels, key, cells in grid["rows"]:
            for lab in labels[:-1]:
                b.add(lab, "ROW_LABEL")
                b.add("\n")
            self.row_line(b, labels, key, td, cells)

    def applications(self, b: Builder, td: TableData, gs: list[Grid]) -> None:
        for g in gs:
            self.grid(b, td, g, "applications")

    def review(self, b: Builder, td: TableData, gs: list[Grid]) -> None:
        for g in gs:
            self.grid(b, td, g, "review_litigation")


class Review15(TabCells):
    """表四 as 15 numbers on one line."""

    def review(self, b: Builder, td: TableData, gs: list[Grid]) -> None:
        heads = [schema.REVIEW_COLUMNS[c].label for c in schema.REVIEW_COLUMN_KEYS]
        b.add("行政复议：" + "、".join(heads) + "；行政诉讼（未经复议直接起诉、复议后起诉）：" + "、".join(heads) + "\n", "COL_HEADER")
        first = True
        for g in gs:
            for k in g["rows"][0][2]:
                if not first:
                    b.add(" ")
                first = False
                b.add(self.num_text(td.printed[k], False), "CELL", {"kind": td.gold[k]["kind"]})
        b.add("\n")


class ReviewMini(TabCells):
    """表四 as three mini tables: group label, 5 headers, 5 values."""

    def review(self, b: Builder, td: TableData, gs: list[Grid]) -> None:
        for g in gs:
            self.line(b, g["header"][0], "ROW_LABEL", {"row": g["rows"][0][1]})
            for h in g["header"][1:]:
                self.line(b, h, "COL_HEADER")
            b.add("\n")
            for k in g["rows"][0][2]:
                self.cell(b, td, k)
            b.add("\n")


class MarkdownMisaligned(TextLayout):
    """Pipe tables; separator rows with the wrong column count; sometimes an extra leading empty cell."""

    def grid(self, b: Builder, td: TableData, grid: Grid, table: str) -> None:
        if grid["caption"]:
            b.add(grid["caption"], "TABLE_CAPTION")
            b.add("\n\n")
        hs = grid["header"]
        b.add("|")
        for h in hs:
            b.add(" ")
            b.add(h, "COL_HEADER" if h else None)
            b.add(" |")
        b.add("\n|" + "---|" * max(1, len(hs) + self.rng.choice((-1, 0, 1, 2))) + "\n")
        for labels, key, cells in grid["rows"]:
            b.add("|")
            if len(labels) == 1 and self.rng.random() < 0.2:
                b.add("  |")  # the label in the wrong cell
            b.add(" ")
            b.add("".join(labels) if table != "review_litigation" else labels[-1], "ROW_LABEL", {"row": key})
            b.add(" |")
            for k in cells:
                g = td.gold[k]
                b.add(" ")
                if g["kind"] == "empty":
                    b.add(" ", "CELL", {"kind": "empty"})
                else:
                    b.add(self.num_text(td.printed[k]) if g["kind"] == "number" else td.printed[k], "CELL", {"kind": g["kind"]})
                b.add(" |")
            b.add("\n")
        b.add("\n")

    def applications(self, b: Builder, td: TableData, gs: list[Grid]) -> None:
        for g in gs:
            self.grid(b, td, g, "applications")

    def review(self, b: Builder, td: TableData, gs: list[Grid]) -> None:
        hs = [schema.REVIEW_COLUMNS[c].label for c in schema.REVIEW_COLUMN_KEYS]
        grid = {"caption": None, "header": [""] + hs,
                "rows": [([g["header"][0]], g["rows"][0][1], g["rows"][0][2]) for g in gs]}
        self.grid(b, td, grid, "review_litigation")


class NoTableHeadings(TabCells):
    """Stress: the section headings over the three tables are missing (tables pasted straight into the prose)."""

    table_headings = False


class PageBreaks(TabCells):
    """Stress: a PDF page break inside each table: a page-number footer, 续表 and the header repeated."""

    def grid(self, b: Builder, td: TableData, grid: Grid, table: str) -> None:
        rows = grid["rows"]
        if table != "applications" or len(rows) < 6:
            super().grid(b, td, grid, table)
            return
        cut = self.rng.randint(3, len(rows) - 3)
        super().grid(b, td, dict(grid, rows=rows[:cut]), table)
        b.add(f"- {self.rng.randint(2, 9)} -\n\n")
        if self.rng.random() < 0.7:
            b.add("续表\n")
        super().grid(b, td, dict(grid, caption=None, rows=rows[cut:]), table)


class FullwidthIndent(TabCells):
    """Stress: Word export indenting every cell with two ideographic spaces instead of a tab."""

    tab = "\u3000\u3000"


class PartHeadings(TabCells):
    """Stress: sections headed 第二部分 主动公开政府信息情况 instead of 二、…"""

    parts = 0

    def heading_text(self, text: str) -> str:
        body = text.split("、", 1)[1] if "、" in text[:3] else text
        self.parts += 1
        return f"第{'一二三四五六七'[min(self.parts, 7) - 1]}部分 {body}"


class SpaceAligned(FlatRows):
    """Stress: a PDF converted to text with its layout kept: one line per row, columns padded
    with spaces, blank cells left as spaces."""

    header_indent = " " * 4

    def gap(self) -> str:
        return " " * self.rng.randint(3, 6)

    def row_line(self, b: Builder, labels: list[str], key: str | None, td: TableData, cells: list[Key]) -> None:
        b.add(labels[-1], "ROW_LABEL", {"row": key} if key else {})
        b.add(" " * max(2, 24 - 2 * len(labels[-1])))
        for i, k in enumerate(cells):
            if i:
                b.add(self.gap())
            g = td.gold[k]
            if g["kind"] == "empty":
                b.add("  ", "CELL", {"kind": "empty"})
            else:
                b.add(td.printed[k], "CELL", {"kind": g["kind"]})
        b.add("\n")


_OCR_CHARS = {"请": "清", "理": "埋", "申": "甲", "已": "己", "未": "末", "人": "入", "于": "千", "处": "外",
              "公": "么", "开": "幵", "数": "效", "量": "重", "本": "木", "年": "牟", "办": "亦", "政": "攻"}


class OcrScan(TabCells):
    """Stress: a scanned report run through OCR: look-alike characters in labels and headers,
    O for 0 and l for 1 inside multi-digit numbers."""

    def _confuse(self, text: str) -> str:
        return "".join(_OCR_CHARS.get(ch, ch) if self.rng.random() < 0.12 else ch for ch in text)

    def line(self, b: Builder, text: str, label: str | None = None, attrs: dict[str, Any] | None = None) -> None:
        super().line(b, self._confuse(text) if label in ("ROW_LABEL", "COL_HEADER") else text, label, attrs)

    def num_text(self, s: str, spaced_ok: bool = True) -> str:
        s = super().num_text(s, spaced_ok)
        if len(s) >= 2 and s.isdigit() and self.rng.random() < 0.3:
            i = self.rng.randrange(len(s))
            s = s[:i] + {"0": "O", "1": "l"}.get(s[i], s[i]) + s[i + 1 :]
        return s


_SIGILS = (".", "@", "#", "\\", ":", "%", "&", "!", "~", "$", "+", "=")
_WORDS = ("tab", "cell", "row", "item", "set", "td", "nr", "LP", "end", "box", "col", "grid", "ts", "te", "span", "fmt",
          "align", "entry", "pp", "hline", "node", "anchor", "blk", "w", "tr", "x", "begin", "par", "data", "rule")
_UNITS = ("", "", "n", "pt", "em", "cm", "mm", "%", "fr", "px", "in")


class MarkupCells(TextLayout):
    """Augmentation, trained on and never measured: the tables in a markup dialect drawn at random per report
    (cell wrappers, row lines, directive lines and heading marks made of ASCII sigils, words and numbers).
    A writer nobody has seen (Typst, groff tbl, Texinfo were each new once) puts numbers in its markup
    (``colspan: 2``, ``.nr LL 7.8n``, ``.SH 2``); the tagger has to learn that only the cells' own text
    is a cell, whatever wraps it."""

    def __init__(self, rng: random.Random, noise: set[str]) -> None:
        super().__init__(rng, noise)
        r = rng
        self.style = r.choice(("wrap_lines", "inline", "lead"))
        word = lambda: r.choice(_WORDS) + (str(r.randint(1, 9)) if r.random() < 0.2 else "")  # noqa: E731
        sig = r.choice(_SIGILS)
        pairs = (("[", "]"), ("{", "}"), ("(", ")"), ("<", ">"), ("«", "»"), ('"', '"'), ("", ""))
        opener, closer = r.choice(pairs)
        if self.style == "wrap_lines":
            self.open, self.close = sig + word() + opener, sig + word() + closer
        elif self.style == "inline":
            args = f"({word()}: {r.randint(1, 4)})" if r.random() < 0.4 else ""
            o, c = r.choice(pairs[:5])
            self.open, self.close = (sig + word() + args + o) if r.random() < 0.6 else o, c
            self.sep = r.choice((", ", " ", " , ", "; ", " & ", "\t"))
        else:
            self.open, self.close = r.choice((sig + word() + " ", sig + " ", "  " + sig + word() + " ")), ""
        self.row_open = sig + word() + (f" {r.randint(1, 9)}" if r.random() < 0.3 else "") if r.random() < 0.6 else ""
        self.row_close = sig + word() if r.random() < 0.3 else ""
        self.directive_p = r.choice((0.0, 0.05, 0.15, 0.3))
        self.directive_words = [word() for _ in range(3)]
        self.heading_mark = r.choice(("= ", "== ", "# ", "", sig + word() + " ", "\\" + word() + "{"))
        self.heading_line = sig + word() + f" {r.randint(1, 4)}" if r.random() < 0.4 else ""
        self.sig = sig

    def directive(self, b: Builder) -> None:
        if self.rng.random() < self.directive_p:
            args = " ".join(self._number() + self.rng.choice(_UNITS) for _ in range(self.rng.randint(1, 3)))
            b.add(f"{self.sig}{self.rng.choice(self.directive_words)} {args}\n")

    def _number(self) -> str:
        r = self.rng
        return r.choice((str(r.randint(1, 400)), f"{r.randint(0, 12)}.{r.randint(0, 9)}", f".{r.randint(1, 99)}"))

    def heading_markup(self) -> tuple[str, str]:
        pre = (self.heading_line + "\n" if self.heading_line else "") + self.heading_mark
        return pre, "}" if self.heading_mark.endswith("{") else ""

    def _wrapped(self, b: Builder, text: str, label: str | None, attrs: dict[str, Any] | None) -> None:
        if self.style == "wrap_lines":
            b.add(self.open + "\n")
            self.directive(b)
            b.add(text, label, attrs)
            b.add("\n" + self.close + "\n")
        elif self.style == "inline":
            b.add(self.open)
            b.add(text, label, attrs)
            b.add(self.close + self.sep)
        else:
            b.add(self.open)
            b.add(text, label, attrs)
            b.add("\n")

    def line(self, b: Builder, text: str, label: str | None = None, attrs: dict[str, Any] | None = None) -> None:
        self._wrapped(b, text, label, attrs)

    def cell(self, b: Builder, td: TableData, key: Key) -> None:
        g = td.gold[key]
        if g["kind"] == "empty":
            self._wrapped(b, "", None, None)
            return
        s = td.printed[key]
        self._wrapped(b, self.num_text(s, False) if g["kind"] == "number" else s, "CELL", {"kind": g["kind"]})

    def grid(self, b: Builder, td: TableData, grid: Grid, table: str) -> None:
        self.directive(b)
        if grid["caption"]:
            self.line(b, grid["caption"], "TABLE_CAPTION")
            b.add("\n")
        for h in grid["header"]:
            if h:
                self.line(b, h, "COL_HEADER")
            else:
                self._wrapped(b, "", None, None)
        b.add("\n")
        for labels, key, cells in grid["rows"]:
            if self.row_open:
                b.add(self.row_open + "\n")
            self.directive(b)
            if table != "review_litigation":
                for i, lab in enumerate(labels):
                    self.line(b, lab, "ROW_LABEL", _row_attrs(labels, i, key))
            for k in cells:
                self.cell(b, td, k)
            b.add("\n" + (self.row_close + "\n" if self.row_close else ""))


AUGMENT_LAYOUTS: dict[str, type[TextLayout]] = {"markup_cells": MarkupCells}
"""Families only the training data draws (``training/params.yaml`` ``synth.n_markup``): never in ``LAYOUTS``,
so no benchmark, test split or generated fixture changes with them."""


# Families never drawn by ``generate`` unless asked for: held out of every training split.
STRESS_LAYOUTS: dict[str, type[TextLayout]] = {
    "no_table_headings": NoTableHeadings,
    "page_breaks": PageBreaks,
    "fullwidth_indent": FullwidthIndent,
    "part_headings": PartHeadings,
    "space_aligned": SpaceAligned,
    "ocr_scan": OcrScan,
}

TEXT_LAYOUTS: dict[str, type[TextLayout]] = {
    "tab_cells": TabCells,
    "blank_line_cells": BlankLineCells,
    "broken_headers": BrokenHeaders,
    "truncated_headers": TruncatedHeaders,
    "markdown_misaligned": MarkdownMisaligned,
    "flat_rows": FlatRows,
    "review_15": Review15,
    "review_mini": ReviewMini,
    "total_only": TotalOnly,
    "blanks_zeros_na": BlanksZerosNa,
}


_TABLE_SECTIONS = ("proactive", "applications", "review_litigation")


def render_text(blocks: list[tuple], td: TableData, layout: TextLayout) -> Builder:
    """Lay out a document's blocks as raw text with spans."""
    b = Builder()
    gs = grids(td, short=layout.short_headers)
    for block in blocks:
        kind = block[0]
        if kind == "artifact":
            b.add(block[1])
        elif kind == "title":
            b.add(block[1], "TITLE")
            b.add("\n")
        elif kind == "heading":
            if not layout.table_headings and block[2] in _TABLE_SECTIONS:
                continue
            pre, post = layout.heading_markup()
            b.add(pre)
            b.add(layout.heading_text(block[1]), "SECTION_HEADING", {"key": block[2]})
            b.add(post + "\n")
        elif kind == "para":
            for text, label, attrs in block[1]:
                b.add(text, label, attrs)
            b.add("\n")
        elif kind == "table":
            t = block[1]
            getattr(layout, {"proactive": "proactive", "applications": "applications", "review_litigation": "review"}[t])(b, td, gs[t])
    return b


def attrs_json(attrs: dict[str, Any]) -> str:
    return json.dumps(attrs, ensure_ascii=False, sort_keys=True)


Render = Callable[..., Any]
