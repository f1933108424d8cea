"""Plain-text and Markdown backend: encoding detection, text kept as found."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

from gdr_nlp.errors import DocumentLoadError
from gdr_nlp.ingest.base import Extracted
from gdr_nlp.ingest.detect import utf16_order

# charset-normalizer guesses we accept for Chinese text; a Latin-1 style guess on
# bytes that are neither UTF-8 nor GB18030 is mojibake, not a decoding.
_ACCEPTED_GUESSES = frozenset(
    {"big5", "big5hkscs", "cp950", "hz", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "gb2312", "gbk", "gb18030"}
)
TRIED = "UTF-8, UTF-16, GB18030, Big5"


def decode_bytes(data: bytes, path: str, *, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` as text.

    Order: BOM (UTF-8/UTF-16/UTF-32), UTF-8, the ``declared`` charset (HTML meta)
    when it decodes cleanly, GB18030 (a superset of GBK/GB2312; Big5 when the GB
    reading is mostly characters outside GB2312), then charset-normalizer
    restricted to encodings used for Chinese text.

    Args:
        data: file content.
        path: for messages.
        declared: an encoding named by the document itself, if any.

    Returns:
        ``(text, encoding)``; a UTF-8 BOM is kept as U+FEFF (normalization removes it).

    Raises:
        DocumentLoadError: E011 when nothing decodes.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8", path), "utf-8-sig"
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _strict(data, enc, path), enc
    order = utf16_order(data)
    if order is not None:
        return _strict(data, order, path), order
    # UTF-8 first even over a declared charset: text in another encoding is almost never valid UTF-8,
    # while UTF-8 bytes often decode (into nonsense) as the GBK a stale <meta> tag declares
    declared_codec = _codec_name(declared) if declared else None
    candidates = ["utf-8"] + ([declared_codec] if declared_codec else []) + ["gb18030"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            if enc == "utf-8" and (damaged := _damaged_utf8(data)) is not None:
                return damaged, "utf-8 (damaged)"  # before GB18030, which would read UTF-8 bytes as mojibake
            continue
        if enc == "gb18030" and _looks_like_big5(data, text):
            return data.decode("big5"), "big5"
        return text, enc
    guess = _guess(data)
    if guess is not None:
        return guess
    for enc in ("utf-8", "gb18030"):  # a few bad bytes degrade the text (U+FFFD, a warning and review), #11
        text = data.decode(enc, errors="replace")
        if text.count("\ufffd") <= max(8, len(text) // 200):
            return text, f"{enc} (damaged)"
    raise DocumentLoadError("E011", path, encodings=TRIED)


def _damaged_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few bad bytes (a cut character, a stray byte), decoded with U+FFFD for them."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    wide = sum(1 for ch in text[:20000] if ord(ch) > 0x7F)
    return text if bad <= max(3, len(data) // 2000) and wide > 4 * bad else None


def _looks_like_big5(data: bytes, gb_text: str) -> bool:
    """Big5 bytes also decode as GB18030, into rare characters outside GB2312; real GB text has few of those."""
    wide = [ch for ch in gb_text[:20000] if ord(ch) > 0x7F]
    if not wide:
        return False
    rare = 0
    for ch in wide:
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            rare += 1
    if rare <= 0.2 * len(wide):
        return False
    try:
        data.decode("big5")
    except UnicodeDecodeError:
        return False
    return True


def _codec_name(name: str) -> str | None:
    try:
        found = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    # GB2312/GBK declarations are routinely wrong about the characters used: GB18030 is their superset
    return "gb18030" if found in ("gb2312", "gbk", "euc_cn") else found


def _strict(data: bytes, enc: str, path: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as e:
        text = data.decode(enc, errors="replace")  # a cut last character or a stray byte degrades, #11
        if text.count("\ufffd") <= max(8, len(text) // 200):
            return text
        raise DocumentLoadError("E011", path, encodings=f"{enc} (from its byte-order mark or NUL bytes)") from e


def _guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding not in _ACCEPTED_GUESSES:
        return None
    return str(best), best.encoding


def load_text(data: bytes, path: str, *, markdown: bool = False) -> Extracted:
    """Backend for .txt/.md: decoded text as found (normalization comes later), tables drawn in it as rows,
    markdown's inline markup off table cells (and attribute blocks off .md headings)."""
    text, _ = decode_bytes(data, path)
    return text_extracted(text, path, markdown=markdown)


_QUOTE_MARKS = re.compile(r"^[ \t]*(?:>[ \t]?)+")
QUOTED_SHARE = 0.8  # of the non-blank lines: a whole text quoted, not a blockquote inside a markdown page


