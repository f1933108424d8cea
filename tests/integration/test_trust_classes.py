"""The contract's promise per failure class of issue 9: every table cell equals the gold, or
``review.needed`` is true.

Inputs are made at test time: generated reports (gold known) through ``gdr_nlp.synth.faults``,
and the realdev PDFs (``../shared/realdev``, verified gold) through the real converters of
``gdr_nlp.synth.convert``. A test skips when its converter or ../shared is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gdr_nlp.export.json import to_contract
from gdr_nlp.pipeline import Pipeline, build_pipeline
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import generate_one
from gdr_nlp.synth.convert import available
from gdr_nlp.synth.faults import CLASSES, inject, inject_file, layouts_for
from gdr_nlp.synth.render import TEXT_LAYOUTS
from tests.conftest import FIXTURES, REALDEV, REPO

SEED = 9119  # no training run or benchmark uses it
REALDEV_PDFS = sorted(p.with_name(json.loads(p.read_text(encoding="utf-8"))["file"]) for p in REALDEV.glob("*.gold.json")) \
    if REALDEV.is_dir() else []


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline()  # the default tagger, as a user runs it


def _review(contract: dict[str, Any]) -> dict[str, Any]:
    return contract.get("review") or {"needed": False, "reasons": []}


def _read(pipeline: Pipeline, path: Path) -> dict[str, Any]:
    return to_contract(pipeline.process(path))


def _assert_promise(contract: dict[str, Any], gold: dict[str, Any]) -> None:
    score = score_tables(contract["tables"], gold)
    if not score.exact:
        assert _review(contract)["needed"], f"silent wrong reading: {score.mismatches[:5]}"


def _skip_without(route: str) -> None:
    family = (route.split(">") + [""])[1]
    if family and not available(family):
        pytest.skip(f"converter {family} is not installed")


def _realdev_gold(pdf: Path) -> dict[str, Any]:
    return json.loads(pdf.with_suffix(".gold.json").read_text(encoding="utf-8"))["tables"]


# ---- generated reports, one test per (class, route) ----------------------------------------

# one report per route, a different one each (versions 2019/2021 both come up), to keep the run short
_GENERATED = [(fault, route, 2 * k + j) for k, (fault, routes) in enumerate(CLASSES.items()) if fault != "clean"
              for j, route in enumerate(routes)]
@pytest.mark.parametrize(
    ("fault", "route", "index"),
    [pytest.param(f, r, i, id=f"{f}-{r}-{i}") for f, r, i in _GENERATED],
)
def test_generated_fault_read_right_or_flagged(pipeline: Pipeline, tmp_path: Path, fault: str, route: str, index: int) -> None:
    _skip_without(route)
    doc = generate_one(index, seed=SEED, error_rate=0.0, layouts=layouts_for(fault))
    injected = inject(fault, doc, tmp_path, route=route)
    _assert_promise(_read(pipeline, injected.path), injected.gold)


def _doc_2021(start: int = 0):  # type: ignore[no-untyped-def]
    return next(d for i in range(start, start + 50)
                if (d := generate_one(i, seed=SEED, error_rate=0.0, layouts=tuple(TEXT_LAYOUTS))).version == "2021")


def test_injected_faults_are_in_the_text(tmp_path: Path) -> None:
    """Each injector really makes its mess (a fault class that injects nothing measures nothing)."""
    blanks = inject("a_dropped_blanks", _doc_2021(), tmp_path / "a", route="html>web_paste")
    empty = sum(c["kind"] == "empty" for rows in blanks.gold.values() for cols in rows.values() for c in cols.values())
    assert empty > 0 and "\t" not in blanks.path.read_text(encoding="utf-8")
    glued = inject("b_glued_numbers", _doc_2021(), tmp_path / "b", route="html>html_spans_repeated")
    value = glued.gold["proactive"]["penalty"]["decisions"]["value"]
    assert any(line.endswith(f"行政处罚 {value} {value} {value}") for line in glued.path.read_text(encoding="utf-8").splitlines())
    notes = inject("d_multiline_cells", _doc_2021(), tmp_path / "d", route="pdf>pdftotext_layout") if available("pdftotext_layout") else None
    assert notes is None or "（其中" in notes.path.read_text(encoding="utf-8") or "（含" in notes.path.read_text(encoding="utf-8")
    radicals = inject("e_cjk_radicals", _doc_2021(), tmp_path / "e", route="txt").path.read_text(encoding="utf-8")
    assert any(0x2E80 <= ord(ch) <= 0x2FDF or 0xF900 <= ord(ch) <= 0xFAFF for ch in radicals)


# ---- realdev through the real converters -----------------------------------------------------

# (d): the realdev PDFs' wrapped cells (long row labels, two-line headers) as the text converters
# split them; (e) is substituted into pdftotext's text.
_REALDEV_ROUTES = [
    ("a_dropped_blanks", "pdf>web_paste"),
    ("c_markdown", "pdf>markitdown"),
    ("c_markdown", "pdf>pymupdf4llm"),
    ("c_markdown", "pdf>pymupdf4llm>disorder"),
    ("d_multiline_cells", "pdf>pdftotext_layout"),
    ("d_multiline_cells", "pdf>pdfplumber_text"),
    ("e_cjk_radicals", "pdf>pdftotext_layout"),
]


@pytest.mark.parametrize("pdf", REALDEV_PDFS, ids=[p.stem for p in REALDEV_PDFS])
@pytest.mark.parametrize(
    ("fault", "route"),
    [pytest.param(f, r, id=f"{f}-{r}") for f, r in _REALDEV_ROUTES],
)
def test_realdev_converted_read_right_or_flagged(pipeline: Pipeline, tmp_path: Path, pdf: Path, fault: str, route: str) -> None:
    _skip_without(route)
    path = inject_file(fault, pdf, tmp_path, route=route)
    _assert_promise(_read(pipeline, path), _realdev_gold(pdf))


@pytest.mark.parametrize("pdf", REALDEV_PDFS, ids=[p.stem for p in REALDEV_PDFS])
def test_realdev_radicals_read_as_the_plain_text(pipeline: Pipeline, tmp_path: Path, pdf: Path) -> None:
    """Radical code points in the text change nothing once normalized (#9 item 4)."""
    _skip_without("pdf>pdftotext_layout")
    plain = inject_file("clean", pdf, tmp_path, route="pdf>pdftotext_layout")
    radicals = inject_file("e_cjk_radicals", pdf, tmp_path, route="pdf>pdftotext_layout")
    assert radicals.read_text(encoding="utf-8") != plain.read_text(encoding="utf-8")
    cells = lambda c: {(t, r, k): (v["kind"], v["value"]) for t, rows in c["tables"].items() for r, cols in rows.items() for k, v in cols.items()}  # noqa: E731
    assert cells(_read(pipeline, radicals)) == cells(_read(pipeline, plain))


# ---- the sources as they are: read right and not flagged ------------------------------------

SEED_GOLD = [json.loads(line) for line in (REPO / "annotations/seeds.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("gold", SEED_GOLD, ids=[g["id"] for g in SEED_GOLD])
def test_seed_as_it_is_exact_and_unflagged(pipeline: Pipeline, gold: dict) -> None:
    contract = _read(pipeline, FIXTURES / gold["source"])
    assert score_tables(contract["tables"], gold["gold"]["tables"]).mismatches == []
    assert not _review(contract)["needed"], _review(contract)["reasons"]


@pytest.mark.parametrize("pdf", REALDEV_PDFS, ids=[p.stem for p in REALDEV_PDFS])
def test_realdev_as_it_is_exact_and_unflagged(pipeline: Pipeline, pdf: Path) -> None:
    contract = _read(pipeline, pdf)
    score = score_tables(contract["tables"], _realdev_gold(pdf))
    assert score.mismatches == [] and score.extra == 0
    assert not _review(contract)["needed"], _review(contract)["reasons"]
