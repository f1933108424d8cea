"""The converter tools of issue 10, each called the way people script it (``path -> text``).

:mod:`gdr_nlp.synth.convert` registers them as families. A missing Python tool raises
:class:`~gdr_nlp.errors.ConverterError` E060 through :func:`need`; a missing binary the same way.
The last sections hold the blind splits' tools, declared before anyone read their output through
the pipeline: ``blind`` to ``blind5`` have since been run once, looked at and trained on
(``routes.LOOKED_AT``); ``blind6`` to ``blind16`` have been run once and looked at, and are not
trained on: held out in ``routes.FAMILY_SPLITS`` and listed only by name (``routes.BY_NAME_ONLY``).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import io
import logging
import re
import shutil
import subprocess
import tempfile
import textwrap
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from gdr_nlp.errors import ConverterError
from gdr_nlp.synth import browser

PIP_HINT = "pip install -e '.[synth]'"


def need(family: str, module: str, tool: str, path: Path) -> Any:
    """Import ``module`` for ``family``, or the one-line E060 naming ``tool``."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise ConverterError("E060", str(path), family=family, tool=tool, hint=PIP_HINT) from e


def _which(family: str, exe: str, package: str, path: Path) -> str:
    found = shutil.which(exe)
    if found is None:
        raise ConverterError("E060", str(path), family=family, tool=exe, hint=f"apt-get install {package}")
    return found


def _run(family: str, cmd: list[str], path: Path, *, timeout: int = 300, cwd: str | None = None,
         env: dict[str, str] | None = None, stdin: bytes | None = None, writes: Path | None = None) -> bytes:
    """The tool's stdout, or the bytes of the file it ``writes``; E061 with its last line of output when it fails
    (or writes no such file)."""
    proc = subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout, cwd=cwd, env=env)
    if proc.returncode != 0 or (writes is not None and not writes.is_file()):
        said = proc.stderr if writes is None else proc.stdout + proc.stderr
        detail = said.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
        raise ConverterError("E061", str(path), family=family, detail=detail[0])
    return proc.stdout if writes is None else writes.read_bytes()


# ---- PDF -----------------------------------------------------------------------------------

def pdfplumber_words(path: Path) -> str:
    """pdfplumber ``extract_words`` grouped into lines by ``top``, words joined by a space."""
    import pdfplumber  # a core dependency

    lines: list[str] = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            rows: list[tuple[float, list[dict[str, Any]]]] = []
            for word in sorted(page.extract_words(), key=lambda w: (round(w["top"]), w["x0"])):
                if rows and abs(rows[-1][0] - word["top"]) <= 3:  # same line within 3 pt, as scripts round it
                    rows[-1][1].append(word)
                else:
                    rows.append((word["top"], [word]))
            lines.extend(" ".join(w["text"] for w in sorted(ws, key=lambda w: w["x0"])) for _, ws in rows)
    return "\n".join(lines) + "\n"


def pdfminer(path: Path) -> str:
    mod = need("pdfminer", "pdfminer.high_level", "pdfminer.six", path)
    return str(mod.extract_text(str(path)))


def pypdf(path: Path) -> str:
    mod = need("pypdf", "pypdf", "pypdf", path)
    reader = mod.PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pymupdf_text(path: Path) -> str:
    mod = need("pymupdf_text", "pymupdf", "pymupdf", path)
    with mod.open(str(path)) as pdf:
        return "".join(page.get_text() for page in pdf)


