"""Converter families: the real tools people use to get text out of a report (issue 9).

Each family is a function ``path -> text`` that runs a real converter (markitdown,
pymupdf4llm, poppler's pdftotext, pdfplumber) or a composition people do with them (a table
pasted into a web form). Run over a generated report (gold known) or a real PDF, they make the
messes of the wild the way the wild makes them, for ``benchmarks/eval_trust.py`` and the
trust tests. The families are a plain dict (:data:`FAMILIES`), no registry; a family whose tool
is missing raises :class:`~gdr_nlp.errors.ConverterError` (``[E060] path: …``), never an
ImportError traceback.

Install the Python tools with the ``[synth]`` extra; ``pdftotext`` is Debian's
``poppler-utils`` (``scripts/test.sh`` installs it when missing). Issue 10 adds one family per
tool people script (PDF, HTML, DOCX readers, a browser, OCR; called in ``readers.py``, the
browser in ``browser.py``) and reports which are installed through :func:`available`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from gdr_nlp.errors import ConverterError
from gdr_nlp.synth import browser, readers


@dataclass(frozen=True)
class Family:
    """One converter family: what it reads, what it writes, how."""

    name: str
    run: Callable[[Path], str]
    inputs: tuple[str, ...]  # file suffixes it reads, without the dot
    ext: str  # suffix of its output (md or txt), so ingest reads it the way a user's file would be read
    tool: str  # what must be installed, for the E060 message
    # Python modules, "bin:NAME" executables ("native:NAME": not a script; "nopython:NAME": not a Python
    # console script), "npm:NAME" packages, "soffice:calc" (LibreOffice with Calc), or "chromium"/"tesseract"/"pdfjs",
    # for available()
    needs: tuple[str, ...] = ()


def _markitdown(path: Path) -> str:
    mod = readers.need("markitdown", "markitdown", "markitdown[pdf]", path)
    return str(mod.MarkItDown().convert(str(path)).text_content)


def _pymupdf4llm(path: Path) -> str:
    mod = readers.need("pymupdf4llm", "pymupdf4llm", "pymupdf>=2 (pymupdf4llm)", path)
    return str(mod.to_markdown(str(path), show_progress=False))


def _pdftotext(mode: str) -> Callable[[Path], str]:
    family = f"pdftotext_{mode}"

    def run(path: Path) -> str:
        exe = shutil.which("pdftotext")
        if exe is None:
            raise ConverterError("E060", str(path), family=family, tool="pdftotext", hint="apt-get install poppler-utils")
        proc = subprocess.run([exe, f"-{mode}", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=120)
        if proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
            raise ConverterError("E061", str(path), family=family, detail=detail[0])
        return proc.stdout.decode("utf-8", "replace").replace("\f", "\n")

    return run


def _pdfplumber_text(path: Path) -> str:
    import pdfplumber  # a core dependency

    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


# ---- HTML tables as the tools lay them out -------------------------------------------------

def _span_attr(value: str | None) -> int:
    digits = "".join(ch for ch in value or "" if ch.isdigit())[:3]  # "2;" and other sloppy HTML
    return max(1, int(digits)) if digits else 1


class _HtmlText(HTMLParser):
    """Text of an HTML page, one line per block; table rows as cell lists.

    ``repeat_spans``: a merged cell's text is written into every grid position it covers (what
    ``pandas.read_html`` and grid-expanding table converters do); otherwise once, as a browser's
    copy gives it.
    """

    _BLOCKS = frozenset(("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "title"))

    def __init__(self, *, repeat_spans: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.repeat_spans = repeat_spans
        self.lines: list[str | list[str]] = []
        self._text: list[str] = []
        self._row: list[tuple[int, int, str]] | None = None
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._table_rows: list[list[tuple[int, int, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
            self._span = (_span_attr(a.get("rowspan")), _span_attr(a.get("colspan")))
        elif (tag in self._BLOCKS or tag == "table") and self._cell is None:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            text = " ".join("".join(self._cell).split())
            rs, cs = self._span
            self._row.append((rs, cs, text))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table_rows.append(self._row)
            self._row = None
        elif tag == "table":
            self.lines.extend(self._grid(self._table_rows))
            self._table_rows = []
        elif tag in self._BLOCKS and self._cell is None:
            self._flush()

    def handle_data(self, data: str) -> None:
        (self._cell if self._cell is not None else self._text).append(data)

    def _flush(self) -> None:
        text = "".join(self._text).strip()
        if text:
            self.lines.append(text)
        self._text = []

    def _grid(self, rows: list[list[tuple[int, int, str]]]) -> list[list[str]]:
        if not self.repeat_spans:  # a browser copies each cell once; covered positions are nothing
            return [[text for _, _, text in row] for row in rows]
        out: list[list[str]] = []
        carry: dict[int, tuple[int, str]] = {}  # column -> (rows still covered below, text)
        for row in rows:
            cells: list[str] = []
            queue = list(row)
            col = 0
            while queue or any(c >= col for c in carry):
                if col in carry:
                    left, text = carry.pop(col)
                    if left > 1:
                        carry[col] = (left - 1, text)
                    cells.append(text)
                    col += 1
                    continue
                if not queue:
                    break
                rs, cs, text = queue.pop(0)
                for k in range(cs):
                    cells.append(text)
                    if rs > 1:
                        carry[col + k] = (rs - 1, text)
                col += cs
            out.append(cells)
        return out

    def close(self) -> None:
        super().close()
        self._flush()


def _html_lines(path: Path, *, repeat_spans: bool) -> list[str | list[str]]:
    parser = _HtmlText(repeat_spans=repeat_spans)
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser.lines


def _collapse(line: str) -> str:
    return " ".join(line.split())


_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def paste_into_web_form(text: str) -> str:
    """What a web form keeps of pasted text: every run of whitespace within a line becomes one
    space, so a table copied as tab-separated cells loses its blank cells entirely. Markdown
    tables are copied as their rendered cells (pipes gone, separator rows dropped).
    """
    out = []
    for line in text.splitlines():
        if _MD_SEPARATOR.match(line):
            continue
        if line.lstrip().startswith("|"):
            line = "\t".join(line.strip().strip("|").split("|"))
        out.append(_collapse(line))
    return "\n".join(out) + "\n"


def _web_paste(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("html", "htm"):
        lines = _html_lines(path, repeat_spans=False)
        text = "\n".join("\t".join(x) if isinstance(x, list) else x for x in lines)
    elif suffix == "pdf":
        text = _pymupdf4llm(path)  # the PDF reader that keeps most of a table, then the paste
    else:
        text = path.read_text(encoding="utf-8", errors="replace")
    return paste_into_web_form(text)


def _html_spans_repeated(path: Path) -> str:
    lines = _html_lines(path, repeat_spans=True)
    return "\n".join(" ".join(c for c in x if c) if isinstance(x, list) else x for x in lines) + "\n"


def _browser_copy_paste(path: Path) -> str:
    """Select-all copy in a browser, pasted into a web form (issue 10's composition)."""
    return paste_into_web_form(browser.select_all_copy(path, family="browser_copy_paste"))


_PDF, _HTML, _DOCX = ("pdf",), ("html",), ("docx",)
_CHROME = ("chromium",)

FAMILIES: dict[str, Family] = {
    f.name: f
    for f in (
        Family("markitdown", _markitdown, ("pdf", "html", "docx"), "md", "markitdown[pdf]", ("markitdown",)),
        Family("pymupdf4llm", _pymupdf4llm, _PDF, "md", "pymupdf>=2 (pymupdf4llm)", ("pymupdf4llm",)),
        Family("pdftotext_layout", _pdftotext("layout"), _PDF, "txt", "pdftotext (poppler-utils)", ("bin:pdftotext",)),
        Family("pdftotext_raw", _pdftotext("raw"), _PDF, "txt", "pdftotext (poppler-utils)", ("bin:pdftotext",)),
        Family("pdfplumber_text", _pdfplumber_text, _PDF, "txt", "pdfplumber", ("pdfplumber",)),
        Family("web_paste", _web_paste, ("html", "pdf", "md", "txt"), "txt", "pymupdf4llm (for PDF input)", ("pymupdf4llm",)),
        Family("html_spans_repeated", _html_spans_repeated, _HTML, "txt", "nothing extra"),
        # issue 10: each tool called the way people script it (gdr_nlp/synth/readers.py)
        Family("pdfplumber_words", readers.pdfplumber_words, _PDF, "txt", "pdfplumber", ("pdfplumber",)),
        Family("pdfminer", readers.pdfminer, _PDF, "txt", "pdfminer.six", ("pdfminer",)),
        Family("pypdf", readers.pypdf, _PDF, "txt", "pypdf", ("pypdf",)),
        Family("pymupdf_text", readers.pymupdf_text, _PDF, "txt", "pymupdf", ("pymupdf",)),
        Family("bs4_text", readers.bs4_text, _HTML, "txt", "beautifulsoup4", ("bs4",)),
        Family("html2text", readers.html2text, _HTML, "md", "html2text", ("html2text",)),
        Family("markdownify", readers.markdownify, _HTML, "md", "markdownify", ("markdownify",)),
        Family("browser_innertext", readers.browser_innertext, _HTML, "txt", browser.TOOL, _CHROME),
        Family("browser_copy", readers.browser_copy, _HTML, "txt", browser.TOOL, _CHROME),
        Family("browser_copy_paste", _browser_copy_paste, _HTML, "txt", browser.TOOL, _CHROME),
        Family("mammoth", readers.mammoth, _DOCX, "txt", "mammoth", ("mammoth",)),
        Family("python_docx", readers.python_docx, _DOCX, "txt", "python-docx", ("docx",)),
        Family("tesseract", readers.tesseract, _PDF, "txt", "tesseract-ocr-chi-sim + pdftoppm", ("tesseract",)),
        # the blind split (routes.LOOKED_AT): never read through the pipeline before the lead's one run
        Family("pypdf_layout", readers.pypdf_layout, _PDF, "txt", "pypdf", ("pypdf",)),
        Family("pdfium_text", readers.pdfium_text, _PDF, "txt", "pypdfium2", ("pypdfium2",)),
        Family("pandoc_markdown", readers.pandoc_markdown, ("html", "docx"), "md", "pandoc", ("bin:pandoc",)),
        Family("w3m_dump", readers.w3m_dump, _HTML, "txt", "w3m", ("bin:w3m",)),
        Family("lynx_dump", readers.lynx_dump, _HTML, "txt", "lynx", ("bin:lynx",)),
        Family("soffice_txt", readers.soffice_txt, _DOCX, "txt", "LibreOffice (libreoffice-writer-nogui)",
               ("bin:soffice",)),
        # blind2 (routes.LOOKED_AT): declared after the blind split was looked at
        Family("inscriptis_text", readers.inscriptis_text, _HTML, "txt", "inscriptis", ("inscriptis",)),
        Family("trafilatura_text", readers.trafilatura_text, _HTML, "txt", "trafilatura", ("trafilatura",)),
        Family("html_text", readers.html_text, _HTML, "txt", "html-text", ("html_text",)),
        Family("docx2txt_text", readers.docx2txt_text, _DOCX, "txt", "docx2txt", ("docx2txt",)),
        Family("elinks_dump", readers.elinks_dump, _HTML, "txt", "elinks", ("bin:elinks",)),
        Family("links_dump", readers.links_dump, _HTML, "txt", "links2", ("bin:links2",)),
        Family("mutool_text", readers.mutool_text, _PDF, "txt", "mutool (mupdf-tools)", ("bin:mutool",)),
        Family("pdfplumber_layout", readers.pdfplumber_layout, _PDF, "txt", "pdfplumber", ("pdfplumber",)),
        # blind3 (routes.LOOKED_AT): declared after blind2 was looked at
        Family("pdftotext_default", readers.pdftotext_default, _PDF, "txt", "pdftotext (poppler-utils)",
               ("bin:pdftotext",)),
        Family("pymupdf_blocks", readers.pymupdf_blocks, _PDF, "txt", "pymupdf", ("pymupdf",)),
        Family("pdfjs_parse", readers.pdfjs_parse, _PDF, "txt", "node + pdfjs-dist (npm)", ("pdfjs",)),
        Family("pandoc_plain", readers.pandoc_plain, ("html", "docx"), "txt", "pandoc", ("bin:pandoc",)),
        Family("lxml_text", readers.lxml_text, _HTML, "txt", "lxml", ("lxml",)),
        Family("html_to_markdown", readers.html_to_markdown, _HTML, "md", "html-to-markdown", ("html_to_markdown",)),
        Family("docx2python_text", readers.docx2python_text, _DOCX, "txt", "docx2python", ("docx2python",)),
        Family("catdoc_doc", readers.catdoc_doc, _DOCX, "txt", "LibreOffice + catdoc", ("bin:soffice", "bin:catdoc")),
        # blind4 (routes.LOOKED_AT): declared after blind3 was run and looked at
        Family("pdf2docx_docx", readers.pdf2docx_docx, _PDF, "txt", "pdf2docx", ("pdf2docx", "docx")),
        Family("kreuzberg_text", readers.kreuzberg_text, ("pdf", "html", "docx"), "txt", "kreuzberg", ("kreuzberg",)),
        Family("extractous_tika", readers.extractous_tika, ("pdf", "html", "docx"), "txt", "extractous",
               ("extractous",)),
        Family("resiliparse_text", readers.resiliparse_text, _HTML, "txt", "resiliparse", ("resiliparse",)),
        Family("parsel_xpath", readers.parsel_xpath, _HTML, "txt", "parsel", ("parsel",)),
        Family("antiword_doc", readers.antiword_doc, _DOCX, "txt", "LibreOffice + antiword",
               ("bin:soffice", "bin:antiword")),
        Family("odt2txt_odt", readers.odt2txt_odt, _DOCX, "txt", "LibreOffice + odt2txt",
               ("bin:soffice", "bin:odt2txt")),
        Family("abiword_txt", readers.abiword_txt, _DOCX, "txt", "abiword", ("bin:abiword",)),
        # blind5 (routes.LOOKED_AT): declared after blind4 was run and looked at
        Family("gs_txtwrite", readers.gs_txtwrite, _PDF, "txt", "Ghostscript (gs)", ("bin:gs",)),
        Family("pdftohtml_text", readers.pdftohtml_text, _PDF, "txt", "pdftohtml (poppler-utils) + beautifulsoup4",
               ("bin:pdftohtml", "bs4")),
        Family("mutool_html_text", readers.mutool_html_text, _PDF, "txt", "mutool (mupdf-tools) + beautifulsoup4",
               ("bin:mutool", "bs4")),
        Family("selectolax_text", readers.selectolax_text, _HTML, "txt", "selectolax", ("selectolax",)),
        Family("readability_text", readers.readability_text, _HTML, "txt", "readability-lxml", ("readability", "lxml")),
        Family("striprtf_rtf", readers.striprtf_rtf, _DOCX, "txt", "LibreOffice + striprtf",
               ("bin:soffice", "striprtf")),
        Family("soffice_html_text", readers.soffice_html_text, _DOCX, "txt", "LibreOffice + beautifulsoup4",
               ("bin:soffice", "bs4")),
        Family("docx_xml_text", readers.docx_xml_text, _DOCX, "txt", "nothing extra"),
        # blind6 (routes.FAMILY_SPLITS): declared after blind5 was run and looked at
        Family("pymupdf_sorted", readers.pymupdf_sorted, _PDF, "txt", "pymupdf", ("pymupdf",)),
        Family("pdfplumber_tables", readers.pdfplumber_tables, _PDF, "txt", "pdfplumber", ("pdfplumber",)),
        Family("pypdf2_legacy", readers.pypdf2_legacy, _PDF, "txt", "PyPDF2==3.0.1", ("PyPDF2",)),
        Family("goose3_text", readers.goose3_text, _HTML, "txt", "goose3[chinese]", ("goose3", "jieba")),
        Family("boilerpy3_text", readers.boilerpy3_text, _HTML, "txt", "boilerpy3", ("boilerpy3",)),
        Family("soffice_html_txt", readers.soffice_html_txt, _HTML, "txt", "LibreOffice (libreoffice-writer-nogui)",
               ("bin:soffice",)),
        Family("mammoth_markdown", readers.mammoth_markdown, _DOCX, "md", "mammoth", ("mammoth",)),
        Family("pandoc_rst", readers.pandoc_rst, ("html", "docx"), "txt", "pandoc", ("bin:pandoc",)),
        # blind7 (routes.FAMILY_SPLITS): declared after blind6 was run and looked at
        Family("pdftotext_bbox", readers.pdftotext_bbox, _PDF, "txt", "pdftotext (poppler-utils)", ("bin:pdftotext",)),
        Family("pymupdf_words_rows", readers.pymupdf_words_rows, _PDF, "txt", "pymupdf", ("pymupdf",)),
        Family("html_to_text_js", readers.html_to_text_js, _HTML, "txt", "node + html-to-text (npm)",
               ("bin:node", "npm:html-to-text")),
        Family("turndown_gfm", readers.turndown_gfm, _HTML, "md", "node + turndown, turndown-plugin-gfm (npm)",
               ("bin:node", "npm:turndown", "npm:turndown-plugin-gfm")),
        Family("justext_text", readers.justext_text, _HTML, "txt", "jusText", ("justext",)),
        Family("pandoc_org", readers.pandoc_org, ("html", "docx"), "txt", "pandoc", ("bin:pandoc",)),
        Family("pandoc_mediawiki", readers.pandoc_mediawiki, ("html", "docx"), "txt", "pandoc", ("bin:pandoc",)),
        Family("python_docx_tables_last", readers.python_docx_tables_last, _DOCX, "txt", "python-docx", ("docx",)),
        # blind8 (routes.FAMILY_SPLITS): declared after blind7 was run and looked at
        Family("pdfplumber_text_flow", readers.pdfplumber_text_flow, _PDF, "txt", "pdfplumber", ("pdfplumber",)),
        Family("pdftotext_tsv", readers.pdftotext_tsv, _PDF, "txt", "pdftotext (poppler-utils)", ("bin:pdftotext",)),
        Family("pymupdf_html_text", readers.pymupdf_html_text, _PDF, "txt", "pymupdf + beautifulsoup4",
               ("pymupdf", "bs4")),
        Family("pandoc_asciidoc", readers.pandoc_asciidoc, ("html", "docx"), "txt", "pandoc", ("bin:pandoc",)),
        Family("html2text_no_tables", readers.html2text_no_tables, _HTML, "md", "html2text", ("html2text",)),
        Family("python_docx_body_order", readers.python_docx_body_order, _DOCX, "txt", "python-docx", ("docx",)),
        Family("docx_libreoffice_html_html2text", readers.docx_libreoffice_html_html2text, _DOCX, "md",
               "LibreOffice + html2text", ("bin:soffice", "html2text")),
        Family("markdown_email_wrap", readers.markdown_email_wrap, _HTML, "txt", "markdownify", ("markdownify",)),
        # blind9 (routes.FAMILY_SPLITS): declared after blind8 was run and looked at
        Family("pdfminer_no_laparams", readers.pdfminer_no_laparams, _PDF, "txt", "pdfminer.six", ("pdfminer",)),
        Family("pymupdf_dict_spans", readers.pymupdf_dict_spans, _PDF, "txt", "pymupdf", ("pymupdf",)),
        Family("pdftohtml_xml", readers.pdftohtml_xml, _PDF, "txt", "pdftohtml (poppler-utils)", ("bin:pdftohtml",)),
        Family("pdftotext_fixed", readers.pdftotext_fixed, _PDF, "txt", "pdftotext (poppler-utils)",
               ("bin:pdftotext",)),
        Family("browser_textcontent", readers.browser_textcontent, _HTML, "txt", browser.TOOL, _CHROME),
        Family("html2text_deb", readers.html2text_deb, _HTML, "txt", "html2text (Debian's program)",
               ("native:html2text",)),
        Family("pandoc_gfm", readers.pandoc_gfm, ("html", "docx"), "md", "pandoc", ("bin:pandoc",)),
        Family("mammoth_html_text", readers.mammoth_html_text, _DOCX, "txt", "mammoth + beautifulsoup4",
               ("mammoth", "bs4")),
        # blind10 (routes.FAMILY_SPLITS): declared after blind9 was run and looked at
        Family("pdfminer_html_text", readers.pdfminer_html_text, _PDF, "txt", "pdfminer.six + beautifulsoup4",
               ("pdfminer", "bs4")),
        Family("pymupdf_xhtml_text", readers.pymupdf_xhtml_text, _PDF, "txt", "pymupdf + beautifulsoup4",
               ("pymupdf", "bs4")),
        Family("pdfjs_items_joined", readers.pdfjs_items_joined, _PDF, "txt", "node + pdfjs-dist (npm)", ("pdfjs",)),
        Family("w3m_wide", readers.w3m_wide, _HTML, "txt", "w3m", ("bin:w3m",)),
        Family("node_html_markdown", readers.node_html_markdown, _HTML, "md", "node + node-html-markdown (npm)",
               ("bin:node", "npm:node-html-markdown")),
        Family("pandoc_markdown_strict", readers.pandoc_markdown_strict, ("html", "docx"), "md", "pandoc",
               ("bin:pandoc",)),
        Family("mammoth_html2text", readers.mammoth_html2text, _DOCX, "md", "mammoth + html2text",
               ("mammoth", "html2text")),
        Family("docx2txt_deb", readers.docx2txt_deb, _DOCX, "txt", "docx2txt (Debian's program)",
               ("nopython:docx2txt",)),
        # blind11 (routes.FAMILY_SPLITS): declared after blind10 was run and looked at
        Family("pdfminer_boxes_flow_none", readers.pdfminer_boxes_flow_none, _PDF, "txt", "pdfminer.six", ("pdfminer",)),
        Family("pdftotext_layout_web_form", readers.pdftotext_layout_web_form, _PDF, "txt", "pdftotext (poppler-utils)",
               ("bin:pdftotext",)),
        Family("kreuzberg_markdown", readers.kreuzberg_markdown, ("pdf", "html", "docx"), "md", "kreuzberg",
               ("kreuzberg",)),
        Family("elinks_wide", readers.elinks_wide, _HTML, "txt", "elinks", ("bin:elinks",)),
        Family("bs4_text_space_strip", readers.bs4_text_space_strip, _HTML, "txt", "beautifulsoup4", ("bs4",)),
        Family("pandoc_jira", readers.pandoc_jira, ("html", "docx"), "txt", "pandoc", ("bin:pandoc",)),
        Family("pandoc_dokuwiki", readers.pandoc_dokuwiki, ("html", "docx"), "txt", "pandoc", ("bin:pandoc",)),
        Family("wvtext_doc", readers.wvtext_doc, _DOCX, "txt", "LibreOffice + wvText (wv)", ("bin:soffice", "bin:wvText")),
        # blind12 (routes.FAMILY_SPLITS): declared after blind11 was run and looked at
        Family("camelot_lattice_csv", readers.camelot_lattice_csv, _PDF, "txt", "camelot-py", ("camelot",)),
        Family("pdfplumber_tables_csv", readers.pdfplumber_tables_csv, _PDF, "txt", "pdfplumber", ("pdfplumber",)),
        Family("soffice_pdf_docx2txt", readers.soffice_pdf_docx2txt, _PDF, "txt", "LibreOffice + docx2txt",
               ("bin:soffice", "docx2txt")),
        Family("pandas_read_html_csv", readers.pandas_read_html_csv, _HTML, "txt", "pandas + lxml", ("pandas", "lxml")),
        Family("calc_csv", readers.calc_csv, ("html", "docx"), "txt", "LibreOffice Calc (libreoffice-calc-nogui)",
               ("soffice:calc",)),
        Family("pandoc_latex", readers.pandoc_latex, ("html", "docx"), "txt", "pandoc", ("bin:pandoc",)),
        Family("pandoc_textile", readers.pandoc_textile, ("html", "docx"), "txt", "pandoc", ("bin:pandoc",)),
        Family("python_docx_tables_csv", readers.python_docx_tables_csv, _DOCX, "txt", "python-docx", ("docx",)),
        # blind13 (routes.FAMILY_SPLITS): declared after blind12 was run and looked at
        Family("tabula_csv", readers.tabula_csv, _PDF, "txt", "tabula-py", ("tabula", "bin:java")),
        Family("pymupdf_tables_markdown", readers.pymupdf_tables_markdown, _PDF, "md", "pymupdf", ("pymupdf",)),
        Family("pdf_parse_js", readers.pdf_parse_js, _PDF, "txt", "node + pdf-parse (npm)",
               ("bin:node", "npm:pdf-parse")),
        Family("officeparser_text", readers.officeparser_text, ("html", "docx"), "txt", "node + officeparser (npm)",
               ("bin:node", "npm:officeparser")),
        Family("html_to_md_js", readers.html_to_md_js, _HTML, "md", "node + html-to-md (npm)",
               ("bin:node", "npm:html-to-md")),
        Family("bs4_table_rows", readers.bs4_table_rows, _HTML, "txt", "beautifulsoup4", ("bs4",)),
        Family("pandoc_xwiki", readers.pandoc_xwiki, ("html", "docx"), "txt", "pandoc", ("bin:pandoc",)),
        Family("word_extractor_js", readers.word_extractor_js, _DOCX, "txt", "node + word-extractor (npm)",
               ("bin:node", "npm:word-extractor")),
        # blind14 (routes.FAMILY_SPLITS): declared after blind13 was run and looked at
        Family("camelot_stream_csv", readers.camelot_stream_csv, _PDF, "txt", "camelot-py", ("camelot",)),
        Family("pdf2json_text", readers.pdf2json_text, _PDF, "txt", "node + pdf2json (npm)",
               ("bin:node", "npm:pdf2json")),
        Family("pypandoc_typst", readers.pypandoc_typst, ("html", "docx"), "txt", "pypandoc-binary", ("pypandoc",)),
        Family("pandoc_ms", readers.pandoc_ms, ("html", "docx"), "txt", "pandoc", ("bin:pandoc",)),
        Family("pandoc_texinfo", readers.pandoc_texinfo, ("html", "docx"), "txt", "pandoc", ("bin:pandoc",)),
        Family("rehype_remark_md", readers.rehype_remark_md, _HTML, "md",
               "node + unified, rehype-parse, rehype-remark, remark-gfm, remark-stringify (npm)",
               ("bin:node", "npm:unified", "npm:rehype-parse", "npm:rehype-remark", "npm:remark-gfm",
                "npm:remark-stringify")),
        Family("gnumeric_csv", readers.gnumeric_csv, ("html", "docx"), "txt", "gnumeric (ssconvert)",
               ("bin:ssconvert",)),
        # blind15 (routes.FAMILY_SPLITS): declared after blind14 was run and looked at
        Family("opendataloader_markdown", readers.opendataloader_markdown, _PDF, "md", "opendataloader-pdf",
               ("opendataloader_pdf", "bin:java")),
        Family("pdf2md_js", readers.pdf2md_js, _PDF, "md", "node + @opendocsg/pdf2md, unpdf (npm)",
               ("bin:node", "npm:@opendocsg/pdf2md", "npm:unpdf")),
        Family("edbrowse_dump", readers.edbrowse_dump, _HTML, "txt", "edbrowse", ("bin:edbrowse",)),
        Family("calibre_textile", readers.calibre_textile, ("html", "docx"), "txt", "calibre (ebook-convert)",
               ("bin:ebook-convert",)),
        Family("pypandoc_plain", readers.pypandoc_plain, ("html", "docx"), "txt", "pypandoc-binary", ("pypandoc",)),
        Family("pypandoc_bbcode", readers.pypandoc_bbcode, ("html", "docx"), "txt", "pypandoc-binary", ("pypandoc",)),
        Family("pypandoc_ansi", readers.pypandoc_ansi, ("html", "docx"), "txt", "pypandoc-binary", ("pypandoc",)),
        Family("pypandoc_context", readers.pypandoc_context, ("html", "docx"), "txt", "pypandoc-binary",
               ("pypandoc",)),
        # blind16 (routes.FAMILY_SPLITS): declared after blind15 was run and looked at
        Family("html2text_rs_text", readers.html2text_rs_text, _HTML, "txt", "html2text-rs", ("html2text_rs",)),
        Family("pdf_reader_rb", readers.pdf_reader_rb, _PDF, "txt", "Ruby pdf-reader (ruby-pdf-reader)",
               ("bin:ruby", "rubygem:pdf-reader")),
        Family("itext5_text", readers.itext5_text, _PDF, "txt", "iText 5 (libitext5-java) + JDK",
               ("bin:java", "itext5")),
        Family("camelot_network_csv", readers.camelot_network_csv, _PDF, "txt", "camelot-py", ("camelot",)),
        Family("pdfreader_py", readers.pdfreader_py, _PDF, "txt", "pdfreader", ("pdfreader",)),
    )
}
"""Named converter families (issues 9 and 10); ``routes.FAMILY_SPLITS`` holds some out."""


def available(name: str) -> bool:
    """Whether the family's tools are installed (without running them)."""
    import importlib.util

    for need in FAMILIES[name].needs:
        if need.startswith("bin:"):
            ok = shutil.which(need[4:]) is not None
        elif need.startswith("native:"):
            ok = readers.native_program(need[7:]) is not None
        elif need.startswith("nopython:"):
            ok = readers.non_python_program(need[9:]) is not None
        elif need == "chromium":
            ok = browser.available()
        elif need == "tesseract":
            ok = readers.tesseract_ready()
        elif need == "soffice:calc":
            ok = readers.libreoffice_calc()
        elif need == "pdfjs":
            ok = readers.pdfjs_ready()
        elif need == "itext5":
            ok = readers.itext5_jar() is not None
        elif need.startswith("rubygem:"):
            ok = readers.ruby_gem_ready(need[8:])
        elif need.startswith("npm:"):
            ok = readers.npm_ready(need[4:])
        else:
            ok = importlib.util.find_spec(need) is not None
        if not ok:
            return False
    return True


def convert(name: str, path: str | Path, out_dir: str | Path | None = None) -> str | Path:
    """Run family ``name`` on ``path``.

    Args:
        name: a key of :data:`FAMILIES`.
        path: the input file.
        out_dir: when given, the text is written to ``out_dir/<stem>.<family>.<ext>`` and that
            path is returned (the file a user would then hand to ``gdr extract``).

    Returns:
        The converted text, or the written file's path when ``out_dir`` is given.

    Raises:
        ConverterError: the tool is missing (E060) or fails on this file (E061).
        KeyError: no such family.
    """
    family = FAMILIES[name]
    src = Path(path)
    if src.suffix.lower().lstrip(".") not in family.inputs:
        raise ConverterError("E061", str(src), family=name, detail=f"reads {', '.join(family.inputs)} only")
    try:
        text = family.run(src)
    except ConverterError:
        raise
    except Exception as e:  # the tool's own failure on this file, as one line (E061), never a traceback
        first = (str(e).strip().splitlines() or [""])[0][:200]
        raise ConverterError("E061", str(src), family=name, detail=f"{type(e).__name__}: {first}".rstrip(": ")) from e
    if out_dir is None:
        return text
    dest = Path(out_dir) / f"{src.stem}.{name}.{family.ext}"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text, encoding="utf-8")
    return dest


__all__ = ["FAMILIES", "Family", "available", "convert", "paste_into_web_form"]
