"""BIO tags <-> character spans (gdr_nlp.tag.labels)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gdr_nlp.document import Span
from gdr_nlp.tag.labels import bio_labels, label_maps, load_label_types, tags_to_spans, token_tags, trimmed_spans
from tests.conftest import REPO, SEED_FILES

TYPES = ["SECTION_HEADING", "METRIC", "CELL"]


def chars(text: str) -> list[tuple[int, int]]:
    return [(i, i + 1) for i in range(len(text))]


def test_label_set_from_repo_file() -> None:
    types = load_label_types(REPO / "annotations" / "labels.json")
    assert types[:2] == ["TITLE", "SECTION_HEADING"] and len(types) == 9
    id2label, label2id = label_maps(types)
    assert id2label[0] == "O" and len(id2label) == 19
    assert all(label2id[label] == i for i, label in id2label.items())


def test_bio_labels_order() -> None:
    assert bio_labels(["A", "B"]) == ["O", "B-A", "I-A", "B-B", "I-B"]


def test_token_tags_first_content_char_decides() -> None:
    text = "一、总体情况\n共8件"
    spans = [{"start": 0, "end": 6, "label": "SECTION_HEADING"}, {"start": 8, "end": 10, "label": "METRIC"}]
    # tokens: [CLS], "一、", "总体情况", "\n共" (newline first: content char is 共), "8件", [SEP]
    offsets = [(0, 0), (0, 2), (2, 6), (6, 8), (8, 10), (0, 0)]
    tags = token_tags(offsets, spans, text, types=TYPES)
    assert tags == [None, "B-SECTION_HEADING", "I-SECTION_HEADING", "O", "B-METRIC", None]


def test_layout_only_token_continues_span_inside_else_outside() -> None:
    text = "甲\n乙\t丙"
    spans = [{"start": 0, "end": 3, "label": "SECTION_HEADING"}, {"start": 4, "end": 5, "label": "CELL"}]
    tags = token_tags(chars(text), spans, text, types=TYPES)
    assert tags == ["B-SECTION_HEADING", "I-SECTION_HEADING", "I-SECTION_HEADING", "O", "B-CELL"]


def test_token_tags_adjacent_spans_restart_with_b() -> None:
    text = "12"
    spans = [{"start": 0, "end": 1, "label": "CELL"}, {"start": 1, "end": 2, "label": "CELL"}]
    assert token_tags(chars(text), spans, text, types=TYPES) == ["B-CELL", "B-CELL"]


def test_inner_span_wins_overlap() -> None:
    text = "一、共8件"
    spans = [{"start": 0, "end": 5, "label": "SECTION_HEADING"}, {"start": 3, "end": 5, "label": "METRIC"}]
    tags = token_tags(chars(text), spans, text, types=TYPES)
    assert tags == ["B-SECTION_HEADING", "I-SECTION_HEADING", "I-SECTION_HEADING", "B-METRIC", "I-METRIC"]


def test_unknown_labels_and_empty_spans_are_ignored() -> None:
    text = "ab"
    spans = [Span(start=0, end=1, label="TITLE"), Span(start=1, end=1, label="CELL")]
    assert token_tags(chars(text), spans, text, types=TYPES) == ["O", "O"]


def test_tags_to_spans_trims_whitespace_and_scores_mean() -> None:
    text = " 共8件 。"
    offsets = [(0, 2), (2, 3), (3, 5), (5, 6)]
    tags = ["O", "B-METRIC", "I-METRIC", "O"]
    spans = tags_to_spans(tags, offsets, text, scores=[0.1, 0.8, 0.6, 0.9])
    assert [(s.start, s.end, s.label) for s in spans] == [(2, 4, "METRIC")]
    assert spans[0].score == pytest.approx(0.7)


def test_tags_to_spans_lenient_i_and_label_change() -> None:
    text = "abcdef"
    tags = ["I-CELL", "I-CELL", "I-METRIC", "B-METRIC", "O", "B-CELL"]
    spans = tags_to_spans(tags, chars(text), text)
    assert [(s.start, s.end, s.label) for s in spans] == [(0, 2, "CELL"), (2, 3, "METRIC"), (3, 4, "METRIC"),
                                                          (5, 6, "CELL")]


def test_layout_only_span_is_dropped() -> None:
    text = "1\t\n2"
    assert tags_to_spans(["O", "B-CELL", "O", "O"], chars(text), text) == []
    assert trimmed_spans([{"start": 1, "end": 3, "label": "CELL"}], text, types=TYPES) == []


# "\t \n\t \n\t 0\n" as the XLM-R tokenizer splits its marked copy "→ ¶→ ¶→ 0¶":
# ▁→ ▁ ¶ → ▁ ¶ → ▁0 ¶ -- the blank cells' spaces are in no token's offsets
BLANKS = "\t \n\t \n\t 0\n"
BLANK_OFFSETS = [(0, 1), (2, 3), (2, 3), (3, 4), (5, 6), (5, 6), (6, 7), (8, 9), (9, 10)]


def test_blank_cells_tag_the_token_after_their_spaces() -> None:
    gold = [{"start": 1, "end": 2, "label": "CELL"}, {"start": 4, "end": 5, "label": "CELL"},
            {"start": 7, "end": 9, "label": "CELL"}]
    tags = token_tags(BLANK_OFFSETS, gold, BLANKS, types=TYPES)
    assert tags == ["O", "B-CELL", "O", "O", "B-CELL", "O", "O", "B-CELL", "O"]


def test_blank_cells_decode_to_their_spaces() -> None:
    tags = ["O", "B-CELL", "O", "O", "B-CELL", "O", "O", "B-CELL", "O"]
    spans = tags_to_spans(tags, BLANK_OFFSETS, BLANKS)
    assert [(s.start, s.end) for s in spans] == [(1, 2), (4, 5), (8, 9)]
    gold = trimmed_spans([{"start": 1, "end": 2, "label": "CELL"}, {"start": 7, "end": 9, "label": "CELL"}],
                         BLANKS, types=TYPES)
    assert [(s.start, s.end) for s in gold] == [(1, 2), (8, 9)]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_round_trip_on_seed_report(path: Path) -> None:
    """Headings and counts of a real report survive spans -> char tags -> spans unchanged."""
    text = path.read_text(encoding="utf-8")
    gold = [{"start": m.start(), "end": m.end(), "label": "SECTION_HEADING"}
            for m in re.finditer(r"^[一二三四五六七八九十]+、[^\n]*?(?=\s*$)", text, re.MULTILINE)]
    gold += [{"start": m.start(), "end": m.end(), "label": "METRIC"} for m in re.finditer(r"\d+(?:件|条|次)", text)]
    assert len(gold) >= 5
    tags = token_tags(chars(text), gold, text, types=TYPES)
    back = tags_to_spans([t or "O" for t in tags], chars(text), text)
    assert sorted((s.start, s.end, s.label) for s in back) == sorted((g["start"], g["end"], g["label"]) for g in gold)


def test_viterbi_repairs_a_span_whose_first_token_lost_to_o() -> None:
    import numpy as np

    from gdr_nlp.tag.labels import viterbi

    labels = bio_labels(["TABLE_CAPTION"])  # O, B-, I-
    # "第二十" | "条" | "第（一）项": argmax would give O, I, I (a caption missing its start)
    probs = np.array([[0.47, 0.30, 0.23], [0.02, 0.02, 0.96], [0.01, 0.02, 0.97], [0.9, 0.05, 0.05]])
    assert [labels[i] for i in viterbi(probs, labels)] == ["B-TABLE_CAPTION", "I-TABLE_CAPTION",
                                                           "I-TABLE_CAPTION", "O"]
    assert viterbi(np.zeros((0, 3)), labels) == []


def test_viterbi_keeps_a_valid_argmax_sequence() -> None:
    import numpy as np

    from gdr_nlp.tag.labels import viterbi

    labels = bio_labels(["CELL", "METRIC"])
    want = [0, 1, 2, 3, 0, 1]
    probs = np.full((6, 5), 0.05)
    probs[np.arange(6), want] = 0.8
    assert viterbi(probs, labels) == want
