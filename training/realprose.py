"""Read ``../shared/realprose`` (real report openings with labelled metrics) and split it by agency.

Nothing of realprose is copied into the project: texts and gold are read from
``../shared`` at run time (callers skip when the folder is absent).

Gold mentions carry their exact words (``text``), no offsets. Each is located in
the page's raw text (repeated mentions: the first occurrence not yet taken), mapped
into the normalized text through ``ReportDocument.raw_offsets``, and narrowed to
the number + unit whose value matches (``find_quantities``), so spans in the gold
compare with predicted spans the way the generated and seed gold do.

Folds: every agency appears once, so the split is by agency: the agencies sorted
by the SHA-256 of their name, dealt round-robin into ``N_FOLDS + 1`` groups; the
last group is the untouched test fold, groups 0..N_FOLDS-1 the cross-validation folds.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
REALPROSE = REPO.parent / "shared" / "realprose"
N_FOLDS = 5
TEST_FOLD = N_FOLDS  # the group kept out of every choice until the end

Doc = tuple[str, str, list[dict[str, Any]]]


def fold_of(agency: str, agencies: list[str]) -> int:
    """Fold of ``agency`` among ``agencies`` (deterministic; independent of file order)."""
    order = sorted(set(agencies), key=lambda a: hashlib.sha256(a.encode("utf-8")).hexdigest())
    return order.index(agency) % (N_FOLDS + 1)


def _locate(doc: Any, mention: str, value: float, taken: set[int]) -> list[int] | None:
    """[start, end) in doc.text of the number + unit of ``mention`` (None when it cannot be placed)."""
    from gdr_nlp.reconcile.numerals import find_quantities

    raw = doc.raw_text
    at = raw.find(mention)
    while at >= 0 and at in taken:
        at = raw.find(mention, at + 1)
    if at < 0:
        return None
    taken.add(at)
    s = bisect.bisect_left(doc.raw_offsets, at)
    e = bisect.bisect_left(doc.raw_offsets, at + len(mention))
    for q in find_quantities(doc.text[s:e]):
        if abs(float(q.value) - float(value)) < 1e-6:
            return [s + q.num_start, s + q.end]
    return [s, e]  # not read as a quantity (a detection gap): the whole mention


def load_realprose(folder: Path = REALPROSE) -> list[tuple[int, Doc]]:
    """(fold, (id, normalized text, gold metrics with spans)) for every case; empty when absent."""
    if not folder.is_dir():
        return []
    from gdr_nlp.ingest import load

    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.gold.json"))]
    agencies = [g["agency"] for g in golds]
    out: list[tuple[int, Doc]] = []
    for gold in golds:
        doc = load(folder / f"{gold['id']}.txt")
        taken: set[int] = set()
        metrics = []
        for m in gold["metrics"]:
            span = _locate(doc, m["text"], m["value"], taken)
            entry = {k: m.get(k) for k in ("type", "value", "unit", "qualifier")}
            entry["optional"] = bool(m.get("optional"))
            if span is not None:
                entry["span"] = span
            metrics.append(entry)
        out.append((fold_of(gold["agency"], agencies), (gold["id"], doc.text, metrics)))
    return out


def split(cases: list[tuple[int, Doc]], fold: int) -> tuple[list[Doc], list[Doc]]:
    """(training docs, held-out docs) for CV fold ``fold``: training never includes the test fold."""
    train = [d for f, d in cases if f not in (fold, TEST_FOLD)]
    held = [d for f, d in cases if f == fold]
    return train, held
