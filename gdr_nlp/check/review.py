"""Cell confidence and the report's review verdict (CONTRACT.md 1.1 ``review``).

Runs after every check. ``confidence`` comes from the reading, not a constant:
the reconciler's prior for the piece (a number joined from two, an OCR look-alike,
a likely page number), the arithmetic (a cell in a failing rule may be wrong; one
that no rule covers has no support), the match between its row label and the
official one, and ambiguity the reconciler reported for its row. ``review.needed``
is true whenever anything suggests a table cell may be wrong or missing, with
reasons a person can act on: a batch user trusts unflagged reports, so a silent
error is worse than a false alarm.
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from typing import Any

from gdr_nlp.check.rules import BLANK_TOTAL
from gdr_nlp.document import ReportDocument
from gdr_nlp.reconcile.schema import MATCH_TABLES, ORDINAL_PREFIX, compact, match_row_label, row_def

LOW_CONFIDENCE = 0.6
"""Cells below this make the report need review (calibrated in BENCHMARKS.md, trust section)."""
_NO_SUPPORT = 0.9  # no equation covers the cell: the reading rests on layout alone
_IN_FAILING_RULE = 0.5
_SUGGESTED_REPAIR = 0.3
_AMBIGUOUS_ROW = 0.55
_LAYERS_DISAGREE = 0.75  # the other tagger read another value here; the arithmetic still decides the flag
_TEXT_CELL = 0.4  # an official number cell that reads as words
_NAMES = {"proactive": "表二", "applications": "表三", "review_litigation": "表四"}
_ARITHMETIC = ("applications.", "review_litigation.")  # rule ids that add cells up (表二 has none)
_SHOWN = 4


def assess_review(doc: ReportDocument) -> None:
    """Set every cell's ``confidence`` and ``doc.review`` from ``doc.checks``, spans and notes."""
    fails, passes, suggested = _check_support(doc.checks)
    noted_rows = {note.split(":", 1)[0].strip() for note in doc.review_notes}
    low: list[str] = []
    for table_key, rows in doc.tables.items():
        for row_key, cols in rows.items():
            # 表四's groups are placed by their headers and the 15-cell order, not by row labels
            label = 1.0 if table_key == "review_litigation" else _label_quality(doc, table_key, row_key, cols)
            for col, cell in cols.items():
                ref = f"{table_key}.{row_key}.{col}"
                conf = min(float(cell.get("confidence", 0.98)), label)
                if cell["kind"] == "text":
                    conf = min(conf, _TEXT_CELL)
                if _disagreement(doc, table_key, row_key, col, cell):
                    conf = min(conf, _LAYERS_DISAGREE)
                if ref in suggested:
                    conf = min(conf, _SUGGESTED_REPAIR)
                elif ref in fails:
                    conf = min(conf, _IN_FAILING_RULE)
                elif ref not in passes and table_key != "proactive":
                    conf = min(conf, _NO_SUPPORT)
                if f"{table_key}.{row_key}" in noted_rows or table_key in noted_rows:
                    conf = min(conf, _AMBIGUOUS_ROW)
                cell["confidence"] = round(conf, 2)
                if conf < LOW_CONFIDENCE and ref not in fails:
                    low.append(f"{ref} ({conf:.2f})")
    reasons = _table_reasons(doc) + list(dict.fromkeys(doc.review_notes)) + _document_reasons(doc)
    if low:
        reasons.append(f"{len(low)} cell(s) read with low confidence: {_listing(low)}")
    doc.review = {"needed": bool(reasons), "reasons": reasons}


def _disagreement(doc: ReportDocument, table_key: str, row_key: str, col: str, cell: dict[str, Any]) -> bool:
    """Another span layer (hybrid/auto with the model) read this cell with another kind or value."""
    for tables in doc.layer_tables.values():
        other = tables.get(table_key, {}).get(row_key, {}).get(col)
        if other is not None and (other["kind"], other["value"]) != (cell["kind"], cell["value"]):
            return True
    return False


def _check_support(checks: list[dict[str, Any]]) -> tuple[set[str], set[str], set[str]]:
    """Cells in failing arithmetic rules, cells in passing ones, and cells a repair is suggested for."""
    fails: set[str] = set()
    passes: set[str] = set()
    suggested: set[str] = set()
    for check in checks:
        if not check["id"].startswith(_ARITHMETIC):
            continue
        if check["status"] == "fail":
            fails.update(check["cells"])
            if check.get("suggestion"):
                suggested.add(check["suggestion"]["cell"])
        elif check["status"] == "pass":
            passes.update(check["cells"])
    return fails, passes - fails, suggested


