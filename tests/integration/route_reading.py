"""A generated report through a real converter route, read by the rules: the route tests' common steps.

The gold comes from the generator, never from the code under test; a route whose tool is missing here skips.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gdr_nlp.pipeline import build_pipeline
from gdr_nlp.synth import BINARY_LAYOUTS, SynthDoc, generate_one
from gdr_nlp.synth.convert import available
from gdr_nlp.synth.routes import renderer_available, run_route

SEED = 1010  # no benchmark uses it


def convert_route(route: str, index: int, tmp_path: Path) -> tuple[SynthDoc, Path]:
    """Report ``index`` of seed 1010 through ``route`` (``renderer>family``); skips where its tool is missing."""
    renderer, _, family = route.partition(">")
    if not (available(family) and renderer_available(renderer)):
        pytest.skip(f"{route} is not installed here")
    doc = generate_one(index, seed=SEED, layouts=BINARY_LAYOUTS)
    return doc, run_route(route, doc, tmp_path)


def read_rules(path: Path) -> Any:
    """The rules' reading of a converted file (the pipeline's ``process``)."""
    return build_pipeline(tagger="rules").process(path)
