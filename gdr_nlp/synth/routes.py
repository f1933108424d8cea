"""Renderers, converter routes and the split of converter families (issue 10).

A *route* is ``renderer>family``: a generated report rendered as a document people publish
(``RENDERERS``), then read back by a converter family (:data:`gdr_nlp.synth.convert.FAMILIES`).
``renderer`` alone is the rendered file itself, read by our own ingest.

Whole converter families are held out (:data:`FAMILY_SPLITS`), so that dev and test figures
are on kinds of mess neither the tagger nor the rules were built on. The families used while
the rules were written (issue 9: markitdown, pymupdf4llm, pdftotext, pdfplumber text, web
paste, span-repeating HTML) are train families by construction.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gdr_nlp.synth import SynthDoc, write_file


@dataclass(frozen=True)
class Renderer:
    """One way a report is published: what it writes and with which tool."""

    name: str
    run: Callable[[SynthDoc, Path], Path]  # (doc, folder) -> written file
    ext: str  # suffix of the written file; converter families are matched on it
    tool: str  # what must be installed, for the E060 message


def _binary(kind: str) -> Callable[[SynthDoc, Path], Path]:
    def run(doc: SynthDoc, work: Path) -> Path:
        return write_file(doc, work / f"{doc.id}.{kind}", layout=kind)

    return run


RENDERERS: dict[str, Renderer] = {
    r.name: r
    for r in (
        Renderer("html", _binary("html"), "html", "nothing extra"),
        Renderer("docx", _binary("docx"), "docx", "python-docx"),
        Renderer("pdf", _binary("pdf"), "pdf", "reportlab"),
    )
}
"""Named renderers (issue 10 grows it: the official DOCX grid, LibreOffice and Chromium PDFs)."""


FAMILY_SPLITS: dict[str, tuple[str, ...]] = {
    "dev": ("pdfminer", "bs4_text", "python_docx"),
    "test": ("pypdf", "pymupdf_text", "mammoth", "browser_innertext", "markdownify"),
    "ocr": ("tesseract",),  # reported on its own: OCR reads far below text converters
}
"""Held-out converter families; every other family in FAMILIES is a train family."""


def split_of(family: str) -> str:
    """``train``, ``dev``, ``test`` or ``ocr`` for a converter family name."""
    for split, names in FAMILY_SPLITS.items():
        if family in names:
            return split
    return "train"


def routes(split: str | None = None, *, installed_only: bool = True) -> list[str]:
    """Every ``renderer>family`` pair whose family reads the renderer's output, in a fixed order.

    Args:
        split: only families of this split (None: all).
        installed_only: leave out families or renderers whose tool is missing here.
    """
    from gdr_nlp.synth.convert import FAMILIES, available

    out = []
    for fam in FAMILIES.values():
        if split is not None and split_of(fam.name) != split:
            continue
        if installed_only and not available(fam.name):
            continue
        for ren in RENDERERS.values():
            if ren.ext in fam.inputs:
                out.append(f"{ren.name}>{fam.name}")
    return out


def run_route(route: str, doc: SynthDoc, work: str | Path) -> Path:
    """Render ``doc`` and convert it along ``route``; returns the file a user would hand to ``gdr extract``.

    Raises:
        ConverterError: a tool of the route is missing (E060) or fails on this file (E061).
        KeyError: no such renderer or family.
    """
    from gdr_nlp.synth.convert import convert

    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    renderer, _, family = route.partition(">")
    src = RENDERERS[renderer].run(doc, work)
    return Path(convert(family, src, work)) if family else src


def route_rng(route: str, doc: SynthDoc) -> random.Random:
    """A per-(route, document) random source, so variations (fonts, page sizes) are reproducible."""
    return random.Random(f"route:{route}:{doc.id}")


__all__ = ["FAMILY_SPLITS", "RENDERERS", "Renderer", "route_rng", "routes", "run_route", "split_of"]
