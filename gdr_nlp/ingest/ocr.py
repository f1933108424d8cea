"""OCR of one rendered PDF page: deskew, ruling lines, words with boxes, digit confusions.

``pdf.py`` renders the pages that need it (no text layer, or a garbled one) and hands the
image here. What comes back is shaped like the text layer: pseudo-characters with
``text``/``x0``/``x1``/``top``/``bottom``/``size`` in PDF points (top-left origin) and the
table ruling as pdfplumber line objects, so the PDF backend's own line builder and table
reader run on it unchanged.

Digits are checked at this layer: a numeric token that the recogniser spelled with a
letter it confuses with a digit (O/D→0, l/I→1, S→5, B→8, Z→2), or with a doubled or
stray dot, is read as the number and marked ``alt`` (chosen between alternatives); every
character carries the recogniser's confidence ``conf``. The table arithmetic then checks
the numbers downstream, and ``pdf.py`` turns marked or low-confidence cells into review notes.

Engines load once per process (:func:`engine`): PP-OCR through ``rapidocr_onnxruntime``
(default; the models ship in its wheel) or Tesseract ``chi_sim`` through its command line.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

Char = dict[str, Any]
EngineName = Literal["rapidocr", "tesseract"]
ENGINES: tuple[str, ...] = ("rapidocr", "tesseract")

ENGINE: EngineName = "rapidocr"
"""The engine ``pdf.py`` uses (chosen on the scanned realdev pages, BENCHMARKS.md)."""
DPI = 200
"""Resolution a page without a scan image (a garbled text layer, ``--ocr always``) is rendered at."""
NATIVE_DPI = True
"""Render a scanned page at its image's own resolution, kept within ``NATIVE_RANGE``, instead of
``DPI``: on the 150 dpi scans, rendering at 150 read more cells right than at 200 (BENCHMARKS.md)."""
NATIVE_RANGE = (150, 200)
"""Below 150 dpi the detector misses small digits; above 200 costs CPU for no measured gain."""
LOW_CONFIDENCE = 0.90
"""A number whose characters the recogniser scored below this is a low-confidence reading."""

# letters a recogniser gives for a digit in a numeric token (printed digits, CJK models)
# (a small printed 0 also comes back as a circle: 。○〇º)
_CONFUSABLE = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "。": "0", "○": "0", "〇": "0", "º": "0",
                             "l": "1", "I": "1", "|": "1", "i": "1", "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2"})
_NUMERIC_TOKEN = re.compile(r"^[0-9OoDQ。○〇ºlI|iSsBZz.,，%°'`·‘’“”\"]+$")
_SPECKS = "°'`·‘’“”\""  # specks of a scan the recogniser reads as marks beside a digit
# alone in its box (a table cell), one look-alike letter with specks around it: o.., 。, l, B
_LONE_CONFUSABLE = re.compile(r"^[.°'`·‘’“”\"]*[OoDQ。○〇ºlI|SBZ][.°'`·‘’“”\"]*$")


class UnavailableError(RuntimeError):
    """The OCR engine cannot be loaded (package or program missing)."""


@dataclass
class Word:
    """One recognised unit: a CJK character or a run of Latin letters/digits, box in image pixels."""

    text: str
    box: tuple[float, float, float, float]  # x0, top, x1, bottom
    conf: float
    alone: bool = False  # the only unit of its detected text box


class Engine(Protocol):
    def words(self, grey: np.ndarray) -> list[Word]: ...

    def line(self, grey: np.ndarray) -> tuple[str, float]: ...


@dataclass
class OcrPage:
    """A page read by OCR, in PDF points: characters like pdfplumber's and the table ruling."""

    chars: list[Char]
    h_lines: list[dict[str, Any]] = field(default_factory=list)
    v_lines: list[dict[str, Any]] = field(default_factory=list)
    angle: float = 0.0
    image: np.ndarray | None = None  # the deskewed grey page, for a second look at empty cells
    px_per_pt: float = 1.0
    engine_name: str = "rapidocr"

    def fill_empty_cells(self, cells: list[tuple[float, float, float, float]]) -> int:
        """Recognise table cells (boxes in points) that got no character but hold ink; returns how many.

        Page-level detection misses lone small glyphs (a single 0 in a wide cell); reading the
        cell's crop as one text line finds them. The new characters join ``chars``.
        """
        if self.image is None:
            return 0
        filled = 0
        for cell in cells:
            if any(_centre_in(c, cell) for c in self.chars):
                continue
            crop = _ink_crop(self.image, cell, self.px_per_pt)
            if crop is None:
                continue
            text, conf = engine(self.engine_name).line(crop[0])  # type: ignore[arg-type]
            word = Word(text.strip(), crop[1], conf, alone=True)
            new = to_chars([word], px_per_pt=self.px_per_pt, first_token=len(self.chars) + 10_000)
            self.chars.extend(new)
            filled += bool(new)
        return filled


