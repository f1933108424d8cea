"""The official grids of the three tables, as data the review page lays out and checks against.

Rows and columns come from ``reconcile/schema.py`` for the report's format version and
variants (CONTRACT.md), so a cell the reading lacks shows as a missing official cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gdr_nlp.reconcile.schema import (
    APPLICANT_COLUMNS,
    LEGAL_PERSON_SUBTOTAL,
    OTHER_HANDLING_SINGLE,
    OTHER_HANDLING_SPLIT,
    REVIEW_GROUPS,
    TABLES,
    VERSIONS,
    RowDef,
)

TABLE_TITLES = {"proactive": "表二 主动公开政府信息情况", "applications": "表三 收到和处理政府信息公开申请情况",
                "review_litigation": "表四 政府信息公开行政复议、行政诉讼情况"}
LOW_CONFIDENCE = 0.9
"""A cell read with less confidence than this needs a person's look (CONTRACT.md ``review``)."""


@dataclass(frozen=True)
class GridRow:
    key: str
    label: str
    columns: tuple[str, ...]
    group: str | None = None


def _application_rows(version: str, variants: set[str]) -> tuple[RowDef, ...]:
    rows = TABLES[version]["applications"].rows
    if "applications_split_other_rows" in variants:
        rows = tuple(r for r in rows if r.key != OTHER_HANDLING_SINGLE.key)
        at = next(i for i, r in enumerate(rows) if r.key == "total_processed")
        rows = rows[:at] + OTHER_HANDLING_SPLIT + rows[at:]
    if "applications_single_other_row" in variants:
        split = {r.key for r in OTHER_HANDLING_SPLIT}
        rows = tuple(r for r in rows if r.key not in split)
        at = next(i for i, r in enumerate(rows) if r.key == "total_processed")
        rows = rows[:at] + (OTHER_HANDLING_SINGLE,) + rows[at:]
    return rows


def application_columns(variants: set[str]) -> tuple[str, ...]:
    cols = tuple(APPLICANT_COLUMNS)
    if "applications_legal_person_subtotal" in variants:
        cols = cols[:-1] + (LEGAL_PERSON_SUBTOTAL.key,) + cols[-1:]
    return cols


def official_rows(table: str, version: str | None, variants: list[str] | None) -> list[GridRow]:
    """The official rows (with their columns) of ``table`` for a format version and its variants."""
    version = version if version in VERSIONS else VERSIONS[-1]
    found = set(variants or [])
    if table == "proactive":
        return [GridRow(r.key, r.label, r.columns, r.caption) for r in TABLES[version]["proactive"].rows]
    if table == "applications":
        cols = application_columns(found)
        return [GridRow(r.key, r.label, cols, r.group) for r in _application_rows(version, found)]
    cols = tuple(TABLES[version]["review_litigation"].columns)
    return [GridRow(k, label, cols) for k, label in REVIEW_GROUPS.items()]


def column_label(table: str, column: str, version: str | None) -> str:
    if column == LEGAL_PERSON_SUBTOTAL.key:
        return LEGAL_PERSON_SUBTOTAL.label
    version = version if version in VERSIONS else VERSIONS[-1]
    col = TABLES[version][table].columns.get(column)
    return col.label if col else column


def column_unit(table: str, column: str, version: str | None) -> str | None:
    version = version if version in VERSIONS else VERSIONS[-1]
    tdef = TABLES[version].get(table)
    col = tdef.columns.get(column) if tdef else None
    return col.unit if col else None


def grid_rows(contract: dict[str, Any], table: str) -> list[GridRow]:
    """Official rows, then any row the reading holds that the official grid lacks (nothing is hidden)."""
    report = contract.get("report") or {}
    rows = official_rows(table, report.get("format_version"), report.get("variants"))
    known = {r.key for r in rows}
    data = (contract.get("tables") or {}).get(table) or {}
    for rkey, cols in data.items():
        if rkey not in known and isinstance(cols, dict):
            rows.append(GridRow(rkey, rkey, tuple(cols)))
    return rows


def missing_cells(contract: dict[str, Any]) -> dict[str, list[str]]:
    """Per table, the official cell keys (``table.row.col``) the reading lacks."""
    out: dict[str, list[str]] = {}
    tables = contract.get("tables") or {}
    for table in TABLE_TITLES:
        data = tables.get(table) or {}
        missing = [f"{table}.{row.key}.{col}" for row in grid_rows(contract, table) for col in row.columns
                   if not isinstance((data.get(row.key) or {}).get(col), dict)]
        if missing:
            out[table] = missing
    return out


def cell_at(contract: dict[str, Any], key: str) -> dict[str, Any] | None:
    parts = key.split(".")
    if len(parts) != 3:
        return None
    cell = ((contract.get("tables") or {}).get(parts[0]) or {}).get(parts[1], {}).get(parts[2])
    return cell if isinstance(cell, dict) else None


def is_official_cell(contract: dict[str, Any], key: str) -> bool:
    parts = key.split(".")
    if len(parts) != 3 or parts[0] not in TABLE_TITLES:
        return False
    return any(r.key == parts[1] and parts[2] in r.columns for r in grid_rows(contract, parts[0]))


def verdict(contract: dict[str, Any]) -> dict[str, Any]:
    """The report's ``review`` (CONTRACT.md 1.1), or one derived from its checks and cells when it has none."""
    given = contract.get("review")
    if isinstance(given, dict) and "needed" in given:
        return {"needed": bool(given["needed"]), "reasons": list(given.get("reasons") or []), "derived": False}
    reasons = [f"check {c.get('id')} fails" for c in contract.get("checks") or [] if c.get("status") == "fail"]
    for table, keys in missing_cells(contract).items():
        reasons.append(f"{table}: {len(keys)} official cell(s) not found")
    low = [key for key, cell in iter_cells(contract) if (cell.get("confidence") or 1.0) < LOW_CONFIDENCE]
    if low:
        reasons.append(f"{len(low)} cell(s) read with low confidence")
    return {"needed": bool(reasons), "reasons": reasons, "derived": True}


def iter_cells(contract: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for table, rows in (contract.get("tables") or {}).items():
        for rkey, cols in (rows or {}).items():
            for ckey, cell in (cols or {}).items() if isinstance(cols, dict) else ():
                if isinstance(cell, dict):
                    out.append((f"{table}.{rkey}.{ckey}", cell))
    return out
