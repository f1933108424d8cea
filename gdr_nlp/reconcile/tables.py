"""Tagged spans → the three official tables, choosing between readings by the arithmetic.

Rows are the cells after each ROW_LABEL that names a schema row; which cell goes
to which column is decided by ``readings.py`` (candidates scored by the sums and
layout plausibility). With several span layers (hybrid), each table is read from
every layer and the rules' reading kept unless its consistency checks fail where
another layer's pass, or both pass and the reader doubted the other less (``_preference``);
the other layer is named in ``doc.warnings``. Values are never changed; cells the source
lacks are absent.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from gdr_nlp.check.completeness import missing_cells, official_cells
from gdr_nlp.check.rules import check_tables
from gdr_nlp.document import HAN, ReportDocument, Span, line_at, line_end
from gdr_nlp.ingest.base import BULLETED_PAGE, PAGE_NUMBER, page_number_line
from gdr_nlp.reconcile import columns as column_order
from gdr_nlp.reconcile import review_boxes
from gdr_nlp.reconcile.glued import digit_run, glued_row, is_glued_run, place_glued_rows, review_cuts, row_cuts
from gdr_nlp.reconcile.layers import layer_spans
from gdr_nlp.reconcile.placement import (
    ANCHOR_ROWS,
    is_short,
    place_displaced_rows,
    place_review_segments,
    place_short_rows,
    row_sums_hold,
    with_flat_blanks,
)
from gdr_nlp.reconcile.readings import (
    DROP_FILLED,
    Piece,
    Reading,
    echoes,
    merged_grid,
    numbers_lead,
    review_readings,
    row_readings,
)
from gdr_nlp.reconcile.schema import (
    APPLICANT_COLUMNS,
    APPLICANT_KEYS,
    MATCH_TABLES,
    ORDINAL_PREFIX,
    REVIEW_COLUMN_KEYS,
    REVIEW_GROUPS,
    TABLES,
    VERSION_MARKERS,
    VERSIONS,
    compact,
    detect_version,
    fuzzy_row_label,
    match_row_label,
    row_def,
)
from gdr_nlp.reconcile.units import parse_cell, to_wan_yuan

_SPLIT_DIGITS = re.compile(r"\d\s+\d")
_UNIT_ON = re.compile(r"万元|亿元|元")  # a money unit printed onto the number
TABLE_KEYS = ("proactive", "applications", "review_litigation")
_STRUCTURE = ("ROW_LABEL", "CELL", "COL_HEADER", "TABLE_CAPTION")
_COUNT_UNIT = {"prev_items": "项", "change": "项", "projects": "项"}
_ORG_HEADERS = (("商业企业", "commercial"), ("科研机构", "research"), ("社会公益组织", "social_org"),
                ("法律服务机构", "legal_service"), ("小计", "legal_person_subtotal"), ("其他", "other_org"))
_REVIEW_GROUP_WORDS = (("未经复议直接起诉", "litigation_direct"), ("复议后起诉", "litigation_after_review"),
                       ("行政复议", "review"))
# The official 小计 placement: after the five organisation columns, before 总计.
_NEXT_ORDINAL = re.compile(r"\d[.．、](?![\d\s])")
_SPLIT_DOUBT = 0.13  # a cell cut from digits run together: the cut is the sums', not the source's (README)
_WITH_SUBTOTAL = [*APPLICANT_KEYS[:-1], "legal_person_subtotal", APPLICANT_KEYS[-1]]
# a dashed page number opening a line, words (not a number, dash or slash) after it on that line
_OPENING_PAGE_NUMBER = re.compile(r"[ \t]*([-—–－~～][ \t]?\d{1,4}[ \t]?[-—–－~～])(?=[ \t]*[^\d\s\-—–－~～/／])")
_RUNNING_TITLE = re.compile(r"年度?政府信息公开工作年度报告")  # a report's title after its year: a running header
# the money unit a converter set apart after the amount: spaces (pdftotext -layout) or the next line,
# a blank line at most between (HTML text: 2102200 / 元); never across a table pipe
_UNIT_AFTER = re.compile(r"(?:[ \t]{1,40}|[ \t]*\r?\n(?:[ \t]*\r?\n)?[ \t]*)(万元|亿元|元)(?=\s|$)")
_AMOUNT_UNIT = re.compile(r"金额[（(]\s*(?:单位[:：]\s*)?(万元|亿元|元)\s*[）)]")


@dataclass
class TableReading:
    """One layer's reading of one table: contract cells, score, variants, warnings."""

    table: dict[str, Any]
    score: float
    variants: list[str]
    warnings: list[str]
    notes: list[str] = field(default_factory=list)  # for doc.review_notes: a person should check these

    @property
    def cells(self) -> int:
        return sum(len(cols) for cols in self.table.values())

    @property
    def rank(self) -> tuple[float, int]:
        return (self.score, self.cells)


class _Pages:
    """Page-number lookups for one document (line and page indexes come from the document)."""

    def __init__(self, doc: ReportDocument) -> None:
        self.doc = doc
        self.paged = any(line.page is not None for line in doc.lines)
        self._breaks: list[int] | None = None

    @functools.cached_property
    def _footers(self) -> set[int]:
        """Lines that are a page's footer number over the next page's running header: a number alone on its
        line right before a line holding the report's title alone (``1`` / ``某局2022年政府信息公开工作年度报告``,
        a page break in a text with no form feed), where such numbers count pages (each next to another, or
        the one there is 1: a two-page report)."""
        lines, text = self.doc.lines, self.doc.text
        found: list[tuple[int, int]] = []
        for i, line in enumerate(lines):
            body = text[line.start : line.end].strip()
            if not (body.isdigit() and len(body) <= 3 and int(body) >= 1):
                continue
            after = [t for ln in lines[i + 1 : i + 4] if (t := text[ln.start : ln.end].strip())][:2]
            if (after and _RUNNING_TITLE.search(after[0]) and len(after[0]) <= 60 and not re.search(r"[。，；：]", after[0])
                    and not (len(after) > 1 and page_number_line(after[1]))):  # 第3页 after the title: that is the footer
                found.append((i, int(body)))
        values = {v for _, v in found}
        return {i for i, v in found if v - 1 in values or v + 1 in values or (len(found) == 1 and v == 1)}

    def line(self, offset: int) -> int:
        return self.doc.line_index_at(offset)

    def page(self, offset: int) -> int | None:
        return self.doc.page_at(offset)

    def pageish(self, start: int, end: int, value: float | None) -> bool:
        """A number that is page furniture, not a cell: the digits of a line that is a page number
        (``- 2 -``); inside a line, a running header's year or a page
        number ending at a form feed or opening a page's line (``_inline``); alone on a line, at a page break equal to a page
        number there (a PDF footer left in), over the next page's running header (``_footers``), or, in any text, a footer or running header a converter
        broke at its number (``第`` / ``3`` / ``页``, ``共`` / ``5`` / ``页``; ``某区人民政府`` / ``2025`` /
        ``年政府信息公开工作年度报告``)."""
        if not isinstance(value, int):
            return False
        if self._inline(start, end, value):
            return True
        i = self.doc.line_index_at(start)
        line = self.doc.lines[i]
        body = self.doc.text[line.start : line.end]
        if page_number_line(body):
            return True  # the digits of a page-number line (``- 2 -``, ``第2页``), which a tagger may take for a cell
        if body.strip() != self.doc.text[start:end].strip():
            return False
        if i in self._footers:
            return True
        if self.paged:
            near = {ln.page for ln in self.doc.lines[max(0, i - 2) : i + 3] if ln.page is not None}
            if len(near) > 1 and value in near:
                return True
        before, after = self._neighbour(i, -1), self._neighbour(i, 1)
        if before.endswith(("第", "共")) and after.startswith("页"):
            return True
        return 1990 <= value <= 2100 and _RUNNING_TITLE.match(after) is not None

    def _inline(self, start: int, end: int, value: int) -> bool:
        """Furniture inside a line: a PDF reader with no layout analysis (pdfminer without LAParams)
        writes a page's text as one line, its footer glued to the last cell before the form feed
        (``…1000001某局2022年政府信息公开工作年度报告- 2 -\f``): the running title's year, and a page
        number in a page-number form (``PAGE_NUMBER``) that ends at the page break, or a dashed one that
        opens the next page's line (``page_mark``)."""
        if 1990 <= value <= 2100 and _RUNNING_TITLE.match(self.doc.text, end):
            return True
        return value >= 1 and self.page_mark(start, end)

    def page_mark(self, start: int, end: int) -> bool:
        """``start:end`` is part of a page number (``- 2 -``, ``第1页 共3页``: a number or a dash of it)
        that ends at a form feed, a markdown list item ``- 2`` alone between blank lines (a footer a
        PDF-to-markdown converter made a list item, or what is left of ``64.12`` once its ``64.`` was
        taken for a list marker), or a dashed one that opens a line going on in words: a page written
        as one line starts with its footer's number where the reader met it (pdf.js items joined,
        ``- 5 -  法提供…``; pdfminer without layout analysis, ``\f-4-信息内容…``)."""
        text = self.doc.text
        i = self.doc.line_index_at(start)
        line = self.doc.lines[i]
        if BULLETED_PAGE.match(text[line.start : line.end]) and self._between_blanks(i):
            return True  # "- 2" alone: the layout reader leaves it out (tag.layout); the model may take it
        stop = text.find("\f", end, end + 10)
        if stop >= 0 and any(PAGE_NUMBER.match(compact(text[s:stop])) for s in range(max(0, start - 10), start + 1)):
            return True
        opening = _OPENING_PAGE_NUMBER.match(text, max(text.rfind("\n", 0, start), text.rfind("\f", 0, start)) + 1)
        return opening is not None and opening.start(1) <= start and end <= opening.end(1)

    def sheet(self, offset: int) -> int:
        """Which page ``offset`` stands on, counted from 0: the document's page where it has pages, else the
        page breaks before it in the text: its form feeds, or where it has none, the lines that are a page
        number (``- 2 -``, ``第2页``). Not both: pdfminer ends each page with a form feed but may write the
        page's footer box anywhere in it, amid a table's cells."""
        if self.paged:
            return self.page(offset) or 0
        if self._breaks is None:
            text = self.doc.text
            self._breaks = [m.start() for m in re.finditer("\f", text)] or [
                ln.start for ln in self.doc.lines if page_number_line(text[ln.start : ln.end])]
        return bisect.bisect_right(self._breaks, offset)

    def _between_blanks(self, i: int) -> bool:
        """Line i has a blank line (or the text's edge) on both sides."""
        lines, text = self.doc.lines, self.doc.text
        return all(not 0 <= j < len(lines) or not text[lines[j].start : lines[j].end].strip() for j in (i - 1, i + 1))

    def _neighbour(self, i: int, step: int) -> str:
        """The next non-blank line's text from line ``i`` in direction ``step`` (at most two lines away)."""
        for j in (i + step, i + 2 * step):
            if 0 <= j < len(self.doc.lines):
                line = self.doc.lines[j]
                if text := self.doc.text[line.start : line.end].strip():
                    return text
        return ""


def reconcile_tables(doc: ReportDocument, *, layers: tuple[str, ...] = ("rule",)) -> None:
    """Fill ``doc.tables``, ``doc.report['format_version']`` and ``['variants']`` from the span layers.

    Args:
        doc: a tagged document; ``doc.sections`` (if filled) places untagged spans in their table.
        layers: span layers to read (``rule``, ``model``, or both for hybrid). Each table is read
            from every layer; the rules' reading is kept unless its checks fail where another
            layer's pass (``_preference``), and the runner-up layer is named in the warnings.
    """
    per_layer = layer_spans(doc, layers, _STRUCTURE)  # with the model-structure + rule-cells layer (issue 10)
    version = _version(doc, [s for _, spans in per_layer for s in spans])
    doc.report["format_version"] = version
    pages = _Pages(doc)
    readings = [(layer, _read_layer(doc, spans, version, pages)) for layer, spans in per_layer]
    doc.layer_tables = {layer: {key: r.table for key, r in reading.items()} for layer, reading in readings}
    doc.tables, doc.report["variants"] = {}, []
    for key in TABLE_KEYS:
        options = sorted(((r[key], layer) for layer, r in readings), key=lambda o: _preference(o[0], o[1], readings, key, version),
                         reverse=True)
        if not options or not options[0][0].table:
            doc.tables[key] = {}
            doc.warnings.append(f"table {key} not found")
            if options:  # why it is empty (rows whose cells run together and no cut was taken)
                doc.review_notes.extend(n for n in options[0][0].notes if "run together" in n)
            continue
        best, layer = options[0]
        doc.tables[key] = best.table
        doc.report["variants"] += best.variants
        doc.warnings.extend(best.warnings)
        doc.review_notes.extend(best.notes)
        if note := _unconfirmed(best, layer, readings, key, version):
            doc.review_notes.append(note)
        tier = _preference(best, layer, readings, key, version)[0]
        if note := _less_wrong_note(best, layer, tier, readings, key, version):
            doc.review_notes.append(note)
        if note := _doubts_note(best, layer, tier, readings, key):
            doc.review_notes.append(note)
        if len(options) > 1:
            doc.warnings.append(f"{key}: read from the {layer!r} layer (arithmetic {best.score:.1f}, {best.cells} cells); "
                                f"runner-up {options[1][1]!r} ({options[1][0].score:.1f}, {options[1][0].cells} cells)")
    _warn_money(doc.tables, doc.warnings)


_ASSUMED_SUBTOTAL = "a 小计 column was assumed"  # in _read_rows' warning where no header named the column


