"""Schema-shaped CSV and XLSX exports of the contract JSON.

CSV is long format (one row per cell, many reports in one file) because that is
what analysts load into pandas/R; XLSX mirrors the official table grids, one
sheet per table, plus the checks and metrics, for people who read reports.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from gdr_nlp.reconcile.schema import TABLES

CELL_COLUMNS = ("file", "agency", "year", "format_version", "table", "row", "column", "value", "kind", "unit", "raw", "page", "start", "end")


def iter_cells(result: dict[str, Any]) -> Iterable[dict[str, Any]]:
    """Flatten one contract JSON's three tables into long-format rows."""
    report = result.get("report", {})
    for table_key, rows in result.get("tables", {}).items():
        for row_key, cols in rows.items():
            for col_key, cell in cols.items():
                span = cell.get("span") or [None, None]
                yield {
                    "file": result["source"]["path"],
                    "agency": report.get("agency"),
                    "year": report.get("year"),
                    "format_version": report.get("format_version"),
                    "table": table_key,
                    "row": row_key,
                    "column": col_key,
                    "value": cell.get("value"),
                    "kind": cell.get("kind"),
                    "unit": cell.get("unit"),
                    "raw": cell.get("raw"),
                    "page": cell.get("page"),
                    "start": span[0],
                    "end": span[1],
                }


def cells_csv(results: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CELL_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for result in results:
        writer.writerows(iter_cells(result))
    return buf.getvalue()


def to_xlsx(result: dict[str, Any]) -> bytes:
    """One workbook per report: 表二/表三/表四 as grids, then checks and metrics."""
    from openpyxl import Workbook  # only needed for this export

    wb = Workbook()
    wb.remove(wb.active)
    version = result.get("report", {}).get("format_version") or "2021"
    for table_key, title in (("proactive", "表二 主动公开"), ("applications", "表三 依申请"), ("review_litigation", "表四 复议诉讼")):
        sheet = wb.create_sheet(title)
        table_def = TABLES[version][table_key]
        rows = result.get("tables", {}).get(table_key, {})
        col_keys = _column_order(table_def, rows)
        sheet.append(["", *[table_def.columns[c].label if c in table_def.columns else c for c in col_keys]])
        for row_def in table_def.rows:
            if row_def.key not in rows:
                continue
            cells = rows[row_def.key]
            sheet.append([row_def.label, *[_cell_text(cells.get(c)) for c in col_keys]])
        for row_key in rows.keys() - {r.key for r in table_def.rows}:  # variant rows outside this version
            sheet.append([row_key, *[_cell_text(rows[row_key].get(c)) for c in col_keys]])
    checks = wb.create_sheet("checks")
    checks.append(["id", "status", "rule", "lhs", "rhs", "suggestion"])
    for check in result.get("checks", []):
        sug = check.get("suggestion")
        checks.append([check["id"], check["status"], check.get("rule"), check.get("lhs"), check.get("rhs"), str(sug) if sug else None])
    metrics = wb.create_sheet("metrics")
    metrics.append(["type", "value", "unit", "qualifier", "subject", "section"])
    for metric in result.get("metrics", []):
        metrics.append([metric.get(k) for k in ("type", "value", "unit", "qualifier", "subject", "section")])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _column_order(table_def: Any, rows: dict[str, dict[str, Any]]) -> list[str]:
    present = {c for cols in rows.values() for c in cols}
    ordered = [c for c in table_def.columns if c in present]
    return ordered + sorted(present - set(ordered))


def _cell_text(cell: dict[str, Any] | None) -> Any:
    if not cell:
        return None
    return cell["value"] if cell.get("kind") == "number" else cell.get("raw")
