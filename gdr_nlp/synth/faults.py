"""Fault injection over generated reports: the failure classes of issue 9, gold kept exact.

Each class takes a generated report (:class:`gdr_nlp.synth.SynthDoc`), renders it and runs it
through the tools that make that mess in the wild (``gdr_nlp.synth.convert``), or, where no tool
makes it on demand, a faithful transform of what they produce. The gold is the report's own
(``doc.gold()``), changed only where the class changes what the report says (blank cells).

Classes (``CLASSES``), each with its routes (file → text the user would hand to ``gdr extract``):

* ``clean``: the report as its generated layout family writes it (txt/md/html/docx/pdf).
* ``a_dropped_blanks``: zero cells left blank, as many reports print them; then the HTML or PDF
  table is copied and pasted into a web form, which collapses whitespace, so the blanks vanish.
* ``b_glued_numbers``: the official template's single-value 表二 rows as merged cells, read by a
  grid-expanding HTML reader that repeats a merged cell's text ("13 13 13").
* ``c_markdown``: the PDF through markitdown or pymupdf4llm (labels out of the table, two numbers
  in one cell, a wrapped label split off its row, as those tools do); and pymupdf4llm's markdown
  with rows out of order and a row split over two lines (``disorder``: our PDFs are too regular
  for the tools to do that by themselves, real multi-page tables are not).
* ``d_multiline_cells``: 表二 counts with a note ("22（其中修订16件）") that wraps inside its cell,
  read from the PDF directly and through ``pdftotext -layout``.
* ``e_cjk_radicals``: a font's ToUnicode map pointing ordinary ideographs at Kangxi radicals,
  CJK Radicals Supplement forms or compatibility ideographs (⼈⺠ for 人民, ⻔ for 门), as text
  copied out of such a PDF carries them into a txt file or a web page (no PDF writer here
  sets a ToUnicode map, so the substitution is applied to the text the report is written as).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gdr_nlp.ingest.normalize import GLYPH_SUBSTITUTES
from gdr_nlp.synth import LAYOUTS, SynthDoc, binary, write_file
from gdr_nlp.synth.convert import convert
from gdr_nlp.synth.render import TEXT_LAYOUTS
from gdr_nlp.synth.tables import blank_cell

CLASSES: dict[str, tuple[str, ...]] = {
    "clean": ("as_generated",),
    "a_dropped_blanks": ("html>web_paste", "pdf>web_paste"),
    "b_glued_numbers": ("html>html_spans_repeated",),
    "c_markdown": ("pdf>markitdown", "pdf>pymupdf4llm", "pdf>pymupdf4llm>disorder"),
    "d_multiline_cells": ("pdf", "pdf>pdftotext_layout"),
    "e_cjk_radicals": ("txt", "html"),
}
"""Fault class → routes: ``render>converter[>transform]`` (a converter family of
``convert.FAMILIES``, then optionally a transform of :data:`TRANSFORMS`) or a rendering alone.
Document i of a class takes route ``i % len(routes)``."""


def layouts_for(fault: str) -> tuple[str, ...]:
    """The layout families to generate a class's reports from: ``clean`` takes every family as
    written; the faults render html/pdf themselves or need the raw text of a text family. For
    ``b_glued_numbers`` no family that blanks cells: a space-joined grid cannot keep a blank, which
    would mix class (a) into (b)."""
    if fault == "clean":
        return LAYOUTS
    if fault == "b_glued_numbers":
        return tuple(k for k in TEXT_LAYOUTS if k not in ("total_only", "blanks_zeros_na"))
    return tuple(TEXT_LAYOUTS)


@dataclass
class Injected:
    """One faulty input: the file to process and the gold it must read as."""

    path: Path
    gold: dict[str, Any]  # contract-shaped ``tables``
    fault: str
    route: str


# ---- the transforms ---------------------------------------------------------------------

def drop_zeros_to_blank(doc: SynthDoc, rng: random.Random, *, p: float = 0.8) -> None:
    """Zero cells of 表三/表四 left blank, as many reports print them (gold: ``empty``); a zero
    row total stays printed half the time, so some rows keep only their 总计."""
    for key, g in list(doc.tables.gold.items()):
        if key[0] == "proactive" or g["kind"] != "number" or g["value"] != 0:
            continue
        if rng.random() < (p if key[2] != "total" else p / 2):
            blank_cell(doc.tables, key, "empty")


def add_cell_notes(doc: SynthDoc, rng: random.Random) -> int:
    """表二 counts followed by a parenthetical note, e.g. "22（其中修订16件）" (value stays 22)."""
    notes = ("其中修订{k}件", "含废止{k}件", "其中新增{k}件")
    n = 0
    for key, g in doc.tables.gold.items():
        if key[0] == "proactive" and g["kind"] == "number" and g["value"] >= 2 and key[2] not in ("amount", "change"):
            if rng.random() < 0.6:
                k = rng.randint(1, int(g["value"]) - 1)
                doc.tables.printed[key] = f"{doc.tables.printed[key]}（{rng.choice(notes).format(k=k)}）"
                n += 1
    return n


def _substitute_forms() -> dict[str, list[str]]:
    """Ordinary ideograph → the code points a PDF text layer puts in its place."""
    forms: dict[str, list[str]] = {}
    for code in list(range(0x2F00, 0x2FD6)) + list(range(0xF900, 0xFB00)) + list(range(0x2F800, 0x2FA20)):
        ch = chr(code)
        target = unicodedata.normalize("NFKC", ch)
        if len(target) == 1 and target != ch:
            forms.setdefault(GLYPH_SUBSTITUTES.get(ch, target), []).append(ch)
    for ch, target in GLYPH_SUBSTITUTES.items():
        if ch not in forms.get(target, []):
            forms.setdefault(target, []).append(ch)
    return forms


_FORMS = _substitute_forms()


def substitute_radicals(text: str, rng: random.Random, *, share: float = 0.7) -> str:
    """Replace ordinary ideographs by radical/compatibility code points, as one font's ToUnicode map
    does: a chosen character is replaced everywhere, always by the same code point."""
    present = sorted({ch for ch in text if ch in _FORMS})
    chosen = {ch: rng.choice(_FORMS[ch]) for ch in present if rng.random() < share}
    return "".join(chosen.get(ch, ch) for ch in text)


def disorder_markdown(text: str, rng: random.Random) -> str:
    """Two adjacent data rows of a markdown table swapped, and another data row split over two
    lines at a cell boundary, as PDF→markdown converters do with multi-page tables and wrapped cells."""
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines)
            if line.lstrip().startswith("|") and any(ch.isdigit() for ch in line) and "---" not in line]
    pairs = [i for i in rows if i + 1 in rows]
    if pairs:
        i = rng.choice(pairs)
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    if rows:
        j = rng.choice(rows)
        cells = lines[j].strip().strip("|").split("|")
        if len(cells) > 2:
            k = rng.randint(1, len(cells) - 1)
            lines[j] = "|" + "|".join(cells[:k]) + "|\n|" + "|".join(cells[k:]) + "|"
    return "\n".join(lines)


TRANSFORMS = {"disorder": disorder_markdown}
"""Transforms applied to a converter's output where no tool makes the mess on demand."""


