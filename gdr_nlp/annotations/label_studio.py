"""Label Studio round trip: our JSONL → Label Studio JSON tasks → our JSONL.

Task layout (Label Studio "Basic JSON" task format, config ``annotations/label_studio_config.xml``):

* ``data``: ``text`` (the normalized text; offsets are character offsets into it),
  ``doc_id``, ``source``, ``labels_version``, and ``gold`` (the document-level gold as a
  JSON string, carried through untouched; Label Studio keeps unknown data fields).
* ``annotations[0].result``: one ``labels`` region per span (``from_name`` "label",
  ``value`` {start, end, text, labels}), and for a span with attributes a per-region
  ``textarea`` result with the same region ``id`` (``from_name`` "attrs") whose
  ``value.text`` is ``[<attrs as JSON>]``: that is how Label Studio stores per-region
  fields, and it keeps attributes lossless and editable.
* ``predictions[0].result``: the same shape from a tagger (``predict(text) -> spans``),
  so a person corrects a proposal instead of starting blank.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gdr_nlp.annotations.io import LABELS_VERSION, Doc, load_docs, normalized_text, write_jsonl
from gdr_nlp.errors import AnnotationError

logger = logging.getLogger(__name__)

Predictor = Callable[[str], list[dict[str, Any]]]
"""A tagger as a function: text -> spans (dicts with start, end, label and optional attrs)."""

FROM_LABEL = "label"
FROM_ATTRS = "attrs"
TO_TEXT = "text"


def _utf16_offsets(text: str) -> list[int] | None:
    """Label Studio (JavaScript) counts UTF-16 code units: map code-point offsets to them, when they differ."""
    if all(ord(c) <= 0xFFFF for c in text):
        return None
    out = [0]
    for c in text:
        out.append(out[-1] + (2 if ord(c) > 0xFFFF else 1))
    return out


def _region_results(spans: list[dict[str, Any]], text: str, prefix: str) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    js = _utf16_offsets(text)
    for i, span in enumerate(spans):
        rid = f"{prefix}{i:04d}"
        start, end = int(span["start"]), int(span["end"])
        value = {"start": js[start] if js else start, "end": js[end] if js else end, "text": text[start:end]}
        region = {"id": rid, "from_name": FROM_LABEL, "to_name": TO_TEXT, "type": "labels",
                  "value": {**value, "labels": [span["label"]]}}
        if "score" in span:  # a prediction's confidence: Label Studio sorts and filters regions by it
            region["score"] = round(float(span["score"]), 4)
        results.append(region)
        attrs = span.get("attrs")
        if attrs:
            note = json.dumps(attrs, ensure_ascii=False, sort_keys=True)
            results.append({"id": rid, "from_name": FROM_ATTRS, "to_name": TO_TEXT, "type": "textarea",
                            "value": {**value, "text": [note]}})
    return results


def doc_to_task(doc: Doc, *, predict: Predictor | None = None, model_version: str = "gdr-tagger") -> dict[str, Any]:
    """One Label Studio task for one annotation document."""
    text = doc["text"]
    data: dict[str, Any] = {"text": text, "doc_id": doc["id"], "source": doc.get("source", ""),
                            "labels_version": doc.get("labels_version", LABELS_VERSION)}
    if "gold" in doc:
        data["gold"] = json.dumps(doc["gold"], ensure_ascii=False)
    extra = {k: v for k, v in doc.items() if k not in ("id", "source", "text", "labels_version", "spans", "gold")}
    if extra:
        data["extra"] = json.dumps(extra, ensure_ascii=False)
    task: dict[str, Any] = {"data": data}
    spans = doc.get("spans") or []
    if spans:
        task["annotations"] = [{"result": _region_results(spans, text, "r"), "ground_truth": False}]
    if predict is not None:
        proposed = predict(text)
        scores = [float(span.get("score", 1.0)) for span in proposed]
        task["predictions"] = [{"model_version": model_version, "result": _region_results(proposed, text, "p"),
                                "score": round(sum(scores) / len(scores), 4) if scores else 0.0}]
    return task


def new_doc(path: str | Path) -> Doc:
    """An annotation document for a report file: its normalized text and no spans yet."""
    path = Path(path)
    return {"id": path.stem, "source": path.name, "text": normalized_text(path), "labels_version": LABELS_VERSION,
            "spans": []}


def export_label_studio(jsonl_path: str | Path, out_path: str | Path, *, predict: Predictor | None = None,
                        model_version: str = "gdr-tagger") -> int:
    """Write Label Studio tasks (a JSON list) for every document of ``jsonl_path``.

    Args:
        jsonl_path: an annotation JSONL file, or a report file (txt, pdf, docx, …) to start annotating.
        out_path: the tasks file to import into Label Studio.
        predict: a tagger; its spans become each task's ``predictions``.
        model_version: the name Label Studio shows for those predictions.

    Returns:
        The number of tasks written.
    """
    jsonl_path = Path(jsonl_path)
    docs = load_docs(jsonl_path) if jsonl_path.suffix == ".jsonl" else [new_doc(jsonl_path)]
    tasks = [doc_to_task(doc, predict=predict, model_version=model_version) for doc in docs]
    Path(out_path).write_text(json.dumps(tasks, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(tasks)


def _chosen_annotation(task: dict[str, Any]) -> dict[str, Any] | None:
    """The most recent annotation that was not cancelled (Label Studio lists them oldest first)."""
    live = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if not live:
        return None
    return max(enumerate(live), key=lambda p: (str(p[1].get("updated_at") or p[1].get("created_at") or ""), p[0]))[1]


def _spans_from_results(results: list[dict[str, Any]], text: str, where: str) -> list[dict[str, Any]]:
    js = _utf16_offsets(text)
    back = {u: i for i, u in enumerate(js)} if js else None
    spans: dict[str, dict[str, Any]] = {}
    notes: dict[str, str] = {}
    for r in results:
        value = r.get("value") or {}
        if r.get("type") == "labels" and value.get("labels"):
            start, end = int(value["start"]), int(value["end"])
            if back is not None:  # an offset inside a surrogate pair cannot come from Label Studio's UI
                start, end = back.get(start, start), back.get(end, end)
            span: dict[str, Any] = {"start": start, "end": end, "label": value["labels"][0]}
            spans[str(r.get("id"))] = span
        elif r.get("type") == "textarea" and r.get("from_name") == FROM_ATTRS and value.get("text"):
            notes[str(r.get("id"))] = str(value["text"][0])
    for rid, note in notes.items():
        if rid not in spans:
            logger.warning("%s: attributes of region %s without a label are dropped", where, rid)
            continue
        if note.strip():
            try:
                attrs = json.loads(note)
            except json.JSONDecodeError as e:  # boundary: text typed by a person
                raise AnnotationError("E030", where, line=rid, detail=f"attrs are not JSON: {note!r} ({e.msg})") from e
            if not isinstance(attrs, dict):
                raise AnnotationError("E030", where, line=rid, detail=f"attrs must be a JSON object: {note!r}")
            if attrs:
                spans[rid]["attrs"] = attrs
    return list(spans.values())


def _restore_blank_cells(doc: Doc) -> None:
    """Label Studio cannot show zero-length regions; put back those the gold tables point to."""
    tables = (doc.get("gold") or {}).get("tables") or {}
    have = {(s["start"], s["end"]) for s in doc["spans"] if s["label"] == "CELL"}
    for rows in tables.values():
        for cols in rows.values():
            for cell in cols.values():
                span = cell.get("span")
                if cell.get("kind") == "empty" and span and span[0] == span[1] and tuple(span) not in have:
                    doc["spans"].append({"start": span[0], "end": span[1], "label": "CELL", "attrs": {"kind": "empty"}})


def task_to_doc(task: dict[str, Any], where: str = "task") -> Doc | None:
    """Our annotation document from one exported Label Studio task (None when it has no annotation)."""
    data = task.get("data") or {}
    annotation = _chosen_annotation(task)
    if annotation is None:
        return None
    doc: Doc = {"id": data.get("doc_id") or f"ls-{task.get('id')}", "source": data.get("source", ""),
                "text": data["text"], "labels_version": data.get("labels_version", LABELS_VERSION)}
    doc["spans"] = _spans_from_results(annotation.get("result") or [], doc["text"], where)
    if data.get("gold"):
        doc["gold"] = json.loads(data["gold"])
    if data.get("extra"):
        doc.update(json.loads(data["extra"]))
    _restore_blank_cells(doc)
    return doc


def import_label_studio(ls_json_path: str | Path, out_jsonl: str | Path) -> int:
    """Read a Label Studio JSON export back into our JSONL (canonical, one line per annotated task).

    Tasks without a submitted (non-cancelled) annotation are skipped with a log message.

    Returns:
        The number of documents written.

    Raises:
        AnnotationError: the export is not a Label Studio JSON task list, or an attrs field is not JSON.
    """
    ls_json_path = Path(ls_json_path)
    try:
        tasks = json.loads(ls_json_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:  # boundary: file from another tool
        raise AnnotationError("E030", str(ls_json_path), line=e.lineno, detail=f"not JSON ({e.msg})") from e
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list) or not all(isinstance(t, dict) and "data" in t for t in tasks):
        raise AnnotationError("E030", str(ls_json_path), line=1, detail="expected a Label Studio JSON export (a list of tasks)")
    docs = []
    for n, task in enumerate(tasks, start=1):
        doc = task_to_doc(task, where=f"{ls_json_path}#task{n}")
        if doc is None:
            logger.info("%s: task %s has no submitted annotation; skipped", ls_json_path, task.get("id", n))
            continue
        docs.append(doc)
    write_jsonl(docs, out_jsonl)
    return len(docs)


def pipeline_predictor(*, tagger: str = "rules", model_dir: str | Path | None = None) -> Predictor:
    """A :data:`Predictor` running gdr's own taggers (``rules``, ``model`` or ``hybrid``) over a text.

    The spans of the tagger layers (``rule`` and/or ``model``) become the proposal;
    METRIC spans get the reconciled metric's type, value, unit and qualifier as attrs.
    """
    from gdr_nlp.document import ReportDocument
    from gdr_nlp.pipeline import build_pipeline

    from gdr_nlp.annotations.io import load_labels

    pipeline = build_pipeline(tagger=tagger, model_dir=model_dir)  # type: ignore[arg-type]
    layers = {"rules": ("rule",), "model": ("model",), "hybrid": ("model", "rule")}[tagger]
    # taggers keep working attributes of their own (table, group); a proposal carries only the
    # attributes labels.json defines, so an accepted proposal validates unchanged (#11)
    allowed = {label: set(spec) for label, spec in load_labels().get("attrs", {}).items()}

    def predict(text: str) -> list[dict[str, Any]]:
        doc = ReportDocument.from_text(text, path="<annotation>")
        doc = pipeline(doc)
        metric_attrs = {}
        for m in doc.metrics:
            span = m.get("span")
            if span:
                metric_attrs[tuple(span)] = {k: m.get(k) for k in ("type", "value", "unit", "qualifier")}
        out = []
        for layer in layers:
            for s in doc.spans.get(layer, []):
                span = {"start": s.start, "end": s.end, "label": s.label, "score": s.score}
                attrs = dict(s.attrs)
                if s.label == "METRIC" and (s.start, s.end) in metric_attrs:
                    attrs = {**attrs, **metric_attrs[(s.start, s.end)]}
                attrs = {k: v for k, v in attrs.items() if k in allowed.get(s.label, set())}
                attrs = _required_attrs(s.label, attrs, text[s.start : s.end], s.start, doc.sections)
                if attrs is None:
                    continue  # e.g. a model METRIC the reconciler did not type: not a valid proposal
                if attrs:
                    span["attrs"] = attrs
                out.append(span)
        return without_overlaps(out)

    return predict


def _required_attrs(label: str, attrs: dict[str, Any], text: str, start: int,
                    sections: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The attributes labels.json requires, completed where the span itself says them (the model tags spans
    only): a CELL's kind from its text, a SECTION_HEADING's key from the reconciled section it opens.
    None when a required one cannot be known."""
    from gdr_nlp.annotations.io import parse_cell

    if label == "CELL" and "kind" not in attrs:
        attrs = {**attrs, "kind": parse_cell(text)[1]}
    if label == "SECTION_HEADING" and "key" not in attrs:
        key = next((sec["key"] for sec in sections if sec.get("start") == start), None)
        if key is None:
            return None
        attrs = {**attrs, "key": key}
    if label == "METRIC" and "type" not in attrs:
        return None
    return attrs


