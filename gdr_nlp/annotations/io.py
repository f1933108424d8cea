"""Gold annotation documents: reading, canonical writing, the label set, cell parsing.

One JSONL line per document (format: ``annotations/GUIDELINES.md``). Writing is
canonical (fixed key order, spans sorted, ``ensure_ascii=False``, one line per
document), so two files with the same content are byte-identical and a Label
Studio round trip can be checked with ``==``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gdr_nlp.reconcile.schema import TABLES, VERSIONS

LABELS_PATH = Path(__file__).resolve().parents[2] / "annotations" / "labels.json"
LABELS_VERSION = 1
"""``labels_version`` every document written now carries (``annotations/labels.json`` ``version``)."""

Doc = dict[str, Any]
"""One annotation document: id, source, text, labels_version, spans, gold."""

CELL_KINDS = ("number", "na", "empty", "text")
NA_MARKERS = frozenset({"/", "-", "—", "–", "——", "－", "／", "无", "不涉及", "暂无", "—/—", "\\"})

_DOC_KEYS = ("id", "source", "text", "labels_version", "spans", "gold")
_GOLD_KEYS = ("report", "sections", "tables", "metrics")
_REPORT_KEYS = ("title", "agency", "year", "format_version", "variants")
_SECTION_KEYS = ("key", "heading", "start", "end")
_CELL_KEYS = ("value", "kind", "unit", "raw", "span")
_METRIC_KEYS = ("type", "value", "unit", "qualifier", "subject", "section", "span", "subject_span")
_SPAN_KEYS = ("start", "end", "label", "attrs")
_TABLE_ORDER = ("proactive", "applications", "review_litigation")

_NUMBER = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万元|元|件|条|个|项|次|%)?")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．，＋－％", "0123456789.,+-%")


def load_labels(path: Path = LABELS_PATH) -> dict[str, Any]:
    """The label set file (``{"version", "labels": {TYPE: description}, "attrs": {...}}``)."""
    return json.loads(path.read_text(encoding="utf-8"))


def read_jsonl(path: str | Path) -> Iterator[tuple[int, Doc | str]]:
    """``(line number, document)`` per non-blank line; a line that is not a JSON object gives the error text."""
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as e:  # boundary: user-edited file
                yield n, f"not JSON ({e.msg} at column {e.colno})"
                continue
            yield n, doc if isinstance(doc, dict) else "not a JSON object"


def load_docs(path: str | Path) -> list[Doc]:
    """All documents of a JSONL file (lines that do not parse are skipped; ``validate`` reports them)."""
    return [doc for _, doc in read_jsonl(path) if isinstance(doc, dict)]


def _ordered(obj: dict[str, Any], first: tuple[str, ...]) -> dict[str, Any]:
    out = {k: obj[k] for k in first if k in obj}
    out.update({k: obj[k] for k in sorted(obj) if k not in out})
    return out


def _canonical_span(span: dict[str, Any]) -> dict[str, Any]:
    span = dict(span)
    if "attrs" in span:
        if span["attrs"]:
            span["attrs"] = dict(sorted(span["attrs"].items()))
        else:
            del span["attrs"]
    return _ordered(span, _SPAN_KEYS)


def _canonical_tables(tables: dict[str, Any], version: str | None) -> dict[str, Any]:
    defs = TABLES.get(version or "2019", TABLES[VERSIONS[0]])
    out: dict[str, Any] = {}
    for tkey in _ordered(tables, _TABLE_ORDER):
        rows = tables[tkey]
        if not isinstance(rows, dict):
            out[tkey] = rows
            continue
        tdef = defs.get(tkey)
        row_order = tuple(r.key for r in tdef.rows) if tdef else ()
        col_order = tuple(tdef.columns) if tdef else ()
        out[tkey] = {}
        for rkey in _ordered(rows, row_order):
            cols = rows[rkey]
            if not isinstance(cols, dict):
                out[tkey][rkey] = cols
                continue
            out[tkey][rkey] = {
                c: _ordered(cell, _CELL_KEYS) if isinstance(cell, dict) else cell
                for c, cell in _ordered(cols, col_order).items()
            }
    return out


def canonical(doc: Doc) -> Doc:
    """``doc`` with the canonical key order and sorted spans (content unchanged)."""
    doc = _ordered(doc, _DOC_KEYS)
    if isinstance(doc.get("spans"), list):
        spans = [_canonical_span(s) if isinstance(s, dict) else s for s in doc["spans"]]
        doc["spans"] = sorted(spans, key=_span_sort_key)
    gold = doc.get("gold")
    if isinstance(gold, dict):
        gold = _ordered(gold, _GOLD_KEYS)
        report = gold.get("report")
        if isinstance(report, dict):
            gold["report"] = _ordered(report, _REPORT_KEYS)
        version = report.get("format_version") if isinstance(report, dict) else None
        if isinstance(gold.get("sections"), list):
            gold["sections"] = [_ordered(s, _SECTION_KEYS) if isinstance(s, dict) else s for s in gold["sections"]]
        if isinstance(gold.get("tables"), dict):
            gold["tables"] = _canonical_tables(gold["tables"], version)
        if isinstance(gold.get("metrics"), list):
            metrics = [_ordered(m, _METRIC_KEYS) if isinstance(m, dict) else m for m in gold["metrics"]]
            gold["metrics"] = sorted(metrics, key=_metric_sort_key)
        doc["gold"] = gold
    return doc


def _span_sort_key(span: Any) -> tuple[int, int, str]:
    if not isinstance(span, dict):
        return (-1, -1, "")
    start, end = span.get("start"), span.get("end")
    return (start if isinstance(start, int) else -1, end if isinstance(end, int) else -1, str(span.get("label")))


def _metric_sort_key(metric: Any) -> tuple[int, int]:
    span = metric.get("span") if isinstance(metric, dict) else None
    if isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span):
        return (span[0], span[1])
    return (-1, -1)


def dumps_doc(doc: Doc) -> str:
    """The canonical one-line JSON of ``doc`` (no trailing newline)."""
    return json.dumps(canonical(doc), ensure_ascii=False)


def write_jsonl(docs: list[Doc], path: str | Path) -> None:
    """Write ``docs`` canonically, one per line."""
    Path(path).write_text("".join(dumps_doc(d) + "\n" for d in docs), encoding="utf-8")


def normalized_text(path: str | Path) -> str:
    """The normalized text of a report file, exactly as ``gdr_nlp.ingest.load(path).text`` gives it.

    Falls back to reading the file as UTF-8 and applying
    :func:`gdr_nlp.ingest.normalize.normalize` while the ingest package has no ``load``.
    """
    from gdr_nlp import ingest

    load = getattr(ingest, "load", None)
    if load is not None:
        return str(load(path).text)
    from gdr_nlp.ingest.normalize import normalize

    return normalize(Path(path).read_text(encoding="utf-8-sig"))[0]


def parse_cell(raw: str, *, unit: str | None = None) -> tuple[int | float | None, str, str | None]:
    """``(value, kind, unit)`` of a table cell's text (CONTRACT.md "Cells").

    Args:
        raw: the cell text as it stands in ``doc.text``.
        unit: the column's unit (``万元`` for money columns): a value given in 元 is converted to it.

    Returns:
        ``kind`` is ``empty`` for blank text, ``na`` for placeholders (``/``, ``-``, ``无``…),
        ``number`` for a number (sign, thousands separators, a trailing unit allowed) and
        ``text`` otherwise; ``value`` is None unless ``kind`` is ``number``.
    """
    text = raw.strip().translate(_FULLWIDTH_DIGITS)
    if not text:
        return None, "empty", None
    if text in NA_MARKERS:
        return None, "na", None
    m = _NUMBER.fullmatch(text)
    if m is None:
        return None, "text", None
    sign, digits, frac, cell_unit = m.groups()
    number: int | float = float(digits.replace(",", "") + frac) if frac else int(digits.replace(",", ""))
    if sign == "-":
        number = -number
    if cell_unit == "元" and unit == "万元":
        number = round(number / 10000, 6)
        cell_unit = "万元"
    return number, "number", cell_unit
