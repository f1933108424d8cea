"""Corrections a reviewer makes, checked against the source text, and what they turn a reading into.

A correction is one JSON object in the report's append-only log (``review/log/<name>.jsonl``).
Kinds:

* ``cell``: a table cell read from the characters ``span`` of the normalized text (a fix
  of a misread cell, or a missing official cell added). The value is what those characters
  say (:func:`gdr_nlp.annotations.parse_cell`), never a number typed without a source.
* ``source_wrong``: the cell was read right but the source itself is wrong; ``should_be``
  is the reviewer's value. The cell keeps the source's value (CONTRACT.md: values are what
  the source says); the proposal travels beside it.
* ``metric``: a narrative metric at ``span`` set (edited or added), deleted, or its source
  marked wrong (``action`` ``source_wrong``, with ``should_be``, as for a cell).

Replaying the log over the original contract JSON gives the corrected one, so the log is
the single source of truth and the derived files can always be rebuilt.
"""

from __future__ import annotations

import copy
from typing import Any

from gdr_nlp.annotations.io import load_labels, parse_cell
from gdr_nlp.check.rules import check_tables
from gdr_nlp.review.grid import cell_at, column_unit, is_official_cell, iter_cells

QUALIFIERS = ("over", "approx", "under")
Correction = dict[str, Any]
"""One log entry: ``seq``, ``at`` (UTC ISO time), ``base_version``, ``kind`` and the kind's fields."""


class CorrectionError(ValueError):
    """A correction the form cannot take; the message is shown to the reviewer as is."""


def metric_types() -> list[str]:
    return list(load_labels().get("metric_types", []))


def _span(form: dict[str, str], text: str) -> tuple[int, int]:
    try:
        start, end = int(form.get("start", "")), int(form.get("end", ""))
    except ValueError:
        raise CorrectionError("the source span needs two whole numbers (start, end): select the characters in the source text") from None
    if not 0 <= start <= end <= len(text):
        raise CorrectionError(f"the span [{start}, {end}) lies outside the text ({len(text)} characters)")
    return start, end


def _number(raw: str, what: str) -> int | float:
    value, kind, _unit = parse_cell(raw)
    if kind != "number" or value is None:
        raise CorrectionError(f"{what} {raw!r} is not a number")
    return value


def cell_correction(form: dict[str, str], contract: dict[str, Any], text: str) -> Correction:
    """A ``cell`` or ``source_wrong`` correction from the cell form, or :class:`CorrectionError`."""
    key = form.get("key", "").strip()
    if not is_official_cell(contract, key):
        raise CorrectionError(f"{key!r} is not an official cell of this report's tables (table.row.column)")
    typed = form.get("value", "").strip()
    note = form.get("note", "").strip()
    if form.get("source_wrong"):
        cell = cell_at(contract, key)
        if cell is None:
            raise CorrectionError(f"{key} was not read, so its source cannot be marked wrong: add it from its characters first")
        return {"kind": "source_wrong", "key": key, "should_be": _number(typed, "the value it should be"), "note": note}
    start, end = _span(form, text)
    raw = text[start:end]
    if raw.strip() and raw != raw.strip():  # a blank cell is its whitespace (GUIDELINES.md 2.2); others are trimmed
        raise CorrectionError(f"the span {raw!r} starts or ends with a blank: select only the cell's characters")
    table, _row, col = key.split(".")
    value, kind, unit = parse_cell(raw, unit=column_unit(table, col, contract.get("report", {}).get("format_version")))
    if typed:
        want_value, want_kind, _ = parse_cell(typed)
        differs = want_kind != kind or kind == "number" and abs(float(want_value or 0) - float(value or 0)) > 1e-9
        if differs:
            raise CorrectionError(f"the source at [{start}, {end}) reads {raw!r} ({kind}), not {typed!r}: select the characters "
                                  "that say it, or tick 'the source is wrong' if the report itself printed a wrong number")
    return {"kind": "cell", "key": key, "span": [start, end], "raw": raw, "value": value, "cell_kind": kind,
            "unit": unit, "note": note}


