"""Cross-year checks between two consecutive reports of one agency (ids under ``crossyear.``).

Entries have the CONTRACT.md ``checks`` shape (``id``, ``status``, ``rule``, ``lhs``,
``rhs``, ``cells``) plus ``agency``, ``years`` ([last year, this year]) and, for
``not_assessable``, ``why``. A cell is written ``<year>:<table>.<row>.<column>``.

* ``crossyear.continuity.<column>``: this year's 上年结转 = last year's 结转下年度, per
  applicant column both reports have.
* ``crossyear.stock.<row>``: 2021 表二, both years 2021 format: 现行有效 this year = last
  year's 现行有效 + this year's 本年制发 − 本年废止 (rows regulations, normative_documents).
* ``crossyear.narrative.<what>``: a year-over-year statement in this year's prose
  (同比增长/下降N%, 较上年增加/减少N件) against both years' numbers. Conservative: the claim
  must sit right after the number it qualifies (``claims``), that number must map to a
  table cell (and equal this year's cell) or to the one metric of its type in each year's
  report; anything less clear is ``not_assessable`` with ``why``.
"""

from __future__ import annotations

import re
from typing import Any

from gdr_nlp.reconcile.schema import APPLICANT_KEYS

Report = dict[str, Any]
"""A contract JSON (``gdr-report/1``) as loaded."""

STOCK_ROWS = ("regulations", "normative_documents")
# the year-over-year words at the end of a metric's subject; group 1: the subject's own noun
YOY = re.compile(r"^(?P<noun>.{0,6}?)(?:同比|较上年度?|比上年度?|较去年|比去年|与上年相比|较上一年度?|比上一年度?"
                 r"|[较比与](?P<year>20[0-3]\d)年度?(?:相比)?)(?:同期)?"
                 r"(?P<dir>增长|增加|上升|提高|提升|多|下降|减少|降低|回落|少)了?$")
_DOWN = ("下降", "减少", "降低", "回落", "少")
# a claim's own noun may only restate its referent's quantity (申请量同比增长: 申请130件 just before)
_OWN_NOUN = re.compile(r"^(?:申请|依申请|申请数|申请量|数量|总量|案件数|案件量)?(?:数量|量|数)?$")
# metric → table cell, for the referents of claims (prose value must also equal this year's cell)
_TABLE_REFERENTS = {
    "applications_received": ("applications.new_received.total", ("applications", "new_received", "total")),
    "applications_answered": ("applications.total_processed.total", ("applications", "total_processed", "total")),
    "admin_reviews": ("review_litigation.review.total", ("review_litigation", "review", "total")),
}
_NOT_TABLE = re.compile(r"结转|维持|纠正|其他结果|未审结|予以公开|部分公开|不予|无法提供|不予处理")
# same-type metrics compared year to year: types that name one quantity, not a breakdown
_SERIES_TYPES = frozenset({
    "proactive_items", "policy_interpretations", "press_conferences", "opinion_responses", "opinion_bulletins",
    "new_media_accounts", "new_media_posts", "training_sessions", "training_participants", "mailbox_messages",
    "gazette_issues", "opinion_solicitations", "website_posts", "page_views", "interactions", "lawsuits",
})


def cell_value(report: Report, table: str, row: str, col: str) -> float | None:
    """A table cell's number, or None when absent, blank, ``/`` or text."""
    cell = (report.get("tables") or {}).get(table, {}).get(row, {}).get(col)
    if not isinstance(cell, dict) or cell.get("kind") != "number" or not isinstance(cell.get("value"), (int, float)):
        return None
    return float(cell["value"])


def _num(x: float | None) -> int | float | None:
    return None if x is None else int(x) if float(x).is_integer() else round(x, 4)


def _entry(check_id: str, agency: str, years: list[int], rule: str, lhs: float | None, rhs: float | None,
           cells: list[str], *, why: str | None = None, tolerance: float = 1e-6) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": check_id, "agency": agency, "years": years, "cells": cells, "rule": rule,
                             "lhs": _num(lhs), "rhs": _num(rhs)}
    if why is None and (lhs is None or rhs is None):
        why = "a cell it needs is missing or not a number"
    if why is not None:
        entry["status"], entry["why"] = "not_assessable", why
    else:
        entry["status"] = "pass" if abs(lhs - rhs) <= tolerance else "fail"  # type: ignore[operator]
    return entry


