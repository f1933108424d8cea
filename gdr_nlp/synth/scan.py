"""Scanned and font-broken copies of text-layer PDFs: the two inputs OCR exists for (#13).

``scan_pdf`` makes what a printed, stamped and scanned report looks like: each page rendered
at ``dpi``, grey, rotated by a random angle within ±``max_angle`` degrees, speckled, stored as a
JPEG of ``quality`` inside an image-only PDF of the original page size. ``strip_unicode_maps``
makes a text layer that extracts as garbage, as fonts without a Unicode map do in the wild.
"""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

import numpy as np
from PIL import Image


def scan_page(image: Image.Image, *, rng: random.Random, max_angle: float = 0.8, speckle: float = 0.002) -> Image.Image:
    """One rendered page as a scanner gives it back: grey, slightly rotated, speckled."""
    grey = image.convert("L")
    angle = rng.uniform(-max_angle, max_angle)
    # expand=False keeps the page size; the corners the rotation uncovers are paper white
    grey = grey.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(grey, dtype=np.int16).copy()
    gen = np.random.default_rng(rng.randrange(2**32))
    dots = gen.random(pixels.shape)
    pixels[dots < speckle / 2] = 40  # toner specks
    pixels[dots > 1 - speckle / 2] = 255  # drop-outs in the print
    pixels += gen.normal(0, 6, pixels.shape).astype(np.int16)  # paper grain and sensor noise
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")


def scan_pdf(src: Path, dst: Path, *, dpi: int = 150, quality: int = 60, seed: int = 1,
             max_angle: float = 0.8, pages: list[int] | None = None) -> Path:
    """Write an image-only PDF of ``src`` (``pages``: 1-based subset, default all)."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rng = random.Random(f"{seed}:{src.name}:{dpi}")
    pdf = pdfium.PdfDocument(str(src))
    dst.parent.mkdir(parents=True, exist_ok=True)
    out = canvas.Canvas(str(dst))
    for number in pages or range(1, len(pdf) + 1):
        page = pdf[number - 1]
        width, height = page.get_size()
        scanned = scan_page(page.render(scale=dpi / 72).to_pil(), rng=rng, max_angle=max_angle)
        jpeg = io.BytesIO()
        scanned.save(jpeg, format="JPEG", quality=quality)
        jpeg.seek(0)
        out.setPageSize((width, height))
        out.drawImage(ImageReader(jpeg), 0, 0, width=width, height=height)  # the JPEG is embedded as is
        out.showPage()
    out.save()
    pdf.close()
    return dst


def strip_unicode_maps(src: Path, dst: Path, *, pages: list[int] | None = None) -> Path:
    """Copy ``src`` (``pages``: 1-based subset) with every font's ``/ToUnicode`` map disabled.

    The key is renamed in place (same length, so the cross-reference offsets stay valid): CID
    fonts then extract as ``(cid:123)``, the class of garbled text layer real reports have.

    Raises:
        ValueError: the copy has no ToUnicode key in plain sight (fonts in object streams).
    """
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src))
    copy = pdfium.PdfDocument.new()
    copy.import_pages(pdf, [n - 1 for n in pages] if pages else None)
    buf = io.BytesIO()
    copy.save(buf)
    data, n = re.subn(rb"/ToUnicode\b", b"/ToUnicodX", buf.getvalue())
    if n == 0:
        raise ValueError(f"{src}: no /ToUnicode key to strip")
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data)
    return dst
