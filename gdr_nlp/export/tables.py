"""Schema-shaped CSV of the contract JSON, with the official Chinese labels beside the keys.

CSV is long format (one row per cell, many reports in one file) because that is what
analysts load into pandas/R. Every CSV gdr writes is UTF-8 with a BOM (Excel on Windows
reads the Chinese only then; ``pandas.read_csv(..., encoding="utf-8-sig")`` and
``csv.DictReader(open(..., encoding="utf-8-sig"))`` strip it) and gives spans as two
columns ``start``/``end``. The workbook per report is ``export/xlsx.py``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from gdr_nlp.reconcile.schema import LEGAL_PERSON_SUBTOTAL, REVIEW_GROUPS, TABLES, TableDef

CELL_COLUMNS = (
    "file", "agency", "year", "format_version", "review", "table", "table_label", "row", "row_label",
    "column", "column_label", "value", "kind", "unit", "raw", "page", "start", "end",
)  # fmt: skip
TABLE_LABELS = {"proactive": "表二 主动公开政府信息情况", "applications": "表三 收到和处理政府信息公开申请情况",
                "review_litigation": "表四 政府信息公开行政复议、行政诉讼情况"}


def table_def(result: dict[str, Any], table_key: str) -> TableDef:
    version = (result.get("report") or {}).get("format_version") or "2021"
    return TABLES.get(version, TABLES["2021"])[table_key]


def row_label(table_key: str, row_key: str, version: str | None = None) -> str:
    """The official label of a row (表三 items with their group: ``（三）不予公开 1.属于国家秘密``)."""
    if table_key == "review_litigation":
        return REVIEW_GROUPS.get(row_key, row_key)
    for v in [version or "2021", "2021", "2019"]:
        for row in TABLES.get(v, {}).get(table_key, TABLES["2021"][table_key]).rows:
            if row.key == row_key:
                return f"{row.group} {row.label}" if row.group else row.label
    return row_key


def column_label(table_key: str, col_key: str, version: str | None = None) -> str:
    if col_key == LEGAL_PERSON_SUBTOTAL.key:
        return "法人或其他组织" + LEGAL_PERSON_SUBTOTAL.label
    for v in [version or "2021", "2021", "2019"]:
        column = TABLES.get(v, {}).get(table_key, TABLES["2021"][table_key]).columns.get(col_key)
        if column is not None:
            return column.label
    return col_key


def review_text(review: dict[str, Any] | None) -> str:
    """``yes: reason; reason`` / ``no``: one CSV field."""
    review = review or {"needed": False, "reasons": []}
    return "yes: " + "; ".join(review.get("reasons") or []) if review.get("needed") else "no"


def iter_cells(result: dict[str, Any], review: dict[str, Any] | None = None) -> Iterable[dict[str, Any]]:
    """Flatten one contract JSON's three tables into long-format rows."""
    report = result.get("report", {})
    version = report.get("format_version")
    verdict = review_text(review or result.get("review"))
    for table_key, rows in result.get("tables", {}).items():
        for row_key, cols in rows.items():
            for col_key, cell in cols.items():
                span = cell.get("span") or [None, None]
                yield {
                    "file": result["source"]["path"],
                    "agency": report.get("agency"),
                    "year": report.get("year"),
                    "format_version": version,
                    "review": verdict,
                    "table": table_key,
                    "table_label": TABLE_LABELS.get(table_key, table_key),
                    "row": row_key,
                    "row_label": row_label(table_key, row_key, version),
                    "column": col_key,
                    "column_label": column_label(table_key, col_key, version),
                    "value": cell.get("value"),
                    "kind": cell.get("kind"),
                    "unit": cell.get("unit"),
                    "raw": cell.get("raw"),
                    "page": cell.get("page"),
                    "start": span[0],
                    "end": span[1],
                }


def cells_csv(results: Iterable[dict[str, Any]], *, reviews: list[dict[str, Any]] | None = None) -> str:
    """``cells.csv`` text, BOM first; ``reviews`` (one per result) overrides each result's own ``review``."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CELL_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for i, result in enumerate(results):
        writer.writerows(iter_cells(result, reviews[i] if reviews and i < len(reviews) else None))
    return "\ufeff" + buf.getvalue()


def to_xlsx(result: dict[str, Any]) -> bytes:
    """The workbook of one report (``export/xlsx.py``)."""
    from gdr_nlp.export.xlsx import to_xlsx as build

    return build(result)