def _centre_in(c: Char, box: tuple[float, float, float, float]) -> bool:
    cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _ink_crop(image: np.ndarray, cell: tuple[float, float, float, float],
              px_per_pt: float) -> tuple[np.ndarray, tuple[float, float, float, float]] | None:
    """The inked part of a cell (rules cut away) with a margin, and its box in pixels; None when blank.

    Ink is anything darker than light grey (a thin printed 0 at 150 dpi after JPEG is faint);
    specks (blobs under a point across) do not count, so a speckled blank cell stays blank.
    """
    import cv2

    inset = 2.5 * px_per_pt  # keep the cell's own rules out
    x0, top = int(cell[0] * px_per_pt + inset), int(cell[1] * px_per_pt + inset)
    x1, bottom = int(cell[2] * px_per_pt - inset), int(cell[3] * px_per_pt - inset)
    if x1 - x0 < 4 or bottom - top < 4:
        return None
    ink = (image[top:bottom, x0:x1] < 170).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    blobs = [s for s in stats[1:n].tolist() if max(s[2], s[3]) >= px_per_pt]  # x, y, w, h, area
    if not blobs:
        return None
    bx0, by0 = min(b[0] for b in blobs), min(b[1] for b in blobs)
    bx1, by1 = max(b[0] + b[2] for b in blobs), max(b[1] + b[3] for b in blobs)
    if by1 - by0 < 3 * px_per_pt:  # lower than any digit: dirt or the stroke of a rule
        return None
    pad = int(3 * px_per_pt)
    cx0, cx1 = max(0, x0 + bx0 - pad), min(image.shape[1], x0 + bx1 + pad)
    cy0, cy1 = max(0, top + by0 - pad), min(image.shape[0], top + by1 + pad)
    return image[cy0:cy1, cx0:cx1], (float(x0 + bx0), float(top + by0), float(x0 + bx1), float(top + by1))


# ---- engines ----------------------------------------------------------------------------------


class RapidEngine:
    """PP-OCRv4 (detection + recognition) on onnxruntime; per-character boxes and confidences."""

    def __init__(self) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as e:  # boundary: an optional dependency
            raise UnavailableError(f"cannot load rapidocr_onnxruntime ({e})") from e
        # text_score 0: keep low-confidence boxes, so they are flagged instead of silently dropped
        self._ocr = RapidOCR(text_score=0.0, use_cls=False, print_verbose=False)

    def words(self, grey: np.ndarray) -> list[Word]:
        import cv2

        result, _ = self._ocr(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR), use_cls=False, return_word_box=True,
                              text_score=0.0)
        out: list[Word] = []
        for item in result or []:
            box, text, score = item[0], item[1], float(item[2])
            parts = item[4] if len(item) > 4 and item[4] else []
            boxes = item[3] if len(item) > 3 and item[3] else []
            confs = item[5] if len(item) > 5 and item[5] else []
            # a box that reads as one number as a whole (0°, 1., 1O5 split into several words) stays one word
            whole = text.replace(" ", "")
            if not parts or len(parts) != len(boxes) or read_number(whole, alone=True) is not None:
                xs, ys = [p[0] for p in box], [p[1] for p in box]
                out.append(Word(text, (min(xs), min(ys), max(xs), max(ys)), score, alone=True))
                continue
            for i, (part, quad) in enumerate(zip(parts, boxes, strict=True)):
                xs, ys = [p[0] for p in quad], [p[1] for p in quad]
                conf = float(confs[i]) if i < len(confs) else score
                out.append(Word(part, (min(xs), min(ys), max(xs), max(ys)), conf, alone=len(parts) == 1))
        return out

    def line(self, grey: np.ndarray) -> tuple[str, float]:
        import cv2

        result, _ = self._ocr(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR), use_det=False, use_cls=False)
        if not result:
            return "", 0.0
        return str(result[0][0]), float(result[0][1])


