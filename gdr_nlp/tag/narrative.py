"""Narrative metrics tagger: METRIC and METRIC_SUBJECT spans over the prose.

Every counted fact in the prose outside the three tables becomes a METRIC span
(attrs ``type``, ``value``, ``unit``, ``qualifier``, exactly as annotations/labels.json
allows) and the phrase saying what it counts a METRIC_SUBJECT span right before
the number or right after its unit (no attributes, no overlap), so rule spans can
serve as weak labels and the reconciler pairs subjects the same way for every layer.

spaCy's Chinese pipeline (``spacy.blank("zh")`` with its character segmenter and
a sentencizer, built once per process) gives sentence boundaries; clause and
subject boundaries come from punctuation inside each sentence
(``metric_types.subject_bounds``). Table regions are skipped: the caller's
``exclude`` ranges (table spans of another tagger) and, to stay independent,
lines this module recognises as table rows itself.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from gdr_nlp.document import ReportDocument, Span
from gdr_nlp.reconcile.metric_types import (
    HEADING_LINE,
    NEW_MEDIA,
    WEBSITE,
    LinearTyper,
    MetricContext,
    classify,
    clause_end,
    clause_start,
    section_at,
    section_bounds,
    subject_bounds,
)
from gdr_nlp.reconcile.numerals import Quantity, find_quantities

TABLE_SECTIONS = ("proactive", "applications", "review_litigation")

_BREAKDOWN = re.compile(r"其中|主要类别|主要包括|包括|分别为|分别是|具体为|含")
_TERMINAL = "。！？；：:!?;"
_CLAUSE_END = re.compile(r"[，,；;。：:！？!?]")
_COUNT = re.compile(r"\d\s*万?[余多]?(?:条|件|个|次|篇|份|项|期|场|人次|名|人|%)")
# a stand-alone number between spaces: three or more on a line make it a table row (PDF text)
_BARE_NUMBER = re.compile(r"(?:(?<=\s)|^)[-+]?\d+(?:\.\d+)?(?=\s+[-+]?\d|\s*$)")


@lru_cache(maxsize=1)
def _nlp() -> Any:
    """spaCy's blank Chinese pipeline with a sentencizer (character segmenter: no model to load).

    Built once per process; importing spaCy costs a few seconds once (thinc loads
    torch when installed), each report afterwards a few milliseconds.
    """
    import spacy

    nlp = spacy.blank("zh")
    nlp.add_pipe("sentencizer", config={"punct_chars": ["。", "！", "？", "!", "?", "；", ";"]})
    return nlp


@dataclass
class Found:
    """One metric found in the prose, offsets into ``doc.text``."""

    quantity: Quantity  # offsets already shifted into doc.text
    context: MetricContext
    subject_span: tuple[int, int]
    sentence_span: tuple[int, int]
    type: str = "other"
    rule_type: str = "other"


def _is_prose_line(line: str) -> bool:
    """Whether a line in a table section reads as prose rather than a table row."""
    cjk = sum(1 for ch in line if "\u4e00" <= ch <= "\u9fff")
    return ("。" in line or "；" in line) and cjk >= 6 and "\t" not in line.strip()


def table_ranges(text: str, sections: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Character ranges of table rows: tab-separated cells anywhere, non-prose lines in sections 二–四."""
    ranges: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        key = section_at(sections, pos)
        if (
            line.startswith("\t")
            or line.count("\t") >= 2
            or len(_BARE_NUMBER.findall(line)) >= 3
            or key in TABLE_SECTIONS
            and not _is_prose_line(line)
        ):
            ranges.append((pos, end))
        pos = end + 1
    return ranges


