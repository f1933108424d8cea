"""Gold annotation format: the seed gold, the validator's rules, the Label Studio round trip."""

from __future__ import annotations

import copy
import io
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gdr_nlp.annotations import (
    dumps_doc,
    export_label_studio,
    import_label_studio,
    load_docs,
    normalized_text,
    parse_cell,
    validate,
)
from gdr_nlp.annotations.commands import main, validate_command
from gdr_nlp.annotations.io import load_labels
from gdr_nlp.errors import AnnotationError
from gdr_nlp.reconcile.schema import APPLICANT_PARTS

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "annotations" / "seeds.jsonl"
FIXTURES = REPO / "tests" / "fixtures"
CONTRACT = REPO.parent / "shared" / "CONTRACT.md"


@pytest.fixture(scope="module")
def docs() -> dict[str, dict[str, Any]]:
    return {d["id"]: d for d in load_docs(SEEDS)}


def _cell(doc: dict[str, Any], table: str, row: str, col: str) -> dict[str, Any]:
    return doc["gold"]["tables"][table][row][col]


# ---- the seed gold -----------------------------------------------------------------------


def test_seeds_are_valid() -> None:
    assert validate(SEEDS) == []


def test_seeds_file_is_canonical() -> None:
    lines = SEEDS.read_text(encoding="utf-8").splitlines()
    assert [dumps_doc(json.loads(line)) for line in lines] == lines


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_seed_text_is_the_normalized_source(fixture: str, docs: dict[str, dict[str, Any]]) -> None:
    doc = docs[Path(fixture).stem]
    assert doc["source"] == fixture
    assert doc["text"] == normalized_text(FIXTURES / fixture)
    assert "[bookmark:" not in doc["text"] and "\r" not in doc["text"]


def test_seed_values_read_by_hand(docs: dict[str, dict[str, Any]]) -> None:
    fuling, huancui, qugou = docs["000_78cf330bb6c558ff"], docs["002_8da0703449234f71"], docs["004_e13168e6f2a5bcda"]
    assert _cell(fuling, "proactive", "normative_documents", "total_published")["value"] == 95
    assert _cell(fuling, "proactive", "procurement", "amount") | {"span": None} == {
        "value": 91.82, "kind": "number", "unit": "万元", "span": None}
    assert [c["value"] for c in fuling["gold"]["tables"]["review_litigation"]["review"].values()] == [0, 1, 0, 0, 1]
    assert _cell(fuling, "applications", "new_received", "natural_person")["value"] == 8
    assert _cell(huancui, "applications", "granted", "natural_person") == {
        "value": None, "kind": "empty", "span": _cell(huancui, "applications", "granted", "natural_person")["span"]}
    assert _cell(huancui, "applications", "carried_forward", "total")["kind"] == "empty"
    assert _cell(huancui, "applications", "total_processed", "total")["value"] == 0
    assert {c["value"] for t in qugou["gold"]["tables"].values() for r in t.values() for c in r.values()} == {0}
    assert [d["gold"]["report"]["agency"] for d in (fuling, huancui, qugou)] == [
        "重庆市涪陵区人民政府机关", "环翠区信访局", "相山区渠沟镇政府"]
    assert all(d["gold"]["report"]["format_version"] == "2019" and d["gold"]["report"]["year"] == 2020
               for d in (fuling, huancui, qugou))


@pytest.mark.parametrize("doc_id", ["000_78cf330bb6c558ff", "002_8da0703449234f71", "004_e13168e6f2a5bcda"])
def test_seed_tables_have_every_source_cell(doc_id: str, docs: dict[str, dict[str, Any]]) -> None:
    tables = docs[doc_id]["gold"]["tables"]
    # 表二 2019: six 3-column rows, fees 2, procurement 2; 表三: 23 rows x 7; 表四: 3 x 5
    assert sum(len(r) for r in tables["proactive"].values()) == 22
    assert [len(r) for r in tables["applications"].values()] == [7] * 23
    assert [len(r) for r in tables["review_litigation"].values()] == [5] * 3
    assert sum(s["label"] == "CELL" for s in docs[doc_id]["spans"]) == 22 + 161 + 15


