"""Every converter family of issue 10 run for real on a generated report (gold known): its text
holds the report's distinctive values in the report's order, and a missing tool is the one-line
E060, never a traceback. A family whose tool is absent here is skipped, as ``routes()`` skips it.
"""

from __future__ import annotations

import functools
import re
import shutil
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from gdr_nlp.errors import ConverterError
from gdr_nlp.synth import SynthDoc, generate_one
from gdr_nlp.synth import convert as conv
from gdr_nlp.synth.render import grids
from gdr_nlp.synth.routes import (BY_NAME_ONLY, FAMILY_SPLITS, HELD_OUT_RENDERERS, LOOKED_AT, RENDERER_SPLITS, RENDERERS,
                                  renderer_available, routes, split_of)

pytestmark = pytest.mark.issue(10)
SEED = 1010  # no training run or benchmark uses it
BLIND = tuple(name for names in LOOKED_AT.values() for name in names) + tuple(
    name for split in BY_NAME_ONLY for name in FAMILY_SPLITS.get(split, ()))  # blind17 holds out renderers, not families
# the OCR family reads a few pages a minute here: its own opt-in test below; the blind families
# are run along each of their routes below
FAST = sorted(name for name in conv.FAMILIES if name != "tesseract" and name not in BLIND)
# every family that existed before the blind split, in FAMILIES order: the routes of these alone
# make routes() and the train/dev/test/ocr lists (the DVC convert stage's round-robin)
BEFORE_BLIND = ("markitdown", "pymupdf4llm", "pdftotext_layout", "pdftotext_raw", "pdfplumber_text", "web_paste",
                "html_spans_repeated", "pdfplumber_words", "pdfminer", "pypdf", "pymupdf_text", "bs4_text",
                "html2text", "markdownify", "browser_innertext", "browser_copy", "browser_copy_paste", "mammoth",
                "python_docx", "tesseract")
# pdfminer's layout analysis emits a ruled table's text boxes column by column, not row by row:
# every value is there, the order is the tool's (a real mess, kept)
UNORDERED = {"pdfminer"}
# blind-family text as the tools write it, checked by converter text alone: pdftotext's default
# (reading-order) mode, its -bbox-layout blocks and its -tsv blocks, put a LibreOffice PDF's table cells out
# of row order (column by column); catdoc drops the
# official grid's 表三 (vertically merged cells) from the Word 97 file, which LibreOffice itself reads
# back whole; antiword drops 表三's rows from the Word 97 file of either DOCX. Real behaviour of the
# tools, kept: the pipeline must flag what is lost. Route -> the table whose values are lost.
BLIND_UNORDERED = {"pdf_libreoffice>pdftotext_default", "pdf_libreoffice>pdftotext_bbox",
                   "pdf_libreoffice>pdftotext_tsv",
                   # blind10: pdfminer.six's HTML has its layout analysis' text boxes, a ruled table's column by column
                   # (as the pdfminer family's text)
                   "pdf>pdfminer_html_text", "pdf_libreoffice>pdfminer_html_text", "pdf_chromium>pdfminer_html_text",
                   # blind11: pdfminer without box ordering (boxes_flow=None) sorts the LibreOffice PDF's table boxes
                   # by their place, a ruled table's header cells before its row labels' box
                   "pdf_libreoffice>pdfminer_boxes_flow_none"}
BLIND_LOSSY = {"docx_official>catdoc_doc": "applications", "docx>antiword_doc": "applications",
               "docx_official>antiword_doc": "applications",
               # blind11: kreuzberg's Markdown of the Chromium PDF leaves out a 表二 cell (161.1), present in its text
               "pdf_chromium>kreuzberg_markdown": "proactive"}
# extractous 0.3 (Tika compiled natively) refuses any DOCX holding a w:fldSimple field (TIKA-198,
# "Illegal IOException" from its OOXML parser); the official DOCX's footer page number is one. Word's
# own fldChar page fields read fine. A refusal (E061), never text: kept as the tool's behaviour.
BLIND_REFUSED = {"docx_official>extractous_tika"}
# Ghostscript 10.0's txtwrite writes some CJK glyphs of Chromium's embedded font subsets as other
# characters or drops them (平, 年, 政 here): the values in order, the report's title not whole. Kept as
# the tool's behaviour, like the losses above.
BLIND_MANGLED = {"pdf_chromium>gs_txtwrite"}
# reportlab's non-embedded STSong-Light (this report's PDF font) has no glyphs in the file: without a
# CJK fallback CIDFont (Debian's fonts-droid-fallback, which scripts/test.sh leaves out: a new CJK font
# would change the renderers' fonts) gs writes each two-byte code as two characters, NULs and all.
BLIND_RAW_CODES = {"pdf>gs_txtwrite"}
# PyPDF2 3.0.1 has no decoder for that font's UniGB-UCS2-H encoding (its own warning: "Advanced encoding
# /UniGB-UCS2-H not implemented yet"): the same two-byte codes, whatever fonts are installed.
BLIND_UNDECODED = {"pdf>pypdf2_legacy"}
# pandoc's reStructuredText grid tables give the official grid's ten-column 表三 boxes a few characters
# wide: its numbers wrap inside their boxes ("2" over "58" for 258), the lines of a row interleaving
# the cells. The other tables read in order. Route -> the table whose values are split.
BLIND_WRAPPED = {"docx_official>pandoc_rst": "applications", "html_official>pandoc_rst": "applications"}
# mammoth's Markdown escapes a full stop after digits ("161\.1"): the values in order once unescaped.
BLIND_MD_ESCAPED = {"mammoth_markdown"}
# goose3 keeps the paragraphs it scores as the article (a few narrative ones here) under the page's
# <title>, and drops the rest: no report title, no table. An article extractor's behaviour, kept.
BLIND_ARTICLE_ONLY = {"goose3_text"}
# Heading markup that splits the report's two-line title in blind7 to blind9 tools' text: org headings with the
# property drawer pandoc writes under each (":CUSTOM_ID:"), MediaWiki "= heading =" with its anchor spans,
# Markdown setext underlines. Family -> the markup the title check strips (the values are checked as written).
BLIND_TITLE_MARKUP = {"pandoc_org": r"(?m)^\s*:[A-Za-z_]+:.*$|^\*+ ",
                      "pandoc_mediawiki": r"(?m)<span id=\"[^\"]*\"></span>|^=+ | =+$",
                      "turndown_gfm": r"(?m)^[=-]+$",
                      # blind8: AsciiDoc "== " section titles, html2text's "# " headings, markdownify's
                      # setext underlines inside the e-mail's "> " quoting
                      "pandoc_asciidoc": r"(?m)^=+ ", "html2text_no_tables": r"(?m)^#+ ",
                      "markdown_email_wrap": r"(?m)^> ?[=-]+$|^>",
                      # blind9: Debian html2text's "****** heading ******", GFM's "# " headings
                      "html2text_deb": r"(?m)^\*+ | \*+$", "pandoc_gfm": r"(?m)^#+ ",
                      # blind10: "# " headings of node-html-markdown, pandoc's markdown_strict and html2text
                      "node_html_markdown": r"(?m)^#+ ", "pandoc_markdown_strict": r"(?m)^#+ ",
                      "mammoth_html2text": r"(?m)^#+ ",
                      # blind11: kreuzberg's "# " headings and front matter, Jira's "h1. {anchor:…}", DokuWiki's "====== "
                      "kreuzberg_markdown": r"(?m)^#+ |^title: .*$", "pandoc_jira": r"(?m)\{anchor:[^}]*\}|^h\d\. ",
                      "pandoc_dokuwiki": r"(?m)^=+ | =+$",
                      # blind12: Calc's CSV quotes and commas, pandoc's LaTeX \hypertarget/\section/\label (the HTML's
                      # title two headings), Textile's "h1(#id). " headings (the official page's with "{text-align:center}")
                      "calc_csv": r'[",]',
                      "pandoc_latex": r"\\hypertarget\{[^}]*\}\{%|\\label\{[^}]*\}|\\(?:sub)*section\{|[{}]",
                      "pandoc_textile": r"(?m)^h\d\([^)]*\)(?:\{[^}]*\})?\. ",
                      # blind13: html-to-md's "# " headings, XWiki's "= heading {{id name="…" /}}=" (the HTML's title two)
                      "html_to_md_js": r"(?m)^#+ ",
                      "pandoc_xwiki": r"(?m)\{\{id name=\"[^\"]*\" /\}\}|^=+ |=+$",
                      # blind14: Typst "= " headings with their "<label>" lines, ms request lines (".SH 1",
                      # ".pdfhref …", ".LP"), Texinfo's @menu, @node/@top/@anchor lines and "@chapter " headings,
                      # remark's "# " headings, camelot's CSV quotes and commas
                      "pypandoc_typst": r"(?m)^=+ |^<[^>\n]*>$", "pandoc_ms": r"(?m)^\.[A-Za-z].*$",
                      "pandoc_texinfo": r"(?m)^@menu$[\s\S]*?^@end menu$|^@(?:node|top|anchor)\b.*$"
                                        r"|^@(?:chapter|(?:sub)*section|unnumbered) ",
                      "rehype_remark_md": r"(?m)^#+ ", "camelot_stream_csv": r'[",]',
                      # blind15: "#" headings (opendataloader's, pdf2md's on any line it takes for one), edbrowse's
                      # "h1 " before a heading, calibre's Textile blocks ("h1=. ", "p. "), BBCode tags, ANSI SGR
                      # escapes, ConTeXt's \startsectionlevel[title={…},reference={…}] (the title in its braces)
                      "opendataloader_markdown": r"(?m)^#+ ", "pdf2md_js": r"(?m)^#+ ", "edbrowse_dump": r"(?m)^h\d ",
                      "calibre_textile": r"(?m)^(?:h\d|p)[=<>]*\. ", "pypandoc_bbcode": r"\[/?[a-z]+\]",
                      "pypandoc_ansi": r"\x1b\[[0-9;]*m",
                      "pypandoc_context": r"\\(?:start|stop)sectionlevel(?:\[title=\{)?|\},reference=\{[^}]*\}\]"}
