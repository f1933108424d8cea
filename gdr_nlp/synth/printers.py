"""PDF printers of the official HTML grid besides Chromium: the renderers of the blind17 split
(``routes.RENDERER_SPLITS``).

Real reports come from many PDF producers, each laying out the same HTML table its own way
(where a page breaks, how a merged cell is placed, which glyph runs make a line). These print the
page :func:`gdr_nlp.synth.official.write_html` writes (as ``pdf_chromium`` does), with the paper,
CJK font, body size, margins and running header/page numbers drawn per document from the
route's ``random.Random``:

* WeasyPrint (PyPI ``weasyprint``, on the system's Pango): ``@page`` margin boxes for the running
  header and the page number;
* Debian's ``wkhtmltopdf`` (Qt WebKit, unpatched Qt: its header/footer switches are ignored, so
  no page furniture), paper, margins and zoom by its switches;
* LibreOffice opening the HTML itself (Writer/Web, or Writer's own HTML import) and exporting
  a PDF: its HTML import ignores named ``@page`` sizes, so the paper is given in inches, and a
  Writer-style ``<div title="header">`` / ``"footer"`` carries the running header and page number;
* fpdf2 drawing the grid with its table API (rowspan/colspan) in an embedded CJK TrueType face.

Every function raises :class:`~gdr_nlp.errors.ConverterError`: E060 when its tool is missing,
E061 when it fails on the file.
"""

from __future__ import annotations

import html as _html
import importlib.util
import logging
import random
import shutil
import subprocess
from pathlib import Path

from gdr_nlp.errors import ConverterError
from gdr_nlp.synth.official import _PAGE_SIZES, official_tables, para_text
from gdr_nlp.synth.tables import TableData

WEASYPRINT_HINT = "pip install -e '.[synth]' (weasyprint; needs the system's Pango, Debian's libpango-1.0-0)"
WKHTMLTOPDF_HINT = "apt-get install --no-install-recommends wkhtmltopdf"
FPDF_HINT = "pip install -e '.[synth]' (fpdf2), and a CJK TrueType font (apt-get install fonts-wqy-zenhei)"


def weasyprint_available() -> bool:
    """Whether weasyprint imports (it loads Pango through cffi on import)."""
    if importlib.util.find_spec("weasyprint") is None:
        return False
    try:
        import weasyprint  # noqa: F401
    except OSError:  # Pango or its friends missing
        return False
    return True


def wkhtmltopdf_available() -> bool:
    return shutil.which("wkhtmltopdf") is not None


def fpdf_available() -> bool:
    from gdr_nlp.synth.official import cjk_font_files

    return importlib.util.find_spec("fpdf") is not None and bool(cjk_font_files())


def with_style(html: Path, css: str) -> Path:
    """``html`` with one more ``<style>`` at the end of its head (later rules win)."""
    text = html.read_text(encoding="utf-8")
    html.write_text(text.replace("</head>", f"<style>{css}</style></head>", 1), encoding="utf-8")
    return html


def _page_number(rng: random.Random) -> tuple[str, str]:
    """The words around a page number, as reports print them."""
    return rng.choice((("- ", " -"), ("第", "页"), ("— ", " —"), ("", "")))


# ---- WeasyPrint ----------------------------------------------------------------------------

def weasyprint_css(rng: random.Random, title: str, font: str) -> str:
    """``@page`` margins, a running header (most documents) and a page number in the margin boxes."""
    before, after = _page_number(rng)
    number = f'"{before}" counter(page) "{after}"'
    if rng.random() < 0.3:
        number += ' " 共" counter(pages) "页"'
    place = rng.choice(("bottom-center", "bottom-center", "bottom-right"))
    box = f"font-family: '{font}', serif; font-size: 9pt;"
    header = f'@top-center {{ content: "{title}"; {box} }}' if rng.random() < 0.6 else ""
    margin = f"{rng.choice((2.0, 2.5, 3.0))}cm {rng.choice((1.5, 2.0, 2.8))}cm"
    return f"@page {{ margin: {margin}; {header} @{place} {{ content: {number}; {box} }} }}"


