"""RuleTagger: anchors and layout rules that mark the structure a model marks too.

Spans (layer ``rule``): TITLE, SECTION_HEADING (attrs.key), SUBHEADING,
TABLE_CAPTION, COL_HEADER (attrs.table, attrs.group for 表四 group headers),
ROW_LABEL (attrs.row when it names a schema row, attrs.table), CELL (attrs.kind,
attrs.table). Narrative METRIC spans come from ``tag/narrative.py``. Table regions
are cut into cell tokens by ``tag/layout.py``; on the three seeds these spans equal
the hand labels of annotations/seeds.jsonl.
"""

from __future__ import annotations

import functools
import itertools
import re

from gdr_nlp.check.completeness import official_cells
from gdr_nlp.document import ReportDocument, Span, line_at
from gdr_nlp.reconcile.columns import LONE_NUMBER
from gdr_nlp.reconcile.readings import numbers_lead
from gdr_nlp.reconcile.schema import (
    HEADER_WORDS,
    MATCH_TABLES,
    ORDINAL_PREFIX,
    SECTIONS,
    TABLE_NUMBERS,
    TABLES,
    VERSIONS,
    RowDef,
    TableDef,
    compact,
    detect_version,
    fuzzy_row_label,
    match_row_label,
)
from gdr_nlp.tag.layout import Token, header_start, split_header_lines, tokenize_region

_ORDINALS = "一二三四五六"
# 二、主动公开… and 第二部分 主动公开… (groups 1 or 2: the ordinal; group 3: the words)
_NUMBERED = re.compile(r"^\s*(?:([一二三四五六七八九十])\s*[、.．，,]|第([一二三四五六七八九十])部分[\s、:：]*)\s*(.+?)\s*$")
_MD_HEADING = re.compile(r"^\s*(?:#{1,6}\s+(?:\*\*|__)?|\*\*|__)")
# a heading set between runs of one mark: ``****** 一、总体情况 ******`` (Debian html2text's h1..h6),
# ``== 二、… ==`` (MediaWiki), ``## 三、… ##`` (closed ATX)
_DECORATED = re.compile(r"^\s*([*=#~_])\1+[ \t]*(?P<body>[^*=#~_\s].*?)[ \t]*\1{2,}[ \t]*$")
_ORDINAL_ALONE = re.compile(r"^[一二三四五六七八九十][、.．]?$")
_HEADING_PIECES = 8  # lines a heading broken one text item a line may take
_SUB = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,2}[）)]|\d{1,2}[、.．])\s*\S")
_CAPTION = re.compile(r"第二十条第[（(][一二三四五六七八九十]+[）)]项|勾稽关系")
_TABLE_OF_SECTION = {"proactive": "proactive", "applications": "applications", "review_litigation": "review_litigation"}
_REVIEW_GROUPS = (("未经复议直接起诉", "litigation_direct"), ("复议后起诉", "litigation_after_review"), ("行政复议", "review"))


