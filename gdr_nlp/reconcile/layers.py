"""Which tagger leads where: the span sets the table reader reads, per layer choice (issue 10).

Measured on the train converter families and the realdev PDFs through them
(``benchmarks/eval_convert.py``, BENCHMARKS.md "Converter families: which tagger leads where"),
the model finds a table's structure (which row a run of numbers belongs to, when a converter
moved labels away from their numbers or ran rows together) where the rules lose it, while the
rules' number tokens are the more exact ones (the model's cell boundaries drift on glued or
spaced digits). So besides each layer's own reading, a hybrid run reads a *combined* layer:
the model's row labels, column headers and captions with the rules' cells. Which of the
readings a table takes is still decided by the arithmetic (``tables._preference``); no layer's
spans change, and where readings disagree the cell's confidence drops (``check/review.py``).
"""

from __future__ import annotations

from gdr_nlp.document import ReportDocument, Span

COMBINED = "model+rule"
"""Name of the combined layer in ``doc.layer_tables`` and the warnings."""
STRUCTURE_FROM = "model"
CELLS_FROM = "rule"
_STRUCTURE = ("ROW_LABEL", "COL_HEADER", "TABLE_CAPTION")


def layer_spans(doc: ReportDocument, layers: tuple[str, ...], labels: tuple[str, ...]) -> list[tuple[str, list[Span]]]:
    """(layer, its spans with ``labels``) for each layer that has any, plus the combined layer when
    both the structure and the cells layer are read and the combination differs from both."""
    out = [(layer, [s for s in doc.spans.get(layer, []) if s.label in labels]) for layer in layers]
    out = [(layer, spans) for layer, spans in out if spans]
    names = [layer for layer, _ in out]
    if STRUCTURE_FROM in names and CELLS_FROM in names:
        combined = combine(dict(out)[STRUCTURE_FROM], dict(out)[CELLS_FROM])
        if combined and all(_key(combined) != _key(spans) for _, spans in out):
            out.append((COMBINED, combined))
    return out


def combine(structure: list[Span], cells: list[Span]) -> list[Span]:
    """``structure``'s labels, headers and captions with ``cells``' CELL spans.

    A cell that overlaps a label of the structure layer is left out (the structure says it is
    label text); a structure-layer cell stays only where the cells layer marked nothing that
    overlaps it (a placeholder or blank the rules did not mark), so every number is read once.
    """
    labels = sorted((s for s in structure if s.label in _STRUCTURE), key=lambda s: s.start)
    taken = [s for s in cells if s.label == "CELL" and not _overlaps(s, labels)]
    extra = [s for s in structure if s.label == "CELL" and not _overlaps(s, taken) and not _overlaps(s, labels)]
    return sorted([*labels, *taken, *extra], key=lambda s: (s.start, s.end))


def _overlaps(span: Span, others: list[Span]) -> bool:
    # the same range counts too: two zero-length blank cells at one place are one cell
    return any((o.start < span.end and span.start < o.end) or (o.start, o.end) == (span.start, span.end) for o in others)


def _key(spans: list[Span]) -> list[tuple[int, int, str]]:
    return sorted((s.start, s.end, s.label) for s in spans)
