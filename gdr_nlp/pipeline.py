"""The extraction pipeline: an explicit, ordered list of stages over one ReportDocument."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Literal, get_args

from gdr_nlp.check.completeness import completeness_checks
from gdr_nlp.check.narrative import narrative_checks
from gdr_nlp.check.review import assess_review
from gdr_nlp.check.rules import run_table_checks
from gdr_nlp.document import ReportDocument
from gdr_nlp.ingest import load
from gdr_nlp.ingest.scanned import OcrMode
from gdr_nlp.reconcile.metrics import reconcile_metrics
from gdr_nlp.reconcile.sections import reconcile_sections
from gdr_nlp.reconcile.tables import reconcile_tables
from gdr_nlp.tag.narrative import tag_metrics
from gdr_nlp.tag.rules import RuleTagger

logger = logging.getLogger(__name__)

TaggerChoice = Literal["auto", "rules", "model", "hybrid"]
TAGGERS: tuple[str, ...] = get_args(TaggerChoice)
Stage = Callable[[ReportDocument], ReportDocument]
LAYER_SETS: dict[str, tuple[str, ...]] = {"rules": ("rule",), "model": ("model",), "hybrid": ("model", "rule")}
"""Span layers the reconciler reads for each tagger choice (``auto`` reads ``rules``, or ``hybrid`` on trouble)."""


def default_model_dir() -> Path:
    """The released model committed in the repository (``models/gdr-tagger``)."""
    return Path(__file__).resolve().parent.parent / "models" / "gdr-tagger"


class NarrativeTagger:
    """Adds the rule-based METRIC/METRIC_SUBJECT spans to the ``rule`` layer, outside the tables."""

    def __call__(self, doc: ReportDocument) -> ReportDocument:
        tables = [(s.start, s.end) for s in doc.spans.get("rule", []) if s.label in {"CELL", "ROW_LABEL", "COL_HEADER"}]
        doc.spans.setdefault("rule", []).extend(tag_metrics(doc, exclude=tables))
        return doc


class Reconciler:
    """Sections, tables and metrics from the span layers; then all checks."""

    def __init__(self, *, layers: tuple[str, ...]) -> None:
        self.layers = layers

    def __call__(self, doc: ReportDocument) -> ReportDocument:
        reconcile_sections(doc)
        reconcile_tables(doc, layers=self.layers)
        # metrics: the rules' alone wherever the rules read. The model's metrics were added where the rules
        # marked none, and measured on the converter splits (BENCHMARKS.md "Narrative metrics through converters")
        # they added 22 right and 61 wrong to the default's prose: a metric carries no review flag, so they go
        reconcile_metrics(doc, layers=("rule",) if "rule" in self.layers else self.layers)
        doc.checks = (run_table_checks(doc) + completeness_checks(doc.tables, doc.report.get("format_version"))
                      + narrative_checks(doc))
        assess_review(doc)
        return doc


_TABLE_KEYS = ("proactive.", "applications", "review_litigation")  # how a table reader's review note starts


class ModelWhenNeeded:
    """``auto``'s last stage: reconcile the rules' spans, and only where that reading shows
    trouble run the model tagger and reconcile both layers as ``hybrid`` does.

    Trouble is what the report's own structure and arithmetic say (:meth:`trouble`). A clean
    rules reading (most reports) is reconciled once and never touches the model, which is
    loaded on first need.
    """

    def __init__(self, model_dir: Path) -> None:
        from gdr_nlp.tag.tagger import require_model_files

        require_model_files(model_dir)  # a bad folder fails now, not on the first troubled report
        self.model_dir = model_dir
        self._tagger: Callable[[ReportDocument], ReportDocument] | None = None
        self.runs = 0

    @staticmethod
    def trouble(reconciled: ReportDocument) -> str | None:
        """Why a rules-only reading needs the model (None: it does not): official cells not read
        (the ``completeness.*`` checks: a table, a row or a column missing), a failing table check,
        a section heading missing, a doubt the table reader noted for review."""
        reasons = []
        checks = [c for c in reconciled.checks if c["status"] == "fail"]
        if missing := [c for c in checks if c["id"].startswith("completeness.")]:
            reasons.append("official cells not read: " + ", ".join(
                f"{c['id'].split('.', 1)[1]} {c['rhs'] - c['lhs']} of {c['rhs']} ("
                + ", ".join(ref.split(".", 1)[1] for ref in c["cells"][:2]) + (" …" if len(c["cells"]) > 2 else "") + ")"
                for c in missing))
        # table checks only: a narrative figure that disagrees with its table is the report's own
        # inconsistency, which no tagger can change
        if failing := [c["id"] for c in checks if not c["id"].startswith(("narrative.", "completeness."))]:
            reasons.append(f"failing checks: {', '.join(failing[:3])}" + (" …" if len(failing) > 3 else ""))
        if sections := [w.split(": ", 1)[-1] for w in reconciled.warnings if w.startswith("section missing")]:
            reasons.append(f"sections missing: {', '.join(sections)}")
        # the table reader's own doubts (numbers no cell took, a tie between placements, two numbers
        # in one cell): on converter output they mark rows whose structure the rules lost (#10)
        if doubts := [n.split(":", 1)[0] for n in reconciled.review_notes if n.startswith(_TABLE_KEYS)]:
            reasons.append(f"reading doubts: {', '.join(dict.fromkeys(doubts[:3]))}" + (" …" if len(doubts) > 3 else ""))
        return "; ".join(reasons) or None

    def __call__(self, doc: ReportDocument) -> ReportDocument:
        tagged = doc.model_copy(deep=True)  # kept for a second reading: reconciling adds warnings
        reason = self.trouble(Reconciler(layers=LAYER_SETS["rules"])(doc))
        if reason is None:
            return doc
        if self._tagger is None:
            from gdr_nlp.tag.tagger import ModelTagger

            self._tagger = ModelTagger(self.model_dir)
        self.runs += 1
        tagged.warnings.append(f"auto: the model tagger was run ({reason})")
        return Reconciler(layers=LAYER_SETS["hybrid"])(self._tagger(tagged))


class Pipeline:
    """Runs ``stages`` in order; build with :func:`build_pipeline`."""

    def __init__(self, stages: list[Stage], *, ocr: OcrMode = "auto") -> None:
        self.stages = stages
        self.ocr = ocr  # which PDF pages ingest reads by OCR (#13)

    def __call__(self, doc: ReportDocument) -> ReportDocument:
        for stage in self.stages:
            doc = stage(doc)
        return doc

    def process(self, path: str | Path) -> ReportDocument:
        """Load ``path`` and run every stage. Raises ``DocumentLoadError`` for bad input."""
        return self(load(path, ocr=self.ocr))


def build_pipeline(*, tagger: TaggerChoice = "auto", model_dir: str | Path | None = None,
                   ocr: OcrMode = "auto") -> Pipeline:
    """Assemble the stage list for a tagger choice.

    Args:
        tagger: ``auto`` (default: the rules, plus the model on reports whose rules reading
            shows trouble; see :class:`ModelWhenNeeded`), ``rules`` (rule tagger only),
            ``model`` (the trained tagger's spans), or ``hybrid`` (both layers on every report;
            the reconciler's constraints decide per table).
        model_dir: model folder for ``model``/``hybrid``/``auto``; default the released model.
        ocr: PDF pages read by OCR: ``auto`` (pages without a usable text layer), ``always``, ``never``.
    """
    folder = Path(model_dir) if model_dir else default_model_dir()
    stages: list[Stage] = []
    if tagger in ("rules", "hybrid", "auto"):
        stages += [RuleTagger(), NarrativeTagger()]
    if tagger in ("model", "hybrid"):
        from gdr_nlp.tag.tagger import ModelTagger  # torch import only when a model is used

        stages.append(ModelTagger(folder))
    if tagger == "auto":
        stages.append(ModelWhenNeeded(folder))  # reconciles as well
    else:
        stages.append(Reconciler(layers=LAYER_SETS[tagger]))
    return Pipeline(stages, ocr=ocr)


def process(path: str | Path, *, tagger: TaggerChoice = "auto", model_dir: str | Path | None = None,
            ocr: OcrMode = "auto") -> ReportDocument:
    """One-shot convenience: build the pipeline and process one file."""
    return build_pipeline(tagger=tagger, model_dir=model_dir, ocr=ocr).process(path)