def unquote(text: str) -> tuple[str, int]:
    """``text`` without the quote marks an e-mail reply puts before every line (``> ``, ``>> ``,
    ``> > ``), when nearly every non-blank line has them; else ``text`` as it is. Quoted, a table's
    rules and a heading's underline start with ``>`` and no longer read as what they are. Returns
    ``(text, lines changed)``."""
    lines = text.split("\n")
    filled = [ln for ln in lines if ln.strip()]
    if not filled or sum(1 for ln in filled if _QUOTE_MARKS.match(ln)) < QUOTED_SHARE * len(filled):
        return text, 0
    out = [_QUOTE_MARKS.sub("", ln, count=1) for ln in lines]
    return "\n".join(out), sum(1 for a, b in zip(lines, out) if a != b)


_WORDS = re.compile(r"[\u3400-\u9fff]{4}")
DOUBLED_SHARE = 0.9  # of the paragraphs with Chinese words: nearly all twice in a row, the whole text doubled
DOUBLED_MIN = 10


def undouble(text: str) -> tuple[str, int]:
    """``text`` with each paragraph written twice in a row written once, when nearly every paragraph
    with Chinese words is (a tool that reads a Word text box twice: docx2txt takes both the box and
    its VML fallback, and a PDF opened in Word is a text box a line); else ``text`` as it is. Paragraphs
    are blank-line separated; pairs are taken left to right, so four zeros written twice are four
    zeros. Returns ``(text, paragraphs taken off)``."""
    paras = re.split(r"\n[ \t\r]*\n", text)
    worded = [i for i, p in enumerate(paras) if _WORDS.search(p)]
    if len(worded) < DOUBLED_MIN:
        return text, 0
    repeats = [a.strip() == b.strip() for a, b in zip(paras, paras[1:])] + [False]  # paragraph i is i+1's twin
    if sum(1 for i in worded if repeats[i] or (i > 0 and repeats[i - 1])) < DOUBLED_SHARE * len(worded):
        return text, 0
    out, i = [], 0
    while i < len(paras):
        out.append(paras[i])
        i += 2 if repeats[i] else 1
    return "\n\n".join(out), len(paras) - len(out)


_LATEX_HEADING = re.compile(r"\\hypertarget\{[^{}\n]*\}\{%?\n?\\((?:sub)*section|paragraph|chapter)\*?\{([^{}\n]*)\}"
                            r"(?:\\label\{[^{}\n]*\})?\}"
                            r"|\\((?:sub)*section|paragraph|chapter)\*?\{([^{}\n]*)\}(?:\\label\{[^{}\n]*\})?")


_CONTEXT_HEADING = re.compile(r"^[ \t]*\\start(?:sectionlevel|chapter|section|subsection|subsubsection|title|subject|"
                              r"subsubject)\[title=\{([^{}\n]*)\}[^\n]*$|^[ \t]*\\stop(?:sectionlevel|chapter|section|"
                              r"subsection|subsubsection|title|subject|subsubject)[ \t]*$", re.MULTILINE)
# a terminal's escape sequences: CSI (colours, SGR: ESC [ 1 m), OSC (ESC ] 8 ; ; url BEL: hyperlinks), two-byte ones
_TERMINAL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
_BBCODE_TAG = re.compile(r"\[/?(?:b|i|u|s|sup|sub|center|left|right|quote|code|list|\*|color|size|font|url|email|img)"
                         r"(?:=[^\]\n]*)?\]", re.IGNORECASE)
BBCODE_MIN = 3  # closing tags ([/b], [/table] …) that make a text BBCode
MARKED_MIN = 3  # lines starting with a writer's block or level mark (p., h3., h2 …) that make the marks its


def terminal_escapes(text: str) -> tuple[str, int]:
    """``text`` without a terminal's escape sequences (``pandoc -t ansi``, a captured ``less -R`` or ``script``
    log): colour and emphasis codes around a heading are not its words. Returns ``(text, sequences off)``."""
    if "\x1b" not in text:
        return text, 0
    return _TERMINAL.subn("", text)


def bbcode_tags(text: str) -> tuple[str, int]:
    """``text`` without BBCode's inline tags (forum posts, ``pandoc -t bbcode``: ``[b]一、总体情况[/b]``), when it
    holds at least ``BBCODE_MIN`` closing tags; ``[table]``/``[tr]``/``[td]`` stay for the table reader
    (``drawn_tables``). Returns ``(text, tags off)``."""
    if len(re.findall(r"\[/(?:b|i|u|s|table|tr|td|quote|url|color|size)\]", text, re.IGNORECASE)) < BBCODE_MIN:
        return text, 0
    return _BBCODE_TAG.subn("", text)


