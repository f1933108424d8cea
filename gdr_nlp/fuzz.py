"""Seeded generator of broken, hostile and mutated inputs for ``gdr extract`` (#11).

Each case is a file (or a link) of one *class* of mess as it occurs in the wild: the
resource bombs of the issue (span bombs, 200,000 cells, a DOCX unpacking to 500 MB, one
500 KB line, a 50 MB repeated report), damage (truncation, flipped bytes, a cut UTF-8
character, a stray byte, NUL), the encodings Chinese reports come in, mojibake,
concatenated reports, wrong extensions, symbolic link loops, dangling links and odd file
names. Mutations start from real-shaped reports: the caller's base files (the seed
fixtures, ``gdr synth`` output in every format).

``expect`` says what a correct tool does: ``ok`` (the report must still be read, maybe
with ``review``), ``error`` (a clean coded error), ``any`` (either, never a crash).
``benchmarks/fuzz_bench.py`` runs the full set (≥ 2,000 cases), the tests a fast subset.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Case:
    """One generated input: ``name`` (bytes: a file name need not be UTF-8), content or link target."""

    klass: str
    name: bytes
    data: bytes | None = None
    link_to: bytes | None = None  # a symbolic link instead of a file
    expect: str = "any"  # ok | error | any


Base = dict[str, list[bytes]]
"""Base files by extension (``.txt``, ``.html``, ``.docx``, ``.pdf``)."""


def _text(base: Base, rng: random.Random) -> bytes:
    return rng.choice(base[".txt"])


def _pick(base: Base, rng: random.Random) -> tuple[str, bytes]:
    ext = rng.choice(sorted(base))
    return ext, rng.choice(base[ext])


def _html_page(body: str) -> bytes:
    return f"<html><head><meta charset='utf-8'></head><body><p>政府信息公开工作年度报告</p>{body}</body></html>".encode()


def _docx(document_xml: bytes, extra_members: int = 0) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        zf.writestr("word/document.xml", document_xml)
        for i in range(extra_members):
            zf.writestr(f"word/media/m{i}.xml", b"<x/>")
    return buf.getvalue()


# ---- the classes: each (rng, base, scale) -> Case; scale < 1 shrinks the bombs for the fast test subset ----


def span_bomb(rng: random.Random, base: Base, scale: float) -> Case:
    rows = "".join("<tr>" + "<td rowspan=1000 colspan=1000>1</td>" * 3 + "</tr>" for _ in range(400))  # 38 KB at any scale
    return Case("html_span_bomb", b"span_bomb.html", _html_page(f"<table>{rows}</table>"), expect="error")


def many_cells(rng: random.Random, base: Base, scale: float) -> Case:
    n = int(200_000 * max(scale, 0.6))
    rows = "".join("<tr>" + "<td>1</td>" * 100 + "</tr>" for _ in range(n // 100))
    return Case("html_many_cells", b"many_cells.html", _html_page(f"<table>{rows}</table>"), expect="error")


def deep_nesting(rng: random.Random, base: Base, scale: float) -> Case:
    depth = rng.choice([40, 200, max(50, int(20000 * scale))])
    kind = rng.choice(["table", "div"])
    if kind == "table":
        body = "<table><tr><td>" * depth + "1" + "</td></tr></table>" * depth
    else:
        body = "<div>" * depth + "主动公开" + "</div>" * depth
    return Case("html_deep_nesting", f"deep_{kind}.html".encode(), _html_page(body), expect="any")


def long_line(rng: random.Random, base: Base, scale: float) -> Case:
    """One report with its line breaks removed, repeated to ~500 KB (HTML) or ~5 MB (text) on one line."""
    text = _text(base, rng).decode("utf-8", errors="ignore").replace("\n", " ")
    if rng.random() < 0.5:
        size = int(500_000 * scale)
        return Case("long_line", b"one_line.html", _html_page((text * (size // len(text) + 1))[:size]), expect="any")
    size = int(5_000_000 * scale)
    return Case("long_line", b"one_line.txt", (text * (size // len(text) + 1))[:size].encode(), expect="any")


def huge_repeated(rng: random.Random, base: Base, scale: float) -> Case:
    raw = _text(base, rng)
    size = int(50 * 2**20 * scale)
    return Case("huge_repeated", b"repeated.txt", (raw * (size // len(raw) + 1))[:size], expect="any")


def docx_bomb(rng: random.Random, base: Base, scale: float) -> Case:
    size = int(500 * 2**20 * scale) if scale >= 1 else 40 * 2**20
    w = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    xml = w + b"<w:p><w:r><w:t>" + b" " * size + b"</w:t></w:r></w:p></w:body></w:document>"
    return Case("docx_zip_bomb", b"bomb.docx", _docx(xml), expect="error")


def docx_members(rng: random.Random, base: Base, scale: float) -> Case:
    w = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'
    return Case("docx_many_members", b"members.docx", _docx(w, extra_members=rng.choice([2500, 6000])), expect="error")


def entity_bomb(rng: random.Random, base: Base, scale: float) -> Case:
    """A billion-laughs DOCX: nine levels of entities, each ten of the one below (10^9 characters)."""
    levels = [b'<!ENTITY e0 "laughlaugh">'] + [
        b'<!ENTITY e%d "%s">' % (i, b"&e%d;" % (i - 1) * 10) for i in range(1, 10)
    ]
    xml = (b'<?xml version="1.0"?><!DOCTYPE w:document [' + b"".join(levels) + b"]>"
           b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b"<w:body><w:p><w:r><w:t>&e9;</w:t></w:r></w:p></w:body></w:document>")
    return Case("docx_entity_bomb", b"lol.docx", _docx(xml), expect="any")


def truncation(rng: random.Random, base: Base, scale: float) -> Case:
    ext, data = _pick(base, rng)
    cut = rng.randint(1, max(1, len(data) - 1))
    return Case("truncation", f"truncated{ext}".encode(), data[:cut], expect="any")


def byte_flips(rng: random.Random, base: Base, scale: float) -> Case:
    ext, data = _pick(base, rng)
    buf = bytearray(data)
    for _ in range(rng.choice([1, 3, 20, 200])):
        buf[rng.randrange(len(buf))] = rng.randrange(256)
    return Case("byte_flip", f"flipped{ext}".encode(), bytes(buf), expect="any")


_ENCODINGS = ("gb18030", "gbk", "big5", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig")


def encodings(rng: random.Random, base: Base, scale: float) -> Case:
    text = _text(base, rng).decode("utf-8")
    enc = rng.choice(_ENCODINGS)
    try:
        data, expect = text.encode(enc), "ok"
    except UnicodeEncodeError:  # a character the legacy code page lacks (U+2002 in GBK, simplified ones in Big5)
        data, expect = text.encode(enc, errors="replace"), "any"
    return Case("encoding", f"enc_{enc}.txt".encode(), data, expect=expect)


def mojibake(rng: random.Random, base: Base, scale: float) -> Case:
    text = _text(base, rng)
    wrong = rng.choice(["latin-1", "cp1252", "gbk"])
    data = text.decode(wrong, errors="replace").encode("utf-8")
    return Case("mojibake", f"mojibake_{wrong}.txt".encode(), data, expect="any")


def damaged_utf8(rng: random.Random, base: Base, scale: float) -> Case:
    """One bad byte in a UTF-8 report: a cut last character, a stray 0xFF, one NUL."""
    text = _text(base, rng)
    how = rng.choice(["cut_end", "stray_byte", "nul"])
    if how == "cut_end":
        data = text.rstrip() + "。".encode()[:2]
    else:
        at = rng.randrange(len(text) // 2, len(text))
        while at < len(text) and (text[at] & 0xC0) == 0x80:  # not inside a character
            at += 1
        data = text[:at] + (b"\xff" if how == "stray_byte" else b"\x00") + text[at:]
    return Case("damaged_utf8", f"damaged_{how}.txt".encode(), data, expect="ok")


def concatenated(rng: random.Random, base: Base, scale: float) -> Case:
    ext = rng.choice([".txt", ".pdf", ".html"])
    a, b = rng.choice(base[ext]), rng.choice(base[ext])
    return Case("concatenated", f"two_reports{ext}".encode(), a + b, expect="any")


def wrong_extension(rng: random.Random, base: Base, scale: float) -> Case:
    ext, data = _pick(base, rng)
    other = rng.choice([e for e in (".txt", ".html", ".docx", ".pdf", ".md") if e != ext])
    return Case("wrong_extension", f"renamed{ext.replace('.', '_')}{other}".encode(), data, expect="any")


def junk(rng: random.Random, base: Base, scale: float) -> Case:
    kind = rng.choice(["empty", "spaces", "random", "pdf_header", "zip_header", "ole", "not_report", "html_unclosed"])
    data = {
        "empty": b"",
        "spaces": b" \n\t " * rng.randint(1, 50),
        "random": rng.randbytes(rng.randint(1, 5000)),
        "pdf_header": b"%PDF-1.7\n" + rng.randbytes(rng.randint(0, 3000)),
        "zip_header": b"PK\x03\x04" + rng.randbytes(rng.randint(0, 3000)),
        "ole": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(500),
        "not_report": "今天天气很好，我们去公园散步。".encode() * rng.randint(1, 50),
        "html_unclosed": b"<html><body><table><tr><td>" * rng.randint(1, 300) + "主动公开".encode(),
    }[kind]
    ext = rng.choice([".txt", ".html", ".pdf", ".docx", ".md"])
    return Case("junk", f"junk_{kind}{ext}".encode(), data, expect="any" if kind == "html_unclosed" else "error")


def odd_names(rng: random.Random, base: Base, scale: float) -> Case:
    ext, data = _pick(base, rng)
    name = rng.choice([
        "年度报告" * 20,  # 240 characters, 720 bytes: over the file system's 255 (cut to fit below)
        "a" * 240,
        "with space and 　 full-width",
        "-leading-dash",
        "new\nline",
        "semi;colon$(dollar)`tick`",
        "..dots..",
    ]).encode()
    if rng.random() < 0.3:
        name = b"bad_utf8_\xff\xfe_" + name[:20]
    name = name[: 250 - len(ext)] + ext.encode()
    while True:  # a cut must not leave half a UTF-8 character unless the case wants bad bytes
        try:
            name.decode("utf-8")
            break
        except UnicodeDecodeError:
            if b"bad_utf8_" in name:
                break
            name = name[:-len(ext) - 1] + ext.encode()
    return Case("odd_name", name, data, expect="ok")


def links(rng: random.Random, base: Base, scale: float) -> Case:
    kind = rng.choice(["loop", "dangling", "self"])
    if kind == "loop":
        return Case("symlink", b"loop_dir", link_to=b".", expect="error")  # a folder link back to its parent
    if kind == "self":
        return Case("symlink", b"self.txt", link_to=b"self.txt", expect="error")
    return Case("symlink", b"dangling.pdf", link_to=b"no/such/file.pdf", expect="error")


CLASSES: dict[str, Callable[[random.Random, Base, float], Case]] = {
    "html_span_bomb": span_bomb,
    "html_many_cells": many_cells,
    "html_deep_nesting": deep_nesting,
    "long_line": long_line,
    "huge_repeated": huge_repeated,
    "docx_zip_bomb": docx_bomb,
    "docx_many_members": docx_members,
    "docx_entity_bomb": entity_bomb,
    "truncation": truncation,
    "byte_flip": byte_flips,
    "encoding": encodings,
    "mojibake": mojibake,
    "damaged_utf8": damaged_utf8,
    "concatenated": concatenated,
    "wrong_extension": wrong_extension,
    "junk": junk,
    "odd_name": odd_names,
    "symlink": links,
}
# the expensive bombs are few in any run: each costs seconds to generate and to refuse
_WEIGHTS = {"html_span_bomb": 1, "html_many_cells": 1, "docx_zip_bomb": 1, "huge_repeated": 1, "long_line": 2,
            "docx_many_members": 1, "docx_entity_bomb": 1, "html_deep_nesting": 2}


def generate(n: int, *, seed: int, base: Base, scale: float = 1.0) -> Iterator[Case]:
    """``n`` cases: every class at least once (in ``CLASSES`` order), then weighted draws.

    Args:
        n: number of cases.
        seed: same seed, same cases (given the same base files).
        base: the files to mutate, by extension; ``.txt`` must be UTF-8 reports.
        scale: size factor of the bombs (1.0: the sizes of the issue; the tests use ~0.05).
    """
    rng = random.Random(seed)
    names = list(CLASSES)
    weights = [_WEIGHTS.get(k, 10) for k in names]
    for i in range(n):
        klass = names[i] if i < len(names) else rng.choices(names, weights)[0]
        yield CLASSES[klass](rng, base, scale)


def write_cases(cases: Iterator[Case] | list[Case], folder: Path) -> list[tuple[Case, bytes]]:
    """Write each case into its own numbered subfolder of ``folder`` (names never clash).

    Returns:
        (case, path as bytes) per case written.
    """
    written = []
    root = os.fsencode(folder)
    for i, case in enumerate(cases):
        sub = os.path.join(root, b"%05d_%s" % (i, case.klass.encode()))
        os.makedirs(sub, exist_ok=True)
        path = os.path.join(sub, case.name)
        if case.link_to is not None:
            os.symlink(case.link_to, path)
        else:
            with open(path, "wb") as fh:
                fh.write(case.data or b"")
        written.append((case, path))
    return written


def load_base(paths: list[Path]) -> Base:
    """Base files by extension from ``paths`` (files are read whole; the caller keeps them small)."""
    base: Base = {}
    for path in paths:
        base.setdefault(path.suffix.lower(), []).append(path.read_bytes())
    return base