def _as_compared(rule: TableReading, other: TableReading) -> TableReading:
    """The rules' table as weighed against another layer's: without the 小计 column where the rules assumed
    it (no header names it) and the other reading has none. An assumed column's cells and the sums it
    adds up to trivially are no evidence (the same holds the other way round in ``_preference``'s
    ``gained``), so a reading without it is compared on the columns both have (#10 blind17: an assumed
    小计 on a table without one failed 3 sums and still outweighed the model's whole 7-column reading)."""
    if (not any(_ASSUMED_SUBTOTAL in w for w in rule.warnings)
            or any("legal_person_subtotal" in cols for cols in other.table.values())):
        return rule
    table = {row: {c: v for c, v in cols.items() if c != "legal_person_subtotal"} for row, cols in rule.table.items()}
    return TableReading(table, rule.score, rule.variants, rule.warnings, rule.notes)


def _less_wrong_note(best: TableReading, layer: str, tier: float, readings: list[tuple[str, dict[str, TableReading]]],
                     key: str, version: str) -> str | None:
    """A review note when another layer's table was taken only as better supported than the rules'
    (``tier``, its ``_preference`` tier, is less-wrong: it fails no more checks and passes more): a
    better guess, not a confirmed reading."""
    if layer == "rule" or tier != _LESS_WRONG:
        return None
    rule = _as_compared(next(r[key] for name, r in readings if name == "rule"), best)
    rule_tally = Counter(_statuses(key, rule.table, version).values())
    tally = Counter(_statuses(key, best.table, version).values())
    if not rule_tally["fail"]:
        assessed = f"assess {rule_tally['pass']} check(s)" if rule_tally["pass"] else "assess no check"
        return (f"{key}: read from the {layer} layer: the rules' cells {assessed}, this reading passes "
                f"{tally['pass']} and fails {tally['fail']}; neither is confirmed")
    return (f"{key}: read from the {layer} layer: it fails no more checks than the rules' reading and "
            f"passes more ({tally['fail']} vs {rule_tally['fail']} failing, "
            f"{tally['pass']} vs {rule_tally['pass']} passing); neither is confirmed")


def _doubts_note(best: TableReading, layer: str, tier: float, readings: list[tuple[str, dict[str, TableReading]]],
                 key: str) -> str | None:
    """A review note when another layer's table was taken over the rules' as the more whole one
    (``tier``, its ``_preference`` tier, is more-whole), or because the table reader doubted it less
    (fewer-doubts: both are whole and fail no check): no sum chose between them."""
    if layer == "rule" or tier not in (_MORE_WHOLE, _FEWER_DOUBTS):
        return None
    rule = _as_compared(next(r[key] for name, r in readings if name == "rule"), best)
    if tier == _MORE_WHOLE:
        return (f"{key}: read from the {layer} layer: it holds every official cell and fails no check, the rules' "
                f"reading {rule.cells} cells without all of them; no sum confirms the cells the rules missed")
    why = (f"fewer doubts ({len(best.notes)} vs {len(rule.notes)} notes)" if len(best.notes) < len(rule.notes)
           else "as few doubts and fewer of the source's numbers left out "
                f"(score {best.score:.1f} vs {rule.score:.1f})")
    return (f"{key}: read from the {layer} layer: it and the rules' reading both hold every official cell and "
            f"fail no check, yet differ; this one had {why}: no sum chose between them")


def _unconfirmed(best: TableReading, layer: str, readings: list[tuple[str, dict[str, TableReading]]],
                 key: str, version: str) -> str | None:
    """A review note when the table read comes from a layer that nothing else confirms: the rules
    found no such table and none of its checks passes (表二 has no arithmetic at all), so a cell the
    model misread would otherwise go out unflagged (one did on converter output, #10)."""
    if layer == "rule":
        return None
    rule = next((r[key] for name, r in readings if name == "rule"), None)
    if rule is None or rule.cells:  # model-only (no rule layer asked for), or the rules read it too
        return None
    # a relation that holds (a sum) confirms the cells it ties; a check of one cell alone (not
    # negative) confirms nothing
    if any(c["status"] == "pass" and len(c["cells"]) > 1 for c in check_tables({key: best.table}, version)):
        return None
    return f"{key}: read from the {layer} layer alone; the rules found no such table and no check confirms it"


def _preference(reading: TableReading, layer: str, readings: list[tuple[str, dict[str, TableReading]]],
                key: str, version: str) -> tuple[int, float, int]:
    """Hybrid order: the rule layer's table stands unless its own checks say it is wrong.

    Measured on generated reports (BENCHMARKS.md), letting the better arithmetic score
    pick between layers cost cells: reading penalties are not errors, and the model's
    fragmentary spans can sum consistently while missing rows. So another layer's reading
    replaces the rules' only where the rules found no table, or where the other one fails no
    consistency check, passes every check the rules' table could assess and holds as many
    cells, and either the rules' table fails a check or the other has more cells and more
    passing checks (a cell the rules missed). Below that: a reading less wrong than a failing
    rules table (``_less_wrong``), then, where both are whole and fail no check, the one the table
    reader doubted less (``_fewer_doubts``); both go out with a review note.
    """
    rule = next((r[key] for name, r in readings if name == "rule"), None)
    if layer == "rule" or rule is None:
        return (1, reading.score, reading.cells)
    rule = _as_compared(rule, reading)
    if not reading.table:
        return (0, reading.score, reading.cells)
    if not rule.table or not rule.cells:  # rows without a cell are no table either
        return (2, reading.score, reading.cells)
    rule_checks = _statuses(key, rule.table, version)
    checks = _statuses(key, reading.table, version)
    rule_tally, tally = Counter(rule_checks.values()), Counter(checks.values())
    rule_fail, rule_pass, fail, passed = rule_tally["fail"], rule_tally["pass"], tally["fail"], tally["pass"]
    # every check the rules could assess must be assessed and hold: a misprinted total in the
    # source fails in every true reading, and a reading that dodges it (a cell read as text,
    # a row left out) assesses fewer checks
    complete = fail == 0 and passed >= rule_pass + rule_fail and reading.cells >= rule.cells
    # a cell the rules missed shows as a check of the rules' table they could not assess that
    # this reading passes; checks only this reading has (a 小计 column it assumed, whose zero
    # rows add up trivially) are no evidence (#10)
    gained = sum(s == "pass" and rule_checks.get(i) == "not_assessable" for i, s in checks.items())
    better = complete and (rule_fail > 0 or (gained > 0 and reading.cells > rule.cells))
    if better:
        return (2, reading.score, reading.cells)
    # less wrong: where the rules' table fails checks, a reading as full that fails no more of them
    # and passes more (more cells tied by a sum that holds) is the better guess for a layout the
    # rules cannot cut (#10 blind families); it goes out flagged (_less_wrong_note), never confirmed
    if _less_wrong(rule_tally, tally, reading.cells, rule.cells):
        return (_LESS_WRONG, reading.score, reading.cells)
    # more whole: the rules' table misses official cells (a completeness check fails), this one holds
    # them all and passes every check the rules' could assess: the better guess where no sum ties
    # the cells the rules missed (表二 has none); flagged (_doubts_note)
    if complete and _whole(key, reading, version, tally) and not _whole(key, rule, version, rule_tally):
        return (_MORE_WHOLE, reading.score, reading.cells)
    # fewer doubts: both readings whole and failing no check, so the arithmetic cannot choose; the one
    # the table reader doubted less (a placement another fits almost as well, numbers no cell took),
    # or as little but leaving out fewer of the source's numbers, is the better guess. Measured on the
    # converter families (BENCHMARKS.md "Two whole readings"): the rules' precedence there lost cells
    # on most splits where the two differed. Flagged (_doubts_note).
    # (and as many sums holding as in the rules': blank cells fail no check but tie none, so a reading of
    # blanks where the rules read numbers whose sums hold is no tie the arithmetic left open)
    if (_fewer_doubts(reading, rule) and passed >= rule_pass and _whole(key, rule, version, rule_tally)
            and _whole(key, reading, version, tally)):
        return (_FEWER_DOUBTS, reading.score, reading.cells)
    return (0, reading.score, reading.cells)


_LESS_WRONG = 1.5  # _preference's tier between a confirmed better reading (2) and the rules' own (1)
_MORE_WHOLE = 1.4  # below less-wrong: the rules' misses official cells, this reading holds them, unconfirmed
_FEWER_DOUBTS = 1.25  # below more-whole: no check tells the two readings apart


def _fewer_doubts(reading: TableReading, rule: TableReading) -> bool:
    """Fewer review notes than the rules' reading, or as many and a score higher by more than one
    filled number left out (``DROP_FILLED``: the score counts the source's numbers no cell took)."""
    return len(reading.notes) < len(rule.notes) or (
        len(reading.notes) == len(rule.notes) and reading.score > rule.score + DROP_FILLED)


def _whole(key: str, reading: TableReading, version: str, tally: Counter[str]) -> bool:
    """Every official cell of the table read, and no check of it failing."""
    return not tally["fail"] and not missing_cells(key, reading.table, version)


# the rules' table assesses "few" checks when this many times as many pass in another reading
FEW_ASSESSED = 4


def _less_wrong(rule_tally: Counter[str], tally: Counter[str], cells: int, rule_cells: int) -> bool:
    """The less-wrong tier's test on check-status counts (the rules' reading, another)."""
    rule_fail, rule_pass, fail, passed = rule_tally["fail"], rule_tally["pass"], tally["fail"], tally["pass"]
    if cells < rule_cells or passed <= rule_pass:
        return False
    if rule_fail == 0 and rule_pass * FEW_ASSESSED <= passed:
        # the rules' cells assess no check, or a handful against this reading's passes (fragments of a
        # layout they cannot cut, #10 blind16: 2 sums of 35 where the model's table passed 37 and failed 2):
        # a reading whose sums mostly hold is better supported
        return passed > fail
    return rule_fail > 0 and fail <= rule_fail


def _statuses(key: str, table: dict[str, Any], version: str) -> dict[str, str]:
    """Check id → status of the consistency checks of one table read alone."""
    return {c["id"]: c["status"] for c in check_tables({key: table}, version)}


def _version(doc: ReportDocument, spans: list[Span]) -> str:
    """The format version from the header, caption and label spans (CONTRACT.md: not from the year)."""
    words = "".join(doc.text[s.start : s.end] for s in spans if s.label != "CELL")
    return detect_version(words, year=doc.report.get("year"))


def _assign_tables(doc: ReportDocument, spans: list[Span]) -> dict[str, list[Span]]:
    """Spans per table: by their ``table`` attribute, else their section, else the last table a label named."""
    sections = [(s["start"], s["end"], s["key"]) for s in doc.sections if s["key"] in TABLE_KEYS]
    by_table: dict[str, list[Span]] = {k: [] for k in TABLE_KEYS}
    current: str | None = None
    label_at = -1  # where the last label that named ``current`` stands
    run = ""  # the label pieces since the last cell: a label the layout broke into pieces names its table whole
    for span in sorted(spans, key=lambda s: s.start):
        key = span.attrs.get("table")
        if span.label in _LABEL_PIECES:
            run += doc.text[span.start : span.end]
        else:
            run = ""
        if key is None and span.label != "CELL":
            # a label names its table more surely than a section boundary drawn by a weak tagger
            key = _table_named(doc.text[span.start : span.end]) or (_table_named(run) if run else None)
        if key is None and (span.label != "CELL" or current is None):
            key = next((k for a, b, k in sections if a <= span.start < b), None)
        if key is None and span.label == "CELL" and _past_the_table(doc, span, label_at):
            continue  # a number in the prose of a section with no table (五、存在的主要问题…) after the last table's labels
        key = key or current
        if span.label != "CELL" and key is not None:
            current, label_at = key, span.start
        if key in by_table:
            by_table[key].append(span)
    return by_table


_LABEL_PIECES = ("ROW_LABEL", "COL_HEADER", "TABLE_CAPTION")


def _past_the_table(doc: ReportDocument, cell: Span, label_at: int) -> bool:
    """The cell stands inside a sentence of a section whose key is no table's, and no table label has stood
    in that section before it: a tagger's number in prose after the tables, not the last table's. A table
    a converter set apart at the end of the text keeps its labels beside its cells, and a number alone on
    its line there (pdfminer writes table boxes after the next heading) stays the last table's."""
    if line_at(doc.text, cell.start).strip() == doc.text[cell.start : cell.end].strip():
        return False
    return any(s["start"] <= cell.start < s["end"] and s["key"] not in TABLE_KEYS and label_at < s["start"]
               for s in doc.sections)


def _table_named(text: str) -> str | None:
    """Which table a label or header belongs to, when no section says so (a model layer without sections)."""
    word = compact(text)
    if any(w in word for w in ("结果维持", "结果纠正", "尚未审结", "复议后起诉", "未经复议")):
        return "review_litigation"
    for key in ("applications", "proactive"):
        if match_row_label(word, MATCH_TABLES[key], "any"):
            return key
    return None