def metric_correction(form: dict[str, str], contract: dict[str, Any], text: str) -> Correction:
    """A ``metric`` correction (set or delete) from the metric form, or :class:`CorrectionError`."""
    start, end = _span(form, text)
    if start == end or text[start:end] != text[start:end].strip():
        raise CorrectionError("a metric's span is its number and unit, without blanks at either end: select them in the text")
    known = any(m.get("span") == [start, end] for m in contract.get("metrics") or [])
    if form.get("delete") or form.get("source_wrong"):
        action = "delete" if form.get("delete") else "source_wrong"
        if not known:
            raise CorrectionError(f"no metric at [{start}, {end}) to {'delete' if action == 'delete' else 'mark'}: save it first")
        out: Correction = {"kind": "metric", "action": action, "span": [start, end], "note": form.get("note", "").strip()}
        if action == "source_wrong":
            out["should_be"] = _number(form.get("value", "").strip(), "the value it should be")
        return out
    mtype = form.get("type", "").strip()
    if mtype not in metric_types():
        raise CorrectionError(f"type {mtype!r} is not a metric type of CONTRACT.md")
    qualifier = form.get("qualifier", "").strip() or None
    if qualifier is not None and qualifier not in QUALIFIERS:
        raise CorrectionError(f"qualifier {qualifier!r} is not one of {', '.join(QUALIFIERS)} (or none)")
    subject = form.get("subject", "").strip()
    if not subject:
        raise CorrectionError("a metric needs a subject: the words saying what is counted")
    for cell_key, cell in iter_cells(contract):
        span = cell.get("span")
        if span and span[0] < end and start < span[1]:
            raise CorrectionError(f"[{start}, {end}) overlaps the table cell {cell_key}: a table number is not a metric")
    for other in contract.get("metrics") or []:
        span = other.get("span") or [0, 0]
        if span != [start, end] and span[0] < end and start < span[1]:
            raise CorrectionError(f"[{start}, {end}) overlaps the metric at [{span[0]}, {span[1]}) "
                                  f"({text[span[0]:span[1]]!r}): delete that one first, or edit it")
    section = next((s.get("key") for s in contract.get("sections") or [] if s.get("start", 0) <= start < s.get("end", -1)), None)
    if section is None:
        raise CorrectionError(f"[{start}, {end}) lies outside every section of the report")
    return {"kind": "metric", "action": "set", "span": [start, end], "type": mtype,
            "value": _number(form.get("value", "").strip(), "the value"), "unit": form.get("unit", "").strip() or None,
            "qualifier": qualifier, "subject": subject, "section": section, "note": form.get("note", "").strip()}


def target(correction: Correction) -> str:
    """What a correction changes, for the conflict check between tabs."""
    if correction["kind"] == "metric":
        return f"metric:{correction['span'][0]}-{correction['span'][1]}"
    return f"cell:{correction['key']}"


def _apply_cell(tables: dict[str, Any], c: Correction) -> None:
    table, row, col = c["key"].split(".")
    cells = tables.setdefault(table, {}).setdefault(row, {})
    before = cells.get(col)
    if c["kind"] == "source_wrong":
        if isinstance(before, dict):
            before["source_wrong"] = {"should_be": c["should_be"], "at": c["at"], "note": c.get("note", "")}
        return
    cell = dict(before) if isinstance(before, dict) else {}
    cell.update({"value": c["value"], "raw": c["raw"], "kind": c["cell_kind"], "span": c["span"], "confidence": 1.0})
    cell["unit"] = c["unit"] or (before or {}).get("unit") if c["cell_kind"] == "number" else None
    history = {"at": c["at"], "note": c.get("note", "")}
    if isinstance(before, dict):
        history["before"] = {k: before.get(k) for k in ("value", "raw", "kind", "span")}
    else:
        history["added"] = True
    cell["corrected"] = history
    cell.pop("source_wrong", None)  # a new reading replaces a verdict about the old one
    cells[col] = cell


def _apply_metric(metrics: list[dict[str, Any]], c: Correction) -> list[dict[str, Any]]:
    kept = [m for m in metrics if m.get("span") != c["span"]]
    before = next((m for m in metrics if m.get("span") == c["span"]), None)
    if c["action"] == "source_wrong":  # the prose printed a wrong number: it stays, the proposal goes beside it
        if before is not None:
            before["source_wrong"] = {"should_be": c["should_be"], "at": c["at"], "note": c.get("note", "")}
        return metrics
    if c["action"] == "delete":
        return kept
    metric = {k: c[k] for k in ("type", "value", "unit", "qualifier", "subject", "section", "span")}
    history: dict[str, Any] = {"at": c["at"], "note": c.get("note", "")}
    if before is not None:
        history["before"] = {k: before.get(k) for k in ("type", "value", "unit", "qualifier", "subject")}
    else:
        history["added"] = True
    metric["corrected"] = history
    return sorted([*kept, metric], key=lambda m: tuple(m.get("span") or (0, 0)))


def apply_corrections(contract: dict[str, Any], log: list[Correction]) -> dict[str, Any]:
    """The contract with the log replayed in order; table checks recomputed over the corrected tables."""
    out = copy.deepcopy(contract)
    tables = out.setdefault("tables", {})
    metrics = list(out.get("metrics") or [])
    deleted = []
    for c in log:
        if c["kind"] == "metric":
            if c["action"] == "delete":
                deleted.append({"span": c["span"], "at": c["at"], "note": c.get("note", "")})
            metrics = _apply_metric(metrics, c)
        else:
            _apply_cell(tables, c)
    out["metrics"] = metrics
    if log:
        table_checks = check_tables(tables, (out.get("report") or {}).get("format_version"))
        fresh = {c["id"] for c in table_checks}
        out["checks"] = table_checks + [c for c in out.get("checks") or [] if c.get("id") not in fresh]
        out["reviewed"] = {"corrections": len(log), "updated": log[-1]["at"], "deleted_metrics": deleted,
                           "source_wrong": [target(c) for c in log if "source_wrong" in (c["kind"], c.get("action"))]}
    return out
