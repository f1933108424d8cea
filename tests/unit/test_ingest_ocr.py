"""OCR of scanned and font-broken PDF pages (#13, #9 item 5): detection, geometry, digits, errors.

The OCR runs here are kept to one small page each (the CPU is shared); the whole realdev
scans are measured by ``benchmarks/eval_ocr.py``.
"""

from __future__ import annotations

import difflib
import io
import json
from pathlib import Path

import numpy as np
import pytest

from gdr_nlp.cli import main
from gdr_nlp.errors import DocumentLoadError
from gdr_nlp.ingest import load, ocr
from gdr_nlp.ingest.pdf import load_pdf
from gdr_nlp.ingest.scanned import garbled
from gdr_nlp.synth.scan import scan_pdf, strip_unicode_maps

needs_ocr = pytest.mark.skipif(ocr.available() is not None, reason=f"OCR unavailable: {ocr.available()}")


# ---- digits -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "alone", "number"), [
    ("1O5", False, "105"),  # letter O inside a number
    ("2S", False, "25"),
    ("B4", False, "84"),
    ("9..487", False, "9.487"),  # doubled dot
    ("95.", False, "95"),  # a speck read as a trailing dot
    ("0°", True, "0"),
    ("o..", True, "0"),  # a small 0 with specks, alone in its cell
    ("。", True, "0"),  # a small 0 read as an ideographic full stop
    ("l", True, "1"),
    ("B", True, "8"),  # one look-alike letter alone in its box: a table cell
    ("0”", True, "0"),
    ("1,305", False, "1,305"),
    ("2024", False, "2024"),
])
def test_read_number_resolves_confusions(raw: str, alone: bool, number: str) -> None:
    assert ocr.read_number(raw, alone=alone) == number


@pytest.mark.parametrize(("raw", "alone"),
                         [("OA", True), ("l", False), ("S", False), ("PDF", True), ("APP", False), (".", True)])
def test_read_number_leaves_words_alone(raw: str, alone: bool) -> None:
    assert ocr.read_number(raw, alone=alone) is None


def test_to_chars_marks_the_resolved_confusion() -> None:
    chars = ocr.to_chars([ocr.Word("1O5", (0, 0, 30, 10), 0.97), ocr.Word("件", (40, 0, 50, 10), 0.99)], px_per_pt=1.0)
    assert "".join(c["text"] for c in chars) == "105件"
    assert [c["alt"] for c in chars] == ["1O5"] * 3 + [None]
    assert chars[0]["x0"] == 0 and chars[2]["x1"] == pytest.approx(30)  # the box is shared out, not stretched


def test_review_notes_name_unsure_and_resolved_table_numbers() -> None:
    from types import SimpleNamespace

    from gdr_nlp.ingest.scanned import cell_notes

    words = [ocr.Word("95", (10, 10, 20, 20), 0.99), ocr.Word("1O", (30, 10, 40, 20), 0.98),
             ocr.Word("3", (50, 10, 55, 20), 0.41), ocr.Word("7", (300, 300, 305, 310), 0.30)]
    table = SimpleNamespace(bbox=(0, 0, 100, 100))  # the last number lies outside the table
    notes = cell_notes(4, [table], ocr.to_chars(words, px_per_pt=1.0))
    assert notes == ["page 4: 1 table number(s) printed unlike digits, read as numbers: '1O' as 10 at (30, 10)",
                     "page 4: 1 table number(s) read with low OCR confidence (< 0.90): 3 at (50, 10) (0.41)"]


# ---- garbled text layers ------------------------------------------------------------------------


def _chars(texts: list[str]) -> list[dict]:
    return [{"text": t} for t in texts]


@pytest.mark.parametrize("bad", [["(cid:1618)"] * 40, ["\ue123"] * 40, list("Õþ¸®Ê¡Õþ¸®ÐÅÏ¢¹«¿ª¹¤×÷Äê¶È±¨¸æ") * 2])
def test_garbled_layers_are_detected(bad: list[str]) -> None:
    assert garbled(_chars(bad + list("2024")))


def test_sound_layer_is_not_garbled() -> None:
    # Chinese prose with a few odd glyphs (a bullet, a private-use dingbat) is a sound text layer
    assert not garbled(_chars(list("政府信息公开工作年度报告本年新收申请数量") * 5 + ["\ue001", "•"]))
    assert not garbled(_chars(["(cid:12)"] * 5))  # too few to say


def test_garbled_layer_without_ocr_is_an_error(realdev: Path, tmp_path: Path) -> None:
    path = strip_unicode_maps(realdev / "hongze2024.pdf", tmp_path / "nomap.pdf", pages=[5])
    with pytest.raises(DocumentLoadError) as e:
        load_pdf(path.read_bytes(), str(path), ocr="never")
    assert e.value.code == "E018" and "page(s) 1" in str(e.value) and "--ocr never" in str(e.value)