def _read_layer(doc: ReportDocument, spans: list[Span], version: str, pages: _Pages) -> dict[str, TableReading]:
    by_table = _assign_tables(doc, spans)
    # boxes the rule tagger found past the last table (pdfminer's tree order): only the pieces reading may take them
    spill = [s for key in TABLE_KEYS for s in by_table[key] if s.attrs.get("spill")]
    if spill:
        by_table = {key: [s for s in found if not s.attrs.get("spill")] for key, found in by_table.items()}
    out: dict[str, TableReading] = {}
    for key in ("proactive", "applications"):
        warnings: list[str] = []
        notes: list[str] = []
        rows, columns, score = _read_rows(doc, by_table[key], key, version, pages, warnings, notes)
        taken = {i for cells in rows.values() for p in cells.values() for i in range(p.start, p.end)}
        notes[:0] = _glued_label_notes(doc, by_table[key], key, taken)
        if key == "applications":
            _drop_blank_group_row(rows, warnings)
        unit = _amount_unit(doc, by_table[key]) if key == "proactive" else None
        table = _contract_table(doc, rows, key, version, unit, pages, warnings)
        if key == "proactive" and (placed := _proactive_by_columns(doc, by_table[key], version, pages, rows)):
            # 表二 written column by column: no sum can confirm it, so the note sends it to review
            rows, warnings, notes = placed, [], [_PROACTIVE_COLUMN_NOTE]
            table = _contract_table(doc, rows, key, version, unit, pages, warnings)
        by_columns = _by_columns(doc, by_table[key], version, pages, table, notes) if key == "applications" else None
        found = (_by_number_order(doc, by_table, spill, version, pages, table, notes)
                 if key == "applications" and by_columns is None else None)
        if found:
            # numbers a reading took past the next table's heading are 表三's, not 表四's; where it read
            # pdfminer's boxes (in pieces or page by page), the boxes past the tables it left are 表四's
            rows, columns, table, taken, warning, prefix = found
            score = float(len(rows))
            left = [s for s in by_table["review_litigation"] if id(s) not in taken]
            spilled = [s for s in spill if id(s) not in taken]
            if prefix.startswith(_PIECES_PREFIX) or _fills_review(left, spilled):
                left = sorted([*left, *spilled], key=lambda s: s.start)
            by_table["review_litigation"] = left
            warnings = [warning]
            notes = [n for n in notes if n.startswith(prefix)]
        elif by_columns:
            # the converter wrote the table column by column and the sums confirm that reading:
            # the row-by-row reading's complaints are about a reading not taken
            rows, columns, table = by_columns
            score = float(len(rows))
            warnings = ["applications: the numbers run column after column (a converter that writes a table box by "
                        "box); read in column order, which every row and column sum confirms"]
            notes = [n for n in notes if n.startswith("applications: the numbers run column after column")]
        if key == "proactive":
            notes.extend(_carried_notes(table, by_table[key]))
        variants = _application_variants(rows, version, columns) if key == "applications" else []
        if key == "proactive" and version == "2019" and _has_2021_markers(doc, by_table[key]):
            variants.append("proactive_2019_with_2021_markers")
        out[key] = TableReading(table, score, variants, warnings, notes)
    warnings, notes = [], []
    review, score = _read_review(doc, by_table["review_litigation"], pages, warnings, notes)
    out["review_litigation"] = TableReading(review, score, [], warnings, notes)
    return out


def _carried_notes(table: dict[str, Any], spans: list[Span]) -> list[str]:
    """A review note for each 表二 cell read from a number the rule tagger gave back to 表二 from after
    三's heading (``tag.rules._carried_back``): placed by the count alone, and 表二 has no sums to vouch."""
    carried = {s.start for s in spans if s.label == "CELL" and s.attrs.get("carried")}
    return [f"proactive.{row}.{column}: its number stands after 三's heading (a converter that writes boxes in "
            "its own order) and was read as 表二's by the count alone; no sum can confirm it: check"
            for row, cells in table.items() for column, cell in cells.items()
            if cell.get("span") and cell["span"][0] in carried]


_REVIEW_CELLS = len(official_cells("review_litigation", {}, None))


def _fills_review(left: list[Span], spilled: list[Span]) -> bool:
    """The numbers 表三's stream reading left in 表四's section and pdfminer's boxes past the tables are
    together exactly 表四's cells: its boxes spilled past the next heading, as the pieces reading finds."""
    count = sum(s.label == "CELL" for s in left)
    return bool(spilled) and count < _REVIEW_CELLS == count + sum(s.label == "CELL" for s in spilled)


def _contract_table(doc: ReportDocument, rows: dict[str, dict[str, Piece]], key: str, version: str,
                    unit: str | None, pages: _Pages, warnings: list[str]) -> dict[str, Any]:
    """Row → column → contract cell (``_cell``) of one table reading."""
    return {row: {c: _cell(doc, p, key, c, version, unit, pages, warnings) for c, p in cells.items()}
            for row, cells in rows.items()}


def _table_values(table: dict[str, Any]) -> tuple[tuple[str, str, str, Any], ...]:
    """A contract table's (row, column, kind, value) cells: what two readings are compared by."""
    return tuple((r, c, cell["kind"], cell["value"]) for r, cols in table.items() for c, cell in cols.items())


def _by_columns(doc: ReportDocument, spans: list[Span], version: str, pages: _Pages, current: dict[str, Any],
                notes: list[str]) -> tuple[dict[str, dict[str, Piece]], list[str], dict[str, Any]] | None:
    """表三's block reading (``columns.py``), when the labels run ahead of their numbers, the
    row-by-row reading is not confirmed and a block reading is. Several confirmed readings that
    disagree: the printed column order's, with a review note, or (if it is not among them) the
    row-by-row reading and the note."""
    found = column_order.blocks(spans, _row_keys(doc, spans, "applications", version))
    if not column_order.column_written(found) or column_order.confirmed(_statuses("applications", current, version), current):
        return None
    header = _applicant_columns(doc, [s for s in spans if s.label == "COL_HEADER"])
    sets = [header] if header is not None else [list(APPLICANT_KEYS), _WITH_SUBTOTAL]
    confirmed: dict[tuple[Any, ...], tuple[column_order.ColumnReading, dict[str, Any]]] = {}
    options = list(itertools.islice(column_order.readings(found, sets, lambda cells: _pieces(doc, cells, pages, money=False)),
                                    column_order.MAX_READINGS + 1))
    if len(options) > column_order.MAX_READINGS:
        return None
    for reading in options:
        table = _contract_table(doc, reading.rows, "applications", reading.version, None, pages, [])
        if column_order.confirmed(_statuses("applications", table, reading.version), table):
            values = _table_values(table)
            if values not in confirmed or (reading.as_printed and not confirmed[values][0].as_printed):
                confirmed[values] = (reading, table)
    if not confirmed:
        return None
    if len(confirmed) > 1:
        # the sums cannot tell the readings apart (a column equal to 总计 fits "总计 first" too): as with
        # dropped blanks (placement.py), the printed column order is taken, if it is one of them, and
        # review names the others
        printed = [(r, t) for r, t in confirmed.values() if r.as_printed]
        taken = len(printed) == 1  # two in the printed order differ in their rows: nothing to prefer
        notes.append(f"applications: the numbers run column after column and fit the grid in {len(confirmed)} ways "
                     "that every sum confirms; " + ("the printed column order was taken" if taken else "none was taken")
                     + ": check the table against the source")
        if not taken:
            return None
        reading, table = printed[0]
    else:
        reading, table = next(iter(confirmed.values()))
    return reading.rows, reading.columns, table


def _box_stream(doc: ReportDocument, spans: list[Span], following: list[Span]) -> tuple[list[Span], list[list[int]]]:
    """表三's numbers for the readings of a box order: the table's spans with the numbers ahead of its first
    label and those that follow (表四's, the boxes past the tables), and their runs (``columns.piece_runs``)
    less those whose own header words name a 表四 column (结果 / 纠正 / 3: 表四's, whatever their numbers)."""
    stream = [*_numbers_ahead(doc, spans), *spans, *following]
    runs = [run for run in column_order.piece_runs(stream, doc.text)
            if not review_boxes.names_a_column(doc.text, stream[run[0]].start)]
    return stream, runs


def _column_sets(doc: ReportDocument, spans: list[Span], *, subtotal: bool = False) -> list[list[str]]:
    """The applicant column sets to try: the header's where it names them, else the usual seven and, where
    the text has the word or ``subtotal`` asks, the eight with 小计 (the pieces search: not without the
    word, the widest and slowest; a reader whose search is cheap tries it anyway, since pdfminer can
    interleave the header's boxes line by line, 其 / 小 / 他 / 计)."""
    header = _applicant_columns(doc, [s for s in spans if s.label == "COL_HEADER"])
    if header is not None:
        return [header]
    return [list(APPLICANT_KEYS), *([_WITH_SUBTOTAL] if subtotal or _SUBTOTAL.search(doc.text) else [])]


def _one_confirmed(doc: ReportDocument, readings: Iterable[tuple[column_order.ColumnReading | None, Any]], version: str,
                   pages: _Pages, notes: list[str], how: str, by_order: str | None = None
                   ) -> tuple[column_order.ColumnReading, dict[str, Any], Any] | None:
    """Of a box-order reader's readings (each with what it took), the one whose values the arithmetic
    confirms (``columns.confirmed``) where no other confirmed reading gives other values; where zeros fit
    both versions' rows, the version the report says. None (with a note where several fit) otherwise,
    and where the search ran out (a None reading) or found too many to choose from. ``by_order``: what
    the reader's columns came as (pieces, cells), for the note where the taken reading names columns by
    that order alone."""
    found = list(itertools.islice(readings, column_order.MAX_READINGS + 1))
    if len(found) > column_order.MAX_READINGS:
        return None  # too loose to choose from
    confirmed: dict[tuple[Any, ...], tuple[column_order.ColumnReading, dict[str, Any], Any]] = {}
    for reading, used in found:
        if reading is None:
            return None  # the search ran out of steps: other readings may fit as well
        table = _contract_table(doc, reading.rows, "applications", reading.version, None, pages, [])
        if column_order.confirmed(_statuses("applications", table, reading.version), table):
            values = _table_values(table)
            if values not in confirmed or (reading.as_printed and not confirmed[values][0].as_printed):
                confirmed[values] = (reading, table, used)
    if len({r.version for r, _, _ in confirmed.values()}) > 1:
        # zeros fit either version's rows: the version the report's markers and labels say is read
        confirmed = {k: v for k, v in confirmed.items() if v[0].version == version} or confirmed
    if len(confirmed) > 1 and not any(r.as_printed for r, _, _ in confirmed.values()):
        # the columns are named by the order they came, and the sums leave several namings (a 小计 the same as
        # one applicant column) or matchings across pages (two columns' parts with the same sums): the one
        # that takes that order as it is, on every page (the caller's note sends it to review)
        best = max((r.in_order, r.aligned) for r, _, _ in confirmed.values())
        confirmed = {k: v for k, v in confirmed.items() if (v[0].in_order, v[0].aligned) == best}
    if len(confirmed) != 1:
        if confirmed:
            notes.append(f"applications: the numbers {how} in "
                         f"{len(confirmed)} ways that every sum confirms; none was taken: check the table against the source")
        return None
    chosen = next(iter(confirmed.values()))
    if by_order and not chosen[0].as_printed:
        # pdfminer's box tree, not the page, put the applicant columns in this order, and no sum tells them apart
        notes.append(f"applications: the numbers {how.split(' and ')[0]}; the sums place them, but applicant columns "
                     f"with no header in their first box are named in the order their {by_order} came or by a header "
                     "box before them, which no sum checks: check which column is which against the source")
    return chosen


def _by_pieces(doc: ReportDocument, spans: list[Span], following: list[Span], version: str, pages: _Pages,
               current: dict[str, Any], notes: list[str]
               ) -> tuple[dict[str, dict[str, Piece]], list[str], dict[str, Any], set[int]] | None:
    """表三's pieces reading (``columns.piece_readings``) where the row-by-row reading is not
    confirmed: the table's numbers, taken on past the next table's heading (a box order can put
    表四's heading ahead of 表三's numbers), cut into pieces and assigned to columns; a reading is
    taken only when the arithmetic confirms it as ``columns.confirmed`` does, and where confirmed
    readings disagree, none is (each keeps the printed column order, so nothing prefers one).
    Returns the rows, columns, table and the ids of the spans it took."""
    if not any(s.label == "ROW_LABEL" for s in spans) or column_order.confirmed(_statuses("applications", current, version), current):
        return None
    stream, runs = _box_stream(doc, spans, following)
    if not runs:
        return None
    cells = [_pieces(doc, [stream[i] for i in run], pages, money=False) for run in runs]
    if any(len(c) != len(r) for c, r in zip(cells, runs)):
        return None  # two spans of one number: the pieces' sizes are not the cells'
    heads, same_box = zip(*(_column_head(doc.text, stream[run[0]].start) for run in runs))
    readings = column_order.piece_readings(cells, _column_sets(doc, spans), heads, _labelled(spans),
                                           weak=[not b for b in same_box])
    chosen = _one_confirmed(doc, readings, version, pages, notes, "run column after column in pieces and fit the grid",
                            by_order="pieces")
    if chosen is None:
        return None
    reading, table, used = chosen
    taken = {id(stream[i]) for r in used for i in runs[r]}
    return reading.rows, reading.columns, table, taken


def _by_page_columns(doc: ReportDocument, spans: list[Span], following: list[Span], version: str, pages: _Pages,
                     current: dict[str, Any], notes: list[str]
                     ) -> tuple[dict[str, dict[str, Piece]], list[str], dict[str, Any], set[int]] | None:
    """表三's page reading (``columns.page_readings``) where the row-by-row reading is not confirmed and every
    cell is a box of its own (a blank line around each number: pdfminer on a browser's or a PDF library's
    PDF): each page's numbers column after column, matched across pages by the column sums. Taken as the
    pieces reading is: confirmed by every sum and the only confirmed values. Returns the rows, columns,
    table and the ids of the spans it took."""
    if not any(s.label == "ROW_LABEL" for s in spans) or column_order.confirmed(_statuses("applications", current, version), current):
        return None
    stream, runs = _box_stream(doc, spans, following)
    own = {id(s) for s in spans}
    if not runs or any(len(run) > 1 for run in runs if id(stream[run[0]]) in own):
        return None  # the table's own boxes hold several cells: the pieces reading's
    alone = [_alone_on_line(doc.text, s) for s in spans if s.label == "CELL"]
    if sum(alone) < MIN_ALONE * len(alone):
        return None  # cells side by side on their lines (a pipe table, a row of a layout): no box per cell
    # what follows may be 表四 written row by row: only single boxes can be 表三's
    kept = [(stream[run[0]], piece) for run in runs if len(run) == 1
            for piece in _pieces(doc, [stream[run[0]]], pages, money=False) if not piece.pageish]
    cells = [piece for _, piece in kept]
    page_of = [pages.sheet(p.start) for p in cells]
    foreign = [i for i, p in enumerate(cells) if review_boxes.under_review_header(doc.text, p.start)]
    readings = column_order.page_readings(cells, page_of, _column_sets(doc, spans, subtotal=True),
                                          lambda p: _column_head(doc.text, p.start), _labelled(spans), foreign)
    chosen = _one_confirmed(doc, readings, version, pages, notes, "run column after column page by page and fit the grid",
                            by_order="cells")
    if chosen is None:
        return None
    reading, table, taken = chosen
    return reading.rows, reading.columns, table, {id(kept[i][0]) for i in taken}


