"""``gdr annotations validate``: every rule of ``annotations/GUIDELINES.md`` a machine can check.

Each problem is one line naming the file, the line (document) and the span or
gold key concerned, e.g. ``seeds.jsonl:2: span 14 [310, 312) METRIC: attrs.type 'foo' is not a metric type``.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

from gdr_nlp.annotations.io import CELL_KINDS, Doc, load_labels, parse_cell, read_jsonl
from gdr_nlp.reconcile.schema import (
    APPLICANT_KEYS,
    LEGAL_PERSON_SUBTOTAL,
    OTHER_HANDLING_SINGLE,
    OTHER_HANDLING_SPLIT,
    REVIEW_COLUMN_KEYS,
    SECTION_KEYS,
    TABLES,
    VARIANTS,
    VERSIONS,
)

ALL_ROW_KEYS = frozenset(r.key for v in VERSIONS for t in TABLES[v].values() for r in t.rows)
QUALIFIERS = (None, "over", "approx", "under")
_CELL_EXTRA_KEYS = frozenset({"unit", "raw", "note", "page", "confidence"})
_METRIC_EXTRA_KEYS = frozenset({"subject_span", "note", "raw"})


def _is_num(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _is_range(x: Any, n: int) -> bool:
    return isinstance(x, list) and len(x) == 2 and all(isinstance(v, int) for v in x) and 0 <= x[0] <= x[1] <= n


class _Checker:
    """Collects the problems of one document."""

    def __init__(self, where: str, doc: Doc, labels: dict[str, Any]) -> None:
        self.where = where
        self.doc = doc
        self.labels = labels
        self.problems: list[str] = []
        text = doc.get("text")
        self.text: str = text if isinstance(text, str) else ""

    def add(self, what: str, detail: str) -> None:
        self.problems.append(f"{self.where}: {what}: {detail}" if what else f"{self.where}: {detail}")

    # ---- document and spans ------------------------------------------------------------

    def check(self) -> list[str]:
        doc = self.doc
        for key in ("id", "source", "text", "labels_version", "spans"):
            if key not in doc:
                self.add("", f"missing key {key!r}")
        if not isinstance(doc.get("text"), str):
            self.add("", "text is not a string")
            return self.problems
        if doc.get("labels_version") != self.labels.get("version"):
            self.add("", f"labels_version {doc.get('labels_version')!r} != labels.json version {self.labels.get('version')!r}")
        spans = doc.get("spans")
        good = self.check_spans(spans if isinstance(spans, list) else [])
        gold = doc.get("gold")
        if gold is not None:
            if isinstance(gold, dict):
                self.check_gold(gold, good)
            else:
                self.add("gold", "not an object")
        return self.problems

    def span_name(self, i: int, s: dict[str, Any]) -> str:
        return f"span {i} [{s.get('start')}, {s.get('end')}) {s.get('label')}"

    def check_spans(self, spans: list[Any]) -> list[dict[str, Any]]:
        """Per-span rules, then overlaps; returns the spans that passed the per-span rules."""
        good: list[tuple[int, dict[str, Any]]] = []
        for i, s in enumerate(spans):
            if not isinstance(s, dict):
                self.add(f"span {i}", "not an object")
                continue
            if self.check_span(i, s):
                good.append((i, s))
        self.check_overlaps(good)
        return [s for _, s in good]

    def check_span(self, i: int, s: dict[str, Any]) -> bool:
        name = self.span_name(i, s)
        unknown = set(s) - {"start", "end", "label", "attrs"}
        if unknown:
            self.add(name, f"unknown keys {sorted(unknown)}")
        start, end, label = s.get("start"), s.get("end"), s.get("label")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(self.text)):
            self.add(name, f"out of range (text has {len(self.text)} characters)")
            return False
        if label not in self.labels["labels"]:
            self.add(name, f"unknown label {label!r}")
            return False
        attrs = s.get("attrs", {})
        if not isinstance(attrs, dict):
            self.add(name, "attrs is not an object")
            return False
        ok = self.check_attrs(name, label, attrs)
        chunk = self.text[start:end]
        if label == "CELL" and attrs.get("kind") == "empty":
            if chunk.strip():
                self.add(name, f"kind empty over non-blank text {chunk!r}")
                ok = False
            elif start == end and start > 0 and self.text[start - 1] not in "\t\n":
                self.add(name, "zero-length empty cell must sit right after a tab or line start")
                ok = False
        elif start == end:
            self.add(name, "zero-length (only a blank CELL of kind empty may be)")
            ok = False
        elif chunk != chunk.strip():
            self.add(name, f"starts or ends with whitespace {chunk!r}")
            ok = False
        if ok and label == "CELL":
            kind = parse_cell(chunk)[1]
            if kind != attrs["kind"]:
                self.add(name, f"text {chunk!r} reads as kind {kind!r}, attrs.kind is {attrs['kind']!r}")
                ok = False
        return ok

    def check_attrs(self, name: str, label: str, attrs: dict[str, Any]) -> bool:
        spec: dict[str, Any] = self.labels.get("attrs", {}).get(label, {})
        ok = True
        for key in attrs:
            if key not in spec:
                self.add(name, f"unknown attribute {key!r} for {label}")
                ok = False
        for key, rule in spec.items():
            if key not in attrs:
                if rule.get("required"):
                    self.add(name, f"missing required attribute {key!r}")
                    ok = False
                continue
            if not self.value_ok(rule.get("values"), attrs[key]):
                self.add(name, f"attrs.{key} {attrs[key]!r} is not allowed")
                ok = False
        return ok

    def value_ok(self, allowed: Any, value: Any) -> bool:
        if isinstance(allowed, list):
            return value in allowed
        if allowed == "schema_rows":
            return value in ALL_ROW_KEYS
        if allowed == "metric_types":
            return value in self.labels.get("metric_types", [])
        if allowed == "number":
            return _is_num(value)
        if allowed == "string_or_null":
            return value is None or isinstance(value, str) and value != ""
        return True

    def check_overlaps(self, good: list[tuple[int, dict[str, Any]]]) -> None:
        """No two spans share a character; a zero-length span may not sit strictly inside another."""
        ordered = sorted(good, key=lambda p: (p[1]["start"], p[1]["end"]))
        for (i, a), (j, b) in pairwise(ordered):
            same_point = a["start"] == a["end"] == b["start"] == b["end"]
            if b["start"] < a["end"] or same_point:
                self.add(self.span_name(j, b), f"overlaps {self.span_name(i, a)}")
        points = [(j, b) for j, b in ordered if b["start"] == b["end"]]
        for i, a in ordered:
            for j, b in points:
                if a["start"] < b["start"] < a["end"]:
                    self.add(self.span_name(j, b), f"inside {self.span_name(i, a)}")

    # ---- gold ------------------------------------------------------------------------

    def check_gold(self, gold: dict[str, Any], spans: list[dict[str, Any]]) -> None:
        unknown = set(gold) - {"report", "sections", "tables", "metrics"}
        if unknown:
            self.add("gold", f"unknown keys {sorted(unknown)}")
        report = gold.get("report") if isinstance(gold.get("report"), dict) else {}
        if "report" in gold:
            self.check_report(gold["report"])
        version = report.get("format_version") if report.get("format_version") in VERSIONS else None
        variants = set(report.get("variants") or []) if isinstance(report.get("variants"), list) else set()
        if "sections" in gold:
            self.check_sections(gold["sections"], spans)
        if "tables" in gold:
            if version is None:
                self.add("gold.tables", "cannot be checked without a valid gold.report.format_version")
            else:
                self.check_tables(gold["tables"], version, variants, spans)
        if "metrics" in gold:
            self.check_metrics(gold["metrics"], spans, gold.get("sections"))

    def check_report(self, report: Any) -> None:
        if not isinstance(report, dict):
            self.add("gold.report", "not an object")
            return
        for key in ("agency", "year", "format_version", "variants"):
            if key not in report:
                self.add("gold.report", f"missing {key!r}")
        if "agency" in report and not (isinstance(report["agency"], str) and report["agency"]):
            self.add("gold.report.agency", "must be a non-empty string")
        if "title" in report and not (isinstance(report["title"], str) and report["title"]):
            self.add("gold.report.title", "must be a non-empty string")
        if "year" in report and not (isinstance(report["year"], int) and 1990 <= report["year"] <= 2100):
            self.add("gold.report.year", f"{report['year']!r} is not a year")
        if "format_version" in report and report["format_version"] not in VERSIONS:
            self.add("gold.report.format_version", f"{report['format_version']!r} not in {list(VERSIONS)}")
        if "variants" in report:
            if not isinstance(report["variants"], list):
                self.add("gold.report.variants", "must be a list")
            else:
                for v in report["variants"]:
                    if v not in VARIANTS:
                        self.add("gold.report.variants", f"unknown variant {v!r} (known: {sorted(VARIANTS)})")

    def check_sections(self, sections: Any, spans: list[dict[str, Any]]) -> None:
        if not isinstance(sections, list):
            self.add("gold.sections", "must be a list")
            return
        heads = {s["start"]: s for s in spans if s["label"] == "SECTION_HEADING"}
        seen: set[str] = set()
        prev_end = 0
        for i, sec in enumerate(sections):
            name = f"gold.sections[{i}]"
            if not isinstance(sec, dict):
                self.add(name, "not an object")
                continue
            key = sec.get("key")
            if key not in SECTION_KEYS:
                self.add(name, f"key {key!r} not in {list(SECTION_KEYS)}")
            elif key in seen:
                self.add(name, f"key {key!r} repeated")
            seen.add(str(key))
            start, end = sec.get("start"), sec.get("end")
            if not _is_range([start, end], len(self.text)) or start == end:
                self.add(name, f"[{start}, {end}) is not a range of the text")
                continue
            if start < prev_end:
                self.add(name, "overlaps or precedes the section before it")
            prev_end = end
            if "heading" in sec and not self.text.startswith(str(sec["heading"]), start):
                self.add(name, f"heading {sec['heading']!r} is not the text at {start}")
            if heads and (start not in heads or heads[start].get("attrs", {}).get("key") != key):
                self.add(name, f"no SECTION_HEADING span with key {key!r} starts at {start}")
        if heads and len(heads) != len(sections):
            self.add("gold.sections", f"{len(sections)} sections but {len(heads)} SECTION_HEADING spans")

    def check_tables(self, tables: Any, version: str, variants: set[str], spans: list[dict[str, Any]]) -> None:
        if not isinstance(tables, dict):
            self.add("gold.tables", "must be an object")
            return
        cells_at = {(s["start"], s["end"]): s for s in spans if s["label"] == "CELL"}
        used: set[tuple[int, int]] = set()
        for tkey, rows in tables.items():
            tdef = TABLES[version].get(tkey)
            if tdef is None:
                self.add(f"gold.tables.{tkey}", f"not a table of format {version}")
                continue
            if not isinstance(rows, dict):
                self.add(f"gold.tables.{tkey}", "must be an object")
                continue
            for rkey, cols in rows.items():
                allowed_cols = self.allowed_columns(tkey, rkey, version, variants)
                if allowed_cols is None:
                    self.add(f"gold.tables.{tkey}.{rkey}", f"not a row of {tkey} in format {version} (variants {sorted(variants)})")
                    continue
                if not isinstance(cols, dict):
                    self.add(f"gold.tables.{tkey}.{rkey}", "must be an object")
                    continue
                for ckey, cell in cols.items():
                    name = f"gold.tables.{tkey}.{rkey}.{ckey}"
                    if ckey not in allowed_cols:
                        self.add(name, f"not a column of {tkey}.{rkey} in format {version}")
                        continue
                    unit = tdef.columns[ckey].unit if ckey in tdef.columns else None
                    self.check_cell(name, cell, unit, cells_at, used)
        if cells_at and tables:
            for (start, end) in sorted(set(cells_at) - used):
                self.add(f"CELL span [{start}, {end})", "not used by any gold.tables cell")

    def allowed_columns(self, tkey: str, rkey: str, version: str, variants: set[str]) -> tuple[str, ...] | None:
        rows = {r.key: r for r in TABLES[version][tkey].rows}
        if tkey == "applications":
            if "applications_split_other_rows" in variants:
                rows.update({r.key: r for r in OTHER_HANDLING_SPLIT})
            if "applications_single_other_row" in variants:
                rows[OTHER_HANDLING_SINGLE.key] = OTHER_HANDLING_SINGLE
        if rkey not in rows:
            return None
        if tkey == "applications":
            extra = (LEGAL_PERSON_SUBTOTAL.key,) if "applications_legal_person_subtotal" in variants else ()
            return APPLICANT_KEYS + extra
        if tkey == "review_litigation":
            return REVIEW_COLUMN_KEYS
        return rows[rkey].columns

    def check_cell(self, name: str, cell: Any, unit: str | None, cells_at: dict[tuple[int, int], dict[str, Any]],
                   used: set[tuple[int, int]]) -> None:
        if not isinstance(cell, dict):
            self.add(name, "cell must be an object")
            return
        unknown = set(cell) - {"value", "kind", "span"} - _CELL_EXTRA_KEYS
        if unknown:
            self.add(name, f"unknown keys {sorted(unknown)}")
        kind, value, span = cell.get("kind"), cell.get("value"), cell.get("span")
        if kind not in CELL_KINDS:
            self.add(name, f"kind {kind!r} not in {list(CELL_KINDS)}")
            return
        if kind == "number" and not _is_num(value) or kind != "number" and value is not None:
            self.add(name, f"value {value!r} does not fit kind {kind!r}")
            return
        if not _is_range(span, len(self.text)):
            self.add(name, f"span {span!r} is not a range of the text")
            return
        raw = self.text[span[0] : span[1]]
        got_value, got_kind, got_unit = parse_cell(raw, unit=unit)
        if got_kind != kind or kind == "number" and abs(float(got_value or 0) - float(value)) > 1e-9:
            self.add(name, f"span text {raw!r} reads as {got_kind} {got_value!r}, gold says {kind} {value!r}")
        if "unit" in cell and cell["unit"] != got_unit:
            self.add(name, f"unit {cell['unit']!r} but span text {raw!r} gives {got_unit!r}")
        key = (span[0], span[1])
        if cells_at:
            if key not in cells_at:
                self.add(name, f"no CELL span at {list(key)}")
            elif cells_at[key].get("attrs", {}).get("kind") != kind:
                self.add(name, f"CELL span at {list(key)} has kind {cells_at[key].get('attrs', {}).get('kind')!r}")
        if key in used:
            self.add(name, f"span {list(key)} already used by another cell")
        used.add(key)

    def check_metrics(self, metrics: Any, spans: list[dict[str, Any]], sections: Any) -> None:
        if not isinstance(metrics, list):
            self.add("gold.metrics", "must be a list")
            return
        metric_spans = {(s["start"], s["end"]): s for s in spans if s["label"] == "METRIC"}
        subject_spans = {(s["start"], s["end"]) for s in spans if s["label"] == "METRIC_SUBJECT"}
        used: set[tuple[int, int]] = set()
        for i, m in enumerate(metrics):
            name = f"gold.metrics[{i}]"
            if not isinstance(m, dict):
                self.add(name, "not an object")
                continue
            unknown = set(m) - {"type", "value", "unit", "qualifier", "subject", "section", "span"} - _METRIC_EXTRA_KEYS
            if unknown:
                self.add(name, f"unknown keys {sorted(unknown)}")
            if m.get("type") not in self.labels.get("metric_types", []):
                self.add(name, f"type {m.get('type')!r} is not a metric type of CONTRACT.md")
            if not _is_num(m.get("value")):
                self.add(name, f"value {m.get('value')!r} is not a number")
            if not self.value_ok("string_or_null", m.get("unit")):
                self.add(name, f"unit {m.get('unit')!r} must be a non-empty string or null")
            if m.get("qualifier") not in QUALIFIERS:
                self.add(name, f"qualifier {m.get('qualifier')!r} not in {list(QUALIFIERS)}")
            if not (isinstance(m.get("subject"), str) and m["subject"]):
                self.add(name, "subject must be a non-empty string")
            self.check_metric_place(name, m, metric_spans, subject_spans, sections, used)
        if metric_spans:
            for key in sorted(set(metric_spans) - used):
                self.add(f"METRIC span {list(key)}", "has no gold.metrics entry")

    def check_metric_place(self, name: str, m: dict[str, Any], metric_spans: dict[tuple[int, int], dict[str, Any]],
                           subject_spans: set[tuple[int, int]], sections: Any, used: set[tuple[int, int]]) -> None:
        span = m.get("span")
        if not _is_range(span, len(self.text)) or span[0] == span[1]:
            self.add(name, f"span {span!r} is not a non-empty range of the text")
            return
        key = (span[0], span[1])
        if metric_spans:
            if key not in metric_spans:
                self.add(name, f"no METRIC span at {list(key)}")
            else:
                attrs = metric_spans[key].get("attrs", {})
                for field in ("type", "value", "unit", "qualifier"):
                    if attrs.get(field) != m.get(field):
                        self.add(name, f"{field} {m.get(field)!r} differs from the METRIC span's {attrs.get(field)!r}")
        if key in used:
            self.add(name, f"span {list(key)} repeated")
        used.add(key)
        self.check_metric_section(name, m.get("section"), span[0], sections)
        sub = m.get("subject_span")
        if sub is not None:
            if not _is_range(sub, len(self.text)) or self.text[sub[0] : sub[1]] != m.get("subject"):
                self.add(name, f"subject_span {sub!r} does not hold the subject {m.get('subject')!r}")
            elif subject_spans and (sub[0], sub[1]) not in subject_spans:
                self.add(name, f"no METRIC_SUBJECT span at {sub}")

    def check_metric_section(self, name: str, section: Any, offset: int, sections: Any) -> None:
        if section not in SECTION_KEYS:
            self.add(name, f"section {section!r} not in {list(SECTION_KEYS)}")
            return
        if not isinstance(sections, list):
            return
        home = [s.get("key") for s in sections if isinstance(s, dict) and _is_range([s.get("start"), s.get("end")], len(self.text))
                and s["start"] <= offset < s["end"]]
        if home and home[0] != section:
            self.add(name, f"section {section!r} but the span lies in section {home[0]!r}")


def validate(path: str | Path, *, labels_path: str | Path | None = None) -> list[str]:
    """Problems found in an annotation file, or in every ``*.jsonl`` of a folder (empty list = valid).

    Args:
        path: a ``.jsonl`` file or a folder of them.
        labels_path: the label set (default ``annotations/labels.json``).

    Returns:
        One line per problem: ``FILE:LINE: WHAT: DETAIL``.
    """
    path = Path(path)
    labels = load_labels(Path(labels_path)) if labels_path else load_labels()
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files:
        return [f"{path}: no .jsonl files"]
    problems: list[str] = []
    for file in files:
        if not file.is_file():
            problems.append(f"{file}: file not found")
            continue
        ids: dict[str, int] = {}
        for n, doc in read_jsonl(file):
            where = f"{file}:{n}"
            if isinstance(doc, str):
                problems.append(f"{where}: {doc}")
                continue
            doc_id = str(doc.get("id"))
            if doc_id in ids:
                problems.append(f"{where}: id {doc_id!r} already used on line {ids[doc_id]}")
            ids[doc_id] = n
            problems += _Checker(where, doc, labels).check()
    return problems