def _paragraphs(text: str, table_lines: set[int]) -> list[tuple[int, int]]:
    """Prose paragraphs: runs of non-table lines, broken after terminal punctuation and before headings.

    PDF text wraps sentences over lines, so a paragraph runs on until a line ends a
    sentence; a heading line (（二）…, 1．…) always starts a new paragraph. A blank line ends a
    paragraph, except after a line that ran to the text's full width without ending a sentence
    (:func:`_full_width`): converters that write a PDF's lines as boxes put one or two blank lines
    after every wrapped line, and page breaks leave them inside a sentence.
    """
    paras: list[tuple[int, int]] = []
    cur: int | None = None
    pos = 0
    lines = text.split("\n")
    starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    full = _full_width([line for line, at in zip(lines, starts) if at not in table_lines])
    last = ""  # the paragraph's last line with text
    for k, line in enumerate(lines):
        end = pos + len(line)
        skip = pos in table_lines or not line.strip()
        if cur is not None and not line.strip() and _display_width(last) >= full and not last.rstrip().endswith(tuple(_TERMINAL)):
            nxt = next((j for j in range(k + 1, min(k + 3, len(lines))) if lines[j].strip()), None)
            if nxt is not None and not HEADING_LINE.match(lines[nxt]) and starts[nxt] not in table_lines:
                pos = end + 1
                continue  # a wrapped line's blank line: the sentence goes on
        if line.strip():
            last = line
        if cur is not None and (skip or HEADING_LINE.match(line)):
            paras.append((cur, pos - 1))
            cur = None
        if not skip:
            if cur is None:
                cur = pos
            if (
                line.rstrip().endswith(tuple(_TERMINAL))
                or HEADING_LINE.match(line)
                and len(line.strip()) < 40
                and "。" not in line
            ):
                paras.append((cur, end))
                cur = None
        pos = end + 1
    if cur is not None:
        paras.append((cur, len(text)))
    return paras


def _display_width(line: str) -> int:
    """Columns a line takes on the page: a CJK character two, anything else one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line.strip())


def _full_width(prose: list[str]) -> int:
    """The display width from which a prose line counts as running to the text's right margin: 85 % of
    the 80th percentile of the prose lines' widths (a PDF's wrapped lines are the widest ones; the caller
    leaves a table's rows out, as a layout converter pads them wider)."""
    widths = [_display_width(line) for line in prose if len(line.strip()) >= 8]
    if len(widths) < 5:
        return 10**9  # too little text to say what a full line is
    widths.sort()
    return max(16, int(0.85 * widths[int(0.8 * (len(widths) - 1))]))


_CHUNK = 20_000  # characters per spaCy call: a report on one line (500 KB) must not become one huge Doc, #11


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    while start < end:
        stop = end
        if end - start > _CHUNK:  # cut after the last sentence end in the chunk (or at the chunk's end)
            cut = max(text.rfind(ch, start, start + _CHUNK) for ch in "。！？；")
            stop = cut + 1 if cut > start else start + _CHUNK
        sdoc = _nlp()(text[start:stop])
        out += [(start + s.start_char, start + s.end_char) for s in sdoc.sents]
        start = stop
    return out


def find_metrics(
    doc_text: str,
    *,
    exclude: list[tuple[int, int]] | None = None,
    sections: list[dict[str, Any]] | None = None,
    use_model: bool = True,
    typer: LinearTyper | None = None,
) -> list[Found]:
    """All metrics of a document's prose, typed, in text order.

    Args:
        doc_text: the normalized document text.
        exclude: character ranges to skip (table spans from another tagger).
        sections: ``doc.sections``-shaped list; found from headings when None/empty.
        use_model: type with the learned classifier (else the keyword rules only).
        typer: the classifier to use instead of the shipped one (cross-validation).
    """
    sections = sections or section_bounds(doc_text)
    tables = table_ranges(doc_text, sections)
    blocked = sorted(tables + list(exclude or []))
    found: list[Found] = []
    # totals a paragraph opening with 其中… or a topic phrase (从公开渠道来看，…) goes on breaking down:
    # those of the last paragraph with numbers, unless a heading came between
    last_totals: list[Found] = []
    open_list = False  # the paragraph before ended inside a list, on ；or ：
    for p_start, p_end in _paragraphs(doc_text, {a for a, _ in tables}):
        follows: str | None = None
        first_line = doc_text[p_start:p_end].split("\n", 1)[0]
        # a numbered line with a count after an open list (其中：⏎1.规范性文件20条；) is the list's next item
        item = open_list and HEADING_LINE.match(first_line) and _COUNT.search(first_line)
        if not item and HEADING_LINE.match(first_line) and len(first_line.strip()) < 40 and "。" not in first_line:
            last_totals = []
        carried, before = last_totals, len(found)
        was_listing = after_semicolon = bool(item)
        run: str | None = None
        for s_start, s_end in _sentences(doc_text, p_start, p_end):
            # a list goes on in the next sentence when that opens with 其中…, or after a ； ending a list
            sent = doc_text[s_start:s_end]
            # (after a ； a sentence with a breakdown of its own starts a new list: 复议N件，其中…；诉讼M件，其中…)
            goes_on = was_listing and after_semicolon and not _BREAKDOWN.search(sent)
            heads = carried if _opens_breakdown(_after_caption(sent), 0) or goes_on else []
            here, carried, was_listing = _sentence_metrics(
                doc_text, s_start, s_end, blocked, sections, (use_model, typer), follows, heads, run
            )
            # categories listed over several sentences (A类信息N份。B信息M份。): the next one goes on
            counts = [f.type for f in here if f.quantity.unit != "%"]
            # (information disclosed on application may sit among them: 依申请公开N条)
            kinds = {"proactive_category_items", "applications_answered"}
            run = "proactive_category_items" if counts and set(counts) <= kinds and (
                run or "proactive_category_items" in counts) else None
            after_semicolon = sent.rstrip().endswith(("；", ";", "：", ":"))
            # a sentence right after a breakdown of published items may go on listing them (发布…3条)
            parts = [f for f in here if f.context.in_breakdown and f.context.breakdown_total_type == "proactive_items"]
            follows = parts[-1].quantity.unit if parts else None
            found += here
        if len(found) > before or was_listing:
            last_totals = carried
        open_list = was_listing and after_semicolon
    return found