# ---- rendering + converters --------------------------------------------------------------

def _render(doc: SynthDoc, kind: str, work: Path, *, merged_values: bool = False) -> Path:
    path = work / f"{doc.id}.{kind}"
    if kind == "html":
        binary.write_html(path, doc.blocks, doc.tables, random.Random(f"render:{doc.id}"), merged_values=merged_values)
    elif kind == "txt":
        if not doc.raw:
            raise ValueError(f"{doc.id}: route txt needs a text-layout report, not {doc.layout}")
        path.write_text(doc.raw, encoding="utf-8")
    else:
        write_file(doc, path, layout=kind)
    return path


def inject(fault: str, doc: SynthDoc, work: str | Path, *, route: str | None = None) -> Injected:
    """Make ``doc`` into an input of fault class ``fault`` under ``work``.

    Args:
        fault: a key of :data:`CLASSES`.
        doc: a generated report; it is changed (blank cells, notes), so pass a fresh one.
        work: folder for the rendered and converted files.
        route: one of the class's routes (default: by ``doc.index``).

    Returns:
        The file to process and its gold tables.

    Raises:
        ConverterError: a converter of the route is not installed or fails.
    """
    routes = CLASSES[fault]
    route = route or routes[doc.index % len(routes)]
    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"fault:{fault}:{doc.id}")
    render, _, family = route.partition(">")
    family, _, transform = family.partition(">")
    if fault == "clean":
        path = write_file(doc, work / f"{doc.id}.{doc.ext}")
        return Injected(path, doc.gold()["tables"], fault, route)
    if fault == "a_dropped_blanks":
        drop_zeros_to_blank(doc, rng)
    elif fault == "d_multiline_cells":
        add_cell_notes(doc, rng)
    src = _render(doc, render, work, merged_values=fault == "b_glued_numbers")
    path = Path(convert(family, src, work)) if family else src
    if transform:
        path.write_text(TRANSFORMS[transform](path.read_text(encoding="utf-8"), rng), encoding="utf-8")
    if fault == "e_cjk_radicals":  # HTML markup is ASCII: only the text changes
        path.write_text(substitute_radicals(path.read_text(encoding="utf-8"), rng), encoding="utf-8")
    return Injected(path, doc.gold()["tables"], fault, route)


def inject_file(fault: str, pdf: str | Path, work: str | Path, *, route: str, seed: int = 0) -> Path:
    """The same faults made from a real PDF (realdev): ``route`` is ``pdf``, ``pdf>family`` or ``pdf>family>transform``.

    The gold is the file's own; for ``e_cjk_radicals`` the converted text is substituted.
    """
    render, _, family = route.partition(">")
    family, _, transform = family.partition(">")
    if render != "pdf":
        raise ValueError(f"a real PDF takes routes pdf or pdf>family[>transform], not {route!r}")
    src = Path(pdf)
    path = Path(convert(family, src, work)) if family else src
    if transform:
        out = Path(work) / f"{src.stem}.{family}.{transform}{path.suffix}"
        out.write_text(TRANSFORMS[transform](path.read_text(encoding="utf-8"), random.Random(f"{transform}:{src.name}:{seed}")),
                       encoding="utf-8")
        return out
    if fault == "e_cjk_radicals":
        out = Path(work) / f"{src.stem}.radicals{path.suffix if family else '.txt'}"
        text = path.read_text(encoding="utf-8") if family else convert("pdftotext_layout", src)
        out.write_text(substitute_radicals(str(text), random.Random(f"fault:{fault}:{src.name}:{seed}")), encoding="utf-8")
        return out
    return path


__all__ = ["CLASSES", "TRANSFORMS", "Injected", "add_cell_notes", "disorder_markdown", "drop_zeros_to_blank", "inject", "inject_file", "layouts_for", "substitute_radicals"]