_SUBTOTAL = re.compile(r"小\s*计")


# of the table's own cells, those alone on their lines where each is a box of its own: nearly all (pdfminer
# writes a cell beside its row label now and then, `5.属于三类内部事务信息 0`)
MIN_ALONE = 0.9


def _alone_on_line(text: str, span: Span) -> bool:
    return column_order.LONE_NUMBER.fullmatch(line_at(text, span.start)) is not None


def _names_split_rows(doc: ReportDocument, spans: list[Span]) -> bool:
    """Some row label names one of （六）'s 1./2. rows (2021's 逾期不补正, 逾期未按收费通知), whole or cut by its
    wrap (``1.申请人无正当理由逾期不补``): the table has 2021's split rows, whatever its numbers' count."""
    table = MATCH_TABLES["applications"]
    for span in spans:
        # both rows say 逾期; the fuzzy match, slow on a long text's many labels, only where one does
        if span.label == "ROW_LABEL" and "逾期" in compact(text := doc.text[span.start : span.end]):
            row = _row_key(doc, span, "applications") or getattr(fuzzy_row_label(text, table), "key", None)
            if row in _SPLIT_OTHER_ROWS[:2]:
                return True
    return False


def _labelled(spans: list[Span]) -> set[str]:
    """The 表三 rows the table's labels name."""
    return {s.attrs["row"] for s in spans if s.label == "ROW_LABEL" and s.attrs.get("row")}


def _numbers_ahead(doc: ReportDocument, spans: list[Span]) -> list[Span]:
    """Numbers alone on their lines between the table's first span and its first row label naming a row,
    which the row reader takes for header-area blanks: pdfminer's box tree can put whole columns there."""
    first_label = next((s.start for s in spans if s.label == "ROW_LABEL" and s.attrs.get("row")), None)
    if not spans or first_label is None:
        return []
    covered = [(s.start, s.end) for s in spans]
    return [Span(start=m.start(1), end=m.end(1), label="CELL", attrs={"kind": "number", "table": "applications"})
            for m in column_order.LONE_NUMBER.finditer(doc.text, spans[0].start, first_label)
            if not any(a < m.end() and m.start() < b for a, b in covered)]


_COLUMN_NAMES = (("法人或其他组织小计", "legal_person_subtotal"), ("小计", "legal_person_subtotal"),
                 *((c.label, key) for key, c in APPLICANT_COLUMNS.items()))
# an ordinal or a number: a row label (（七）总计, 3.其他), not a column's header
_NOT_A_HEADER = re.compile(r"[、.．（）()\d]")


def _column_head(text: str, start: int) -> tuple[str | None, bool]:
    """The applicant column a header cell right before ``start`` names, and whether it stands in the same
    text box (no blank line between: 社会 / 公益 / 组织 then the column's first numbers). A header in a box
    of its own just before (``其他`` / blank / ``0``) is weaker: pdfminer's tree need not put a header box
    next to its column's."""
    for same_box in (True, False):
        lines = column_order.header_lines(text, start, start=max(0, start - 200), across_blank=not same_box, limit=4)
        if lines:
            break
    word = compact("".join(lines))
    if not word or _NOT_A_HEADER.search(word):
        return None, True
    return next((key for name, key in _COLUMN_NAMES if word.endswith(name)), None), same_box


_OTHER_PLACEMENT = "another placement gives other values"


def _by_stream(doc: ReportDocument, spans: list[Span], following: list[Span], version: str, pages: _Pages,
               current: dict[str, Any], notes: list[str]
               ) -> tuple[dict[str, dict[str, Piece]], list[str], dict[str, Any], set[int]] | None:
    """表三's stream reading (``columns.stream_readings``) where the row-by-row reading is not
    confirmed: the table's numbers in text order (page numbers left out), taken on past the next
    table's heading when the table's own are too few for the grid, fill it row after row or in
    blocks of rows column after column. Taken only when exactly one reading's values are
    confirmed by every sum (``columns.confirmed``); several: a note, and none is taken.
    Also where the current reading is confirmed but rests on the labels' order, which another
    placement satisfying every sum contradicts (``_place_displaced``'s note): the numbers' own order
    then decides. Returns the rows, columns, table and the ids of the spans it took."""
    in_doubt = any(n.startswith("applications:") and _OTHER_PLACEMENT in n for n in notes)
    if not in_doubt and column_order.confirmed(_statuses("applications", current, version), current):
        return None
    stream = [s for s in [*spans, *following] if s.label == "CELL"]
    pieces = _pieces(doc, stream, pages, money=False)
    if len(pieces) != len(stream):
        return None  # two spans of one number: pieces and spans no longer pair up
    kept = [(span, piece) for span, piece in zip(stream, pieces) if not piece.pageish]
    ids = {id(s) for s in spans}
    own = sum(1 for span, _ in kept if id(span) in ids)
    header = _applicant_columns(doc, [s for s in spans if s.label == "COL_HEADER"])
    sets = [header] if header is not None else [list(APPLICANT_KEYS), _WITH_SUBTOTAL]
    # a 2021 report may keep 2019's 表三 (one （六） row): either version's rows, as the row reader allows,
    # unless the labels name （六）'s 1./2./3.: then only grids that have those rows
    split = _names_split_rows(doc, spans)
    grids = [TABLES[v]["applications"].rows for v in VERSIONS]
    sizes = {len(rows) * len(c) for rows in grids for c in sets
             if not split or set(_SPLIT_OTHER_ROWS) <= {r.key for r in rows}}
    size = own if own in sizes else min((n for n in sizes if own < n <= len(kept)), default=None)
    left_over = 0
    if size is None and len({p.value for _, p in kept[:own]}) == 1:
        # more numbers than a grid holds, all one value (a table of zeros): whichever are left over,
        # the table reads the same; the ones left may be another table's (表四's boxes amid 表三's)
        size = max((n for n in sizes if 0 < own - n <= _MAX_LEFT_OVER), default=None)
        left_over = own - size if size else 0
    if size is None or (size > own and _numbers_beside_labels(doc, spans)):
        # every number of the table has words before it on its line (its label): the labels are not apart
        # from their numbers, so a shortfall is rows the conversion lost with their labels (the row reading says
        # which), not numbers to take from the next table
        return None
    used = kept[:size]
    confirmed: dict[tuple[Any, ...], tuple[column_order.ColumnReading, dict[str, Any]]] = {}
    for reading in column_order.stream_readings([p for _, p in used], sets):
        if reading is None:
            return None  # too loose to choose from
        table = _contract_table(doc, reading.rows, "applications", reading.version, None, pages, [])
        if column_order.confirmed(_statuses("applications", table, reading.version), table):
            values = _table_values(table)
            confirmed.setdefault(values, (reading, table))
    if len(confirmed) != 1:
        if confirmed:
            notes.append(f"applications: the numbers fill the grid in text order in {len(confirmed)} ways that every "
                         "sum confirms; none was taken: check the table against the source")
        return None
    values, (reading, table) = next(iter(confirmed.items()))
    if set(values) == set(_table_values(current)):
        return None  # the row-by-row reading already says the same
    if left_over:
        notes.append(f"applications: the numbers fill the grid, every one {used[0][1].value}, with {left_over} "
                     f"left over that no cell holds: check that the table has no blank cell and that the "
                     f"one(s) left over are another table's")
    elif len(used) > own and len({p.value for _, p in used}) == 1:
        notes.append(f"applications: the numbers fill the grid, every one {used[0][1].value}, {len(used) - own} of "
                     f"them taken from past the next table's heading; with every number alike no sum can "
                     f"confirm where the table ends: check")
    return reading.rows, reading.columns, table, {id(span) for span, _ in used}


def _numbers_beside_labels(doc: ReportDocument, spans: list[Span]) -> bool:
    """Every number of the table has words before it on its line (its row's label, or the label's wrapped
    end): a table written row by row, not numbers set apart from the labels."""
    cells = [s for s in spans if s.label == "CELL"]
    return bool(cells) and all(HAN.search(doc.text[doc.text.rfind("\n", 0, s.start) + 1 : s.start]) for s in cells)


_MAX_LEFT_OVER = 3  # numbers past a grid of one value the stream reading may leave to another table
_PIECES_PREFIX = "applications: the numbers run column after column"
_NUMBER_ORDER_READINGS = (
    # the converter wrote each column in pieces (text boxes) and the sums confirm that reading
    (_by_pieces, "applications: the numbers run column after column in pieces (a converter that writes a table box by "
                 "box); read so, which every row and column sum confirms", _PIECES_PREFIX),
    # the numbers fill the grid in text order and the sums confirm it: the labels were put elsewhere
    (_by_stream, "applications: the row labels stand apart from their numbers (a converter that orders text by its "
                 "flow); the numbers, in the order printed, fill the grid row after row or in blocks of rows column "
                 "after column, which every row and column sum confirms", "applications: the numbers fill the grid"),
    # every number a box of its own, each page's column after column, and the sums confirm it
    (_by_page_columns, "applications: every number stands in a box of its own, each page's part of the table written "
                       "column after column (a converter that writes a table box by box); read so, which every row "
                       "and column sum confirms", "applications: the numbers run column after column page by page"),
)


def _by_number_order(doc: ReportDocument, by_table: dict[str, list[Span]], spill: list[Span], version: str,
                     pages: _Pages, current: dict[str, Any], notes: list[str]) -> tuple[Any, ...] | None:
    """The first of the readings that place 表三's numbers where the labels do not (``_NUMBER_ORDER_READINGS``,
    tried in turn): its rows, columns, table, taken span ids, warning and the prefix of its notes that stay.
    The pieces reading also sees ``spill``, the boxes past the tables."""
    for reader, warning, prefix in _NUMBER_ORDER_READINGS:
        following = by_table["review_litigation"]
        if reader in (_by_pieces, _by_page_columns) and spill:
            following = sorted([*following, *spill], key=lambda s: s.start)
        if found := reader(doc, by_table["applications"], following, version, pages, current, notes):
            return (*found, warning, prefix)
    return None


_PROACTIVE_COLUMN_NOTE = ("proactive: the row labels run ahead of their numbers (a converter that writes a table box by "
                         "box); each part of the table was read column after column, which no sum can confirm: check")


def _proactive_by_columns(doc: ReportDocument, spans: list[Span], version: str, pages: _Pages,
                          current: dict[str, dict[str, Piece]]) -> dict[str, dict[str, Piece]] | None:
    """表二's block reading (``columns.proactive_cells``) where the labels run ahead of their numbers
    and it places the numbers otherwise than the row-by-row reading did."""
    keys = {i: _row_key(doc, s, "proactive") for i, s in enumerate(spans) if s.label == "ROW_LABEL"}
    found = column_order.blocks(spans, keys)
    if not column_order.column_written(found):
        return None
    placed = column_order.proactive_cells(found, TABLES[version]["proactive"].rows)
    if placed is None:
        return None
    rows = {key: {c: _pieces(doc, [span], pages, money=c == "amount")[0] for c, span in cells.items()}
            for key, cells in placed.items()}
    seen = {(k, c, p.start) for k, cols in current.items() for c, p in cols.items() if p.filled}
    return None if seen == {(k, c, p.start) for k, cols in rows.items() for c, p in cols.items() if p.filled} else rows


def _whole_number(text: str, start: int, end: int) -> tuple[int, int]:
    """A CELL span that cuts through a printed number (a model span ending at a sub-word token:
    '2' of '2102200元', #10) widened to the whole number and a money unit written onto it. The
    source's number is what a cell reads, never a piece of it; rule spans never cut one."""
    if start < end and text[start].isdigit():
        while start > 0 and (text[start - 1].isdigit() or (text[start - 1] in ".," and start > 1 and text[start - 2].isdigit())):
            start -= 1
    if start < end and text[end - 1].isdigit() and end < len(text) and (text[end].isdigit() or text[end] in ".,"):
        while end < len(text) and (text[end].isdigit() or (text[end] in ".," and end + 1 < len(text) and text[end + 1].isdigit())):
            if _NEXT_ORDINAL.match(text, end):
                break  # the next row's ordinal (…0000000|2.其他…, cells run together): not this number's
            end += 1
    if start < end and text[end - 1].isdigit() and (unit := _UNIT_ON.match(text, end)):
        end = unit.end()
    return start, end


def _piece(doc: ReportDocument, span: Span, pages: _Pages, *, money: bool) -> Piece:
    start, end = _whole_number(doc.text, span.start, span.end)
    raw = doc.text[start:end]
    parsed = parse_cell(raw, money=money)
    # a single cell whose digits a space or line break splits ("1 2") was read as one number: say so
    split_digits = parsed.kind == "number" and _SPLIT_DIGITS.search(raw) is not None
    return Piece(start, end, parsed.kind, parsed.value, parsed.unit, ocr=parsed.ocr_fixed, merged=split_digits,
                 pageish=(pages.pageish(start, end, parsed.value) if parsed.kind == "number"
                          else parsed.kind == "na" and pages.page_mark(start, end)),
                 line=pages.line(start))