# turndown-plugin-gfm keeps a table without a heading row as HTML (its keep rule), and MediaWiki takes
# inline HTML as it is: the plain HTML renderer's per-character spans ("<span>7</span><span>7</span>...")
# stay in the text. The values in order once the tags are dropped.
BLIND_INLINE_HTML = {"html>turndown_gfm", "html>pandoc_mediawiki", "html>pandoc_markdown_strict"}
# html-to-text's defaults lay out only the tables its `tables` option names; any other is a block whose
# cells run together with nothing between them (a 表三 row's seven counts one run of digits after its label).
# html2text with ignore_tables=True drops the table tags and writes each row's cells' text with nothing
# between them, a row a line (its Markdown hard break, two spaces, at the end). blind9: textContent keeps only the
# source's white space (none between these pages' tags), pdf2txt -n writes no break between text items.
BLIND_GLUED_CELLS = {"html_to_text_js", "html2text_no_tables", "browser_textcontent", "pdfminer_no_laparams"}
# python-docx's doc.paragraphs then doc.tables: every table after the report's last paragraph (the
# placement lost), the tables' values still in order among themselves.
BLIND_TABLES_LAST = {"python_docx_tables_last"}
# blind8's e-mail quote: every line "> " (">" when blank) and at most 72 display columns after it (a CJK
# character counts 2), so a long table row runs on over several quoted lines. Values checked unquoted.
BLIND_EMAIL_QUOTED = {"markdown_email_wrap"}
# python-docx's row.cells, each cell once per row (by its w:tc): a cell merged across columns once, a cell
# merged down repeated in each row it covers (row.cells gives the top cell there), cells joined by " | ".
BLIND_CELLS_ONCE = {"python_docx_body_order"}
# blind9: BeautifulSoup get_text(" ") of mammoth's HTML, which has no white space between tags: the whole report
# one line, every string (a cell, a paragraph) apart by one space.
BLIND_SPACE_JOINED = {"mammoth_html_text"}
# blind9: poppler's XML text items and PyMuPDF's dict lines, one a line: a table's numbers each on a line of its own.
BLIND_ITEM_A_LINE = {"pdftohtml_xml", "pymupdf_dict_spans"}
# blind9: pdftotext -fixed 3, the page on a grid of 3 points a character: a row's cells far apart, a form feed a page.
BLIND_FIXED_GRID = {"pdftotext_fixed"}
# blind9: Debian's html2text 1.3.2a draws tables with "|" and "_" and counts a cell's width in bytes: a Chinese
# label is cut in the middle of a character (U+FFFD once decoded) and runs on past its cell; the prose is whole.
BLIND_BYTE_WIDTHS = {"html2text_deb"}
# blind9: GFM pipe tables, and raw HTML for a table with merged cells pipes cannot hold (the official grid's 表四)
BLIND_RAW_HTML_TABLE = {"html_official>pandoc_gfm", "docx_official>pandoc_gfm"}
# blind10: pdfminer.six's HTML (pdf2txt -t html) as text: a "Page N" anchor a page, each text line a line of its own
# with a blank line between lines (its <br> and its spans), a table's numbers each on a line of its own.
BLIND_PAGE_ANCHORS = {"pdfminer_html_text"}
# blind10: pdf.js text items joined by a space, no line breaks: a page one line (a row's cells 3 spaces apart).
BLIND_PAGE_A_LINE = {"pdfjs_items_joined"}
# blind10: PyMuPDF's XHTML, a text block one paragraph (its lines joined by a space), two blank lines between.
BLIND_BLOCK_PARAGRAPHS = {"pymupdf_xhtml_text"}
# blind10: w3m at 200 columns draws a table with box-drawing characters, a row one line wider than 80 columns.
BLIND_BOX_GRID = {"w3m_wide"}
# blind10: Markdown pipe tables, padded to a column's width (node-html-markdown) or unpadded, no leading pipe
# (html2text of mammoth's HTML).
BLIND_PIPE_ROWS = {"node_html_markdown": r"(?m)^\| 一、本年新收政府信息公开申请数量 +\| 258 +\| 403 +\| ",
                   "mammoth_html2text": r"(?m)^一、本年新收政府信息公开申请数量\| 258\| 403\| "}
# blind10: markdown_strict has no table syntax: every table is raw HTML, a tag a line.
BLIND_STRICT_HTML = {"pandoc_markdown_strict"}
# blind10: Debian's docx2txt 1.4 (Perl) finds a paragraph by <w:p with attributes: python-docx's bare <w:p> paragraphs
# (the plain DOCX) run together, a table's cells glued; the official DOCX a paragraph a line, short ones centred,
# a table cell a line of its own.
# The title not whole in the text. blind11: kreuzberg's Markdown of the LibreOffice PDF leaves out the title's second
# line (the agency's line kept); blind12: LibreOffice's PDF import of the LibreOffice PDF puts the title's year (2025)
# in a text box of its own, after the title's two lines.
BLIND_TITLE_LOST = {"pdf_libreoffice>kreuzberg_markdown", "pdf_libreoffice>soffice_pdf_docx2txt"}
# blind11: each converter's 表三 first row, as its text writes it (family -> pattern; blind12's below).
BLIND_ROWS = {
    # pdftotext -layout pasted into a form: a row one line, its cells one space apart, no run of spaces anywhere
    "pdftotext_layout_web_form": r"(?m)^一、本年新收政府信息公开申请数量 258 403 0 0 117 0 778$",
    # elinks at 200 columns: a box-drawn row one line
    "elinks_wide": r"(?m)^ *│ ?一、本年新收政府信息公开申请数量 +│ ?258 +│ ?403 +│",
    # BeautifulSoup get_text(" ", strip=True): the page one line, every text node one space apart (the plain page's
    # per-character spans too: "7 7 8")
    "bs4_text_space_strip": r"本年新收政府信息公开申请数量 258 403 0 0 117 0 (778|7 7 8) ",
    # Jira wiki rows: "| cell |", empty cells of the merged label kept
    "pandoc_jira": r"(?m)^\| 一、本年新收政府信息公开申请数量 \|(  \|)* 258 \| 403 \| 0 \|",
    # DokuWiki rows padded to each column's width
    "pandoc_dokuwiki": r"(?m)^\|一、本年新收政府信息公开申请数量 +\|( +\|)*258 +\|403 +\|",
    # wvText (wvHtml's HTML dumped by elinks at 80 columns): a box grid, labels wrapped inside their cells
    "wvtext_doc": r"│ ?258 *│",
}
# blind11: kreuzberg's Markdown: pipe tables from HTML and DOCX (a merged cell's text repeated in the DOCX's), a table's
# text run into long lines from the reportlab and LibreOffice PDFs.
BLIND_KREUZBERG_ROWS = {"html": r"(?m)^\| 一、本年新收政府信息公开申请数量 +\|", "html_official": r"(?m)^\| 一、本年新收政府信息公开申请数量 +\|",
                        "docx": r"(?m)^\| 一、本年新收政府信息公开申请数量 \| 一、本年新收政府信息公开申请数量 \| 258 \|",
                        "docx_official": r"(?m)^\| 一、本年新收政府信息公开申请数量 \| 一、本年新收政府信息公开申请数量 \|",
                        "pdf": r"本年新收政府信息公开申请数量 258 403 0 0 117 0 778 ",
                        "pdf_libreoffice": r"本年新收政府信息公开申请数量 258 403 0 0 117 0 778 "}
BLIND_DOCX2TXT = {"docx>docx2txt_deb": r"本年新收政府信息公开申请数量258403001170778",
                  "docx_official>docx2txt_deb": r"(?m)^ +一、本年新收政府信息公开申请数量\n +258\n +403$"}
