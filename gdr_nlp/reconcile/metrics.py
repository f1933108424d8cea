"""Narrative metrics from tagged spans → ``doc.metrics`` (CONTRACT.md ``metrics``).

Reads METRIC / METRIC_SUBJECT spans from the requested layers. Rule spans
arrive fully typed; spans without attributes (a trained tagger's) are read here:
value, unit and qualifier from the span text (``numerals``), the type from the
classifier over the sentence around the span (``metric_types``), the subject
from the nearest METRIC_SUBJECT span or, failing that, from the clause.
"""

from __future__ import annotations

import re
from typing import Any

from gdr_nlp.document import ReportDocument, Span
from gdr_nlp.reconcile.metric_types import (
    MetricContext,
    classify,
    clause_start,
    section_at,
    section_bounds,
    sentence_around,
    subject_bounds,
)
from gdr_nlp.reconcile.numerals import find_quantities

METRIC_KEYS = ("type", "value", "unit", "qualifier", "subject", "section", "span")

_BREAKDOWN = re.compile(r"其中|主要类别|主要包括|包括|分别为|分别是|具体为|含")


def _read_span(
    text: str, span: Span, sections: list[dict[str, Any]], first: dict[str, Any] | None
) -> dict[str, Any] | None:
    """Metric fields for an attribute-less METRIC span.

    ``first`` is the first metric already read in the same sentence (its type
    and unit tell whether this one is a part of a breakdown).
    """
    s0, e0 = sentence_around(text, span.start, span.end)
    sent = text[s0:e0]
    rel = span.start - s0
    qs = [q for q in find_quantities(sent) if q.num_start <= rel + (span.end - span.start) and q.end > rel]
    if not qs:
        return None
    q = qs[0]
    earlier = [p.end for p in find_quantities(sent) if p.end <= q.num_start]
    floor = earlier[-1] if earlier and clause_start(sent, q.num_start) < earlier[-1] else 0
    ctx = MetricContext.around(sent, q.num_start, q.end, floor, unit=q.unit, value=q.value,
                               subject=subject_bounds(sent, q.num_start, q.end, floor),
                               section=section_at(sections, span.start))
    if first is not None and first["_sent"] == s0:
        ctx.after_total_type = first["type"]
        gap = text[first["span"][1] : first["span"][1] + 8].lstrip("，,：: \n")[:5]
        if q.unit == first["unit"] and _BREAKDOWN.search(gap):
            ctx.in_breakdown, ctx.breakdown_total_type = True, first["type"]
    mtype, _ = classify(ctx)
    out = {
        "type": mtype,
        "value": q.value,
        "unit": q.unit,
        "qualifier": q.qualifier,
        "subject": ctx.subject,
        "_sent": s0,
    }
    if q.value_max is not None:
        out["value_max"] = q.value_max
    return out


def _collect(doc: ReportDocument, layers: tuple[str, ...]) -> tuple[list[Span], list[Span]]:
    """METRIC and METRIC_SUBJECT spans of ``layers``; on overlap the earlier layer wins.

    A METRIC over a table cell the reconciler read (an amount in 表二, say) is a cell, not prose.
    """
    metrics: list[Span] = []
    subjects: list[Span] = []
    cells = [cell["span"] for rows in doc.tables.values() for cols in rows.values() for cell in cols.values()
             if cell.get("span")]
    for layer in layers:
        spans = doc.spans.get(layer, [])
        for span in sorted((s for s in spans if s.label == "METRIC"), key=lambda s: s.start):
            if any(span.start < c[1] and c[0] < span.end for c in cells):
                continue
            if not any(span.start < m.end and m.start < span.end for m in metrics):
                metrics.append(span)
        subjects += [s for s in spans if s.label == "METRIC_SUBJECT"]
    metrics.sort(key=lambda s: s.start)
    return metrics, subjects


