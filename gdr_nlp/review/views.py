"""What the two pages show, computed from the (corrected) contract: grids, checks, review order, source."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from gdr_nlp.reconcile.schema import REVIEW_GROUPS
from gdr_nlp.review.grid import LOW_CONFIDENCE, TABLE_TITLES, GridRow, column_label, grid_rows, iter_cells

CELL_STATUS_ORDER = ("fail", "not_assessable", "pass")


@dataclass
class CellView:
    key: str
    cell: dict[str, Any] | None
    classes: list[str] = field(default_factory=list)

    @property
    def shown(self) -> str:
        if self.cell is None:
            return "缺"
        raw = str(self.cell.get("raw") if self.cell.get("raw") is not None else "")
        return raw.strip() or "∅"

    @property
    def title(self) -> str:
        if self.cell is None:
            return f"{self.key}: official cell not found"
        conf = self.cell.get("confidence")
        return f"{self.key} = {self.cell.get('value')!r} ({self.cell.get('kind')}), confidence {conf}"


@dataclass
class TableView:
    key: str
    title: str
    header: list[list[tuple[str, int, int]]]  # rows of (label, colspan, rowspan)
    body: list[list[Any]]  # a row: str (label cell) or CellView; a str row = group caption spanning the table
    width: int


def suggested_cells(checks: list[dict[str, Any]]) -> set[str]:
    """Cells a failing check proposes to repair: the likeliest misprint or misreading."""
    return {c["suggestion"]["cell"] for c in checks if c.get("status") == "fail" and isinstance(c.get("suggestion"), dict)}


def cell_status(checks: list[dict[str, Any]]) -> dict[str, str]:
    """Worst status of the checks each cell takes part in."""
    out: dict[str, str] = {}
    for check in checks:
        status = check.get("status")
        if status not in CELL_STATUS_ORDER:
            continue
        for key in check.get("cells") or []:
            old = out.get(key)
            if old is None or CELL_STATUS_ORDER.index(status) < CELL_STATUS_ORDER.index(old):
                out[key] = status
    return out


def _cell_view(contract: dict[str, Any], key: str, status: dict[str, str], marked: set[str], selected: str) -> CellView:
    table, row, col = key.split(".")
    cell = ((contract.get("tables") or {}).get(table) or {}).get(row, {}).get(col)
    cell = cell if isinstance(cell, dict) else None
    classes = [f"st-{status.get(key, 'none')}"]
    if cell is None:
        classes.append("missing")
    else:
        if (cell.get("confidence") or 1.0) < LOW_CONFIDENCE:
            classes.append("conf-low")
        if cell.get("corrected"):
            classes.append("corrected")
        if cell.get("source_wrong"):
            classes.append("source-wrong")
    if key in marked:
        classes.append("in-check")
    if status.get(f"suggested:{key}"):
        classes.append("suggested")
    if key == selected:
        classes.append("selected")
    return CellView(key, cell, classes)


def table_views(contract: dict[str, Any], *, marked: set[str], selected: str) -> list[TableView]:
    status = cell_status(contract.get("checks") or [])
    status.update({f"suggested:{key}": "yes" for key in suggested_cells(contract.get("checks") or [])})
    version = (contract.get("report") or {}).get("format_version")
    views = []
    for table, title in TABLE_TITLES.items():
        rows = grid_rows(contract, table)

        def cv(key: str) -> CellView:
            return _cell_view(contract, key, status, marked, selected)

        if table == "review_litigation":
            views.append(_review_view(rows, cv))
        elif table == "applications":
            views.append(_applications_view(rows, cv, version))
        else:
            views.append(_proactive_view(rows, cv, version))
        views[-1].title = title
    return views


def _proactive_view(rows: list[GridRow], cv: Any, version: str | None) -> TableView:
    width = 1 + max(len(r.columns) for r in rows)
    body: list[list[Any]] = []
    caption = None
    for r in rows:
        if r.group != caption:
            caption = r.group
            heads = [column_label("proactive", c, version) for c in r.columns]
            body.append([("head", caption or "", 1)] + [("head", h, 1) for h in heads]
                        + ([("head", "", width - 1 - len(heads))] if len(heads) < width - 1 else []))
        cells: list[Any] = [r.label] + [cv(f"proactive.{r.key}.{c}") for c in r.columns]
        if len(r.columns) < width - 1:
            cells.append(("blank", "", width - 1 - len(r.columns)))
        body.append(cells)
    return TableView("proactive", "", [[("信息内容", 1, 1), ("", width - 1, 1)]], body, width)


def _applications_view(rows: list[GridRow], cv: Any, version: str | None) -> TableView:
    cols = rows[0].columns
    orgs = [c for c in cols if c not in ("natural_person", "total")]
    header = [
        [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 1, 3), ("申请人情况", len(cols), 1)],
        [("自然人", 1, 2), ("法人或其他组织", len(orgs), 1), ("总计", 1, 2)],
        [(column_label("applications", c, version), 1, 1) for c in orgs],
    ]
    body: list[list[Any]] = []
    group = None
    for r in rows:
        if r.key == "granted":
            body.append(["三、本年度办理结果"])
        if r.group != group:
            group = r.group
            if group:
                body.append([group])
        body.append([r.label] + [cv(f"applications.{r.key}.{c}") for c in r.columns])
    return TableView("applications", "", header, body, 1 + len(cols))


def _review_view(rows: list[GridRow], cv: Any) -> TableView:
    cols = rows[0].columns
    labels = [column_label("review_litigation", c, None) for c in cols]
    header = [
        [("行政复议", len(cols), 2), ("行政诉讼", 2 * len(cols), 1)],
        [(REVIEW_GROUPS["litigation_direct"], len(cols), 1), (REVIEW_GROUPS["litigation_after_review"], len(cols), 1)],
        [(label, 1, 1) for label in labels * 3],
    ]
    body = [[cv(f"review_litigation.{r.key}.{c}") for r in rows for c in cols]]
    return TableView("review_litigation", "", header, body, 3 * len(cols))


def review_order(contract: dict[str, Any]) -> list[str]:
    """Targets needing review: cells a failing check proposes to repair, then the rest in reading order.

    Targets are ``cell:KEY`` and ``metric:START-END``.
    """
    status = cell_status(contract.get("checks") or [])
    targets: list[tuple[int, str]] = []
    for table in TABLE_TITLES:
        for r in grid_rows(contract, table):
            for c in r.columns:
                key = f"{table}.{r.key}.{c}"
                cell = ((contract.get("tables") or {}).get(table) or {}).get(r.key, {}).get(c)
                low = isinstance(cell, dict) and (cell.get("confidence") or 1.0) < LOW_CONFIDENCE
                if cell is None or status.get(key) == "fail" or low:
                    start = cell["span"][0] if isinstance(cell, dict) and cell.get("span") else 10**9
                    targets.append((start, f"cell:{key}"))
    flagged = {tuple(c["span"]) for c in contract.get("checks") or [] if c.get("status") == "fail" and c.get("span")}
    for m in contract.get("metrics") or []:
        if tuple(m.get("span") or ()) in flagged:
            targets.append((m["span"][0], f"metric:{m['span'][0]}-{m['span'][1]}"))
    first = {f"cell:{key}" for key in suggested_cells(contract.get("checks") or [])}
    return [t for _, t in sorted(targets, key=lambda p: (p[1] not in first, p[0]))]  # proposed repairs first


def source_html(text: str, spans: list[tuple[int, int]]) -> str:
    """The text, HTML-escaped, with ``spans`` marked; the first mark has ``id="hl"``."""
    out, pos = [], 0
    for i, (start, end) in enumerate(sorted(set(spans))):
        if start < pos:
            continue  # overlapping marks are not nested
        out.append(escape(text[pos:start]))
        mark_id = ' id="hl"' if i == 0 else ""
        zero = ' class="zero"' if start == end else ""
        out.append(f"<mark{mark_id}{zero}>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def cells_with_spans(contract: dict[str, Any], keys: list[str]) -> list[tuple[int, int]]:
    spans = dict(iter_cells(contract))
    return [tuple(spans[k]["span"]) for k in keys if k in spans and spans[k].get("span")]  # type: ignore[misc]