# blind12: the tables-to-CSV scripts (camelot, pdfplumber, pandas.read_html, python-docx) write the
# tables alone: no title, no agency, no prose. The values are all in their tables, in order.
BLIND_TABLES_ONLY = {"camelot_lattice_csv", "pdfplumber_tables_csv", "pandas_read_html_csv", "python_docx_tables_csv"}
# blind12: each converter's 表三 first row, as its text writes it.
BLIND_ROWS.update({
    # camelot's to_csv: every field quoted, a spanning label's text in its first cell, the others ""
    "camelot_lattice_csv": r'(?m)^"一、本年新收政府信息公开申请数量",(?:"",)*"258","403","0","0","117","0","778"$',
    # csv.writer of pdfplumber's extract_tables(): None cells empty (CRLF line ends in the file)
    "pdfplumber_tables_csv": r"(?m)^一、本年新收政府信息公开申请数量,+258,403,0,0,117,0,778$",
    # LibreOffice's PDF import saved as DOCX: a text box a line; docx2txt reads each box twice (its DrawingML text and
    # its VML fallback), so every line comes twice, a blank line between
    "soffice_pdf_docx2txt": r"(?m)^258\n\n258$",
    # pandas.read_html: a merged label repeated in each column it covers; the column labels 0, 1, ... a header row
    "pandas_read_html_csv": r"(?m)^(?:一、本年新收政府信息公开申请数量,){2,3}258,403,0,0,117,0,778$",
    # Calc's grid: one grid for the whole page, a table's cells spread over its columns, empty fields between
    "calc_csv": r'(?m)^"一、本年新收政府信息公开申请数量",+258,+403,+0,+0,+117,+0,+778,*$',
    # LaTeX longtable rows: the merged label a \multicolumn, cells apart by " & "
    "pandoc_latex": r"(?m)^\\multicolumn\{[23]\}\{l\}\{一、本年新收政府信息公开申请数量\} & 258 & 403 & 0 & 0",
    # python-docx row.cells: a merged label in every grid cell it covers (CRLF line ends in the file)
    "python_docx_tables_csv": r"(?m)^(?:一、本年新收政府信息公开申请数量,){2,3}258,403,0,0,117,0,778$",
})
# blind12: pandoc's Textile has no row or column spans: a table with merged cells (the DOCX tables, the official grid)
# is raw HTML, a tag a line; the plain page's tables (no span pandoc keeps) Textile rows.
BLIND12_TEXTILE_ROWS = {"html>pandoc_textile": r"(?m)^\|一、本年新收政府信息公开申请数量\|\|258\|403\|0\|0\|117\|0\|778\|$"}
# blind12: pandoc's LaTeX keeps the plain page's per-character spans as TeX groups ("{7}{7}{8}"): values in order once
# the braces are dropped.
BLIND_LATEX_GROUPS = {"html>pandoc_latex"}
# blind13: the tables-only scripts (tabula-py's CSV, PyMuPDF's find_tables() as Markdown, BeautifulSoup's table rows)
BLIND_TABLES_ONLY |= {"tabula_csv", "pymupdf_tables_markdown", "bs4_table_rows"}
# blind13: pdf-parse 2's default call loads no CMaps, so pdf.js decodes nothing of reportlab's non-embedded STSong-Light
# (this report's plain PDF font): its text is the "-- 1 of 2 --" page markers alone. Kept as the tool's behaviour.
BLIND_PAGE_MARKERS_ONLY = {"pdf>pdf_parse_js"}
# blind13: each converter's 表三 first row, as its text writes it.
BLIND_ROWS.update({
    # tabula-java's CSV (CRLF in the file): the LibreOffice and Chromium PDFs' rows with four counts in one cell
    "tabula_csv": r"(?m)^一、本年新收政府信息公开申请数量,258,+403,0[ ,]0[ ,]117[ ,]0[ ,]778,?$",
    # PyMuPDF's to_markdown(): a merged label's text in every column it covers
    "pymupdf_tables_markdown": r"(?m)^\|(?:一、本年新收政府信息公开申请数量\|){2,3}258\|403\|0\|0\|117\|0\|778\|$",
    # pdf-parse 2: a line's items apart by a space, a tab before some (the Chromium PDF's)
    "pdf_parse_js": r"(?m)^一、本年新收政府信息公开申请数量 \t?258 403 \t?0 \t?0 \t?117 \t?0 \t?778$",
    # officeparser's aligned text grid: cells padded to their column's width between "| "
    "officeparser_text": r"(?m)^\| 一、本年新收政府信息公开申请数量 +\| 258 +\| 403 +\| 0 +\| 0 +\| 117 +\| 0 +\| 778 \| $",
    "html_to_md_js": r"(?m)^\|一、本年新收政府信息公开申请数量\|258\|403\|0\|0\|117\|0\|778\|$",
    "bs4_table_rows": r"(?m)^一、本年新收政府信息公开申请数量\t258\t403\t0\t0\t117\t0\t778$",
    # XWiki rows: "|cell " with no closing pipe, the merged label's empty cells kept
    "pandoc_xwiki": r"(?m)^\|一、本年新收政府信息公开申请数量 (?:\| )+\|258 \|403 \|0 \|0 \|117 \|0 \|778$",
    # word-extractor's getBody(): a tab after every cell, the last one too
    "word_extractor_js": r"(?m)^一、本年新收政府信息公开申请数量\t258\t403\t0\t0\t117\t0\t778\t$",
})
# blind14: Gnumeric's CSV of the page's tables (ssconvert: the tables alone, every row as wide as the widest)
BLIND_TABLES_ONLY |= {"gnumeric_csv"}
# blind14: pdf2json's getRawTextContent() writes a line's text items with nothing between them
BLIND_GLUED_CELLS |= {"pdf2json_text"}
# blind14: camelot's stream flavor writes nothing of the page below 表三's （七）总计 row on every PDF here: 表三's last
# row (四、结转下年度继续办理), 表四 and section 五 are not in its CSV (its prose on other pages is). Kept as the tool's
# behaviour: the values in order up to that row's total (this report's 695).
BLIND_CUT_AFTER_TOTAL = {f"{renderer}>camelot_stream_csv" for renderer in ("pdf", "pdf_libreoffice", "pdf_chromium")}
# blind14: each converter's 表三 first row, as its text writes it.
BLIND_ROWS.update({
    # camelot's to_csv: every field quoted, the label in one cell
    "camelot_stream_csv": r'(?m)^"一、本年新收政府信息公开申请数量","258","403","0","0","117","0","778"$',
    "pdf2json_text": r"(?m)^一、本年新收政府信息公开申请数量258403001170778$",
    # Typst: a merged label "table.cell(colspan: …)[…]" (the official DOCX's cells each "table.cell(align: center)[…]")
    "pypandoc_typst": r"(?m)^ +table\.cell\((?:align: center, )?colspan: [23]\)\[一、本年新收政府信息公开申请数量\], "
                      r"(?:table\.cell\(align: center\))?\[258\], (?:table\.cell\(align: center\))?\[403\], ",
    # ms: each cell a tbl text block (T{ … T}; from a DOCX a ".nr LL" width line first), cells apart by a tab; empty
    # cells kept
    "pandoc_ms": r"(?m)^一、本年新收政府信息公开申请数量\n(?:T\}\tT\{\n(?:\.nr LL [\d.]+n\n)?)+258\nT\}\tT\{\n"
                 r"(?:\.nr LL [\d.]+n\n)?403$",
    # Texinfo: "@item" then the label, every further cell a " @tab " line; empty cells kept
    "pandoc_texinfo": r"(?m)^@item \n一、本年新收政府信息公开申请数量\n(?: @tab \n)+ @tab 258\n @tab 403\n @tab 0\n @tab 0\n"
                      r" @tab 117\n @tab 0\n @tab 778$",
    # remark-stringify's GFM table: cells padded to their column's width, the merged label's empty cells kept
    "rehype_remark_md": r"(?m)^\| 一、本年新收政府信息公开申请数量 +(?:\| +)+\| 258 +\| 403 +\| 0 +\| 0 +\| 117 +\| 0 +\| 778 \|$",
    # Gnumeric's CSV: the merged label's empty cells, then the row padded with commas to the sheet's width
    "gnumeric_csv": r"(?m)^一、本年新收政府信息公开申请数量,{2,3}258,403,0,0,117,0,778,+$",
})
# blind15: pdf2md's pdf.js (unpdf's build) loads no CMaps, so it decodes nothing of reportlab's non-embedded
# STSong-Light (this report's plain PDF font), as pdf-parse's: its text is the page-break comments alone. Kept as the
# tool's behaviour.
BLIND_PAGE_BREAKS_ONLY = {"pdf>pdf2md_js"}
# blind15: pandoc's BBCode writer leaves out a table one of whose cells holds a line break (its --verbose note: "Not
# rendering Table"): the official grid's 表四, whose header cells are "结果<br>纠正" and the like, is not in the text of
# the official page or DOCX (its heading is). Kept as the tool's behaviour; 表四's values are not among the distinctive
# ones (15 twice, zeros), so the values-in-order check does not see the loss: this one does.
BLIND_TABLE_NOT_RENDERED = {"html_official>pypandoc_bbcode", "docx_official>pypandoc_bbcode"}
# blind15: each converter's 表三 first row, as its text writes it.
BLIND_ROWS.update({
    # opendataloader-pdf's pipe table: the merged label's other places " " cells, no padding
    "opendataloader_markdown": r"(?m)^\|一、本年新收政府信息公开申请数量\|(?: \|)+258\|403\|0\|0\|117\|0\|778\|$",
    # pdf2md: a text line a Markdown line, its items apart by a space (one after the last), this row a "####" heading
    "pdf2md_js": r"(?m)^#### 一、本年新收政府信息公开申请数量 258 403 0 0 117 0 778 $",
    # edbrowse: a row a line, cells apart by "|", no padding, no pipe at either end
    "edbrowse_dump": r"(?m)^一、本年新收政府信息公开申请数量\|258\|403\|0\|0\|117\|0\|778$",
    # calibre's Textile: from HTML a row a line, each cell's span ("\2." / "\3.") and alignment ("=.") before its text;
    # from DOCX every cell a paragraph of its own ("p. …"), the cells' bars and spans on the lines between
    "calibre_textile": r"(?m)^\|=?\\[23]\. 一、本年新收政府信息公开申请数量\|(?:=\. )?258\|(?:=\. )?403\|(?:=\. )?0\|"
                       r"|^ \|\^?\\[23]\.\np=?\. 一、本年新收政府信息公开申请数量\n \|(?:\^\.)?\np=?\. 258\n \|(?:\^\.)?\np=?\. 403$",
    # pandoc 3.9's plain grid table: the label's box over its columns, cells padded to their columns' widths
    "pypandoc_plain": r"(?m)^\| 一、本年新收政府信息公开申请数量 +\| 258 +\| 403 +\| 0 +\| 0 +\| 117 +\| 0 +\| 778 +\|$",
    # BBCode: a row a line, the merged label's other places empty [td][/td] cells
    "pypandoc_bbcode": r"(?m)^\[tr\]\[td\]一、本年新收政府信息公开申请数量\[/td\](?:\[td\]\[/td\]){1,2}\[td\]258\[/td\]\[td\]403\[/td\]"
                       r"\[td\]0\[/td\]\[td\]0\[/td\]\[td\]117\[/td\]\[td\]0\[/td\]\[td\]778\[/td\]\[/tr\]$",
    # ANSI: columns apart by spaces; where the label's column is narrow (the plain page's) it wraps over lines after
    # the row's numbers
    "pypandoc_ansi": r"(?m)^一、本年新收政府信息公开申请数量 +258 +403 +0 +0 +117 +0 +778$"
                     r"|^一、 +258 +403 +0 +0 +117 +0 +778\n本年新收政府信 *\n息公开申请数量 *$",
    # ConTeXt: a cell "\startxcell[…] text \stopxcell" (the merged label's "nc=" columns), a cell a line
    "pypandoc_context": r"(?m)^\\startxcell\[[^\]\n]*nc=[23]\]\s一、本年新收政府信息公开申请数量 \\stopxcell\n"
                        r"\\startxcell(?:\[[^\]\n]*\])? 258 \\stopxcell$",
})