_GAP_BEFORE = re.compile(r"[共计合总累达到为约近超过逾突破至少不足少于低高多了均分别\s]*")
_GAP_AFTER = re.compile(r"[\s的]*")


def _subject_for(span: Span, subjects: list[Span], text: str) -> str | None:
    """Text of the METRIC_SUBJECT next to ``span``: ending just before it (only qualifier words
    between) or else starting just after it; the way the tagger and the annotation guidelines place it."""
    before = [s for s in subjects if s.end <= span.start and _GAP_BEFORE.fullmatch(text[s.end : span.start])]
    after = [s for s in subjects if s.start >= span.end and _GAP_AFTER.fullmatch(text[span.end : s.start])]
    best = max(before, key=lambda s: s.end) if before else min(after, key=lambda s: s.start) if after else None
    return text[best.start : best.end].replace("\n", "").strip() if best else None


def reconcile_metrics(doc: ReportDocument, *, layers: tuple[str, ...] = ("rule",)) -> None:
    """Fill ``doc.metrics`` from the METRIC spans of ``layers``.

    Args:
        doc: a tagged document (``doc.sections`` used when set, else headings are found here).
        layers: span layers to read, in order of preference.
    """
    sections = doc.sections or section_bounds(doc.text)
    metric_spans, subjects = _collect(doc, layers)
    out: list[dict[str, Any]] = []
    first: dict[str, Any] | None = None
    for span in metric_spans:
        attrs = dict(span.attrs)
        if "value" not in attrs or "type" not in attrs:
            read = _read_span(doc.text, span, sections, first)
            if read is None:
                continue
            if first is None or first["_sent"] != read["_sent"]:
                first = {**read, "span": [span.start, span.end]}
            attrs = {**read, **{k: v for k, v in attrs.items() if v is not None}}
        subject = _subject_for(span, subjects, doc.text) or attrs.get("subject") or None
        entry: dict[str, Any] = {
            "type": attrs.get("type", "other"),
            "value": attrs.get("value"),
            "unit": attrs.get("unit"),
            "qualifier": attrs.get("qualifier"),
            "subject": subject,
            "section": section_at(sections, span.start),
            "span": [span.start, span.end],
        }
        value_max = attrs.get("value_max")
        if value_max is None and "-" in doc.text[span.start : span.end] or "至" in doc.text[span.start : span.end]:
            inner = find_quantities(doc.text[span.start : span.end])
            value_max = inner[0].value_max if inner else None
        if value_max is not None:
            entry["value_max"] = value_max  # ranges: value is the lower bound (see numerals.py)
        out.append(entry)
    doc.metrics = out


# ----------------------------------------------------------------------------------------------
# evaluation


def _same_place(p: dict[str, Any], g: dict[str, Any], text: str | None) -> bool:
    """Span overlap; else same value and unit within the same sentence (same section when spans are unknown)."""
    ps, gs = p.get("span"), g.get("span")
    if ps and gs and ps[0] < gs[1] and gs[0] < ps[1]:
        return True
    if p.get("value") is None or g.get("value") is None or abs(float(p["value"]) - float(g["value"])) > 1e-6:
        return False
    if (p.get("unit") or None) != (g.get("unit") or None):
        return False
    if ps and gs and text is not None:
        return sentence_around(text, ps[0], ps[1]) == sentence_around(text, gs[0], gs[1])
    return p.get("section") == g.get("section") or not g.get("section")


