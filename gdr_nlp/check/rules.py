"""Table consistency checks (勾稽关系 and sums): one function per rule family.

Each check is reported whether it passes or not. A failing sum whose other
cells are all numbers gets a ``suggestion``: the single value that would make
it hold, for the cell most likely wrong (the total). Source values are never
changed.
"""

from __future__ import annotations

from typing import Any

from gdr_nlp.document import ReportDocument
from gdr_nlp.reconcile.schema import APPLICANT_PARTS, RESULT_ROWS_2019, RESULT_ROWS_2021, REVIEW_GROUPS

Check = dict[str, Any]
_EPS = 1e-6


def run_table_checks(doc: ReportDocument) -> list[Check]:
    """All table checks for ``doc.tables`` (contract shape)."""
    tables = doc.tables
    apps = tables.get("applications", {})
    checks: list[Check] = []
    columns = sorted({c for cols in apps.values() for c in cols}, key=_column_order)
    for col in columns:
        checks.append(_sum_check(
            f"applications.balance.{col}", "new_received + carried_over = total_processed + carried_forward",
            tables, [("applications", r, col) for r in ("new_received", "carried_over")],
            [("applications", r, col) for r in ("total_processed", "carried_forward")], fix_side="lhs_parts"))
        result_rows = _result_rows(apps, doc.report.get("format_version"))
        checks.append(_sum_check(
            f"applications.results_sum.{col}", "total_processed = sum of the result rows (（一）…（六）)",
            tables, [("applications", "total_processed", col)], [("applications", r, col) for r in result_rows]))
    for row, cols in apps.items():
        parts = [c for c in APPLICANT_PARTS if c in cols]
        if "total" in cols:
            checks.append(_sum_check(
                f"applications.row_sum.{row}", "total = natural_person + the five organisation columns",
                tables, [("applications", row, "total")], [("applications", row, c) for c in parts]))
        if "legal_person_subtotal" in cols:
            orgs = [c for c in APPLICANT_PARTS[1:] if c in cols]
            checks.append(_sum_check(
                f"applications.subtotal.{row}", "legal_person_subtotal = the five organisation columns",
                tables, [("applications", row, "legal_person_subtotal")], [("applications", row, c) for c in orgs]))
    for group in REVIEW_GROUPS:
        if group in tables.get("review_litigation", {}):
            checks.append(_sum_check(
                f"review_litigation.group_sum.{group}", "total = upheld + corrected + other + pending",
                tables, [("review_litigation", group, "total")],
                [("review_litigation", group, c) for c in ("upheld", "corrected", "other", "pending")]))
    checks += _proactive_checks(tables.get("proactive", {}))
    return checks


def _column_order(col: str) -> int:
    order = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "legal_person_subtotal", "total"]
    return order.index(col) if col in order else len(order)


def _result_rows(apps: dict[str, Any], version: str | None) -> tuple[str, ...]:
    rows = RESULT_ROWS_2021 if version == "2021" else RESULT_ROWS_2019
    if "other_handling" in apps and not any(r in apps for r in ("other_overdue_correction", "other_reasons")):
        rows = tuple(r for r in RESULT_ROWS_2021 if not r.startswith("other_")) + ("other_handling",)
    elif any(r in apps for r in ("other_overdue_correction", "other_reasons")):
        rows = RESULT_ROWS_2021
    return rows


def _value(tables: dict[str, Any], ref: tuple[str, str, str]) -> float | None:
    cell = tables.get(ref[0], {}).get(ref[1], {}).get(ref[2])
    if cell is None:
        return None
    if cell["kind"] == "number":
        return float(cell["value"])
    return 0.0 if cell["kind"] in ("empty", "na") else None  # a blank official cell counts as nought


def _num(x: float) -> int | float:
    return int(x) if abs(x - round(x)) < _EPS else round(x, 6)


def _sum_check(check_id: str, rule: str, tables: dict[str, Any], lhs_refs: list[tuple[str, str, str]],
               rhs_refs: list[tuple[str, str, str]], *, fix_side: str = "lhs") -> Check:
    names = [".".join(r) for r in lhs_refs + rhs_refs]
    entry: Check = {"id": check_id, "rule": rule, "cells": names, "lhs": None, "rhs": None}
    lhs_vals = [_value(tables, r) for r in lhs_refs]
    rhs_vals = [_value(tables, r) for r in rhs_refs]
    present = [tables.get(r[0], {}).get(r[1], {}).get(r[2]) for r in lhs_refs + rhs_refs]
    if any(v is None for v in lhs_vals + rhs_vals) or all(c["kind"] != "number" for c in present if c):
        entry["status"] = "not_assessable"
        return entry
    lhs, rhs = sum(lhs_vals), sum(rhs_vals)  # type: ignore[arg-type]
    entry["lhs"], entry["rhs"] = _num(lhs), _num(rhs)
    entry["status"] = "pass" if abs(lhs - rhs) < _EPS else "fail"
    if entry["status"] == "fail" and len(lhs_refs) == 1 and fix_side == "lhs":
        entry["suggestion"] = {"cell": ".".join(lhs_refs[0]), "value": _num(rhs),
                               "why": "the parts are consistent with each other; the total disagrees with their sum"}
    elif entry["status"] == "fail" and fix_side == "lhs_parts":
        entry["suggestion"] = {"cell": ".".join(rhs_refs[0]), "value": _num(lhs - (rhs_vals[1] or 0.0)),
                               "why": "（七）总计 is the cell most often mistyped; this value balances 一+二 = （七）+四"}
    return entry


def _proactive_checks(proactive: dict[str, Any]) -> list[Check]:
    checks = []
    for row, cols in proactive.items():
        for col, cell in cols.items():
            if cell["kind"] != "number":
                continue
            value = cell["value"]
            signed = col == "change"
            money = col == "amount"
            ok = (signed or value >= 0) and (money or float(value).is_integer())
            checks.append({"id": f"proactive.valid.{row}.{col}", "rule": "counts are non-negative integers"
                           + (" (本年增/减 may be negative)" if signed else "") + (" (amounts may have decimals)" if money else ""),
                           "cells": [f"proactive.{row}.{col}"], "lhs": value, "rhs": None,
                           "status": "pass" if ok else "fail"})
    return checks
