"""Labels that follow the text: a generated report's gold projected onto a converter's output (issue 10).

A converted file (``routes.run_route``) keeps the report's words and numbers but not where they
were: converters wrap, split, drop, repeat and reorder what surrounds them. :func:`project`
finds the gold again in the *ingested* text (``gdr_nlp.ingest.load(path).text``, what the tagger
sees) and writes spans in the tagger's label scheme (the attrs ``SynthDoc.text_and_spans`` gives
text layouts):

* prose (title, section headings, paragraphs with their METRIC / METRIC_SUBJECT pieces) by exact
  match with whitespace ignored, in order;
* table cells by their printed values, in the grid's reading order: nonzero values
  (:func:`gdr_nlp.synth.tables.make_distinct` makes unrelated ones distinct) are anchors, zeros
  and placeholders are placed by order between their anchors and must match in number;
* table labels (captions, column headers, row labels) by fuzzy match inside the gap their cells
  leave: the longest prefix found, then the rest after it (a wrapped or split label gives several
  spans); a label the converter lost is simply not labelled.

:func:`verify` then re-reads the gold from the spans: every number/placeholder cell in reading
order, every section heading and every metric. A document that fails is dropped with its reason
(``Projection.reason``), so yield per family (projected / attempted) is measured, never assumed.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from gdr_nlp.document import HAN
from gdr_nlp.ingest.normalize import normalize
from gdr_nlp.reconcile import schema
from gdr_nlp.synth import SynthDoc
from gdr_nlp.synth.render import grids
from gdr_nlp.synth.tables import Key, TableData

# A number as a table cell prints it (sign, decimals, 万元/元). Not a list marker ("1.属于"), a
# year or date ("2020年"), an article number ("第5条"), or part of a longer number.
_NUMBER = re.compile(r"(?<![\d.])[+-]?\d+(?:\.\d+)?(?:万元|元)?(?![\d])|(?<!\S)/(?!\S)")
_NOT_CELL_AFTER = set("年月日条项页个%、")  # 、: a list marker ("1、其他")
# Page numbers a converter keeps from the PDF ("- 3 -", "第3页", "3/6"); never a cell.
_PAGE_LINE = re.compile(r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$")
_LINE_DECOR = " \t#*|>-_"  # markdown around a heading or title line
LABEL_MIN_PIECE = 1  # shortest label fragment after the first (a narrow column wraps 商业企|业)
LABEL_MIN_FIRST = 3  # shortest first fragment of a label that is not found whole


def _value(s: str) -> float | None:
    core = s.lstrip("+").removesuffix("万元").removesuffix("元")
    return float(core) if re.fullmatch(r"-?\d+(?:\.\d+)?", core) else None


def _norm(s: str) -> str:
    return normalize(s)[0]


def _squeeze(s: str) -> str:
    return "".join(s.split())


@dataclass
class Projection:
    """Spans projected onto one text, or why the document was dropped."""

    spans: list[dict[str, Any]] = field(default_factory=list)
    cells: dict[Key, tuple[int, int]] = field(default_factory=dict)  # gold cell -> span (for verify)
    reason: str | None = None  # None: projected and verified
    label_chars: int = 0  # table label characters in the gold
    label_found: int = 0  # ... of them covered by a projected span
    empty_cells: int = 0  # blank gold cells (not projected: a converter leaves no trace of most)

    @property
    def ok(self) -> bool:
        return self.reason is None

    @property
    def label_coverage(self) -> float:
        return self.label_found / self.label_chars if self.label_chars else 1.0


class _Squeezed:
    """The text without whitespace, with a map back to the text's offsets."""

    def __init__(self, text: str) -> None:
        self.pos = [i for i, ch in enumerate(text) if not ch.isspace()]
        self.chars = "".join(text[i] for i in self.pos)

    def _index(self, offset: int) -> int:
        return bisect.bisect_left(self.pos, offset)

    def find_all(self, needle: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """Every (start, end) in text offsets where ``needle`` (whitespace-free) occurs in [lo, hi)."""
        out: list[tuple[int, int]] = []
        if not needle:
            return out
        a, b = self._index(lo), self._index(hi)
        k = self.chars.find(needle, a, b)
        while k >= 0:
            out.append((self.pos[k], self.pos[k + len(needle) - 1] + 1))
            k = self.chars.find(needle, k + 1, b)
        return out

    def find(self, needle: str, lo: int, hi: int) -> tuple[int, int] | None:
        a, b = self._index(lo), self._index(hi)
        k = self.chars.find(needle, a, b) if needle else -1
        return (self.pos[k], self.pos[k + len(needle) - 1] + 1) if k >= 0 else None


def _whole_line(text: str, a: int, e: int) -> bool:
    start = text.rfind("\n", 0, a) + 1
    end = text.find("\n", e)
    return not text[start:a].strip(_LINE_DECOR) and not text[e : end if end >= 0 else len(text)].strip(_LINE_DECOR)


# ---------------------------------------------------------------- gold in reading order


@dataclass
class _Item:
    label: str  # CELL or a label type
    text: str  # normalized, whitespace-free
    attrs: dict[str, Any]
    key: Key | None = None  # cells
    kind: str = ""  # cells: number | na | empty | text


def table_items(td: TableData, table: str) -> list[_Item]:
    """A table's captions, headers, row labels and cells in the reading order of its HTML grid
    (``synth.binary``: the order every renderer and converter starts from)."""
    gs = grids(td)
    items: list[_Item] = []

    def label(kind: str, s: str, attrs: dict[str, Any] | None = None) -> None:
        if _squeeze(s):
            items.append(_Item(kind, _squeeze(_norm(s)), attrs or {}))

    def cells(keys: list[Key]) -> None:
        for k in keys:
            g = td.gold[k]
            items.append(_Item("CELL", _squeeze(_norm(td.printed[k])), {"kind": g["kind"]}, k, g["kind"]))

    if table == "proactive":
        for g in gs["proactive"]:
            label("TABLE_CAPTION", g["caption"])
            for h in g["header"]:
                label("COL_HEADER", h)
            for labels, key, keys in g["rows"]:
                label("ROW_LABEL", labels[-1], {"row": key})
                cells(keys)
    elif table == "applications":
        label("COL_HEADER", "申请人情况")
        for h in gs["applications"][0]["header"][1:]:
            label("COL_HEADER", h)
        for labels, key, keys in gs["applications"][0]["rows"]:
            for i, lab in enumerate(labels):
                label("ROW_LABEL", lab, {"row": key} if i == len(labels) - 1 else {})
            cells(keys)
    else:
        heads = [schema.REVIEW_COLUMNS[c].label for c in schema.REVIEW_COLUMN_KEYS]
        for h in ["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", *heads * 3]:
            label("COL_HEADER", h)
        for g in gs["review_litigation"]:
            cells(list(g["rows"][0][2]))
    return items


# ---------------------------------------------------------------- projection


class _Projector:
    def __init__(self, doc: SynthDoc, text: str) -> None:
        self.doc, self.text = doc, text
        self.sq = _Squeezed(text)
        self.out = Projection()
        self.taken: list[tuple[int, int]] = []  # sorted spans already labelled (no overlaps)
        # generated reports: every nonzero value is an anchor (make_distinct); real reports repeat
        # small values, so there only values printed once in the table anchor, compared as numbers
        self.real = False

    def free(self, a: int, e: int) -> bool:
        k = bisect.bisect_left(self.taken, (a, e))
        return not ((k > 0 and self.taken[k - 1][1] > a) or (k < len(self.taken) and self.taken[k][0] < e))

    def add(self, a: int, e: int, label: str, attrs: dict[str, Any]) -> bool:
        if not self.free(a, e):
            return False
        k = bisect.bisect_left(self.taken, (a, e))
        self.taken.insert(k, (a, e))
        self.out.spans.append({"start": a, "end": e, "label": label, "attrs": dict(attrs)})
        return True

    def fail(self, reason: str) -> Projection:
        self.out.reason = reason
        return self.out

    def run(self) -> Projection:
        blocks = [b for b in self.doc.blocks if b[0] != "artifact"]
        first_heading = next((i for i, b in enumerate(blocks) if b[0] == "heading"), len(blocks))
        cursor = 0
        for i, block in enumerate(blocks):
            hi = self.next_heading(blocks, i, cursor)
            kind = block[0]
            if kind == "title":
                cursor = self.title(block[1], cursor, self.next_heading(blocks, first_heading - 1, cursor))
            elif kind == "heading":
                cursor = self.heading(block[1], block[2], cursor)
            elif kind == "para":
                cursor = self.para(block[1], cursor, hi)
            elif kind == "table":
                cursor = self.table(block[1], cursor, hi)
            if cursor < 0:
                return self.out
        self.out.spans.sort(key=lambda s: (s["start"], s["end"]))
        return self.out

    def next_heading(self, blocks: list[tuple], i: int, cursor: int) -> int:
        """Where the first section heading after block ``i`` starts (the end of the text if none)."""
        for b in blocks[i + 1 :]:
            if b[0] == "heading":
                hit = self.line_match(_squeeze(_norm(b[1])), cursor, len(self.text), last=False)
                return hit[0] if hit else len(self.text)
        return len(self.text)

    def line_match(self, needle: str, lo: int, hi: int, *, last: bool) -> tuple[int, int] | None:
        """A match standing on its own line (the first, or the last before ``hi``), else the first match."""
        hits = self.sq.find_all(needle, lo, hi)
        lines = [h for h in hits if _whole_line(self.text, *h)]
        if lines:
            return lines[-1] if last else lines[0]
        return hits[0] if hits else None

    def title(self, s: str, cursor: int, hi: int) -> int:
        # the last whole-line match before the first heading: a PDF's running header repeats the
        # title above it on page 1
        hit = self.line_match(_squeeze(_norm(s)), cursor, hi, last=True)
        if hit is None:
            self.fail("title not found")
            return -1
        self.add(*hit, "TITLE", {})
        return hit[1]

    def heading(self, s: str, key: str, cursor: int) -> int:
        hit = self.line_match(_squeeze(_norm(s)), cursor, len(self.text), last=False)
        if hit is None:
            self.fail(f"heading {key} not found")
            return -1
        self.add(*hit, "SECTION_HEADING", {"key": key})
        return hit[1]

    def para(self, pieces: list[tuple], cursor: int, hi: int) -> int:
        parts = [(_squeeze(_norm(t)), lab, a) for t, lab, a in pieces]
        whole = self.sq.find("".join(p for p, _, _ in parts), cursor, hi)
        if whole is not None:  # the paragraph in one piece (wrapped lines are whitespace)
            k = self.sq._index(whole[0])
            for p, lab, attrs in parts:
                if lab and p:
                    self.add(self.sq.pos[k], self.sq.pos[k + len(p) - 1] + 1, lab, attrs or {})
                k += len(p)
            return whole[1]
        # split by something (a page break's running header): each labelled piece after its left context
        context = ""
        for p, lab, attrs in parts:
            if lab and p:
                hit = self.sq.find(context[-6:] + p, cursor, hi)
                if hit is not None:
                    k = self.sq._index(hit[1]) - len(p)
                    hit = (self.sq.pos[k], hit[1])
                else:
                    hit = self.sq.find(p, cursor, hi)
                if hit is None:
                    self.fail(f"{lab} {p!r} not found")
                    return -1
                self.add(*hit, lab, attrs or {})
                cursor = hit[1]
            context += p
        return cursor

    # ---- tables

    def tokens(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        out = []
        for m in _NUMBER.finditer(self.text, lo, hi):
            a, e = m.span()
            line_start = self.text.rfind("\n", 0, a) + 1
            line_end = self.text.find("\n", e)
            if _PAGE_LINE.match(self.text[line_start : line_end if line_end >= 0 else len(self.text)]):
                continue
            after = self.text[e : e + 2]
            if after[:1] in _NOT_CELL_AFTER or (after[:1] == "." and not after[1:2].isdigit()) or self.text[a - 1 : a] == "第":
                continue
            out.append((a, e, m.group()))
        return out

    def table(self, table: str, lo: int, hi: int) -> int:
        items = table_items(self.doc.tables, table)
        placed = self.cells(items, lo, hi)
        if placed is None:
            return -1
        self.labels(items, placed, lo, hi)
        return max((e for _, e in placed.values()), default=lo)

    def cells(self, items: list[_Item], lo: int, hi: int) -> dict[int, tuple[int, int]] | None:
        """Item index -> (start, end) for every number/placeholder cell, or None (``reason`` set)."""
        toks = self.tokens(lo, hi)
        placed: dict[int, tuple[int, int]] = {}
        pending: list[int] = []  # zeros and placeholders since the last anchor
        t = 0

        def settle(upto: int, where: str) -> bool:
            between = [k for k in range(t, upto)]
            if len(between) != len(pending) or not all(self.same(toks[k][2], items[i].text) for k, i in zip(between, pending)):
                self.fail(f"{len(pending)} zero/placeholder cells {where} but the text has "
                          f"{' '.join(toks[k][2] for k in between) or 'none'}")
                return False
            placed.update({i: toks[k][:2] for i, k in zip(pending, between)})
            return True

        once = Counter(it.text for it in items if it.label == "CELL")
        for i, item in enumerate(items):
            if item.label != "CELL" or item.kind in ("empty", "text"):
                self.out.empty_cells += item.kind == "empty"
                continue
            if item.kind == "na" or item.text.lstrip("+-") in ("0", "0.0", "0万元", "0元") or (self.real and once[item.text] > 1):
                pending.append(i)
                continue
            j = next((k for k in range(t, len(toks)) if self.same(toks[k][2], item.text)), None)
            if j is None:
                self.fail(f"cell {'.'.join(item.key or ())} {item.text!r} not found in order")
                return None
            if not settle(j, f"before {'.'.join(item.key or ())}"):
                return None
            placed[i] = toks[j][:2]
            pending, t = [], j + 1
        if not settle(len(toks), "at the table's end"):
            return None
        for i, (a, e) in placed.items():
            self.add(a, e, "CELL", items[i].attrs)
            self.out.cells[items[i].key] = (a, e)  # type: ignore[index]
        return placed

    def same(self, token: str, printed: str) -> bool:
        if token == printed or not self.real:
            return token == printed
        a, b = _value(token), _value(printed)
        return a is not None and a == b

    def labels(self, items: list[_Item], placed: dict[int, tuple[int, int]], lo: int, hi: int) -> None:
        """Each label in the gap its cells leave: from the cell before it to the first cell of the
        row after its own (a wrapped label's tail can follow its row's values)."""
        cursor = lo
        idx = sorted(placed)
        for i, item in enumerate(items):
            if item.label == "CELL":
                continue
            self.out.label_chars += len(item.text)
            k = bisect.bisect_left(idx, i)
            start = max(cursor, placed[idx[k - 1]][1] if k > 0 else lo)
            # the first cell after the next label that follows this label's own cells
            nxt = next((j for j in range(idx[k] if k < len(idx) else len(items), len(items)) if items[j].label != "CELL"), None)
            after = [c for c in idx if nxt is not None and c > nxt]
            end = placed[after[0]][0] if after else hi
            pieces = self.fuzzy(item.text, start, end)
            for a, e in pieces:
                if self.add(a, e, item.label, item.attrs):
                    self.out.label_found += len(_squeeze(self.text[a:e]))
            if pieces:
                cursor = pieces[0][1]

    def fuzzy(self, needle: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """The label whole, or its longest prefix found and then (recursively) the rest after it."""
        hit = self.sq.find(needle, lo, hi)
        if hit is not None:
            return [hit]
        for n in range(len(needle) - 1, min(LABEL_MIN_FIRST, len(needle)) - 1, -1):
            hit = self.sq.find(needle[:n], lo, hi)
            if hit is not None:
                rest = needle[n:]
                return [hit, *(self.fuzzy_rest(rest, hit[1], hi))]
        return []

    def fuzzy_rest(self, rest: str, lo: int, hi: int) -> list[tuple[int, int]]:
        for n in range(len(rest), LABEL_MIN_PIECE - 1, -1):
            for hit in self.sq.find_all(rest[:n], lo, hi):
                if self.continues(lo, hit[0]) and self.free(*hit):
                    return [hit, *(self.fuzzy_rest(rest[n:], hit[1], hi) if n < len(rest) else [])]
        return []

    def continues(self, end: int, start: int) -> bool:
        """Whether a label's next piece at ``start`` can continue the piece ending at ``end``: right
        after it (markup such as ``<br>`` or ``|`` between) or on a later line (a wrapped cell)."""
        gap = self.text[end:start]
        return "\n" in gap or not HAN.search(gap)


def project(doc: SynthDoc, text: str) -> Projection:
    """Project ``doc``'s gold onto ``text`` (the ingested text of a converted rendering) and verify it.

    Returns:
        The spans (sorted, non-overlapping) with ``reason`` None, or ``reason`` saying why the
        document cannot be labelled (its spans are then incomplete and must not be used).
    """
    out = _Projector(doc, text).run()
    if out.ok:
        out.reason = verify(doc, text, out)
    return out


# 五、存在的主要问题…, also as a markup heading (## 五、, * 五、, == 五、)
_AFTER_TABLES = re.compile(r"\n[\s#*=>|_-]*[五六][、.．]")
_TABLE_STARTS = {"proactive": "信息内容", "applications": "申请人情况", "review_litigation": "行政复议"}


def project_tables(tables: dict[str, Any], text: str) -> Projection:
    """Project a real report's gold tables (contract ``tables``: value and kind per cell, no printed
    forms, no labels) onto ``text``: CELL spans only, placed as for generated reports but with only
    values printed once per table as anchors and values compared as numbers. Each table is looked
    for after the first header its official grid prints (信息内容, 申请人情况, 行政复议).

    Returns:
        CELL spans with ``reason`` None when every number/placeholder cell was placed, else why not.
    """
    proj = _Projector.__new__(_Projector)
    proj.text, proj.sq, proj.out, proj.taken, proj.real = text, _Squeezed(text), Projection(), [], True
    lo = 0
    names = [t for t in ("proactive", "applications", "review_litigation") if t in tables]
    starts = []
    for t in names:
        hit = proj.sq.find(_TABLE_STARTS[t], lo, len(text))
        if hit is None:
            return proj.fail(f"{t}: no {_TABLE_STARTS[t]} header")
        starts.append(hit[0])
        lo = hit[1]
    for n, t in enumerate(names):
        end = _AFTER_TABLES.search(text, starts[n])  # 五、存在的主要问题… ends the last table
        hi = starts[n + 1] if n + 1 < len(names) else (end.start() if end else len(text))
        items = [_Item("CELL", "/" if c["kind"] == "na" else _printed(c.get("value")), {"kind": c["kind"]}, (t, r, k), c["kind"])
                 for r, cols in tables[t].items() for k, c in cols.items()]
        if proj.cells(items, starts[n], hi) is None:
            proj.out.reason = f"{t}: {proj.out.reason}"
            return proj.out
    proj.out.spans.sort(key=lambda s: (s["start"], s["end"]))
    return proj.out


def _printed(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def verify(doc: SynthDoc, text: str, proj: Projection) -> str | None:
    """Re-read the gold from the projected spans; the first disagreement, or None.

    Every number and placeholder cell must be a CELL span whose text prints the gold value, the
    spans in the grid's reading order; every section heading a SECTION_HEADING with its key and
    words; every metric a METRIC span printing its words.
    """
    spans = {(s["start"], s["end"]): s for s in proj.spans}
    for table in ("proactive", "applications", "review_litigation"):
        last = -1
        for item in table_items(doc.tables, table):
            if item.label != "CELL" or item.kind in ("empty", "text"):
                continue
            where = proj.cells.get(item.key)  # type: ignore[arg-type]
            if where is None or spans.get(where, {}).get("label") != "CELL":
                return f"cell {'.'.join(item.key or ())} has no CELL span"
            if _squeeze(text[where[0] : where[1]]) != item.text:
                return f"cell {'.'.join(item.key or ())} reads {text[where[0]:where[1]]!r}, gold {item.text!r}"
            if where[0] < last:
                return f"cell {'.'.join(item.key or ())} out of reading order"
            last = where[0]
    headings = {s["attrs"].get("key"): _squeeze(text[s["start"] : s["end"]]) for s in proj.spans if s["label"] == "SECTION_HEADING"}
    metrics = [_squeeze(text[s["start"] : s["end"]]) for s in proj.spans if s["label"] == "METRIC"]
    gold_metrics = []
    for block in doc.blocks:
        if block[0] == "heading" and headings.get(block[2]) != _squeeze(_norm(block[1])):
            return f"heading {block[2]} not read back"
        if block[0] == "para":
            gold_metrics += [_squeeze(_norm(t)) for t, lab, _ in block[1] if lab == "METRIC"]
    if metrics != gold_metrics:
        return f"metrics read back {len(metrics)}, gold {len(gold_metrics)}"
    return None


__all__ = ["Projection", "project", "project_tables", "table_items", "verify"]