def _app_columns(report: Report) -> list[str]:
    cols = {c for row in ((report.get("tables") or {}).get("applications") or {}).values() for c in row}
    return [c for c in APPLICANT_KEYS if c in cols] + sorted(cols - set(APPLICANT_KEYS))


def continuity(agency: str, last: tuple[int, Report], this: tuple[int, Report]) -> list[dict[str, Any]]:
    """上年结转 this year = 结转下年度 last year, per applicant column both reports have."""
    (y0, r0), (y1, r1) = last, this
    cols = [c for c in _app_columns(r1) if c in set(_app_columns(r0))]
    return [
        _entry(f"crossyear.continuity.{c}", agency, [y0, y1], f"{y1} carried_over.{c} = {y0} carried_forward.{c}",
               cell_value(r1, "applications", "carried_over", c), cell_value(r0, "applications", "carried_forward", c),
               [f"{y1}:applications.carried_over.{c}", f"{y0}:applications.carried_forward.{c}"])
        for c in cols
    ]


def stock(agency: str, last: tuple[int, Report], this: tuple[int, Report]) -> list[dict[str, Any]]:
    """2021 表二: in_force this year = last year's in_force + this year's issued − repealed."""
    (y0, r0), (y1, r1) = last, this
    if not all((r.get("report") or {}).get("format_version") == "2021" for r in (r0, r1)):
        return []
    out = []
    for row in STOCK_ROWS:
        parts = [cell_value(r0, "proactive", row, "in_force"), cell_value(r1, "proactive", row, "issued"),
                 cell_value(r1, "proactive", row, "repealed")]
        rhs = None if None in parts else parts[0] + parts[1] - parts[2]  # type: ignore[operator]
        out.append(_entry(
            f"crossyear.stock.{row}", agency, [y0, y1], f"{y1} in_force = {y0} in_force + {y1} issued − {y1} repealed",
            cell_value(r1, "proactive", row, "in_force"), rhs,
            [f"{y1}:proactive.{row}.in_force", f"{y0}:proactive.{row}.in_force", f"{y1}:proactive.{row}.issued",
             f"{y1}:proactive.{row}.repealed"]))
    return out


def claims(report: Report) -> list[tuple[dict[str, Any], dict[str, Any] | None, re.Match[str]]]:
    """Year-over-year statements: (claim metric, the metric it qualifies or None, the ``YOY`` match).

    The referent is the metric just before the claim in the same section, with nothing between
    them but the claim's subject and a separator (read from the spans, so no text is needed).
    """
    metrics = [m for m in report.get("metrics") or [] if isinstance(m, dict) and isinstance(m.get("span"), list)]
    out = []
    for i, m in enumerate(metrics):
        match = YOY.match(str(m.get("subject") or ""))
        if not match or not isinstance(m.get("value"), (int, float)):
            continue
        prev = metrics[i - 1] if i else None
        if prev is not None:
            gap = m["span"][0] - prev["span"][1]
            if prev.get("section") != m.get("section") or YOY.match(str(prev.get("subject") or "")) or not 0 <= gap <= len(m["subject"]) + 3:
                prev = None
        out.append((m, prev, match))
    return out


def _referent(ref: dict[str, Any] | None, noun: str) -> tuple[str, tuple[str, str, str] | None] | str:
    """(what, table cell or None for same-type metrics) or the reason the claim is not assessable."""
    if ref is None:
        return "the statement does not follow the number it compares"
    if not _OWN_NOUN.match(noun):
        return f"the statement names its own subject ({noun})"
    if ref.get("qualifier"):
        return f"the number it compares is approximate ({ref['qualifier']})"
    mtype, subject = ref.get("type"), str(ref.get("subject") or "")
    if mtype in _TABLE_REFERENTS and not _NOT_TABLE.search(subject):
        return _TABLE_REFERENTS[mtype]
    if mtype in _SERIES_TYPES:
        return f"metric.{mtype}", None
    return f"no table cell or single metric type for its subject ({subject or mtype})"


def _metric_value(report: Report, mtype: str, unit: str | None) -> float | str:
    found = [m for m in report.get("metrics") or [] if m.get("type") == mtype and m.get("unit") == unit
             and not YOY.match(str(m.get("subject") or ""))]
    if len(found) != 1:
        return f"{len(found)} metrics of type {mtype} ({unit}) in the report"
    if found[0].get("qualifier"):
        return f"the {mtype} metric is approximate"
    return float(found[0]["value"])


