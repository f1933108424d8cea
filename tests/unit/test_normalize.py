"""Normalization rules (CONTRIBUTING.md "Text conventions") and the offset map back to the raw text."""

from __future__ import annotations

import itertools

import pytest

from gdr_nlp.ingest.normalize import normalize


def _check_offsets(raw: str, text: str, offsets: list[int]) -> None:
    assert len(offsets) == len(text) + 1
    assert offsets[-1] == len(raw)
    assert not text or offsets[0] == 0
    assert all(a < b for a, b in itertools.pairwise(offsets))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("２０２０年", "2020年"),
        ("ＡＢＣｘｙｚ", "ABCxyz"),
        ("增长１５．５％", "增长15.5%"),
        ("１／２－３", "1/2-3"),
        ("1．加强组织", "1.加强组织"),
        ("(一)主动公开", "（一）主动公开"),
        ("（二）依申请", "（二）依申请"),
        ("⼀、总体情况", "一、总体情况"),  # Kangxi radical U+2F00
        ("\uf900", "豈"),  # CJK compatibility ideograph
        ("a\u200bb\u200dc\ufeffd\u00ade", "abcde"),
        ("a\r\nb\rc\n", "a\nb\nc\n"),
        ("a\u00a0b\u3000c", "a b c"),
        ("正文[bookmark: _GoBack]结束", "正文结束"),
        ("前[bookmark: OLE_LINK1]后", "前后"),
        ("a\tb\n\tc", "a\tb\n\tc"),
        ("1，234件；10：30", "1,234件；10:30"),
    ],
)
def test_rules(raw: str, expected: str) -> None:
    text, offsets = normalize(raw)
    assert text == expected
    _check_offsets(raw, text, offsets)


def test_chinese_punctuation_and_quotes_kept() -> None:
    # NFKC over the whole text would not touch these either, but it would rewrite
    # the full-width comma and colon used in the official labels.
    raw = "“三安全一稳定”，区分处理的：只计这一情形；是否？！《条例》、。"
    assert normalize(raw)[0] == raw


def test_raw_slice_of_every_character() -> None:
    raw = "\ufeff第一\r\n２０２０年(一)[bookmark: _GoBack]\u200b共１，２００件\u3000完"
    text, offsets = normalize(raw)
    assert text == "第一\n2020年（一）共1,200件 完"
    assert raw[offsets[0] : offsets[-1]] == raw
    assert raw[offsets[0] : offsets[1]] == "\ufeff第"
    # the removed bookmark and zero-width space are absorbed by the character before them
    i = text.index("）")
    assert raw[offsets[i] : offsets[i + 1]] == ")[bookmark: _GoBack]\u200b"
    j = text.index("\n")
    assert raw[offsets[j] : offsets[j + 1]] == "\r\n"
    k = text.index(",")
    assert raw[offsets[k] : offsets[k + 1]] == "，"


def test_empty() -> None:
    assert normalize("") == ("", [0])


# Glyph substitutes PDF text layers produce (#9 item 4): Kangxi radicals, the CJK Radicals
# Supplement (which NFKC leaves alone), compatibility ideographs and their supplement.
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("⼈⺠政府", "人民政府"),  # U+2F08 Kangxi + U+2EA0 radicals supplement
        ("政务公开专⻔", "政务公开专门"),
        ("⻓期⻅效", "长期见效"),
        ("⻆⾊⻉壳⻋辆", "角色贝壳车辆"),
        ("⻘年⻝品⻬全⻮科⻰⻳", "青年食品齐全齿科龙龟"),
        ("⻈", "讠"),
        ("⼾籍⾭年", "户籍青年"),  # NFKC would give the traditional 戶/靑
        ("\uf9b1", "\u9234"),  # CJK compatibility ideograph → 鈴
        ("\U0002f800", "\u4e3d"),  # compatibility supplement → 丽
        ("︵⼀︶", "（一）"),  # vertical-form parentheses
    ],
)
def test_glyph_substitutes(raw: str, expected: str) -> None:
    text, offsets = normalize(raw)
    assert text == expected
    _check_offsets(raw, text, offsets)


def test_glyph_substitute_offsets_point_at_the_radical() -> None:
    # the compatibility supplement is outside the BMP: one code point, one offset, and raw stays the source
    raw = "本机关不掌握\U0002f800相关⻔户信息"
    text, offsets = normalize(raw)
    assert text == "本机关不掌握丽相关门户信息"
    assert offsets == list(range(len(raw) + 1))
    i = text.index("门")
    assert raw[offsets[i] : offsets[i + 1]] == "⻔"


def test_every_radicals_supplement_form_maps_to_a_unified_ideograph() -> None:
    import unicodedata

    from gdr_nlp.ingest.normalize import GLYPH_SUBSTITUTES

    for ch, target in GLYPH_SUBSTITUTES.items():
        assert len(target) == 1 and "CJK UNIFIED IDEOGRAPH" in unicodedata.name(target), ch
    assigned = [chr(c) for c in range(0x2E80, 0x2EF4) if unicodedata.name(chr(c), "")]
    assert sum(ch in GLYPH_SUBSTITUTES for ch in assigned) >= len(assigned) - 10
