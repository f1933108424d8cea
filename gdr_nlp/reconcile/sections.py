"""Sections and report metadata (title, agency, year) from the heading spans."""

from __future__ import annotations

import re

from gdr_nlp.document import ReportDocument, Span
from gdr_nlp.reconcile.schema import SECTION_KEYS, SECTIONS

_SECTION_NAMES = {key: f"{num}、{title}" for key, num, title, _ in SECTIONS}
_TITLE_NOISE = re.compile(
    r"(?:关于)?(?:20[0-3]\d|[二〇零一]{4})\s*年(?:度)?|政府信息公开(?:工作)?(?:年度)?(?:报告|年报)|工作年度报告|年度报告|的$|\s+"
)


def _layer_spans(doc: ReportDocument, layers: tuple[str, ...], label: str) -> list[Span]:
    for layer in layers:
        spans = [s for s in doc.spans.get(layer, []) if s.label == label]
        if spans:
            return spans
    return []


def reconcile_sections(doc: ReportDocument, *, layers: tuple[str, ...] = ("rule", "model")) -> None:
    """Fill ``doc.sections`` and ``doc.report`` title/agency/year; warn about what is missing."""
    headings = sorted(_layer_spans(doc, layers, "SECTION_HEADING"), key=lambda s: s.start)
    keyed = [(h.attrs.get("key") or _key_from_text(doc.text[h.start : h.end]), h) for h in headings]
    keyed = [(k, h) for k, h in keyed if k]
    sections = []
    for i, (key, h) in enumerate(keyed):
        end = keyed[i + 1][1].start if i + 1 < len(keyed) else len(doc.text)
        sections.append({"key": key, "heading": doc.text[h.start : h.end].strip(), "start": h.start, "end": end})
    doc.sections = sections
    for key in SECTION_KEYS:
        if key not in {s["key"] for s in sections}:
            doc.warnings.append(f"section missing: {_SECTION_NAMES[key]}")
    titles = _layer_spans(doc, layers, "TITLE")
    title = doc.text[titles[0].start : titles[0].end] if titles else ""
    title_line = " ".join(part.strip() for part in title.split("\n") if part.strip())
    doc.report["title"] = title_line or None
    year = re.search(r"(20[0-3]\d)\s*年", title_line) or re.search(r"(20[0-3]\d)\s*年", doc.text[:2000])
    doc.report["year"] = int(year.group(1)) if year else None
    agency = _TITLE_NOISE.sub("", re.sub(r"\s+", "", title_line)) if title_line else ""
    doc.report["agency"] = agency or None
    if not title_line:
        doc.warnings.append("report title not found: agency and year unknown")
    elif not agency:
        doc.warnings.append("agency not named in the title")


def _key_from_text(text: str) -> str | None:
    squeezed = re.sub(r"\s+", "", text)
    for key, _, _, aliases in SECTIONS:
        if any(a in squeezed for a in aliases):
            return key
    return None