@needs_ocr
def test_garbled_layer_is_read_by_ocr(realdev: Path, tmp_path: Path) -> None:
    path = strip_unicode_maps(realdev / "hongze2024.pdf", tmp_path / "nomap.pdf", pages=[5])
    sound = load_pdf((realdev / "hongze2024.pdf").read_bytes(), "sound.pdf")
    read = load_pdf(path.read_bytes(), str(path))
    assert "(cid:" not in read.raw_text
    assert any("garbled text layer" in w for w in read.warnings)
    last_page = "\n".join(t for t, (page, _) in zip(sound.raw_text.split("\n"), sound.line_origins, strict=True)
                          if page == 5)
    similarity = difflib.SequenceMatcher(None, last_page.replace(" ", ""), read.raw_text.replace(" ", "")).ratio()
    assert similarity >= 0.9


# ---- geometry ----------------------------------------------------------------------------------


BLANK = (2, 2)  # the grid cell left blank (but speckled)


def _grid_image(rows: int = 6, cols: int = 4, *, angle: float = 0.0, digits: bool = True) -> np.ndarray:
    """A white page with a ruled grid and a number in every cell but ``BLANK`` (Hershey digits),
    speckled like a scan, optionally rotated."""
    import cv2

    img = np.full((900, 700), 255, np.uint8)
    x0, y0, w, h = 80, 120, 130, 60
    for r in range(rows + 1):
        cv2.line(img, (x0, y0 + r * h), (x0 + cols * w, y0 + r * h), 0, 2)
    for c in range(cols + 1):
        cv2.line(img, (x0 + c * w, y0), (x0 + c * w, y0 + rows * h), 0, 2)
    if digits:
        for r in range(rows):
            for c in range(cols):
                if (r, c) == BLANK:
                    continue
                cv2.putText(img, str(r * 17 + c * 3), (x0 + c * w + 35, y0 + r * h + 42), cv2.FONT_HERSHEY_SIMPLEX,
                            1.0, 0, 2, cv2.LINE_AA)
    specks = np.random.default_rng(7).random(img.shape) < 0.002
    img[specks] = 40
    return ocr.rotate(img, angle) if angle else img


def _grid_rows(rows: int = 6, cols: int = 4) -> list[list[str]]:
    return [["" if (r, c) == BLANK else str(r * 17 + c * 3) for c in range(cols)] for r in range(rows)]


@needs_ocr
@pytest.mark.parametrize("angle", [-0.8, 0.5])
def test_skew_angle_levels_a_rotated_page(angle: float) -> None:
    assert ocr.skew_angle(_grid_image(angle=angle)) == pytest.approx(-angle, abs=0.15)


@needs_ocr
def test_ruling_finds_the_grid() -> None:
    h_lines, v_lines = ocr.ruling(_grid_image(digits=True), px_per_pt=2.0)
    assert len(h_lines) == 7 and len(v_lines) == 5
    assert all(line["top"] == line["bottom"] for line in h_lines)
    assert sorted(round(line["x0"]) for line in v_lines) == [40, 105, 170, 235, 300]  # pixels / 2


def _image_pdf(image: np.ndarray, path: Path, *, dpi: int = 144, caption: str | None = None) -> Path:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    png = io.BytesIO()
    Image.fromarray(image).save(png, format="PNG")
    png.seek(0)
    size = (image.shape[1] * 72 / dpi, image.shape[0] * 72 / dpi)
    c = canvas.Canvas(str(path), pagesize=size)
    c.drawImage(ImageReader(png), 0, 0, width=size[0], height=size[1])
    if caption:  # a text layer on top of the image, as a scan with a typed caption has
        c.setFont("Helvetica", 12)
        c.drawString(40, size[1] - 30, caption)
    c.save()
    return path


@needs_ocr
def test_scanned_grid_becomes_tab_rows(tmp_path: Path) -> None:
    """Words and the image's ruling go through the text layer's table reader: one tab-joined row per grid row."""
    path = _image_pdf(_grid_image(angle=0.6), tmp_path / "grid.pdf")
    got = load_pdf(path.read_bytes(), str(path))
    rows = [line.split("\t") for line in got.raw_text.split("\n") if "\t" in line]
    assert rows == _grid_rows()  # the speckled blank cell stays blank
    assert all(page == 1 and bbox is not None for page, bbox in got.line_origins if page)


@needs_ocr
def test_ocr_always_reads_pages_that_have_a_text_layer(tmp_path: Path) -> None:
    caption = "Annual report 2024, table 3 " * 2  # enough text that auto trusts the layer
    path = _image_pdf(_grid_image(), tmp_path / "captioned.pdf", caption=caption)
    auto = load_pdf(path.read_bytes(), str(path))
    assert "\t" not in auto.raw_text and not any("OCR" in w for w in auto.warnings)
    always = load_pdf(path.read_bytes(), str(path), ocr="always")
    assert any("read by OCR (--ocr always)" in w for w in always.warnings)
    assert "17\t20\t23\t26" in always.raw_text