def weasyprint_pdf(html: Path, pdf: Path, css: str, *, family: str = "pdf_weasyprint") -> Path:
    """Print ``html`` to ``pdf`` with WeasyPrint, ``css`` added as a user stylesheet."""
    if not weasyprint_available():
        raise ConverterError("E060", str(html), family=family, tool="WeasyPrint (weasyprint + Pango)",
                             hint=WEASYPRINT_HINT)
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # its CSS warnings (MsoNormal &c.) are not ours
    try:
        weasyprint.HTML(filename=str(html)).write_pdf(str(pdf), stylesheets=[weasyprint.CSS(string=css)])
    except Exception as exc:  # any failure of the tool is the one-line E061
        raise ConverterError("E061", str(html), family=family, detail=f"{type(exc).__name__}: {exc}") from exc
    return pdf


# ---- wkhtmltopdf ---------------------------------------------------------------------------

def wkhtmltopdf_args(rng: random.Random, page: str) -> list[str]:
    """Paper, margins and zoom (Debian's build has no header/footer: its Qt is unpatched)."""
    margins = [f"--margin-{side}" for side in ("top", "bottom", "left", "right")]
    sizes = (rng.choice((10, 15, 20, 25)), rng.choice((10, 15, 20, 25)), rng.choice((10, 15, 20)), rng.choice((10, 15, 20)))
    args = ["--page-size", page]
    for flag, mm in zip(margins, sizes):
        args += [flag, f"{mm}mm"]
    return args + ["--zoom", str(rng.choice((1.0, 1.0, 0.9, 1.2)))]


def wkhtmltopdf_pdf(html: Path, pdf: Path, args: list[str], *, family: str = "pdf_wkhtmltopdf") -> Path:
    exe = shutil.which("wkhtmltopdf")
    if exe is None:
        raise ConverterError("E060", str(html), family=family, tool="wkhtmltopdf", hint=WKHTMLTOPDF_HINT)
    pdf.unlink(missing_ok=True)
    proc = subprocess.run([exe, "-q", "--encoding", "utf-8", *args, str(html), str(pdf)], check=False,
                          capture_output=True, timeout=180)
    if not pdf.is_file() or pdf.stat().st_size == 0:
        detail = (proc.stderr.decode("utf-8", "replace").strip().splitlines() or [f"exit {proc.returncode}"])[-1]
        raise ConverterError("E061", str(html), family=family, detail=detail)
    return pdf


# ---- LibreOffice on the HTML ---------------------------------------------------------------

SOFFICE_FONTS = ("宋体", "仿宋_GB2312")  # names the HTML gives that LibreOffice substitutes (fontconfig)
SOFFICE_IMPORTS = {"web": (None, "pdf:writer_web_pdf_Export"), "writer": ("HTML (StarWriter)", "pdf:writer_pdf_Export")}
"""How LibreOffice opens the page: as Writer/Web (its HTML editor) or through Writer's HTML import."""


def soffice_html_extras(rng: random.Random, title: str, page: str) -> tuple[str, str]:
    """(CSS, body start): the paper in inches (LibreOffice's HTML import skips named sizes) and margins;
    in some documents a Writer-style running header and page-number footer."""
    w, h = _PAGE_SIZES[page]
    css = f"@page {{ size: {w}in {h}in; margin: {rng.choice((0.8, 1.0))}in {rng.choice((0.7, 0.9, 1.1))}in; }}"
    furniture = ""
    if rng.random() < 0.5:
        before, after = _page_number(rng)
        number = f"{before}<sdfield type=PAGE subtype=RANDOM format=PAGE>1</sdfield>{after}"
        header = f'<div title="header"><p align="center">{_html.escape(title)}</p></div>' if rng.random() < 0.6 else ""
        furniture = f'{header}<div title="footer"><p align="center">{number}</p></div>'
    return css, furniture


def with_body_start(html: Path, fragment: str) -> Path:
    if fragment:
        text = html.read_text(encoding="utf-8")
        html.write_text(text.replace("<body>", f"<body>{fragment}", 1), encoding="utf-8")
    return html


def soffice_html_pdfs(files: list[Path], out_dir: Path, how: str, *, family: str = "pdf_soffice_html") -> list[Path]:
    """PDFs of the HTML ``files`` by one soffice call, opened as ``how`` (:data:`SOFFICE_IMPORTS`)."""
    from gdr_nlp.synth import office

    infilter, target = SOFFICE_IMPORTS[how]
    return office.convert_to(files, out_dir, target=target, ext="pdf", family=family, infilter=infilter)


