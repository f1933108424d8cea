"""The blind17 split (``routes.RENDERER_SPLITS``): held-out PDF renderers of the official HTML grid,
declared for one blind run by the lead. Checked here without the pipeline: each renderer writes a PDF
of both format versions whose text layer (poppler's pdftotext, not our ingest) holds the report's
agency and 政府信息公开, its producer is the tool, its paper varies and a rendering is reproducible; a
missing tool is the one-line E060 and its routes are skipped; only ``routes("blind17")`` lists the
renderers (the direct route, then each of the split's families), never ``routes()`` or another split;
``benchmarks/eval_convert.py`` plans, labels and groups the split's routes (on made-up outcomes: the
split's figures are the lead's one run).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from gdr_nlp.errors import ConverterError
from gdr_nlp.synth import BINARY_LAYOUTS, SynthDoc, generate_one
from gdr_nlp.synth.routes import (
    BY_NAME_ONLY,
    FAMILY_SPLITS,
    HELD_OUT_RENDERERS,
    LOOKED_AT,
    RENDERER_SPLITS,
    RENDERERS,
    render_all,
    renderer_available,
    route_split,
    routes,
)

pytestmark = pytest.mark.issue(10)
SEED = 1010  # no benchmark uses it
INDEXES = (10, 5, 7, 2)  # 2021 plain, 2019 with the legal-person subtotal column, 2021 with the single （六） row, 2021
BLIND17 = RENDERER_SPLITS["blind17"]
FAMILIES = ("pdftotext_layout", "pdfplumber_text", "pymupdf_text", "pypdf", "markitdown", "pymupdf4llm")
PRODUCER = {"pdf_weasyprint": "WeasyPrint", "pdf_wkhtmltopdf": "wkhtmltopdf", "pdf_soffice_html": "LibreOffice",
            "pdf_fpdf2": "fpdf2"}  # in the PDF's /Producer or /Creator


@pytest.fixture(scope="module")
def docs() -> list[SynthDoc]:
    out = [generate_one(i, seed=SEED, layouts=BINARY_LAYOUTS) for i in INDEXES]
    assert {d.version for d in out} == {"2019", "2021"} and any(d.variants for d in out)
    return out


def _text_layer(pdf: Path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("poppler-utils (pdftotext) is not installed here")
    return subprocess.run([exe, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True).stdout.decode("utf-8")


def _pages(pdf: Path) -> tuple[int, tuple[float, float]]:
    import pypdf

    reader = pypdf.PdfReader(str(pdf))
    box = reader.pages[0].mediabox
    return len(reader.pages), (round(float(box.width)), round(float(box.height)))


def _producer(pdf: Path) -> str:
    import pypdf

    meta = pypdf.PdfReader(str(pdf)).metadata or {}
    return f"{meta.get('/Producer', '')} {meta.get('/Creator', '')}"


@pytest.mark.parametrize("name", BLIND17.renderers)
def test_renderer_writes_a_chinese_text_layer(name: str, docs: list[SynthDoc], tmp_path: Path) -> None:
    if not renderer_available(name):
        pytest.skip(f"{RENDERERS[name].tool} is not installed here")
    pdfs = render_all(name, docs, tmp_path)
    assert [p.name for p in pdfs] == [f"{d.id}.{name}.pdf" for d in docs]
    for doc, pdf in zip(docs, pdfs):
        assert pdf.read_bytes()[:5] == b"%PDF-"
        assert PRODUCER[name] in _producer(pdf), _producer(pdf)
        text = re.sub(r"\s", "", _text_layer(pdf))
        assert "政府信息公开" in text and doc.agency in text, pdf.name
        assert sum("\u4e00" <= ch <= "\u9fff" for ch in text) > 500  # the whole report, not the title alone
    assert len({_pages(p)[1] for p in pdfs}) >= 2  # the paper is drawn per document


@pytest.mark.parametrize("name", BLIND17.renderers)
def test_rendering_is_reproducible(name: str, docs: list[SynthDoc], tmp_path: Path) -> None:
    if not renderer_available(name):
        pytest.skip(f"{RENDERERS[name].tool} is not installed here")
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    first, second = RENDERERS[name].run(docs[1], a), RENDERERS[name].run(docs[1], b)
    assert _pages(first) == _pages(second)
    assert [p.read_bytes() for p in sorted(a.glob("*.html"))] == [p.read_bytes() for p in sorted(b.glob("*.html"))]


def test_missing_tools_are_one_line(docs: list[SynthDoc], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gdr_nlp.synth import office, official, printers

    monkeypatch.setattr(printers, "weasyprint_available", lambda: False)
    monkeypatch.setattr(official, "cjk_font_files", list)  # fpdf2 has no CJK face to embed
    which = shutil.which
    monkeypatch.setattr(printers.shutil, "which",
                        lambda exe: None if exe in ("wkhtmltopdf", "soffice", "libreoffice") else which(exe))
    for name in BLIND17.renderers:
        assert not renderer_available(name), name
    assert routes("blind17") == []
    for name in BLIND17.renderers:
        with pytest.raises(ConverterError, match=rf"^\[E060\] .*: converter '{name}' needs "):
            RENDERERS[name].run(docs[0], tmp_path)
    assert not office.shutil.which("soffice")


def test_only_routes_blind17_lists_the_held_out_renderers() -> None:
    expected = [r for name in BLIND17.renderers for r in (name, *(f"{name}>{f}" for f in FAMILIES))]
    assert BLIND17.families == FAMILIES and HELD_OUT_RENDERERS == set(BLIND17.renderers)
    assert routes("blind17", installed_only=False) == expected and len(expected) == 28
    assert set(routes("blind17")) <= set(expected)
    assert "blind17" in BY_NAME_ONLY and "blind17" not in FAMILY_SPLITS
    assert all(route_split(r) == "blind17" for r in expected)
    assert {RENDERERS[r.partition(">")[0]].ext for r in expected} == {"pdf"}
    others = (None, "train", "dev", "test", "ocr", *LOOKED_AT, *FAMILY_SPLITS)
    for split in others:
        for installed_only in (False, True):
            listed = routes(split, installed_only=installed_only)
            assert not {r.partition(">")[0] for r in listed} & HELD_OUT_RENDERERS, split
    # the converted training dataset takes routes(): the same 158 routes as before the split was declared
    assert len(routes(installed_only=False)) == 158
    assert route_split("pdf_chromium>pypdf") == "test" and route_split("pdf_chromium>markitdown") == "train"


@pytest.fixture()
def eval_convert(monkeypatch: pytest.MonkeyPatch) -> Any:
    """benchmarks/eval_convert.py as a module."""
    from tests.conftest import REPO

    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    import eval_convert

    return eval_convert


def test_eval_convert_plans_blind17_without_realdev(eval_convert: Any, tmp_path: Path) -> None:
    tasks = eval_convert.plan("blind17", 2, 3131, str(tmp_path), realdev=True)
    assert {kind for kind, _ in tasks} == {"generated"}  # the realdev PDFs are no held-out renderer's
    assert {args[2] for _, args in tasks} == set(routes("blind17"))
    picked = eval_convert.plan("blind17", 1, 3131, str(tmp_path), families={"pdf_fpdf2", "pdf_weasyprint (gdr)"})
    assert {args[2] for _, args in picked} == {r for r in routes("blind17") if r.startswith("pdf_fpdf2")} | (
        {"pdf_weasyprint"} if "pdf_weasyprint" in routes("blind17") else set())
    assert eval_convert.skipped_families("blind17", None) == {
        **{r: "tool" for r in BLIND17.renderers if not renderer_available(r)},
        **{f: "tool" for f in FAMILIES if f not in {r.partition(">")[2] for r in routes("blind17")}}}


def test_eval_convert_groups_blind17_per_renderer_and_route(eval_convert: Any) -> None:
    reading = eval_convert.Reading

    def outcome(route: str, exact: bool) -> object:
        label = eval_convert.family_label(route)
        return eval_convert.Outcome("generated", "synth-0", route, label, eval_convert.route_split(route),
                                    readings={t: reading(10, 10 if exact else 7, exact, not exact) for t in eval_convert.TAGGERS},
                                    in_order=exact)

    assert eval_convert.family_label("pdf_weasyprint") == "pdf_weasyprint (gdr)"
    assert eval_convert.family_label("pdf_weasyprint>pypdf") == "pdf_weasyprint>pypdf"
    assert eval_convert.family_label("pdf_chromium>pypdf") == "pypdf"  # other splits: the family, as before
    outcomes = [outcome("pdf_weasyprint", True), outcome("pdf_weasyprint>pypdf", False),
                outcome("pdf_fpdf2", True), outcome("pdf_fpdf2>pypdf", True)]
    summary = eval_convert.summarize(outcomes)
    assert list(summary) == ["blind17 | pdf_fpdf2 (every route) | generated", "blind17 | pdf_fpdf2 (gdr) | generated",
                             "blind17 | pdf_fpdf2>pypdf | generated", "blind17 | pdf_weasyprint (every route) | generated",
                             "blind17 | pdf_weasyprint (gdr) | generated", "blind17 | pdf_weasyprint>pypdf | generated",
                             "blind17 | all | generated"]
    every = summary["blind17 | pdf_weasyprint (every route) | generated"][eval_convert.DEFAULT]
    assert (every["reports"], every["exact"], every["flagged_wrong"], every["cells"]) == (2, 1, 1, 0.85)
    assert summary["blind17 | all | generated"][eval_convert.DEFAULT]["reports"] == 4
    table = eval_convert.compact(summary, {"blind17": {"pdf_wkhtmltopdf": "tool"}})
    assert "| blind17 | pdf_weasyprint (gdr) | generated | 1 | 1.0000; 1/1; 0; 0 |" in table
    assert "| blind17 | pdf_weasyprint>pypdf | generated | 1 | 0.7000; 0/1; 0; 0 |" in table  # flagged: not silent
    assert "| blind17 | pdf_wkhtmltopdf | | skipped (tool) |" in table
    assert "| blind17 | **all** | generated | 4 |" in table
    assert "pdf_fpdf2 (every route)" in eval_convert._markdown(summary, {}, eval_convert.per_table(outcomes))