def _pieces(doc: ReportDocument, spans: list[Span], pages: _Pages, *, money: bool,
            previous: Piece | None = None) -> list[Piece]:
    """Pieces for consecutive CELL spans, each knowing whether only white space separates it from the last."""
    out: list[Piece] = []
    for span in spans:
        piece = _piece(doc, span, pages, money=money)
        if out and (out[-1].start, out[-1].end) == (piece.start, piece.end):
            continue  # two spans of one number (the model split it): one cell
        before = out[-1] if out else previous
        gap = doc.text[before.end : piece.start] if before is not None else ""
        # a tab between two numbers is a cell boundary the layout draws: never one number broken (#10)
        piece.near_previous = before is not None and not gap.strip() and gap.count("\n") <= 1 and "\t" not in gap
        out.append(piece)
    return out


def _row_key(doc: ReportDocument, span: Span, table_key: str) -> str | None:
    if span.attrs.get("row"):
        return str(span.attrs["row"])
    match = match_row_label(doc.text[span.start : span.end], MATCH_TABLES[table_key], "any")
    return match[0].key if match else None


def _row_groups(doc: ReportDocument, spans: list[Span], table_key: str, version: str,
                bare: dict[str, int] | None = None,
                repeated: dict[str, list[Span]] | None = None) -> dict[str, list[Span]]:
    """Row key → the CELL spans after its label, up to the next row label.

    ``bare`` collects the rows whose label stands with no cell at all (key → label end): a group
    label, or a row whose blank cells were all dropped. ``repeated`` collects the cells after a row's
    label standing again later (key → those cells), which the row does not take.

    A label wrapped onto a grid row of its own (a converter that splits one row at the label's line
    break: ``2.申请人逾期未按收费通知`` over blank cells, then ``要求缴纳费用、…`` beside the numbers) is one
    row: where the row's cells so far are all blank, the cells after the label's second part are its.
    """
    keys = _row_keys(doc, spans, table_key, version)
    groups: dict[str, list[Span]] = {}
    current: str | None = None
    last_end = 0
    # 表二: cells after a part's caption and before its first label (a reader that wrote that row's
    # number ahead of its label): (the row they would otherwise join, the cells), until that label
    ahead: tuple[str, list[Span]] | None = None
    leading: dict[str, tuple[str, list[Span]]] = {}
    again: str | None = None  # the row whose label stood again, while no other label has come
    row_before: str | None = None  # the last row with cells (a group label's after it has none)
    for i, span in enumerate(spans):
        if span.label == "TABLE_CAPTION" and table_key == "proactive" and current and groups[current]:
            ahead = (current, [])
        elif span.label == "ROW_LABEL":
            key = keys[i]
            if key is not None and key == current and not groups[key]:
                continue  # the same label again before any cell: a spanned cell repeated by the grid expansion
            if ahead is not None and key and key != ahead[0]:
                leading[key] = ahead
                ahead = None
            if key:
                if current is not None and groups[current]:
                    row_before = current
                if current is not None and not groups[current]:
                    del groups[current]  # a label straight before another is a group label: （六）其他处理 over 1./2./3.
                    if bare is not None:
                        bare[current] = last_end
                if key == row_before and all(c.attrs.get("kind") == "empty" for c in groups[key]):
                    # the label's wrapped rest (a group label's may stand between): the blank cells were its
                    # first line's, the cells after this part are the row's
                    groups[key], current = [], key
                    continue
                current = key if key not in groups else None  # a repeated label (page header) adds nothing
                if current:
                    groups[current] = []
                    last_end = span.end
                    again = None
                elif repeated is not None:
                    repeated[key] = []
                    again = key
        elif span.label == "CELL" and current is None and repeated is not None and again is not None:
            repeated[again].append(span)
        elif span.label == "CELL" and ahead is not None:
            ahead[1].append(span)
        elif span.label == "CELL" and current:
            groups[current].append(span)
    if ahead is not None:
        groups[ahead[0]].extend(ahead[1])  # no label followed: the cells stay the last row's
    if current is not None and not groups[current] and bare is not None:
        bare[current] = last_end  # the table's last label, with nothing after it
    for key, (before, cells) in leading.items():
        _part_cells_ahead(groups, bare, key, before, cells, version)
    return groups


def _repeated_row_notes(doc: ReportDocument, table_key: str, groups: dict[str, list[Span]],
                        repeated: dict[str, list[Span]]) -> list[str]:
    """A row whose label stands again with other numbers beside it than the row took: the row kept the
    first, and nothing says which is right (a label a converter repeated, or two rows with one label)."""
    def numbers(cells: list[Span]) -> list[str]:
        return [doc.text[c.start : c.end].strip() for c in cells if c.attrs.get("kind") not in (None, "empty")]
    out = []
    for key, cells in repeated.items():
        again, taken = numbers(cells), numbers(groups.get(key, []))
        if again and again != taken:
            shown = ", ".join(repr(n) for n in again[:5]) + (f" and {len(again) - 5} more" if len(again) > 5 else "")
            out.append(f"{table_key}.{key}: the row's label stands again further on, with other numbers beside it "
                       f"({shown}); the first were read: check which belong to the row")
    return out


def _part_cells_ahead(groups: dict[str, list[Span]], bare: dict[str, int] | None, key: str, before: str,
                      cells: list[Span], version: str) -> None:
    """Cells between a 表二 part's caption and its first row label: that row's, when it has no cell
    after its label, they are exactly its cells and the row before keeps a full row without them
    (no row of 表二 spans two parts: the caption and header stand between); else the row before's,
    as read before."""
    row, previous = row_def("proactive", key, version), row_def("proactive", before, version)
    if (cells and not groups.get(key) and row is not None and previous is not None and len(cells) == len(row.columns)
            and len(groups.get(before, [])) >= len(previous.columns)):
        groups[key] = list(cells)
        if bare is not None:
            bare.pop(key, None)
        return
    groups.setdefault(before, []).extend(cells)


def _lead_groups(doc: ReportDocument, spans: list[Span], keys: dict[int, str | None], table_key: str,
                 bare: dict[str, int] | None) -> dict[str, list[Span]]:
    """``_row_groups`` where each row's numbers stand before its label (``readings.numbers_lead``): a
    label takes the numbers on its own line, else the lines of numbers since the label before it (a
    wrapped label's second piece, those between its pieces)."""
    groups: dict[str, list[Span]] = {}
    pending: list[Span] = []
    current: str | None = None
    own_end = -1  # end of the current label's line: numbers up to it are the label's own
    label_text = ""
    for i, span in enumerate(spans):
        if span.label == "ROW_LABEL" and not keys.get(i) and current is not None:
            # a wrapped label's next piece that no row name matched alone (计其他情形）): the numbers
            # before it are its row's, when the two pieces read together name that row
            words = doc.text[span.start : span.end]
            match = match_row_label(label_text + words, MATCH_TABLES[table_key], "any")
            if match is not None and match[0].key == current and match[2] > len(compact(label_text)):
                groups[current].extend(pending)
                pending, label_text = [], label_text + words
                own_end = line_end(doc.text, span.end)
            continue
        if span.label == "ROW_LABEL" and keys.get(i):
            key = keys[i]
            label_text = doc.text[span.start : span.end] if key != current else label_text + doc.text[span.start : span.end]
            if key != current:
                if current is not None and not groups[current] and not pending:
                    del groups[current]  # a label straight before another is a group label
                    if bare is not None:
                        bare[current] = own_end
                if key in groups:  # a repeated label (page header) adds nothing
                    current = None
                    continue
                current, groups[key] = key, []
            groups[key].extend(pending)
            pending = []
            own_end = line_end(doc.text, span.end)
        elif span.label == "CELL":
            if current is not None and span.start <= own_end:
                groups[current].append(span)
            else:
                pending.append(span)
    if current is not None and not groups[current] and bare is not None:
        bare[current] = own_end
    return groups


def _row_keys(doc: ReportDocument, spans: list[Span], table_key: str, version: str) -> dict[int, str | None]:
    """Row key of each ROW_LABEL span (by index). Labels with cells of their own that no row name
    matches (OCR look-alikes: 2.重复甲清) take, in order, the official rows their matched neighbours
    leave free in the schema's fixed row order, when there are as many free rows as such labels and
    each label's ordinal agrees and some of its words do. 表三 gaps the version's order cannot fill
    are tried against the other version's (a 2021 report printing the single （六）其他处理 row)."""
    keys = {i: _row_key(doc, s, table_key) for i, s in enumerate(spans) if s.label == "ROW_LABEL"}
    versions = [version] + ([v for v in VERSIONS if v != version] if table_key == "applications" else [])
    for v in versions:
        _fill_by_order(doc, spans, keys, {r.key: r for r in TABLES[v][table_key].rows})
    return keys


def _fill_by_order(doc: ReportDocument, spans: list[Span], keys: dict[int, str | None], rows: dict[str, Any]) -> None:
    order = list(rows)
    known = [i for i, k in keys.items() if k in rows]
    if not known:
        return
    named = sorted(i for i, k in keys.items() if k is not None)

    def inside_one_row(i: int) -> bool:
        # between two pieces of one row's label (a label wrapped around its numbers in layout text,
        # a stacked group label's fragment beside it): part of that row, no row of its own
        left = max((j for j in named if j < i), default=None)
        right = min((j for j in named if j > i), default=None)
        return left is not None and right is not None and keys[left] == keys[right]

    # the table's first and last rows have only one matched neighbour: the table's edge is the other
    for left, right in itertools.pairwise([-1, *known, len(spans)]):
        unknown = [i for i in range(left + 1, right) if keys.get(i, "") is None and i + 1 < len(spans)
                   and spans[i + 1].label == "CELL" and not inside_one_row(i)]
        first = order.index(keys[left]) if left >= 0 else -1
        last = order.index(keys[right]) if right < len(spans) else len(order)
        free = order[first + 1 : last] if last > first else []
        if not free or any(k in keys.values() for k in free):
            continue
        pairs = list(zip(unknown, free))
        if unknown and len(free) == len(unknown) and all(
                _plausible_label(compact(doc.text[spans[i].start : spans[i].end]), compact(rows[k].label))
                for i, k in pairs):
            keys.update(pairs)
        else:
            # a row label no name matched, broken over lines by a PDF reader's box order (issue 10):
            # its pieces together name one row
            _fill_broken_label(doc, spans, keys, range(left + 1, right), free, rows)


def _ordinal_from(text: str) -> str | None:
    """The text from its first word that starts with an ordinal (1. （二）) on, compacted; None
    without one. A word, not only the start: a stacked group heading's fragment can stand before
    the row's ordinal on one line (``无法提 2.没有现成信息…``)."""
    words = text.split()
    return next((compact("".join(words[n:])) for n, w in enumerate(words) if ORDINAL_PREFIX.match(compact(w))), None)


def _fill_broken_label(doc: ReportDocument, spans: list[Span], keys: dict[int, str | None], between: range,
                       free: list[str], rows: dict[str, Any]) -> None:
    """The free rows of a gap whose rows no name matched: the gap's unnamed ROW_LABEL pieces cut
    into labels, each from a piece with an ordinal (1. （二）) up to the next, are those rows'
    labels broken over lines by a PDF reader's box order, taken in order where each joined text
    is plausibly its official one (the latest such choice: a label left over is a group heading
    such as （六） or stood before the gap's rows, a running page header has no ordinal). A group heading's fragment among
    the pieces (无法提供 between the lines of 1.本机关不掌握…) is joined in; the ratio still holds.
    A label's cells end it, except after a heading that is no row of this version (（六）其他处理
    stacked in among a wrapped label). Every piece of a label takes its row's key; a label left
    with no cell is for ``placement.place_displaced_rows``."""
    labels: list[list[int]] = []
    open_ = heading = False
    for i in between:
        span = spans[i]
        if span.label == "CELL":
            open_ = open_ and heading  # the row's own numbers end its label
            continue
        if span.label != "ROW_LABEL":
            continue
        if keys.get(i) is not None:
            if keys[i] in rows:
                labels, open_ = [], False  # a row of this version: the labels before it are not free rows'
            else:
                heading = True
            continue
        if _ordinal_from(doc.text[span.start : span.end]) is not None:
            labels.append([i])
            open_, heading = True, False
        elif open_:
            labels[-1].append(i)
    if len(labels) < len(free) or len(labels) > len(free) + 3:
        return
    texts = [(_ordinal_from(doc.text[spans[run[0]].start : spans[run[0]].end]) or "")
             + "".join(compact(doc.text[spans[i].start : spans[i].end]) for i in run[1:]) for run in labels]
    for chosen in sorted(itertools.combinations(range(len(labels)), len(free)), reverse=True):
        if all(_plausible_label(texts[n], compact(rows[k].label)) for n, k in zip(chosen, free)):
            for n, key in zip(chosen, free):
                keys.update((i, key) for i in labels[n])
            return


def _plausible_label(word: str, name: str) -> bool:
    """An unmatched label could be this official one: same ordinal (where both have one), some words alike."""
    seen, official = ORDINAL_PREFIX.match(word), ORDINAL_PREFIX.match(name)
    if seen and official and (seen.group(1) or seen.group(2)) != (official.group(1) or official.group(2)):
        return False
    core_word = word[seen.end():] if seen else word
    core_name = name[official.end():] if official else name
    return SequenceMatcher(None, core_word, core_name).ratio() >= 0.4


