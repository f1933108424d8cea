"""Narrative-vs-table checks (ids under ``narrative.``).

Each rule takes the first metric in the prose that states a quantity the tables
also hold (applications received, answered, carried over and forward; 行政复议
and 行政诉讼 totals and per-result counts; fees) and compares it with the table
cell(s). Entries have the CONTRACT.md ``checks`` shape plus ``span`` (the
metric's offsets) and, for ``not_assessable``, ``why``.

Scope: agreement is always a ``pass``. A disagreement is a ``fail`` only when the
sentence gives no sign of a different scope; when it speaks of a wider or
narrower scope (全区/全市/各部门/全系统, 本机关/政府办, 备案, 含上年结转 …) the
two numbers may count different things, and the status is ``not_assessable``.
"""

from __future__ import annotations

import re
from typing import Any

from gdr_nlp.document import ReportDocument
from gdr_nlp.reconcile.metric_types import sentence_around

SCOPE_WORDS = re.compile(
    r"全区|全市|全县|全镇|全省|全州|全旗|全乡|全街道|全系统|系统内|各部门|各单位|各级|各乡镇|各街道|各县|各区|所属|下属|直属|"
    r"本机关|本级|本部门|政府办|办公室|代表|备案|含上年|包括上年|含结转|含上年度|累计|历年|以来|合计"
)
_CARRIED_OVER = re.compile(r"上年.{0,4}结转|上一年.{0,4}结转|上年度结转|结转.{0,2}上年")
_CARRIED_FORWARD = re.compile(r"结转下|结转至下|转入下|顺延|下年度继续|下一年度|结转到下|待下年")
_RESULT_COLUMNS = (
    ("维持", "upheld"),
    ("纠正", "corrected"),
    ("其他结果", "other"),
    ("尚未审结", "pending"),
    ("未审结", "pending"),
)
_NONE_RECEIVED = re.compile(r"(?:未|没有|无)(?:收到|受理|接到|发生)[^。；]{0,20}?(?:公开)?申请")
_PER_OUTCOME = re.compile(r"予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|不予受理")
_FEE_NONE = re.compile(
    r"(?:未|没有|不|无)(?:收取|收费)[^。；]{0,16}?(?:信息处理费|费用)|信息处理费[^。；\d]{0,6}(?:为零|(?<!\d)0元)"
)
LITIGATION_GROUPS = ("litigation_direct", "litigation_after_review")


def _cell(doc: ReportDocument, table: str, row: str, col: str) -> float | None:
    cell = doc.tables.get(table, {}).get(row, {}).get(col)
    if not isinstance(cell, dict) or cell.get("kind") != "number" or cell.get("value") is None:
        return None
    return float(cell["value"])


_INCLUDES_CARRIED = re.compile(r"含上年度?|包括上年度?|含结转")


def _entry(
    check_id: str,
    rule: str,
    lhs: float | None,
    rhs: float | None,
    cells: list[str],
    metric: dict[str, Any] | None,
    sentence: str,
    *,
    own_scope: bool = False,
) -> dict[str, Any]:
    """One check entry; ``own_scope``: the number is the carried-over part itself, so 含上年结转 is no scope sign."""
    if own_scope:
        sentence = _INCLUDES_CARRIED.sub("", sentence)
    entry: dict[str, Any] = {"id": check_id, "rule": rule, "lhs": _num(lhs), "rhs": _num(rhs), "cells": cells}
    if metric is not None:
        entry["span"] = metric["span"]
    if lhs is None or rhs is None:
        entry["status"] = "not_assessable"
        entry["why"] = "a table cell it needs is missing or not a number"
    elif abs(lhs - rhs) < 1e-6:
        entry["status"] = "pass"
    elif metric is not None and metric.get("qualifier"):
        entry["status"] = "not_assessable"
        entry["why"] = f"the prose gives an approximate number ({metric['qualifier']})"
    elif SCOPE_WORDS.search(sentence):
        entry["status"] = "not_assessable"
        entry["why"] = f"the sentence speaks of another scope ({SCOPE_WORDS.search(sentence).group(0)})"  # type: ignore[union-attr]
    else:
        entry["status"] = "fail"
    return entry


def _num(x: float | None) -> int | float | None:
    return None if x is None else int(x) if float(x).is_integer() else x


def _context(doc: ReportDocument, metric: dict[str, Any]) -> tuple[str, str]:
    """(sentence, clause around the number with the number left out) of a metric."""
    start, end = metric["span"]
    s, e = sentence_around(doc.text, start, end)
    sent = doc.text[s:e].replace("\n", "")
    left = doc.text[s:start]
    cut = max(left.rfind(ch) for ch in "，,；;：:（(、")
    right = doc.text[end:e]
    stop = min([i for i in (right.find(ch) for ch in "，,；;。（()）、") if i >= 0] or [len(right)])
    return sent, (left[cut + 1 :] + right[:stop]).replace("\n", "")


