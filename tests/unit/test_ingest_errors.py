"""Bad input: each kind raises the right coded error with a one-line message naming the file."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from gdr_nlp.errors import DocumentLoadError, GdrError, NotAReportError
from gdr_nlp.ingest import load

REPORT = "2024年政府信息公开工作年度报告\n一、总体情况\n"


def _expect(path: Path, code: str, **kwargs: int) -> DocumentLoadError:
    with pytest.raises(DocumentLoadError) as info:
        load(path, **kwargs)
    err = info.value
    msg = str(err)
    assert err.code == code, msg
    assert msg.startswith(f"[{code}] ")
    assert str(path) in msg
    assert "\n" not in msg
    assert err.path == str(path)
    return err


def _pdf_bytes(draw_text: bool = True, encrypt: bool = False) -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption("secret", "owner") if encrypt else None)
    if draw_text:
        c.setFont("STSong-Light", 12)
        c.drawString(72, 700, "2024年政府信息公开工作年度报告")
    c.rect(72, 400, 200, 100, fill=1)  # a scan would be an image; any non-text content will do
    c.save()
    return buf.getvalue()


def test_missing(tmp_path: Path) -> None:
    _expect(tmp_path / "nope.txt", "E001")


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    _expect(tmp_path, "E001")


def test_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    _expect(path, "E002")


@pytest.mark.parametrize("content", [" \n\t\r\n", "\ufeff\u3000\u00a0\n", "[bookmark: _GoBack]\n"])
def test_whitespace_only(tmp_path: Path, content: str) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(content, encoding="utf-8")
    _expect(path, "E002")


def test_empty_html(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>政府信息公开</title></head><body> <p></p> </body></html>", encoding="utf-8")
    _expect(path, "E002")


def test_unsupported_extension_unrecognizable_content(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    err = _expect(path, "E003")
    assert "'.png'" in str(err)


def test_legacy_doc(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    _expect(path, "E003")


def test_binary_with_text_extension(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    _expect(path, "E008")


def test_undecodable_text(tmp_path: Path) -> None:
    path = tmp_path / "mojibake.txt"
    path.write_bytes(b"abc \xff\xfd\xff def \xff\xff ghi\n" * 40)
    err = _expect(path, "E011")
    assert "UTF-8" in str(err)


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(_pdf_bytes()[:400])
    _expect(path, "E006")


def test_pdf_extension_without_pdf_content(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(bytes(range(256)) * 4)
    _expect(path, "E006")


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(_pdf_bytes(encrypt=True))
    _expect(path, "E005")


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf_bytes(draw_text=False))
    _expect(path, "E010")


def test_corrupt_docx_xml(tmp_path: Path) -> None:
    from docx import Document

    buf = io.BytesIO()
    Document().save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, b"<w:document><w:body><w:p>" if item.filename == "word/document.xml" else data)
    path = tmp_path / "broken.docx"
    path.write_bytes(out.getvalue())
    _expect(path, "E006")


def test_truncated_docx(tmp_path: Path) -> None:
    from docx import Document

    buf = io.BytesIO()
    Document().save(buf)
    path = tmp_path / "cut.docx"
    path.write_bytes(buf.getvalue()[:2000])
    _expect(path, "E006")


def test_zip_that_is_not_docx(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", REPORT)
    path = tmp_path / "archive.docx"
    path.write_bytes(out.getvalue())
    _expect(path, "E006")


def test_encrypted_docx(tmp_path: Path) -> None:
    # Office saves password-protected .docx files as an OLE2 container
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    err = _expect(path, "E006")
    assert "encrypted" in str(err)


def test_too_large_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:  # sparse: the size is there, the bytes are never read
        fh.truncate(200 * 1024 * 1024)
    err = _expect(path, "E007")
    assert "100 MB" in str(err)


def test_max_bytes_option(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    _expect(path, "E007", max_bytes=10)
    assert load(path, max_bytes=len(REPORT.encode()))


def test_not_a_report(tmp_path: Path) -> None:
    path = tmp_path / "weather.txt"
    path.write_text("今天天气晴，气温二十度。\n明天多云。\n", encoding="utf-8")
    with pytest.raises(NotAReportError) as info:
        load(path)
    assert info.value.code == "E009" and str(path) in str(info.value)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(REPORT, encoding="utf-8")
    path.chmod(0)
    _expect(path, "E006")


def test_errors_are_gdr_errors_and_chain_the_cause(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(_pdf_bytes()[:400])
    with pytest.raises(GdrError) as info:
        load(path)
    assert info.value.__cause__ is not None