def find_section_headings(text: str) -> list[tuple[str, int, int]]:
    """(key, start, end) of the six section headings, in document order.

    Numbered headings (一、…) win over bare ones; the key comes from the words,
    not the ordinal, because reports mis-number them. Sub-headings such as
    （二）主动公开政府信息情况 inside 一 are not sections.
    """
    candidates: list[tuple[int, int, str, bool]] = []
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    for i, (start, line) in enumerate(lines):
        if decorated := _DECORATED.match(line):
            start, line = start + decorated.start("body"), decorated.group("body")
        elif markup := _MD_HEADING.match(line):  # "## 四、…", "**二、…**": what markdown converters add
            start, line = start + markup.end(), line[markup.end() :].rstrip().removesuffix("**").removesuffix("__")
        stripped = line.strip()
        if not stripped or len(stripped) > 40 or _SUB.match(stripped):
            continue
        m = _NUMBERED.match(stripped)
        if not m and "\t" in line:
            continue  # an unnumbered line among tab-separated cells is a table cell, not a heading
        lead = len(line) - len(line.lstrip())
        key = _heading_key(compact(m.group(3) if m else stripped), numbered=bool(m))
        end = start + lead + len(stripped)
        numbered = bool(m or _ORDINAL_ALONE.match(stripped))
        if key is None and (numbered or _name_start(compact(stripped))) and not re.search(r"\d", stripped):
            # a heading broken over lines: 四、政府信息公开行政复议、\n行政诉讼情况, or one text item a line
            # as PDF-to-XML/HTML converters write a PDF's words (四\n、政府信息公开行政复议、行政诉\n讼\n情况,
            # 存在\n的主要问题及\n改\n进情况)
            joined = stripped
            for k in range(i + 1, min(i + 1 + _HEADING_PIECES, len(lines))):
                nxt = lines[k][1].strip()
                if not 0 < len(nxt) <= 20 or re.search(r"\d", nxt) or _NUMBERED.match(nxt) or len(joined) > 40:
                    break
                joined += nxt
                mj = _NUMBERED.match(joined) if numbered else None
                words = compact(mj.group(3) if mj else joined)
                if not numbered and not _name_start(words):
                    break
                if key is not None and not any(compact(a).startswith(words) for a in _aliases(key)):
                    break  # past the heading's name
                if (mj or not numbered) and (key := key or _heading_key(words, numbered=numbered)):
                    m, end = mj, lines[k][0] + len(lines[k][1].rstrip())
        if key is not None:
            candidates.append((start + lead, end, key, bool(m)))
    candidates.extend(_inline_headings(text, {c[2] for c in candidates}))
    found: list[tuple[str, int, int]] = []
    after = -1
    for key, *_ in SECTIONS:
        mine = [c for c in candidates if c[2] == key and c[0] > after]
        if not mine:
            continue
        numbered = [c for c in mine if c[3]]
        # a numbered heading wins unless a later section's heading comes before it
        choice = numbered[0] if numbered else mine[0]
        later_keys = {k for k, *_ in SECTIONS[[s[0] for s in SECTIONS].index(key) + 1 :]}
        first_later = min((c[0] for c in candidates if c[2] in later_keys and c[0] > after), default=None)
        if numbered and first_later is not None and numbered[0][0] > first_later and mine[0][0] < first_later:
            choice = mine[0]
        found.append((key, choice[0], choice[1]))
        after = choice[0]
    return found


def _inline_headings(text: str, keys: set[str]) -> list[tuple[int, int, str, bool]]:
    """Numbered headings run into the text around them, for sections no line opens: a converter
    that joins an HTML page's text nodes with nothing between (lxml ``text_content()``) leaves the
    whole report on one line (``…规章200。三、收到和处理政府信息公开申请情况（本列…``; mammoth's
    HTML as text the same, strings a space apart; pdfminer with no layout analysis a page a line). Only
    the ordinal with an official name counts, or the full official name straight after digits;
    the heading ends where the name does."""
    out = []
    for key, ordinal, _, aliases in SECTIONS:
        if key in keys:
            continue
        # its own ordinal first, then any (reports mis-number their sections); after anything: a page
        # written as one line (pdfminer with no layout analysis: after a form feed; mammoth's HTML as
        # text: after a space)
        for number, alias in itertools.product((ordinal, "[一二三四五六七八九十]"), sorted(aliases, key=len, reverse=True)):
            m = re.search(f"{number}[、.．] ?{_spaced(alias)}", text)
            if m:
                out.append((m.start(), m.end(), key, True))
                break
        else:  # the official name alone, after a table's last digits (the ordinal left out) or a space
            m = re.search(f"(?<=[\\d ]){_spaced(aliases[0])}", text)
            if m:
                out.append((m.start(), m.end(), key, False))
    return out


def _spaced(name: str) -> str:
    """A pattern for ``name`` with a space allowed between its characters: pdf.js joins a page's text
    items with one, and a PDF writer starts a new item wherever the font changes (a character from a
    fallback font: ``四、政府信息公开行政复 议 、行政诉讼情况``)."""
    return " ?".join(re.escape(ch) for ch in name)


def _aliases(key: str) -> tuple[str, ...]:
    return next(aliases for k, _, _, aliases in SECTIONS if k == key)