def textile_blocks(text: str) -> tuple[str, int]:
    """``text`` without Textile's block marks (``p. ``, ``h3. ``: calibre's ``--txt-output-formatting=textile``,
    Redmine), when at least ``MARKED_MIN`` lines start so: ``h3. 三、…`` is the heading ``三、…``.
    Returns ``(text, marks off)``."""
    from gdr_nlp.ingest.drawn_tables import TEXTILE_BLOCK

    if len(TEXTILE_BLOCK.findall(text)) < MARKED_MIN:
        return text, 0
    return TEXTILE_BLOCK.subn("", text)


_ATX_MARK = re.compile(r"^#{1,6}[ \t]+(?=\S)", re.MULTILINE)
HEADED_SHARE = 0.5  # lines marked as headings, of the lines with words, past which the marks say nothing
HEADED_MIN = 20


def heading_marks_everywhere(text: str) -> tuple[str, int]:
    """``text`` without its Markdown heading marks when most of its lines carry one (a PDF-to-Markdown tool whose
    font-size rule takes body and table lines for headings: ``#### 一、本年新收… 0 11 10``): marks on every line
    tell no heading from a row, and a row read as a heading is read with low confidence. Returns
    ``(text, marks off)``."""
    marks = len(_ATX_MARK.findall(text))
    if marks < HEADED_MIN or marks < HEADED_SHARE * sum(1 for line in text.split("\n") if line.strip()):
        return text, 0
    return _ATX_MARK.subn("", text)


# a line break or a block's edge (never an inline tag: <span>1</span><span>1</span> is Word's one number 11)
_BR_BETWEEN_NUMBERS = re.compile(r"(?<=\d)(?:</?(?:br|p|div|li)\b[^<>\n]{0,40}>)+(?=\d)", re.IGNORECASE)
_PIPE_ROW = re.compile(r"^[ \t]*\|")


def breaks_between_numbers(text: str) -> tuple[str, int]:
    """``text`` with a ``<br>`` tag (or a block's tags: ``</p><p>``) between two numbers, outside pipe-table
    rows and the HTML tables drawn_tables has read by then, as spaces of its length: a PDF-to-Markdown tool
    joins the values of cells a merged cell ran together with ``<br>`` (``0<br>0``), and a web form the
    Markdown was pasted into drops the pipes; the tag then stood between two cells with nothing to say so,
    and its letters cut the row. An inline tag stays (Word splits one number over ``<span>``s). In a pipe
    row the tag stays, for the cell reader (``markdown_inline``). Returns ``(text, tags)``."""
    if "<" not in text:
        return text, 0
    lines, count = text.split("\n"), 0
    for k, line in enumerate(lines):
        if not _PIPE_ROW.match(line):
            lines[k], n = _BR_BETWEEN_NUMBERS.subn(lambda m: " " * len(m.group()), line)
            count += n
    return "\n".join(lines), count


_LEVEL_MARK = re.compile(r"^h[1-6] (?=[^\x00-\x7f])", re.MULTILINE)


def heading_level_marks(text: str) -> tuple[str, int]:
    """``text`` without the heading-level marks a line-mode browser writes before a heading's words (edbrowse's
    ``h2 三、收到…``), when at least ``MARKED_MIN`` lines start so: the level's digit is no table's number.
    Returns ``(text, marks off)``."""
    if len(_LEVEL_MARK.findall(text)) < MARKED_MIN:
        return text, 0
    return _LEVEL_MARK.subn("", text)


def context_headings(text: str) -> tuple[str, int]:
    """``text`` with ConTeXt sectioning as its title alone (``pandoc -t context``: ``\\startsectionlevel[title={三、…},
    reference={…}]`` … ``\\stopsectionlevel``). Returns ``(text, headings)``."""
    if "\\start" not in text:
        return text, 0
    return _CONTEXT_HEADING.subn(lambda m: m.group(1) or "", text)


def latex_headings(text: str) -> tuple[str, int]:
    """``text`` with LaTeX sectioning as its title alone: ``pandoc -t latex`` wraps a heading in
    ``\\hypertarget{id}{%`` … ``\\label{id}}``, and an id of Chinese text is its code points
    (``ux4e09ux6536…``), numbers the rules would take for the table's. Returns ``(text, headings)``."""
    if "section" not in text and "\\paragraph" not in text:
        return text, 0
    return _LATEX_HEADING.subn(lambda m: m.group(2) if m.group(2) is not None else m.group(4), text)


