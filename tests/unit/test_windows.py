"""Layout markers and stride windows (gdr_nlp.tag.windows)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from gdr_nlp.tag.windows import LayoutMarkers, make_windows, merge_windows, window_input_ids
from tests.conftest import SEED_FILES


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_markers_keep_length_and_show_layout(path) -> None:
    text = path.read_text(encoding="utf-8") + "\n本年\t上年\t\t合计\n"
    marked = LayoutMarkers().apply(text)
    assert len(marked) == len(text)
    assert "\n" not in marked and "\t" not in marked
    assert marked.endswith("¶本年→上年→→合计¶")
    assert all(a == b for a, b in zip(text, marked) if a not in "\n\t")


@pytest.mark.parametrize("n, max_tokens, stride", [(1000, 254, 64), (255, 254, 64), (1, 10, 3), (37, 10, 0)])
def test_windows_cover_every_token_with_stride_overlap(n: int, max_tokens: int, stride: int) -> None:
    windows = make_windows(n, max_tokens=max_tokens, stride=stride)
    covered = set()
    for start, end in windows:
        assert 0 < end - start <= max_tokens
        covered.update(range(start, end))
    assert covered == set(range(n))
    assert windows[0][0] == 0 and windows[-1][1] == n
    # all but the last window (right-aligned) overlap their successor by exactly stride
    for (_, e1), (s2, _) in itertools.pairwise(windows[:-1]):
        assert e1 - s2 == stride
    if len(windows) > 1:
        assert windows[-2][1] - windows[-1][0] >= stride


def test_short_text_is_one_window() -> None:
    assert make_windows(100, max_tokens=254, stride=64) == [(0, 100)]
    assert make_windows(0, max_tokens=254, stride=64) == [(0, 0)]


def test_stride_must_be_smaller_than_window() -> None:
    with pytest.raises(ValueError):
        make_windows(100, max_tokens=10, stride=10)


def test_window_input_ids_adds_special_tokens() -> None:
    assert window_input_ids([5, 6, 7, 8], (1, 3), cls_id=0, sep_id=2) == [0, 6, 7, 2]


def test_merge_prefers_window_where_token_is_central() -> None:
    windows = make_windows(30, max_tokens=10, stride=4)  # (0,10) (6,16) (12,22) (18,28) (20,30)
    # window k predicts label k for all its tokens, so the merged argmax names the chosen window
    probs = [np.eye(len(windows), dtype=np.float32)[[k] * (e - s)] for k, (s, e) in enumerate(windows)]
    chosen = merge_windows(windows, probs, 30).argmax(axis=1)
    assert windows[:3] == [(0, 10), (6, 16), (12, 22)]
    assert chosen[0] == 0 and chosen[7] == 0  # 7: margin 2 in (0,10), 1 in (6,16)
    assert chosen[9] == 1  # 9: margin 0 in (0,10), 3 in (6,16)
    assert chosen[29] == len(windows) - 1
    for t in range(30):
        margins = [min(t - s, e - 1 - t) for s, e in windows if s <= t < e]
        s, e = windows[chosen[t]]
        assert min(t - s, e - 1 - t) == max(margins)