@pytest.mark.parametrize("doc_id", ["000_78cf330bb6c558ff", "002_8da0703449234f71", "004_e13168e6f2a5bcda"])
def test_seed_tables_consistent_with_their_spans_and_arithmetic(doc_id: str, docs: dict[str, dict[str, Any]]) -> None:
    doc = docs[doc_id]
    text = doc["text"]
    for table in doc["gold"]["tables"].values():
        for row in table.values():
            for col, cell in row.items():
                value, kind, _ = parse_cell(text[cell["span"][0] : cell["span"][1]], unit="万元" if col == "amount" else None)
                assert (value, kind) == (cell["value"], cell["kind"])
    apps = doc["gold"]["tables"]["applications"]
    for row in apps.values():  # each row's total = its six applicant columns, where all are numbers
        parts = [row[c]["value"] for c in APPLICANT_PARTS]
        if None not in parts:
            assert sum(parts) == row["total"]["value"]
    for col in apps["new_received"]:
        vals = [apps[r][col]["value"] for r in ("new_received", "carried_over", "total_processed", "carried_forward")]
        if None not in vals:
            assert vals[0] + vals[1] == vals[2] + vals[3]


def test_seed_metrics(docs: dict[str, dict[str, Any]]) -> None:
    fuling = docs["000_78cf330bb6c558ff"]
    got = [(m["type"], m["value"], m["unit"]) for m in fuling["gold"]["metrics"]]
    assert ("proactive_items", 124, "条") in got
    assert ("applications_received", 8, "件") in got
    assert ("reply_rate", 100, "%") in got
    assert ("admin_reviews", 1, "件") in got
    assert ("new_media_accounts", 44, "个") in got
    assert ("tasks", 23, "项") in got
    assert sum(t == "proactive_category_items" for t, _, _ in got) == 6
    assert [(m["type"], m["value"]) for m in docs["004_e13168e6f2a5bcda"]["gold"]["metrics"]] == [
        ("proactive_items", 1176), ("staff", 1), ("training_sessions", 4)]
    first = docs["002_8da0703449234f71"]["gold"]["metrics"][0]
    assert (first["type"], first["value"]) == ("proactive_items", 95)


@pytest.mark.parametrize("distractor", ["〔2020〕52号", "7×24小时", "三审三校", "六个部分", "0561-3238810", "2020年1月1日",
                                        "一是", "六稳六保", "三方面", "两个阶段", "三级严控"])
def test_seed_distractors_are_not_metrics(distractor: str, docs: dict[str, dict[str, Any]]) -> None:
    hits = 0
    for doc in docs.values():
        for m in re.finditer(re.escape(distractor), doc["text"]):
            hits += 1
            for s in doc["spans"]:
                assert not (s["label"] == "METRIC" and s["start"] < m.end() and m.start() < s["end"])
    assert hits


def test_labels_metric_types_match_contract() -> None:
    if not CONTRACT.is_file():
        pytest.skip("../shared/CONTRACT.md absent")
    contract = CONTRACT.read_text(encoding="utf-8")
    table = contract[contract.index("| type | what it counts |") :]
    types = re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE)
    assert load_labels()["metric_types"] == types + ["other"]


# ---- validator rules ---------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _span(doc: dict[str, Any], label: str, n: int = 0) -> dict[str, Any]:
    return [s for s in doc["spans"] if s["label"] == label][n]


def _set(obj: dict[str, Any], key: str, value: Any) -> None:
    obj[key] = value