@pytest.mark.parametrize(("dpi", "rendered"), [(144, 150), (180, 180), (300, 200)])
def test_scans_are_rendered_near_their_own_resolution(tmp_path: Path, dpi: int, rendered: int) -> None:
    import pdfplumber

    from gdr_nlp.ingest.scanned import render_dpi

    path = _image_pdf(np.full((300, 200), 255, np.uint8), tmp_path / "page.pdf", dpi=dpi)
    with pdfplumber.open(path) as pdf:
        assert render_dpi(pdf.pages[0], 200, ocr.NATIVE_RANGE) == rendered


# ---- whole pages --------------------------------------------------------------------------------


def _tables(doc):  # type: ignore[no-untyped-def]
    from gdr_nlp.check.rules import run_table_checks
    from gdr_nlp.reconcile.tables import reconcile_tables
    from gdr_nlp.tag.rules import RuleTagger

    reconcile_tables(RuleTagger()(doc))
    doc.checks = run_table_checks(doc)
    return doc


@needs_ocr
def test_scanned_table_page_every_cell_right_or_flagged(realdev: Path, tmp_path: Path) -> None:
    """The page of a real report holding 表三's first rows, scanned at 150 dpi (grey, rotated,
    speckled, JPEG 60) and read back: the gold cells of the rows on that page."""
    from gdr_nlp.scoring import score_tables

    gold = json.loads((realdev / "hongze2024.gold.json").read_text(encoding="utf-8"))["tables"]["applications"]
    text_layer = _tables(load(realdev / "hongze2024.pdf")).tables["applications"]
    page = 3
    rows = [key for key, cols in text_layer.items() if all(c["page"] == page for c in cols.values())]
    assert len(rows) >= 10
    path = scan_pdf(realdev / "hongze2024.pdf", tmp_path / "scan.pdf", dpi=150, pages=[page])
    doc = load(path)
    assert any("read by OCR (no text layer)" in w for w in doc.warnings)
    _tables(doc)
    score = score_tables({"applications": doc.tables.get("applications") or {}},
                         {"applications": {key: gold[key] for key in rows}})
    assert score.accuracy >= 0.95
    flagged = doc.review_notes or [c for c in doc.checks if c["status"] == "fail"]
    assert not score.mismatches or flagged
    assert all(c["page"] == 1 for key in rows for c in doc.tables["applications"][key].values())


def test_text_layer_pdf_is_never_rendered(realdev: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("OCR ran on a text-layer page")

    monkeypatch.setattr(ocr, "read_page", fail)
    got = load_pdf((realdev / "huaian2024.pdf").read_bytes(), "huaian2024.pdf")
    assert not any("OCR" in w for w in got.warnings) and got.review_notes == []


def _noise_pdf(tmp_path: Path) -> Path:
    rng = np.random.default_rng(3)
    return _image_pdf((rng.random((200, 150)) * 255).astype(np.uint8), tmp_path / "scan.pdf")


def test_scan_with_ocr_never_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _noise_pdf(tmp_path)
    assert main(["extract", str(path), "--ocr", "never"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("[E010]") and "--ocr never" in err[0] and str(path) in err[0]


def test_scan_with_ocr_unavailable_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "available", lambda name="rapidocr": "rapidocr_onnxruntime is not installed")
    path = _noise_pdf(tmp_path)
    with pytest.raises(DocumentLoadError) as e:
        load_pdf(path.read_bytes(), str(path))
    assert e.value.code == "E010" and "OCR is unavailable: rapidocr_onnxruntime is not installed" in str(e.value)


def test_unknown_ocr_mode_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(_noise_pdf(tmp_path)), "--ocr", "sometimes"]) == 2  # a usage error
    err = capsys.readouterr().err.strip()
    assert "--ocr" in err and "auto" in err and "never" in err and "\n" not in err


def test_some_pages_scanned_with_ocr_never_are_named(tmp_path: Path) -> None:
    """A text report with one scanned page is still read, and the unread page is said out loud."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 12)
    c.drawString(72, 700, "2024年政府信息公开工作年度报告")
    c.showPage()
    png = io.BytesIO()
    Image.fromarray(np.full((400, 300), 200, np.uint8)).save(png, format="PNG")
    png.seek(0)
    c.drawImage(ImageReader(png), 0, 0, width=595, height=842)
    c.showPage()
    c.save()
    got = load_pdf(path.read_bytes(), str(path), ocr="never")
    assert "年度报告" in got.raw_text
    assert got.review_notes == ["page(s) 2 have no text layer and were not read: OCR is off (--ocr never)"]