def _label_quality(doc: ReportDocument, table_key: str, row_key: str, cols: dict[str, Any]) -> float:
    """How well the row label before the row's first cell names the official row (1.0: it does).

    A label matched only by its place between matched neighbours (an OCR look-alike) or by a
    loose resemblance lowers the row's confidence; no label at all (a converter moved the
    labels out of the table) lowers it more.
    """
    starts = [c["span"][0] for c in cols.values() if c.get("span")]
    if not starts:
        return 0.7
    first = min(starts)
    labels = [s for layer in ("rule", "model") for s in doc.spans.get(layer, [])
              if s.label == "ROW_LABEL" and s.end <= first]
    if not labels:
        return 0.7
    span = max(labels, key=lambda s: s.end)
    keyed = [s for s in labels if s.attrs.get("row")]
    if keyed and (last := max(keyed, key=lambda s: s.end)).attrs["row"] == row_key:
        span = last  # a stacked group label's fragment (layout text) may stand between the row's label and its cells
    text = doc.text[span.start : span.end]
    if span.attrs.get("row"):
        # a label wrapped around its numbers (layout text) is tagged in pieces, one row named by all
        text = "".join(doc.text[s.start : s.end] for layer in ("rule", "model") for s in doc.spans.get(layer, [])
                       if s.label == "ROW_LABEL" and s.attrs.get("row") == span.attrs["row"]
                       and s.attrs.get("table") == span.attrs.get("table"))
    match = match_row_label(text, MATCH_TABLES[table_key], "any")
    if match and match[0].key == row_key:
        return 1.0
    if span.attrs.get("row") not in (None, row_key) and _named_right_after(doc, table_key, row_key, cols):
        return 1.0  # its label sorted after its numbers (a PDF reader's box order) and the reconciler placed them
    rdef = row_def(table_key, row_key, doc.report.get("format_version") or "2021")
    if rdef is None:
        return 0.7
    word = ORDINAL_PREFIX.sub("", compact(text))
    ratio = max(SequenceMatcher(None, word, ORDINAL_PREFIX.sub("", compact(name))).ratio()
                for name in (rdef.label, *rdef.aliases))
    return round(0.5 + 0.45 * ratio, 2)


def _named_right_after(doc: ReportDocument, table_key: str, row_key: str, cols: dict[str, Any]) -> bool:
    """The first row label after the row's last cell names this row (the rule layer's key): the
    label another row's name stands before is this row's own, written after its numbers."""
    ends = [c["span"][1] for c in cols.values() if c.get("span")]
    after = [s for s in doc.spans.get("rule", []) if s.label == "ROW_LABEL" and s.start >= max(ends, default=0)
             and s.attrs.get("table") == table_key]
    return bool(ends) and bool(after) and min(after, key=lambda s: s.start).attrs.get("row") == row_key


def _table_reasons(doc: ReportDocument) -> list[str]:
    reasons = []
    for check in doc.checks:
        if not check["id"].startswith("completeness.") or check["status"] != "fail":
            continue
        key = check["id"].split(".", 1)[1]
        name = f"{_NAMES.get(key, key)} ({key})"
        if check["lhs"] == 0:
            reasons.append(f"{name} not found: none of its {check['rhs']} official cells were read")
        else:
            missing = [c.split(".", 1)[1] for c in check["cells"]]
            reasons.append(f"{name}: {len(missing)} of {check['rhs']} official cells not found ({_listing(missing)})")
    blank_totals = [c for c in doc.checks if c["status"] == "not_assessable" and c.get("why", "").startswith(BLANK_TOTAL)]
    if blank_totals:
        reasons.append(f"{len(blank_totals)} total(s) blank while their parts hold numbers "
                       f"({_listing([c['id'] + ': ' + c['why'].split(': ', 1)[1] for c in blank_totals])}); "
                       "a value may have been lost in conversion: check the source")
    failing = [c for c in doc.checks if c["status"] == "fail" and c["id"].startswith(_ARITHMETIC + ("proactive.",))]
    if failing:
        reasons.append(f"{len(failing)} table check(s) fail: {_listing([_failure(c) for c in failing])}; "
                       "the values are as printed")
    return reasons


def _failure(check: dict[str, Any]) -> str:
    detail = [f"{check['lhs']} ≠ {check['rhs']}"] if check["lhs"] is not None else []
    if check.get("suggestion"):
        detail.append(f"the source may have meant {check['suggestion']['cell']} = {check['suggestion']['value']}")
    return check["id"] + (f" ({'; '.join(detail)})" if detail else "")


def _document_reasons(doc: ReportDocument) -> list[str]:
    """What the whole document suggests: a blank template, or several reports in one file (#11)."""
    reasons = []
    if not any(cell["kind"] == "number" for rows in doc.tables.values() for cols in rows.values() for cell in cols.values()):
        reasons.append("no table cell holds a number (a blank template?)")
    starts = Counter(line.strip() for line in doc.text.split("\n") if line.strip())
    repeated = next((h for s in doc.sections if len(h := (s.get("heading") or "").strip()) >= 4 and starts[h] >= 2), None)
    if repeated:  # two reports in one file: only one set of tables is read
        reasons.append(f"section heading {repeated!r} opens more than one line: several reports in one file?")
    return reasons


def _listing(items: list[str]) -> str:
    return ", ".join(items[:_SHOWN]) + (f" and {len(items) - _SHOWN} more" if len(items) > _SHOWN else "")