def _both_values(ref: dict[str, Any], cell: tuple[str, str, str] | None, what: str,
                 r0: Report, r1: Report, y0: int) -> tuple[float, float] | str:
    if cell is not None:
        v1, v0 = cell_value(r1, *cell), cell_value(r0, *cell)
        if v1 is None or v0 is None:
            return "a cell it needs is missing or not a number"
        if abs(v1 - float(ref["value"])) > 1e-6:
            return f"the prose number ({_num(float(ref['value']))}) is not this year's {what} ({_num(v1)}): another scope"
        return v0, v1
    v0m, v1m = _metric_value(r0, what.split(".", 1)[1], ref.get("unit")), _metric_value(r1, what.split(".", 1)[1], ref.get("unit"))
    if isinstance(v0m, str) or isinstance(v1m, str):
        return f"{y0}: {v0m}" if isinstance(v0m, str) else str(v1m)
    return v0m, v1m


def _decimals(value: float) -> int:
    text = f"{value:.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def _why_not(claim: dict[str, Any], ref: dict[str, Any] | None, match: re.Match[str], target: tuple | str,
             last: tuple[int, Report] | None, y1: int) -> str | None:
    """Why a claim cannot be judged before looking at the numbers, or None."""
    if isinstance(target, str):
        return target
    if match.group("year") and int(match.group("year")) != y1 - 1:
        return f"compares with {match.group('year')}, not {y1 - 1}"
    if last is None:
        return f"no report for {y1 - 1}"
    if claim.get("qualifier"):
        return f"the stated change is approximate ({claim['qualifier']})"
    if claim.get("unit") != "%" and ref is not None and claim.get("unit") != ref.get("unit"):
        return f"the change's unit ({claim.get('unit')}) is not the number's ({ref.get('unit')})"
    return None


def _judge(check_id: str, agency: str, years: list[int], rule: str, cells: list[str], stated: float, pct: bool,
           printed: float, v0: float, v1: float) -> dict[str, Any]:
    if pct and v0 == 0:
        return _entry(check_id, agency, years, rule, stated, None, cells, why=f"{years[0]}'s number is 0: no percentage")
    actual = (v1 - v0) * 100 / v0 if pct else v1 - v0
    # a rounded percentage passes within one unit of its last printed digit; a gap under one
    # percentage point may be another base or loose rounding: not judged
    tolerance = 10 ** -_decimals(printed) if pct else 1e-6
    gap = abs(stated - actual)
    doubt = f"differs from the computed {actual:.2f}% by less than one point" if pct and tolerance < gap <= 1.0 else None
    return _entry(check_id, agency, years, rule, stated, actual, cells, why=doubt, tolerance=tolerance + 1e-9)


def narrative(agency: str, last: tuple[int, Report] | None, this: tuple[int, Report]) -> list[dict[str, Any]]:
    """Year-over-year statements in this year's prose against both years' numbers."""
    y1, r1 = this
    years = [y1 - 1, y1]
    out = []
    for claim, ref, match in claims(r1):
        stated = (-1 if match.group("dir") in _DOWN else 1) * float(claim["value"])
        pct = claim.get("unit") == "%"
        target = _referent(ref, match.group("noun"))
        what = target[0] if isinstance(target, tuple) else "unmapped"
        check_id = f"crossyear.narrative.{what}"
        rule = f"{y1} prose: {what} changed by {_num(stated)}{'%' if pct else ''} on {y1 - 1}"
        cells = [f"{y}:{what}" for y in years] if isinstance(target, tuple) else []
        why = _why_not(claim, ref, match, target, last, y1)
        if why is None and ref is not None and last is not None and isinstance(target, tuple):
            values = _both_values(ref, target[1], what, last[1], r1, last[0])
            if isinstance(values, tuple):
                entry = _judge(check_id, agency, years, rule, cells, stated, pct, float(claim["value"]), *values)
            else:
                why = values
        if why is not None:
            entry = _entry(check_id, agency, years, rule, stated, None, cells, why=why)
        entry["span"] = claim["span"]
        out.append(entry)
    return out


__all__ = ["STOCK_ROWS", "YOY", "cell_value", "claims", "continuity", "narrative", "stock"]