def tesseract(path: Path) -> str:
    """Each page rasterised by pdftoppm at 200 dpi, read by ``tesseract -l chi_sim --psm 6``."""
    pdftoppm = _which("tesseract", "pdftoppm", "poppler-utils", path)
    exe = _which("tesseract", "tesseract", "tesseract-ocr-chi-sim", path)
    if not tesseract_ready():
        raise ConverterError("E060", str(path), family="tesseract", tool="tesseract chi_sim data",
                             hint="apt-get install tesseract-ocr-chi-sim")
    with tempfile.TemporaryDirectory(prefix="gdr-ocr-") as tmp:
        _run("tesseract", [pdftoppm, "-r", "200", "-png", str(path), f"{tmp}/page"], path)
        pages = sorted(Path(tmp).glob("page*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[-1]))
        return "\n".join(_run("tesseract", [exe, str(png), "-", "-l", "chi_sim", "--psm", "6"], path)
                         .decode("utf-8", "replace") for png in pages)


def tesseract_ready() -> bool:
    """tesseract, pdftoppm and the chi_sim language data are all installed."""
    exe = shutil.which("tesseract")
    if exe is None or shutil.which("pdftoppm") is None:
        return False
    proc = subprocess.run([exe, "--list-langs"], capture_output=True, timeout=30)
    return b"chi_sim" in proc.stdout


# ---- HTML ----------------------------------------------------------------------------------

def _html(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _soup_text(family: str, html: str, path: Path, separator: str = "\n") -> str:
    """``BeautifulSoup(html, "html.parser").get_text(separator)``, the common idiom for a page's text (``"\\n"``
    unless a family's script passes another)."""
    mod = need(family, "bs4", "beautifulsoup4", path)
    return str(mod.BeautifulSoup(html, "html.parser").get_text(separator))


def bs4_text(path: Path) -> str:
    return _soup_text("bs4_text", _html(path), path)


def html2text(path: Path) -> str:
    mod = need("html2text", "html2text", "html2text", path)
    return str(mod.html2text(_html(path)))


def markdownify(path: Path) -> str:
    mod = need("markdownify", "markdownify", "markdownify", path)
    return str(mod.markdownify(_html(path)))


def browser_innertext(path: Path) -> str:
    return browser.inner_text(path)


def browser_copy(path: Path) -> str:
    return browser.select_all_copy(path)


# ---- DOCX ----------------------------------------------------------------------------------

def mammoth(path: Path) -> str:
    mod = need("mammoth", "mammoth", "mammoth", path)
    with open(path, "rb") as fh:
        return str(mod.extract_raw_text(fh).value)


def python_docx(path: Path) -> str:
    """Paragraphs and table rows in body order; a row's cells joined by a tab, merged cells as
    python-docx returns them (the merged cell's text in every grid position it covers)."""
    docx = need("python_docx", "docx", "python-docx", path)
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(str(path))
    lines: list[str] = []
    for el in d.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(el, d).text)
        elif tag == "tbl":
            lines.extend("\t".join(cell.text for cell in row.cells) for row in Table(el, d).rows)
    return "\n".join(lines) + "\n"


# ---- the blind split (now train families: routes.LOOKED_AT) ---------------------------------
# Called with each tool's defaults (page width, wrapping), as a one-line script would; only the
# character set is pinned, so the output does not depend on the machine's locale. Their text is
# kept as the tool writes it.

def _bin_text(family: str, cmd: list[str], path: Path) -> str:
    return _run(family, cmd, path).decode("utf-8", "replace")


def pypdf_layout(path: Path) -> str:
    """pypdf's fixed-width layout mode (``extract_text(extraction_mode="layout")``)."""
    mod = need("pypdf_layout", "pypdf", "pypdf", path)
    return "\n".join(page.extract_text(extraction_mode="layout") or "" for page in mod.PdfReader(str(path)).pages)


def pdfium_text(path: Path) -> str:
    """PDFium (Chromium's PDF engine) through pypdfium2: each page's ``get_textpage().get_text_range()``,
    with the CRLF line ends PDFium writes."""
    mod = need("pdfium_text", "pypdfium2", "pypdfium2", path)
    pdf = mod.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def _pandoc_to(family: str, target: str, path: Path) -> str:
    """``pandoc -f html|docx -t TARGET``, default options (every pandoc family's call)."""
    exe = _which(family, "pandoc", "pandoc", path)
    source = "docx" if path.suffix.lower() == ".docx" else "html"
    return _bin_text(family, [exe, "-f", source, "-t", target, str(path)], path)


def pandoc_markdown(path: Path) -> str:
    """``pandoc -t markdown`` from HTML or DOCX: pandoc's own table syntaxes, and raw HTML for a
    table with merged cells."""
    return _pandoc_to("pandoc_markdown", "markdown", path)


def w3m_dump(path: Path) -> str:
    """``w3m -dump``: a text browser's page, tables drawn as a grid 80 columns wide."""
    exe = _which("w3m_dump", "w3m", "w3m", path)
    return _bin_text("w3m_dump", [exe, "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", str(path)], path)


def lynx_dump(path: Path) -> str:
    """``lynx -dump -nolist``: a text browser's page, 80 columns wide, link list left out."""
    exe = _which("lynx_dump", "lynx", "lynx", path)
    return _bin_text("lynx_dump", [exe, "-dump", "-nolist", "-assume_charset=utf-8", "-display_charset=utf-8",
                                   str(path)], path)


def soffice_txt(path: Path) -> str:
    """LibreOffice's "save as text" of a DOCX (``soffice --headless --convert-to txt:Text``); the
    byte-order mark it writes is kept, as the user's file holds it."""
    from gdr_nlp.synth import office

    with tempfile.TemporaryDirectory(prefix="gdr-soffice-txt-") as tmp:
        out = office.convert_to([path], Path(tmp), target="txt:Text", ext="txt", family="soffice_txt")[0]
        return out.read_bytes().decode("utf-8", "replace")


# ---- the blind2 split: tools declared after the blind split was looked at -------------------
# Same terms as the blind split: defaults as a one-line script would call them, the character set
# pinned, nothing here tuned on their output (now train families: routes.LOOKED_AT["blind2"]).

def _html_source(path: Path) -> str:
    from gdr_nlp.ingest.txt import decode_bytes

    return decode_bytes(path.read_bytes(), str(path))[0]


def inscriptis_text(path: Path) -> str:
    """inscriptis ``get_text``: HTML to text with tables laid out in columns."""
    mod = need("inscriptis_text", "inscriptis", "inscriptis", path)
    return str(mod.get_text(_html_source(path)))


def trafilatura_text(path: Path) -> str:
    """trafilatura ``extract`` (main-text extraction as scrapers use it; tables kept, its default)."""
    mod = need("trafilatura_text", "trafilatura", "trafilatura", path)
    text = mod.extract(_html_source(path), include_tables=True, favor_recall=True)
    if not text:
        raise ConverterError("E061", str(path), family="trafilatura_text", detail="extracted no text")
    return str(text) + "\n"


def html_text(path: Path) -> str:
    """html-text ``extract_text`` (the Scrapy world's HTML to text)."""
    mod = need("html_text", "html_text", "html-text", path)
    return str(mod.extract_text(_html_source(path))) + "\n"


def docx2txt_text(path: Path) -> str:
    """docx2txt ``process``: the paragraphs and table cells of a DOCX as text."""
    mod = need("docx2txt_text", "docx2txt", "docx2txt", path)
    return str(mod.process(str(path)))


def elinks_dump(path: Path) -> str:
    """``elinks -dump``: a text browser's page (its default 80 columns), link list left out."""
    exe = _which("elinks_dump", "elinks", "elinks", path)
    return _bin_text("elinks_dump", [exe, "-dump", "-dump-charset", "utf-8", "-no-references", "-no-numbering",
                                     "-force-html", str(path)], path)


def links_dump(path: Path) -> str:
    """``links2 -dump``: a text browser's page (its default 80 columns)."""
    exe = _which("links_dump", "links2", "links2", path)
    return _bin_text("links_dump", [exe, "-dump", "-codepage", "utf-8", "-html-assume-codepage", "utf-8",
                                    str(path)], path)


def mutool_text(path: Path) -> str:
    """MuPDF's command line, ``mutool draw -F txt``: each page's text."""
    exe = _which("mutool_text", "mutool", "mupdf-tools", path)
    return _bin_text("mutool_text", [exe, "draw", "-q", "-F", "txt", "-o", "-", str(path)], path)


def pdfplumber_layout(path: Path) -> str:
    """pdfplumber ``extract_text(layout=True)``: each page's text placed in fixed-width columns."""
    import pdfplumber  # a core dependency

    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text(layout=True) or "" for page in pdf.pages) + "\n"


# ---- the blind3 split: tools declared after blind2 was looked at ----------------------------
# Same terms again: each tool called the way its documentation or its most common wrapper calls it,
# the character set pinned, nothing tuned on its output before its one blind run (routes.LOOKED_AT["blind3"]).
# Read since: lxml's runs (reconcile/glued.py), PyMuPDF's block order (placement.place_displaced_rows).

def pdftotext_default(path: Path) -> str:
    """poppler's ``pdftotext`` with no mode flag (its default reading order), the most common call."""
    exe = _which("pdftotext_default", "pdftotext", "poppler-utils", path)
    return _bin_text("pdftotext_default", [exe, "-enc", "UTF-8", str(path), "-"], path)


def pymupdf_blocks(path: Path) -> str:
    """PyMuPDF ``page.get_text("blocks", sort=True)``: text blocks top-left to bottom-right, one
    paragraph per block, as RAG loaders chunk a page."""
    mod = need("pymupdf_blocks", "pymupdf", "pymupdf", path)
    with mod.open(str(path)) as pdf:
        return "\n".join(b[4].rstrip("\n") for page in pdf for b in page.get_text("blocks", sort=True)
                         if b[6] == 0) + "\n"


PDFJS_DIR_ENV = "GDR_PDFJS_DIR"


def pdfjs_dir() -> Path:
    """Where ``npm install --prefix`` put pdfjs-dist (scripts/test.sh; ``$GDR_PDFJS_DIR`` overrides)."""
    import os

    return Path(os.environ.get(PDFJS_DIR_ENV, Path.home() / ".cache" / "gdr-nlp" / "npm"))


def npm_ready(package: str) -> bool:
    """Whether node runs here and ``package`` is installed under :func:`pdfjs_dir` (the one npm prefix)."""
    return shutil.which("node") is not None and (pdfjs_dir() / "node_modules" / package).is_dir()


def pdfjs_ready() -> bool:
    return npm_ready("pdfjs-dist")


def pdfjs_parse(path: Path) -> str:
    """pdf.js (Mozilla's PDF engine, Node) text items joined the way the npm package pdf-parse
    renders a page: items on the same baseline concatenated, a new baseline a new line."""
    return _pdfjs_text("pdfjs_parse", path, "lines")


def _pdfjs_text(family: str, path: Path, mode: str) -> str:
    """``pdfjs_text.mjs`` in ``mode`` (``lines``: pdf-parse's baselines; ``items``: items joined by a space)."""
    exe = _which(family, "node", "nodejs", path)
    if not pdfjs_ready():
        raise ConverterError("E060", str(path), family=family, tool="pdfjs-dist",
                             hint=f"npm install --prefix {pdfjs_dir()} pdfjs-dist@5")
    script = Path(__file__).with_name("pdfjs_text.mjs")
    return _bin_text(family, [exe, str(script), str(pdfjs_dir() / "node_modules" / "pdfjs-dist"), str(path), mode], path)


def pandoc_plain(path: Path) -> str:
    """``pandoc -t plain`` from HTML or DOCX: text with pandoc's plain-text tables."""
    return _pandoc_to("pandoc_plain", "plain", path)


def lxml_text(path: Path) -> str:
    """lxml ``html.fromstring(page).text_content()``: the page's text nodes as they stand in the source."""
    mod = need("lxml_text", "lxml.html", "lxml", path)
    return str(mod.fromstring(_html_source(path)).text_content()) + "\n"


def html_to_markdown(path: Path) -> str:
    """The ``html-to-markdown`` package's ``convert`` (HTML to GitHub markdown)."""
    mod = need("html_to_markdown", "html_to_markdown", "html-to-markdown", path)
    return str(mod.convert(_html_source(path)).content) + "\n"


def docx2python_text(path: Path) -> str:
    """docx2python's ``.text``: the document's paragraphs and table cells, as the package joins them."""
    mod = need("docx2python_text", "docx2python", "docx2python", path)
    with mod.docx2python(str(path)) as content:
        return str(content.text) + "\n"


def _saved_by_libreoffice(family: str, path: Path, tmp: str, target: str, ext: str, *, infilter: str | None = None) -> Path:
    """``path`` saved by LibreOffice in another format (``soffice [--infilter=INFILTER] --convert-to TARGET``)
    into ``tmp``."""
    from gdr_nlp.synth import office

    return office.convert_to([path], Path(tmp), target=target, ext=ext, family=family, infilter=infilter)[0]


def catdoc_doc(path: Path) -> str:
    """A DOCX saved as Word 97 ``.doc`` by LibreOffice (what many sites still publish), read by
    ``catdoc -d utf-8``."""
    exe = _which("catdoc_doc", "catdoc", "catdoc", path)
    with tempfile.TemporaryDirectory(prefix="gdr-catdoc-") as tmp:
        doc = _saved_by_libreoffice("catdoc_doc", path, tmp, "doc:MS Word 97", "doc")
        return _bin_text("catdoc_doc", [exe, "-d", "utf-8", str(doc)], path)


# ---- the blind4 split: tools declared after blind3 was run and looked at ---------------------
# Same terms: each tool called as its documentation or the common script calls it, the character
# set pinned where the tool takes it from the locale, nothing tuned on its output before its one blind
# run (routes.LOOKED_AT["blind4"]; resiliparse's two-tab cells were read after it).

@contextlib.contextmanager
def _root_logging_kept() -> Iterator[None]:
    """The root logger's level and handlers as they were, whatever the block's tool does to them."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        yield
    finally:
        root.setLevel(level)
        root.handlers[:] = handlers


def pdf2docx_docx(path: Path) -> str:
    """pdf2docx ("PDF to Word": ``Converter(pdf).convert(docx)``), the DOCX then read by :func:`python_docx`."""
    # pdf2docx calls logging.basicConfig(level=INFO) on import and logs every page on the root logger
    with _root_logging_kept():
        mod = need("pdf2docx_docx", "pdf2docx", "pdf2docx", path)
        logging.getLogger().setLevel(logging.WARNING)
        with tempfile.TemporaryDirectory(prefix="gdr-pdf2docx-") as tmp:
            docx = Path(tmp) / f"{path.stem}.docx"
            converter = mod.Converter(str(path))
            try:
                converter.convert(str(docx))
            finally:
                converter.close()
            return python_docx(docx)


def kreuzberg_text(path: Path) -> str:
    """kreuzberg ``extract_file_sync(path).content``, default config, result cache off (a first call's output)."""
    mod = need("kreuzberg_text", "kreuzberg", "kreuzberg", path)
    return str(mod.extract_file_sync(str(path), config=mod.ExtractionConfig(use_cache=False)).content) + "\n"


def extractous_tika(path: Path) -> str:
    """extractous (Tika compiled natively) ``Extractor().extract_file_to_string(path)``, (text, metadata) in 0.3."""
    mod = need("extractous_tika", "extractous", "extractous", path)
    text, _metadata = mod.Extractor().extract_file_to_string(str(path))
    return str(text)


def resiliparse_text(path: Path) -> str:
    """resiliparse ``extract_plain_text(html)`` with its defaults (formatting kept, ``main_content`` off)."""
    mod = need("resiliparse_text", "resiliparse.extract.html2text", "resiliparse", path)
    return str(mod.extract_plain_text(_html_source(path))) + "\n"


def parsel_xpath(path: Path) -> str:
    """parsel ``Selector(text=html).xpath("//body//text()")``: non-blank text nodes stripped, one a line."""
    mod = need("parsel_xpath", "parsel", "parsel", path)
    nodes = mod.Selector(text=_html_source(path)).xpath("//body//text()").getall()
    return "\n".join(t.strip() for t in nodes if t.strip()) + "\n"


def antiword_doc(path: Path) -> str:
    """LibreOffice's Word 97 ``.doc`` of the DOCX (as :func:`catdoc_doc`), read by ``antiword -m UTF-8.txt``."""
    exe = _which("antiword_doc", "antiword", "antiword", path)
    with tempfile.TemporaryDirectory(prefix="gdr-antiword-") as tmp:
        doc = _saved_by_libreoffice("antiword_doc", path, tmp, "doc:MS Word 97", "doc")
        return _bin_text("antiword_doc", [exe, "-m", "UTF-8.txt", str(doc)], path)


def odt2txt_odt(path: Path) -> str:
    """The DOCX saved as OpenDocument ``.odt`` by LibreOffice, read by ``odt2txt --encoding=UTF-8``."""
    exe = _which("odt2txt_odt", "odt2txt", "odt2txt", path)
    with tempfile.TemporaryDirectory(prefix="gdr-odt2txt-") as tmp:
        odt = _saved_by_libreoffice("odt2txt_odt", path, tmp, "odt", "odt")
        return _bin_text("odt2txt_odt", [exe, "--encoding=UTF-8", str(odt)], path)


def abiword_txt(path: Path) -> str:
    """AbiWord's command-line export of the DOCX, ``abiword --to=txt --to-name=OUT``."""
    exe = _which("abiword_txt", "abiword", "abiword", path)
    with tempfile.TemporaryDirectory(prefix="gdr-abiword-") as tmp:
        out = Path(tmp) / f"{path.stem}.txt"
        _run("abiword_txt", [exe, "--to=txt", f"--to-name={out}", str(path)], path)
        if not out.is_file():
            raise ConverterError("E061", str(path), family="abiword_txt", detail="abiword wrote no text file")
        return out.read_bytes().decode("utf-8", "replace")


# ---- the blind5 split: tools declared after blind4 was run and looked at ---------------------
# Same terms: each tool called as its documentation or the common script calls it, the character
# set pinned where the tool takes it from the locale, nothing tuned on its output before its one blind
# run (routes.LOOKED_AT["blind5"]). Where a tool writes a file, it is written in a temporary folder.

def gs_txtwrite(path: Path) -> str:
    """Ghostscript's text device, ``gs -sDEVICE=txtwrite -o OUT.txt in.pdf`` (its default: UTF-8 text)."""
    exe = _which("gs_txtwrite", "gs", "ghostscript", path)
    with tempfile.TemporaryDirectory(prefix="gdr-gs-") as tmp:
        out = Path(tmp) / f"{path.stem}.txt"
        _run("gs_txtwrite", [exe, "-sDEVICE=txtwrite", "-o", str(out), str(path)], path)
        return out.read_bytes().decode("utf-8", "replace")


def pdftohtml_text(path: Path) -> str:
    """poppler's ``pdftohtml -s -i -noframes in.pdf NAME`` (one HTML file, no images), its text taken
    by BeautifulSoup ``get_text("\\n")``."""
    exe = _which("pdftohtml_text", "pdftohtml", "poppler-utils", path)
    with tempfile.TemporaryDirectory(prefix="gdr-pdftohtml-") as tmp:
        # a bare output name, run in the folder: pdftohtml titles the page with it (not with the temp path)
        _run("pdftohtml_text", [exe, "-s", "-i", "-noframes", str(path.resolve()), path.stem], path, cwd=tmp)
        return _soup_text("pdftohtml_text", _html_source(Path(tmp) / f"{path.stem}.html"), path)


def mutool_html_text(path: Path) -> str:
    """MuPDF's ``mutool convert -F html -o OUT.html in.pdf``, its text taken by BeautifulSoup ``get_text("\\n")``."""
    exe = _which("mutool_html_text", "mutool", "mupdf-tools", path)
    with tempfile.TemporaryDirectory(prefix="gdr-mutool-html-") as tmp:
        out = Path(tmp) / f"{path.stem}.html"
        _run("mutool_html_text", [exe, "convert", "-F", "html", "-o", str(out), str(path)], path)
        return _soup_text("mutool_html_text", _html_source(out), path)


def selectolax_text(path: Path) -> str:
    """selectolax (lexbor) ``LexborHTMLParser(html).body.text(separator="\\n")``."""
    mod = need("selectolax_text", "selectolax.lexbor", "selectolax", path)
    body = mod.LexborHTMLParser(_html_source(path)).body
    return (str(body.text(separator="\n")) if body is not None else "") + "\n"


def readability_text(path: Path) -> str:
    """readability-lxml ``Document(html).summary()``, the summary's text by lxml ``text_content()``
    (readability's own parser, what a scraper built on it has at hand)."""
    mod = need("readability_text", "readability", "readability-lxml", path)
    import lxml.html  # a dependency of readability-lxml

    return str(lxml.html.fromstring(mod.Document(_html_source(path)).summary()).text_content()) + "\n"


def striprtf_rtf(path: Path) -> str:
    """The DOCX saved as RTF by LibreOffice (``--convert-to rtf``), read by striprtf ``rtf_to_text``."""
    mod = need("striprtf_rtf", "striprtf.striprtf", "striprtf", path)
    with tempfile.TemporaryDirectory(prefix="gdr-striprtf-") as tmp:
        rtf = _saved_by_libreoffice("striprtf_rtf", path, tmp, "rtf", "rtf")
        return str(mod.rtf_to_text(rtf.read_text(encoding="utf-8", errors="replace")))


def soffice_html_text(path: Path) -> str:
    """The DOCX saved as HTML by LibreOffice (``--convert-to html``), its text taken by BeautifulSoup
    ``get_text("\\n")`` (html2text is already a train family on the HTML renderers)."""
    with tempfile.TemporaryDirectory(prefix="gdr-soffice-html-") as tmp:
        html = _saved_by_libreoffice("soffice_html_text", path, tmp, "html", "html")
        return _soup_text("soffice_html_text", _html_source(html), path)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_xml_text(path: Path) -> str:
    """``word/document.xml`` read by ElementTree: every ``w:t`` of a ``w:p`` joined, one paragraph a
    line (a script without python-docx; each table cell's paragraphs come out as lines of their own)."""
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as docx:
        root = ElementTree.fromstring(docx.read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p")) + "\n"


# ---- the blind6 split: tools declared after blind5 was run and looked at ----------------------
# Same terms: each tool called as its documentation or the common script calls it, nothing tuned on
# its output before its one blind run (routes.FAMILY_SPLITS["blind6"]).

def pymupdf_sorted(path: Path) -> str:
    """PyMuPDF ``page.get_text(sort=True)`` (the docs' reading-order idiom), pages joined by a newline."""
    mod = need("pymupdf_sorted", "pymupdf", "pymupdf", path)
    with mod.open(str(path)) as pdf:
        return "\n".join(page.get_text(sort=True) for page in pdf)


def pdfplumber_tables(path: Path) -> str:
    """pdfplumber, as a script that wants the tables: each page's ``find_tables()``; the text around them
    (``page.filter`` dropping chars whose centre is in a table, ``crop`` to the band above each table,
    ``extract_text()``) and each table's ``extract()`` rows at its place by top, cells joined by a tab."""
    import pdfplumber  # a core dependency

    out: list[str] = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
            boxes = [t.bbox for t in tables]

            def outside(obj: dict[str, Any], boxes: list[tuple[float, ...]] = boxes) -> bool:
                x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
                return not any(x0 <= x < x1 and top <= y < bottom for x0, top, x1, bottom in boxes)

            text = page.filter(outside)
            left, top, right, bottom = page.bbox
            for table in [*tables, None]:
                cut = table.bbox[1] if table is not None else bottom
                if cut > top:
                    out.append(text.crop((left, top, right, cut)).extract_text())
                if table is not None:
                    out.extend("\t".join(cell or "" for cell in row) for row in table.extract())
                    top = max(top, table.bbox[3])
    return "\n".join(out) + "\n"


def pypdf2_legacy(path: Path) -> str:
    """Deprecated PyPDF2 3.0.1 ``PdfReader(path).pages[i].extract_text()``, pages joined by a newline."""
    # 3.0.1, not the 1.26 old scripts pin: 1.26's extractText writes no Chinese at all
    mod = need("pypdf2_legacy", "PyPDF2", "PyPDF2==3.0.1", path)
    return "\n".join(page.extract_text() for page in mod.PdfReader(str(path)).pages)


def goose3_text(path: Path) -> str:
    """goose3 ``Goose({"stopwords_class": StopWordsChinese}).extract(raw_html=html)``: title, blank line, text."""
    mod = need("goose3_text", "goose3", "goose3[chinese]", path)
    # StopWordsChinese segments with jieba (the [chinese] extra); its dictionary-loading lines kept off stderr
    need("goose3_text", "jieba", "goose3[chinese]", path).setLogLevel(logging.WARNING)
    from goose3.text import StopWordsChinese

    # goose3's docs' call for Chinese; its default English stopwords keep no Chinese paragraph (the title alone)
    with mod.Goose({"stopwords_class": StopWordsChinese}) as goose:
        article = goose.extract(raw_html=_html_source(path))
    return f"{article.title}\n\n{article.cleaned_text}\n"


def boilerpy3_text(path: Path) -> str:
    """boilerpy3 ``extractors.KeepEverythingExtractor().get_content(html)`` (every text block, a block a line)."""
    mod = need("boilerpy3_text", "boilerpy3.extractors", "boilerpy3", path)
    return str(mod.KeepEverythingExtractor().get_content(_html_source(path))) + "\n"


def soffice_html_txt(path: Path) -> str:
    """The HTML page saved as text by LibreOffice (``--convert-to "txt:Text (encoded):UTF8"``), its BOM kept."""
    with tempfile.TemporaryDirectory(prefix="gdr-soffice-html-txt-") as tmp:
        out = _saved_by_libreoffice("soffice_html_txt", path, tmp, "txt:Text (encoded):UTF8", "txt")
        return out.read_bytes().decode("utf-8", "replace")


def mammoth_markdown(path: Path) -> str:
    """mammoth ``convert_to_markdown(fh).value`` (its Markdown escapes; a table cell's paragraphs as paragraphs)."""
    mod = need("mammoth_markdown", "mammoth", "mammoth", path)
    with open(path, "rb") as fh:
        return str(mod.convert_to_markdown(fh).value)


def pandoc_rst(path: Path) -> str:
    """``pandoc -t rst`` from HTML or DOCX, default options: grid tables, each cell's text wrapped inside its box."""
    return _pandoc_to("pandoc_rst", "rst", path)


# ---- the blind7 split: tools declared after blind6 was run and looked at ----------------------
# Same terms: each tool called as its documentation or the common script calls it, nothing tuned on
# its output before its one blind run (routes.FAMILY_SPLITS["blind7"]).

_XHTML = "{http://www.w3.org/1999/xhtml}"


def pdftotext_bbox(path: Path) -> str:
    """poppler's ``pdftotext -bbox-layout -enc UTF-8 in.pdf -``, its XHTML's ``<block>``s in document order:
    a line's words joined by a space, lines by a newline, blocks by a blank line, pages by a newline."""
    from xml.etree import ElementTree

    exe = _which("pdftotext_bbox", "pdftotext", "poppler-utils", path)
    root = ElementTree.fromstring(_run("pdftotext_bbox", [exe, "-bbox-layout", "-enc", "UTF-8", str(path), "-"], path))
    pages = ["\n\n".join("\n".join(" ".join(w.text or "" for w in line.iter(f"{_XHTML}word"))
                                     for line in block.iter(f"{_XHTML}line"))
                          for block in page.iter(f"{_XHTML}block"))
             for page in root.iter(f"{_XHTML}page")]
    return "\n".join(pages) + "\n"


def pymupdf_words_rows(path: Path) -> str:
    """PyMuPDF ``page.get_text("words")`` grouped into rows by rounded ``y0``, each row's words sorted by
    ``x0`` and joined by a space, rows top to bottom (a table script's idiom)."""
    mod = need("pymupdf_words_rows", "pymupdf", "pymupdf", path)
    lines: list[str] = []
    with mod.open(str(path)) as pdf:
        for page in pdf:
            rows: dict[int, list[tuple[float, str]]] = {}
            for x0, y0, _x1, _y1, word, *_ in page.get_text("words"):
                rows.setdefault(round(y0), []).append((x0, word))
            lines.extend(" ".join(w for _, w in sorted(words)) for _, words in sorted(rows.items()))
    return "\n".join(lines) + "\n"


def _npm_text(family: str, script: str, path: Path, *packages: str) -> str:
    """``node SCRIPT PREFIX FILE``, for a family whose npm ``packages`` (``name@major``) are installed under
    :func:`pdfjs_dir`; the first one missing is the E060."""
    exe = _which(family, "node", "nodejs", path)
    for package in packages:
        name = package.rpartition("@")[0]
        if not npm_ready(name):
            raise ConverterError("E060", str(path), family=family, tool=name,
                                 hint=f"npm install --prefix {pdfjs_dir()} {package}")
    return _bin_text(family, [exe, str(Path(__file__).with_name(script)), str(pdfjs_dir()), str(path)], path)


def html_to_text_js(path: Path) -> str:
    """npm html-to-text ``convert(html)`` in Node, default options (80-column wrap, its own table layout)."""
    return _npm_text("html_to_text_js", "html_to_text.mjs", path, "html-to-text@10")


def turndown_gfm(path: Path) -> str:
    """npm turndown ``new TurndownService().use(gfm).turndown(html)`` (turndown-plugin-gfm's tables), in Node."""
    return _npm_text("turndown_gfm", "turndown_gfm.mjs", path, "turndown@7", "turndown-plugin-gfm@1")


def justext_text(path: Path) -> str:
    """jusText ``justext.justext(html_bytes, frozenset())``, every paragraph's ``text``, one a line."""
    mod = need("justext_text", "justext", "jusText", path)
    # jusText has no Chinese stoplist and counts words by spaces: unspaced Chinese never reaches its
    # stopword densities, so keeping only non-boilerplate paragraphs keeps nothing. Every paragraph is printed.
    return "\n".join(p.text for p in mod.justext(path.read_bytes(), frozenset())) + "\n"


def pandoc_org(path: Path) -> str:
    """``pandoc -t org`` from HTML or DOCX, default options (org tables, ``|`` cells and ``|---+---|`` rules)."""
    return _pandoc_to("pandoc_org", "org", path)


def pandoc_mediawiki(path: Path) -> str:
    """``pandoc -t mediawiki`` from HTML or DOCX, default options (``{|`` tables, rowspan/colspan attributes)."""
    return _pandoc_to("pandoc_mediawiki", "mediawiki", path)


def python_docx_tables_last(path: Path) -> str:
    """python-docx: every ``doc.paragraphs`` text, then every ``doc.tables``' rows (``cell.text`` joined by a tab,
    merged cells as python-docx repeats them), the tables after all paragraphs."""
    docx = need("python_docx_tables_last", "docx", "python-docx", path)
    d = docx.Document(str(path))
    lines = [p.text for p in d.paragraphs]
    lines.extend("\t".join(cell.text for cell in row.cells) for table in d.tables for row in table.rows)
    return "\n".join(lines) + "\n"


# ---- the blind8 split: tools declared after blind7 was run and looked at ----------------------
# Same terms: each tool called as its documentation or the common script calls it, nothing tuned on
# its output before its one blind run (routes.FAMILY_SPLITS["blind8"]).

def pdfplumber_text_flow(path: Path) -> str:
    """pdfplumber ``page.extract_text(use_text_flow=True)`` (characters in content-stream order, not sorted by
    position), pages joined by a newline."""
    import pdfplumber  # a core dependency

    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text(use_text_flow=True) or "" for page in pdf.pages) + "\n"


def pdftotext_tsv(path: Path) -> str:
    """poppler's ``pdftotext -tsv -enc UTF-8 in.pdf -``: the word rows (level 5) grouped by (page, block, par,
    line) in file order, words joined by a space, lines by a newline, a blank line between blocks."""
    exe = _which("pdftotext_tsv", "pdftotext", "poppler-utils", path)
    tsv = _bin_text("pdftotext_tsv", [exe, "-tsv", "-enc", "UTF-8", str(path), "-"], path)
    lines: dict[tuple[str, str, str, str], list[str]] = {}  # insertion order: the file's
    for row in tsv.splitlines()[1:]:  # past the header row
        level, page, par, block, line, _word, _left, _top, _width, _height, _conf, text = row.split("\t", 11)
        if level == "5":
            lines.setdefault((page, block, par, line), []).append(text)
    out: list[str] = []
    last_block: tuple[str, str] | None = None
    for (page, block, _par, _line), words in lines.items():
        if last_block is not None and (page, block) != last_block:
            out.append("")
        out.append(" ".join(words))
        last_block = (page, block)
    return "\n".join(out) + "\n"


def pymupdf_html_text(path: Path) -> str:
    """PyMuPDF ``page.get_text("html")``, each page's HTML read by BeautifulSoup ``get_text("\\n")``, pages joined
    by a newline."""
    mod = need("pymupdf_html_text", "pymupdf", "pymupdf", path)
    with mod.open(str(path)) as pdf:
        return "\n".join(_soup_text("pymupdf_html_text", page.get_text("html"), path) for page in pdf) + "\n"


def pandoc_asciidoc(path: Path) -> str:
    """``pandoc -t asciidoc`` from HTML or DOCX, default options (``|===`` tables, ``|`` cells; pandoc 2.17
    writes a merged cell as one cell, no ``2+|`` span marker)."""
    return _pandoc_to("pandoc_asciidoc", "asciidoc", path)


def html2text_no_tables(path: Path) -> str:
    """html2text ``HTML2Text()`` with ``ignore_tables = True`` then ``handle(html)`` (for prose: the table tags
    dropped, a row one line with its cells' text run together, no pipes)."""
    mod = need("html2text_no_tables", "html2text", "html2text", path)
    h = mod.HTML2Text()
    h.ignore_tables = True
    return str(h.handle(_html_source(path)))


def python_docx_body_order(path: Path) -> str:
    """python-docx ``doc.iter_inner_content()``: a paragraph's text; a table's rows, each row's unique cells
    (``row.cells`` once per ``cell._tc``) joined by " | ", a cell's own line breaks kept."""
    docx = need("python_docx_body_order", "docx", "python-docx", path)
    from docx.table import Table

    lines: list[str] = []
    for item in docx.Document(str(path)).iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells: list[Any] = []
                for cell in row.cells:  # a merged cell comes once per grid column it spans
                    if not any(cell._tc is kept._tc for kept in cells):
                        cells.append(cell)
                lines.append(" | ".join(cell.text for cell in cells))
        else:
            lines.append(item.text)
    return "\n".join(lines) + "\n"


def docx_libreoffice_html_html2text(path: Path) -> str:
    """The DOCX saved as HTML by LibreOffice (``--convert-to html``), read by html2text ``html2text(html)``."""
    # for soffice_docx_pdf_pdftotext (LibreOffice's PDF then pdftotext -layout): on the official DOCX its text
    # is pdf_libreoffice>pdftotext_layout's, form feeds aside
    mod = need("docx_libreoffice_html_html2text", "html2text", "html2text", path)
    with tempfile.TemporaryDirectory(prefix="gdr-soffice-html2text-") as tmp:
        html = _saved_by_libreoffice("docx_libreoffice_html_html2text", path, tmp, "html", "html")
        return str(mod.html2text(_html_source(html)))


_WIDE_PAD = "\0"  # never in a page's text


class _DisplayWrapper(textwrap.TextWrapper):
    """textwrap counting display columns: a wide (CJK) character, padded to length 2, is a chunk of its own."""

    def _split(self, text: str) -> list[str]:
        # a wide character may end a line anywhere, as Chinese wraps; the other text splits as textwrap splits it
        chunks: list[str] = []
        for part in re.split(f"([^{_WIDE_PAD}]{_WIDE_PAD})", text):
            chunks.extend([part] if part.endswith(_WIDE_PAD) else super()._split(part))
        return chunks


def _wrap_display(line: str, width: int) -> list[str]:
    """``textwrap.wrap(line, width)`` by display columns (``unicodedata.east_asian_width`` W or F counts 2)."""
    padded = "".join(c + _WIDE_PAD if unicodedata.east_asian_width(c) in "WF" else c for c in line)
    return [part.replace(_WIDE_PAD, "") for part in _DisplayWrapper(width).wrap(padded)] or [""]


def markdown_email_wrap(path: Path) -> str:
    """markdownify ``markdownify(html)``, every line wrapped at 72 display columns (:func:`_wrap_display`)
    and quoted with "> ", as a plain-text e-mail reply quotes a pasted page."""
    mod = need("markdown_email_wrap", "markdownify", "markdownify", path)
    lines = [part for line in str(mod.markdownify(_html_source(path))).splitlines() for part in _wrap_display(line, 72)]
    return "\n".join(f"> {line}".rstrip() for line in lines) + "\n"


# ---- the blind9 split: tools declared after blind8 was run and looked at ----------------------
# Same terms: each tool called as its documentation or the common script calls it, nothing tuned on
# its output before its one blind run (routes.FAMILY_SPLITS["blind9"]).

def pdfminer_no_laparams(path: Path) -> str:
    """pdfminer.six without layout analysis, as ``pdf2txt.py -n``: ``extract_text_to_fp(fh, out, laparams=None)``
    (text items in content-stream order, no line breaks between them, a form feed after each page)."""
    # high_level.extract_text(laparams=None) is not this: it puts the default LAParams() in its place
    mod = need("pdfminer_no_laparams", "pdfminer.high_level", "pdfminer.six", path)
    out = io.StringIO()
    with open(path, "rb") as fh:
        mod.extract_text_to_fp(fh, out, laparams=None)
    return out.getvalue()


def pymupdf_dict_spans(path: Path) -> str:
    """PyMuPDF ``page.get_text("dict")``: a line's spans joined by nothing, a block's lines by a newline, blocks by a
    blank line (image blocks left out), pages by a newline."""
    mod = need("pymupdf_dict_spans", "pymupdf", "pymupdf", path)
    pages: list[str] = []
    with mod.open(str(path)) as pdf:
        for page in pdf:
            blocks = [block for block in page.get_text("dict")["blocks"] if block["type"] == 0]
            lines = [["".join(span["text"] for span in line["spans"]) for line in block["lines"]] for block in blocks]
            pages.append("\n\n".join("\n".join(block) for block in lines))
    return "\n".join(pages) + "\n"


def pdftohtml_xml(path: Path) -> str:
    """poppler's ``pdftohtml -xml -i -stdout -enc UTF-8 in.pdf``, each ``<text>`` element's text (its ``<b>``/``<i>``
    inside) one a line, in file order."""
    from xml.etree import ElementTree

    exe = _which("pdftohtml_xml", "pdftohtml", "poppler-utils", path)
    xml = _run("pdftohtml_xml", [exe, "-xml", "-i", "-stdout", "-enc", "UTF-8", str(path)], path)
    root = ElementTree.fromstring(xml)
    return "\n".join("".join(text.itertext()) for text in root.iter("text")) + "\n"


def pdftotext_fixed(path: Path) -> str:
    """poppler's ``pdftotext -fixed 3 -enc UTF-8 in.pdf -``: the physical layout on a fixed grid of 3 points a
    character, the form feed after each page kept (as pdftotext_default keeps it)."""
    exe = _which("pdftotext_fixed", "pdftotext", "poppler-utils", path)
    return _bin_text("pdftotext_fixed", [exe, "-fixed", "3", "-enc", "UTF-8", str(path), "-"], path)


def browser_textcontent(path: Path) -> str:
    """Headless Chromium, ``document.body.textContent`` (not innerText: no CSS layout)."""
    return browser.text_content(path)


def _is_script(path: str) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) == b"#!"


def _first_on_path(exe: str, passed_over: Callable[[str], bool]) -> str | None:
    """The first ``exe`` on PATH that ``passed_over`` does not refuse."""
    import os

    found = shutil.which(exe)
    if found is None or not passed_over(found):
        return found
    for folder in os.environ.get("PATH", os.defpath).split(os.pathsep):
        candidate = shutil.which(exe, path=folder)
        if candidate is not None and not passed_over(candidate):
            return candidate
    return None


def native_program(exe: str) -> str | None:
    """The first ``exe`` on PATH that is not a script: pip's html2text library installs a console script named as
    Debian's html2text program, and an activated virtual environment's PATH puts it first."""
    return _first_on_path(exe, _is_script)


def html2text_deb(path: Path) -> str:
    """Debian's ``html2text -utf8 -width 200 in.html`` (the C++ renderer, not the Python library): tables drawn with
    ``|`` and ``_``, cell widths counted in bytes."""
    exe = native_program("html2text")
    if exe is None:
        raise ConverterError("E060", str(path), family="html2text_deb", tool="html2text (Debian's program)",
                             hint="apt-get install html2text")
    return _bin_text("html2text_deb", [exe, "-utf8", "-width", "200", str(path)], path)


def pandoc_gfm(path: Path) -> str:
    """``pandoc -t gfm`` from HTML or DOCX, default options (pipe tables; one pipes cannot hold as raw HTML)."""
    return _pandoc_to("pandoc_gfm", "gfm", path)


def mammoth_html_text(path: Path) -> str:
    """mammoth ``convert_to_html(fh).value``, its text by BeautifulSoup ``get_text(" ")`` (one space between strings,
    nothing collapsed)."""
    mod = need("mammoth_html_text", "mammoth", "mammoth", path)
    with open(path, "rb") as fh:
        html = mod.convert_to_html(fh).value
    return _soup_text("mammoth_html_text", html, path, " ") + "\n"


# ---- the blind10 split: tools declared after blind9 was run and looked at ---------------------
# Same terms: each tool called as its documentation or the common script calls it, nothing tuned on
# its output before its one blind run (routes.FAMILY_SPLITS["blind10"]). Where a tool writes a file, it is
# written in a temporary folder.

def pdfminer_html_text(path: Path) -> str:
    """pdfminer.six's HTML output, as ``pdf2txt.py -t html -o OUT.html in.pdf`` (``extract_text_to_fp(fh, out,
    laparams=LAParams(), output_type="html")``, UTF-8), its text taken by BeautifulSoup ``get_text("\\n")``."""
    mod = need("pdfminer_html_text", "pdfminer.high_level", "pdfminer.six", path)
    from pdfminer.layout import LAParams

    out = io.BytesIO()
    with open(path, "rb") as fh:
        mod.extract_text_to_fp(fh, out, laparams=LAParams(), output_type="html", codec="utf-8")
    return _soup_text("pdfminer_html_text", out.getvalue().decode("utf-8", "replace"), path)


def pymupdf_xhtml_text(path: Path) -> str:
    """PyMuPDF ``page.get_text("xhtml")`` (no positions: each text block one ``<p>``, or ``<h2>``… by font size, its
    lines joined by a space), each page's XHTML read by BeautifulSoup ``get_text("\\n")``, pages joined by a newline."""
    mod = need("pymupdf_xhtml_text", "pymupdf", "pymupdf", path)
    with mod.open(str(path)) as pdf:
        return "\n".join(_soup_text("pymupdf_xhtml_text", page.get_text("xhtml"), path) for page in pdf) + "\n"


def pdfjs_items_joined(path: Path) -> str:
    """pdf.js ``page.getTextContent()``, a page's ``items.map(s => s.str).join(" ")`` (the common pdf.js snippet:
    every item apart by a space, no line breaks), pages joined by a newline."""
    return _pdfjs_text("pdfjs_items_joined", path, "items")


def w3m_wide(path: Path) -> str:
    """``w3m -dump -cols 200``: the text browser's page laid out 200 columns wide (scripts widen it so a line is not
    wrapped; w3m_dump keeps the default 80), tables drawn as a grid."""
    exe = _which("w3m_wide", "w3m", "w3m", path)
    return _bin_text("w3m_wide", [exe, "-dump", "-cols", "200", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8",
                                  str(path)], path)


def node_html_markdown(path: Path) -> str:
    """npm node-html-markdown ``NodeHtmlMarkdown.translate(html)`` in Node, default options (GitHub tables, padded)."""
    return _npm_text("node_html_markdown", "node_html_markdown.mjs", path, "node-html-markdown@2")


def pandoc_markdown_strict(path: Path) -> str:
    """``pandoc -t markdown_strict`` from HTML or DOCX, default options (original Markdown: no table syntax, so
    every table raw HTML, a tag a line)."""
    return _pandoc_to("pandoc_markdown_strict", "markdown_strict", path)


def mammoth_html2text(path: Path) -> str:
    """mammoth ``convert_to_html(fh).value``, then html2text ``html2text(html)`` (a DOCX to Markdown recipe: pipe
    tables from mammoth's table HTML, where mammoth's own Markdown writer has none)."""
    mod = need("mammoth_html2text", "mammoth", "mammoth", path)
    with open(path, "rb") as fh:
        html = mod.convert_to_html(fh).value
    return str(need("mammoth_html2text", "html2text", "html2text", path).html2text(html))


def _python_script(path: str) -> bool:
    with open(path, "rb") as fh:
        first = fh.readline(200)
    return first.startswith(b"#!") and b"python" in first


def non_python_program(exe: str) -> str | None:
    """The first ``exe`` on PATH that is not a Python console script: pip's docx2txt library installs one named as
    Debian's docx2txt program (a Perl script), and an activated virtual environment's PATH puts it first."""
    return _first_on_path(exe, _python_script)


def docx2txt_deb(path: Path) -> str:
    """Debian's ``docx2txt in.docx -`` (Sandeep Kumar's Perl docx2txt 1.4, not the Python library), run in an
    empty folder (it reads a ``docx2txt.config`` from the current one)."""
    exe = non_python_program("docx2txt")
    if exe is None:
        raise ConverterError("E060", str(path), family="docx2txt_deb", tool="docx2txt (Debian's program)",
                             hint="apt-get install docx2txt")
    with tempfile.TemporaryDirectory(prefix="gdr-docx2txt-") as tmp:
        return _run("docx2txt_deb", [exe, str(path.resolve()), "-"], path, cwd=tmp).decode("utf-8", "replace")


# ---- the blind11 split: tools declared after blind10 was run and looked at --------------------
# Same terms: each tool called as its documentation or the common script calls it, nothing tuned on
# its output before its one blind run (routes.FAMILY_SPLITS["blind11"]). Where a tool writes a file, it is
# written in a temporary folder.

def pdfminer_boxes_flow_none(path: Path) -> str:
    """pdfminer.six ``extract_text(path, laparams=LAParams(boxes_flow=None))``: layout analysis with its text-box
    ordering turned off (the documented setting people reach for when boxes come out of reading order), so boxes
    follow one another top to bottom, left to right."""
    mod = need("pdfminer_boxes_flow_none", "pdfminer.high_level", "pdfminer.six", path)
    from pdfminer.layout import LAParams

    return str(mod.extract_text(str(path), laparams=LAParams(boxes_flow=None)))


def pdftotext_layout_web_form(path: Path) -> str:
    """``pdftotext -layout -enc UTF-8 in.pdf -`` pasted into a web form (:func:`convert.paste_into_web_form`: every
    run of white space within a line one space), as a report copied from a terminal into a CMS or issue form."""
    from gdr_nlp.synth.convert import paste_into_web_form

    exe = _which("pdftotext_layout_web_form", "pdftotext", "poppler-utils", path)
    return paste_into_web_form(_bin_text("pdftotext_layout_web_form",
                                         [exe, "-layout", "-enc", "UTF-8", str(path), "-"], path))


def kreuzberg_markdown(path: Path) -> str:
    """kreuzberg ``extract_file_sync(path, config=ExtractionConfig(output_format="markdown")).content`` (its
    documented Markdown output for RAG pipelines), result cache off (a first call's output)."""
    mod = need("kreuzberg_markdown", "kreuzberg", "kreuzberg", path)
    config = mod.ExtractionConfig(use_cache=False, output_format="markdown")
    return str(mod.extract_file_sync(str(path), config=config).content) + "\n"


def elinks_wide(path: Path) -> str:
    """``elinks -dump -dump-width 200``: the text browser's page laid out 200 columns wide (elinks_dump keeps its
    default 80), tables drawn with box-drawing characters, link list left out."""
    exe = _which("elinks_wide", "elinks", "elinks", path)
    return _bin_text("elinks_wide", [exe, "-dump", "-dump-charset", "utf-8", "-dump-width", "200", "-no-references",
                                     "-no-numbering", "-force-html", str(path)], path)


def bs4_text_space_strip(path: Path) -> str:
    """BeautifulSoup ``get_text(" ", strip=True)`` (the other common idiom: every text node stripped, joined by one
    space; the page one line)."""
    mod = need("bs4_text_space_strip", "bs4", "beautifulsoup4", path)
    return str(mod.BeautifulSoup(_html_source(path), "html.parser").get_text(" ", strip=True)) + "\n"


def pandoc_jira(path: Path) -> str:
    """``pandoc -t jira`` from HTML or DOCX, default options (Jira/Confluence wiki markup: ``h1.`` headings,
    ``{anchor:…}`` macros, ``||heading||`` and ``|cell|`` table rows)."""
    return _pandoc_to("pandoc_jira", "jira", path)


def pandoc_dokuwiki(path: Path) -> str:
    """``pandoc -t dokuwiki`` from HTML or DOCX, default options (DokuWiki markup: ``====== heading ======``,
    ``^ heading ^`` and ``| cell |`` rows padded to a column's width)."""
    return _pandoc_to("pandoc_dokuwiki", "dokuwiki", path)


def wvtext_doc(path: Path) -> str:
    """LibreOffice's Word 97 ``.doc`` of the DOCX (as :func:`catdoc_doc`), read by Debian wv's ``wvText in.doc
    out.txt`` (wvHtml's HTML dumped by elinks, or links or lynx, whichever is installed), in a temporary folder."""
    import os

    exe = _which("wvtext_doc", "wvText", "wv", path)
    with tempfile.TemporaryDirectory(prefix="gdr-wvtext-") as tmp:
        doc = _saved_by_libreoffice("wvtext_doc", path, tmp, "doc:MS Word 97", "doc")
        out = Path(tmp) / f"{path.stem}.wv.txt"
        written = _run("wvtext_doc", [exe, str(doc), str(out)], path, cwd=tmp, env={**os.environ, "TMPDIR": tmp},
                       writes=out)
        return written.decode("utf-8", "replace")


# ---- the blind12 split: tools declared after blind11 was run and looked at -------------------
# Same terms: each tool called as its documentation or the common script calls it, nothing tuned on
# its output before its one blind run (routes.FAMILY_SPLITS["blind12"]). Where a tool writes a file, it is
# written in a temporary folder. The CSV families' text is CSV as the tool writes it, in a .txt file
# (ingest reads .txt; a .csv file is not a document gdr extract takes).

def camelot_lattice_csv(path: Path) -> str:
    """camelot-py ``camelot.read_pdf(path, pages="all")`` (its default ``lattice`` flavor: tables found by their
    ruling lines), each table written by its ``to_csv`` (camelot's own: every field quoted, a spanning cell's text
    in its top-left cell) in camelot's order, a blank line between tables: the PDF's tables only, no prose."""
    return _camelot_csv(path, "camelot_lattice_csv")


def _camelot_csv(path: Path, family: str, **options: str) -> str:
    """camelot-py's ``read_pdf(path, pages="all", **options)``, each table's ``to_csv`` in camelot's order, a
    blank line between tables."""
    mod = need(family, "camelot", "camelot-py", path)
    tables = mod.read_pdf(str(path), pages="all", **options)
    if not tables.n:
        raise ConverterError("E061", str(path), family=family, detail="found no table")
    parts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="gdr-camelot-") as tmp:
        for i, table in enumerate(tables):
            out = Path(tmp) / f"table-{i + 1}.csv"
            table.to_csv(str(out))
            parts.append(out.read_text(encoding="utf-8"))
    return "\n".join(parts)