# blind16 (declared before its one run): each converter's 表三 first row, as its text writes it. Converter text only: nothing here
# reads it through the pipeline.
BLIND16_ROWS = {
    # the Rust html2text crate: box-drawn columns, "│" between cells, the label padded to its column's width
    "html2text_rs_text": r"(?m)^一、本年新收政府信息公开申请数量 +│258 *│403 *│0 *│0 *│117 *│0 *│778 *$",
    # Ruby pdf-reader: a character grid, runs of spaces between cells
    "pdf_reader_rb": r"(?m)^ *一、本年新收政府信息公开申请数量 {2,}258 {2,}403 {2,}0 {2,}0 {2,}117 {2,}0 {2,}778$",
    # iText 5: a line's chunks a space apart
    "itext5_text": r"(?m)^一、本年新收政府信息公开申请数量 258 403 0 0 117 0 778$",
    # camelot's CSV, every field quoted, the merged label's other places empty fields
    "camelot_network_csv": r'(?m)^"一、本年新收政府信息公开申请数量",(?:"",)*"258","403","0","0","117","0","778"$',
    # pdfreader: the page's strings joined with nothing between them
    "pdfreader_py": r"一、本年新收政府信息公开申请数量258403001170778二、",
}
# blind16: from the reportlab PDF (non-embedded STSong-Light, /UniGB-UCS2-H) these decode no CJK character: Ruby
# pdf-reader and pdfreader write the two-byte codes as Latin-1 mojibake, iText 5 (without itext-asian's CMaps) only
# blanks. Kept as the tools' behaviour.
BLIND16_NO_CJK = {"pdf>pdf_reader_rb", "pdf>itext5_text", "pdf>pdfreader_py"}


@pytest.fixture(scope="module")
def doc() -> SynthDoc:
    return generate_one(9, seed=SEED, layouts=("html", "docx", "pdf"))  # large numbers: 16 distinctive values