def _read_rows(doc: ReportDocument, spans: list[Span], table_key: str, version: str, pages: _Pages,
               warnings: list[str], notes: list[str]) -> tuple[dict[str, dict[str, Piece]], list[str], float]:
    bare: dict[str, int] = {}
    if numbers_lead(doc.text, spans):
        warnings.append(f"{table_key}: each row's numbers stand on the line before its label (a PDF reader that groups "
                        "words by their top edge); each label took the numbers on its line, else those before it")
        groups = _lead_groups(doc, spans, _row_keys(doc, spans, table_key, version), table_key, bare)
    else:
        repeated: dict[str, list[Span]] = {}
        groups = _row_groups(doc, spans, table_key, version, bare, repeated)
        notes.extend(_repeated_row_notes(doc, table_key, groups, repeated))
    if table_key != "applications":
        grids = {key: _header_runs(doc, spans, cells[0].start) for key, cells in groups.items() if cells}
        return _read_rows_with(doc, groups, table_key, version, pages, (warnings, notes), None, grids=grids)
    glued = _label_digit_pieces(doc, spans, table_key, pages)
    for key, cell in _cells_glued_to_labels(doc, spans, table_key):
        # tagged as a cell of the row above, it is this row's, written into its label's text
        for cells in groups.values():
            if any(c is cell for c in cells):
                cells[:] = [c for c in cells if c is not cell]
        glued.setdefault(key, []).insert(0, _piece(doc, cell, pages, money=False))
    pairs = _paired_labels(doc, spans, groups, version)
    headers = [s for s in spans if s.label == "COL_HEADER"]
    found = _applicant_columns(doc, headers)
    if found is not None:
        printed = [k for k in found if k in APPLICANT_KEYS]
        if printed != list(APPLICANT_KEYS):
            # No sum tells one applicant column from another, and a converter that orders text boxes
            # (PDF block order) can write a wrapped header cell out of its place: an order other than
            # the official one rests on the header text alone.
            notes.append(f"applications: columns read in the header's order ({', '.join(printed)}), not the "
                         f"official one; no sum can tell the applicant columns apart: check the column headers")
        return _read_rows_with(doc, groups, table_key, version, pages, (warnings, notes), found, bare, glued=glued,
                               pairs=pairs)
    # No header says whether a 小计 column is there (headers lost or untagged): read both ways
    # and let the arithmetic choose, instead of joining a row's eight numbers into seven.
    options = []
    for columns in (list(APPLICANT_KEYS), _WITH_SUBTOTAL):
        said: tuple[list[str], list[str]] = ([], [])
        options.append((_read_rows_with(doc, groups, table_key, version, pages, said, columns, bare, glued=glued,
                                                        pairs=pairs), said))
    (rows, columns, score), said = max(options, key=lambda o: o[0][2])
    if columns == _WITH_SUBTOTAL and not _subtotal_shown(options[0][0], options[1][0]):
        (rows, columns, score), said = options[0]
    warnings.extend(said[0])
    notes.extend(said[1])
    if columns == _WITH_SUBTOTAL:
        warnings.append(f"applications: no column header found; {_ASSUMED_SUBTOTAL} because the sums hold that way")
    return rows, columns, score


# how much better the sums must fit with a 小计 column no header names, when that column takes no more
# of the source's numbers: one row's sum failing without it
SUBTOTAL_MARGIN = 1.0


def _subtotal_shown(plain: tuple[dict[str, dict[str, Piece]], list[str], float],
                    with_subtotal: tuple[dict[str, dict[str, Piece]], list[str], float]) -> bool:
    """Whether the source shows a 小计 column no header names: the eight-column reading places more of its
    numbers, or its sums fit clearly better. Rows of seven numbers whose sums hold either way (zeros) fit
    an assumed 小计 too, with a blank cell invented in every row: the plain reading takes every number
    as printed and invents nothing."""
    def placed(rows: dict[str, dict[str, Piece]]) -> int:
        return sum(p.filled for cells in rows.values() for p in cells.values())
    return placed(with_subtotal[0]) > placed(plain[0]) or with_subtotal[2] > plain[2] + SUBTOTAL_MARGIN


def _read_rows_with(doc: ReportDocument, groups: dict[str, list[Span]], table_key: str, version: str, pages: _Pages,
                    said: tuple[list[str], list[str]], applicant_cols: list[str] | None,
                    bare: dict[str, int] | None = None, *, grids: dict[str, list[int]] | None = None,
                    glued: dict[str, list[Piece]] | None = None,
                    pairs: dict[str, tuple[str, int, int | None]] | None = None,
                    ) -> tuple[dict[str, dict[str, Piece]], list[str], float]:
    """Each row's best reading; ``grids``: the header above each row as runs of one text (see
    ``_header_runs``); ``glued``: numbers glued into 表三 row labels (``_label_digit_pieces``);
    ``pairs``: 表三 rows whose label also names the row above (``_paired_labels``)."""
    warnings, notes = said
    rows: dict[str, dict[str, Piece]] = {}
    score = 0.0
    streams = {key: (rdef, _pieces(doc, cells, pages, money="amount" in rdef.columns))
               for key, cells in groups.items() if (rdef := row_def(table_key, key, version)) is not None}
    short: dict[str, list[Piece]] = {}
    bare = dict(bare or {})
    if table_key == "applications":
        columns = applicant_cols if applicant_cols is not None else list(APPLICANT_KEYS)
        _place_displaced(streams, bare, columns, version, said)
        streams = _split_paired_rows(doc, streams, pairs or {}, glued or {}, columns, version, said)
    _cut_glued_runs(doc, streams, table_key, applicant_cols or list(APPLICANT_KEYS), said)
    if table_key == "applications":
        short = {key: pieces for key, (_, pieces) in streams.items() if is_short(pieces, columns)}
        # a label's glued numbers join its short (or bare) row, where the equations can place them
        glued = {key: extra for key, extra in (glued or {}).items()
                 if (pieces := streams[key][1] if key in streams else [] if key in (bare or {}) else None) is not None
                 and len(pieces) + len(extra) <= len(columns) and (key in short or not pieces)}
        short.update({key: streams[key][1] if key in streams else [] for key in glued})
    for key, (rdef, pieces) in streams.items():
        if key in short:
            continue
        columns = applicant_cols if applicant_cols is not None else list(rdef.columns)
        readings = row_readings(pieces, columns, table_key=table_key)
        if not readings:
            continue
        best = readings[0]
        # the header's grid shows a converter repeating merged cells, and the reading takes each once
        runs = (grids or {}).get(key) if table_key == "proactive" else None
        grid = merged_grid(pieces, runs[-len(columns):]) if runs else None
        on_grid = grid is not None and [id(p) for p in best.cells.values()] == [id(p) for p in grid]
        rows[key] = with_flat_blanks(doc, best.cells, pieces, columns)
        score += best.score
        if table_key == "proactive" and is_short(pieces, columns) and len(rows[key]) < len(columns):
            # 表二 has no sums to place a row whose blank cells were dropped: say which reading was taken
            notes.append(f"proactive.{key}: {len(pieces)} number(s) where the row has {len(columns)} columns (blank cells "
                         f"dropped?); read as '{best.note}' ({', '.join(best.cells)}), which no sum can confirm: check")
        if len(readings) > 1 and readings[1].score >= best.score - 0.5 and _differs(best, readings[1]):
            warnings.append(f"{table_key}.{key}: kept reading '{best.note}', runner-up '{readings[1].note}'")
            if (table_key == "proactive" and not (is_short(pieces, columns) and len(rows[key]) < len(columns))
                    and not on_grid and _cell_values(doc, best) != _cell_values(doc, readings[1])):
                # 表二 has no sums to choose between two close readings that give other values (its short
                # rows say so above already): a taken guess must not look confirmed. A reading the header's
                # grid confirms, or a runner-up with the same values in the same columns, is no doubt.
                notes.append(f"proactive.{key}: read as '{best.note}' ({_values(doc, best)}), but '{readings[1].note}' "
                             f"({_values(doc, readings[1])}) fits the source almost as well and no sum can decide: check")
        if any(p.merged and p.proposal is None for p in best.cells.values()):
            warnings.append(f"{table_key}.{key}: a number with its digits spaced apart read as one "
                            f"({', '.join(p_raw(doc, p) for p in best.cells.values() if p.merged and p.proposal is None)})")
        notes.extend(proposal_note(doc, f"{table_key}.{key}.{c}", p) for c, p in best.cells.items() if p.proposal is not None)
        # 表二 merges value cells in the official grid; a reader that repeats them leaves equal neighbours
        repeats = echoes(pieces, list(best.cells.values()), len(columns)) if table_key == "proactive" else set()
        if on_grid:  # the same on any number of lines: the header repeats its text as often
            repeats |= {id(p) for p in pieces} - {id(p) for p in best.cells.values()}
        dropped = [p for p in pieces if p.filled and p not in best.cells.values() and not p.merged and id(p) not in repeats]
        if dropped and not any(p.merged for p in best.cells.values()):
            shown = ", ".join(repr(p_raw(doc, p)) for p in dropped[:5]) + (f" and {len(dropped) - 5} more" if len(dropped) > 5 else "")
            furniture = " (page furniture: a page number or running header)" if all(p.pageish for p in dropped) else ""
            warnings.append(f"{table_key}.{key}: left out {shown}{furniture}")
            if not all(p.pageish for p in dropped):
                # a source number no cell took: a row label moved away from its numbers (PDF→markdown,
                # issue 9 (c)) or rows run together; the row may hold another row's numbers
                notes.append(f"{table_key}.{key}: {len(dropped)} number(s) of the source under this row fit no cell "
                             f"({shown}); its label may have moved away from its numbers in a conversion: check "
                             "this row and its neighbours")
    blank_rows = {key: at for key, at in (bare or {}).items() if row_def(table_key, key, version) is not None}
    if short or (blank_rows and table_key == "applications" and rows):
        # a label with no cell at all: its blanks were dropped, like those of a short row
        score += place_short_rows(doc, short, rows, applicant_cols or list(APPLICANT_KEYS), said, blank_rows, glued)
        order = [*streams, *blank_rows]
        rows = {key: rows[key] for key in sorted(rows, key=lambda k: order.index(k) if k in order else len(order))}
    return rows, applicant_cols or list(APPLICANT_KEYS), score


def _paired_labels(doc: ReportDocument, spans: list[Span], groups: dict[str, list[Span]], version: str
                   ) -> dict[str, tuple[str, int, int | None]]:
    """表三 row key → (the row next to it in the official order whose label stands in the same label
    text or right before it, where that label text ends, where its wrapped tail starts if it has one),
    that row holding no number of its own (``开 5.属于三类内部事务信息 6.属于四类过程性信息``,
    ``5.要求…已 4.无正当理由大量反复申请 获取信息``: tabula's stream mode writes two rows whose text
    overlaps in height as one line, each field holding both rows' numbers of that column)."""
    out: dict[str, tuple[str, int, int | None]] = {}
    table = MATCH_TABLES["applications"]
    order = [r.key for r in TABLES[version]["applications"].rows]
    labels = [s for s in spans if s.label == "ROW_LABEL"]
    for i, span in enumerate(labels):
        if (found := match_row_label(doc.text[span.start : span.end], table, "any")) is None:
            continue
        row, at, end = found
        before = labels[i - 1] if i else None
        if (before is not None and row.key in order and groups.get(row.key)
                and not doc.text[before.end : span.start].strip() and "\n" not in doc.text[before.end : span.start]
                and (named := match_row_label(doc.text[before.start : before.end], table, "any")) is not None
                and named[0].key in order and not groups.get(named[0].key)
                and abs(order.index(row.key) - order.index(named[0].key)) == 1):
            out[row.key] = (named[0].key, span.end, None)  # the two labels tagged apart, side by side
            continue
        text = compact(doc.text[span.start : span.end])
        # the other label is what is left, the digits a conversion glued into it taken out, with the
        # rest of a label wrapped around them (``…已 4.无正当理由大量反复申请 0获取信息``: a piece matching
        # no row, on that line or the next)
        rest = re.sub(r"\d+[.、]?\Z", "", text[:at]) + text[end:]  # the matched row's ordinal too, where its alias matched
        label_end, tail = span.end, None
        if (i + 1 < len(labels) and "row" not in labels[i + 1].attrs
                and doc.line_index_at(labels[i + 1].start) - doc.line_index_at(span.end) <= 1):
            rest += compact(doc.text[labels[i + 1].start : labels[i + 1].end])
            label_end, tail = labels[i + 1].end, labels[i + 1].start
        other = match_row_label(_GLUED_DIGITS.sub("", rest), table, "any")
        if (other is not None and row.key in order and other[0].key in order and groups.get(row.key)
                and abs(order.index(row.key) - order.index(other[0].key)) == 1 and not groups.get(other[0].key)):
            out[row.key] = (other[0].key, label_end, tail)
    return out