@functools.cache
def _section_names() -> tuple[str, ...]:
    """Every section name and alias, compact (``_name_start`` runs on every short line)."""
    return tuple(compact(a) for _, _, _, aliases in SECTIONS for a in aliases)


def _name_start(words: str) -> bool:
    """``words`` (compact) begin a section's official name: a bare heading's first pieces."""
    return len(words) >= 2 and any(name.startswith(words) for name in _section_names())


def _heading_key(body: str, *, numbered: bool) -> str | None:
    """Numbered: the words may follow a prefix (因政府信息公开申请提起行政复议、行政诉讼情况);
    bare: the line is the heading's words and little else."""
    for key, _, _, aliases in SECTIONS:
        names = [compact(a) for a in aliases]
        if (numbered and any(a in body for a in names)) or (
            any(body.startswith(a) for a in names) and len(body) <= len(names[0]) + 2
        ):
            return key
    return None


class RuleTagger:
    """Marks headings, captions, headers, row labels and cells in ``doc.spans['rule']``."""

    layer = "rule"

    def __call__(self, doc: ReportDocument) -> ReportDocument:
        spans = doc.spans.setdefault(self.layer, [])
        text = doc.text
        headings = find_section_headings(text)
        title = _title_span(text, headings[0][1] if headings else min(len(text), 300))
        if title:
            spans.append(title)
        for key, s, e in headings:
            spans.append(Span(start=s, end=e, label="SECTION_HEADING", attrs={"key": key}))
        regions = _regions(text, headings)
        starts = {key: s for key, s, _ in reversed(regions)}  # each table's first stretch
        for key, (a, b) in _bounds(headings, len(text)).items():
            if key in starts and not a <= starts[key] < b:
                # read outside its own section (set apart, _set_apart): said, so the place can be checked
                doc.warnings.append(f"{TABLE_NUMBERS[key]} ({key}) stands outside its section; read from line "
                                    f"{text.count(chr(10), 0, starts[key]) + 1}, where its header is")
        if sum(k == "applications" for k, _, _ in regions) > 1:
            doc.warnings.append("表三's last rows stand after 表四's heading (a converter that writes text boxes in "
                                "its own order); read as 表三's")
        year = _year(text[title.start : title.end] if title else text[:300])
        version = detect_version("".join(text[s:e] for _, s, e in regions), year=year)
        seen: set[str] = set()
        for table_key, s, e in regions:
            spans.extend(_tag_table(text, s, e, table_key, version, continued=table_key in seen))
            seen.add(table_key)
        if regions:
            last_key, _, last_end = regions[-1]
            for s, e in _spill(text, last_end):
                spans.extend(Span(start=sp.start, end=sp.end, label="CELL", attrs={**sp.attrs, "spill": True})
                             for sp in _tag_table(text, s, e, last_key, version) if sp.label == "CELL")
        _tag_subheadings(text, spans, headings)
        spans.sort(key=lambda sp: (sp.start, sp.end))
        return doc


# a line a table box may hold: a number, or a few words of a header cell (结果 / 维持 / 社会公益组织)
_BOX_LINE = re.compile(r"^\s*(?:\d[\d,.]*|[^\d\s，。；：,;:、()（）]{1,6})?\s*$")


def _spill(text: str, start: int) -> list[tuple[int, int]]:
    """The last table's text boxes written past its section: pdfminer orders a word processor's table as
    boxes in its own tree order and may put some after the next headings and between the paragraphs of
    the sections that follow. Each stretch of lines after ``start`` that are blank, a number alone or a
    few words of a header cell, and that holds two numbers alone on their lines or more (one may be a
    sentence's number its line wrapped before): (start, end). The table
    readers leave these numbers alone; only the reading of pdfminer's boxes (``tables._by_pieces``) may
    take them, and only when the sums confirm it."""
    out: list[tuple[int, int]] = []
    block: tuple[int, int] | None = None
    numbers = 0
    pos = start
    for line in text[start:].split("\n"):
        end = pos + len(line)
        if _BOX_LINE.match(line):
            block = (block[0] if block else pos, end)
            numbers += bool(LONE_NUMBER.match(line))
        else:
            if block and numbers >= 2:
                out.append(block)
            block, numbers = None, 0
        pos = end + 1
    if block and numbers >= 2:
        out.append(block)
    return out