class TesseractEngine:
    """Tesseract 5 ``chi_sim`` (LSTM) through its command line; word boxes and confidences from TSV."""

    def __init__(self) -> None:
        self._exe = shutil.which("tesseract")
        if self._exe is None:
            raise UnavailableError("the tesseract program is not installed (apt-get install tesseract-ocr-chi-sim)")

    def words(self, grey: np.ndarray) -> list[Word]:
        return self._run(grey, psm="11")

    def _run(self, grey: np.ndarray, *, psm: str) -> list[Word]:
        import cv2

        with tempfile.TemporaryDirectory() as tmp:
            image = Path(tmp) / "page.png"
            cv2.imwrite(str(image), grey)
            run = subprocess.run([str(self._exe), str(image), "stdout", "-l", "chi_sim", "--psm", psm, "tsv"],
                                 capture_output=True, text=True, check=False)
        if run.returncode != 0:
            raise UnavailableError(f"tesseract failed: {run.stderr.strip()[:80]}")
        out: list[Word] = []
        rows = [line.split("\t") for line in run.stdout.splitlines()[1:]]
        for row in rows:
            if len(row) < 12 or not row[11].strip() or float(row[10]) < 0:
                continue
            x, y, w, h = (float(v) for v in row[6:10])
            out.append(Word(row[11].strip(), (x, y, x + w, y + h), float(row[10]) / 100, alone=True))
        return out

    def line(self, grey: np.ndarray) -> tuple[str, float]:
        words = self._run(grey, psm="7")
        if not words:
            return "", 0.0
        return "".join(w.text for w in words), min(w.conf for w in words)


@functools.lru_cache(maxsize=2)
def engine(name: EngineName = "rapidocr") -> Engine:
    """The OCR engine, loaded once per process (model loading takes longer than a page).

    Raises:
        UnavailableError: the engine's package or program is missing.
    """
    if name == "tesseract":
        return TesseractEngine()
    return RapidEngine()


def available(name: EngineName = "rapidocr") -> str | None:
    """None when ``name`` can run here, else why not."""
    try:
        engine(name)
    except UnavailableError as e:
        return str(e)
    return None


# ---- image geometry ---------------------------------------------------------------------------


def skew_angle(grey: np.ndarray, *, limit: float = 2.0, step: float = 0.1) -> float:
    """Page rotation in degrees (counter-clockwise positive) that makes the text rows horizontal.

    Projection profile: rows of text (and table rules) give the sharpest row-sum profile
    when they are level; searched on a reduced image within ±``limit`` degrees.
    """
    import cv2

    scale = min(1.0, 1000 / max(grey.shape))
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    ink = (small < 160).astype(np.float32)
    h, w = ink.shape
    best, best_angle = -1.0, 0.0
    for angle in np.arange(-limit, limit + step / 2, step):
        m = cv2.getRotationMatrix2D((w / 2, h / 2), float(angle), 1.0)
        profile = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0).sum(axis=1)
        score = float(np.square(np.diff(profile)).sum())
        if score > best:
            best, best_angle = score, float(angle)
    return round(best_angle, 2)


