"""``gdr_nlp.ingest.load`` on text inputs: seeds, encodings, format sniffing, line records."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from gdr_nlp.ingest import SUPPORTED_SUFFIXES, load
from gdr_nlp.ingest.normalize import normalize
from gdr_nlp.ingest.txt import decode_bytes
from tests.conftest import SEED_FILES

REPORT = "（一）主动公开政府信息情况\r\n本年主动公开政府信息１２３条，(详见表二)。\r\n二、依申请公开\u3000共收到申请４５件。\r\n"


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_seed_offsets_exact(seed: Path) -> None:
    doc = load(seed)
    raw = seed.read_text(encoding="utf-8")
    assert doc.raw_text == raw
    assert doc.raw_slice(0, len(doc.text)) == raw
    assert len(doc.raw_offsets) == len(doc.text) + 1
    # every character's raw slice normalizes back to that character
    for i, ch in enumerate(doc.text):
        piece = doc.raw_slice(i, i + 1)
        assert normalize(piece)[0] == ch or (ch in ",:" and piece in "，："), (i, ch, piece)
    # every line's raw slice normalizes to the line
    for line in doc.lines:
        assert normalize(doc.raw_slice(line.start, line.end))[0] == doc.text[line.start : line.end]


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_seed_source_and_lines(seed: Path) -> None:
    doc = load(seed)
    assert doc.source.path == str(seed)
    assert doc.source.sha256 == hashlib.sha256(seed.read_bytes()).hexdigest()
    assert doc.source.media_type == "text/plain"
    assert doc.source.pages is None
    assert len(doc.lines) == doc.text.count("\n") + 1
    assert all(doc.text[ln.start : ln.end].find("\n") < 0 for ln in doc.lines)
    assert all(ln.page is None and ln.bbox is None for ln in doc.lines)
    assert doc.warnings == []


@pytest.mark.parametrize(
    ("encode", "name"),
    [
        (lambda s: s.encode("utf-8"), "utf8"),
        (lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"), "utf8-bom"),
        (lambda s: s.encode("utf-16"), "utf16-bom"),
        (lambda s: b"\xfe\xff" + s.encode("utf-16-be"), "utf16be-bom"),
        (lambda s: s.encode("utf-16-le"), "utf16le-no-bom"),
        (lambda s: s.encode("gb18030"), "gb18030"),
        (lambda s: s.encode("gbk"), "gbk"),
    ],
)
def test_encodings(tmp_path: Path, encode, name: str) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_bytes(encode(REPORT))
    doc = load(path)
    assert (
        doc.text
        == "（一）主动公开政府信息情况\n本年主动公开政府信息123条，（详见表二）。\n二、依申请公开 共收到申请45件。\n"
    )
    assert doc.raw_text.lstrip("\ufeff") == REPORT
    assert doc.raw_slice(0, len(doc.text)) == doc.raw_text


def test_big5_is_not_read_as_gb18030() -> None:
    # Big5 bytes also decode as GB18030 (into nonsense); the decoder must not stop there
    text = "政府資訊公開年度報告。本年度受理申請共計十件。"
    assert decode_bytes(text.encode("big5"), "x.txt") == (text, "big5")


def test_gbk_with_rare_characters_stays_gbk() -> None:
    text = "淮安市洪泽区人民政府2024年政府信息公开工作年度报告，镕、堃、喆等字。"
    assert decode_bytes(text.encode("gbk"), "x.txt") == (text, "gb18030")


def test_markdown(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("# 2024年政府信息公开工作年度报告\n\n| 规章 | 1 |\n", encoding="utf-8")
    doc = load(path)
    assert doc.source.media_type == "text/markdown"
    assert doc.text.startswith("# 2024年政府信息公开工作年度报告\n")


def test_pathlike_and_str_give_same_doc(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    assert load(path).text == load(str(path)).text


def test_pdf_content_with_txt_extension_read_as_pdf(tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "misnamed.txt"
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 12)
    c.drawString(72, 700, "2024年政府信息公开工作年度报告")
    c.save()
    doc = load(path)
    assert doc.source.media_type == "application/pdf"
    assert doc.text.replace(" ", "") == "2024年政府信息公开工作年度报告"
    assert len(doc.warnings) == 1 and "misnamed.txt" in doc.warnings[0] and "pdf" in doc.warnings[0]


def test_html_content_with_txt_extension_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text("<!DOCTYPE html><html><body><p>政府信息公开</p><p>年度报告</p></body></html>", encoding="utf-8")
    doc = load(path)
    assert doc.source.media_type == "text/html"
    assert doc.text == "政府信息公开\n年度报告"
    assert doc.warnings and "html" in doc.warnings[0]


def test_text_with_unknown_extension_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "report.dat"
    path.write_text(REPORT, encoding="utf-8")
    doc = load(path)
    assert doc.source.media_type == "text/plain"
    assert doc.warnings and "'.dat'" in doc.warnings[0]


def test_text_in_html_file_without_markup_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "plain.html"
    path.write_text(REPORT, encoding="utf-8")
    doc = load(path)
    assert doc.source.media_type == "text/plain"
    assert doc.text.count("\n") == 3  # line structure kept (HTML parsing would collapse it)


def test_supported_suffixes() -> None:
    assert {".txt", ".md", ".html", ".htm", ".docx", ".pdf"} <= set(SUPPORTED_SUFFIXES)
    assert all(s.startswith(".") and s == s.lower() for s in SUPPORTED_SUFFIXES)
