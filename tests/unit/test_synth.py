"""Synthetic report generator: determinism, arithmetic, layouts, span exactness, loadability."""

from __future__ import annotations

import json
import re

import pytest

from gdr_nlp.ingest import load
from gdr_nlp.reconcile import schema
from gdr_nlp.synth import LAYOUTS, generate, write_dataset
from gdr_nlp.synth.narrative import pattern_count, zh_numeral
from gdr_nlp.synth.tables import violations


@pytest.fixture(scope="module")
def docs():
    return generate(40, seed=1)


def test_deterministic_and_seed_sensitive(docs):
    again = generate(40, seed=1)
    assert [d.raw for d in docs] == [d.raw for d in again]
    assert [json.dumps(d.gold(), sort_keys=True) for d in docs] == [json.dumps(d.gold(), sort_keys=True) for d in again]
    other = generate(40, seed=2)
    assert [d.raw for d in docs] != [d.raw for d in other]
    # doc i does not depend on n
    assert generate(5, seed=1)[3].raw == docs[3].raw


def test_every_layout_family_appears(docs):
    assert {d.layout for d in docs} == set(LAYOUTS)
    assert len(LAYOUTS) >= 12


def test_tables_satisfy_arithmetic_except_labelled_errors(docs):
    for d in docs:
        gold = d.gold()
        bad = violations(gold["tables"], d.version, d.variants)
        if gold["source_errors"]:
            assert bad, d.id  # the injected wrong total must break a rule
            err = gold["source_errors"][0]
            t, r, c = err["cell"].split(".")
            assert gold["tables"][t][r][c]["value"] == err["printed"] != err["expected"]
        else:
            assert bad == [], (d.id, bad)


def test_injected_error_rate():
    many = generate(200, seed=3, error_rate=0.2)
    n = sum(1 for d in many if d.gold()["source_errors"])
    assert 20 <= n <= 60
    assert all(len(d.gold()["source_errors"]) <= 1 for d in many)


def test_version_and_variants(docs):
    many = generate(300, seed=5)
    for d in many:
        assert d.version == ("2019" if d.year <= 2020 else "2021")
        app = d.gold()["tables"]["applications"]
        if "applications_single_other_row" in d.variants:
            assert d.version == "2021" and "other_handling" in app and "other_reasons" not in app
        if "applications_legal_person_subtotal" in d.variants:
            row = app["new_received"]
            assert "legal_person_subtotal" in row
    assert any("applications_single_other_row" in d.variants for d in many)
    assert any("applications_legal_person_subtotal" in d.variants for d in many)


def test_pattern_count_and_numerals():
    assert pattern_count() >= 300
    assert zh_numeral(1200) == "一千二百"
    assert zh_numeral(15) == "十五"
    assert zh_numeral(103) == "一百零三"


_UNITS = ("人次", "万元", "条", "件", "个", "次", "期", "场", "篇", "名", "人", "元", "%", "项", "起", "封", "份")


def _surface_value(s: str) -> float:
    s = s.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    for u in _UNITS:
        if s.endswith(u):
            s = s[: -len(u)]
            break
    s = s.rstrip("余多")
    mult = 1
    if s.endswith("万"):
        mult, s = 10000, s[:-1]
    if re.fullmatch(r"[\d.]+", s):
        return float(s) * mult
    if s == "两":
        return 2
    digits = "零一二三四五六七八九"
    total, cur = 0, 0
    for ch in s:
        if ch in digits:
            cur = digits.index(ch)
        else:
            base = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (cur or 1) * base
            cur = 0
    return (total + cur) * mult


def test_spans_match_text(docs):
    text_docs = [d for d in docs if d.has_spans]
    assert text_docs
    n_metrics = 0
    for d in text_docs:
        text, spans = d.text_and_spans()
        metrics = [s for s in spans if s["label"] == "METRIC"]
        subjects = [s for s in spans if s["label"] == "METRIC_SUBJECT"]
        assert len(metrics) == len(d.metrics) == len(subjects)
        for s, m in zip(metrics, d.metrics):
            surf = text[s["start"]:s["end"]]
            assert surf.strip() == surf and surf
            assert s["attrs"]["value"] == m["value"]
            assert abs(_surface_value(surf) - m["value"]) < 1e-6, (d.id, surf, m)
            if m["unit"]:
                assert surf.endswith(m["unit"])
            n_metrics += 1
        for s in spans:
            assert text[s["start"]:s["end"]], (d.id, s)
            if s["label"] == "SECTION_HEADING":
                assert s["attrs"]["key"] in schema.SECTION_KEYS
            if s["label"] == "CELL" and s["attrs"]["kind"] == "number":
                assert re.fullmatch(r"[+\-]?[\d ]+(\.\d+)?(万元|元)?", text[s["start"]:s["end"]]), text[s["start"]:s["end"]]
    assert n_metrics > 50