def pdfplumber_tables_csv(path: Path) -> str:
    """pdfplumber, each page's ``extract_tables()`` (default table settings) written by ``csv.writer`` (its defaults:
    CRLF line ends, a field quoted only when it holds a comma, a quote or a line break; ``None`` cells empty), a blank
    line between tables: the PDF's tables only, no prose (the "PDF tables to CSV" script)."""
    import csv

    import pdfplumber  # a core dependency

    out = io.StringIO()
    writer = csv.writer(out)
    first = True
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                if not first:
                    writer.writerow([])
                writer.writerows(table)
                first = False
    if first:
        raise ConverterError("E061", str(path), family="pdfplumber_tables_csv", detail="found no table")
    return out.getvalue()


def soffice_pdf_docx2txt(path: Path) -> str:
    """The PDF opened by LibreOffice's PDF import and saved as Word (``soffice --headless
    --infilter=writer_pdf_import --convert-to docx``: "PDF to Word" with LibreOffice, every text line a text
    box), the DOCX read by docx2txt ``process`` (the Python library), in a temporary folder."""
    mod = need("soffice_pdf_docx2txt", "docx2txt", "docx2txt", path)
    with tempfile.TemporaryDirectory(prefix="gdr-soffice-pdf-docx-") as tmp:
        docx = _saved_by_libreoffice("soffice_pdf_docx2txt", path, tmp, "docx", "docx", infilter="writer_pdf_import")
        return str(mod.process(str(docx)))