BAD: dict[str, tuple[Mutation, str]] = {
    "out_of_range": (lambda d: _set(d["spans"][-1], "end", len(d["text"]) + 5), "out of range"),
    "overlap": (lambda d: d["spans"].append({"start": 1, "end": 5, "label": "METRIC_SUBJECT"}), "overlaps"),
    "unknown_label": (lambda d: _set(_span(d, "TITLE"), "label", "HEADLINE"), "unknown label 'HEADLINE'"),
    "unknown_attr": (lambda d: _set(_span(d, "TITLE"), "attrs", {"lang": "zh"}), "unknown attribute 'lang'"),
    "missing_attr": (lambda d: _set(_span(d, "CELL"), "attrs", {}), "missing required attribute 'kind'"),
    "bad_attr_value": (lambda d: _set(_span(d, "SECTION_HEADING"), "attrs", {"key": "summary"}), "attrs.key 'summary'"),
    "bad_row_key": (lambda d: _set(_span(d, "ROW_LABEL"), "attrs", {"row": "rules"}), "attrs.row 'rules'"),
    "bad_metric_type": (lambda d: _span(d, "METRIC")["attrs"].update(type="items"), "attrs.type 'items'"),
    "zero_length": (lambda d: _set(_span(d, "TITLE"), "end", _span(d, "TITLE")["start"]), "zero-length"),
    "whitespace_edge": (lambda d: _set(_span(d, "TITLE"), "end", _span(d, "TITLE")["end"] + 1), "whitespace"),
    "cell_kind_vs_text": (lambda d: _span(d, "CELL")["attrs"].update(kind="empty"), "kind empty over non-blank"),
    "gold_value": (lambda d: d["gold"]["tables"]["proactive"]["normative_documents"]["total_published"].update(value=59),
                   "gold says number 59"),
    "gold_kind": (lambda d: d["gold"]["tables"]["proactive"]["regulations"]["new_made"].update(kind="na", value=None),
                  "reads as number 0"),
    "gold_row": (lambda d: _set(d["gold"]["tables"]["proactive"], "licences", {}), "not a row of proactive"),
    "gold_column": (lambda d: _set(d["gold"]["tables"]["proactive"]["fees"], "decisions",
                                   dict(d["gold"]["tables"]["proactive"]["fees"]["change"])), "not a column of proactive.fees"),
    "gold_2021_column": (lambda d: d["gold"]["tables"]["proactive"]["regulations"].update(
        issued=d["gold"]["tables"]["proactive"]["regulations"].pop("new_made")), "not a column"),
    "gold_table": (lambda d: _set(d["gold"]["tables"], "fees_table", {}), "not a table of format 2019"),
    "gold_cell_span": (lambda d: _set(d["gold"]["tables"]["proactive"]["regulations"]["new_made"], "span", [0, 1]),
                       "no CELL span"),
    "orphan_cell_span": (lambda d: d["gold"]["tables"]["proactive"]["regulations"].pop("new_made"), "not used by any"),
    "variant": (lambda d: _set(d["gold"]["report"], "variants", ["odd_layout"]), "unknown variant"),
    "format_version": (lambda d: _set(d["gold"]["report"], "format_version", "2020"), "format_version"),
    "metric_type": (lambda d: d["gold"]["metrics"][0].update(type="items"), "is not a metric type of CONTRACT.md"),
    "metric_vs_span": (lambda d: d["gold"]["metrics"][0].update(value=125), "differs from the METRIC span"),
    "metric_no_span": (lambda d: d["gold"]["metrics"][0].update(span=[0, 2]), "no METRIC span"),
    "metric_orphan_span": (lambda d: d["gold"]["metrics"].pop(0), "has no gold.metrics entry"),
    "metric_section": (lambda d: d["gold"]["metrics"][0].update(section="other"), "lies in section 'overview'"),
    "metric_subject": (lambda d: d["gold"]["metrics"][0].update(subject="政府信息"), "does not hold the subject"),
    "section_key": (lambda d: d["gold"]["sections"][0].update(key="summary"), "key 'summary'"),
    "gold_unknown_key": (lambda d: _set(d["gold"], "extras", {}), "unknown keys ['extras']"),
    "labels_version": (lambda d: _set(d, "labels_version", 2), "labels_version 2"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_validator_rejects(case: str, tmp_path: Path, docs: dict[str, dict[str, Any]]) -> None:
    mutate, expected = BAD[case]
    doc = copy.deepcopy(docs["000_78cf330bb6c558ff"])
    mutate(doc)
    path = tmp_path / "bad.jsonl"
    path.write_text(dumps_doc(docs["004_e13168e6f2a5bcda"]) + "\n" + json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
    problems = validate(path)
    assert problems, case
    assert all(p.startswith(f"{path}:2:") for p in problems), problems
    assert any(expected in p for p in problems), problems


def test_validator_file_level_problems(tmp_path: Path, docs: dict[str, dict[str, Any]]) -> None:
    line = dumps_doc(docs["004_e13168e6f2a5bcda"])
    path = tmp_path / "dup.jsonl"
    path.write_text(line + "\n{not json\n" + line + "\n", encoding="utf-8")
    problems = validate(path)
    assert any(p.startswith(f"{path}:2: not JSON") for p in problems)
    assert any(p.startswith(f"{path}:3: id ") and "already used on line 1" in p for p in problems)
    assert validate(tmp_path / "missing.jsonl") == [f"{tmp_path / 'missing.jsonl'}: file not found"]


def test_validator_on_folder_and_command(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(SEEDS.read_bytes())
    assert validate(tmp_path) == []
    out = io.StringIO()
    assert validate_command([tmp_path], out=out) == 0 and out.getvalue().strip() == "valid"
    (tmp_path / "b.jsonl").write_text("[]\n", encoding="utf-8")
    out = io.StringIO()
    assert validate_command([tmp_path], out=out) == 1 and "b.jsonl:1: not a JSON object" in out.getvalue()


# ---- Label Studio ------------------------------------------------------------------------


def test_label_studio_round_trip_is_byte_identical(tmp_path: Path) -> None:
    tasks, back = tmp_path / "tasks.json", tmp_path / "back.jsonl"
    assert export_label_studio(SEEDS, tasks) == 3
    assert import_label_studio(tasks, back) == 3
    assert back.read_bytes() == SEEDS.read_bytes()


def test_label_studio_task_shape_and_predictions(tmp_path: Path, docs: dict[str, dict[str, Any]]) -> None:
    def predict(text: str) -> list[dict[str, Any]]:
        i = text.find("124条")
        return [{"start": i, "end": i + 4, "label": "METRIC", "attrs": {"type": "proactive_items"}}] if i >= 0 else []

    tasks_path = tmp_path / "tasks.json"
    export_label_studio(SEEDS, tasks_path, predict=predict, model_version="test")
    task = json.loads(tasks_path.read_text(encoding="utf-8"))[0]
    assert task["data"]["text"] == docs["000_78cf330bb6c558ff"]["text"]
    assert json.loads(task["data"]["gold"]) == docs["000_78cf330bb6c558ff"]["gold"]
    region = task["annotations"][0]["result"][0]
    assert region["type"] == "labels" and region["value"]["labels"] == ["TITLE"]
    assert region["value"]["text"] == task["data"]["text"][region["value"]["start"] : region["value"]["end"]]
    pred = task["predictions"][0]
    assert pred["model_version"] == "test"
    assert [r["type"] for r in pred["result"]] == ["labels", "textarea"]
    assert pred["result"][0]["id"] == pred["result"][1]["id"]
    assert json.loads(pred["result"][1]["value"]["text"][0]) == {"type": "proactive_items"}


def test_label_studio_import_takes_latest_edit(tmp_path: Path) -> None:
    tasks_path, out = tmp_path / "tasks.json", tmp_path / "out.jsonl"
    export_label_studio(SEEDS, tasks_path)
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    edited = copy.deepcopy(tasks[0]["annotations"][0])
    edited["updated_at"] = "2026-01-02T00:00:00Z"
    edited["result"] = [r for r in edited["result"] if r["value"]["labels" if r["type"] == "labels" else "text"] != ["TITLE"]]
    cancelled = copy.deepcopy(edited) | {"was_cancelled": True, "updated_at": "2026-02-01T00:00:00Z", "result": []}
    tasks[0]["annotations"] = [tasks[0]["annotations"][0] | {"updated_at": "2026-01-01T00:00:00Z"}, edited, cancelled]
    tasks[1]["annotations"] = []  # not annotated yet: skipped
    tasks_path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    assert import_label_studio(tasks_path, out) == 2
    first = load_docs(out)[0]
    assert "TITLE" not in {s["label"] for s in first["spans"]}
    assert len(first["spans"]) == len(load_docs(SEEDS)[0]["spans"]) - 1


def test_label_studio_import_rejects_bad_attrs(tmp_path: Path) -> None:
    tasks_path = tmp_path / "tasks.json"
    export_label_studio(SEEDS, tasks_path)
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    next(r for r in tasks[0]["annotations"][0]["result"] if r["type"] == "textarea")["value"]["text"] = ["{kind: number"]
    tasks_path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"\[E030\].*attrs are not JSON"):
        import_label_studio(tasks_path, tmp_path / "out.jsonl")
    (tmp_path / "notls.json").write_text('{"x": 1}', encoding="utf-8")
    with pytest.raises(AnnotationError, match="Label Studio JSON export"):
        import_label_studio(tmp_path / "notls.json", tmp_path / "out.jsonl")


def test_export_of_a_report_file_starts_blank(tmp_path: Path) -> None:
    fixture = FIXTURES / "004_e13168e6f2a5bcda.txt"
    assert main(["export", str(fixture), "-o", str(tmp_path / "t.json")]) == 0
    task = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))[0]
    assert task["data"]["doc_id"] == "004_e13168e6f2a5bcda" and "annotations" not in task
    assert task["data"]["text"] == normalized_text(fixture)


def test_label_studio_config_names_every_label() -> None:
    config = (REPO / "annotations" / "label_studio_config.xml").read_text(encoding="utf-8")
    assert re.findall(r'<Label value="([A-Z_]+)"', config) == list(load_labels()["labels"])
    assert 'name="attrs"' in config and 'perRegion="true"' in config and 'name="label"' in config


def test_label_studio_offsets_count_utf16_units(tmp_path: Path) -> None:
    # Label Studio runs in JavaScript: a character outside the BMP (CJK Ext. B) is two units there.
    text = "𠀀镇主动公开信息12条。"
    doc = {"id": "x", "source": "x.txt", "text": text, "labels_version": 1,
           "spans": [{"start": 8, "end": 11, "label": "METRIC",
                      "attrs": {"type": "proactive_items", "value": 12, "unit": "条", "qualifier": None}}]}
    src, tasks, back = tmp_path / "x.jsonl", tmp_path / "t.json", tmp_path / "b.jsonl"
    src.write_text(dumps_doc(doc) + "\n", encoding="utf-8")
    export_label_studio(src, tasks)
    value = json.loads(tasks.read_text(encoding="utf-8"))[0]["annotations"][0]["result"][0]["value"]
    assert (value["start"], value["end"], value["text"]) == (9, 12, "12条")
    import_label_studio(tasks, back)
    assert back.read_bytes() == src.read_bytes()


def test_pipeline_predictor_proposes_spans(docs: dict[str, dict[str, Any]]) -> None:
    pytest.importorskip("gdr_nlp.pipeline")
    from gdr_nlp.annotations import pipeline_predictor

    doc = docs["000_78cf330bb6c558ff"]
    spans = pipeline_predictor(tagger="rules")(doc["text"])
    labels = set(load_labels()["labels"])
    assert spans and all(s["label"] in labels and 0 <= s["start"] <= s["end"] <= len(doc["text"]) for s in spans)
    i = doc["text"].index("124条")
    assert any(s["label"] == "METRIC" and s["start"] <= i < s["end"] for s in spans)


def test_import_command_reports_problems(tmp_path: Path, docs: dict[str, dict[str, Any]]) -> None:
    src, tasks = tmp_path / "x.jsonl", tmp_path / "t.json"
    bad = copy.deepcopy(docs["004_e13168e6f2a5bcda"])
    _span(bad, "CELL")["attrs"] = {"kind": "numeric"}
    src.write_text(json.dumps(bad, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["export", str(src), "-o", str(tasks)]) == 0
    assert main(["import", str(tasks), "-o", str(tmp_path / "back.jsonl")]) == 1
    assert main(["validate", str(SEEDS)]) == 0


def test_seeds_file_matches_its_transcription(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_seeds", REPO / "annotations" / "tools" / "build_seeds.py")
    assert spec is not None and spec.loader is not None
    build_seeds = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_seeds", build_seeds)  # dataclasses look their module up
    spec.loader.exec_module(build_seeds)
    lines = [dumps_doc(build_seeds.build(doc_id)) for doc_id in build_seeds.SEEDS]
    assert "".join(line + "\n" for line in lines) == SEEDS.read_text(encoding="utf-8")


@pytest.mark.parametrize("doc_id", ["000_78cf330bb6c558ff", "002_8da0703449234f71", "004_e13168e6f2a5bcda"])
def test_seed_table_region_fully_labelled(doc_id: str, docs: dict[str, dict[str, Any]]) -> None:
    doc = docs[doc_id]
    text = doc["text"]
    covered = [False] * len(text)
    for s in doc["spans"]:
        covered[s["start"] : s["end"]] = [True] * (s["end"] - s["start"])
    sections = {s["key"]: s for s in doc["gold"]["sections"]}
    region = range(sections["proactive"]["start"], sections["problems"]["start"])
    assert [text[i] for i in region if not covered[i] and not text[i].isspace()] == []
