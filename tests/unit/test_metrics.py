"""reconcile_metrics (rule and attribute-less spans), evaluate_metrics and metrics_to_csv."""

from __future__ import annotations

import csv
from pathlib import Path

from gdr_nlp.document import ReportDocument, Span
from gdr_nlp.export.metrics_csv import metrics_to_csv
from gdr_nlp.reconcile.metrics import evaluate_metrics, reconcile_metrics
from gdr_nlp.tag.narrative import tag_metrics

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TEXT = (
    "一、总体情况\n（一）主动公开情况\n本年主动公开政府信息95条，其中政策文件1条、部门工作94条。\n"
    "二、主动公开政府信息情况\n\t规章\t0\t3\n"
    "六、其他需要报告的事项\n全年收取信息处理费3940元。\n"
)


def make_doc(text: str) -> ReportDocument:
    return ReportDocument.from_text(text, path="a.txt")


def test_rule_layer_to_contract_metrics() -> None:
    doc = make_doc(TEXT)
    doc.spans["rule"] = tag_metrics(doc)
    reconcile_metrics(doc)
    got = [(m["type"], m["value"], m["unit"], m["section"], m["subject"]) for m in doc.metrics]
    assert got == [
        ("proactive_items", 95, "条", "overview", "主动公开政府信息"),
        ("proactive_category_items", 1, "条", "overview", "政策文件"),
        ("proactive_category_items", 94, "条", "overview", "部门工作"),
        ("info_fees", 3940, "元", "other", "收取信息处理费"),
    ]
    first = doc.metrics[0]
    assert set(first) >= {"type", "value", "unit", "qualifier", "subject", "section", "span"}
    assert doc.text[first["span"][0] : first["span"][1]] == "95条"


def test_attribute_less_spans_are_read_like_rule_spans() -> None:
    doc = make_doc(TEXT)
    rule = tag_metrics(doc)
    doc.spans["model"] = [Span(start=s.start, end=s.end, label=s.label) for s in rule]
    reconcile_metrics(doc, layers=("model",))
    from_model = doc.metrics
    doc.spans["rule"] = rule
    reconcile_metrics(doc, layers=("rule",))
    assert [(m["type"], m["value"], m["unit"], m["span"]) for m in from_model] == [
        (m["type"], m["value"], m["unit"], m["span"]) for m in doc.metrics
    ]


def test_sections_from_doc_sections_when_set() -> None:
    doc = make_doc(TEXT)
    doc.sections = [{"key": "problems", "heading": "x", "start": 0, "end": len(TEXT)}]
    doc.spans["rule"] = tag_metrics(doc)
    reconcile_metrics(doc)
    assert {m["section"] for m in doc.metrics} == {"problems"}


def test_hybrid_layers_do_not_duplicate() -> None:
    doc = make_doc(TEXT)
    doc.spans["rule"] = tag_metrics(doc)
    doc.spans["model"] = [
        Span(start=s.start, end=s.end, label="METRIC") for s in doc.spans["rule"] if s.label == "METRIC"
    ]
    reconcile_metrics(doc, layers=("model", "rule"))
    assert len(doc.metrics) == 4


def gm(type_: str, value: float, unit: str | None, span: list[int] | None = None, section: str = "overview") -> dict:
    return {"type": type_, "value": value, "unit": unit, "qualifier": None, "section": section, "span": span}


def test_evaluate_span_overlap_and_types() -> None:
    gold = [gm("proactive_items", 95, "条", [10, 13]), gm("staff", 1, "名", [30, 32])]
    pred = [gm("proactive_items", 95, "条", [10, 13]), gm("other", 1, "名", [30, 32]), gm("tasks", 3, "项", [50, 52])]
    res = evaluate_metrics(pred, gold)
    assert res["untyped"]["tp"] == 2
    assert res["typed"]["tp"] == 1
    assert res["typed"]["precision"] == round(1 / 3, 4)
    assert res["typed"]["recall"] == 0.5
    assert res["per_type"]["proactive_items"]["f1"] == 1.0
    assert res["per_type"]["staff"]["recall"] == 0.0


