"""Tagged spans → the three official tables, choosing between readings by the arithmetic.

A reading assigns a row's cell spans to the schema's columns. Layouts leave
room for several (blank grid cells before or after the values, a total-only
row, a number broken by a space, fifteen 表四 numbers in one run or three). Each
candidate is scored: dropping a non-blank cell costs most, a sum that fails
costs, a sum that holds earns; the best is kept and a close runner-up is named
in ``doc.warnings``. Values are never changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gdr_nlp.document import ReportDocument, Span
from gdr_nlp.reconcile.schema import (
    APPLICANT_KEYS,
    MATCH_TABLES,
    REVIEW_COLUMN_KEYS,
    REVIEW_GROUPS,
    compact,
    detect_version,
    match_row_label,
    row_def,
)
from gdr_nlp.reconcile.units import parse_cell

TABLE_KEYS = ("proactive", "applications", "review_litigation")
_COUNT_UNIT = {"prev_items": "项", "change": "项", "projects": "项"}
_ORG_HEADERS = (("商业企业", "commercial"), ("科研机构", "research"), ("社会公益组织", "social_org"),
                ("法律服务机构", "legal_service"), ("小计", "legal_person_subtotal"), ("其他", "other_org"))


@dataclass
class Piece:
    """A candidate cell: a span of doc.text (possibly two merged spans) and its parse."""

    start: int
    end: int
    kind: str
    value: float | int | None
    unit: str | None
    merged: bool = False
    ocr: bool = False

    @property
    def filled(self) -> bool:
        return self.kind != "empty"


@dataclass
class Reading:
    cells: dict[str, Piece]
    score: float
    note: str


def reconcile_tables(doc: ReportDocument, *, layers: tuple[str, ...] = ("rule",)) -> None:
    """Fill ``doc.tables``, ``doc.report['format_version']`` and ``['variants']`` from the span layers.

    With several layers (hybrid), each table is read from every layer and, per
    table, the reading whose arithmetic holds best (then: the most cells) is kept;
    the runner-up layer is named in the warnings.
    """
    sections = {s["key"]: (s["start"], s["end"]) for s in doc.sections}
    regions_text = "".join(doc.text[s:e] for k, (s, e) in sections.items() if k in TABLE_KEYS) or doc.text
    version = detect_version(regions_text, year=doc.report.get("year"))
    doc.report["format_version"] = version
    per_layer = []
    for layer in layers:
        spans = [s for s in doc.spans.get(layer, []) if s.label in ("ROW_LABEL", "CELL", "COL_HEADER")]
        if spans:
            per_layer.append((layer, _read_layer(doc, spans, sections, version)))
    doc.tables, doc.report["variants"] = {}, []
    for key in TABLE_KEYS:
        options = sorted(((r[key], layer) for layer, r in per_layer), key=lambda o: (*o[0].rank, o[1] == "rule"), reverse=True)  # ties: rules
        if not options or not options[0][0].table:
            doc.tables[key] = {}
            doc.warnings.append(f"table {key} not found")
            continue
        best, layer = options[0]
        doc.tables[key] = best.table
        doc.report["variants"] += best.variants
        doc.warnings.extend(best.warnings)
        if len(options) > 1:
            doc.warnings.append(f"{key}: read from the {layer!r} layer (arithmetic {best.score:.1f}, {best.cells} cells); "
                                f"runner-up {options[1][1]!r} ({options[1][0].score:.1f}, {options[1][0].cells} cells)")
    _warn_money(doc.tables, version, doc.warnings)


@dataclass
class TableReading:
    table: dict[str, Any]
    score: float
    variants: list[str]
    warnings: list[str]

    @property
    def cells(self) -> int:
        return sum(len(cols) for cols in self.table.values())

    @property
    def rank(self) -> tuple[float, int]:
        return (self.score, self.cells)


def _read_layer(doc: ReportDocument, spans: list[Span], sections: dict[str, tuple[int, int]],
                version: str) -> dict[str, TableReading]:
    by_table: dict[str, list[Span]] = {k: [] for k in TABLE_KEYS}
    for span in sorted(spans, key=lambda s: s.start):
        key = span.attrs.get("table") or next((k for k, (a, b) in sections.items() if a <= span.start < b and k in TABLE_KEYS), None)
        if key in by_table:
            by_table[key].append(span)
    out: dict[str, TableReading] = {}
    for key in ("proactive", "applications"):
        warnings: list[str] = []
        rows, columns_of, score = _read_rows(doc, by_table[key], key, version, warnings)
        table = {row: {c: _cell(doc, p, key, c) for c, p in cells.items()} for row, cells in rows.items()}
        variants = _application_variants(rows, version, columns_of) if key == "applications" else []
        out[key] = TableReading(table, score, variants, warnings)
    warnings = []
    review, score = _read_review(doc, by_table["review_litigation"], warnings)
    out["review_litigation"] = TableReading(review, score, [], warnings)
    return out


def _piece(doc: ReportDocument, span: Span, *, money: bool) -> Piece:
    raw = doc.text[span.start : span.end]
    parsed = parse_cell(raw, money=money)
    return Piece(span.start, span.end, parsed.kind, parsed.value, parsed.unit, ocr=parsed.ocr_fixed)


def _row_key(doc: ReportDocument, span: Span, table_key: str) -> str | None:
    if span.attrs.get("row"):
        return str(span.attrs["row"])
    match = match_row_label(doc.text[span.start : span.end], MATCH_TABLES[table_key], "any")
    return match[0].key if match else None


def _read_rows(doc: ReportDocument, spans: list[Span], table_key: str, version: str,
               warnings: list[str]) -> tuple[dict[str, dict[str, Piece]], list[str], float]:
    groups: dict[str, list[Span]] = {}
    current: str | None = None
    headers = [s for s in spans if s.label == "COL_HEADER"]
    for span in spans:
        if span.label == "ROW_LABEL":
            key = _row_key(doc, span, table_key)
            if key == current and not groups[key]:
                continue  # the same label again before any cell: a spanned cell repeated by the grid expansion
            if key:
                current = key if key not in groups else None  # a repeated label (page header) adds nothing
                if current:
                    groups[current] = []
        elif span.label == "CELL" and current:
            groups[current].append(span)
    applicant_cols = _applicant_columns(doc, headers) if table_key == "applications" else list(APPLICANT_KEYS)
    rows: dict[str, dict[str, Piece]] = {}
    score = 0.0
    for key, cells in groups.items():
        rdef = row_def(table_key, key, version)
        if rdef is None:
            continue
        columns = applicant_cols if table_key == "applications" else list(rdef.columns)
        money = {c for c in columns if c == "amount"}
        pieces = [_piece(doc, s, money=bool(money) and i == len(cells) - 1) for i, s in enumerate(cells)]
        if money:  # only the amount column is money; re-parse per position below
            pieces = [_piece(doc, s, money=True) for s in cells]
        readings = _row_readings(pieces, columns, sum_rule=table_key == "applications")
        if not readings:
            continue
        best = readings[0]
        rows[key] = best.cells
        score += best.score
        if len(readings) > 1 and readings[1].score >= best.score - 0.5 and _differs(best, readings[1]):
            warnings.append(f"{table_key}.{key}: kept reading '{best.note}', runner-up '{readings[1].note}'")
    return rows, applicant_cols, score


def _differs(a: Reading, b: Reading) -> bool:
    """Readings that differ only in which blank fills which column are the same data."""
    def filled(r: Reading) -> dict[str, tuple[int, str]]:
        return {c: (p.start, p.kind) for c, p in r.cells.items() if p.filled}
    return filled(a) != filled(b)


def _applicant_columns(doc: ReportDocument, headers: list[Span]) -> list[str]:
    """Column order from the 表三 header; an extra 小计 column is placed where the header puts it."""
    found: list[tuple[int, str]] = []
    for span in headers:
        word = compact(doc.text[span.start : span.end])
        for name, key in _ORG_HEADERS:
            if word == name or (name != "其他" and name in word and "法人或其他组织" not in word.replace(name, "", 1)):
                found.append((span.start, key))
                break
    keys = [k for _, k in sorted(found)]
    ordered = list(dict.fromkeys(keys))
    if "legal_person_subtotal" not in ordered:
        return list(APPLICANT_KEYS)
    orgs = [k for k in ordered if k != "natural_person"]
    for k in APPLICANT_KEYS[1:-1]:
        if k not in orgs:
            orgs.insert(APPLICANT_KEYS.index(k) - 1, k)
    return ["natural_person", *orgs, "total"]


def _row_readings(pieces: list[Piece], columns: list[str], *, sum_rule: bool) -> list[Reading]:
    k = len(columns)
    candidates: list[tuple[list[Piece | None], str, float]] = []
    variants = [(pieces, 0.0)]
    if sum(p.filled for p in pieces) > k:
        variants += [(m, -0.3) for m in _merges(pieces)]
    for seq, cost in variants:
        n = len(seq)
        if n >= k:
            for i in range(n - k + 1):
                window = seq[i : i + k]
                dropped = sum(p.filled for p in seq) - sum(p.filled for p in window)
                candidates.append((list(window), f"cells {i}..{i + k - 1} of {n}", cost - 3 * dropped - 0.01 * i))
        else:
            candidates.append(([*seq, *[None] * (k - n)], f"first {n} columns", cost - 0.2))
            if sum_rule or k > 1:
                candidates.append(([*[None] * (k - n), *seq], f"last {n} columns", cost - 0.1))
            if n == 2 and k > 2:
                candidates.append(([seq[0], *[None] * (k - 2), seq[1]], "first and last column", cost))
    readings = []
    for cells, note, base in candidates:
        assigned = {c: p for c, p in zip(columns, cells) if p is not None}
        readings.append(Reading(assigned, base + (_sum_score(assigned, columns) if sum_rule else 0.0), note))
    readings.sort(key=lambda r: r.score, reverse=True)
    return readings


def _merges(pieces: list[Piece]) -> list[list[Piece]]:
    """Readings where one pair of neighbouring numbers is one number broken by a space or line break."""
    out = []
    for i in range(len(pieces) - 1):
        a, b = pieces[i], pieces[i + 1]
        if a.kind == b.kind == "number" and isinstance(a.value, int) and isinstance(b.value, int) and a.value >= 0 <= b.value:
            merged = Piece(a.start, b.end, "number", int(f"{a.value}{b.value}"), a.unit or b.unit, merged=True)
            out.append([*pieces[:i], merged, *pieces[i + 2 :]])
    return out


def _sum_score(cells: dict[str, Piece], columns: list[str]) -> float:
    """+1 when total = the six applicant columns, -1 when it does not, 0 when it can't be told."""
    total = cells.get("total")
    parts = [cells.get(c) for c in APPLICANT_KEYS[:-1]]
    if total is None or total.kind != "number":
        return 0.0
    if any(p is None for p in parts):
        return 0.0 if any(p is not None and p.kind == "number" for p in parts) else 0.5
    nums = [p.value if p and p.kind == "number" else 0 for p in parts]
    return 1.0 if abs(sum(nums) - total.value) < 1e-6 else -1.0  # type: ignore[operator]