@pytest.fixture(scope="module")
def rendered(doc: SynthDoc, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report rendered once per input kind, by the plain html/docx/pdf renderers."""
    folder = tmp_path_factory.mktemp("families")
    return {ext: RENDERERS[ext].run(doc, folder) for ext in ("html", "docx", "pdf")}


def distinctive_values(doc: SynthDoc, tables: set[str] | None = None) -> list[str]:
    """Printed table values of two or more characters that occur once in the report's tables, in grid
    order; ``tables``: only those of these tables."""
    keys = [k for gs in grids(doc.tables).values() for g in gs for _, _, cells in g["rows"] for k in cells]
    printed = [doc.tables.printed[k] for k in keys]
    return [v for k, v in zip(keys, printed) if len(v) >= 2 and printed.count(v) == 1
            and (tables is None or k[0] in tables)]


def assert_in_order(text: str, values: list[str]) -> None:
    flat = re.sub(r"[\s|*]", "", text)  # wraps, cell separators and markdown emphasis aside
    at = 0
    for v in values:
        found = flat.find(v, at)
        assert found >= 0, f"{v!r} missing after offset {at}"
        at = found + len(v)


@pytest.mark.parametrize("name", FAST)
def test_family_reads_the_values_in_order(name: str, doc: SynthDoc, rendered: dict[str, Path], tmp_path: Path) -> None:
    if not conv.available(name):
        pytest.skip(f"{name} is not installed here")
    family = conv.FAMILIES[name]
    src = rendered[next(ext for ext in ("pdf", "html", "docx") if ext in family.inputs)]
    out = Path(conv.convert(name, src, tmp_path))
    assert out.suffix == f".{family.ext}" and src.is_file()
    text = out.read_text(encoding="utf-8")
    assert doc.agency in re.sub(r"\s", "", text)
    values = distinctive_values(doc)
    assert len(values) >= 5  # the check has teeth
    if name in UNORDERED:
        flat = re.sub(r"[\s|*]", "", text)
        assert [v for v in values if v not in flat] == []
    else:
        assert_in_order(text, values)


@pytest.fixture(scope="module")
def render(doc: SynthDoc, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The report rendered by a named renderer, once per renderer (LibreOffice and Chromium are slow)."""
    folder = tmp_path_factory.mktemp("blind")
    return functools.cache(lambda renderer: RENDERERS[renderer].run(doc, folder))


# pdf2docx lays out each page again (15-30 s a report here): its plain-PDF route runs by default,
# the LibreOffice and Chromium PDFs with --slow
BLIND_SLOW = {"pdf_libreoffice>pdf2docx_docx", "pdf_chromium>pdf2docx_docx"}


@pytest.mark.parametrize("route", [pytest.param(r, marks=pytest.mark.slow) if r in BLIND_SLOW else r
                                   for split in ("blind", "blind2", "blind3", "blind4", "blind5", "blind6",
                                                 "blind7", "blind8", "blind9", "blind10", "blind11", "blind12",
                                                 "blind13", "blind14", "blind15")
                                   for r in routes(split, installed_only=False)])
def test_blind_family_reads_the_values_in_order(route: str, doc: SynthDoc, render: Callable[[str], Path],
                                                tmp_path: Path) -> None:
    """Each blind route gives text holding the report's values in order. Only the converter's text
    is checked: the pipeline's reading of it is the lead's one blind run (``eval_convert --split blind``)."""
    renderer, _, name = route.partition(">")
    if not conv.available(name) or not renderer_available(renderer):
        pytest.skip(f"{route}: a tool is not installed here")
    if route in BLIND_REFUSED:
        with pytest.raises(ConverterError, match=rf"^\[E061\] .*: converter '{name}' failed"):
            conv.convert(name, render(renderer), tmp_path)
        return
    out = Path(conv.convert(name, render(renderer), tmp_path))
    assert out.suffix == f".{conv.FAMILIES[name].ext}"
    text = out.read_text(encoding="utf-8")
    if route in BLIND_RAW_CODES and doc.agency not in re.sub(r"\s", "", text):
        assert "\0".join(str(doc.year)) in text  # "2\x000\x002\x005"; with the fallback font, read whole below
        return
    if route in BLIND_UNDECODED:
        assert re.search(r"[\u4e00-\u9fff]", text) is None and "\0".join(str(doc.year)) in text
        return
    if route in BLIND_PAGE_MARKERS_ONLY:
        assert re.search(r"(?m)^-- 1 of \d+ --$", text) and re.sub(r"-- \d+ of \d+ --|\s", "", text) == ""
        return
    if route in BLIND_PAGE_BREAKS_ONLY:
        assert "<!-- PAGE_BREAK -->" in text and re.sub(r"<!-- PAGE_BREAK -->|\s", "", text) == ""
        return
    if name in BLIND_ARTICLE_ONLY:
        flat = re.sub(r"\s", "", text)
        assert flat.startswith(re.sub(r"\s", "", re.search(r"<title>(.*?)</title>", render(renderer).read_text(
            encoding="utf-8")).group(1)))
        assert any(f"{m['value']}{m['unit']}" in flat for m in doc.metrics if m.get("unit"))  # a prose number
        assert doc.agency not in flat and "本年新收政府信息公开申请数量" not in flat
        return
    assert (doc.agency in re.sub(r"\s", "", text)) is (route not in BLIND_MANGLED and name not in BLIND_TABLES_ONLY)
    values = distinctive_values(doc)
    assert len(values) >= 5
    flat = re.sub(r"[\s|*]", "", text)
    title = f"{doc.agency}{doc.year}年政府信息公开工作年度报告"
    if route in BLIND_MANGLED:
        assert title not in re.sub(r"\s", "", text)
    elif name in LOOKED_AT["blind4"] + LOOKED_AT["blind5"] + FAMILY_SPLITS["blind6"]:
        # the whole title in the text, wraps and reStructuredText's heading underlines aside
        assert title in re.sub(r"\s", "", re.sub(r"(?m)^[=~-]+$", "", text))
    elif name in FAMILY_SPLITS["blind7"] + FAMILY_SPLITS["blind8"] + FAMILY_SPLITS["blind9"] + FAMILY_SPLITS["blind10"]:
        # the whole title, wraps and heading markup aside
        assert title in re.sub(r"\s", "", re.sub(BLIND_TITLE_MARKUP.get(name, r"^$"), "", text))
    elif name in (FAMILY_SPLITS["blind11"] + FAMILY_SPLITS["blind12"] + FAMILY_SPLITS["blind13"]
                  + FAMILY_SPLITS["blind14"] + FAMILY_SPLITS["blind15"]):
        # the whole title, wraps and markup aside; none in the tables-only CSV, not whole where BLIND_TITLE_LOST says
        assert (title in re.sub(r"\s", "", re.sub(BLIND_TITLE_MARKUP.get(name, r"^$"), "", text))) is (
            name not in BLIND_TABLES_ONLY and route not in BLIND_TITLE_LOST)
    if name in BLIND_GLUED_CELLS:
        assert re.search(r"本年新收政府信息公开申请数量\d{7,}", text)
    if name in BLIND_EMAIL_QUOTED:
        lines = text.splitlines()
        assert all(line == ">" or line.startswith("> ") for line in lines)
        assert max(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line[2:]) for line in lines) <= 72
        text = re.sub(r"(?m)^> ?", "", text)
        flat = re.sub(r"[\s|*]", "", text)
    if name in BLIND_CELLS_ONCE:  # the 表三 row label spans three columns, written once
        assert re.search(r"(?m)^一、本年新收政府信息公开申请数量 \| \d+ \| \d+", text)
    if name in BLIND_SPACE_JOINED:
        assert "\n" not in text.rstrip("\n") and re.search(r"本年新收政府信息公开申请数量( \d+){7} ", text)
    if name in BLIND_ITEM_A_LINE:
        assert re.search(r"(?m)^258\n403$", text)  # 表三's first row: 258, 403, ... a line each
    if name in BLIND_FIXED_GRID:
        assert "\f" in text and re.search(r"本年新收政府信息公开申请数量 {2,}258 {2,}403 ", text)
    if name in BLIND_BYTE_WIDTHS:
        assert re.search(r"(?m)^\|[^|\n]*\|258\|403_*\|", text) and "\ufffd" in text
        assert all("\ufffd" not in line for line in text.splitlines() if not line.startswith(("|", " ")))
    if name == "pandoc_gfm":
        assert re.search(r"(?m)^\| 一、本年新收政府信息公开申请数量 +\|", text)
        assert ("<td" in text) is (route in BLIND_RAW_HTML_TABLE)
    if name in BLIND_PAGE_ANCHORS:
        assert re.search(r"(?m)^Page 1$", text) and re.search(r"(?m)^258$", text)
    if name in BLIND_PAGE_A_LINE:
        assert len(text.splitlines()) <= 4 and re.search(r"本年新收政府信息公开申请数量 +258 +403 +0 +0 +117 ", text)
    if name in BLIND_BLOCK_PARAGRAPHS:
        assert "\n\n\n" in text and re.search(r"(?m)^一、本年新收政府信息公开申请数量 258 403 0 0 117 0 778", text)
    if name in BLIND_BOX_GRID:
        row = re.search(r"(?m)^│一、本年新收政府信息公开申请数量 +│258 +│403 +│.*$", text)
        assert row and 80 < sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in row.group()) <= 200
    if name in BLIND_PIPE_ROWS:
        assert re.search(BLIND_PIPE_ROWS[name], text)
    if name in BLIND_STRICT_HTML:
        assert re.search(r"<td[^>]*>一、本年新收政府信息公开申请数量</td>\n<td>258</td>\n<td>403</td>\n", text)
        assert not re.search(r"(?m)^\|", text)
    if route in BLIND_DOCX2TXT:
        assert re.search(BLIND_DOCX2TXT[route], text)
    if name in BLIND_ROWS:
        assert re.search(BLIND_ROWS[name], text)
    if name == "pdftotext_layout_web_form":
        assert "  " not in text and "\t" not in text
    if name == "elinks_wide":
        row = re.search(BLIND_ROWS[name] + ".*$", text, re.M)
        assert row and 80 < sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in row.group()) <= 200
    if name == "bs4_text_space_strip":
        assert "\n" not in text.rstrip("\n")
    if name == "wvtext_doc":
        assert "┼" in text and "本年新收政府信息公开申请数量" not in text  # the label wrapped over lines of its cell
    if name == "pdfminer_boxes_flow_none":
        assert re.search(r"(?m)^258$", text)  # a table cell's number a text box, a line of its own
    if name == "kreuzberg_markdown" and renderer in BLIND_KREUZBERG_ROWS:
        assert re.search(BLIND_KREUZBERG_ROWS[renderer], text)
    if name in ("pdfplumber_tables_csv", "python_docx_tables_csv"):
        assert b"\r\n" in out.read_bytes()  # csv.writer's line ends, in the file (read_text gives "\n")
    if name == "pandas_read_html_csv":
        assert re.search(r"(?m)^0,1,2,3$", text)  # a DataFrame's column labels, its first line
    if name == "pandoc_textile":
        assert (route in BLIND12_TEXTILE_ROWS) is ("<table" not in text)
        if route in BLIND12_TEXTILE_ROWS:
            assert re.search(BLIND12_TEXTILE_ROWS[route], text)
        else:
            assert re.search(r"(?m)^<td[^>]*>258</td>$", text)
    if name == "pandoc_latex":
        assert "\\begin{longtable}" in text and "\\documentclass" not in text
    if name == "tabula_csv":
        assert b"\r\n" in out.read_bytes()  # tabula-java's CSV line ends
    if name == "pymupdf_tables_markdown":
        assert re.search(r"(?m)^\|[^|\n]+\|Col2\|", text)  # to_markdown() names an empty header cell by its column
    if name == "pdf_parse_js":
        assert re.search(r"(?m)^-- 1 of \d+ --$", text)  # pdf-parse's page marker
    if name == "camelot_stream_csv":
        assert re.search(r'(?m)^(?:"",)*"（七）总计",(?:"",)*"249","342","0","0","104","0","695"$', text)
    if name == "pdf2json_text":
        assert re.search(r"(?m)^-+Page \(0\) Break-+$", text)  # pdf2json's page marker
    if name == "pypandoc_typst":
        assert "#table(" in text and "table.cell(" in text
    if name == "pandoc_ms":
        assert re.search(r"(?m)^\.TS$", text) and re.search(r"(?m)^\.TE$", text)
    if name == "pandoc_texinfo":
        assert re.search(r"(?m)^@multitable ", text) and re.search(r"(?m)^@end multitable$", text)
    if name == "opendataloader_markdown":
        assert re.search(r"(?m)^# ", text) and re.search(r"(?m)^\|---\|---\|", text)  # a heading, a pipe table's rule
    if name == "pdf2md_js":
        assert re.search(r"(?m)^<!-- PAGE_BREAK -->$", text) and re.search(r"(?m)^#### ", text)
    if name == "edbrowse_dump":
        assert re.search(r"(?m)^h1 ", text) and not re.search(r"(?m)^\|.*\|$", text)  # no row closed by a pipe
    if name == "calibre_textile":
        assert re.search(r"(?m)^(?:h1|p)=?\. ", text) and re.search(r"\\[23]\.", text)  # Textile blocks, column spans
    if name == "pypandoc_plain":
        assert re.search(r"(?m)^\+-+\+", text)  # a grid table's rule
    if name == "pypandoc_bbcode":
        assert text.count("[table]") == text.count("[/table]") == (2 if route in BLIND_TABLE_NOT_RENDERED else 3)
        assert ("未经复议直接起诉" in text) is (route not in BLIND_TABLE_NOT_RENDERED)  # a 表四 header cell
    if name == "pypandoc_ansi":
        assert "\x1b[" in text and "─" in text  # SGR escapes, the tables' rules
    if name == "pypandoc_context":
        assert re.search(r"(?m)^\\startxtable$", text) and re.search(r"(?m)^\\stopxtable$", text)
    if name in BLIND_TABLES_LAST:
        last_heading = "五、存在的主要问题及改进情况"
        assert last_heading in text and text.index(last_heading) < text.index("\t")
    if route in BLIND_UNORDERED:
        assert [v for v in values if v not in flat] == []
    elif route in BLIND_CUT_AFTER_TOTAL:
        assert "结转下年度继续办理" not in text and "行政复议" not in text and "五、存在的主要问题及改进情况" not in text
        assert_in_order(text, values[:values.index("695") + 1])
    elif route in BLIND_LOSSY or route in BLIND_WRAPPED:  # the other tables' values in order; some of one's missing
        lost = BLIND_LOSSY.get(route) or BLIND_WRAPPED[route]
        assert_in_order(text, distinctive_values(doc, {"proactive", "applications", "review_litigation"} - {lost}))
        assert [v for v in distinctive_values(doc, {lost}) if v not in flat]
    elif route in BLIND_INLINE_HTML:
        assert re.search(r"<span>\d</span><span>\d</span>", text)
        assert_in_order(re.sub(r"<[^>]*>", "", text), values)
    elif route in BLIND_LATEX_GROUPS:
        assert re.search(r"\{\d\}\{\d\}", text)
        assert_in_order(re.sub(r"[{}]", "", text), values)
    elif name in BLIND_MD_ESCAPED:
        assert re.search(r"\d\\\.\d", text)
        assert_in_order(re.sub(r"\\([.\\])", r"\1", text), values)
    else:
        assert_in_order(text, values)


