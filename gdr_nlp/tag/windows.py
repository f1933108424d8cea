"""Layout markers and overlapping token windows for documents longer than the model.

Sentencepiece drops whitespace, yet ``doc.text``'s newlines and tabs carry the
table layout. Before tokenizing, each newline and tab is replaced by a visible
marker character that the vocabulary holds as its own piece. The replacement is
one character for one character, so token offsets into the marked copy are
offsets into ``doc.text`` as they are.

The whole text is tokenized once (no special tokens); windows of at most
``max_length - 2`` tokens overlap by ``stride`` tokens. A token seen by several
windows takes the prediction of the window where it lies farthest from an edge,
where the model saw the most context on both sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

NEWLINE_CANDIDATES = ("¶", "|", "§", "#", "/")
"""Marker characters tried for a newline, in order of preference."""
TAB_CANDIDATES = ("→", "^", "¦", "~", "_", "=")
"""Marker characters tried for a tab, in order of preference."""


@dataclass(frozen=True)
class LayoutMarkers:
    """Visible stand-ins for layout whitespace (one character each, so offsets are kept)."""

    newline: str = "¶"
    tab: str = "→"

    def apply(self, text: str) -> str:
        """``text`` with newlines and tabs replaced by the markers (same length)."""
        return text.translate({ord("\n"): self.newline, ord("\t"): self.tab, ord("\r"): self.newline})

    @property
    def chars(self) -> str:
        return self.newline + self.tab

    def to_dict(self) -> dict[str, str]:
        return {"newline": self.newline, "tab": self.tab}


def raw_tokenizer(tokenizer: Any) -> tuple[Any, int | None]:
    """``(tokenizers.Tokenizer, unk id)`` from a HF fast tokenizer or a ``tokenizers.Tokenizer``."""
    if hasattr(tokenizer, "backend_tokenizer"):
        return tokenizer.backend_tokenizer, tokenizer.unk_token_id
    unk_id = next((i for i in map(tokenizer.token_to_id, ("<unk>", "[UNK]")) if i is not None), None)
    return tokenizer, unk_id


def is_single_piece(tokenizer: Any, char: str) -> bool:
    """Whether ``char`` between two CJK characters becomes a token of its own, not unknown."""
    raw, unk_id = raw_tokenizer(tokenizer)
    enc = raw.encode(f"年{char}月", add_special_tokens=False)
    return any(span == (1, 2) and token_id != unk_id for token_id, span in zip(enc.ids, enc.offsets))


def choose_markers(tokenizer: Any) -> LayoutMarkers:
    """First candidate markers the tokenizer (HF fast or ``tokenizers.Tokenizer``) keeps as single known pieces.

    Raises:
        ValueError: no candidate works for newline or tab.
    """
    newline = next((c for c in NEWLINE_CANDIDATES if is_single_piece(tokenizer, c)), None)
    tab = next((c for c in TAB_CANDIDATES if c != newline and is_single_piece(tokenizer, c)), None)
    if newline is None or tab is None:
        raise ValueError("no layout marker character tokenizes to a single known piece")
    return LayoutMarkers(newline=newline, tab=tab)


def encode(tokenizer: Any, text: str, markers: LayoutMarkers) -> tuple[list[int], list[tuple[int, int]]]:
    """Token ids and ``doc.text`` offsets of the whole marked text, without special tokens.

    ``tokenizer`` is a ``tokenizers.Tokenizer`` (or a HF fast tokenizer, whose backend it uses):
    inference needs no ``transformers`` import.
    """
    enc = raw_tokenizer(tokenizer)[0].encode(markers.apply(text), add_special_tokens=False)
    return list(enc.ids), [tuple(o) for o in enc.offsets]


def make_windows(n_tokens: int, *, max_tokens: int, stride: int) -> list[tuple[int, int]]:
    """Token ranges ``[start, end)`` of at most ``max_tokens``, consecutive ones sharing ``stride`` tokens.

    The last window ends at ``n_tokens``; an empty text gives one empty window.

    Raises:
        ValueError: ``stride`` is not smaller than ``max_tokens``.
    """
    if not 0 <= stride < max_tokens:
        raise ValueError(f"stride {stride} must be in [0, max_tokens={max_tokens})")
    if n_tokens <= max_tokens:
        return [(0, n_tokens)]
    step = max_tokens - stride
    windows = []
    start = 0
    while start + max_tokens < n_tokens:
        windows.append((start, start + max_tokens))
        start += step
    windows.append((max(0, n_tokens - max_tokens), n_tokens))
    return windows


def window_input_ids(ids: Sequence[int], window: tuple[int, int], *, cls_id: int, sep_id: int) -> list[int]:
    """Model input for one window: ``[CLS] tokens [SEP]`` (also ``<s> … </s>`` for XLM-R vocabularies)."""
    return [cls_id, *ids[window[0] : window[1]], sep_id]


def merge_windows(windows: Sequence[tuple[int, int]], window_probs: Sequence[np.ndarray], n_tokens: int) -> np.ndarray:
    """Per-token probabilities from overlapping windows.

    Args:
        windows: token ranges, as :func:`make_windows` gives them.
        window_probs: for each window, ``(end - start, n_labels)`` probabilities of its
            content tokens (special tokens already removed).
        n_tokens: number of tokens of the whole text.

    Returns:
        ``(n_tokens, n_labels)`` array; each row from the window where that token
        is farthest from the window's edges.
    """
    n_labels = window_probs[0].shape[1] if window_probs else 0
    merged = np.zeros((n_tokens, n_labels), dtype=np.float32)
    best = np.full(n_tokens, -1, dtype=np.int64)
    for (start, end), probs in zip(windows, window_probs):
        pos = np.arange(start, end)
        margin = np.minimum(pos - start, end - 1 - pos)
        take = margin > best[start:end]
        merged[start:end][take] = probs[: end - start][take]
        best[start:end][take] = margin[take]
    return merged
