"""A heading drawn twice is one heading, two reports in one file are two (issue 10, found on blind17's
``pdf_wkhtmltopdf>pypdf``: every report read exact, every one flagged).

A font with no bold face is made bold by printing it twice a hair apart (wkhtmltopdf does, and so does Word
with 宋体); pypdf writes each such line twice, one after the other. The review verdict took the doubled
一、总体情况 for a second report in the file. A line right after itself is now one line; a heading that opens
a second report further on still flags the file. Real tools on a generated report (seed 1010), and the seeds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gdr_nlp.pipeline import build_pipeline
from tests.integration.route_reading import convert_route

pytestmark = pytest.mark.issue(10)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEVERAL = "opens more than one line: several reports in one file?"


def test_a_heading_printed_twice_for_bold_is_no_second_report(tmp_path: Path) -> None:
    _, path = convert_route("pdf_wkhtmltopdf>pypdf", 0, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "一、总体情况\n一、总体情况" in text  # the fake bold, as the tool wrote it
    read = build_pipeline(tagger="rules").process(path)
    assert not any(SEVERAL in r for r in read.review["reasons"]), read.review["reasons"]


def test_two_reports_in_one_file_are_still_flagged(tmp_path: Path) -> None:
    first, second = sorted(FIXTURES.glob("*.txt"))[:2]
    both = tmp_path / "both.txt"
    both.write_text(first.read_text(encoding="utf-8") + "\n" + second.read_text(encoding="utf-8"), encoding="utf-8")
    read = build_pipeline(tagger="rules").process(both)
    assert read.review["needed"] and any(SEVERAL in r for r in read.review["reasons"])


def test_fake_bold_read_a_character_at_a_time_is_one_character_each(tmp_path: Path) -> None:
    """pdfplumber (and pdfminer, under markitdown) read the doubled print character by character:
    ``一一、、总总体体情情况况``. The section headings, the title and every metric in their sections were lost
    (blind17: no metric of wkhtmltopdf through either read right). Such a line is one character each now,
    each mapped back to the first of its pair."""
    from gdr_nlp.reconcile.metrics import evaluate_metrics

    doc, path = convert_route("pdf_wkhtmltopdf>pdfplumber_text", 0, tmp_path)
    assert "一一、、总总体体情情况况" in path.read_text(encoding="utf-8")  # the mess, as the tool wrote it
    read = build_pipeline(tagger="rules").process(path)
    assert "overview" in {s["key"] for s in read.sections}
    assert (read.report.get("agency"), read.report.get("year")) == (doc.agency, doc.year)
    scores = evaluate_metrics(read.metrics, doc.gold()["metrics"])["untyped"]
    assert (scores["precision"], scores["recall"]) == (1.0, 1.0), scores
    heading = next(s for s in read.sections if s["key"] == "overview")
    assert read.text[heading["start"] : heading["start"] + 6] == "一、总体情况"
