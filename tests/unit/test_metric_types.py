"""The JSON linear typer: prediction from stored weights, and the trainer's export round trip."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from gdr_nlp.reconcile.metric_types import LinearTyper, MetricContext, classify, features, rule_type

REPO = Path(__file__).resolve().parents[2]


def ctx(subject: str, unit: str, sentence: str | None = None) -> MetricContext:
    sentence = sentence or subject + "3" + unit
    return MetricContext(
        sentence=sentence,
        left=subject,
        right="",
        clause_left=subject,
        clause_right="",
        subject=subject,
        unit=unit,
        value=3,
    )


def test_hand_built_model_predicts_by_weights() -> None:
    typer = LinearTyper(
        vocabulary={"u:场": 0, "u:人次": 1},
        coef=np.array([[2.0, 0.0], [0.0, 2.0]], dtype=np.float32),
        intercept=np.zeros(2, dtype=np.float32),
        classes=["press_conferences", "training_participants"],
    )
    assert typer.predict(["u:场", "unseen"])[0] == "press_conferences"
    label, prob = typer.predict(["u:人次"])
    assert label == "training_participants" and prob == pytest.approx(np.exp(2) / (1 + np.exp(2)), rel=1e-5)


def test_classify_falls_back_to_rules_without_model() -> None:
    c = ctx("召开新闻发布会", "场")
    assert classify(c, use_model=False) == ("press_conferences", "press_conferences")
    assert rule_type(c) == "press_conferences"


def test_features_carry_subject_ngrams_unit_and_rule() -> None:
    feats = features(ctx("政策解读", "篇"))
    assert {"s:政", "s:政策", "s:政策解", "u:篇", "t:policy_interpretations"} <= set(feats)


def test_trainer_export_round_trip(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    sys.path.insert(0, str(REPO / "training"))
    from train_metric_types import fit

    data = [
        ("召开新闻发布会", "场", "press_conferences"),
        ("举办新闻发布会", "场", "press_conferences"),
        ("培训干部", "人次", "training_participants"),
        ("参训人员", "人次", "training_participants"),
        ("开设专栏", "个", "columns"),
        ("新增专题栏目", "个", "columns"),
    ] * 3
    feats = [features(ctx(s, u)) for s, u, _ in data]
    labels = [t for _, _, t in data]
    model = fit(feats, labels, c=10.0, min_count=1)
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model, ensure_ascii=False), encoding="utf-8")
    typer = LinearTyper.from_json(path)
    assert [typer.predict(f)[0] for f in feats] == labels
    assert typer.predict(features(ctx("组织新闻发布会", "场")))[0] == "press_conferences"


def test_cv_context_features_never_read_the_rule_type() -> None:
    """training/typer_cv.py's 'no rule type' variants must not see the rule through any feature:
    a new rule-derived feature in ``features`` needs its prefix in RULE_PREFIXES, or this fails."""
    sys.path.insert(0, str(REPO / "training"))
    from typer_cv import context_features, lexicon_features

    from gdr_nlp.tag.narrative import find_metrics

    text = ("一、总体情况\n全年主动公开政府信息860条，其中政策文件22条、人事信息15条；通过门户网站发布工作动态150条，"
            "政务微信推送信息96条。收到政府信息公开申请12件，已全部答复。\n")
    found = find_metrics(text, use_model=False)
    assert len(found) >= 6
    for f in found:
        assert features(f.context, "other") != features(f.context, "website_posts")
        assert context_features(f.context, "other") == context_features(f.context, "website_posts")
        assert f"t:{f.rule_type}" in lexicon_features(f.context, f.rule_type)
        assert not any(x.startswith("t:") for x in lexicon_features(f.context))


def test_cv_tallies_overrules_against_the_rules() -> None:
    """cross_validate's counts add up: right = rules' right + overrules that fixed a wrong rule type
    - overrules of a right one; the rules themselves overrule nothing."""
    pytest.importorskip("sklearn")
    sys.path.insert(0, str(REPO / "training"))
    from train_metric_types import load_templates
    from typer_cv import THRESHOLDS, cross_validate, examples

    base = examples(load_templates(12, 3), skip_optional=False)
    held = examples(load_templates(8, 4), skip_optional=False)
    # a second fold whose gold disagrees with the rules on purpose, so overrules can be right
    flipped = [(c, r, "other" if i % 3 == 0 and r != "other" else g) for i, (c, r, g) in enumerate(held)]
    real = {0: held[: len(held) // 2], 1: flipped[len(held) // 2 :]}
    figures = cross_validate(base, real)
    rules = figures["rules"]
    gold = [g for ex in real.values() for _, _, g in ex]
    rule = [r for ex in real.values() for _, r, _ in ex]
    assert rules["right"] == sum(a == b for a, b in zip(rule, gold, strict=True)) < len(gold)
    assert rules["overrules"] == 0
    assert len(figures) == 1 + 4 * len(THRESHOLDS)
    for key, r in figures.items():
        assert r["right"] == rules["right"] + r["overrules right"] - r["overrules of a right rule"], key
        assert r["overrules right"] + r["overrules of a right rule"] <= r["overrules"]