def _split_paired_rows(doc: ReportDocument, streams: dict[str, tuple[Any, list[Piece]]],
                       pairs: dict[str, tuple[str, int, int | None]], glued: dict[str, list[Piece]], columns: list[str],
                       version: str,
                       said: tuple[list[str], list[str]]) -> dict[str, tuple[Any, list[Piece]]]:
    """Two 表三 rows written as one line (``_paired_labels``): the numbers alternate between them,
    column by column (``0 0,2 0,…``), the upper row's first, and the two totals often run together
    at the end (``20``: two right-aligned 总计 cells read as one word). Read as two rows where both
    rows' sums hold; a run of the two totals is cut only where one cut does. Where the other
    label's wrapped tail (``获取信息``) stands between a row's worth of numbers and another, those are
    the two rows as printed, taken first where both rows' sums hold. Numbers inside the
    label text (glued to it, or before its wrapped tail) stand where they are read or at the end
    (a wrapped label's vertically centred 总计). The row-by-row reading (all of the upper row
    first) is the alternative, named in a review note where its sums hold too."""
    warnings, notes = said
    k = len(columns)
    order = [r.key for r in TABLES[version]["applications"].rows]
    for key, (other, label_end, tail) in pairs.items():
        if key not in streams or other in streams:
            continue
        pieces = sorted([*streams[key][1], *glued.get(key, ())], key=lambda p: p.start)
        if not all(p.kind == "number" for p in pieces):
            continue
        upper, lower = (other, key) if order.index(other) < order.index(key) else (key, other)
        head = [p for p in pieces if tail is None or p.start < tail]
        after = pieces[len(head):]
        if len(head) == len(after) == k and row_sums_hold(head, columns) and row_sums_hold(after, columns):
            streams = _with_rows(streams, key, {key: head, other: after}, (upper, lower), version)
            warnings.append(f"applications.{key}, {other}: {other}'s label wrapped around {key}'s line; the numbers "
                            f"after its tail read as {other}'s, both rows' sums holding")
            continue
        inside = [p for p in pieces if p.start < label_end]
        orders = [pieces] + ([[p for p in pieces if p not in inside] + inside] if inside else [])
        candidates = []
        for seq in orders:
            candidates += [list(seq)] if len(seq) == 2 * k else []
            if len(seq) == 2 * k - 1 and (run := doc.text[seq[-1].start : seq[-1].end]).isdigit() and len(run) > 1:
                last = seq[-1]
                for cut in range(1, len(run)):
                    a, b = run[:cut], run[cut:]
                    if (len(a) > 1 and a[0] == "0") or (len(b) > 1 and b[0] == "0"):
                        continue
                    candidates.append([*seq[:-1],
                                       Piece(last.start, last.start + cut, "number", int(a), None, line=last.line, split=True),
                                       Piece(last.start + cut, last.end, "number", int(b), None, line=last.line, split=True)])
        held = [seq for seq in candidates if row_sums_hold(seq[0::2], columns) and row_sums_hold(seq[1::2], columns)]
        if len({tuple(p.value for p in seq) for seq in held}) != 1:
            continue  # no reading, or several cuts of the totals' run that the sums allow: left as it is
        seq = held[0]
        streams = _with_rows(streams, key, {upper: seq[0::2], lower: seq[1::2]}, (upper, lower), version)
        warnings.append(f"applications.{upper}, {lower}: one line holding both rows, their numbers alternating "
                        "column by column: read as two rows, every row sum holding")
        by_rows = (seq[:k], seq[k:])
        if (row_sums_hold(by_rows[0], columns) and row_sums_hold(by_rows[1], columns)
                and [p.value for p in seq[:k]] != [p.value for p in seq[0::2]]):
            notes.append(f"applications.{upper}, {lower}: one line holds both rows' numbers; read alternating column by "
                         "column (as the fields pair them), but read row after row every row sum holds too: check both rows")
    return streams


def _with_rows(streams: dict[str, tuple[Any, list[Piece]]], key: str, cells: dict[str, list[Piece]],
               order: tuple[str, str], version: str) -> dict[str, tuple[Any, list[Piece]]]:
    """``streams`` with row ``key``'s numbers given to the two rows of ``cells``, where ``key`` stood,
    in their official ``order``."""
    rebuilt: dict[str, tuple[Any, list[Piece]]] = {}
    for name, value in streams.items():
        if name == key:
            for row in order:
                rebuilt[row] = (row_def("applications", row, version), cells[row])
        else:
            rebuilt[name] = value
    return rebuilt


def _cut_glued_runs(doc: ReportDocument, streams: dict[str, tuple[Any, list[Piece]]], table_key: str,
                    applicant_cols: list[str], said: tuple[list[str], list[str]]) -> None:
    """Rows held in one run of digits with no separator (``glued.py``): cut where the arithmetic
    leaves one cut (表二: the run's length; 表三: every row and column sum), else left unread with
    a review note naming the rows."""
    warnings, notes = said
    runs = {}
    for key, (rdef, pieces) in list(streams.items()):
        columns = applicant_cols if table_key == "applications" else list(rdef.columns)
        filled = [p for p in pieces if not _spaces_line(doc.text, p) and not p.pageish]
        if glued_row(doc.text, filled, len(columns)):
            # a converter that writes a row's cells with nothing between them writes nothing for a
            # blank one either: a line of spaces after the run (markdown's hard break) is no cell of it
            streams[key] = (rdef, filled)
            runs[key] = (filled, columns)
    if not runs:
        return
    if table_key == "applications":
        fixed = {key: pieces for key, (_, pieces) in streams.items() if key not in runs}
        results = [key for key in streams if key not in ANCHOR_ROWS]
        taken, left = place_glued_rows({k: p for k, (p, _) in runs.items()}, doc.text, fixed, applicant_cols, results)
        how = "every row and column sum allows no other cut"
    else:
        # the runs' digits and placeholders are as many as the row's cells: one digit a cell (a minus
        # sign with its digit); no sum could choose any other cut
        taken, left = {}, {}
        for key, (pieces, cols) in runs.items():
            found = row_cuts(pieces, doc.text, len(cols), lambda cells: True) if _run_width(doc, pieces) == len(cols) else None
            if found is not None and len(found) == 1:
                taken[key] = found[0]
            else:
                left[key] = "no sum can choose a cut, and its length is not the row's number of cells"
        how = "as many digits as the row has cells"
    for key, pieces in taken.items():
        streams[key] = (streams[key][0], pieces)

    def listed(keys: list[str]) -> str:
        return ", ".join(f"{k} {_run_raw(doc, runs[k][0])!r} → {'|'.join(_shown(doc, p) for p in taken[k])}" for k in keys)

    # one digit a cell is the only cut the text allows; a longer run was cut by the sums, which then
    # cannot check it, and a misprinted total (common in real reports) would have chosen another cut,
    # so that one goes to review, as a join only the sums support does (issue 9)
    forced = [k for k in taken if _run_width(doc, runs[k][0]) == len(runs[k][1])]
    chosen = [k for k in taken if k not in forced]
    if forced:
        warnings.append(f"{table_key}: cells run together with no separator, one digit a cell: {listed(forced)}")
    if chosen:
        notes.append(f"{table_key}: cells run together with no separator, cut by arithmetic ({how}): {listed(chosen)}; "
                     "the sums chose these cuts, so they cannot check them: check against the source")
    for key in left:
        del streams[key]
    if left:
        notes.append(f"{table_key}: cells run together with no separator in rows that could not be cut into cells "
                     f"one way only, left unread: " + "; ".join(f"{k} {_run_raw(doc, runs[k][0])!r} ({why})"
                                                               for k, why in left.items()))


def _spaces_line(text: str, piece: Piece) -> bool:
    """An empty piece that is a whole line of spaces (not a blank cell between drawn separators, nor
    the zero-length cell of an empty line)."""
    if piece.kind != "empty" or piece.end <= piece.start:
        return False
    line = line_at(text, piece.start)
    return not line.strip() and "\t" not in line


def _run_width(doc: ReportDocument, pieces: list[Piece]) -> int:
    """Cells a run holds at one digit a cell (a placeholder one, a minus sign with its digit)."""
    return sum(1 if p.kind == "na" else len(p_raw(doc, p).replace("-", "")) for p in pieces)


def _run_raw(doc: ReportDocument, pieces: list[Piece]) -> str:
    return doc.raw_slice(pieces[0].start, pieces[-1].end)


def _shown(doc: ReportDocument, piece: Piece) -> str:
    return str(piece.value) if piece.kind == "number" else p_raw(doc, piece)


def _place_displaced(streams: dict[str, tuple[Any, list[Piece]]], bare: dict[str, int], columns: list[str],
                     version: str, said: tuple[list[str], list[str]]) -> None:
    """Rows whose numbers a PDF reader's box order put under another row's label (placement.py
    ``place_displaced_rows``): each involved row gets its run of numbers in ``streams`` and leaves
    ``bare``. Where another placement satisfying every sum gives other values, review says so."""
    split = any(k in streams or k in bare for k in _SPLIT_OTHER_ROWS)
    empty = {k: at for k, at in bare.items() if not (k in streams and streams[k][1])
             and not (split and k == "other_handling") and row_def("applications", k, version) is not None}
    pieces = {k: p for k, (_, p) in streams.items() if p or k not in empty}  # the table's last label, alone
    group = pieces.pop("other_handling", None) if split else None
    if group:
        # （六）其他处理 over 1./2./3. is a heading, no row: numbers under it continue the run of the
        # row before it (a stacked heading that sorted in among a wrapped row's numbers)
        before = max((k for k in pieces if pieces[k] and pieces[k][0].start < group[0].start),
                     key=lambda k: pieces[k][0].start, default=None)
        if before is None:
            return
        pieces[before] = sorted([*pieces[before], *group], key=lambda p: p.start)
    results = [r for r in [*pieces, *empty] if r not in ANCHOR_ROWS]
    placed = place_displaced_rows(pieces, empty, columns, results)
    if placed is None:
        return
    if group:
        del streams["other_handling"]
    for key, run in placed.rows.items():
        streams[key] = (row_def("applications", key, version), run)
        bare.pop(key, None)
    warnings, notes = said
    if placed.confirmed:
        warnings.append(f"applications: {placed.summary}; no other placement the sums allow gives other values")
    else:
        notes.append(f"applications: {placed.summary}; {_OTHER_PLACEMENT} and satisfies every sum "
                     "as well: check these rows against the source")


def proposal_note(doc: ReportDocument, where: str, piece: Piece) -> str:
    """Review note for two tokens that only fit as one number (never taken as the value, issue 9)."""
    return (f"{where}: {p_raw(doc, piece)!r} holds two numbers where one cell is expected; kept as text. "
            f"Reading it as {piece.proposal} would make the sums hold: check the source (a proposal, not applied)")


def p_raw(doc: ReportDocument, piece: Piece) -> str:
    """The source text of a piece (for messages)."""
    return doc.raw_slice(piece.start, piece.end)


def _values(doc: ReportDocument, reading: Reading) -> str:
    return ", ".join(f"{c} {p_raw(doc, p)}" for c, p in reading.cells.items())


def _cell_values(doc: ReportDocument, reading: Reading) -> dict[str, tuple[str, Any]]:
    """Column → what the reading puts there (a number's value and unit, else the source text)."""
    return {c: (p.kind, (p.value, p.unit) if p.kind == "number" else p_raw(doc, p))
            for c, p in reading.cells.items() if p.filled}


def _header_runs(doc: ReportDocument, spans: list[Span], start: int) -> list[int]:
    """The header nearest above ``start`` as runs of one text, in order: ``信息内容 上一年项目数量
    本年增/减 本年增/减`` is [1, 1, 2] (a converter that writes a merged cell's text into every grid
    position it covers repeats the header that way). [] where no header is tagged."""
    before = sorted((s for s in spans if s.end <= start and s.label in ("COL_HEADER", "ROW_LABEL", "CELL")),
                    key=lambda s: s.start)
    while before and before[-1].label != "COL_HEADER":
        before.pop()  # the rows between that header and this row
    texts: list[str] = []
    while before and before[-1].label == "COL_HEADER":
        texts.insert(0, compact(doc.text[before[-1].start : before[-1].end]))
        before.pop()
    return [len(list(run)) for _, run in itertools.groupby(texts)]


def _differs(a: Reading, b: Reading) -> bool:
    """Readings that differ only in which blank fills which column are the same data."""
    def filled(r: Reading) -> dict[str, tuple[int, str]]:
        return {c: (p.start, p.kind) for c, p in r.cells.items() if p.filled}
    return filled(a) != filled(b)


def _applicant_columns(doc: ReportDocument, headers: list[Span]) -> list[str] | None:
    """Column order from the 表三 header; an extra 小计 column is placed where the header puts it.

    None when no header names an applicant column (the header is missing or untagged).
    """
    found: list[tuple[int, str]] = []
    for span in headers:
        text = doc.text[span.start : span.end]
        # each of its words where it holds several (a header line a converter wrote as one run of words:
        # ``第三项加第四项之和） 自然人 商业企业 科研 公益 法律服务 其他 小计 总计``), else the span whole
        words = [(span.start + m.start(), m.group()) for m in re.finditer(r"\S+", text)]
        parts = words if len(words) > 1 else [(span.start, text)]
        for at, part in parts:
            word = compact(part)
            if word.endswith("小计"):  # 小计, 法人或其他组织小计
                found.append((at, "legal_person_subtotal"))
                continue
            for name, key in _ORG_HEADERS:
                if word == name or (name != "其他" and name in word and "法人或其他组织" not in word.replace(name, "", 1)):
                    found.append((at, key))
                    break
    if not found:
        return None
    ordered = list(dict.fromkeys(k for _, k in sorted(found)))
    if "legal_person_subtotal" not in ordered:
        return list(APPLICANT_KEYS)
    orgs = [k for k in ordered if k != "natural_person"]
    for k in APPLICANT_KEYS[1:-1]:
        if k not in orgs:
            orgs.insert(APPLICANT_KEYS.index(k) - 1, k)
    return ["natural_person", *orgs, "total"]


def _read_review(doc: ReportDocument, spans: list[Span], pages: _Pages,
                 warnings: list[str], notes: list[str]) -> tuple[dict[str, Any], float]:
    """表四: fifteen cells in one run, or three runs of five after their group headers."""
    segments: list[tuple[str | None, list[Piece]]] = []
    group: str | None = None
    run: list[Piece] = []
    for span in spans:
        if span.label == "CELL":
            run.append(_pieces(doc, [span], pages, money=False, previous=run[-1] if run else None)[0])
            continue
        if run:
            segments.append((group, run))
            run = []
        group = span.attrs.get("group") or _group_of(doc.text[span.start : span.end]) or group
    if run:
        segments.append((group, run))
    segments = _cut_review_runs(doc, segments, warnings, notes)
    placed = place_review_segments(segments, notes)
    if placed is not None:
        return _contract_table(doc, placed, "review_litigation", "", None, pages, warnings), float(len(placed))
    scored = review_readings(segments)
    if not scored:
        return {}, 0.0
    if boxed := _review_by_boxes(doc, spans, pages, scored[0][1]):
        warnings.append("review_litigation: read from the header words in its numbers' text boxes (a converter "
                        "that writes a table box by box: pdfminer); every group's 总计 confirms it, the numbers' "
                        "order did not")
        return _contract_table(doc, boxed, "review_litigation", "", None, pages, warnings), float(len(boxed))
    best_score, best, note = scored[0]
    notes.extend(proposal_note(doc, f"review_litigation.{g}.{c}", p)
                 for g, cols in best.items() for c, p in cols.items() if p.proposal is not None)
    if note == "partial":
        warnings.append(f"review_litigation: {sum(len(c) for c in best.values())} cells where 15 are expected")
    if len(scored) > 1 and scored[1][0] >= best_score - 0.5 and scored[1][1] != best:
        warnings.append(f"review_litigation: kept reading '{note}', runner-up '{scored[1][2]}'")
    return _contract_table(doc, best, "review_litigation", "", None, pages, warnings), best_score


