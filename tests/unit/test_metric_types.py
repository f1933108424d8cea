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
