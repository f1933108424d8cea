"""Span label set and the BIO tag scheme the token classifier uses.

Spans are character ranges of ``doc.text``; the model classifies sub-word
tokens. This module converts between the two:

* :func:`token_tags` gives each token the BIO tag of the span that holds its
  first content character (layout markers and whitespace are not content); a
  token made only of markers/whitespace is ``I-`` inside a span, else ``O``;
* :func:`tags_to_spans` turns a token tag sequence back into character spans,
  trimmed of whitespace, scored by the mean probability of their tokens.

Blank table cells (spaces between a tab and a newline) are spans too: their
spaces are in no token's offsets, so the token right after them (``▁`` or
``▁→``) carries the blank span's tag, and decoding gives the spaces back.

BIO cannot express overlapping spans; where gold spans overlap, the shorter
(inner) span wins the characters it covers, since inner spans (a METRIC inside
a heading line) are the ones later stages read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from gdr_nlp.document import Span

OUTSIDE = "O"

Offsets = list[tuple[int, int]]
"""Per-token (start, end) character offsets into the text; (0, 0) for special tokens."""



def load_label_types(path: str | Path) -> list[str]:
    """Span label types in file order from a ``labels.json`` (``{"labels": {TYPE: description}}``)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    labels = data["labels"] if isinstance(data, dict) and "labels" in data else data
    return list(labels)


def bio_labels(types: Sequence[str]) -> list[str]:
    """The model's label list: ``O`` then ``B-T``, ``I-T`` for each type ``T`` (id = list index)."""
    out = [OUTSIDE]
    for label_type in types:
        out += [f"B-{label_type}", f"I-{label_type}"]
    return out


def label_maps(types: Sequence[str]) -> tuple[dict[int, str], dict[str, int]]:
    """``(id2label, label2id)`` for a model config."""
    labels = bio_labels(types)
    return dict(enumerate(labels)), {label: i for i, label in enumerate(labels)}


def char_owners(text_len: int, spans: Sequence[Span | dict[str, Any]], *, types: Sequence[str]) -> list[int]:
    """Index of the span owning each character (-1: none); inner spans win overlaps.

    Spans whose label is not in ``types`` and zero-length spans are ignored.
    """
    owners = [-1] * text_len
    wanted = set(types)
    indexed = [(i, _field(s, "start"), _field(s, "end"), _field(s, "label")) for i, s in enumerate(spans)]
    # longest first, so shorter spans overwrite the longer ones they sit in
    for i, start, end, label in sorted(indexed, key=lambda t: t[1] - t[2]):
        if label in wanted and end > start:
            owners[max(0, start) : min(text_len, end)] = [i] * (min(text_len, end) - max(0, start))
    return owners


def token_tags(
    offsets: Offsets,
    spans: Sequence[Span | dict[str, Any]],
    text: str,
    *,
    types: Sequence[str],
    skip_chars: str = "",
) -> list[str | None]:
    """BIO tag per token; ``None`` for special tokens (offset ``(0, 0)``).

    Args:
        offsets: token offsets into ``text``.
        spans: gold spans (``Span`` or dicts with start/end/label).
        text: the text the offsets refer to (the original ``doc.text``, not the marked copy).
        types: label types the model knows.
        skip_chars: extra characters that are not content (layout markers when the
            offsets refer to a marked copy that itself contains them).
    """
    owners = char_owners(len(text), spans, types=types)
    blank = {i for i, s in enumerate(spans) if not text[_field(s, "start") : _field(s, "end")].strip()}
    skip = set(skip_chars)
    tags: list[str | None] = []
    prev_owner = -1
    for (start, end), gap in zip(offsets, gap_starts(offsets, text)):
        if start == end:
            tags.append(None)
            continue
        content = [c for c in range(start, end) if not text[c].isspace() and text[c] not in skip]
        # a blank cell's spaces belong to no token's offsets: sentencepiece folds them into the
        # next token ("▁", "▁→"), so that token stands for the blank span
        blank_owner = next((owners[c] for c in range(gap, start) if owners[c] in blank), -1)
        if content:
            owner = owners[content[0]]
        elif blank_owner >= 0:
            owner, prev_owner = blank_owner, -1
        else:
            # a layout-only token continues the span it sits inside (a TITLE over two lines stays one span)
            owner = owners[start] if owners[start] == prev_owner else -1
        if owner < 0:
            tags.append(OUTSIDE)
        else:
            label = _field(spans[owner], "label")
            tags.append(("I-" if owner == prev_owner else "B-") + label)
        prev_owner = owner
    return tags