def pandas_read_html_csv(path: Path) -> str:
    """pandas ``read_html(path)`` (every ``<table>`` a DataFrame, a merged cell's text in every cell it covers),
    each written by ``df.to_csv(index=False)`` (its header row the column labels pandas gave), a blank line between
    tables: the page's tables only, no prose (the "HTML tables to CSV" script)."""
    mod = need("pandas_read_html_csv", "pandas", "pandas", path)
    need("pandas_read_html_csv", "lxml", "lxml", path)  # read_html's default parser
    frames = mod.read_html(str(path), encoding="utf-8")
    return "\n".join(frame.to_csv(index=False) for frame in frames)


def libreoffice_calc() -> bool:
    """Whether LibreOffice Calc (``libsclo.so`` beside ``soffice``: Debian's libreoffice-calc-nogui) is installed."""
    import os

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    return exe is not None and (Path(os.path.realpath(exe)).parent / "libsclo.so").is_file()


def calc_csv(path: Path) -> str:
    """The page opened in LibreOffice Calc and saved as CSV, as a report's tables pasted into a spreadsheet are:
    ``soffice --headless --infilter="HTML (StarCalc)" --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1"``
    (comma, double quote, UTF-8, from the first line). A DOCX is first saved as HTML by LibreOffice Writer (what
    Word's copy puts on the clipboard for a spreadsheet). Calc lays the page's paragraphs and tables on one grid,
    a paragraph a row."""
    if not libreoffice_calc():
        raise ConverterError("E060", str(path), family="calc_csv", tool="LibreOffice Calc",
                             hint="apt-get install libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory(prefix="gdr-calc-csv-") as tmp:
        page = path
        if path.suffix.lower() == ".docx":
            page = _saved_by_libreoffice("calc_csv", path, tmp, "html", "html")
        with tempfile.TemporaryDirectory(prefix="gdr-calc-csv-out-") as out:
            csv_file = _saved_by_libreoffice("calc_csv", page, out, "csv:Text - txt - csv (StarCalc):44,34,76,1", "csv",
                                             infilter="HTML (StarCalc)")
            return csv_file.read_bytes().decode("utf-8", "replace")


def pandoc_latex(path: Path) -> str:
    """``pandoc -t latex`` from HTML or DOCX, default options (a body without preamble: ``\\section`` headings,
    ``longtable`` tables, cells apart by ``&``, rows ended by ``\\\\``)."""
    return _pandoc_to("pandoc_latex", "latex", path)


def pandoc_textile(path: Path) -> str:
    """``pandoc -t textile`` from HTML or DOCX, default options (Textile markup: ``h1.`` headings, ``|cell|`` rows,
    ``|_. heading|`` cells; a table pandoc cannot write in Textile as raw HTML)."""
    return _pandoc_to("pandoc_textile", "textile", path)


def python_docx_tables_csv(path: Path) -> str:
    """python-docx, every ``doc.tables``' rows written by ``csv.writer`` (``cell.text`` of ``row.cells``: a merged
    cell's text in every grid cell it covers; csv's defaults, CRLF line ends), a blank line between tables: the
    document's tables only, no prose (the "Word tables to CSV" script)."""
    import csv

    docx = need("python_docx_tables_csv", "docx", "python-docx", path)
    out = io.StringIO()
    writer = csv.writer(out)
    for i, table in enumerate(docx.Document(str(path)).tables):
        if i:
            writer.writerow([])
        writer.writerows([cell.text for cell in row.cells] for row in table.rows)
    return out.getvalue()


# ---- the blind13 split: tools declared after blind12 was run and looked at -------------------
# Same terms: each tool called as its documentation or the common script calls it, nothing tuned on
# its output before its one blind run (routes.FAMILY_SPLITS["blind13"]). Where a tool writes a file, it is
# written in a temporary folder; the npm tools run in Node from the one npm prefix (:func:`pdfjs_dir`).

def tabula_csv(path: Path) -> str:
    """tabula-py ``tabula.convert_into(path, "out.csv", output_format="csv", pages="all")`` (its README's call:
    tabula-java in a Java process, table areas guessed, each table's rows as tabula-java's CSV, tables one after
    another): the PDF's tables only, no prose."""
    mod = need("tabula_csv", "tabula", "tabula-py", path)
    _which("tabula_csv", "java", "default-jre-headless", path)
    with tempfile.TemporaryDirectory(prefix="gdr-tabula-") as tmp:
        out = Path(tmp) / f"{path.stem}.csv"
        mod.convert_into(str(path), str(out), output_format="csv", pages="all")
        return out.read_bytes().decode("utf-8", "replace")


def pymupdf_tables_markdown(path: Path) -> str:
    """PyMuPDF, each page's ``page.find_tables()`` (default settings), every table's ``tab.to_markdown()`` printed
    (a newline after each): GitHub pipe tables, ``Col2``… where a header cell is empty; the PDF's tables only."""
    mod = need("pymupdf_tables_markdown", "pymupdf", "pymupdf", path)
    with mod.open(str(path)) as pdf:
        return "".join(f"{table.to_markdown()}\n" for page in pdf for table in page.find_tables())


def pdf_parse_js(path: Path) -> str:
    """npm pdf-parse 2 (pdf.js inside) ``new PDFParse({ data }).getText()``'s ``text``, default options (a page's
    lines, items of a line apart by a space or a tab, ``-- 1 of 2 --`` after each page)."""
    return _npm_text("pdf_parse_js", "pdf_parse.mjs", path, "pdf-parse@2")


def officeparser_text(path: Path) -> str:
    """npm officeparser ``parseOffice(path)``, then the AST's ``to("text")`` ``value`` (its README's call, default
    options: tables as aligned grids of ``|`` cells) from HTML or DOCX."""
    return _npm_text("officeparser_text", "officeparser_text.mjs", path, "officeparser@7")


def html_to_md_js(path: Path) -> str:
    """npm html-to-md ``html2md(html)``, default options (Markdown: ``#`` headings, ``|cell|`` pipe tables)."""
    return _npm_text("html_to_md_js", "html_to_md.mjs", path, "html-to-md@0.8")


def bs4_table_rows(path: Path) -> str:
    """BeautifulSoup, the table-scraping idiom: every ``<table>``'s ``<tr>``, its ``<td>``/``<th>`` cells'
    ``get_text(strip=True)`` joined by a tab, a blank line between tables: the page's tables only, a merged cell
    once (no span repeated)."""
    mod = need("bs4_table_rows", "bs4", "beautifulsoup4", path)
    soup = mod.BeautifulSoup(_html_source(path), "html.parser")
    return "\n".join("".join("\t".join(cell.get_text(strip=True) for cell in row.find_all(["td", "th"])) + "\n"
                              for row in table.find_all("tr"))
                      for table in soup.find_all("table"))


def pandoc_xwiki(path: Path) -> str:
    """``pandoc -t xwiki`` from HTML or DOCX, default options (XWiki 2.1 markup: ``= heading =``, ``|=heading`` and
    ``|cell`` rows, no closing pipe)."""
    return _pandoc_to("pandoc_xwiki", "xwiki", path)


def word_extractor_js(path: Path) -> str:
    """npm word-extractor ``new WordExtractor().extract(path)``, the document's ``getBody()`` (paragraphs a line, a
    table row's cells each followed by a tab)."""
    return _npm_text("word_extractor_js", "word_extractor.mjs", path, "word-extractor@1")


# ---- the blind14 split: tools declared after blind13 was run and looked at -------------------
# Same terms: each tool called as its documentation or the common script calls it, nothing tuned on
# its output before its one blind run (routes.FAMILY_SPLITS["blind14"]). Where a tool writes a file, it is
# written in a temporary folder; the npm tools run in Node from the one npm prefix (:func:`pdfjs_dir`).

def camelot_stream_csv(path: Path) -> str:
    """camelot-py ``camelot.read_pdf(path, flavor="stream", pages="all")`` (tables found from the text's
    white space, not ruling lines), each table written by its ``to_csv`` in camelot's order, a blank line between
    tables: the PDF's tables only, no prose."""
    return _camelot_csv(path, "camelot_stream_csv", flavor="stream")


def pypandoc_typst(path: Path) -> str:
    """pypandoc ``pypandoc.convert_file(path, "typst")`` with the pandoc that pypandoc-binary ships (3.x; Debian's
    pandoc 2.17 has no Typst writer), the input format from the file's suffix (HTML or DOCX), default options:
    Typst markup, ``=`` headings, ``#table(...)`` / ``#figure(...)`` tables with ``[cell]`` content blocks."""
    return _pypandoc_to("pypandoc_typst", "typst", path)


def _pypandoc_to(family: str, target: str, path: Path) -> str:
    """``pypandoc.convert_file(path, TARGET)`` with pypandoc-binary's pandoc (3.x), the input format from the file's
    suffix, default options (every pypandoc family's call)."""
    mod = need(family, "pypandoc", "pypandoc-binary", path)
    return str(mod.convert_file(str(path), target))


def pandoc_ms(path: Path) -> str:
    """``pandoc -t ms`` from HTML or DOCX, default options (groff ms: ``.SH``/``.NH`` headings, ``.LP``
    paragraphs, each table a tbl block, ``.TS`` … ``.TE``, every cell a ``T{`` … ``T}`` text block, cells apart by a
    tab)."""
    return _pandoc_to("pandoc_ms", "ms", path)


def pandoc_texinfo(path: Path) -> str:
    """``pandoc -t texinfo`` from HTML or DOCX, default options (GNU Texinfo: ``@node``/``@chapter`` headings, each
    table a ``@multitable`` whose rows are ``@item`` and cells ``@tab``, a cell a line)."""
    return _pandoc_to("pandoc_texinfo", "texinfo", path)


def rehype_remark_md(path: Path) -> str:
    """The unified pipeline in Node, HTML to Markdown: rehype-parse, rehype-remark, remark-gfm, remark-stringify,
    default options (``#`` headings, GFM pipe tables padded to their columns' widths)."""
    return _npm_text("rehype_remark_md", "rehype_remark.mjs", path, "unified@11", "rehype-parse@9",
                     "rehype-remark@10", "remark-gfm@4", "remark-stringify@11")


def pdf2json_text(path: Path) -> str:
    """npm pdf2json (its own fork of an old pdf.js) ``new PDFParser(null, true)``, ``loadPDF(path)``, the
    parser's ``getRawTextContent()`` (a line per text line, ``----------------Page (0) Break----------------``
    after each page)."""
    return _npm_text("pdf2json_text", "pdf2json_text.mjs", path, "pdf2json@3")


def gnumeric_csv(path: Path) -> str:
    """The page opened by Gnumeric's HTML importer and saved as CSV: ``ssconvert PAGE.html OUT.csv`` (Debian's
    gnumeric; the importer found by the suffix, the CSV exporter's defaults). A DOCX is first saved as HTML by
    LibreOffice Writer."""
    exe = _which("gnumeric_csv", "ssconvert", "gnumeric", path)
    with tempfile.TemporaryDirectory(prefix="gdr-gnumeric-") as tmp:
        page = path
        if path.suffix.lower() == ".docx":
            page = _saved_by_libreoffice("gnumeric_csv", path, tmp, "html", "html")
        out = Path(tmp) / f"{path.stem}.csv"
        _run("gnumeric_csv", [exe, str(page), str(out)], path)
        return out.read_bytes().decode("utf-8", "replace")


# ---- the blind15 split: tools declared after blind14 was run and looked at -------------------
# Same terms: each tool called as its documentation or the common script calls it, nothing tuned on
# its output before its one blind run (routes.FAMILY_SPLITS["blind15"]). Where a tool writes a file, it is
# written in a temporary folder; the npm tools run in Node from the one npm prefix (:func:`pdfjs_dir`).

def opendataloader_markdown(path: Path) -> str:
    """opendataloader-pdf, its README's call: ``opendataloader_pdf.convert(input_path=path, output_dir=TMP,
    format="markdown")`` (``quiet=True``; the Java CLI inside the wheel, run by the machine's Java; tables found
    from the page's ruling lines, xycut reading order), the ``.md`` file it writes: ``#`` headings, a paragraph's
    wrapped lines joined by a space, GitHub pipe tables, a merged cell's text in its first place."""
    mod = need("opendataloader_markdown", "opendataloader_pdf", "opendataloader-pdf", path)
    _which("opendataloader_markdown", "java", "default-jre-headless", path)
    with tempfile.TemporaryDirectory(prefix="gdr-opendataloader-") as tmp:
        mod.convert(input_path=str(path), output_dir=tmp, format="markdown", quiet=True)
        out = Path(tmp) / f"{path.stem}.md"
        if not out.is_file():
            raise ConverterError("E061", str(path), family="opendataloader_markdown", detail="wrote no Markdown")
        return out.read_text(encoding="utf-8")


def pdf2md_js(path: Path) -> str:
    """npm @opendocsg/pdf2md (pdf.js through unpdf) ``await pdf2md(new Uint8Array(buffer))``, its README's call:
    Markdown a line per text line, a line's items apart by a space, ``#`` … ``####`` before lines its font-size
    rule takes for headings, ``<!-- PAGE_BREAK -->`` between pages."""
    return _npm_text("pdf2md_js", "pdf2md.mjs", path, "@opendocsg/pdf2md@0.3", "unpdf@1")


def edbrowse_dump(path: Path) -> str:
    """edbrowse (the line-oriented editor-browser), the page as it browses it, written out: ``edbrowse -d0
    PAGE.html`` fed ``b`` (browse), ``,w OUT`` (write every line), ``q``. Run in a new home folder, where its first
    start writes its default config (``.ebrc``) and stops, as for every new user; its defaults after that
    (``h1``/``h3`` before headings, a table row a line, cells apart by ``|``)."""
    import os

    exe = _which("edbrowse_dump", "edbrowse", "edbrowse", path)
    with tempfile.TemporaryDirectory(prefix="gdr-edbrowse-") as tmp:
        env = {**os.environ, "HOME": tmp}
        subprocess.run([exe], input=b"q\n", capture_output=True, timeout=60, cwd=tmp, env=env)  # writes .ebrc
        out = Path(tmp) / "page.txt"
        written = _run("edbrowse_dump", [exe, "-d0", str(path)], path, timeout=120, cwd=tmp, env=env,
                       stdin=f"b\n,w {out}\nq\n".encode(), writes=out)
        return written.decode("utf-8", "replace")


def calibre_textile(path: Path) -> str:
    """calibre's ``ebook-convert PAGE OUT.txt --txt-output-formatting=textile`` from HTML or DOCX (calibre's own
    readers and its Textile writer: ``h1.``/``p.`` blocks; from HTML a table row ``|cell|cell|``, each cell's
    alignment and spans before its text, ``|=\\3. label|`` three columns wide, ``|=/22. label|`` 22 rows high; from
    DOCX each cell's paragraph a ``p.`` block of its own, the cells' bars and spans on the lines between), with
    calibre's config in a temporary folder (``CALIBRE_CONFIG_DIRECTORY``)."""
    import os

    exe = _which("calibre_textile", "ebook-convert", "calibre", path)
    with tempfile.TemporaryDirectory(prefix="gdr-calibre-") as tmp:
        out = Path(tmp) / f"{path.stem}.txt"
        env = {**os.environ, "CALIBRE_CONFIG_DIRECTORY": str(Path(tmp) / "config")}
        written = _run("calibre_textile", [exe, str(path), str(out), "--txt-output-formatting=textile"], path,
                       cwd=tmp, env=env, writes=out)
        return written.decode("utf-8", "replace")


def pypandoc_plain(path: Path) -> str:
    """pypandoc ``pypandoc.convert_file(path, "plain")`` with pypandoc-binary's pandoc 3.9 (not Debian's 2.17 of
    :func:`pandoc_plain`): plain text, and a table with merged cells a grid table whose boxes span rows and
    columns (``+---+`` rules, ``|`` sides, padded to the columns' widths)."""
    return _pypandoc_to("pypandoc_plain", "plain", path)


def pypandoc_bbcode(path: Path) -> str:
    """pypandoc ``pypandoc.convert_file(path, "bbcode")`` (pandoc 3.9's forum markup writer): ``[b]`` headings,
    each table ``[table]`` a row a line, ``[tr][td]cell[/td]…[/tr]``, a merged cell's other places empty cells."""
    return _pypandoc_to("pypandoc_bbcode", "bbcode", path)


def pypandoc_ansi(path: Path) -> str:
    """pypandoc ``pypandoc.convert_file(path, "ansi")`` (pandoc 3.9's terminal writer), saved as it is written: ANSI
    SGR escapes around headings and emphasis, each table laid out in columns at most 72 wide, a cell's text wrapped
    inside its column (a long label over several lines), ``─`` rules above and below."""
    return _pypandoc_to("pypandoc_ansi", "ansi", path)


def pypandoc_context(path: Path) -> str:
    """pypandoc ``pypandoc.convert_file(path, "context")`` (pandoc 3.9's ConTeXt writer): ``\\startsectionlevel``
    headings, each table ``\\startxtable``, a row ``\\startxrow`` … ``\\stopxrow``, a cell ``\\startxcell[…] text
    \\stopxcell`` (spans as ``nc=``/``nr=``)."""
    return _pypandoc_to("pypandoc_context", "context", path)


# ---- the blind16 split: tools declared after blind15 was run and looked at -------------------
# Same terms: each tool called as its documentation or the common script calls it, nothing tuned on
# its output before its one blind run (routes.FAMILY_SPLITS["blind16"]). The Ruby and Java tools are Debian's.

ITEXT5_JAR = Path("/usr/share/java/itext5.jar")
"""Debian libitext5-java's jar (``$GDR_ITEXT5_JAR`` overrides)."""


def itext5_jar() -> Path | None:
    """The iText 5 jar, when it and a ``java`` are here."""
    import os

    jar = Path(os.environ.get("GDR_ITEXT5_JAR", ITEXT5_JAR))
    return jar if jar.is_file() and shutil.which("java") is not None else None


@functools.cache
def ruby_gem_ready(gem: str) -> bool:
    """Whether ``ruby`` runs here and can load ``gem`` (``ruby -e 'gem "GEM"'``)."""
    exe = shutil.which("ruby")
    if exe is None:
        return False
    try:
        return subprocess.run([exe, "-e", f'gem "{gem}"'], capture_output=True, timeout=60, check=False).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def html2text_rs_text(path: Path) -> str:
    """html2text-rs (Python bindings of the Rust crate html2text) ``text_plain(html)``, its default width 100: plain
    text, each table drawn with box-drawing rules (``─``, ``│``, ``┼``), a cell's text wrapped inside its column."""
    mod = need("html2text_rs_text", "html2text_rs", "html2text-rs", path)
    return str(mod.text_plain(_html_source(path)))


def pdf_reader_rb(path: Path) -> str:
    """Ruby's pdf-reader gem (Debian ruby-pdf-reader), its README's call: ``PDF::Reader.new(path).pages.each { |page|
    puts page.text }``: each page's text laid out on a character grid from the glyphs' positions (runs of spaces
    between a row's cells)."""
    exe = _which("pdf_reader_rb", "ruby", "ruby", path)
    if not ruby_gem_ready("pdf-reader"):
        raise ConverterError("E060", str(path), family="pdf_reader_rb", tool="pdf-reader",
                             hint="apt-get install ruby-pdf-reader")
    script = "PDF::Reader.new(ARGV[0]).pages.each { |page| puts page.text }"
    return _run("pdf_reader_rb", [exe, "-rpdf-reader", "-e", script, str(path)], path).decode("utf-8", "replace")


def itext5_text(path: Path) -> str:
    """iText 5 (Debian libitext5-java), its documented call ``PdfTextExtractor.getTextFromPage(reader, i)`` for every
    page (the default ``LocationTextExtractionStrategy``: text chunks ordered by line, a space where there is a gap),
    each page's text and a newline (``ItextText.java``, run by the JDK's single-file launcher)."""
    java = _which("itext5_text", "java", "default-jdk-headless", path)
    jar = itext5_jar()
    if jar is None:
        raise ConverterError("E060", str(path), family="itext5_text", tool="itext5",
                             hint="apt-get install libitext5-java")
    script = Path(__file__).with_name("ItextText.java")
    return _bin_text("itext5_text", [java, "-cp", str(jar), str(script), str(path)], path)


def camelot_network_csv(path: Path) -> str:
    """camelot-py ``camelot.read_pdf(path, flavor="network", pages="all")`` (camelot 1.0's text-alignment flavor:
    tables found from text rows and columns that line up, not ruling lines), each table written by its ``to_csv``
    in camelot's order, a blank line between tables: the PDF's tables only, no prose."""
    return _camelot_csv(path, "camelot_network_csv", flavor="network")


def pdfreader_py(path: Path) -> str:
    """pdfreader (PyPI) ``SimplePDFViewer``, its README's call: for every page (``for canvas in viewer``) the page's
    text ``"".join(canvas.strings)``, a page a line: the strings the content stream draws, in that order, joined with
    nothing between them (a row's cells run together)."""
    mod = need("pdfreader_py", "pdfreader", "pdfreader", path)
    with open(path, "rb") as fh:
        return "".join("".join(canvas.strings) + "\n" for canvas in mod.SimplePDFViewer(fh))


__all__ = ["need"]