def _review_by_boxes(doc: ReportDocument, spans: list[Span], pages: _Pages, current: dict[str, dict[str, Piece]]
                     ) -> dict[str, dict[str, Piece]] | None:
    """表四 as its numbers' text boxes name their columns (``review_boxes``), where that gives exactly
    one set of values, every group's sums hold, and it differs from ``current`` (the text-order reading)."""
    cells = [s for s in spans if s.label == "CELL"]
    if not cells:
        return None
    runs = [_pieces(doc, [cells[i] for i in run], pages, money=False)
            for run in column_order.piece_runs(cells, doc.text)]
    if sum(map(len, runs)) != _REVIEW_CELLS:
        return None
    found: dict[tuple[Any, ...], dict[str, dict[str, Piece]]] = {}
    for reading in review_boxes.readings(review_boxes.boxes(doc.text, runs, spans[0].start)):
        found.setdefault(tuple((p.kind, p.value) for row in reading.values() for p in row.values()), reading)
    if len(found) != 1:
        return None
    reading = next(iter(found.values()))
    same = all(current.get(g, {}).get(c) is not None and (current[g][c].kind, current[g][c].value) == (p.kind, p.value)
               for g, row in reading.items() for c, p in row.items())
    return None if same else reading


def _cut_review_runs(doc: ReportDocument, segments: list[tuple[str | None, list[Piece]]], warnings: list[str],
                     notes: list[str]) -> list[tuple[str | None, list[Piece]]]:
    """表四 held in runs of digits with no separator (one for the table, or one per group): cut into
    its fifteen cells where the group sums leave one cut (``glued.review_cuts``), else left unread.
    A cut the length forces (one digit a cell) is certain; one that only the groups' 总计 chose
    rests on one equation a group, so review is asked to look at it."""
    flat = [p for _, seg in segments for p in seg if p.filled]
    groups = [g for g, seg in segments if any(p.filled for p in seg)]
    cells = _REVIEW_CELLS
    by_group = len(flat) == len(groups) == 3 and set(groups) == set(REVIEW_GROUPS)
    if not flat:
        return segments
    if by_group or len(flat) == 1:  # a run a group, or the table's one run
        width = len(REVIEW_COLUMN_KEYS) if by_group else cells
        if not all(is_glued_run(doc.text, p, width) for p in flat):
            return segments
    else:
        # runs and lone values with white space between (a run with as many digits as the cells the
        # other pieces leave it, or one no cell writes): the spaces are cell boundaries, the group sums
        # cut the runs
        digits = sum(len(p_raw(doc, p).replace("-", "")) for p in flat)
        if not (len(flat) < cells <= digits and all(digit_run(p_raw(doc, p)) for p in flat)
                and any(is_glued_run(doc.text, p, cells - len(flat) + 1) for p in flat)):
            return segments
    raw = [p_raw(doc, p) for p in flat]
    cut = review_cuts(flat, doc.text, by_group=by_group)
    if cut is None:
        notes.append(f"review_litigation: cells run together with no separator ({', '.join(map(repr, raw))}) that the "
                     "group sums do not cut into fifteen cells one way only; left unread")
        return []
    shown = "; ".join(f"{r!r} → {'|'.join(str(p.value) for p in c)}" for r, c in zip(raw, cut))
    if sum(map(len, raw)) == sum(map(len, cut)):
        warnings.append(f"review_litigation: cells run together with no separator, one digit a cell: {shown}")
    else:
        notes.append(f"review_litigation: cells run together with no separator, cut by the group sums alone "
                     f"(总计 = its four results, one equation a group): {shown}; check against the source")
    return list(zip(groups, cut)) if by_group else [(None, [cell for run in cut for cell in run])]


def _group_of(text: str) -> str | None:
    word = compact(text)
    return next((key for name, key in _REVIEW_GROUP_WORDS if name in word), None)


def _amount_unit(doc: ReportDocument, spans: list[Span]) -> str | None:
    """The money unit a 表二 header states for its amount column (采购总金额（万元）), if any."""
    for span in spans:
        if span.label != "CELL":
            m = _AMOUNT_UNIT.search(compact(doc.text[span.start : span.end]))
            if m:
                return m.group(1)
    return None


def _has_2021_markers(doc: ReportDocument, spans: list[Span]) -> bool:
    words = compact("".join(doc.text[s.start : s.end] for s in spans if s.label != "CELL"))
    return any(compact(m) in words for m in VERSION_MARKERS["2021"])


def _cell(doc: ReportDocument, piece: Piece, table_key: str, column: str, version: str, header_unit: str | None,
          pages: _Pages, warnings: list[str]) -> dict[str, Any]:
    value = piece.value if piece.kind == "number" else None
    unit: str | None = None
    if piece.kind == "number" and column == "amount":
        trailing = _UNIT_AFTER.match(doc.text, piece.end)
        if piece.unit == "万元":  # the cell wrote its own unit (converted by parse_cell)
            unit = "万元"
        elif trailing is not None and value is not None:
            # the unit after the number, split off by a layout converter ("4627200 元", pdftotext -layout), #10
            value, unit = to_wan_yuan(value, trailing.group(1)), "万元"
            if trailing.group(1) != "万元":
                warnings.append(f"{table_key}: amount {p_raw(doc, piece)!r} is in {trailing.group(1)} as written after it; "
                                "given in 万元")
        elif header_unit is not None and value is not None:
            value, unit = to_wan_yuan(value, header_unit), "万元"
            if header_unit != "万元":
                warnings.append(f"{table_key}: amount {p_raw(doc, piece)!r} is in {header_unit} per its header; "
                                "given in 万元")
        elif table_key == "proactive" and version == "2021":
            unit = "万元"  # the official 2021 header says 本年收费金额（单位：万元）
    elif piece.kind == "number":
        unit = piece.unit or _COUNT_UNIT.get(column, "件")
    # a number that may be page furniture: 表二 has no sums to vouch for it, so there it asks for review
    furniture = (0.4 if table_key == "proactive" else 0.3) if piece.pageish else 0
    confidence = (0.98 - (0.2 if piece.merged else 0) - (0.3 if piece.ocr else 0) - furniture
                  - (_SPLIT_DOUBT if piece.split else 0))
    return {
        "value": value,
        "raw": doc.raw_slice(piece.start, piece.end),
        "kind": piece.kind,
        "unit": unit,
        "span": [piece.start, piece.end],
        "page": pages.page(piece.start),
        "confidence": round(confidence, 2),
    }


_GLUED_DIGITS = re.compile(r"\d+(?![.．、\d])")  # digits that are no ordinal ("1." "2、" are)
_GLUED_TAIL_DIGITS = re.compile(r"(?<=[^\d\s.．、])\d+\Z")


def _label_digit_pieces(doc: ReportDocument, spans: list[Span], table_key: str, pages: _Pages) -> dict[str, list[Piece]]:
    """表三 row key → the numbers glued into its label (tabula's stream mode puts a wrapped row's
    vertically centred 总计 inside the label's text: ``…只计这一情 2形…``), as pieces of that row
    whose column no layout says. Digits a CELL span also covers are that cell's, not glued."""
    if table_key != "applications":
        return {}
    cells = [(s.start, s.end) for s in spans if s.label == "CELL"]
    out: dict[str, list[Piece]] = {}
    for span in spans:
        if span.label != "ROW_LABEL" or (key := _row_key(doc, span, table_key)) is None:
            continue
        for m in _GLUED_DIGITS.finditer(doc.text, span.start, span.end):
            if any(a < m.end() and m.start() < b for a, b in cells):
                continue
            out.setdefault(key, []).append(Piece(m.start(), m.end(), "number", int(m.group()), None, near_previous=False,
                                                 line=pages.line(m.start())))
    return out


def _cells_glued_to_labels(doc: ReportDocument, spans: list[Span], table_key: str) -> list[tuple[str, Span]]:
    """表三 CELL spans written onto the start of a row label on their line, nothing but label text
    before them there and the row's cells after the label, apart (``6结5.属于三类内部事务信息``, ``（三） 0不予公4.保护…``: a tagger that ends the
    label where the digits stand), with the row key of that label: numbers glued into the label's text
    (``_label_digit_pieces``), not cells of the row above."""
    if table_key != "applications":
        return []
    out = []
    ordered = sorted(spans, key=lambda s: s.start)
    for cell, label in zip(ordered, ordered[1:]):
        if (cell.label != "CELL" or label.label != "ROW_LABEL" or label.start != cell.end
                or not doc.text[cell.start : cell.end].isdigit()):
            continue
        line_start = doc.text.rfind("\n", 0, cell.start) + 1
        line_end = doc.text.find("\n", label.end) % (len(doc.text) + 1)
        # a row's line (its cells after the label, apart), and one number as written: not a cell or a run of
        # cells ending the row above, glued onto the next label (docx2txt's ``27二、上年结转…``, ``0000000（四）…``)
        number = doc.text[cell.start : cell.end]
        if (re.search(r"\d", doc.text[line_start : cell.start]) or (len(number) > 1 and number[0] == "0")
                or not re.search(r"\d[\t ]+\d", doc.text[label.end : line_end])
                or (key := _row_key(doc, label, table_key)) is None):
            continue
        out.append((key, cell))
    return out


def _glued_label_notes(doc: ReportDocument, spans: list[Span], table_key: str, taken: set[int] = frozenset()) -> list[str]:
    """Review notes for row labels that swallowed digits: no official row label holds a number
    other than its ordinal, so '…三安全一稳定”00000' is cells a conversion glued to the label
    (pypdf's layout mode moving a quote mark), whose values no cell then holds (#10). ``taken``: offsets
    of digits a cell holds after all (placed by the sums, ``_label_digit_pieces``): no note for those."""
    notes = []
    for i, span in enumerate(spans):
        if span.label != "ROW_LABEL":
            continue
        text = compact(doc.text[span.start : span.end])
        after = spans[i + 1] if i + 1 < len(spans) else None
        if ("row" not in span.attrs and _MARKS_ONLY.fullmatch(text) and after is not None and after.label == "CELL"
                and after.start == span.end):
            # a mark written onto the number after it (pandoc -t jira escapes a minus: \-2): the cell was read
            # without it, and a sign may be lost with it
            notes.append(f"{table_key}: {text!r} is written onto the number {doc.text[after.start:after.end]!r} after it "
                         "(an escape or a sign a conversion left?); the cell was read without it: check its sign")
            continue
        if "row" in span.attrs:
            raw = "".join("|" if span.start + i in taken else ch for i, ch in enumerate(doc.text[span.start : span.end]))
            digits = [m.group() for m in _GLUED_DIGITS.finditer(compact(raw))]
            where = f"{table_key}.{span.attrs['row']}: its label"
        else:
            # a piece of a wrapped label (matched to no row by itself) ending in digits glued to it: the
            # row's cells, which the row then lacks and could be read as blank
            digits = [m.group() for m in _GLUED_TAIL_DIGITS.finditer(text)]
            where = f"{table_key}: the label piece"
        if digits:
            notes.append(f"{where} {doc.text[span.start:span.end].strip()!r} holds "
                         f"{', '.join(repr(d) for d in digits)}, which no official label does: numbers glued to the label "
                         "by a conversion are in no cell; check that row")
    return notes


_MARKS_ONLY = re.compile(r"[!-/:-@\[-`{-~]+")  # ASCII punctuation alone: no word, no digit

_SPLIT_OTHER_ROWS = ("other_overdue_correction", "other_overdue_fee", "other_reasons")  # （六）'s 1./2./3.


def _drop_blank_group_row(rows: dict[str, dict[str, Piece]], warnings: list[str]) -> None:
    """（六）其他处理 is a row of its own only in the single-row variant; where its 1./2./3. rows
    were read, a blank row under that label is the group heading a converter gave cells of its
    own (a markdown row holding only the label), not data."""
    split = any(k in rows for k in _SPLIT_OTHER_ROWS)
    group = rows.get("other_handling")
    if split and group and all(p.kind == "empty" for p in group.values()):
        del rows["other_handling"]
        warnings.append("applications: （六）其他处理 has 1./2./3. rows; its own blank cells are the group heading's, not a row")


def _application_variants(rows: dict[str, dict[str, Piece]], version: str, columns: list[str]) -> list[str]:
    variants = []
    split = any(k in rows for k in _SPLIT_OTHER_ROWS)
    if version == "2021" and "other_handling" in rows and not split:
        variants.append("applications_single_other_row")
    if version == "2019" and split:
        variants.append("applications_split_other_rows")
    if "legal_person_subtotal" in columns:
        variants.append("applications_legal_person_subtotal")
    return variants


def _warn_money(tables: dict[str, Any], warnings: list[str]) -> None:
    for row in ("procurement", "fees"):
        cell = tables.get("proactive", {}).get(row, {}).get("amount")
        if cell and cell["kind"] == "number" and cell["unit"] is None:
            warnings.append(f"proactive.{row}.amount: the source gives no unit; kept the number as printed (unit null)")

