"""Train the metric-type classifier and export it as JSON (no pickle).

Examples: every metric the narrative tagger finds (rules only) that matches a
gold metric (``evaluate_metrics``' matching rule) gives one example: the
tagger's features for it, labelled with the gold type. Sources: generated
reports (``gdr_nlp.synth.generate``) and, on request, the seed gold
(``annotations/seeds.jsonl``, field ``gold.metrics``) — left out by default so
the seed figures stay an honest held-out measure.

Usage::

    python training/train_metric_types.py --synth-n 600 --synth-seed 1
    python training/train_metric_types.py --with-seeds   # also learn from the seeds
    python training/train_metric_types.py --realprose    # the shipped model: + realprose CV folds
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "training"))

from gdr_nlp.reconcile.metric_types import MODEL_PATH, features
from gdr_nlp.reconcile.metrics import match_metrics
from gdr_nlp.tag.narrative import Found, find_metrics

logger = logging.getLogger("train_metric_types")
SEEDS_PATH = REPO / "annotations" / "seeds.jsonl"
PRUNE = 0.01


@dataclass
class TrainArguments:
    synth_n: int = field(default=600, metadata={"help": "generated reports to train on"})
    synth_seed: int = field(default=1, metadata={"help": "generator seed of the training reports"})
    with_seeds: bool = field(default=False, metadata={"help": "also train on annotations/seeds.jsonl"})
    realprose: bool = field(
        default=False, metadata={"help": "also train on ../shared/realprose's CV folds (never its test fold)"}
    )
    real_weight: float = field(default=3.0, metadata={"help": "sample weight of a realprose example"})
    synth_weight: float = field(default=0.1, metadata={"help": "sample weight of a generated/template example"})
    min_prob: float = field(
        default=0.9, metadata={"help": "probability the classifier needs to overrule the rules (chosen by CV, stored)"}
    )
    templates: int = field(default=300, metadata={"help": "template documents mixed in (0: none)"})
    c: float = field(default=2.0, metadata={"help": "inverse L2 regularization of the logistic regression"})
    min_count: int = field(default=2, metadata={"help": "drop features seen fewer times"})
    out: str = field(default=str(MODEL_PATH), metadata={"help": "where the JSON model goes"})


Doc = tuple[str, str, list[dict[str, Any]]]
"""(name, text, gold metrics) of one training or evaluation document."""


def _get(obj: Any, *names: str) -> Any:
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            return getattr(obj, name)
    return None


def gold_metrics_of(record: Any) -> list[dict[str, Any]]:
    """Gold metrics of a seed record or generated document, whatever its exact shape."""
    gold = _get(record, "gold", "truth", "expected")
    metrics = _get(gold, "metrics") if gold is not None else None
    if metrics is None:
        metrics = _get(record, "metrics") or []
    return [dict(m) if isinstance(m, dict) else m.__dict__ for m in metrics]


def text_of(record: Any) -> str:
    return _get(record, "text", "normalized_text") or ""


def load_seeds(path: Path = SEEDS_PATH) -> list[Doc]:
    """Seed documents with gold metrics (empty when the file is absent)."""
    if not path.is_file():
        return []
    docs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if line.strip():
            rec = json.loads(line)
            docs.append((str(rec.get("id") or rec.get("name") or n), text_of(rec), gold_metrics_of(rec)))
    return docs


def synth_docs(n: int, seed: int, *, splits: tuple[str, ...] = ("train",), binary: bool = False) -> list[Doc]:
    """Generated reports of the given splits (empty when gdr_nlp.synth is not available).

    Text-family documents give gold metrics with spans (their METRIC spans mapped into
    the normalized text, sections from the document's gold metrics). With ``binary``,
    HTML/DOCX/PDF documents are written to a temporary folder and read back through
    ``gdr_nlp.ingest.load``; their gold has no spans (matching by value, unit, section).
    """
    try:
        from gdr_nlp.synth import generate
    except ImportError:
        logger.warning("gdr_nlp.synth is not available: no generated reports")
        return []
    out: list[Doc] = []
    for d in generate(n, seed=seed):
        if d.split not in splits:
            continue
        if d.has_spans:
            text, spans = d.text_and_spans()
            metric_spans = [sp for sp in spans if sp["label"] == "METRIC"]
            # METRIC spans come in the order of the document's gold metrics (section, subject)
            extra = [{k: m.get(k) for k in ("section", "subject")} for m in d.metrics]
            gold = [
                {**sp["attrs"], "span": [sp["start"], sp["end"]], **(extra[i] if i < len(extra) else {})}
                for i, sp in enumerate(metric_spans)
            ]
            out.append((d.id, text, gold))
        elif binary:
            out.append((d.id, _binary_text(d), [dict(m) for m in d.metrics]))
    return out


def _binary_text(d: Any) -> str:
    import random
    import tempfile

    from gdr_nlp.ingest import load
    from gdr_nlp.synth import binary as synth_binary

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{d.id}.{d.ext}"
        writer = {"html": synth_binary.write_html, "docx": synth_binary.write_docx, "pdf": synth_binary.write_pdf}[
            d.layout
        ]
        if d.layout == "html":
            writer(path, d.blocks, d.tables, random.Random(f"render:{d.id}"))
        elif d.layout == "docx":
            writer(path, d.blocks, d.tables)
        else:
            writer(path, d.blocks, d.tables, d.agency, d.year)
        return load(path).text


def load_synth(n: int, seed: int, **kwargs: Any) -> list[Doc]:
    """Training documents: the ``train`` split of ``n`` generated reports."""
    return synth_docs(n, seed, **kwargs)


# ----------------------------------------------------------------------------------------------
# template sentences: a small labelled source of our own, used when gdr_nlp.synth is absent
# (and always mixed in with --templates). Each entry: type -> (text before the number, units, text after).

TEMPLATES: dict[str, list[tuple[str, tuple[str, ...], str]]] = {
    "proactive_items": [
        ("主动公开政府信息", ("条",), ""),
        ("通过门户网站公开各类信息", ("条",), ""),
        ("累计主动公开", ("条", "件"), "政府信息"),
        ("在政府网站平台主动发布各类政府信息", ("条",), ""),
    ],
    "policy_interpretations": [
        ("发布政策解读", ("篇", "条", "个"), ""),
        ("制作图解、视频等解读材料", ("个", "篇"), ""),
        ("开展政策解读", ("次", "篇"), ""),
        ("发布政策问答", ("条",), ""),
    ],
    "press_conferences": [
        ("召开新闻发布会", ("场", "次"), ""),
        ("举办政策吹风会", ("场", "次"), ""),
        ("组织新闻发布活动", ("场",), ""),
    ],
    "opinion_responses": [
        ("回应社会关切", ("件", "条", "次"), ""),
        ("妥善回应网络舆情", ("起", "件"), ""),
        ("及时回应群众关注热点", ("个", "条"), ""),
    ],
    "opinion_bulletins": [("编发舆情快报", ("期",), ""), ("报送舆情专报", ("期", "份"), "")],
    "new_media_accounts": [
        ("开通政务新媒体", ("个",), ""),
        ("全区共有政务新媒体账号", ("个",), ""),
        ("运维政务微信公众号", ("个",), ""),
    ],
    "new_media_posts": [
        ("通过政务微信公众号发布信息", ("条", "篇"), ""),
        ("政务微博发布", ("条",), "信息"),
        ("抖音号推送短视频", ("条",), ""),
    ],
    "training_sessions": [
        ("组织政务公开培训", ("次", "期", "场"), ""),
        ("举办业务培训班", ("期", "次"), ""),
        ("开展政府信息公开专题培训", ("场", "次"), ""),
    ],
    "training_participants": [
        ("培训工作人员", ("人次", "人", "名"), ""),
        ("参训人员达", ("人次", "人"), ""),
        ("培训各级干部", ("人次",), ""),
    ],
    "applications_received": [
        ("共受理政府信息公开申请", ("件",), ""),
        ("收到政府信息公开申请", ("件", "个"), ""),
        ("新收政府信息公开申请", ("件",), ""),
        ("上年结转申请", ("件",), ""),
        ("其中自然人申请", ("件",), ""),
    ],
    "applications_answered": [
        ("已答复", ("件",), ""),
        ("办结政府信息公开申请", ("件",), ""),
        ("予以公开", ("件",), ""),
        ("不予公开", ("件",), ""),
        ("无法提供", ("件",), ""),
        ("部分公开", ("件",), ""),
    ],
    "reply_rate": [("答复及时率为", ("%",), ""), ("依申请公开按时办结率达", ("%",), ""), ("申请答复率", ("%",), "")],
    "admin_reviews": [
        ("引起行政复议", ("件", "起"), ""),
        ("被申请行政复议", ("件",), ""),
        ("政府信息公开行政复议案件", ("件",), ""),
    ],
    "lawsuits": [
        ("被提起行政诉讼", ("件", "起"), ""),
        ("政府信息公开行政诉讼", ("件",), ""),
        ("行政应诉案件", ("件",), ""),
    ],
    "mailbox_messages": [
        ("区长信箱收到来信", ("件", "封"), ""),
        ("受理热线诉求", ("件", "条"), ""),
        ("办理网民留言", ("条", "件"), ""),
    ],
    "gazette_issues": [("编印《政府公报》", ("期",), ""), ("出版政府公报", ("期",), "")],
    "opinion_solicitations": [
        ("开展意见征集", ("次", "期"), ""),
        ("公开征求意见", ("次", "件"), ""),
        ("开展网上调查", ("次", "项"), ""),
    ],
    "info_fees": [("收取信息处理费", ("元", "万元"), ""), ("收取政府信息公开信息处理费", ("元",), "")],
    "website_posts": [("网站更新信息", ("条",), ""), ("在门户网站发布动态信息", ("条", "篇"), "")],
    "page_views": [("网站总访问量", ("次", "人次"), ""), ("页面浏览量达", ("次",), ""), ("阅读量", ("次",), "")],
    "interactions": [("开展在线访谈", ("期", "次"), ""), ("在线交流", ("次",), ""), ("回复网民评论", ("条",), "")],
    "staff": [("配备专职工作人员", ("名", "人"), ""), ("指定兼职人员", ("名",), "")],
    "columns": [("开设专题专栏", ("个",), ""), ("新增栏目", ("个",), ""), ("开设", ("个",), "专题")],
    "tasks": [("完成年度重点任务", ("项",), ""), ("落实工作要点", ("项",), ""), ("完成", ("项",), "工作")],
    "other": [
        ("办理人大代表建议", ("件",), ""),
        ("开展专项检查", ("次",), ""),
        ("检查合格率为", ("%",), ""),
        ("涉及", ("个",), "领域"),
        ("组织", ("个",), "部门参加"),
        ("公开政府常务会议", ("期",), ""),
        ("顺延到下年度", ("件",), "答复"),
        ("同比增长", ("%",), ""),
        ("关停整合", ("个",), ""),
        ("收集意见建议", ("条",), ""),
        ("采纳意见建议", ("条",), ""),
    ],
}
_LEADS = ("", "2020年，", "全年", "本年度", "我局", "区政府办", "今年以来，", "截至年底，")


def _template_sentence(rng: Any, mtype: str) -> tuple[str, list[tuple[int, int, str, float, str]]]:
    before, units, after = TEMPLATES[mtype][rng.integers(len(TEMPLATES[mtype]))]
    unit = units[rng.integers(len(units))]
    value = int(rng.integers(1, 100)) if unit == "%" else int(rng.integers(1, 3000))
    lead = _LEADS[rng.integers(len(_LEADS))]
    text = f"{lead}{before}{value}{unit}{after}"
    start = len(lead) + len(before)
    return text, [(start, start + len(str(value)) + len(unit), mtype, value, unit)]


def load_templates(n: int, seed: int) -> list[Doc]:
    """``n`` small documents of template sentences (3–6 per paragraph), with gold spans."""
    rng = np.random.default_rng(seed)
    types = sorted(TEMPLATES)
    docs: list[Doc] = []
    for i in range(n):
        text, gold = "一、总体情况\n", []
        for _ in range(int(rng.integers(3, 7))):
            mtype = types[rng.integers(len(types))]
            sent, metrics = _template_sentence(rng, mtype)
            if mtype == "proactive_items" and rng.random() < 0.5:
                parts = ["规范性文件", "工作动态", "通知公告", "人事信息", "财政信息"]
                sent += "，其中" + "、".join(f"{p}{k + 1}条" for k, p in enumerate(parts[: int(rng.integers(2, 5))]))
                pos = len(sent)
                for k, p in reversed(list(enumerate(parts))):
                    mark = f"{p}{k + 1}条"
                    at = sent.rfind(mark, 0, pos)
                    if at >= 0:
                        s0 = at + len(p)
                        metrics.append((s0, s0 + len(str(k + 1)) + 1, "proactive_category_items", k + 1, "条"))
                        pos = at
            base = len(text)
            text += sent + "。"
            for a, b, t, v, u in metrics:
                gold.append(
                    {
                        "type": t,
                        "value": v,
                        "unit": u,
                        "qualifier": None,
                        "section": "overview",
                        "span": [base + a, base + b],
                    }
                )
        text += "\n"
        docs.append((f"tpl-{seed}-{i}", text, gold))
    return docs


def found_to_metric(f: Found) -> dict[str, Any]:
    q = f.quantity
    return {
        "type": f.type,
        "value": q.value,
        "unit": q.unit,
        "qualifier": q.qualifier,
        "section": f.context.section,
        "span": [q.num_start, q.end],
        "subject": f.context.subject,
    }


def build_examples(docs: list[Doc], *, skip_optional: bool = False) -> tuple[list[list[str]], list[str]]:
    """Features and gold types of every tagged metric that matches a gold metric (optional ones skipped on request)."""
    feats: list[list[str]] = []
    labels: list[str] = []
    for _, text, gold in docs:
        found = find_metrics(text, use_model=False)
        preds = [found_to_metric(f) for f in found]
        for pi, gi in match_metrics(preds, gold, text=text):
            if skip_optional and gold[gi].get("optional"):
                continue
            feats.append(features(found[pi].context, found[pi].rule_type))
            labels.append(gold[gi]["type"])
    return feats, labels


def fit(
    feats: list[list[str]], labels: list[str], *, c: float, min_count: int, weights: list[float] | None = None
) -> dict[str, Any]:
    """Logistic regression over binary features (optionally weighted examples); returns the JSON-ready model."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for fs in feats for f in set(fs))
    vocab = {f: i for i, f in enumerate(sorted(f for f, k in counts.items() if k >= min_count))}
    rows, cols = [], []
    for r, fs in enumerate(feats):
        for j in sorted({vocab[f] for f in fs if f in vocab}):
            rows.append(r)
            cols.append(j)
    x = csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(feats), len(vocab)))
    clf = LogisticRegression(C=c, max_iter=2000)
    clf.fit(x, labels, sample_weight=None if weights is None else np.asarray(weights))
    coef, intercept = clf.coef_, clf.intercept_
    classes = [str(k) for k in clf.classes_]
    if len(classes) == 2:  # binary: one row for classes[1]; store both rows so prediction is uniform
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    # sparse export: weights below PRUNE change no prediction that matters and would triple the file
    coef = np.where(np.abs(coef) >= PRUNE, coef, 0.0)
    keep = np.abs(coef).max(axis=0) > 0
    position = np.cumsum(keep) - 1
    new_index = {f: int(position[i]) for f, i in vocab.items() if keep[i]}
    kept = coef[:, keep]
    rows, cols = np.nonzero(kept)
    return {
        "format": "gdr-metric-typer/1",
        "classes": classes,
        "vocabulary": new_index,
        "coef_sparse": [[int(r), int(c), round(float(kept[r, c]), 4)] for r, c in zip(rows, cols, strict=True)],
        "intercept": np.round(intercept, 4).tolist(),
        "n_examples": len(labels),
        "label_counts": dict(Counter(labels)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name, f in TrainArguments.__dataclass_fields__.items():
        flag = "--" + name.replace("_", "-")
        if f.type in ("bool", bool):
            parser.add_argument(flag, action="store_true", help=f.metadata["help"])
        else:
            parser.add_argument(flag, type=type(f.default), default=f.default, help=f.metadata["help"])
    args = TrainArguments(**vars(parser.parse_args(argv)))
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    docs = load_synth(args.synth_n, args.synth_seed) + load_templates(args.templates, args.synth_seed)
    if args.with_seeds:
        docs += load_seeds()
    feats, labels = build_examples(docs)
    weights = [args.synth_weight] * len(labels)
    if args.realprose:
        from realprose import TEST_FOLD, load_realprose

        real = [doc for fold, doc in load_realprose() if fold != TEST_FOLD]
        if not real:
            logger.error("--realprose: ../shared/realprose not found")
            return 1
        real_feats, real_labels = build_examples(real, skip_optional=True)
        feats, labels = feats + real_feats, labels + real_labels
        weights += [args.real_weight] * len(real_labels)
        docs += real
    if not labels:
        logger.error("no training examples (is gdr_nlp.synth available?)")
        return 1
    model = fit(feats, labels, c=args.c, min_count=args.min_count, weights=weights)
    model["min_prob"] = args.min_prob
    model["trained_on"] = "generated + templates" + (" + realprose CV folds, not the test fold" if args.realprose else "")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    logger.info(
        "%d documents, %d examples, %d classes, %d features -> %s",
        len(docs),
        len(labels),
        len(model["classes"]),
        len(model["vocabulary"]),
        args.out,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