def _application_checks(doc: ReportDocument) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for m in doc.metrics:
        if m.get("type") not in ("applications_received", "applications_answered", "other") or m.get("unit") == "%":
            continue
        sent, clause = _context(doc, m)
        if "申请" not in sent:
            continue
        if _CARRIED_FORWARD.search(clause):
            role, row = "carried_forward", "carried_forward"
        elif _CARRIED_OVER.search(clause):
            role, row = "carried_over", "carried_over"
        elif m["type"] == "applications_received":
            role, row = "received", "new_received"
        elif m["type"] == "applications_answered" and not _PER_OUTCOME.search(clause):
            role, row = "answered", "total_processed"
        else:
            continue
        if role in seen:
            continue
        seen.add(role)
        cell = f"applications.{row}.total"
        out.append(
            _entry(
                f"narrative.applications.{role}",
                f"prose {role} = {cell}",
                float(m["value"]),
                _cell(doc, "applications", row, "total"),
                [cell],
                m,
                sent,
                own_scope=role in ("carried_over", "carried_forward"),
            )
        )
    if "received" not in seen:
        none = _NONE_RECEIVED.search(doc.text[: _prose_end(doc)])
        if none:
            s, e = sentence_around(doc.text, none.start(), none.end())
            entry = _entry(
                "narrative.applications.none_received",
                "prose 'no applications received' = 0 = applications.new_received.total",
                0.0,
                _cell(doc, "applications", "new_received", "total"),
                ["applications.new_received.total"],
                None,
                doc.text[s:e],
            )
            entry["span"] = [none.start(), none.end()]
            out.append(entry)
    return out


def _prose_end(doc: ReportDocument) -> int:
    """End of section 一 (where the prose summary of applications lives), or the whole text."""
    for sec in doc.sections:
        if sec.get("key") == "proactive":
            return int(sec["start"])
    m = re.search(r"^\s*二\s*[、.．]\s*主动公开", doc.text, re.MULTILINE)
    return m.start() if m else len(doc.text)


def _review_checks(doc: ReportDocument) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for mtype, key, groups in (("admin_reviews", "review", ("review",)), ("lawsuits", "litigation", LITIGATION_GROUPS)):
        seen: set[str] = set()
        for m in (m for m in doc.metrics if m.get("type") == mtype and m.get("unit") != "%"):
            sent, clause = _context(doc, m)
            col = next((c for word, c in _RESULT_COLUMNS if word in clause), "total")
            if col in seen:
                continue
            seen.add(col)
            cells = [f"review_litigation.{g}.{col}" for g in groups]
            values = [_cell(doc, "review_litigation", g, col) for g in groups]
            rhs = None if any(v is None for v in values) else sum(v for v in values if v is not None)
            rule = f"prose {key} {col} = " + " + ".join(cells)
            out.append(_entry(f"narrative.{key}.{col}", rule, float(m["value"]), rhs, cells, m, sent))
    return out


def _to_yuan(value: float, unit: str | None) -> float:
    return value * 10_000 if unit == "万元" else value * 100_000_000 if unit == "亿元" else value


def _fee_checks(doc: ReportDocument) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    statements: list[tuple[float, dict[str, Any] | None, str, list[int]]] = []
    for m in doc.metrics:
        if m.get("unit") not in ("元", "万元", "亿元"):
            continue
        sent, _ = _context(doc, m)
        if "行政事业性收费" in sent and doc.report.get("format_version") == "2021":
            rhs = _cell(doc, "proactive", "fees", "amount")
            out.append(
                _entry(
                    "narrative.fees.admin_charges",
                    "prose 行政事业性收费 (万元) = proactive.fees.amount",
                    _to_yuan(float(m["value"]), m["unit"]) / 10_000,
                    rhs,
                    ["proactive.fees.amount"],
                    m,
                    sent,
                )
            )
        elif m.get("type") == "info_fees":
            statements.append((_to_yuan(float(m["value"]), m["unit"]), m, sent, m["span"]))
    for none in _FEE_NONE.finditer(doc.text):
        statements.append((0.0, None, none.group(0), [none.start(), none.end()]))
    if len(statements) >= 2:
        first, rest = statements[0], statements[1:]
        for value, metric, sent, span in rest:
            if abs(value - first[0]) < 1e-6:
                continue
            entry = _entry(
                "narrative.fees.info_processing",
                "information-processing fees agree wherever stated (元)",
                first[0],
                value,
                [],
                metric,
                sent,
            )
            entry["span"] = span
            out.append(entry)
            break
        else:
            entry = _entry(
                "narrative.fees.info_processing",
                "information-processing fees agree wherever stated (元)",
                first[0],
                first[0],
                [],
                first[1],
                first[2],
            )
            entry["span"] = first[3]
            out.append(entry)
    return out


def narrative_checks(doc: ReportDocument) -> list[dict[str, Any]]:
    """Checks of the prose's numbers against the tables (and against each other, for fees).

    Args:
        doc: a document with ``doc.metrics`` and ``doc.tables`` filled.

    Returns:
        Check entries (CONTRACT.md ``checks`` shape), ids under ``narrative.``.
    """
    return _application_checks(doc) + _review_checks(doc) + _fee_checks(doc)