def _bounds(headings: list[tuple[str, int, int]], end: int) -> dict[str, tuple[int, int]]:
    """Each section's body: from the end of its heading line to the next heading."""
    return {key: (e, nxt) for (key, _, e), nxt in zip(headings, [h[1] for h in headings[1:]] + [end])}


def _regions(text: str, headings: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """(table key, start, end) of each table region in text order; a table may have a second stretch
    (``_carried_over``). A table region starts after its section's heading line."""
    regions = _table_regions(text, _bounds(headings, len(text)))
    carried = _carried_over(text, regions) + _carried_back(text, regions)
    return sorted([(k, s, e) for k, (s, e) in regions.items()] + carried, key=lambda r: r[1])


# a line that names a 表三 row by all its words and is no 表四 label (at least four characters: not 总计, 其他)
_MIN_CARRIED_LABEL = 4


# a number alone on its line, maybe with its money unit (表二's 本年收费金额 box: ``0万元``)
_LONE_AMOUNT = re.compile(r"^[ \t]*\d[\d,.]*[ \t]*(?:万元|元)?[ \t]*$")
_MAX_CARRIED_BACK = 2  # 表二's last boxes a converter may put after 表三's heading
_PROACTIVE_CELLS = {len(official_cells("proactive", {}, v)) for v in VERSIONS}


def _carried_back(text: str, regions: dict[str, tuple[int, int]]) -> list[tuple[str, int, int]]:
    """表二's last boxes written after 表三's section heading (pdfminer's box order: ``三、收到和处理…`` /
    ``558.53`` / ``一、本年新收…``): 表三's section opening with one or two numbers alone on their lines,
    before any word of its own, no page break among them, and making up 表二's cells with its own numbers
    (ten or twenty-two: a page number alone under the heading does not). 表三 opens with its header or its
    first row's label, never a number, and a layout that writes each row's numbers above its label puts a
    whole row's there. That stretch is returned as 表二's (key, start, end) and 表三's region starts after
    it (changed in ``regions``)."""
    if "proactive" not in regions or "applications" not in regions:
        return []
    (ps, pe), (s, e) = regions["proactive"], regions["applications"]
    if ps >= s:
        return []
    pos, numbers, stop = s, 0, None
    for line in text[s:e].split("\n"):
        if line.strip() and not _LONE_AMOUNT.match(line):
            stop = pos
            break
        numbers += bool(line.strip())
        pos += len(line) + 1
    if stop is None or not 0 < numbers <= _MAX_CARRIED_BACK or "\f" in text[s:stop]:
        return []
    own = sum(t.is_value for t in _table_tokens(text, ps, pe, "proactive"))
    if own + numbers not in _PROACTIVE_CELLS:
        return []
    regions["applications"] = (stop, e)
    return [("proactive", s, stop)]


def _carried_over(text: str, regions: dict[str, tuple[int, int]]) -> list[tuple[str, int, int]]:
    """表三's last row labels and numbers written after 表四's section heading: pdfminer orders a page's
    text boxes in its own tree order and may put the next section's heading box before the last rows
    of the table above it (``四、…行政诉讼情况`` / ``四、结转下年度继续办理`` / ``（七）总计`` / numbers /
    ``行政复议`` ``结果`` ``维持``…). Where 表四's section opens with lines that each name a 表三 row by all
    their words before 表四's own header line, that stretch is 表三's: returned as (key, start, end), and
    表四's region starts at its header line (changed in ``regions``)."""
    if "applications" not in regions or "review_litigation" not in regions:
        return []
    s, e = regions["review_litigation"]
    if regions["applications"][0] >= s:
        return []
    anchor = _ANCHORS["review_litigation"][0].search(text, s, e)
    if anchor is None:
        return []
    header = text.rfind("\n", 0, _review_header(text, anchor.start(), s)) + 1
    if header <= s:
        return []
    table = MATCH_TABLES["applications"]
    named = 0
    for line in text[s:header].split("\n"):
        word = compact(line)
        if not word or LONE_NUMBER.match(line):
            continue
        match = match_row_label(word, table, "any")
        if (match is None or match[2] != len(word) or len(word) < _MIN_CARRIED_LABEL
                or (match[1] and not ORDINAL_PREFIX.fullmatch(word[: match[1]]))):
            return []  # a word of 表四's, or prose: not 表三's rows
        named += 1
    if not named:
        return []
    regions["review_litigation"] = (header, e)
    return [("applications", s, header)]


def table_tokens(text: str) -> list[Token]:
    """The cell-sized tokens of every table region, cut as the rules cut them (the tokens their
    CELL and label spans are made of): what another layer's spans are snapped to
    (``layout.snap_spans``)."""
    regions = _regions(text, find_section_headings(text))
    return [tok for key, s, e in regions for tok in _table_tokens(text, s, e, key)]


def _year(text: str) -> int | None:
    m = re.search(r"(20[0-3]\d)\s*年", text)
    return int(m.group(1)) if m else None


_REPORT_NAME = re.compile(r"(?:年度|工作|情况|的)报告|年报")
_NOT_TITLE = re.compile(r"[。，；：:!?！？]|如下|^\W*$")


def _title_span(text: str, limit: int) -> Span | None:
    """The title: the short line naming the report (…年度报告) and up to two short lines above it.

    Titles are broken over lines ("2020年环翠区信访局\n\n政府信息公开工作年度报告"); metadata
    lines (索引号：…) and sentences (…报告如下：) are not part of them.
    """
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text[:limit].split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    for i, (start, line) in enumerate(lines):
        body = line.strip()
        if not body or len(body) > 40 or not _REPORT_NAME.search(body) or _NOT_TITLE.search(body):
            continue
        first, gap = i, 0
        for j in range(i - 1, max(-1, i - 5), -1):
            above = lines[j][1].strip()
            if not above:
                gap += 1
                if gap > 1:
                    break
                continue
            if len(above) > 30 or _NOT_TITLE.search(above) or i - first >= 2:
                break
            first, gap = j, 0
        s = lines[first][0] + len(lines[first][1]) - len(lines[first][1].lstrip())
        return Span(start=s, end=start + len(line.rstrip()), label="TITLE")
    return None


def _anchor(words: str) -> re.Pattern[str]:
    """``words`` with any white space between characters (a header cell wrapped: 结果\n维持)."""
    return re.compile(r"\s*".join(re.escape(ch) for ch in words))


_ANCHORS = {
    "proactive": [_anchor("第二十条第（一）项"), _anchor("第二十条第(一)项"), _anchor("第二十条")],
    "applications": [_anchor("本列数据的勾稽关系"), _anchor("申请人情况"), _anchor("本年新收政府信息公开申请数量"),
                     _anchor("本年新收")],
    # 结果维持, else a lawsuit group's name (tabula stacks a header's words column by column: no 结果维持)
    "review_litigation": [_anchor("结果维持"), _anchor("未经复议直接起诉"), _anchor("复议后起诉")],
}


def _table_regions(text: str, bounds: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Where each table lives: its section, or (section missing, or its table set apart from it)
    the span around its anchors."""
    regions: dict[str, tuple[int, int]] = {}
    for key in _TABLE_OF_SECTION:
        lo = 0  # where the table's group header line may start
        if key in bounds:
            moved = _set_apart(text, key, bounds)
            if moved is None:
                regions[key] = bounds[key]
                continue
            i = moved
            # set apart: its group header line is past every table section, and not prose
            lo = max(b for k, (_, b) in bounds.items() if k in _TABLE_OF_SECTION)
        else:
            # the most specific anchor first: prose cites 《条例》第二十条 and 本年新收…申请 too
            i = next((m.start() for a in _ANCHORS[key] if (m := a.search(text))), -1)
        if key == "review_litigation" and i != -1:
            i = _review_header(text, i, lo, prose_apart=bool(lo))
        if i != -1:
            nxt = [s for s, _ in bounds.values() if s > i]
            # from its line's start (a header cell before the anchor), unless numbers stand before it
            # there: a page written as one line (pdf.js items joined) holds the table before it too
            line_start = text.rfind("\n", 0, i) + 1
            start = line_start if not any(ch.isdigit() for ch in text[line_start:i]) else i
            regions[key] = (start, min(nxt) if nxt else len(text))
    # tables of adjacent missing sections must not swallow each other
    ordered = sorted(regions.items(), key=lambda kv: kv[1][0])
    for (k, (s, e)), (_, (s2, _)) in itertools.pairwise(ordered):
        if e > s2:
            regions[k] = (s, s2)
    return regions


_REVIEW_HEADER_REACH = 400  # how far before 表四's anchor its group header line may stand


def _review_header(text: str, anchor: int, lo: int, *, prose_apart: bool = False) -> int:
    """Where 表四 starts, given its anchor (结果维持, or a lawsuit group's name) at ``anchor``: at its group
    header (行政复议 / 行政诉讼 over 结果维持) when one stands near before it, not before ``lo``; a converter
    that lost the heading may have lost that line too: then at the anchor. ``prose_apart``: a group word
    on a line of prose does not count (a table set apart, sought outside its section)."""
    near = [j for w in ("行政复议", "行政诉讼", "未经复议")
            if (j := text.find(w, max(lo, anchor - _REVIEW_HEADER_REACH), anchor)) != -1
            and not (prose_apart and _PROSE.search(line_at(text, j)))]
    return min(near, default=anchor)


# the anchors only a table's own header or first row holds (prose cites 第二十条 and 本年新收 too)
_OWN_ANCHORS = {key: anchors[:-1] if key != "review_litigation" else anchors for key, anchors in _ANCHORS.items()}


_PROSE = re.compile(r"[，。；,;]")


def _set_apart(text: str, key: str, bounds: dict[str, tuple[int, int]]) -> int | None:
    """Where a table stands when its section is bare (no digit, none of the table's own anchors)
    and an own anchor stands on a line of no prose outside every table section: the tables set
    apart from their sections (python-docx's paragraphs-then-tables idiom, an appendix of tables).
    None when the section may hold its table (a converter can break its anchors: pdfminer writes
    结\n果\n维持) or no such line exists: prose states a table's figures too (其中结果维持72件),
    in an order its sums can hold in."""
    s, e = bounds[key]
    own = _OWN_ANCHORS[key]
    if any(ch.isdigit() for ch in text[s:e]) or any(a.search(text, s, e) for a in own):
        return None
    table_sections = [bounds[k] for k in _TABLE_OF_SECTION if k in bounds]
    for a in own:
        for m in a.finditer(text):
            if not any(a0 <= m.start() < b0 for a0, b0 in table_sections) and not _PROSE.search(line_at(text, m.start())):
                return m.start()
    return None


def _table_tokens(text: str, start: int, end: int, table_key: str) -> list[Token]:
    table = MATCH_TABLES[table_key]

    def whole_label(label: str) -> bool:
        match = match_row_label(label, table, "any")
        return match is not None and match[2] == len(compact(label))

    wrapped = whole_label if table_key != "review_litigation" else None  # 表四's labels are group names
    header_words = {compact(w) for w in HEADER_WORDS[table_key]}
    return split_header_lines(tokenize_region(text, start, end, whole_label=wrapped), header_words)


def _tag_table(text: str, start: int, end: int, table_key: str, version: str, *, continued: bool = False) -> list[Span]:
    """The spans of one table region; ``continued``: a second stretch of a table (``_regions``), whose
    first numbers are cells, not header-area blanks."""
    table = MATCH_TABLES[table_key]
    header_words = {compact(w) for w in HEADER_WORDS[table_key]}
    tokens = _table_tokens(text, start, end, table_key)
    spans: list[Span] = []
    buffer: list[Token] = []
    in_rows = continued  # cells before the first row label are header-area blanks

    def flush() -> None:
        nonlocal in_rows
        if not buffer:
            return
        label_toks = buffer
        joined = "".join(compact(t.text) for t in buffer)
        match = match_row_label(joined, table, "any") if table_key != "review_litigation" else None
        if table_key != "review_litigation" and len(column := _same_column(text, buffer)) < len(buffer):
            # space-aligned layout text: a stacked group label (（六） / 其他处理) can stand between
            # the lines of a wrapped row label, in a column to its left; the label's own column is
            # read when it names a row by more of its words than the lines read across do
            own = match_row_label("".join(compact(t.text) for t in column), table, "any")
            if own is not None and (match is None or own[2] - own[1] > match[2] - match[1]):
                label_toks, match = column, own
        label_from = len(label_toks)
        if match is None and table_key != "review_litigation" and compact(buffer[-1].text) not in header_words:
            near = fuzzy_row_label(buffer[-1].text, table)
            if near is not None:  # a label with a typo: it names the row, the whole last token is the label
                match = (near, len(joined) - len(compact(buffer[-1].text)), len(joined))
        if table_key == "applications" and (match is None or match[0].group is None):
            match = _row_beside_group(text, label_toks, table) or match
        if match:
            row, mstart, _ = match
            acc = 0
            for i, tok in enumerate(label_toks):
                acc += len(compact(tok.text))
                if acc > mstart:
                    label_from = i
                    break
            # one span per stretch of the label: a label wrapped around its numbers (layout text)
            # has pieces on both sides of them, and a span never covers a cell
            pieces = [[label_toks[label_from]]]
            for tok in label_toks[label_from + 1 :]:
                if re.search(r"[^\s|]", text[pieces[-1][-1].end : tok.start]) or tok.start < pieces[-1][-1].end:
                    pieces.append([tok])
                else:
                    pieces[-1].append(tok)
            spans.extend(Span(start=p[0].start, end=p[-1].end, label="ROW_LABEL", attrs={"row": row.key, "table": table_key})
                         for p in pieces)
            in_rows = True
        in_label = {id(t) for t in label_toks[label_from:]} if match else set()
        for tok in buffer:
            if id(tok) not in in_label:
                spans.append(_label_span(tok, table_key, header_words))
        buffer.clear()

    leading: list[Span] = []  # values before the first row label
    for i, tok in enumerate(tokens):
        if tok.kind == "na" and buffer and table_key != "review_litigation" and _word_of_label(buffer, tokens, i, table):
            buffer.append(tok)  # 无 of 4.无正当理由… on a line of its own (a label wrapped a character a line)
            continue
        if tok.is_value:
            flush()
            cell = Span(start=tok.start, end=tok.end, label="CELL", attrs={"kind": tok.kind, "table": table_key})
            if continued:
                cell.attrs["carried"] = True  # a stretch given back to its table by the count (_regions)
            (spans if in_rows or table_key == "review_litigation" else leading).append(cell)
        else:
            buffer.append(tok)
    flush()
    if leading and numbers_lead(text, sorted([*spans, *leading], key=lambda sp: sp.start)):
        # each row's numbers stand on the line above its label (words grouped by their top edge): the
        # first row's are these, not header-area blanks
        spans = sorted([*spans, *leading], key=lambda sp: sp.start)
    return spans


def _word_of_label(buffer: list[Token], tokens: list[Token], i: int, table: TableDef) -> bool:
    """A placeholder word (无, 暂无, 空) between two pieces of one row label: the label before and after
    it, read together with it, name a row (or a group: （四）无法提供) whose match runs across it. A
    placeholder after a whole label (``2.重复申请`` / ``无``) is a cell: the label's match ends before it."""
    word = compact(tokens[i].text)
    if not re.fullmatch(r"[\u4e00-\u9fff]+", word):
        return False
    after = list(itertools.takewhile(lambda t: t.kind == "text", tokens[i + 1 :]))
    if not after:
        return False
    before = "".join(compact(t.text) for t in buffer)
    joined = before + word + "".join(compact(t.text) for t in after)
    match = match_row_label(joined, table, "any")
    if match is not None and match[1] <= len(before) and match[2] > len(before) + len(word):
        return True
    # or a group label's (（四）无法提供 over its rows)
    return any((at := joined.find(group)) != -1 and at <= len(before) and at + len(group) > len(before) + len(word)
               for group in _GROUP_LABELS)


# in a fixed order (a set's order of strings changes from run to run)
_GROUP_LABELS = tuple(sorted({compact(r.group) for v in VERSIONS for r in TABLES[v]["applications"].rows if r.group}))


def _row_beside_group(text: str, tokens: list[Token], table: TableDef) -> tuple[RowDef, int, int] | None:
    """A stacked group label beside its first row's label, that label cut by its wrap (words grouped
    into lines by their top edge: ``（六）其他处理 1.申请人无正当理由逾期不补``, ``（三）不予公开
    1.属于国家``): the words after the group's name start with an ordinal and name one of its rows,
    which the numbers on the line are. One line only: a run of several rows' labels (a reader that
    writes labels ahead of their numbers) is not one row. The match (row, start, end) or None."""
    if not tokens or "\n" in tokens[-1].text:
        return None
    line_start = text.rfind("\n", 0, tokens[-1].start) + 1
    first = next(i for i, t in enumerate(tokens) if t.start >= line_start)  # the last token's line
    before = sum(len(compact(t.text)) for t in tokens[:first])
    words = "".join(compact(t.text) for t in tokens[first:])
    for group in _GROUP_LABELS:
        at = words.find(group)
        rest = words[at + len(group):] if at != -1 else ""
        near = fuzzy_row_label(rest, table) if ORDINAL_PREFIX.match(rest) else None
        if near is not None and near.group is not None and compact(near.group) == group:
            return near, before + at + len(group), before + len(words)
    return None


def _same_column(text: str, tokens: list[Token]) -> list[Token]:
    """The tokens standing in the last token's column (their x ranges on their lines overlap), in
    order; all of them unless each lies on a line of its own (space-aligned layout text)."""

    def x_range(tok: Token) -> tuple[int, int]:
        x = tok.start - (text.rfind("\n", 0, tok.start) + 1)
        return x, x + (tok.end - tok.start)

    if any("\n" in t.text for t in tokens):
        return tokens
    x0, x1 = x_range(tokens[-1])
    return [t for t in tokens if (r := x_range(t))[0] < x1 and x0 < r[1]]


def _label_span(tok: Token, table_key: str, header_words: set[str]) -> Span:
    word = compact(tok.text)
    if _CAPTION.search(word):
        return Span(start=tok.start, end=tok.end, label="TABLE_CAPTION", attrs={"table": table_key})
    attrs: dict[str, str] = {"table": table_key}
    if table_key == "review_litigation":
        for name, group in _REVIEW_GROUPS:
            if name in word:
                attrs["group"] = group
                break
    if (word in header_words or attrs.get("group") or any(w in word for w in header_words if len(w) >= 4)
            or header_start(word, header_words)):
        return Span(start=tok.start, end=tok.end, label="COL_HEADER", attrs=attrs)
    return Span(start=tok.start, end=tok.end, label="ROW_LABEL", attrs={"table": table_key})


def _tag_subheadings(text: str, spans: list[Span], headings: list[tuple[str, int, int]]) -> None:
    taken = [(s.start, s.end) for s in spans]
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        stripped = line.strip()
        numbered = re.match(r"^[（(][一二三四五六七八九十]{1,2}[）)]", stripped)
        # an item heading that lost its ordinal: 政府平台建设情况 (002), short, no punctuation, ends in 情况
        bare = len(stripped) <= 15 and stripped.endswith("情况") and not re.search(r"[，。；：、,.;:!?！？\d\s]", stripped)
        if not stripped or "\t" in line or not (numbered or bare) or len(stripped) > 30:
            continue
        lead = len(line) - len(line.lstrip())
        s, e = s + lead, s + lead + len(stripped)
        if any(a < e and s < b for a, b in taken):
            continue
        spans.append(Span(start=s, end=e, label="SUBHEADING"))
