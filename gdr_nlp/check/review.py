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

import re
from collections import Counter
from difflib import SequenceMatcher
from typing import Any

from gdr_nlp.check.rules import BLANK_TOTAL
from gdr_nlp.document import ReportDocument
from gdr_nlp.reconcile.schema import (
    MATCH_TABLES,
    ORDINAL_PREFIX,
    SECTIONS,
    TABLE_NUMBERS,
    compact,
    match_row_label,
    row_def,
    unify_marks,
)

LOW_CONFIDENCE = 0.6
"""Cells below this make the report need review (calibrated in BENCHMARKS.md, trust section)."""
_NO_SUPPORT = 0.9  # no equation covers the cell: the reading rests on layout alone
_IN_FAILING_RULE = 0.5
_SUGGESTED_REPAIR = 0.3
_AMBIGUOUS_ROW = 0.55
_LAYERS_DISAGREE = 0.75  # the other tagger read another value here; the arithmetic still decides the flag
_TEXT_CELL = 0.4  # an official number cell that reads as words
_ARITHMETIC = ("applications.", "review_litigation.")  # rule ids that add cells up (表二 has none)
_SHOWN = 4
# a converter's stand-in for a table it cannot draw (pandoc -t plain writes "[TABLE]"), alone on its line
_PLACEHOLDER = re.compile(r"^[ \t]*\[(?:TABLE|Table|table|表格|表)\][ \t]*$", re.M)


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
    spans = [c["span"] for c in cols.values() if c.get("span")]
    if not spans:
        return 0.7
    first, first_end = min(spans)
    # a label may hold the row's first cell, or start right after it (a number a conversion glued into
    # the label's text, placed by the sums)
    labels = [s for layer in ("rule", "model") for s in doc.spans.get(layer, [])
              if s.label == "ROW_LABEL" and (s.start <= first or s.start == first_end)]
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
        name = f"{TABLE_NUMBERS.get(key, key)} ({key})"
        missing = [c.split(".", 1)[1] for c in check["cells"]]
        if check["lhs"] == 0:
            reason = f"{name} not found: none of its {check['rhs']} official cells were read"
        else:
            reason = f"{name}: {len(missing)} of {check['rhs']} official cells not found ({_listing(missing)})"
        reasons.append("; ".join([reason, *_why_lost(doc, key, missing)]))
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


def _why_lost(doc: ReportDocument, key: str, missing: list[str]) -> list[str]:
    """What the text shows about cells a table lacks, so a user knows whether another converter
    would do better: the converter's placeholder for the table, cells run together, or row labels
    missing from the text as well (the conversion lost that part)."""
    region, placed = _region(doc, key)
    if found := _PLACEHOLDER.search(region):
        where = "under its heading" if placed else "in the text"
        return [f"the converter wrote the placeholder {found.group().strip()!r} {where} where it could not draw a "
                "table: read the source with another converter"]
    if glued := _glued_cells(region, key):
        return [f"its cells are run together with no separator ({_listing(glued)}), and the sums do not cut "
                "every run into cells one way only: read the source with a converter that keeps cell boundaries"]
    rows = list(dict.fromkeys(m.split(".", 1)[0] for m in missing))
    text = compact(doc.text)
    absent = [r for r in rows if (rdef := _any_row_def(key, r)) is not None
              and not any(_core(name) in text for name in (rdef.label, *rdef.aliases))]
    if absent:
        which = "the" if len(absent) == len(rows) else f"{len(absent)} of these"
        return [f"{which} rows' labels are not in the text either ({_listing(absent)}): the conversion lost that "
                "text; read the source with another converter"]
    return []


