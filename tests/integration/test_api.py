"""The documented Python API (#11): extract_file / extract_text return the contract dict."""

from __future__ import annotations

from pathlib import Path

import pytest

from gdr_nlp import extract_file, extract_text
from gdr_nlp.errors import DocumentLoadError
from tests.conftest import SEED_FILES

pytestmark = pytest.mark.issue(11)


def test_extract_file_and_text_agree_on_a_seed() -> None:
    from_file = extract_file(SEED_FILES[0], tagger="rules")
    assert from_file["contract"] == "gdr-report/1"
    assert from_file["tables"]["proactive"]["normative_documents"]["new_made"]["value"] == 8  # as printed in its 表二
    assert set(from_file["review"]) == {"needed", "reasons"}
    from_text = extract_text(SEED_FILES[0].read_text(encoding="utf-8"), name="pasted", tagger="rules")
    assert from_text["tables"] == from_file["tables"]
    assert from_text["source"]["path"] == "pasted"


def test_bad_input_raises_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentLoadError) as info:
        extract_file(tmp_path / "missing.pdf")
    assert info.value.code == "E001"
    with pytest.raises(DocumentLoadError) as info:
        extract_text("今天天气很好。")
    assert info.value.code == "E009"


def test_model_card_follows_hugging_face_conventions() -> None:
    import yaml

    card = (Path(__file__).resolve().parents[2] / "models" / "gdr-tagger" / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n")
    meta = yaml.safe_load(card.split("---\n")[1])
    assert meta["base_model"] == "intfloat/multilingual-e5-small"
    assert meta["language"] == ["zh"] and meta["pipeline_tag"] == "token-classification" and meta["license"]
    scores = {r["dataset"]["type"]: r["metrics"][0]["value"] for r in meta["model-index"][0]["results"]}
    assert {"gdr-synth-dev", "gdr-synth-test", "gdr-synth-dev_families"} <= set(scores) and all(0 < v <= 1 for v in scores.values())
    assert "## Intended use" in card and "## How to use" in card and "- Base: `build/base`" not in card


def test_blank_official_template_needs_review(realdev: Path) -> None:
    result = extract_file(realdev / "official_template_2021.docx", tagger="rules")
    assert result["review"]["needed"] and any("blank template" in r for r in result["review"]["reasons"])
