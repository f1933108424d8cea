"""Generated reports whose blank table cells were dropped (issue 9 (a)): a fault injector.

Every zero of 表三 and 表四 is printed as a blank cell (except in the 表三 rows ``keep``:
real reports often print their totals rows in full), the report is written as HTML, and
the blanks are dropped the two ways found in the wild: ``html`` loses its empty ``<td>``s
(a table rebuilt by a web editor), ``paste`` is the page copied as text from a browser,
where blank cells vanish and the others keep their tab. Gold follows (blank = ``empty``).
"""

from __future__ import annotations

import random
from pathlib import Path

from gdr_nlp.synth import SynthDoc, binary, generate
from gdr_nlp.synth.tables import blank_cell

TOTALS_ROWS = ("new_received", "carried_over", "total_processed", "carried_forward")
HOW = ("html", "paste")


def blank_zeros(d: SynthDoc, *, keep: tuple[str, ...] = ()) -> None:
    """Print the zeros of 表三 and 表四 as blank cells, except in the 表三 rows ``keep``."""
    for key, g in list(d.tables.gold.items()):
        if (key[0] in ("applications", "review_litigation") and g["kind"] == "number" and g["value"] == 0
                and key[1] not in keep):
            blank_cell(d.tables, key, "empty")


def generate_dropped(n: int, *, seed: int, keep: tuple[str, ...] = ()) -> list[SynthDoc]:
    """``n`` HTML-family reports (both format versions) with their zeros blank (see ``blank_zeros``)."""
    docs = generate(n, seed=seed, error_rate=0.0, layouts=("html",))
    for d in docs:
        blank_zeros(d, keep=keep)
    return docs


def write_dropped(d: SynthDoc, folder: Path, how: str) -> Path:
    """Write ``d`` with its blank cells dropped ``how`` (``html`` or ``paste``); returns the file."""
    html = folder / f"{d.id}.html"
    binary.write_html(html, d.blocks, d.tables, random.Random(d.index))
    markup = html.read_text(encoding="utf-8")
    if how == "html":
        html.write_text(markup.replace("<td></td>", ""), encoding="utf-8")
        return html
    from gdr_nlp.ingest import load

    out = folder / f"{d.id}.txt"
    out.write_text(paste_without_blanks(load(html).text), encoding="utf-8")
    return out


def paste_without_blanks(text: str, *, zeros: bool = False) -> str:
    """A browser copy of a grid's text (tab-joined rows): blank cells vanish, the others keep their
    tab. With ``zeros`` the cells holding 0 go too (a report that prints its zeros as blanks)."""
    drop = ("", "0") if zeros else ("",)
    return "\n".join("\t".join(c for c in line.split("\t") if c.strip() not in drop) if "\t" in line else line
                     for line in text.split("\n"))