def _read_review(doc: ReportDocument, spans: list[Span], warnings: list[str]) -> tuple[dict[str, Any], float]:
    """表四: fifteen cells in one run, or three runs of five after their group headers."""
    segments: list[tuple[str | None, list[Piece]]] = []
    group: str | None = None
    run: list[Piece] = []
    for span in spans:
        if span.label == "CELL":
            run.append(_piece(doc, span, money=False))
            continue
        if run:
            segments.append((group, run))
            run = []
        group = span.attrs.get("group") or _group_of(doc.text[span.start : span.end]) or group
    if run:
        segments.append((group, run))
    data = [(g, seg) for g, seg in segments if any(p.filled for p in seg)] or segments[-1:]
    groups = list(REVIEW_GROUPS)
    candidates: list[tuple[dict[str, dict[str, Piece]], str, float]] = []
    flat = [p for _, seg in data for p in seg]
    if len(data) >= 3 and all(len(seg) >= 5 for _, seg in data[-3:]):
        assigned = {}
        for (g, seg), default in zip(data[-3:], groups):
            window = _best_window(seg, 5)
            assigned[g if g in groups and g not in assigned else default] = dict(zip(REVIEW_COLUMN_KEYS, window))
        candidates.append((assigned, "three groups", 0.0))
    for seq, cost in [(flat, 0.0), *[(m, -0.3) for m in (_merges(flat) if sum(p.filled for p in flat) > 15 else [])]]:
        if len(seq) >= 15:
            for i in range(len(seq) - 14):
                window = seq[i : i + 15]
                dropped = sum(p.filled for p in seq) - sum(p.filled for p in window)
                assigned = {g: dict(zip(REVIEW_COLUMN_KEYS, window[5 * j : 5 * j + 5])) for j, g in enumerate(groups)}
                candidates.append((assigned, f"cells {i}..{i + 14}", cost - 3 * dropped - 0.01 * i))
    if not candidates and flat:
        assigned = {g: dict(zip(REVIEW_COLUMN_KEYS, flat[5 * j : 5 * j + 5])) for j, g in enumerate(groups) if flat[5 * j : 5 * j + 5]}
        candidates.append((assigned, "partial", -1.0))
        warnings.append(f"review_litigation: {len(flat)} cells where 15 are expected")
    if not candidates:
        return {}, 0.0
    scored = sorted(((base + sum(_group_score(cells) for cells in a.values()), a, note) for a, note, base in candidates),
                    key=lambda t: t[0], reverse=True)
    best_score, best, note = scored[0]
    if len(scored) > 1 and scored[1][0] >= best_score - 0.5 and scored[1][1] != best:
        warnings.append(f"review_litigation: kept reading '{note}', runner-up '{scored[1][2]}'")
    table = {g: {c: _cell(doc, p, "review_litigation", c) for c, p in cols.items()} for g, cols in best.items()}
    return table, best_score