def match_metrics(
    predicted: list[dict[str, Any]], gold: list[dict[str, Any]], *, text: str | None = None
) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs; pairs of the same type are made first."""
    pairs: list[tuple[int, int]] = []
    used_p: set[int] = set()
    used_g: set[int] = set()
    for same_type in (True, False):
        for gi, g in enumerate(gold):
            if gi in used_g:
                continue
            for pi, p in enumerate(predicted):
                if pi in used_p or same_type and p.get("type") != g.get("type"):
                    continue
                if _same_place(p, g, text):
                    pairs.append((pi, gi))
                    used_p.add(pi)
                    used_g.add(gi)
                    break
    return pairs


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else (1.0 if not n_pred else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "pred": n_pred,
        "gold": n_gold,
    }


def evaluate_metrics(
    predicted: list[list[dict[str, Any]]] | list[dict[str, Any]],
    gold: list[list[dict[str, Any]]] | list[dict[str, Any]],
    *,
    texts: list[str | None] | None = None,
) -> dict[str, Any]:
    """Precision, recall and F1 of predicted metrics against gold, typed and type-blind, and per type.

    Matching rule (one-to-one, greedy in gold order, same-type pairs first): a
    predicted and a gold metric match when their spans overlap, or, when either
    lacks a span or the spans differ, when value and unit agree and both lie in
    the same sentence (given ``texts``) or the same section (spans unknown).
    ``typed`` counts a match only when the types agree; ``untyped`` counts every match.
    Gold marked ``optional`` counts nowhere, nor does the prediction it matches.

    Args:
        predicted: one metric list per document (or a single document's list).
        gold: the same shape as ``predicted``.
        texts: the document texts, for the same-sentence rule (optional).

    Returns:
        ``{"typed": {...}, "untyped": {...}, "per_type": {type: {...}}, "value_exact": float,
        "subject_exact": float | None}`` where each ``{...}`` has precision, recall, f1, tp, pred,
        gold; ``value_exact`` / ``subject_exact`` are shares of matched pairs (subject: where gold has one).
    """
    if predicted and isinstance(predicted[0], dict) or gold and isinstance(gold[0], dict):
        predicted, gold = [predicted], [gold]  # type: ignore[list-item]
    texts = texts or [None] * len(gold)
    n_pred = n_gold = tp_any = tp_typed = value_ok = subj_ok = subj_n = 0
    per: dict[str, list[int]] = {}
    for preds, golds, text in zip(predicted, gold, texts):  # type: ignore[arg-type]
        pairs = match_metrics(preds, golds, text=text)  # type: ignore[arg-type]
        # optional gold (borderline counts) is neither required nor punished: it and its match drop out
        optional = {gi for gi, g in enumerate(golds) if g.get("optional")}  # type: ignore[union-attr]
        excused = {pi for pi, gi in pairs if gi in optional}
        pairs = [(pi, gi) for pi, gi in pairs if gi not in optional]
        preds = [p for pi, p in enumerate(preds) if pi not in excused]  # type: ignore[assignment]
        kept_p = {pi: k for k, pi in enumerate(i for i in range(len(preds) + len(excused)) if i not in excused)}
        pairs = [(kept_p[pi], gi) for pi, gi in pairs]
        n_pred += len(preds)
        n_gold += len(golds) - len(optional)
        tp_any += len(pairs)
        for m in preds:
            per.setdefault(m.get("type", "other"), [0, 0, 0])[1] += 1  # type: ignore[union-attr]
        for gi, m in enumerate(golds):
            if gi not in optional:
                per.setdefault(m.get("type", "other"), [0, 0, 0])[2] += 1  # type: ignore[union-attr]
        for pi, gi in pairs:
            p, g = preds[pi], golds[gi]  # type: ignore[index]
            value_ok += abs(float(p["value"]) - float(g["value"])) < 1e-6 and p.get("qualifier") == g.get("qualifier")
            if g.get("subject"):
                subj_n += 1
                subj_ok += (p.get("subject") or "") == g["subject"]
            if p.get("type") == g.get("type"):
                tp_typed += 1
                per[g["type"]][0] += 1
    return {
        "typed": _prf(tp_typed, n_pred, n_gold),
        "untyped": _prf(tp_any, n_pred, n_gold),
        "per_type": {t: _prf(*v) for t, v in sorted(per.items())},
        "value_exact": round(value_ok / tp_any, 4) if tp_any else 0.0,
        "subject_exact": round(subj_ok / subj_n, 4) if subj_n else None,
    }