def test_binary_files_load(tmp_path):
    docs = [d for d in generate(13, seed=1) if d.layout in ("html", "docx", "pdf")]
    assert len(docs) == 3
    out = write_dataset(docs, tmp_path / "ds")
    for d in docs:
        doc = load(out / "files" / f"{d.id}.{d.ext}")
        assert "收到和处理政府信息公开申请情况" in doc.text
        assert d.agency[:4] in doc.text.replace("\n", "")


def test_write_dataset(tmp_path):
    import datasets

    docs = generate(26, seed=1)
    out = write_dataset(docs, tmp_path / "ds")
    lines = [json.loads(x) for x in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 26
    splits = json.loads((out / "splits.json").read_text(encoding="utf-8"))
    held = {f for fams in splits["held_out_layouts"].values() for f in fams}
    assert all(m["split"] != "train" for m in lines if m["layout"] in held)
    gold = json.loads((out / "gold" / f"{docs[0].id}.json").read_text(encoding="utf-8"))
    assert set(gold) == {"report", "tables", "metrics", "source_errors"}
    dd = datasets.load_from_disk(str(out / "hf"))
    assert set(dd) == {"train", "dev", "test"}
    n = sum(len(dd[s]) for s in dd)
    assert n == sum(1 for m in lines if m["has_spans"])
    row = dd["test"][0] if len(dd["test"]) else dd["train"][0]
    for s in row["spans"]:
        assert row["text"][s["start"]:s["end"]]
        json.loads(s["attrs"])


def test_stress_families_only_on_request(docs, tmp_path):
    import datasets

    from gdr_nlp.synth import STRESS

    assert not {d.layout for d in docs} & set(STRESS)  # never in the default (training) draw
    stress = generate(6, seed=3, layouts=STRESS)
    assert {d.layout for d in stress} == set(STRESS) and {d.split for d in stress} == {"stress"}
    by_layout = {d.layout: d.raw for d in stress}
    assert "续表" in by_layout["page_breaks"] or re.search(r"^- \d -$", by_layout["page_breaks"], re.MULTILINE)
    assert "三、收到和处理政府信息公开申请情况" not in by_layout["no_table_headings"]
    assert "\u3000\u3000" in by_layout["fullwidth_indent"] and "\t" not in by_layout["fullwidth_indent"]
    for d in stress:
        text, spans = d.text_and_spans()
        assert all(text[s["start"]:s["end"]].strip() for s in spans if s["label"] != "CELL")
    dd = datasets.load_from_disk(str(write_dataset(stress, tmp_path / "ds") / "hf"))
    assert set(dd) == {"stress"} and len(dd["stress"]) == 6
    with pytest.raises(ValueError, match="unknown layout"):
        generate(1, seed=3, layouts=("nope",))


def test_markup_augmentation_labels_only_the_cells(docs):
    """The train-only markup dialects: every printed table value is a CELL span, in table order, while the
    dialect's own numbers (directives, row marks, heading levels) stay outside every span."""
    from gdr_nlp.synth import AUGMENT

    assert not {d.layout for d in docs} & set(AUGMENT)  # never in the default draw
    aug = generate(24, seed=11, layouts=AUGMENT)
    assert {d.split for d in aug} == {"train"}
    markup_numbers = 0
    for d in aug:
        text, spans = d.text_and_spans()
        cells = [text[s["start"]:s["end"]] for s in spans if s["label"] == "CELL"]
        printed = [d.tables.printed[k] for k, g in d.tables.gold.items() if g["kind"] != "empty"]
        assert sorted(c.replace(" ", "") for c in cells) == sorted(p.replace(" ", "") for p in printed), d.id
        covered = [False] * len(text)
        for s in spans:
            covered[s["start"]:s["end"]] = [True] * (s["end"] - s["start"])
        markup_numbers += sum(1 for m in re.finditer(r"\d+", text) if not any(covered[m.start():m.end()]))
    assert markup_numbers > 24  # numbers in the markup itself, unlabelled
    first, again = generate(3, seed=11, layouts=AUGMENT), generate(3, seed=11, layouts=AUGMENT)
    assert [d.raw for d in first] == [d.raw for d in again]
