"""Text normalization with a per-character map back to the raw text.

The rules are the ones in CONTRIBUTING.md ("Text conventions"). Normalization is
done character by character (never NFKC over the whole text: that would also
rewrite “” and 。 and lose the one-to-one offset map).
"""

from __future__ import annotations

import re
import unicodedata

# Word text exports leave bookmark markers such as "[bookmark: _GoBack]" in the text.
_ARTIFACT = re.compile(r"\[bookmark: [^\]\n]{0,80}\]")

_REMOVE = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad")
_SPACES = frozenset("\u00a0\u3000\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f")
# Full-width punctuation that is native Chinese punctuation stays as it is (the
# official labels use it); ，and ： only become half-width between digits (1，234 / 10：30).
_KEEP_FULLWIDTH = frozenset("（）；！？")
_DIGIT_CONTEXT = frozenset("，：")
_DIGITS = frozenset("0123456789０１２３４５６７８９")


def _map_char(ch: str) -> str:
    """Normalized form of a single character (may be the character itself)."""
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E and ch not in _KEEP_FULLWIDTH:
        return chr(code - 0xFEE0)
    if ch == "(":
        return "（"
    if ch == ")":
        return "）"
    if ch in _SPACES:
        return " "
    # Kangxi radicals, CJK radicals supplement and CJK compatibility ideographs → unified ideographs
    if 0x2E80 <= code <= 0x2FDF or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F:
        mapped = unicodedata.normalize("NFKC", ch)
        return mapped if len(mapped) == 1 else ch
    return ch


def _removed_ranges(raw: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _ARTIFACT.finditer(raw)]


def normalize(raw: str) -> tuple[str, list[int]]:
    """Normalize ``raw`` and map every output character back to its raw position.

    Args:
        raw: text as extracted from the source.

    Returns:
        ``(text, raw_offsets)`` where ``raw_offsets[i]`` is the index in ``raw`` of
        the character that produced ``text[i]`` and ``raw_offsets[len(text)] ==
        len(raw)``; so ``raw[raw_offsets[a]:raw_offsets[b]]`` is the source of
        ``text[a:b]`` (removed characters are absorbed by the character before
        them, or by the first character when they lead the text).

    Example:
        >>> normalize("２０２０年(一)\\r\\n")
        ('2020年（一）\\n', [0, 1, 2, 3, 4, 5, 6, 7, 8, 10])
    """
    out: list[str] = []
    offsets: list[int] = []
    skips = _removed_ranges(raw)
    skip_i = 0
    n = len(raw)
    i = 0
    while i < n:
        if skip_i < len(skips) and i == skips[skip_i][0]:
            i = skips[skip_i][1]
            skip_i += 1
            continue
        ch = raw[i]
        if ch in _REMOVE:
            i += 1
            continue
        if ch == "\r":
            out.append("\n")
            offsets.append(i)
            i += 2 if i + 1 < n and raw[i + 1] == "\n" else 1
            continue
        if ch in _DIGIT_CONTEXT:
            between_digits = 0 < i < n - 1 and raw[i - 1] in _DIGITS and raw[i + 1] in _DIGITS
            out.append(chr(ord(ch) - 0xFEE0) if between_digits else ch)
        else:
            out.append(_map_char(ch) if ord(ch) > 0x7F or ch in "()" else ch)
        offsets.append(i)
        i += 1
    offsets.append(n)
    if out:
        offsets[0] = 0  # leading removed characters (a BOM) belong to the first character
    return "".join(out), offsets
