"""Table consistency checks (勾稽关系 and sums): one function per rule family.

Every rule is reported, pass or not (CONTRACT.md ``checks``). A failing sum gets
a ``suggestion`` when changing one cell would make it hold: among the rule's
cells, the one whose repair also fixes the most other failing rules and breaks
none that pass (a mistyped part breaks both its row and its column sum, a
mistyped total only its own); on a tie, the total. Source values are never
changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gdr_nlp.document import ReportDocument
from gdr_nlp.reconcile.schema import (
    APPLICANT_PARTS,
    RESULT_ROWS_2019,
    RESULT_ROWS_2021,
    REVIEW_COLUMN_KEYS,
    REVIEW_GROUPS,
)

Check = dict[str, Any]
"""One CONTRACT.md check entry: id, status, rule, lhs, rhs, cells, optional suggestion."""
Ref = tuple[str, str, str]
"""(table, row, column) of one cell."""

_EPS = 1e-6
_COLUMN_ORDER = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org",
                 "legal_person_subtotal", "total")
_ORGANISATIONS = APPLICANT_PARTS[1:]
# Cells that are sums of others: when a repair of a part and of its total are equally good, the total goes.
_TOTAL_CELLS = ("total", "total_processed", "legal_person_subtotal")


BLANK_TOTAL = "the total side is blank while its parts hold numbers"
"""A check's ``why`` when a total is blank against non-zero parts: no report format leaves a total
blank while printing its breakdown, so a conversion may have lost it (``check/review.py`` asks for review)."""


@dataclass
class _Sum:
    """lhs cells add up to rhs cells."""

    id: str
    rule: str
    lhs: list[Ref]
    rhs: list[Ref]


def run_table_checks(doc: ReportDocument) -> list[Check]:
    """All table checks for ``doc.tables`` (contract shape), in a stable order.

    Args:
        doc: a document whose ``tables`` and ``report['format_version']`` are filled.

    Returns:
        The check entries; ``doc`` is not modified.
    """
    return check_tables(doc.tables, doc.report.get("format_version"))


def check_tables(tables: dict[str, Any], version: str | None) -> list[Check]:
    """The checks of :func:`run_table_checks` for contract-shaped ``tables`` (also one table alone)."""
    tables = _unknown_blanks(tables)
    rules = _application_sums(tables.get("applications", {}), version)
    rules += _review_sums(tables.get("review_litigation", {}))
    checks = [_evaluate(tables, rule) for rule in rules]
    _suggest(tables, rules, checks)
    return checks + _proactive_checks(tables.get("proactive", {}))


def _unknown_blanks(tables: dict[str, Any]) -> dict[str, Any]:
    """The tables with the blank parts of total-only rows marked unknown (a view; the input is not changed).

    A row that prints only a non-zero 总计 leaves its breakdown unstated; its blanks are not
    zeros, so rules through them are not assessable. A row of blanks and 总计 0 is all zeros.
    """
    apps = tables.get("applications", {})
    view = dict(tables)
    view["applications"] = dict(apps)
    for row, cols in apps.items():
        total = cols.get("total")
        parts = [cols.get(c) for c in (*APPLICANT_PARTS, "legal_person_subtotal")]
        if (total is not None and total["kind"] == "number" and total["value"]
                and all(p is None or p["kind"] in ("empty", "na") for p in parts)):
            unknown = {"kind": "unknown", "value": None}
            view["applications"][row] = {
                # the 小计 of a total-only row is as unstated as its parts
                c: unknown if c in (*APPLICANT_PARTS, "legal_person_subtotal") and cell["kind"] == "empty" else cell
                for c, cell in cols.items()
            }
    return view


def result_rows(apps: dict[str, Any], version: str | None) -> tuple[str, ...]:
    """The 表三 rows that add up to （七）总计 for this report.

    The version's rows, except that the 2021 format with a single （六）其他处理 row uses it
    instead of 1./2./3., and a 2019 report that splits （六） uses the split rows.
    """
    split = any(r in apps for r in ("other_overdue_correction", "other_overdue_fee", "other_reasons"))
    if split:
        return RESULT_ROWS_2021
    if "other_handling" in apps:
        return RESULT_ROWS_2019
    return RESULT_ROWS_2021 if version == "2021" else RESULT_ROWS_2019


def _application_sums(apps: dict[str, Any], version: str | None) -> list[_Sum]:
    if not apps:
        return []
    rules: list[_Sum] = []
    columns = sorted({c for cols in apps.values() for c in cols}, key=_column_order)
    rows = result_rows(apps, version)
    for col in columns:
        rules.append(_Sum(f"applications.balance.{col}", "new_received + carried_over = total_processed + carried_forward",
                          [("applications", r, col) for r in ("new_received", "carried_over")],
                          [("applications", r, col) for r in ("total_processed", "carried_forward")]))
        rules.append(_Sum(f"applications.results_sum.{col}", "total_processed = sum of the result rows (（一）…（六）)",
                          [("applications", "total_processed", col)], [("applications", r, col) for r in rows]))
    for row, cols in apps.items():
        if "total" in cols:
            rules.append(_Sum(f"applications.row_sum.{row}", "total = natural_person + the five organisation columns",
                              [("applications", row, "total")], [("applications", row, c) for c in APPLICANT_PARTS]))
        if "legal_person_subtotal" in cols:
            rules.append(_Sum(f"applications.subtotal.{row}", "legal_person_subtotal = the five organisation columns",
                              [("applications", row, "legal_person_subtotal")],
                              [("applications", row, c) for c in _ORGANISATIONS]))
    return rules


def _review_sums(review: dict[str, Any]) -> list[_Sum]:
    return [
        _Sum(f"review_litigation.group_sum.{group}", "total = upheld + corrected + other + pending",
             [("review_litigation", group, "total")], [("review_litigation", group, c) for c in REVIEW_COLUMN_KEYS[:4]])
        for group in REVIEW_GROUPS
        if group in review
    ]


def _column_order(col: str) -> int:
    return _COLUMN_ORDER.index(col) if col in _COLUMN_ORDER else len(_COLUMN_ORDER)


def _cell(tables: dict[str, Any], ref: Ref) -> dict[str, Any] | None:
    cell: dict[str, Any] | None = tables.get(ref[0], {}).get(ref[1], {}).get(ref[2])
    return cell


def _value(tables: dict[str, Any], ref: Ref) -> float | None:
    cell = _cell(tables, ref)
    if cell is None:
        return None
    if cell["kind"] == "number":
        return float(cell["value"])
    return 0.0 if cell["kind"] in ("empty", "na") else None  # a blank official cell counts as nought


def _num(x: float) -> int | float:
    return round(x) if abs(x - round(x)) < _EPS else round(x, 6)


def _sides(tables: dict[str, Any], rule: _Sum, fix: tuple[Ref, float] | None = None) -> tuple[float, float] | None:
    """(lhs, rhs) sums, or None when a cell is missing or not a number (optionally with one cell replaced)."""
    def val(ref: Ref) -> float | None:
        return fix[1] if fix is not None and ref == fix[0] else _value(tables, ref)

    lhs = [val(r) for r in rule.lhs]
    rhs = [val(r) for r in rule.rhs]
    if any(v is None for v in lhs + rhs):
        return None
    return sum(v for v in lhs if v is not None), sum(v for v in rhs if v is not None)


def _evaluate(tables: dict[str, Any], rule: _Sum) -> Check:
    refs = rule.lhs + rule.rhs
    entry: Check = {"id": rule.id, "rule": rule.rule, "cells": [".".join(r) for r in refs], "lhs": None, "rhs": None}
    sides = _sides(tables, rule)
    cells = [_cell(tables, r) for r in refs]
    if sides is None or all(c is None or c["kind"] != "number" for c in cells):
        entry["status"] = "not_assessable"  # nothing to add up: a blank row is not evidence of a balance
        return entry
    blank_lhs = all((c := _cell(tables, r)) is None or c["kind"] != "number" for r in rule.lhs)
    blank_rhs = all((c := _cell(tables, r)) is None or c["kind"] != "number" for r in rule.rhs)
    if (blank_lhs and abs(sides[1]) > _EPS) or (blank_rhs and abs(sides[0]) > _EPS):
        # one side left wholly blank against a non-zero other side: a total-only row, not a zero breakdown
        entry["status"] = "not_assessable"
        entry["why"] = "one side of the rule is blank in the source"
        blank, filled = (rule.lhs, sides[1]) if blank_lhs else (rule.rhs, sides[0])
        if len(blank) <= len(refs) - len(blank):  # the total side blank while the parts hold numbers
            entry["why"] = f"{BLANK_TOTAL}: the other side adds up to {_num(filled)}"
        return entry
    entry["lhs"], entry["rhs"] = _num(sides[0]), _num(sides[1])
    entry["status"] = "pass" if abs(sides[0] - sides[1]) < _EPS else "fail"
    return entry


def _suggest(tables: dict[str, Any], rules: list[_Sum], checks: list[Check]) -> None:
    """Add the best single-cell repair to each failing check (see the module docstring)."""
    by_ref: dict[Ref, list[int]] = {}
    for i, rule in enumerate(rules):
        for ref in rule.lhs + rule.rhs:
            by_ref.setdefault(ref, []).append(i)
    for i, (rule, check) in enumerate(zip(rules, checks)):
        if check["status"] != "fail":
            continue
        best: tuple[tuple[int, bool, int], Ref, float, int] | None = None
        for pos, ref in enumerate(rule.lhs + rule.rhs):
            cell = _cell(tables, ref)
            if cell is None or cell["kind"] not in ("number", "empty"):
                continue
            gap = check["rhs"] - check["lhs"] if ref in rule.lhs else check["lhs"] - check["rhs"]
            value = (_value(tables, ref) or 0.0) + gap
            if value < -_EPS:
                continue  # counts are never negative
            fixed = broken = 0
            for j in by_ref[ref]:
                sides = _sides(tables, rules[j], (ref, value))
                holds = sides is not None and abs(sides[0] - sides[1]) < _EPS
                fixed += checks[j]["status"] == "fail" and holds
                broken += checks[j]["status"] == "pass" and not holds
            key = (fixed - 2 * broken, ref[2] in _TOTAL_CELLS or ref[1] in _TOTAL_CELLS, -pos)
            if best is None or key > best[0]:
                best = (key, ref, value, fixed - 1)
        if best is None:
            continue
        _, ref, value, others = best
        why = ("changing this one cell makes the rule hold"
               + (f" and {others} other failing rule(s) too" if others > 0 else "")
               + ("; it is the total, the cell most often mistyped" if ref[2] in _TOTAL_CELLS or ref[1] in _TOTAL_CELLS
                  else ""))
        check["suggestion"] = {"cell": ".".join(ref), "value": _num(value), "why": why}


def _proactive_checks(proactive: dict[str, Any]) -> list[Check]:
    """表二: counts are non-negative integers; 2019 本年增/减 may be negative, money amounts decimal."""
    checks = []
    for row, cols in proactive.items():
        for col, cell in cols.items():
            if cell["kind"] not in ("number", "text"):
                continue
            signed = col == "change"
            money = col == "amount"
            rule = ("counts are non-negative integers" + (" (本年增/减 may be negative)" if signed else "")
                    + (" (amounts may have decimals)" if money else ""))
            entry: Check = {"id": f"proactive.nonneg.{row}.{col}", "rule": rule, "cells": [f"proactive.{row}.{col}"],
                            "lhs": None, "rhs": None}
            if cell["kind"] == "text":
                entry["status"] = "not_assessable"
            else:
                value = cell["value"]
                entry["lhs"] = value
                entry["status"] = "pass" if (signed or value >= 0) and (money or float(value).is_integer()) else "fail"
            checks.append(entry)
    return checks
