"""Sections and report metadata (title, agency, year) from the heading spans.

Sections come from SECTION_HEADING spans (their ``key`` attribute, else their
words); the tagger has already chosen between mis-numbered, bare and duplicated
headings. Title, agency and year come from the TITLE span; what cannot be told
is null, with a warning.
"""

from __future__ import annotations

import re

from gdr_nlp.document import ReportDocument, Span
from gdr_nlp.reconcile.schema import SECTION_KEYS, SECTIONS, compact

_SECTION_NAMES = {key: f"{num}、{title}" for key, num, title, _ in SECTIONS}
# Where the agency's name ends in a title: the report's own name (or 关于 before it).
# what converters leave around a title line: markdown heading and emphasis marks (markitdown,
# pymupdf4llm: "# 某局2021年…"), a page number that pdftotext -raw runs into it ("-1-某局…"), #10
_MARKUP = re.compile(r"[#*]+|^[-—]\d{1,3}[-—]")
_TITLE_TAIL = re.compile(r"关于|(?:本级)?政府信息公开|(?:工作)?年度报告|工作报告|年报")
_YEAR_WORD = re.compile(r"(?:20[0-3]\d|[二][〇零][一二三][〇零一二三四五六七八九])年度?")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}
_YEAR = re.compile(r"(20[0-3]\d|[二][〇零][一二三][〇零一二三四五六七八九])\s*年")
# An agency name in a signature line: ends with the kind of body that issues these reports.
_AGENCY_SUFFIX = re.compile(
    r"(?:人民政府|政府|委员会|管理委员会|局|办公室|办事处|委|办|厅|院|中心|署|所|站|队|镇|乡|街道)(?:机关)?$"
)
_OPENING_AGENCY = re.compile(
    r"(?:现将|现公布|现发布|特发布|现予公布|现予发布)([^，。、；：:“”《》\d]{2,30}?)"
    r"(?:20[0-3]\d|[二][〇零][一二三][〇零一二三四五六七八九])年度?政府信息公开"
)
_DATE_LINE = re.compile(r"^\s*(?:20[0-3]\d|[二][〇零][一二三][〇零一二三四五六七八九])\s*年.{1,6}日\s*$")


def _layer_spans(doc: ReportDocument, layers: tuple[str, ...], label: str) -> list[Span]:
    for layer in layers:
        spans = [s for s in doc.spans.get(layer, []) if s.label == label]
        if spans:
            return spans
    return []


def reconcile_sections(doc: ReportDocument, *, layers: tuple[str, ...] = ("rule", "model")) -> None:
    """Fill ``doc.sections`` and ``doc.report`` title/agency/year; warn about what is missing.

    Args:
        doc: a tagged document (SECTION_HEADING and TITLE spans in one of ``layers``).
        layers: span layers to read, first non-empty one wins.
    """
    doc.sections = _sections(doc, layers)
    present = {s["key"] for s in doc.sections}
    for key in SECTION_KEYS:
        if key not in present:
            doc.warnings.append(f"section missing: {_SECTION_NAMES[key]}")
    _report_metadata(doc, layers)


def _sections(doc: ReportDocument, layers: tuple[str, ...]) -> list[dict[str, object]]:
    headings = sorted(_layer_spans(doc, layers, "SECTION_HEADING"), key=lambda s: s.start)
    keyed: list[tuple[str, Span]] = []
    for h in headings:
        key = h.attrs.get("key") or section_key(doc.text[h.start : h.end])
        if key in SECTION_KEYS and key not in {k for k, _ in keyed}:  # a second heading of a key is a sub-heading
            keyed.append((key, h))
    sections = []
    for i, (key, h) in enumerate(keyed):
        nxt = keyed[i + 1][1].start if i + 1 < len(keyed) else len(doc.text)
        end = len(doc.text[:nxt].rstrip())  # GUIDELINES: the next heading's start minus trailing whitespace
        heading = " ".join(part.strip() for part in doc.text[h.start : h.end].split("\n") if part.strip())
        sections.append({"key": key, "heading": heading, "start": h.start, "end": max(end, h.end)})
    return sections


