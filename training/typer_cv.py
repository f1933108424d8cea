"""Leave-one-fold-out choice of the learned metric typer (issue 12), measured per mention.

Every metric the rules find that matches a required gold mention gives one example: its
context (``MetricContext``), the rule type and the gold type. Sources: generated reports +
templates (always in training) and the five realprose CV folds; the test fold is never read.
For each CV fold, every learned variant is trained on the generated examples + the other
four folds and scored on the held fold, so **the learned parts are held out; the rules are
not** (they were written reading the CV folds' errors). That bias favours the rules in every
comparison below; the overrule columns say what the learned part does where it disagrees with
them on reports it was not trained on.

Variants (logistic regression, ``train_metric_types.fit``, sparse JSON like the shipped one):

* the shipped recipe: ``metric_types.features`` (character n-grams of subject, windows and
  clause, unit, list/其中 context, section, head and sentence types, plus the rule type);
* the same without anything read from the rule type of the number itself
  (``context_features``): the learned typing alone;
* compact: keyword-lexicon flags (the rules' own evidence: which lexicon fires in the clause
  before, the clause after, the sentence before and after the number; which channel the
  sentence named last) with the unit, section and list/head types, with and without the rule type.

Each is applied as the rules are overruled when its probability reaches a threshold. Figures:
type accuracy over the matched required mentions (detection is the same for every variant),
mean of the five folds and pooled; "overrules" counts the held-out mentions whose type the
model changed, "right" those of them it got right, "rule was right" those the rules had right.
The typing is per mention in the rules' context (a model's type does not flow on to the next
numbers as in ``find_metrics``); ``eval_metrics.py --realprose`` scores the choice through the tagger.

Usage::

    python training/typer_cv.py                        # about 2 minutes on 2 shared cores
    python training/typer_cv.py --cache /tmp/ex.pkl    # reuse the tagged examples between runs
"""

from __future__ import annotations

import argparse
import pickle
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "training"))

from realprose import N_FOLDS, TEST_FOLD, load_realprose
from train_metric_types import Doc, fit, found_to_metric, load_synth, load_templates

from gdr_nlp.reconcile import metric_types as mt
from gdr_nlp.reconcile.metric_types import LinearTyper, MetricContext, features
from gdr_nlp.reconcile.metrics import match_metrics
from gdr_nlp.tag.narrative import find_metrics

Example = tuple[MetricContext, str, str]  # context, rule type, gold type
Features = Callable[[MetricContext, str], list[str]]

# features of metric_types.features that are read from the rule type of the number itself
RULE_PREFIXES = ("t:", "t+u:", "bt+t:")


def context_features(ctx: MetricContext, rule: str) -> list[str]:
    """The shipped features less the rule type: what a model sees when it types on its own."""
    return [f for f in features(ctx, rule) if not f.startswith(RULE_PREFIXES)]


# the rules' keyword evidence, one flag per lexicon (reused from metric_types where it has one)
LEXICONS: dict[str, re.Pattern[str]] = {
    "appl": mt._APPL, "review": mt._REVIEW, "lawsuit": mt._LAWSUIT, "received": mt._RECEIVED,
    "answered": mt._ANSWERED, "rate": mt._RATE_WORDS, "web": mt.WEBSITE, "newmedia": mt.NEW_MEDIA,
    "outcome": mt._OUTCOME, "proactive": re.compile(r"主动(?:公开|发布)"), "govinfo": re.compile(r"政府信息|政务信息"),
    "publish": re.compile(r"公开|发布|更新|推送|刊发"), "interp": re.compile(r"解读|问答|图解"),
    "press": re.compile(r"发布会|吹风会|新闻发布"), "training": re.compile(r"培训|轮训|参训|讲座"),
    "mailbox": re.compile(r"信箱|热线|留言|来信|来电|诉求|工单|信件"), "views": re.compile(r"浏览|访问|点击|阅读|播放"),
    "fee": re.compile(r"费"), "category": re.compile(r"类信息|领域|文件|预决算|人事|动态|公告|通知"),
    "column": re.compile(r"专栏|专题|栏目"), "consult": re.compile(r"征集|征求|意见建议|调查"),
    "followers": re.compile(r"粉丝|关注|订阅|用户"), "list": re.compile(r"其中|包括|分别"),
    "carry": re.compile(r"结转|顺延"), "concern": re.compile(r"回应|关切|舆情|热点"),
    "staff": re.compile(r"专职|兼职|工作人员|人员"), "growth": re.compile(r"同比|环比|增长|上升|下降|增加|减少|占"),
}