def _region(doc: ReportDocument, key: str) -> tuple[str, bool]:
    """The text of the table's section (and True), else the whole text (and False). A heading run
    into its neighbours (no line of its own, so no parsed section) is found by its ordinal and name."""
    section = next((s for s in doc.sections if s.get("key") == key), None)
    if section:
        return doc.text[section["start"] : section["end"]], True
    at = {}
    for skey, ordinal, _, names in SECTIONS:
        hits = [m.start() for name in names if (m := re.search(f"{ordinal}[、.．]\\s*{re.escape(name)}", doc.text))]
        if hits:
            at[skey] = min(hits)
    if key not in at:
        return doc.text, False
    end = min((i for i in at.values() if i > at[key]), default=len(doc.text))
    return doc.text[at[key] : end], True


def _core(name: str) -> str:
    return ORDINAL_PREFIX.sub("", compact(name))


def _any_row_def(key: str, row: str) -> Any:
    return next((r for r in MATCH_TABLES[key].rows if r.key == row), None)


def _glued_cells(text: str, key: str) -> list[str]:
    """Row (or column) labels of the table followed at once by a digit run long enough for all the
    row's cells and then at once by more text (lxml's ``text_content()`` joins cells with nothing
    between: ``规章030行政规范性文件``). Rows of fewer than three cells are not judged: one number
    glued to its label is one cell."""
    table = MATCH_TABLES[key]
    text = unify_marks(text)  # as compact() writes labels, whitespace kept for the lookahead below
    width = {r.key: len(r.columns or table.columns) for r in table.rows}  # 表三's rows take the table's columns
    narrowest = max(3, min(width.values()))
    names = [(n, width[r.key]) for r in table.rows if width[r.key] >= 3 for n in (r.label, *r.aliases)]
    names += [(n, narrowest) for c in table.columns.values() for n in (c.label, *c.aliases)]
    found: dict[int, str] = {}  # by where the digits end: the longest label that precedes them
    for name, cells in names:
        core = _core(name)
        if len(core) < 2:
            continue
        for m in re.finditer(re.escape(core) + r"(\d{%d,})(?=[^\s\d]|\Z)" % cells, text):
            if len(m.group()) > len(found.get(m.end(), "")):
                found[m.end()] = m.group()
    shown = []
    for end in sorted(found):
        label, digits = found[end].rstrip("0123456789"), found[end][len(found[end].rstrip("0123456789")) :]
        shown.append(("…" + label[-6:] if len(label) > 6 else label) + digits)  # enough of the label to find it
    return shown


def _failure(check: dict[str, Any]) -> str:
    detail = [f"{check['lhs']} ≠ {check['rhs']}"] if check["lhs"] is not None else []
    if check.get("suggestion"):
        detail.append(f"the source may have meant {check['suggestion']['cell']} = {check['suggestion']['value']}")
    return check["id"] + (f" ({'; '.join(detail)})" if detail else "")


def _document_reasons(doc: ReportDocument) -> list[str]:
    """What the whole document suggests: a blank template, or several reports in one file (#11)."""
    reasons = []
    numbers = any(cell["kind"] == "number" for rows in doc.tables.values() for cols in rows.values()
                  for cell in cols.values())
    if not numbers and not any(_glued_cells(doc.text, key) for key in TABLE_NUMBERS):  # numbers run together: said above
        reasons.append("no table cell holds a number (a blank template?)")
    # a line right after itself is one line drawn twice, not a second report: a PDF's fake bold (a font with no
    # bold face printed twice, a hair apart, as wkhtmltopdf and Word do) comes out twice through pypdf
    lines = [line.strip() for line in doc.text.split("\n") if line.strip()]
    starts = Counter(line for k, line in enumerate(lines) if k == 0 or line != lines[k - 1])
    repeated = next((h for s in doc.sections if len(h := (s.get("heading") or "").strip()) >= 4 and starts[h] >= 2), None)
    if repeated:  # two reports in one file: only one set of tables is read
        reasons.append(f"section heading {repeated!r} opens more than one line: several reports in one file?")
    return reasons


def _listing(items: list[str]) -> str:
    return ", ".join(items[:_SHOWN]) + (f" and {len(items) - _SHOWN} more" if len(items) > _SHOWN else "")