def section_key(text: str) -> str | None:
    """The section a heading's words name (ordinal ignored), or None."""
    squeezed = compact(text)
    for key, _, _, aliases in SECTIONS:
        if any(compact(a) in squeezed for a in aliases):
            return key
    return None


def _report_metadata(doc: ReportDocument, layers: tuple[str, ...]) -> None:
    titles = _layer_spans(doc, layers, "TITLE")
    title = compact(doc.text[titles[0].start : titles[0].end]) if titles else ""
    doc.report["title"] = title or None
    first = min((s["start"] for s in doc.sections), default=min(len(doc.text), 600))
    opening = compact(doc.text[: max(first, 600)])
    year = parse_year(title)
    if year is None:  # the opening sentence usually names it: 现将2020年度政府信息公开工作情况报告如下
        year = parse_year(opening, within=r"现将|现公布|现发布|本|年度报告|工作情况")
    doc.report["year"] = year
    agency = agency_from_title(title)
    m = _OPENING_AGENCY.search(opening)  # 现公布南平市民政局2020年度政府信息公开工作年度报告
    opened = m.group(1) if m and _AGENCY_SUFFIX.search(m.group(1)) else None
    if agency and opened and opened != agency and not _AGENCY_SUFFIX.search(agency) and (
            opened.endswith(agency) or "政府信息公开" not in title):
        # a title wrapped over lines whose TITLE span holds only its last pieces ("事处2022年…",
        # "作年度报告"): its words before the year name no agency, the opening sentence does
        doc.warnings.append(f"the title's words before the year ({agency}) name no agency (a title wrapped over "
                            f"lines?); taken from the opening sentence: {opened}")
        agency = opened
    if not agency and opened:
        agency = opened
        doc.warnings.append(f"agency not in the title; taken from the opening sentence: {agency}")
    if not agency:
        agency = _signature_agency(doc.text) or ""
        if agency:
            doc.warnings.append(f"agency not in the title; taken from the signature: {agency}")
    doc.report["agency"] = agency or None
    if not title:
        doc.warnings.append("report title not found")
    if year is None:
        doc.warnings.append("report year not determinable (no year in the title or the opening)")
    if not agency:
        doc.warnings.append("agency not determinable (not named in the title or the signature)")


def agency_from_title(title: str) -> str:
    """The agency a title names: its words before the report's own name, the year left out.

    "2020年环翠区信访局政府信息公开工作年度报告" → "环翠区信访局"; "" when the title names none.
    """
    words = _YEAR_WORD.sub("", re.sub(r"^关于", "", _MARKUP.sub("", compact(title))))
    tail = _TITLE_TAIL.search(words)
    return (words[: tail.start()] if tail else "").removesuffix("的")


def parse_year(text: str, *, within: str | None = None) -> int | None:
    """The first year (2000–2039, Arabic or 二〇二〇-style) written before 年 in ``text``.

    Args:
        text: where to look.
        within: if given, only a year in a sentence that also matches this pattern counts.
    """
    for m in _YEAR.finditer(text):
        if within is not None:
            end = text.find("。", m.end())
            sentence = text[text.rfind("。", 0, m.start()) + 1 : end if end != -1 else len(text)]
            if not re.search(within, sentence):
                continue
        digits = "".join(_CN_DIGITS.get(c, c) for c in m.group(1))
        return int(digits)
    return None


def _signature_agency(text: str) -> str | None:
    """The issuing body named in the signature: a short line ending like an agency, just before a date."""
    lines = [ln.strip() for ln in text.rstrip().split("\n")[-8:] if ln.strip()]
    for i in range(len(lines) - 1, 0, -1):
        if _DATE_LINE.match(lines[i]):
            name = compact(lines[i - 1])
            if len(name) <= 30 and _AGENCY_SUFFIX.search(name) and not re.search(r"[。，；：:]", name):
                return name
    return None