def rotate(grey: np.ndarray, angle: float) -> np.ndarray:
    """``grey`` rotated by ``angle`` degrees about its centre, same size, white corners."""
    import cv2

    if abs(angle) < 0.05:
        return grey
    h, w = grey.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(grey, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def ruling(grey: np.ndarray, *, px_per_pt: float) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Horizontal and vertical table rules of the image as pdfplumber line objects in points.

    Rules are runs of ink much longer than any glyph stroke (morphological opening with a
    line-shaped kernel of about a third of an inch); speckle and text do not survive it.
    """
    import cv2

    ink = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    span = max(12, int(round(24 * px_per_pt)))  # 1/3 inch in pixels
    found: list[list[dict[str, Any]]] = []
    for kernel, horizontal in (((span, 1), True), ((1, span), False)):
        mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        # close one-pixel breaks along the rule (JPEG, speckle drop-outs)
        mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        lines = []
        pad = 2.0  # points: rules drawn to meet may stop a pixel short of each other
        for x, y, w, h, _area in stats[1:n].tolist():
            if horizontal and w >= span and h <= 0.5 * w:
                mid = (y + h / 2) / px_per_pt
                lines.append(_line(x / px_per_pt - pad, mid, (x + w) / px_per_pt + pad, mid))
            elif not horizontal and h >= span and w <= 0.5 * h:
                mid = (x + w / 2) / px_per_pt
                lines.append(_line(mid, y / px_per_pt - pad, mid, (y + h) / px_per_pt + pad))
        found.append(lines)
    return found[0], found[1]


def _line(x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    """A pdfplumber ``line`` object (what ``explicit_*_lines`` accepts)."""
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "width": x1 - x0, "height": bottom - top}


# ---- words to characters ----------------------------------------------------------------------


def read_number(text: str, *, alone: bool) -> str | None:
    """The digits a recogniser meant by a numeric-looking token, or None when it is not one.

    A token counts when it has a digit (1O5, 9.487.) or is a single 0/1-like letter alone
    in its box (a table cell holding 0). Doubled dots collapse; a dot at either end goes.
    """
    has_digit = any(ch.isdigit() for ch in text)
    if not _NUMERIC_TOKEN.match(text) or not (has_digit or alone and _LONE_CONFUSABLE.match(text)):
        return None
    fixed = re.sub(r"\.{2,}", ".", text.translate(_CONFUSABLE).strip(_SPECKS)).strip(".")
    return fixed or None


def _is_cjk(ch: str) -> bool:
    return ch >= "\u2e80"


def to_chars(words: list[Word], *, px_per_pt: float, first_token: int = 0) -> list[Char]:
    """One pseudo-character per character of each word, boxes split by width, in PDF points.

    Keys beyond pdfplumber's: ``conf`` (recogniser confidence), ``alt`` (the raw text when a
    digit confusion was resolved) and ``token`` (the word it came from, to regroup a number).
    """
    chars: list[Char] = []
    for index, word in enumerate(words, start=first_token):
        text = word.text.replace(" ", "")
        raw = text
        number = None if any(_is_cjk(ch) and ch not in "。○〇" for ch in text) else read_number(text, alone=word.alone)
        if number is not None:
            text = number
        if not text:
            continue
        x0, top, x1, bottom = (v / px_per_pt for v in word.box)
        weights = [1.0 if _is_cjk(ch) else 0.55 for ch in text]
        unit = (x1 - x0) / sum(weights)
        x = x0
        for ch, wgt in zip(text, weights, strict=True):
            chars.append({"text": ch, "x0": x, "x1": x + unit * wgt, "top": top, "bottom": bottom,
                          "size": bottom - top, "object_type": "char", "conf": word.conf,
                          "alt": raw if raw != text else None, "token": index})
            x += unit * wgt
    return chars


def read_page(image: Any, *, dpi: int, engine_name: EngineName = "rapidocr") -> OcrPage:
    """OCR one page image rendered at ``dpi``: deskew, ruling, words → ``OcrPage`` in points.

    Raises:
        UnavailableError: the engine cannot run.
    """
    grey = np.asarray(image.convert("L"))
    angle = skew_angle(grey)
    level = rotate(grey, angle)
    px_per_pt = dpi / 72
    h_lines, v_lines = ruling(level, px_per_pt=px_per_pt)
    chars = to_chars(engine(engine_name).words(level), px_per_pt=px_per_pt)
    return OcrPage(chars=chars, h_lines=h_lines, v_lines=v_lines, angle=angle, image=level, px_per_pt=px_per_pt,
                   engine_name=engine_name)