# ---- fpdf2 ---------------------------------------------------------------------------------

def fpdf_pdf(path: Path, blocks: list[tuple], td: TableData, rng: random.Random, *, title: str,
             family: str = "pdf_fpdf2") -> Path:
    """The report drawn by fpdf2: paragraphs by ``multi_cell``, the official grids by its table API
    (merges as rowspan/colspan, the template's column widths), a running header and page numbers."""
    from gdr_nlp.synth.official import cjk_font_files

    files = cjk_font_files()
    if importlib.util.find_spec("fpdf") is None or not files:
        raise ConverterError("E060", str(path), family=family, tool="fpdf2 and a CJK TrueType font", hint=FPDF_HINT)
    import fpdf
    from fpdf import FPDF

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "BDF NOT subset": the face's bitmaps, dropped

    font_file, index = rng.choice(files)
    page = rng.choice(("a4", "a4", "a4", "letter", "legal"))  # fpdf2's names; A5 leaves 表三's merged group no page
    body_pt = rng.choice((9.0, 10.5, 12.0))
    margin = rng.choice((15.0, 20.0, 25.0))
    before, after = _page_number(rng)
    header = rng.random() < 0.6
    tables = official_tables(td)

    class Report(FPDF):
        def header(self) -> None:
            if header:
                self.set_font("cjk", size=8)
                self.cell(0, 6, title, align="C", new_x="LMARGIN", new_y="NEXT")
                self.ln(2)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("cjk", size=8)
            self.cell(0, 8, f"{before}{self.page_no()}{after}", align="C")

    def draw(cell_pt: float, leading: float) -> FPDF:
        pdf = Report(format=page, unit="mm")
        pdf.set_producer(f"fpdf2 {fpdf.__version__}")  # fpdf2 names no producer unless told
        pdf.set_title(title)
        pdf.set_margins(margin, 20, margin)
        pdf.set_auto_page_break(True, margin=20)
        pdf.add_font("cjk", "", font_file, collection_font_number=index)
        pdf.add_page()
        for block in blocks:
            kind = block[0]
            if kind == "table":
                table = tables[block[1]]
                pdf.set_font("cjk", size=cell_pt)
                with pdf.table(col_widths=table.widths, text_align="CENTER", first_row_as_headings=False,
                               line_height=cell_pt * 0.3528 * leading) as grid:
                    for row in table.rows:
                        out = grid.row()
                        for cell in row:
                            out.cell(cell.text, colspan=cell.colspan, rowspan=cell.rowspan)
                pdf.ln(body_pt * 0.3528)
                continue
            text = block[1] if kind in ("title", "heading") else para_text(block) if kind == "para" else ""
            if not text:
                continue
            size = 16.0 if kind == "title" else body_pt + 1 if kind == "heading" else body_pt
            pdf.set_font("cjk", size=size)
            pdf.multi_cell(0, size * 0.3528 * 1.6, text, align="C" if kind == "title" else "L",
                           new_x="LMARGIN", new_y="NEXT")
        return pdf

    # fpdf2 keeps a rowspan group on one page: where 表三's tallest group does not fit, the table's
    # text is set smaller and tighter, as a publisher would
    tries = [(max(7.5, body_pt - 2), 1.5), (7.5, 1.2), (6.5, 1.1)]
    for k, (cell_pt, leading) in enumerate(tries):
        try:
            draw(cell_pt, leading).output(str(path))
            break
        except ValueError as exc:
            if "too high" in str(exc) and k < len(tries) - 1:
                continue
            raise ConverterError("E061", str(path), family=family, detail=f"{type(exc).__name__}: {exc}") from exc
        except Exception as exc:  # any failure of the tool is the one-line E061
            raise ConverterError("E061", str(path), family=family, detail=f"{type(exc).__name__}: {exc}") from exc
    return path


__all__ = ["SOFFICE_IMPORTS", "fpdf_available", "fpdf_pdf", "soffice_html_extras", "soffice_html_pdfs",
           "weasyprint_available", "weasyprint_css", "weasyprint_pdf", "with_body_start", "with_style", "wkhtmltopdf_args",
           "wkhtmltopdf_available", "wkhtmltopdf_pdf"]