def lexicon_features(ctx: MetricContext, rule: str | None = None) -> list[str]:
    """Compact features: lexicon flags per scope, the last channel named, unit, section, list/head types."""
    before = ctx.left[: len(ctx.left) - len(ctx.clause_left)]
    out = [f"x{scope}:{name}" for scope, text in (("c", ctx.clause_left), ("r", ctx.clause_right), ("L", before),
                                                   ("R", ctx.right))
           for name, rx in LEXICONS.items() if rx.search(text)]
    web, media = mt._last(mt.WEBSITE, ctx.left), mt._last(mt.NEW_MEDIA, ctx.left)
    out.append(f"ch:{'web' if web > media else 'newmedia' if media >= 0 else 'none'}")
    out += [f"u:{ctx.unit}", f"bt:{ctx.breakdown_total_type}", f"at:{ctx.after_total_type}", f"sec:{ctx.section}",
            f"b:{int(ctx.in_breakdown)}"]
    return out + ([f"t:{rule}"] if rule else [])


RECIPES: dict[str, tuple[Features, float]] = {  # features, inverse regularization C
    "shipped recipe (n-grams + context + rule type)": (features, 2.0),
    "n-grams + context, no rule type": (context_features, 2.0),
    "compact lexicon + context + rule type": (lexicon_features, 2.0),
    "compact lexicon + context, no rule type": (lambda ctx, rule: lexicon_features(ctx), 2.0),
}
THRESHOLDS = (0.0, 0.6, 0.8, 0.9)


def examples(docs: list[Doc], *, skip_optional: bool) -> list[Example]:
    """(context, rule type, gold type) of every rule-tagged metric matching a gold one."""
    out = []
    for _, text, gold in docs:
        found = find_metrics(text, use_model=False)
        for pi, gi in match_metrics([found_to_metric(f) for f in found], gold, text=text):
            if not (skip_optional and gold[gi].get("optional")):
                out.append((found[pi].context, found[pi].rule_type, gold[gi]["type"]))
    return out


def cross_validate(base: list[Example], real: dict[int, list[Example]], *, real_weight: float = 3.0,
                   synth_weight: float = 0.1) -> dict[str, dict[str, float]]:
    """Per variant: mean fold accuracy, pooled right, overrules, right overrules, overrules of right rules."""
    acc: dict[str, list[float]] = {}
    tally: dict[str, Counter[str]] = {}

    def score(key: str, typed: list[str], held: list[Example]) -> None:
        gold = [g for _, _, g in held]
        acc.setdefault(key, []).append(float(np.mean([t == g for t, g in zip(typed, gold, strict=True)])))
        c = tally.setdefault(key, Counter())
        for t, (_, rule, g) in zip(typed, held, strict=True):
            c["right"] += t == g
            c["overrules"] += t != rule
            c["overrules right"] += t != rule and t == g
            c["overrules of a right rule"] += t != rule and rule == g

    for k in sorted(real):
        held = real[k]
        score("rules", [r for _, r, _ in held], held)
        train = [e for j, ex in real.items() if j != k for e in ex]
        weights = [synth_weight] * len(base) + [real_weight] * len(train)
        for name, (feat, c) in RECIPES.items():
            model = LinearTyper.from_dict(fit([feat(x, r) for x, r, _ in base + train],
                                              [g for _, _, g in base + train], c=c, min_count=2, weights=weights))
            predictions = [model.predict(feat(x, r)) for x, r, _ in held]
            for t in THRESHOLDS:
                typed = [label if p >= t else r for (label, p), (_, r, _) in zip(predictions, held, strict=True)]
                score(f"{name}, overrules at p ≥ {t}", typed, held)
    return {key: {"mean": float(np.mean(vals)), **tally[key]} for key, vals in acc.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synth-n", type=int, default=600)
    parser.add_argument("--templates", type=int, default=300)
    parser.add_argument("--cache", type=Path, default=None, help="pickle of the tagged examples (reused when present)")
    args = parser.parse_args(argv)
    if args.cache and args.cache.is_file():
        base, real = pickle.loads(args.cache.read_bytes())
    else:
        cases = load_realprose()
        if not cases:
            print("realprose: ../shared/realprose not found, skipped")
            return 0
        base = examples(load_synth(args.synth_n, 1) + load_templates(args.templates, 1), skip_optional=False)
        real = {k: examples([d for f, d in cases if f == k], skip_optional=True) for k in range(N_FOLDS)}
        if args.cache:
            args.cache.write_bytes(pickle.dumps((base, real)))
    assert TEST_FOLD not in real
    total = sum(len(v) for v in real.values())
    print(f"{len(base)} generated examples; matched required real mentions per CV fold: "
          f"{[len(v) for v in real.values()]}")
    print(f"| typer | CV mean type accuracy | pooled right / {total} | overrules | right | rule was right |")
    print("|---|---|---|---|---|---|")
    for key, r in cross_validate(base, real).items():
        print(f"| {key} | {r['mean']:.3f} | {r['right']} | {r['overrules']} | {r['overrules right']} | "
              f"{r['overrules of a right rule']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