def test_evaluate_value_unit_match_without_spans() -> None:
    gold = [gm("info_fees", 3940, "元", None, "other")]
    assert evaluate_metrics([gm("info_fees", 3940, "元", [5, 9], "other")], gold)["typed"]["f1"] == 1.0
    assert evaluate_metrics([gm("info_fees", 3940, "万元", [5, 9], "other")], gold)["untyped"]["tp"] == 0
    assert evaluate_metrics([gm("info_fees", 3940, "元", [5, 9], "overview")], gold)["untyped"]["tp"] == 0


def test_evaluate_many_documents() -> None:
    gold = [[gm("staff", 1, "名", [1, 3])], [gm("tasks", 2, "项", [1, 3])]]
    pred = [[gm("staff", 1, "名", [1, 3])], []]
    res = evaluate_metrics(pred, gold)
    assert (res["typed"]["tp"], res["typed"]["gold"], res["typed"]["pred"]) == (1, 2, 1)


def test_metrics_csv(tmp_path: Path) -> None:
    doc = make_doc(TEXT)
    doc.report = {"agency": "某区", "year": 2020}
    doc.spans["rule"] = tag_metrics(doc)
    reconcile_metrics(doc)
    contract = {"source": {"path": "b.pdf"}, "report": {"agency": "某镇", "year": 2021}, "metrics": doc.metrics[:1]}
    n = metrics_to_csv([doc, contract], tmp_path / "m.csv")
    with open(tmp_path / "m.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert n == len(rows) == 5
    assert rows[0]["file"] == "a.txt" and rows[0]["type"] == "proactive_items" and rows[0]["value"] == "95"
    assert rows[-1]["agency"] == "某镇" and [rows[-1]["start"], rows[-1]["end"]] == [str(i) for i in doc.metrics[0]["span"]]


SEEDS = Path(__file__).resolve().parents[2] / "annotations" / "seeds.jsonl"


def test_seed_gold_scores() -> None:
    """Against the annotated seeds (annotations/seeds.jsonl, gold.metrics): the issue's target is typed F1 >= 0.90."""
    import json

    if not SEEDS.is_file():
        import pytest

        pytest.skip("annotations/seeds.jsonl is absent")
    preds, golds, texts = [], [], []
    for line in SEEDS.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        doc = make_doc(rec["text"])
        doc.spans["rule"] = tag_metrics(doc)
        reconcile_metrics(doc)
        preds.append(doc.metrics)
        golds.append(rec["gold"]["metrics"])
        texts.append(rec["text"])
    res = evaluate_metrics(preds, golds, texts=texts)
    assert res["typed"]["f1"] >= 0.9
    assert res["untyped"]["f1"] >= 0.95
    assert res["subject_exact"] >= 0.8


def test_generated_held_out_layouts_score() -> None:
    """Generated reports of the held-out layout families (gdr_nlp.synth's test split): target typed F1 >= 0.95."""
    import sys

    import pytest

    pytest.importorskip("gdr_nlp.synth")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))
    from train_metric_types import synth_docs

    docs = synth_docs(52, 4242, splits=("test",))
    assert docs
    preds, golds, texts = [], [], []
    for _, text, gold in docs:
        doc = make_doc(text)
        doc.spans["rule"] = tag_metrics(doc)
        reconcile_metrics(doc)
        preds.append(doc.metrics)
        golds.append(gold)
        texts.append(text)
    res = evaluate_metrics(preds, golds, texts=texts)
    assert res["typed"]["f1"] >= 0.95
    assert res["value_exact"] >= 0.98


def test_hybrid_pipeline_keeps_the_rule_reading_of_an_overlapping_metric() -> None:
    """The model's overlapping span (here: cut short, typed differently) never replaces the rules' metric."""
    from gdr_nlp.pipeline import Reconciler

    doc = make_doc(TEXT)
    doc.spans["rule"] = tag_metrics(doc)
    fee = next(s for s in doc.spans["rule"] if s.label == "METRIC" and doc.text[s.start : s.end] == "3940元")
    extra = TEXT.index("95条")
    doc.spans["model"] = [Span(start=fee.start, end=fee.end - 1, label="METRIC", attrs={"type": "other"}),
                          Span(start=extra, end=extra + 3, label="METRIC")]
    Reconciler(layers=("model", "rule"))(doc)
    fees = [m for m in doc.metrics if m["value"] == 3940]
    assert [(m["type"], m["unit"], m["span"]) for m in fees] == [("info_fees", "元", [fee.start, fee.end])]
    assert sum(m["value"] == 95 for m in doc.metrics) == 1
