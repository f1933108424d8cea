"""Completeness checks (CONTRACT.md 1.1): every official cell of the detected version is read.

A half-read table whose other checks are ``not_assessable`` must not look clean, so a
missing official cell is a failing ``completeness.<table>`` check listing the missing keys.
"""

from __future__ import annotations

from typing import Any

from gdr_nlp.check.rules import Check, result_rows
from gdr_nlp.reconcile.schema import APPLICANT_KEYS, REVIEW_COLUMN_KEYS, REVIEW_GROUPS, TABLE_NUMBERS, TABLES



def official_cells(table_key: str, table: dict[str, Any], version: str | None) -> list[str]:
    """``row.column`` keys the official format of ``version`` prints for this table.

    The 表三 result rows follow the report's own （六） layout (one row or 1./2./3., see
    :func:`result_rows`), and an extra 小计 column counts once any row has it.
    """
    version = version or "2021"
    if table_key == "proactive":
        return [f"{row.key}.{col}" for row in TABLES[version]["proactive"].rows for col in row.columns]
    if table_key == "applications":
        head = [r.key for r in TABLES[version]["applications"].rows[:2]]
        rows = [*head, *result_rows(table, version), "total_processed", "carried_forward"]
        columns = list(APPLICANT_KEYS)
        if any("legal_person_subtotal" in cols for cols in table.values()):
            columns.insert(-1, "legal_person_subtotal")
        return [f"{row}.{col}" for row in rows for col in columns]
    return [f"{group}.{col}" for group in REVIEW_GROUPS for col in REVIEW_COLUMN_KEYS]


def missing_cells(table_key: str, table: dict[str, Any], version: str | None) -> list[str]:
    """The official cells (``row.column``) of ``table`` that were not read."""
    return [ref for ref in official_cells(table_key, table, version)
            if ref.split(".")[1] not in table.get(ref.split(".")[0], {})]


def completeness_checks(tables: dict[str, Any], version: str | None) -> list[Check]:
    """One ``completeness.<table>`` check per official table: ``lhs`` cells found, ``rhs`` expected."""
    checks = []
    for key, name in TABLE_NUMBERS.items():
        table = tables.get(key) or {}
        expected = official_cells(key, table, version)
        missing = missing_cells(key, table, version)
        checks.append({
            "id": f"completeness.{key}",
            "status": "fail" if missing else "pass",
            "rule": f"every official cell of {name} ({version or 'unknown'} format) is read",
            "lhs": len(expected) - len(missing),
            "rhs": len(expected),
            "cells": [f"{key}.{ref}" for ref in missing],
        })
    return checks
