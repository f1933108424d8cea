"""The extraction pipeline: an explicit, ordered list of stages over one ReportDocument."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from gdr_nlp.check.narrative import narrative_checks
from gdr_nlp.check.rules import run_table_checks
from gdr_nlp.document import ReportDocument
from gdr_nlp.ingest import load
from gdr_nlp.reconcile.metrics import reconcile_metrics
from gdr_nlp.reconcile.sections import reconcile_sections
from gdr_nlp.reconcile.tables import reconcile_tables
from gdr_nlp.tag.narrative import tag_metrics
from gdr_nlp.tag.rules import RuleTagger

logger = logging.getLogger(__name__)

TaggerChoice = Literal["rules", "model", "hybrid"]
Stage = Callable[[ReportDocument], ReportDocument]


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
        # metrics: on overlapping spans the rules' reading wins (their typing and normalization
        # measure better); the model adds only facts the rules did not mark
        reconcile_metrics(doc, layers=tuple(sorted(self.layers, key=lambda layer: layer != "rule")))
        doc.checks = run_table_checks(doc) + narrative_checks(doc)
        return doc


class Pipeline:
    """Runs ``stages`` in order; build with :func:`build_pipeline`."""

    def __init__(self, stages: list[Stage]) -> None:
        self.stages = stages

    def __call__(self, doc: ReportDocument) -> ReportDocument:
        for stage in self.stages:
            doc = stage(doc)
        return doc

    def process(self, path: str | Path) -> ReportDocument:
        """Load ``path`` and run every stage. Raises ``DocumentLoadError`` for bad input."""
        return self(load(path))


def build_pipeline(*, tagger: TaggerChoice = "rules", model_dir: str | Path | None = None) -> Pipeline:
    """Assemble the stage list for a tagger choice.

    Args:
        tagger: ``rules`` (rule tagger only), ``model`` (the trained tagger's spans),
            or ``hybrid`` (both layers; the reconciler's constraints decide).
        model_dir: model folder for ``model``/``hybrid``; default the released model.
    """
    stages: list[Stage] = []
    if tagger in ("rules", "hybrid"):
        stages += [RuleTagger(), NarrativeTagger()]
    if tagger in ("model", "hybrid"):
        from gdr_nlp.tag.tagger import ModelTagger  # torch import only when a model is used

        stages.append(ModelTagger(Path(model_dir) if model_dir else default_model_dir()))
    layers = {"rules": ("rule",), "model": ("model",), "hybrid": ("model", "rule")}[tagger]
    stages.append(Reconciler(layers=layers))
    return Pipeline(stages)


def process(path: str | Path, *, tagger: TaggerChoice = "rules", model_dir: str | Path | None = None) -> ReportDocument:
    """One-shot convenience: build the pipeline and process one file."""
    return build_pipeline(tagger=tagger, model_dir=model_dir).process(path)