def tags_to_spans(
    tags: Sequence[str],
    offsets: Offsets,
    text: str,
    *,
    scores: Sequence[float] | None = None,
) -> list[Span]:
    """Character spans from a token tag sequence (lenient BIO: a stray ``I-T`` opens a span).

    Each span runs from its first to its last token and is trimmed of whitespace;
    a span that trims to nothing is dropped. ``score`` is the mean of ``scores``
    over the span's tokens (1.0 when no scores are given).
    """
    spans: list[Span] = []
    current: list[Any] | None = None  # [label, start, end, score_sum, n, gap_start]

    def close() -> None:
        if current is None:
            return
        label, start, end, total, n, gap = current
        first = start
        start, end = _trim(text, start, end)
        if end == start:  # no content: a blank span, the spaces folded into its first token
            start, end = _trim_layout(text, gap, first)
        if end > start:
            spans.append(Span(start=start, end=end, label=label, score=round(total / n, 4)))

    for i, ((tag, (start, end)), gap) in enumerate(zip(zip(tags, offsets), gap_starts(offsets, text))):
        if start == end:
            continue
        score = scores[i] if scores is not None else 1.0
        if tag == OUTSIDE or not tag:
            close()
            current = None
            continue
        prefix, label = tag.split("-", 1)
        if prefix == "I" and current is not None and current[0] == label:
            current[2] = end
            current[3] += score
            current[4] += 1
        else:
            close()
            current = [label, start, end, score, 1, gap]
    close()
    return spans


def trimmed_spans(spans: Sequence[Span | dict[str, Any]], text: str, *, types: Sequence[str]) -> list[Span]:
    """Gold spans as the model can produce them: known types, non-empty, whitespace-trimmed.

    A blank span (spaces only, e.g. an empty table cell) keeps its spaces, trimmed of newlines and tabs.
    """
    out = []
    wanted = set(types)
    for s in spans:
        label, start, end = _field(s, "label"), _field(s, "start"), _field(s, "end")
        trimmed = _trim(text, start, end)
        start, end = trimmed if trimmed[1] > trimmed[0] else _trim_layout(text, start, end)
        if label in wanted and end > start:
            out.append(Span(start=start, end=end, label=label))
    return out


def gap_starts(offsets: Offsets, text: str) -> list[int]:
    """Per token, where the whitespace run before it starts (its own start when there is none).

    Sentencepiece leaves spaces out of every token's offsets; this gives them back
    to the token that follows them. Special tokens keep their ``(0, 0)``.
    """
    out = []
    prev_end = 0
    for start, end in offsets:
        if start == end:
            out.append(start)
            continue
        gap = start
        while gap > prev_end and text[gap - 1].isspace():
            gap -= 1
        out.append(gap)
        prev_end = max(prev_end, end)
    return out


def _trim_layout(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in "\n\t\r":
        start += 1
    while end > start and text[end - 1] in "\n\t\r":
        end -= 1
    return start, end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _field(span: Span | dict[str, Any], name: str) -> Any:
    return span[name] if isinstance(span, dict) else getattr(span, name)


def viterbi(probs: np.ndarray, labels: Sequence[str]) -> list[int]:
    """Most probable BIO-valid label sequence (``I-T`` only after ``B-T`` or ``I-T``).

    Args:
        probs: ``(n_tokens, n_labels)`` per-token probabilities.
        labels: label names by id (``O``, ``B-T``, ``I-T`` …).

    Returns:
        Label ids, one per token. Per-token argmax can leave a span's first token
        ``O`` and its rest ``I-T`` (a span cut short); this decoding does not.
    """
    n, k = probs.shape
    if n == 0:
        return []
    allowed = np.ones((k, k), dtype=bool)  # allowed[prev, cur]
    for cur, name in enumerate(labels):
        if name.startswith("I-"):
            allowed[:, cur] = [prev in (f"B-{name[2:]}", name) for prev in labels]
    trans = np.where(allowed, 0.0, -np.inf)
    logp = np.log(np.clip(probs, 1e-9, 1.0))
    start = np.array([0.0 if not name.startswith("I-") else -np.inf for name in labels])
    score = start + logp[0]
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + trans  # (prev, cur)
        back[t] = cand.argmax(axis=0)
        score = cand.max(axis=0) + logp[t]
    path = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]
