"""A reviewed report as a gold annotation document (``annotations/GUIDELINES.md``).

Spans: the rule tagger's structure spans (title, headings, headers, row labels) over the
normalized text, so training does not learn them as ``O``; then, from the corrected
reading, one CELL span per table cell, one SECTION_HEADING per section and a METRIC (with
its METRIC_SUBJECT where the subject stands next to it) per metric. A tagger span that
overlaps one of those gives way: the reviewed reading wins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gdr_nlp.annotations.io import LABELS_VERSION, Doc, load_labels, parse_cell
from gdr_nlp.review.grid import column_unit, iter_cells

Spans = list[dict[str, Any]]
_READING_LABELS = frozenset({"CELL", "METRIC", "METRIC_SUBJECT", "SECTION_HEADING"})
_SUBJECT_REACH = 40
"""Characters before/after a metric searched for its subject's words (subjects sit next to the number)."""


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a["start"] == a["end"] or b["start"] == b["end"]:
        point, other = (a, b) if a["start"] == a["end"] else (b, a)
        return other["start"] < point["start"] < other["end"] or point["start"] == other["start"] == other["end"]
    return a["start"] < b["end"] and b["start"] < a["end"]


def _subject_span(text: str, metric: dict[str, Any]) -> list[int] | None:
    subject, (start, end) = metric.get("subject") or "", metric["span"]
    if not subject:
        return None
    before = text.rfind(subject, max(0, start - _SUBJECT_REACH - len(subject)), start)
    after = text.find(subject, end, end + _SUBJECT_REACH + len(subject))
    candidates = [p for p in (before, after) if p >= 0]
    if not candidates:
        return None
    best = min(candidates, key=lambda p: start - (p + len(subject)) if p < start else p - end)
    return [best, best + len(subject)]


def _gold_cell(text: str, key: str, cell: dict[str, Any], version: str | None) -> dict[str, Any]:
    table, _row, col = key.split(".")
    span = cell["span"]
    value, kind, unit = parse_cell(text[span[0] : span[1]], unit=column_unit(table, col, version))
    gold: dict[str, Any] = {"value": value, "kind": kind, "span": list(span)}
    if unit is not None:
        gold["unit"] = unit
    if cell.get("source_wrong"):
        gold["note"] = f"source wrong: should be {cell['source_wrong']['should_be']}"
    return gold


def _reading(text: str, corrected: dict[str, Any]) -> tuple[Spans, dict[str, Any], list[dict[str, Any]]]:
    version = (corrected.get("report") or {}).get("format_version")
    spans: Spans = []
    tables: dict[str, Any] = {}
    for key, cell in iter_cells(corrected):
        if not cell.get("span"):
            continue  # a cell with no place in the text cannot be gold
        gold = _gold_cell(text, key, cell, version)
        table, row, col = key.split(".")
        tables.setdefault(table, {}).setdefault(row, {})[col] = gold
        spans.append({"start": gold["span"][0], "end": gold["span"][1], "label": "CELL", "attrs": {"kind": gold["kind"]}})
    metrics = []
    for m in corrected.get("metrics") or []:
        if any(_overlaps({"start": m["span"][0], "end": m["span"][1]}, s) for s in spans):
            continue  # a table number read as a metric: the cell wins
        gold_metric = {k: m.get(k) for k in ("type", "value", "unit", "qualifier", "subject", "section", "span")}
        if m.get("source_wrong"):
            gold_metric["note"] = f"source wrong: should be {m['source_wrong']['should_be']}"
        attrs = {k: m.get(k) for k in ("type", "value", "unit", "qualifier")}
        spans.append({"start": m["span"][0], "end": m["span"][1], "label": "METRIC", "attrs": attrs})
        sub = _subject_span(text, m)
        if sub is not None and not any(_overlaps({"start": sub[0], "end": sub[1]}, s) for s in spans):
            gold_metric["subject_span"] = sub
            spans.append({"start": sub[0], "end": sub[1], "label": "METRIC_SUBJECT"})
        metrics.append(gold_metric)
    return spans, tables, metrics


def annotation_doc(name: str, source: str, text: str, corrected: dict[str, Any],
                   tagger_spans: Callable[[str], Spans]) -> Doc:
    """The gold document for a reviewed report: structure spans from the tagger, the reading from ``corrected``."""
    spans, tables, metrics = _reading(text, corrected)
    sections = []
    for sec in corrected.get("sections") or []:
        heading = (sec.get("heading") or "").strip()
        start = sec.get("start", 0)
        if heading and text.startswith(heading, start):
            span = {"start": start, "end": start + len(heading), "label": "SECTION_HEADING", "attrs": {"key": sec["key"]}}
            if not any(_overlaps(span, s) for s in spans):
                spans.append(span)
                sections.append({"key": sec["key"], "heading": heading, "start": start, "end": sec["end"]})
    allowed = load_labels().get("attrs", {})
    structure = []
    for s in tagger_spans(text):
        if s["label"] in _READING_LABELS:
            continue
        attrs = {k: v for k, v in (s.get("attrs") or {}).items() if k in allowed.get(s["label"], {})}  # tagger-internal attrs go
        structure.append({"start": s["start"], "end": s["end"], "label": s["label"], **({"attrs": attrs} if attrs else {})})
    structure.sort(key=lambda s: (s["start"], s["end"]))
    for s in structure:
        if not any(_overlaps(s, t) for t in spans):
            spans.append(s)
    report = corrected.get("report") or {}
    gold_report = {k: report.get(k) for k in ("title", "agency", "year", "format_version") if report.get(k) is not None}
    gold_report["variants"] = list(report.get("variants") or [])
    gold: dict[str, Any] = {"report": gold_report, "sections": sections, "tables": tables, "metrics": metrics}
    return {"id": name, "source": source, "text": text, "labels_version": LABELS_VERSION, "spans": spans, "gold": gold,
            "review": {k: v for k, v in (corrected.get("reviewed") or {}).items() if k in ("corrections", "updated")}}
