"""The report as a Word document on the official grid (python-docx), and LibreOffice's PDF of it
(issue 10).

The DOCX is laid out like ``official_template_2021.docx``: A4 with 1.25" margins, ``Normal (Web)``
paragraphs in 宋体, the tables' merges and column widths from :mod:`gdr_nlp.synth.official`,
centred 10 pt cell text. Body font and size, a running header and the footer's page number are
drawn per document. ``soffice --headless --convert-to pdf`` then prints it, several files per call
(soffice's start-up is the cost), with a private profile so parallel runs never share one.
"""

from __future__ import annotations

import atexit
import random
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from gdr_nlp.errors import ConverterError
from gdr_nlp.synth.official import OfficialTable, official_tables, para_text
from gdr_nlp.synth.tables import TableData

BODY_FONTS = ("仿宋_GB2312", "宋体", "仿宋", "楷体_GB2312")  # what Word reports are set in; LibreOffice substitutes
SOFFICE_HINT = "apt-get install libreoffice-writer-nogui"
_profile: dict[str, str] = {}


def _font(run: Any, name: str, size_pt: float | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)  # python-docx's font.name leaves East Asian text alone
    if size_pt is not None:
        run.font.size = Pt(size_pt)


def _field(paragraph: Any, instr: str) -> None:
    """A Word field (``PAGE``) in ``paragraph``: python-docx has no API for one."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _table(d: Any, table: OfficialTable) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Emu

    ncol = len(table.widths)
    t = d.add_table(rows=len(table.rows), cols=ncol)
    t.style = "Table Grid"
    t.autofit = False
    for ci, w in enumerate(table.widths):
        t.columns[ci].width = Emu(w)
    # the unmerged cells, once: python-docx's table.cell() rebuilds the whole grid per call; a merge
    # only removes cells inside its own region, which no later region reaches
    grid = t._cells
    for k, cell in enumerate(grid):
        cell.width = Emu(table.widths[k % ncol])
    occupied: set[tuple[int, int]] = set()
    for ri, row in enumerate(table.rows):
        ci = 0
        for cell in row:
            while (ri, ci) in occupied:
                ci += 1
            end_r, end_c = ri + cell.rowspan - 1, ci + cell.colspan - 1
            target = grid[ri * ncol + ci]
            if (end_r, end_c) != (ri, ci):
                target = target.merge(grid[end_r * ncol + end_c])
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            lines = cell.text.split("\n")
            par = target.paragraphs[0]
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for k, line in enumerate(lines):
                _font(par.add_run(line), "楷体" if cell.text.startswith("（本列") else "宋体", 10)
                if k < len(lines) - 1:
                    par = target.add_paragraph()  # the template's two-line headers are two paragraphs
                    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            occupied.update((r, c) for r in range(ri, end_r + 1) for c in range(ci, end_c + 1))
            ci = end_c + 1


def write_docx(path: Path, blocks: list[tuple], td: TableData, rng: random.Random, *, title: str) -> Path:
    """The report as a Word document on the official grid; ``title`` is the running header's text."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Emu

    d = docx.Document()
    section = d.sections[0]
    section.page_width, section.page_height = Emu(7560310), Emu(10692130)  # A4, as the template
    section.left_margin = section.right_margin = Emu(1143000)
    body_font, body_pt = rng.choice(BODY_FONTS), rng.choice((12.0, 14.0, 16.0))
    if rng.random() < 0.6:
        head = section.header.paragraphs[0]
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(head.add_run(title), "宋体", 9)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, after = rng.choice((("- ", " -"), ("第", "页"), ("— ", " —")))
    _font(foot.add_run(before), "宋体", 9)
    _field(foot, "PAGE")
    _font(foot.add_run(after), "宋体", 9)
    tables = official_tables(td)
    web = "Normal (Web)" if any(s.name == "Normal (Web)" for s in d.styles) else None
    for block in blocks:
        kind = block[0]
        if kind == "table":
            _table(d, tables[block[1]])
            continue
        text = block[1] if kind in ("title", "heading") else para_text(block) if kind == "para" else ""
        if not text:
            continue
        par = d.add_paragraph(style=web)
        if kind == "title":
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(par.add_run(text), "宋体" if kind != "para" else body_font, 18 if kind == "title" else body_pt)
    d.save(str(path))
    return path


def _profile_url() -> str:
    if "dir" not in _profile:
        _profile["dir"] = tempfile.mkdtemp(prefix="gdr-soffice-")  # one per process: parallel runs never collide
        atexit.register(shutil.rmtree, _profile["dir"], True)
    return Path(_profile["dir"]).as_uri()


def to_pdf(docx_files: list[Path], out_dir: Path) -> list[Path]:
    """PDFs of ``docx_files`` by one ``soffice --headless --convert-to pdf`` call.

    Raises:
        ConverterError: E060 without LibreOffice, E061 when a PDF is not written.
    """
    return convert_to(docx_files, out_dir, target="pdf", ext="pdf", family="pdf_libreoffice")


def convert_to(files: list[Path], out_dir: Path, *, target: str, ext: str, family: str,
               infilter: str | None = None) -> list[Path]:
    """``files`` converted by one ``soffice --headless --convert-to TARGET`` call (``pdf``,
    ``txt:Text``), opened with the import filter ``infilter`` when given (``writer_pdf_import``: a PDF
    as a Writer document; ``HTML (StarCalc)``: a page as a spreadsheet); returns ``out_dir/<stem>.<ext>``
    for each.

    Raises:
        ConverterError: E060 without LibreOffice, E061 when an output is not written.
    """
    if not files:
        return []
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise ConverterError("E060", str(files[0]), family=family, tool="LibreOffice (soffice)", hint=SOFFICE_HINT)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = [out_dir / f"{p.stem}.{ext}" for p in files]
    for dest in out:
        dest.unlink(missing_ok=True)  # a stale output must not pass for this run's
    cmd = [exe, f"-env:UserInstallation={_profile_url()}", "--headless", "--norestore",
           *([f"--infilter={infilter}"] if infilter else []), "--convert-to", target, "--outdir", str(out_dir),
           *map(str, files)]
    proc = subprocess.run(cmd, capture_output=True, timeout=120 + 30 * len(files))
    for src, dest in zip(files, out):
        if not dest.is_file():
            detail = (proc.stderr.decode("utf-8", "replace").strip().splitlines() or [f"exit {proc.returncode}"])[-1]
            raise ConverterError("E061", str(src), family=family, detail=detail)
    return out


__all__ = ["BODY_FONTS", "convert_to", "to_pdf", "write_docx"]