# Units of listed items: a total in one of them may be broken down in another (公开信息N条，其中…M篇).
_LIST_UNITS = ("条", "篇", "份", "件", "则")


def _list_head(heads: list[Found], q: Quantity) -> Found | None:
    """The total a list part belongs to: the nearest earlier total in a compatible unit that is
    not smaller than the part (复议5宗、诉讼0宗，其中2宗… belongs to the 5), else the nearest one."""
    fits = [h for h in heads if h.quantity.unit == q.unit or h.quantity.unit in _LIST_UNITS and q.unit in _LIST_UNITS]
    if q.unit == "%" or not fits:
        return None
    big = [h for h in fits if float(h.quantity.value) >= float(q.value)]
    return (big or fits)[-1]


def _sentence_metrics(
    text: str,
    s_start: int,
    s_end: int,
    blocked: list[tuple[int, int]],
    sections: list[dict[str, Any]],
    model: tuple[bool, LinearTyper | None],
    follows: str | None = None,
    heads: list[Found] | None = None,
    run: str | None = None,
) -> tuple[list[Found], list[Found], bool]:
    """The metrics of one sentence, the totals a following sentence may go on breaking down, and
    whether the sentence ends inside a list.

    ``heads``: totals of an open list carried from the sentence before (其中… continues it).
    ``run``: the type a run of categories in the sentences before leaves for this one's first number.
    """
    sent = text[s_start:s_end]
    out: list[Found] = []
    quantities = [q for q in find_quantities(sent) if not any(a <= s_start + q.start < b for a, b in blocked)]
    heads = list(heads or [])
    listing = bool(heads)  # inside a breakdown: after 其中/包括/… in this sentence or a carried one
    prev_end = 0
    for i, q in enumerate(quantities):
        floor = prev_end if clause_start(sent, q.start) < prev_end else 0
        sub_s, sub_e = subject_bounds(sent, q.num_start, q.end, floor)
        head = _list_head(heads, q) if listing else None
        counts_clause = i + 1 == len(quantities) or bool(_CLAUSE_END.search(sent, q.end, quantities[i + 1].start))
        if listing and head is None and q.unit != "%" and counts_clause:
            # the count of a clause no total of the list can hold (新开设专栏6个 among items in 条) ends
            # the list; a count inside a part's subject (21个市公开N条) does not
            listing, heads = False, []
        ctx = MetricContext.around(
            sent, q.num_start, q.end, floor, subject=(sub_s, sub_e), unit=q.unit, value=q.value,
            in_breakdown=head is not None,
            breakdown_total_type=head.type if head is not None else None,
            section=section_at(sections, s_start + q.start),
            after_total_type=out[0].type if out else run,
            # a sentence that opens its own breakdown starts a new list (共N条，其中…)
            follows_breakdown_unit=follows if not out and not _opens_breakdown(sent, q.end) else None,
        )
        mtype, rule = classify(ctx, use_model=model[0], typer=model[1])
        shifted = Quantity(
            **{
                **q.__dict__,
                "start": q.start + s_start,
                "end": q.end + s_start,
                "num_start": q.num_start + s_start,
                "num_end": q.num_end + s_start,
            }
        )
        f = Found(shifted, ctx, (sub_s + s_start, sub_e + s_start), (s_start, s_end), mtype, rule)
        out.append(f)
        if not listing:
            heads.append(f)
        # a total followed by 其中/包括/主要类别 opens a breakdown for the rest of the sentence
        if _opens_breakdown(sent, q.end):
            listing = True
        prev_end = q.end
    _channel_parts(out)
    return out, (heads if listing else [f for f in out if f.quantity.unit != "%"]), listing


