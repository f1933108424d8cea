"""Shared fixtures and opt-in markers (--slow, --model)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
SHARED = REPO.parent / "shared"
REALDEV = SHARED / "realdev"
SEED_FILES = sorted(FIXTURES.glob("0*_*.txt"))


def slow_report(copies: int) -> str:
    """A seed report on one line without its section headings, ``copies`` times over: seconds of
    work for the rules (no heading bounds a table's region), for the timeout and batch tests. With
    its headings the rules find them inline and read it in well under a second a copy."""
    from gdr_nlp.tag.rules import find_section_headings

    text = SEED_FILES[0].read_text(encoding="utf-8")
    for _, start, end in reversed(find_section_headings(text)):
        text = text[:start] + text[end:]
    return text.replace("\n", " ") * copies


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="run slow tests")
    parser.addoption("--model", action="store_true", help="run tests that need trained model weights")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for marker in ("slow", "model"):
        if config.getoption(f"--{marker}"):
            continue
        skip = pytest.mark.skip(reason=f"needs --{marker}")
        for item in items:
            if marker in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def realdev() -> Path:
    if not REALDEV.is_dir():
        pytest.skip("../shared/realdev is absent")
    return REALDEV


@pytest.fixture(scope="session")
def synth_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One generated report per binary format (html, docx, pdf), written by the synth renderers."""
    import random

    from gdr_nlp.synth import binary, generate

    folder = tmp_path_factory.mktemp("synth")
    out = {}
    for doc in generate(3, seed=1111, layouts=("html", "docx", "pdf")):
        path = folder / f"{doc.id}.{doc.ext}"
        rng = random.Random(doc.id)
        if doc.layout == "html":
            binary.write_html(path, doc.blocks, doc.tables, rng)
        elif doc.layout == "docx":
            binary.write_docx(path, doc.blocks, doc.tables)
        else:
            binary.write_pdf(path, doc.blocks, doc.tables, doc.agency, doc.year)
        out[doc.ext] = path
    return out