# which proposal stays when two overlap (the annotation format allows no overlap): structure first
_PRIORITY = ("SECTION_HEADING", "TITLE", "TABLE_CAPTION", "COL_HEADER", "ROW_LABEL", "CELL", "SUBHEADING", "METRIC",
             "METRIC_SUBJECT")


def _conflict(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """The validator's overlap rule: a shared character, or a zero-length span inside or on another one."""
    if a["start"] < b["end"] and b["start"] < a["end"]:
        return True
    for p, q in ((a, b), (b, a)):
        if p["start"] == p["end"] and (q["start"] < p["start"] < q["end"] or q["start"] == q["end"] == p["start"]):
            return True
    return False


def without_overlaps(spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The proposals minus those overlapping a higher-priority one, in text order (the taggers' layers may overlap)."""
    rank = {label: i for i, label in enumerate(_PRIORITY)}
    kept: list[dict[str, Any]] = []
    # at one position the proposal with attributes (the rules') wins over the bare one (the model's)
    for span in sorted(spans, key=lambda s: (rank.get(s["label"], len(rank)), s["start"], s["end"], -len(s.get("attrs") or {}))):
        if any(_conflict(span, other) for other in kept):
            logger.debug("proposal %s [%d, %d) overlaps a kept one; left out", span["label"], span["start"], span["end"])
            continue
        kept.append(span)
    return sorted(kept, key=lambda s: (s["start"], s["end"]))