_RENORMALIZED = "; offsets refer to the normalized text (--emit-text)"
# Writers' marks around a report's words, taken off before its tables are read: each pass with the warning
# its count goes into.
_MARK_PASSES: tuple[tuple[Callable[[str], tuple[str, int]], str], ...] = (
    (context_headings, "{n} ConTeXt sectioning line(s) (\\startsectionlevel[title={{…}}]) read as their titles"
                       + _RENORMALIZED),
    (terminal_escapes, "{n} terminal escape sequence(s) (colours, emphasis) taken off" + _RENORMALIZED),
    (bbcode_tags, "{n} BBCode tag(s) ([b], [u], [url] …) taken off" + _RENORMALIZED),
    (textile_blocks, "{n} Textile block mark(s) (p., h3.) taken off" + _RENORMALIZED),
    (heading_level_marks, "{n} heading-level mark(s) (h2 …) taken off" + _RENORMALIZED),
    (heading_marks_everywhere, "{n} of its lines were marked as headings (#### …), most of the text: the marks were "
                               "taken off" + _RENORMALIZED),
)
_BREAKS_NOTE = ("{n} <br> tag(s) between two numbers outside a table read as spaces (the values of cells a merged "
                "cell ran together)")


def text_extracted(text: str, path: str, *, markdown: bool = False) -> Extracted:
    """A report's text (a file's, or a string given to the API) with the tables drawn in it as rows and
    inline markup off table cells."""
    # imported here: html.py, which drawn_tables uses, imports this module
    from gdr_nlp.ingest.delimited import rewrite_csv_tables
    from gdr_nlp.ingest.drawn_tables import rewrite_drawn_tables, unfill_pipe_rows
    from gdr_nlp.ingest.roff import roff_text
    from gdr_nlp.ingest.markdown_inline import (
        blank_placeholder_headers,
        clean_escapes,
        clean_heading_attributes,
        clean_pipe_tables,
    )

    review: list[str] = []
    text, quoted = unquote(text)
    text, doubled = undouble(text)
    text, latex = latex_headings(text)
    marked = []
    for take_off, what in _MARK_PASSES:
        text, n = take_off(text)
        if n:
            marked.append(f"{path}: " + what.format(n=n))
    before = text
    text, roff_tables = roff_text(text)
    roff = text != before
    text, csv_tables = rewrite_csv_tables(text)
    text, tables, notes = rewrite_drawn_tables(text, review)
    text, breaks = breaks_between_numbers(text)  # after the HTML fragments: their cells' tags are theirs
    if breaks:
        marked.append(f"{path}: " + _BREAKS_NOTE.format(n=breaks))
    text, unfilled = unfill_pipe_rows(text)
    text, marked_rows = clean_pipe_tables(text)
    text, placeholders = blank_placeholder_headers(text)
    escaped_lines = 0
    if markdown:
        text = clean_heading_attributes(text)
        text, escaped_lines = clean_escapes(text)
    warnings = [f"{path}: {note}" for note in notes]
    if quoted:
        warnings.append(f"{path}: the text is quoted as an e-mail reply quotes it ('> '); the marks were taken off "
                        f"{quoted} line(s); offsets refer to the normalized text (--emit-text)")
    if doubled:
        warnings.append(f"{path}: every paragraph was written twice in a row (a text box read twice); {doubled} "
                        "repeat(s) taken off; offsets refer to the normalized text (--emit-text)")
    if latex:
        warnings.append(f"{path}: {latex} LaTeX heading(s) (\\section{{…}}, \\hypertarget, \\label) read as their titles;"
                        " offsets refer to the normalized text (--emit-text)")
    warnings.extend(marked)
    if roff:
        warnings.append(f"{path}: roff requests (.SH, .PP, .TS …) taken off and {roff_tables} tbl table(s) rewritten as "
                        "tab-joined rows; offsets refer to the normalized text (--emit-text)")
    if csv_tables:
        warnings.append(f"{path}: {csv_tables} block(s) of comma-separated values rewritten as tab-joined rows;"
                        " offsets refer to the normalized text (--emit-text)")
    if tables:
        warnings.append(
            f"{path}: {tables} table(s) drawn in the text (box grid, dash-ruled or HTML) rewritten as tab-joined rows;"
            " offsets refer to the normalized text (--emit-text)"
        )
    if unfilled:
        warnings.append(f"{path}: the '_' fill padding the cells of {unfilled} pipe table row(s) read as spaces")
    if marked_rows:
        warnings.append(
            f"{path}: inline markup ([text]{{…}} spans, emphasis, escapes, <span>) taken off the cells of"
            f" {marked_rows} pipe table row(s); offsets refer to the normalized text (--emit-text)"
        )
    if placeholders:
        warnings.append(f"{path}: made-up column names (Col1, Col2, …) of {placeholders} pipe table header row(s) "
                        "read as blank cells")
    if escaped_lines:
        warnings.append(
            f"{path}: markdown backslash escapes (1\\. 64\\.12) taken off {escaped_lines} line(s);"
            " offsets refer to the normalized text (--emit-text)"
        )
    return Extracted(raw_text=text, media_type="text/markdown" if markdown else "text/plain", warnings=warnings,
                     review_notes=review)
