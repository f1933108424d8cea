"""Another tagger's spans snapped to the layout's tokens (``layout.snap_spans``, issue 10): the
model's cell and label boundaries drift across a tab or stop inside a cell; the tokens the rules
cut say where the source draws them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gdr_nlp.document import ReportDocument, Span
from gdr_nlp.ingest import load
from gdr_nlp.pipeline import LAYER_SETS, Reconciler
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import BINARY_LAYOUTS, generate_one
from gdr_nlp.synth.routes import run_route
from gdr_nlp.tag.layout import snap_spans
from gdr_nlp.tag.rules import RuleTagger, table_tokens

_READ = ("ROW_LABEL", "COL_HEADER", "TABLE_CAPTION", "CELL")


def _converted(route: str, index: int, tmp_path: Path) -> tuple[ReportDocument, dict]:
    pytest.importorskip("docx")
    synth = generate_one(index, seed=4747, layouts=BINARY_LAYOUTS)
    doc = RuleTagger()(load(run_route(route, synth, tmp_path / f"{index}")))
    return doc, synth.gold()["tables"]


def _drifted(doc: ReportDocument) -> list[Span]:
    """The rules' table spans as a model with drifting boundaries marks them: every third pair of
    neighbouring cells on one line as one span across the tab between them, every label cut to its
    first character, every number of several digits cut to its first digit."""
    text = doc.text
    rule = sorted((s for s in doc.spans["rule"] if s.label in _READ), key=lambda s: s.start)
    out: list[Span] = []
    skip = False
    for i, s in enumerate(rule):
        if skip:
            skip = False
            continue
        nxt = rule[i + 1] if i + 1 < len(rule) else None
        if (s.label == "CELL" and nxt is not None and nxt.label == "CELL" and i % 3 == 0 and s.end > s.start
                and text[s.end : nxt.start] == "\t" and nxt.end > nxt.start):
            out.append(Span(start=s.start, end=nxt.end, label="CELL"))
            skip = True
        elif s.label != "CELL" and s.end - s.start > 1:
            out.append(Span(start=s.start, end=s.start + 1, label=s.label))
        elif s.label == "CELL" and s.end - s.start > 1 and text[s.start : s.end].isdigit():
            out.append(Span(start=s.start, end=s.start + 1, label="CELL"))
        else:
            out.append(Span(start=s.start, end=s.end, label=s.label))
    return out


@pytest.mark.parametrize("route", ["docx>python_docx", "docx_official>python_docx"])
@pytest.mark.parametrize("index", [1, 4])
def test_spans_across_tabs_and_inside_cells_snap_to_the_cells_and_read_the_gold(route: str, index: int,
                                                                                   tmp_path: Path) -> None:
    doc, gold = _converted(route, index, tmp_path)
    drifted = _drifted(doc)
    text = doc.text
    assert any(s.label == "CELL" and "\t" in text[s.start : s.end] for s in drifted)  # what is being snapped
    doc.spans["model"] = drifted
    assert not score_tables(Reconciler(layers=LAYER_SETS["model"])(doc.model_copy(deep=True)).tables, gold).exact

    doc.spans["model"] = snap_spans(text, drifted, table_tokens(text))
    cells = {(s.start, s.end) for s in doc.spans["model"] if s.label == "CELL"}
    assert cells == {(s.start, s.end) for s in doc.spans["rule"] if s.label == "CELL"}
    read = Reconciler(layers=LAYER_SETS["model"])(doc.model_copy(deep=True))
    assert score_tables(read.tables, gold).mismatches == []


def test_two_numbers_in_one_tab_cell_stay_one_span_and_go_to_review(tmp_path: Path) -> None:
    """``13 13`` in one tab cell (a number of several digits: ``1 2`` is one number a typesetter
    spaced): one cell or two, the source does not say (#9). A model span over it is kept whole,
    neither split at the space nor glued into 1313, and review is asked."""
    doc, _ = _converted("docx>python_docx", 1, tmp_path)
    text = doc.text
    cell = next(s for s in doc.spans["rule"] if s.label == "CELL" and text[s.start : s.end].isdigit()
                and s.end - s.start >= 2 and text[s.start - 1] == "\t" and text[s.end] in "\t\n")
    doubled = f"{text[cell.start : cell.end]} {text[cell.start : cell.end]}"
    fresh = ReportDocument.from_text(text[: cell.start] + doubled + text[cell.end :], path="x.txt")
    shift = len(doubled) - (cell.end - cell.start)
    spans = [Span(start=s.start + (shift if s.start >= cell.end else 0), end=s.end + (shift if s.start >= cell.end else 0),
                  label=s.label) for s in doc.spans["rule"] if s.label in _READ and s is not cell]
    spans.append(Span(start=cell.start, end=cell.start + len(doubled), label="CELL"))

    snapped = snap_spans(fresh.text, spans, table_tokens(fresh.text))
    assert Span(start=cell.start, end=cell.start + len(doubled), label="CELL") in snapped
    fresh.spans["model"] = snapped
    read = Reconciler(layers=LAYER_SETS["model"])(fresh)
    assert read.review["needed"]
    values = [c.get("value") for table in read.tables.values() for rows in table.values() for c in rows.values()
              if c.get("span") == [cell.start, cell.start + len(doubled)]]
    assert values in ([], [None])  # read as text, not as 13 or 1313


def _run_together(index: int, tmp_path: Path) -> tuple[ReportDocument, dict]:
    """A report's HTML as lxml's ``text_content()`` gives it: cells run together, no separator."""
    lxml_html = pytest.importorskip("lxml.html")
    from gdr_nlp.synth.routes import RENDERERS

    synth = generate_one(index, seed=4747, layouts=BINARY_LAYOUTS)
    html = RENDERERS["html_official"].run(synth, tmp_path).read_text(encoding="utf-8")
    doc = ReportDocument.from_text(str(lxml_html.fromstring(html).text_content()), path="x.txt")
    return RuleTagger()(doc), synth.gold()["tables"]


@pytest.mark.parametrize("index", [1, 2])
def test_spans_drifting_into_runs_of_digits_snap_to_the_runs_the_reconciler_cuts(index: int, tmp_path: Path) -> None:
    """Text run together (``…数量1883100057二、上年结转…``): the model's label takes the next run's
    first digit, or stops short of its last character, and a run is cut into two CELL spans at no
    separator. Snapped, the runs are whole again and the labels end where the digits start, so the
    model layer reaches the same cut logic as the rules (``glued.py``) and reads what they read."""
    doc, gold = _run_together(index, tmp_path)
    text = doc.text
    drifted = []
    for s in sorted((s for s in doc.spans["rule"] if s.label in _READ and s.end > s.start), key=lambda s: s.start):
        if s.label == "CELL" and s.end - s.start >= 4:
            mid = (s.start + s.end) // 2
            drifted += [Span(start=s.start, end=mid, label="CELL"), Span(start=mid, end=s.end, label="CELL")]
        elif s.label == "ROW_LABEL" and text[s.start - 1].isdigit():
            drifted.append(Span(start=s.start - 1, end=s.end, label=s.label))  # the run's last digit taken in
        elif s.label == "ROW_LABEL" and s.end - s.start > 2:
            drifted.append(Span(start=s.start, end=s.end - 1, label=s.label))
        else:
            drifted.append(Span(start=s.start, end=s.end, label=s.label))
    rules = Reconciler(layers=LAYER_SETS["rules"])(doc.model_copy(deep=True))
    doc.spans["model"] = drifted
    assert Reconciler(layers=LAYER_SETS["model"])(doc.model_copy(deep=True)).tables != rules.tables

    doc.spans["model"] = snap_spans(text, drifted, table_tokens(text))
    read = Reconciler(layers=LAYER_SETS["model"])(doc.model_copy(deep=True))
    assert read.tables["applications"] == rules.tables["applications"]
    assert read.tables["review_litigation"] == rules.tables["review_litigation"]
    assert score_tables(read.tables, gold).correct == score_tables(rules.tables, gold).correct > 0


def test_numbers_a_tab_parts_are_never_proposed_as_one_number(tmp_path: Path) -> None:
    """A row whose label the model left untagged runs its numbers into the row above: fourteen
    numbers for seven columns. The reader used to offer ``2\\t0`` as one number broken by a space
    (a proposal for review); a tab is a boundary the layout draws, so no join across one is offered.
    The numbers' own order now places the run (``columns.stream_readings``: every sum confirms it),
    so the row the model lost reads as printed."""
    doc, gold = _converted("docx_official>python_docx", 2, tmp_path)
    labels = [s for s in doc.spans["rule"] if s.label == "ROW_LABEL" and s.attrs.get("table") == "applications"]
    lost = next(s for s in labels if s.attrs.get("row") == "granted")
    same_line = [s for s in labels  # python-docx repeats a merged label in each cell it spans
                 if doc.text.count("\n", lost.start, s.start) == 0 and doc.text.count("\n", s.start, lost.end) == 0]
    doc.spans["model"] = [Span(start=s.start, end=s.end, label=s.label) for s in doc.spans["rule"]
                          if s.label in _READ and s not in same_line]
    read = Reconciler(layers=LAYER_SETS["model"])(doc)
    assert not [n for n in read.review_notes if "\\t" in n], read.review_notes
    assert any(w.startswith("applications: the row labels stand apart from their numbers") for w in read.warnings)
    assert score_tables({"applications": read.tables["applications"]}, {"applications": gold["applications"]}).exact


def test_a_row_label_the_model_read_whole_across_wrapped_lines_stays_one_label() -> None:
    """A narrow label cell written one wrapped line a line (mutool's HTML text of a PDF: ``三`` / ``、``
    / ``本`` / ``年度办`` …). The model tags each row label whole across the line breaks; snapped, it
    stays one label (a piece a line would name no row, and the table would lose its rows), while a
    line that starts a row of its own (``1.``) starts a label of its own."""
    synth = generate_one(0, seed=4747, layouts=("blank_line_cells",))
    text, _ = synth.text_and_spans()
    rule = RuleTagger()(ReportDocument.from_text(text, path="x.txt"))
    apps = [s for s in rule.spans["rule"] if s.label == "ROW_LABEL" and s.attrs.get("table") == "applications"
            and s.end - s.start >= 6 and "\n" not in text[s.start : s.end]]
    assert len(apps) >= 10
    # wrap every long 表三 label after each third character, as a narrow cell does
    wrapped, shift, moved = text, 0, {}
    for s in sorted(apps, key=lambda s: s.start):
        label = text[s.start : s.end]
        broken = "\n".join(label[i : i + 3] for i in range(0, len(label), 3))
        at = s.start + shift
        wrapped = wrapped[:at] + broken + wrapped[at + len(label):]
        moved[s.start] = (at, at + len(broken))
        shift += len(broken) - len(label)
    doc = RuleTagger()(ReportDocument.from_text(wrapped, path="x.txt"))
    model = [Span(start=s.start, end=s.end, label=s.label) for s in doc.spans["rule"] if s.label in _READ
             and not (s.label == "ROW_LABEL" and s.attrs.get("table") == "applications")]
    model += [Span(start=a, end=b, label="ROW_LABEL") for a, b in moved.values()]  # the model's whole labels
    snapped = snap_spans(wrapped, model, table_tokens(wrapped))
    assert all(Span(start=a, end=b, label="ROW_LABEL") in snapped for a, b in moved.values()
               if not any(wrapped[i + 1 : i + 3].rstrip(".、）").isdigit() for i in range(a, b) if wrapped[i] == "\n"))
    gold = {"applications": synth.gold()["tables"]["applications"]}

    def correct(spans: list[Span]) -> int:
        doc.spans["model"] = spans
        read = Reconciler(layers=LAYER_SETS["model"])(doc.model_copy(deep=True))
        return score_tables({"applications": read.tables["applications"]}, gold).correct

    # a label a line (what the snapping did before): fewer rows named, fewer cells read
    per_line = [Span(start=a + m.start(), end=a + m.end(), label="ROW_LABEL")
                for a, b in moved.values() for m in re.finditer(r"[^\n]+", wrapped[a:b])]
    whole = correct(snapped)
    assert whole > correct(snap_spans(wrapped, [s for s in model if s.label != "ROW_LABEL" or s.start not in
                                                 {a for a, _ in moved.values()}] + per_line, table_tokens(wrapped)))
    assert whole >= 0.9 * sum(len(cols) for cols in gold["applications"].values())