def test_values_in_order_fails_on_shuffled_rows(doc: SynthDoc) -> None:
    values = distinctive_values(doc)
    with pytest.raises(AssertionError):
        assert_in_order(" ".join(reversed(values)), values)


@pytest.mark.slow
def test_tesseract_reads_the_rendered_pdf(doc: SynthDoc, rendered: dict[str, Path]) -> None:
    if not conv.available("tesseract"):
        pytest.skip("tesseract with chi_sim is not installed here")
    text = str(conv.convert("tesseract", rendered["pdf"]))
    flat = re.sub(r"\s", "", text)
    assert "政府信息公开" in flat
    # the OCR split is held out: this checks the tool runs and reads the page, not how well it
    # reads the tables (6.5 pt table text at 200 dpi is hard for tesseract; measured at the end)
    assert any(v in flat for v in distinctive_values(doc))


@pytest.mark.parametrize("name", ["pypdf", "mammoth", "html2text", "markdownify", "bs4_text", "pdfminer",
                                  "pypdf_layout", "pdfium_text"])
def test_missing_python_tool_is_one_line(name: str, rendered: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    family = conv.FAMILIES[name]
    for module in family.needs:
        monkeypatch.setitem(sys.modules, module, None)  # what an environment without it gives: ImportError
        monkeypatch.setitem(sys.modules, f"{module}.high_level", None)
    src = rendered[family.inputs[0]]
    with pytest.raises(ConverterError) as err:
        conv.convert(name, src)
    assert str(err.value) == (f"[E060] {src}: converter {name!r} needs {family.tool}, which is not installed "
                              "(pip install -e '.[synth]')")


@pytest.mark.parametrize("name", ["pdf2docx_docx", "kreuzberg_text", "extractous_tika", "resiliparse_text",
                                  "parsel_xpath"])
def test_missing_blind4_python_tool_is_one_line(name: str, rendered: dict[str, Path],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    _assert_missing_python_tool(name, conv.FAMILIES[name].tool, rendered, monkeypatch)


def _assert_missing_python_tool(name: str, tool: str, rendered: dict[str, Path],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Without its Python packages (and every submodule an earlier test imported) the family is the one-line E060."""
    family = conv.FAMILIES[name]
    for module in [n for n in family.needs if not n.startswith("bin:")]:
        for loaded in [m for m in sys.modules if m == module or m.startswith(f"{module}.")] or [module]:
            monkeypatch.setitem(sys.modules, loaded, None)
    src = rendered[family.inputs[0]]
    with pytest.raises(ConverterError) as err:
        conv.convert(name, src)
    assert str(err.value) == (f"[E060] {src}: converter {name!r} needs {tool}, which is not installed "
                              "(pip install -e '.[synth]')")


@pytest.mark.parametrize(("name", "tool"), [("selectolax_text", "selectolax"), ("readability_text", "readability-lxml"),
                                          ("striprtf_rtf", "striprtf"), ("pdftohtml_text", "beautifulsoup4")])
def test_missing_blind5_python_tool_is_one_line(name: str, tool: str, rendered: dict[str, Path],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    if not conv.available(name):  # pdftohtml runs before BeautifulSoup is asked for
        pytest.skip(f"{name} is not installed here")
    _assert_missing_python_tool(name, tool, rendered, monkeypatch)


@pytest.mark.parametrize(("name", "tool"), [
    # blind6
    ("pymupdf_sorted", "pymupdf"), ("pypdf2_legacy", "PyPDF2==3.0.1"), ("goose3_text", "goose3[chinese]"),
    ("boilerpy3_text", "boilerpy3"), ("mammoth_markdown", "mammoth"),
    # blind7
    ("pymupdf_words_rows", "pymupdf"), ("justext_text", "jusText"), ("python_docx_tables_last", "python-docx"),
    # blind8
    ("pymupdf_html_text", "pymupdf"), ("html2text_no_tables", "html2text"), ("python_docx_body_order", "python-docx"),
    ("docx_libreoffice_html_html2text", "html2text"), ("markdown_email_wrap", "markdownify"),
    # blind9
    ("pdfminer_no_laparams", "pdfminer.six"), ("pymupdf_dict_spans", "pymupdf"), ("mammoth_html_text", "mammoth"),
    # blind10
    ("pdfminer_html_text", "pdfminer.six"), ("pymupdf_xhtml_text", "pymupdf"), ("mammoth_html2text", "mammoth"),
    # blind11
    ("pdfminer_boxes_flow_none", "pdfminer.six"), ("kreuzberg_markdown", "kreuzberg"),
    ("bs4_text_space_strip", "beautifulsoup4"),
    # blind12
    ("camelot_lattice_csv", "camelot-py"), ("soffice_pdf_docx2txt", "docx2txt"), ("pandas_read_html_csv", "pandas"),
    ("python_docx_tables_csv", "python-docx"),
    # blind13
    ("tabula_csv", "tabula-py"), ("pymupdf_tables_markdown", "pymupdf"), ("bs4_table_rows", "beautifulsoup4"),
    # blind14
    ("camelot_stream_csv", "camelot-py"), ("pypandoc_typst", "pypandoc-binary"),
    # blind15
    ("opendataloader_markdown", "opendataloader-pdf"), ("pypandoc_plain", "pypandoc-binary"),
    ("pypandoc_bbcode", "pypandoc-binary"), ("pypandoc_ansi", "pypandoc-binary"),
    ("pypandoc_context", "pypandoc-binary"),
    # blind16
    ("html2text_rs_text", "html2text-rs"), ("camelot_network_csv", "camelot-py"), ("pdfreader_py", "pdfreader")])
def test_missing_blind_python_tool_is_one_line(name: str, tool: str, rendered: dict[str, Path],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _assert_missing_python_tool(name, tool, rendered, monkeypatch)


@pytest.mark.parametrize(("name", "package"), [("html_to_text_js", "html-to-text@10"), ("turndown_gfm", "turndown@7"),
                                             ("turndown_gfm", "turndown-plugin-gfm@1"),
                                             ("node_html_markdown", "node-html-markdown@2"),
                                             # blind13
                                             ("pdf_parse_js", "pdf-parse@2"), ("officeparser_text", "officeparser@7"),
                                             ("html_to_md_js", "html-to-md@0.8"),
                                             ("word_extractor_js", "word-extractor@1"),
                                             # blind14
                                             ("pdf2json_text", "pdf2json@3"), ("rehype_remark_md", "unified@11"),
                                             ("rehype_remark_md", "rehype-parse@9"),
                                             ("rehype_remark_md", "rehype-remark@10"),
                                             ("rehype_remark_md", "remark-gfm@4"),
                                             ("rehype_remark_md", "remark-stringify@11"),
                                             # blind15
                                             ("pdf2md_js", "@opendocsg/pdf2md@0.3"), ("pdf2md_js", "unpdf@1")])
def test_missing_npm_package_is_one_line(name: str, package: str, rendered: dict[str, Path],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """node present, one npm package absent from the prefix: the one-line E060 naming it and its npm install."""
    from gdr_nlp.synth import readers

    if shutil.which("node") is None:
        pytest.skip("node is not installed here")
    missing = package.rpartition("@")[0]
    real = readers.npm_ready
    monkeypatch.setattr(readers, "npm_ready", lambda pkg: pkg != missing and real(pkg))
    assert not conv.available(name)
    src = rendered[conv.FAMILIES[name].inputs[0]]
    with pytest.raises(ConverterError) as err:
        conv.convert(name, src)
    assert str(err.value) == (f"[E060] {src}: converter {name!r} needs {missing}, which is not installed "
                              f"(npm install --prefix {readers.pdfjs_dir()} {package})")


def test_pdfjs_items_joined_without_pdfjs_is_one_line(rendered: dict[str, Path],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """node present, pdfjs-dist absent from the prefix: the one-line E060 naming it and its npm install."""
    from gdr_nlp.synth import readers

    if shutil.which("node") is None:
        pytest.skip("node is not installed here")
    monkeypatch.setattr(readers, "pdfjs_ready", lambda: False)
    assert not conv.available("pdfjs_items_joined")
    src = rendered["pdf"]
    with pytest.raises(ConverterError) as err:
        conv.convert("pdfjs_items_joined", src)
    assert str(err.value) == (f"[E060] {src}: converter 'pdfjs_items_joined' needs pdfjs-dist, which is not "
                              f"installed (npm install --prefix {readers.pdfjs_dir()} pdfjs-dist@5)")


def test_goose3_without_its_chinese_extra_is_one_line(rendered: dict[str, Path],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """goose3 alone, without its [chinese] extra (jieba): asked for before the page is read."""
    if not conv.available("goose3_text"):
        pytest.skip("goose3[chinese] is not installed here")
    monkeypatch.setitem(sys.modules, "jieba", None)
    with pytest.raises(ConverterError, match=r"needs goose3\[chinese\], which is not installed"):
        conv.convert("goose3_text", rendered["html"])


@pytest.mark.parametrize("name", ["browser_innertext", "browser_copy", "browser_copy_paste", "browser_textcontent"])
def test_missing_chromium_is_one_line(name: str, rendered: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from gdr_nlp.synth import browser

    monkeypatch.setattr(browser, "_state", {})  # no running driver
    monkeypatch.setattr(browser, "CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.setattr(browser.shutil, "which", lambda exe: None)
    assert not conv.available(name)
    with pytest.raises(ConverterError, match=rf"^\[E060\] .*: converter '{name}' needs Chromium"):
        conv.convert(name, rendered["html"])


@pytest.mark.parametrize(("name", "exe", "package"), [
    ("pandoc_markdown", "pandoc", "pandoc"), ("w3m_dump", "w3m", "w3m"), ("lynx_dump", "lynx", "lynx"),
    ("soffice_txt", "LibreOffice (soffice)", "libreoffice-writer-nogui"),
    ("antiword_doc", "antiword", "antiword"), ("odt2txt_odt", "odt2txt", "odt2txt"),
    ("abiword_txt", "abiword", "abiword"), ("gs_txtwrite", "gs", "ghostscript"),
    ("pdftohtml_text", "pdftohtml", "poppler-utils"), ("mutool_html_text", "mutool", "mupdf-tools"),
    ("soffice_html_text", "LibreOffice (soffice)", "libreoffice-writer-nogui"),
    ("soffice_html_txt", "LibreOffice (soffice)", "libreoffice-writer-nogui"), ("pandoc_rst", "pandoc", "pandoc"),
    ("pdftotext_bbox", "pdftotext", "poppler-utils"), ("html_to_text_js", "node", "nodejs"),
    ("turndown_gfm", "node", "nodejs"), ("pandoc_org", "pandoc", "pandoc"), ("pandoc_mediawiki", "pandoc", "pandoc"),
    ("pdftotext_tsv", "pdftotext", "poppler-utils"), ("pandoc_asciidoc", "pandoc", "pandoc"),
    ("docx_libreoffice_html_html2text", "LibreOffice (soffice)", "libreoffice-writer-nogui"),
    ("pdftohtml_xml", "pdftohtml", "poppler-utils"), ("pdftotext_fixed", "pdftotext", "poppler-utils"),
    ("html2text_deb", "html2text (Debian's program)", "html2text"), ("pandoc_gfm", "pandoc", "pandoc"),
    ("pdfjs_items_joined", "node", "nodejs"), ("w3m_wide", "w3m", "w3m"), ("node_html_markdown", "node", "nodejs"),
    ("pandoc_markdown_strict", "pandoc", "pandoc"), ("docx2txt_deb", "docx2txt (Debian's program)", "docx2txt"),
    ("pdftotext_layout_web_form", "pdftotext", "poppler-utils"), ("elinks_wide", "elinks", "elinks"),
    ("pandoc_jira", "pandoc", "pandoc"), ("pandoc_dokuwiki", "pandoc", "pandoc"), ("wvtext_doc", "wvText", "wv"),
    ("soffice_pdf_docx2txt", "LibreOffice (soffice)", "libreoffice-writer-nogui"),
    ("calc_csv", "LibreOffice Calc", "libreoffice-calc-nogui"), ("pandoc_latex", "pandoc", "pandoc"),
    ("pandoc_textile", "pandoc", "pandoc"),
    ("tabula_csv", "java", "default-jre-headless"), ("pdf_parse_js", "node", "nodejs"),
    ("officeparser_text", "node", "nodejs"), ("html_to_md_js", "node", "nodejs"), ("pandoc_xwiki", "pandoc", "pandoc"),
    ("word_extractor_js", "node", "nodejs"),
    ("pdf2json_text", "node", "nodejs"), ("pandoc_ms", "pandoc", "pandoc"), ("pandoc_texinfo", "pandoc", "pandoc"),
    ("rehype_remark_md", "node", "nodejs"), ("gnumeric_csv", "ssconvert", "gnumeric"),
    ("opendataloader_markdown", "java", "default-jre-headless"), ("pdf2md_js", "node", "nodejs"),
    ("edbrowse_dump", "edbrowse", "edbrowse"), ("calibre_textile", "ebook-convert", "calibre"),
    ("pdf_reader_rb", "ruby", "ruby"), ("itext5_text", "java", "default-jdk-headless")])
def test_missing_program_is_one_line(name: str, exe: str, package: str, rendered: dict[str, Path],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from gdr_nlp.synth import readers

    monkeypatch.setattr(readers.shutil, "which", lambda _: None)  # the one shutil: office.py sees it too
    assert not conv.available(name)
    src = rendered[conv.FAMILIES[name].inputs[-1]]
    with pytest.raises(ConverterError) as err:
        conv.convert(name, src)
    assert str(err.value) == (f"[E060] {src}: converter {name!r} needs {exe}, which is not installed "
                              f"(apt-get install {package})")


@pytest.mark.parametrize(("family", "exe", "finder", "source"), [
    ("html2text_deb", "html2text", "native_program", "html"),
    ("docx2txt_deb", "docx2txt", "non_python_program", "docx"),
])
def test_a_debian_program_passes_over_the_python_librarys_script(family: str, exe: str, finder: str, source: str,
                                                                 rendered: dict[str, Path],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The html2text and docx2txt libraries ([synth] dependencies) install console scripts named as Debian's
    html2text and docx2txt programs, first on an activated environment's PATH: the family runs the program after
    it, and without one is the E060."""
    import os

    from gdr_nlp.synth import readers

    find = getattr(readers, finder)
    script, program = Path(sys.executable).parent / exe, find(exe)
    if not script.is_file() or program is None:
        pytest.skip(f"needs the {exe} library's script and Debian's {exe} program")
    monkeypatch.setenv("PATH", os.pathsep.join([str(script.parent), str(Path(program).parent)]))
    assert shutil.which(exe) == str(script) and find(exe) == program
    assert conv.available(family)
    monkeypatch.setenv("PATH", str(script.parent))
    assert not conv.available(family)
    with pytest.raises(ConverterError, match=rf"^\[E060\] .*: converter '{family}' needs {exe} "
                                             rf"\(Debian's program\), which is not installed "
                                             rf"\(apt-get install {exe}\)$"):
        conv.convert(family, rendered[source])


def test_route_lists_follow_the_splits() -> None:
    """routes() and the train/dev/test/ocr lists hold the families before the blind splits and the
    looked-at blind splits' families (train families now), in FAMILIES order; blind6 to blind15's families
    (run once and looked at, not trained on) only ever come by name, so the DVC convert stage never takes them."""
    assert [f for f in conv.FAMILIES if f not in BLIND] == list(BEFORE_BLIND)
    trained = set(BEFORE_BLIND) | {f for names in LOOKED_AT.values() for f in names}
    for installed_only in (False, True):
        for split in (None, "train", "dev", "test", "ocr"):
            expected = [f"{ren.name}>{f}" for f in conv.FAMILIES if f in trained and split in (None, split_of(f))
                        if not (installed_only and not conv.available(f))
                        for ren in RENDERERS.values() if ren.ext in conv.FAMILIES[f].inputs
                        and ren.name not in HELD_OUT_RENDERERS  # blind17's renderers: only routes("blind17")
                        and not (installed_only and not renderer_available(ren.name))]
            assert routes(split, installed_only=installed_only) == expected, (split, installed_only)
    assert len(routes(installed_only=False)) == 158
    looked_at = [f for names in LOOKED_AT.values() for f in names]
    assert {split_of(f) for f in looked_at} == {"train"}
    for split, count in (("blind", 16), ("blind2", 18), ("blind3", 21), ("blind4", 27), ("blind5", 19)):
        listed = routes(split, installed_only=False)
        assert {r.partition(">")[2] for r in listed} == set(LOOKED_AT[split]) and len(listed) == count, split
    train_routes = {r.partition(">")[2] for r in routes(installed_only=False)}
    counts = {"blind6": 21, "blind7": 22, "blind8": 21, "blind9": 22, "blind10": 21, "blind11": 27, "blind12": 25,
              "blind13": 23, "blind14": 24, "blind15": 28, "blind16": 14}
    assert tuple(counts) + tuple(RENDERER_SPLITS) == BY_NAME_ONLY  # blind17 holds out renderers: test_blind17_renderers.py
    for split in counts:
        listed = routes(split, installed_only=False)
        assert {r.partition(">")[2] for r in listed} == set(FAMILY_SPLITS[split]) and len(listed) == counts[split], split
        assert {split_of(f) for f in FAMILY_SPLITS[split]} == {split}
        assert not train_routes & set(FAMILY_SPLITS[split]), split
    # blind12: its eight families by name
    assert FAMILY_SPLITS["blind12"] == ("camelot_lattice_csv", "pdfplumber_tables_csv", "soffice_pdf_docx2txt",
                                        "pandas_read_html_csv", "calc_csv", "pandoc_latex", "pandoc_textile",
                                        "python_docx_tables_csv")
    # blind13: its eight families by name
    assert FAMILY_SPLITS["blind13"] == ("tabula_csv", "pymupdf_tables_markdown", "pdf_parse_js", "officeparser_text",
                                        "html_to_md_js", "bs4_table_rows", "pandoc_xwiki", "word_extractor_js")
    # blind14: its seven families by name
    assert FAMILY_SPLITS["blind14"] == ("camelot_stream_csv", "pdf2json_text", "pypandoc_typst", "pandoc_ms",
                                        "pandoc_texinfo", "rehype_remark_md", "gnumeric_csv")
    # blind15: its eight families by name
    assert FAMILY_SPLITS["blind15"] == ("opendataloader_markdown", "pdf2md_js", "edbrowse_dump", "calibre_textile",
                                        "pypandoc_plain", "pypandoc_bbcode", "pypandoc_ansi", "pypandoc_context")
    # blind16: its five families by name
    assert FAMILY_SPLITS["blind16"] == ("html2text_rs_text", "pdf_reader_rb", "itext5_text", "camelot_network_csv",
                                        "pdfreader_py")


def test_missing_tesseract_is_one_line(rendered: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    from gdr_nlp.synth import readers

    monkeypatch.setattr(readers.shutil, "which", lambda exe: None)
    assert not conv.available("tesseract")
    with pytest.raises(ConverterError, match=r"^\[E060\] .*: converter 'tesseract' needs pdftoppm"):
        conv.convert("tesseract", rendered["pdf"])


def test_a_tool_failing_on_a_file_is_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(ConverterError, match=r"^\[E061\] .*broken.pdf: converter 'pypdf' failed \(\w+"):
        conv.convert("pypdf", broken)


def test_named_families_and_splits_exist() -> None:
    from gdr_nlp.synth.routes import FAMILY_SPLITS, RENDERERS, routes, split_of

    wanted = {"pdfplumber_words", "pdfminer", "pypdf", "pymupdf_text", "pdftotext_layout", "pdftotext_raw",
              "pdfplumber_text", "pymupdf4llm", "markitdown", "bs4_text", "html2text", "markdownify",
              "browser_innertext", "browser_copy", "web_paste", "html_spans_repeated", "mammoth", "python_docx",
              "tesseract", "browser_copy_paste"}
    assert wanted <= set(conv.FAMILIES)
    assert {f for names in FAMILY_SPLITS.values() for f in names} <= set(conv.FAMILIES)
    assert {"docx_official", "html_official", "pdf_libreoffice", "pdf_chromium"} <= set(RENDERERS)
    here = routes()
    assert all(conv.available(r.split(">")[1]) for r in here)  # routes() offers only what runs here
    assert {split_of(r.split(">")[1]) for r in here} <= {"train", "dev", "test", "ocr"}


def test_sigterm_closes_the_shared_browser(rendered: dict[str, Path]) -> None:
    """A process killed by SIGTERM (a pool's terminate, a timeout) leaves no Chromium behind."""
    import signal
    import subprocess
    import time

    if not conv.available("browser_innertext"):
        pytest.skip("Chromium is not installed here")
    code = ("import sys, time; from pathlib import Path; from gdr_nlp.synth import browser; "
            "browser.inner_text(Path(sys.argv[1])); print('ready', flush=True); time.sleep(120)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(rendered["html"])], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert children  # chromedriver runs under the process
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == -signal.SIGTERM  # still dies of the signal
    time.sleep(1)
    alive = [pid for pid in children if Path(f"/proc/{pid}").exists()
             and "zombie" not in Path(f"/proc/{pid}/status").read_text(errors="replace").lower()]
    assert alive == []


def test_eval_convert_takes_the_blind_split_only_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--split blind`` plans every blind route and nothing else; ``all`` plans none of them. Nothing
    is tagged here: the blind figure is the lead's one run."""
    import json

    from tests.conftest import REPO

    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    import eval_convert

    def planned(split: str) -> set[str]:
        return {task[1][2] for task in eval_convert.plan(split, 1, 3131, str(tmp_path), realdev=False)}

    for split in (*LOOKED_AT, *BY_NAME_ONLY):
        assert planned(split) == set(routes(split))
    by_name = {r for split in BY_NAME_ONLY for r in routes(split, installed_only=False)}
    assert not planned("all") & by_name
    assert {r for split in ("blind", "blind2", "blind3", "blind4", "blind5")  # train families now
            for r in routes(split)} <= planned("all")
    saved = tmp_path / "saved.json"
    saved.write_text(json.dumps({"summary": {}, "skipped": {}, "per_table": {}}), encoding="utf-8")
    assert eval_convert.main(["--split", "blind", "--render", str(saved)])["summary"] == {}  # argparse takes it


@pytest.mark.parametrize("route", routes("blind16", installed_only=False))
def test_blind16_family_text(route: str, doc: SynthDoc, render: Callable[[str], Path], tmp_path: Path) -> None:
    """Each blind16 route's converter text (written when declared, before its one run: only the text is checked
    here, never its reading through the pipeline): the report's 表三 first row as the tool writes it, the distinctive values in order, the
    whole title but in the tables-only CSV; from the reportlab PDF no CJK character where BLIND16_NO_CJK says."""
    renderer, _, name = route.partition(">")
    if not conv.available(name) or not renderer_available(renderer):
        pytest.skip(f"{route}: a tool is not installed here")
    out = Path(conv.convert(name, render(renderer), tmp_path))
    assert out.suffix == f".{conv.FAMILIES[name].ext}"
    text = out.read_text(encoding="utf-8")
    if route in BLIND16_NO_CJK:
        assert re.search(r"[\u4e00-\u9fff]", text) is None
        if name == "pdfreader_py":  # the numbers come through, glued
            assert "258403001170778" in text
        return
    assert re.search(BLIND16_ROWS[name], text), name
    title = f"{doc.agency}{doc.year}年政府信息公开工作年度报告"
    assert (title in re.sub(r"\s", "", text)) is (name != "camelot_network_csv")
    # camelot's network flavor finds 表三 whole, but not every table around it (from the LibreOffice PDF 表二's
    # 161.1 is in no table it found): 表三's values there
    values = distinctive_values(doc, {"applications"} if name == "camelot_network_csv" else None)
    assert_in_order(text.replace('"', ""), values)
    if name == "html2text_rs_text":
        assert "─" in text and "┼" in text
    if name == "pdfreader_py":
        assert len(text.splitlines()) == len(re.findall(r"\n", text))  # a page a line