_CHANNEL_TYPES = ("website_posts", "new_media_posts")


def _channel_parts(found: list[Found]) -> None:
    """Parts of a website or new-media total listed without naming the channel again keep its type.

    A run of two or more counts right after the total, in list units, whose values add up to it
    exactly (门户网站发布N条，A栏目发布a条，B信息b条…, a + b + … = N) breaks that total down.
    """
    for i, total in enumerate(found):
        if total.type not in _CHANNEL_TYPES or total.quantity.unit not in _LIST_UNITS:
            continue
        acc, j = 0.0, i + 1
        while (
            j < len(found)
            and found[j].quantity.unit in _LIST_UNITS
            and acc < float(total.quantity.value)
            and not (WEBSITE.search(found[j].context.clause_left) or NEW_MEDIA.search(found[j].context.clause_left))
        ):  # (a part naming a channel of its own is a sibling, not a part)
            acc += float(found[j].quantity.value)
            j += 1
        if j - i > 2 and abs(acc - float(total.quantity.value)) < 0.5:
            for part in found[i + 1 : j]:  # the sum outweighs a part's own words (互动回应类信息N条)
                part.type = part.rule_type = total.type


# a sentence that opens on its topic ("处理结果中，", "从公开渠道来看，") goes on breaking down the last one
_TOPIC_OPENER = re.compile(
    r"\s*(?:[^，,。；;\d]{0,12}(?:结果中|结果为|结果是|情况中|来看)|[按从][^，,。；;\d]{1,10}(?:看|分))[，,：:]"
)


_CAPTION = re.compile(r"(?:[图表]\s*\d{1,2}[.．:：]?\s*)?[^\d\n，,。；;：:]{2,24}\n")


def _after_caption(sent: str) -> str:
    """``sent`` without a leading caption line (a chart's title between paragraphs: 各类主体公开数量占比图),
    which a line-wrapped text joins to the sentence after it."""
    m = _CAPTION.match(sent)
    return sent[m.end() :] if m else sent


def _opens_breakdown(sent: str, pos: int) -> bool:
    """Whether a list of parts starts at ``pos``: right there or after the noun the measure word counts
    (召开1次新闻发布会，其中…), or, at a sentence's start, after a topic phrase."""
    # bounded windows: the scan stays linear on huge lines (#11)
    if _TOPIC_OPENER.match(sent[pos : pos + 40].lstrip("，,：: \n") if pos else sent[:40]):
        return True
    end = clause_end(sent, pos, min(len(sent), pos + 13)) if pos else 0
    return bool(_BREAKDOWN.search(sent[pos : pos + 8].lstrip("，,：: \n")[:5])) or bool(
        end - pos <= 12 and _BREAKDOWN.search(sent[end : end + 8].lstrip("，,：: \n")[:3])
    )


def metric_spans(found: list[Found]) -> list[Span]:
    """METRIC and METRIC_SUBJECT spans for ``found``."""
    spans: list[Span] = []
    for f in found:
        q = f.quantity
        attrs: dict[str, Any] = {"type": f.type, "value": q.value, "unit": q.unit, "qualifier": q.qualifier}
        spans.append(Span(start=q.num_start, end=q.end, label="METRIC", attrs=attrs))
        if f.subject_span[1] > f.subject_span[0]:
            spans.append(Span(start=f.subject_span[0], end=f.subject_span[1], label="METRIC_SUBJECT"))
    return spans


def tag_metrics(doc: ReportDocument, *, exclude: list[tuple[int, int]] | None = None) -> list[Span]:
    """METRIC and METRIC_SUBJECT spans over the prose of ``doc`` (tables skipped).

    Args:
        doc: the document; ``doc.sections`` is used when already filled.
        exclude: extra ranges to skip, e.g. the table CELL/ROW_LABEL/COL_HEADER spans.

    Returns:
        Spans in text order, METRIC first then its METRIC_SUBJECT.
    """
    return metric_spans(find_metrics(doc.text, exclude=exclude, sections=doc.sections))