def _best_window(seg: list[Piece], k: int) -> list[Piece]:
    best, best_score = seg[:k], -1e9
    for i in range(len(seg) - k + 1):
        window = seg[i : i + k]
        score = sum(p.filled for p in window) - 0.01 * i + _group_score(dict(zip(REVIEW_COLUMN_KEYS, window)))
        if score > best_score:
            best, best_score = window, score
    return best


def _group_of(text: str) -> str | None:
    word = compact(text)
    for name, key in (("未经复议直接起诉", "litigation_direct"), ("复议后起诉", "litigation_after_review"), ("行政复议", "review")):
        if name in word:
            return key
    return None


def _group_score(cells: dict[str, Piece]) -> float:
    vals = [cells.get(c) for c in REVIEW_COLUMN_KEYS]
    if any(p is None or p.kind != "number" for p in vals):
        return 0.0
    return 1.0 if abs(sum(p.value for p in vals[:4]) - vals[4].value) < 1e-6 else -1.0  # type: ignore[union-attr,misc,operator]


def _cell(doc: ReportDocument, piece: Piece, table_key: str, column: str) -> dict[str, Any]:
    if column == "amount":
        unit = "万元" if (piece.unit == "万元" or table_key == "proactive" and doc.report.get("format_version") == "2021") else None
    elif piece.kind == "number":
        unit = piece.unit or _COUNT_UNIT.get(column, "件")
    else:
        unit = None
    confidence = 0.98 - (0.2 if piece.merged else 0) - (0.3 if piece.ocr else 0)
    return {
        "value": piece.value if piece.kind == "number" else None,
        "raw": doc.raw_slice(piece.start, piece.end),
        "kind": piece.kind,
        "unit": unit if piece.kind == "number" else None,
        "span": [piece.start, piece.end],
        "page": doc.page_at(piece.start),
        "confidence": round(confidence, 2),
    }


def _application_variants(rows: dict[str, dict[str, Piece]], version: str, columns: list[str]) -> list[str]:
    variants = []
    split = any(k in rows for k in ("other_overdue_correction", "other_overdue_fee", "other_reasons"))
    if version == "2021" and "other_handling" in rows and not split:
        variants.append("applications_single_other_row")
    if version == "2019" and split:
        variants.append("applications_split_other_rows")
    if "legal_person_subtotal" in columns:
        variants.append("applications_legal_person_subtotal")
    return variants


def _warn_money(tables: dict[str, Any], version: str, warnings: list[str]) -> None:  # noqa: ARG001
    cell = tables.get("proactive", {}).get("procurement", {}).get("amount")
    if cell and cell["kind"] == "number" and cell["unit"] is None:
        warnings.append("proactive.procurement.amount: the source gives no unit; kept the number as printed (unit null)")
