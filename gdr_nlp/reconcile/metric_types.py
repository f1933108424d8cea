"""Metric typing: keyword rules, features, and a linear classifier stored as JSON.

The rules give a first reading (``rule_type``); the learned classifier
(``gdr_nlp/data/metric_types.json``, trained by ``training/train_metric_types.py``)
reads character n-grams of the subject, a context window and the unit, with the
rule type and the list context (#12) as more features, and has the last word when its
probability reaches the threshold stored with its weights (``min_prob``, chosen by
cross-validation on real prose; else the rule type stands). Prediction is a sparse sum
in numpy, so loading costs one small JSON read and no pickle is involved. Without
the JSON file the rule type is used.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

METRIC_TYPES = (
    "proactive_items",
    "proactive_category_items",
    "policy_interpretations",
    "press_conferences",
    "opinion_responses",
    "opinion_bulletins",
    "new_media_accounts",
    "new_media_posts",
    "training_sessions",
    "training_participants",
    "applications_received",
    "applications_answered",
    "reply_rate",
    "admin_reviews",
    "lawsuits",
    "mailbox_messages",
    "gazette_issues",
    "opinion_solicitations",
    "info_fees",
    "website_posts",
    "page_views",
    "interactions",
    "staff",
    "columns",
    "tasks",
    "other",
)
MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "metric_types.json"


@dataclass
class MetricContext:
    """What the typer sees of one number: its clause, sentence and neighbours."""

    sentence: str  # the sentence, number included
    left: str  # sentence text before the number
    right: str  # sentence text after the unit
    clause_left: str  # clause text before the number (clause = between ，；：。)
    clause_right: str  # clause text after the unit
    subject: str
    unit: str | None
    value: float
    in_breakdown: bool = False  # a part of "共N条，其中A n条、B m条"
    breakdown_total_type: str | None = None
    section: str | None = None
    after_total_type: str | None = None  # type of the first metric earlier in the same sentence
    follows_breakdown_unit: str | None = None  # unit of a proactive breakdown in the sentence just before


    @classmethod
    def around(cls, sent: str, num_start: int, end: int, floor: int, *, subject: tuple[int, int],
               unit: str | None, value: float, **extra: Any) -> MetricContext:
        """The context of the number at sent[num_start:end]; ``floor`` bounds the clause on the left.

        PDF wraps break words over lines ("答\n复"): the context strings drop the line breaks.
        """
        sub_s, sub_e = subject
        return cls(
            sentence=sent.replace("\n", ""),
            left=sent[:num_start].replace("\n", ""),
            right=sent[end:].replace("\n", ""),
            clause_left=sent[clause_start(sent, num_start, floor) : num_start].replace("\n", ""),
            clause_right=sent[end : clause_end(sent, end)].replace("\n", ""),
            subject=sent[sub_s:sub_e].replace("\n", ""),
            unit=unit,
            value=value,
            **extra,
        )


_APPL = re.compile(r"申请")
_REVIEW = re.compile(r"行政复议|复议")
_LAWSUIT = re.compile(r"行政诉讼|诉讼|起诉|应诉")
# 办理申请N件 counts the caseload (received); 已办理/办理完毕 closes it (answered)
_RECEIVED = re.compile(r"受理|收到|新收|接收|接到|共收|登记|结转|提出|提交|申请数|申请量|(?<!已)办理(?!完毕)")
_ANSWERED = re.compile(r"答复|办结|办理完毕|已办理|处理|予以公开|部分公开|不予公开|无法提供|不予处理|告知|回复")
_RATE_WORDS = re.compile(r"及时率|按时办结率|办结率|答复率|满意率|按期答复|回复率")


def _last(pattern: re.Pattern[str], text: str) -> int:
    """End offset of the last match of ``pattern`` in ``text`` (-1 when none)."""
    ends = [m.end() for m in pattern.finditer(text)]
    return ends[-1] if ends else -1


# Channels a total of published items is broken down by (CONTRACT.md, metrics conventions):
# the website, new media and news media have types of their own; other channels do not.
WEBSITE = re.compile(r"(?<!非)(?:政府网站|门户网站|网站|官网|门户|政务网|网页)")
NEW_MEDIA = re.compile(r"新媒体|公众号|微信|微博|抖音|头条|快手|视频号|客户端|APP|App|app|新闻媒体|媒体|推文|报道|两微")
_OUTCOME = re.compile(r"答复|予以公开|部分公开|不予|无法提供|不予处理|其他处理|撤销|撤回|告知|信息不存在|不掌握|办结|处理")


def _part_type(ctx: MetricContext) -> str | None:
    """Type of one part of a breakdown (其中A n条、B m条…), read from its total's type and its own words.

    A part of published items is typed by its channel when it names one; received applications
    broken down by outcome are answered ones; parts of other typed totals (website, new media,
    reviews, lawsuits, press conferences…) keep the total's type. None: the part's own words
    decide (rule_type goes on).
    """
    head, own = ctx.breakdown_total_type, ctx.clause_left + ctx.subject
    if head in ("proactive_items", "proactive_category_items"):
        if re.search(r"依申请", own):
            return "applications_received" if _RECEIVED.search(own) else "applications_answered"
        if NEW_MEDIA.search(own) and not re.search(r"其他渠道|其他形式|政务服务场所", own):
            return "new_media_posts"
        if WEBSITE.search(own):
            return "website_posts"
        return "proactive_category_items"
    if head in ("applications_received", "applications_answered"):
        if re.search(r"结转下|顺延|转入下|下一年|下年", own):
            return "other"  # carried forward to next year
        if re.search(r"结转", own):
            return "applications_received"
        return "applications_answered" if _OUTCOME.search(own) else head
    if head in ("admin_reviews", "lawsuits") and (_REVIEW.search(own) or _LAWSUIT.search(own)):
        return "lawsuits" if _last(_LAWSUIT, own) > _last(_REVIEW, own) else "admin_reviews"
    # other totals (press conferences, trainings, interpretations…) pass their type to their parts
    return None if head in ("other", "reply_rate", "tasks", "staff", "columns") else head


# measure words of published items
_ITEM_UNITS = ("条", "篇", "份", "件", "则", "期")
OPENS_LIST = re.compile(r"\s*[，,：:（(]?\s*(?:其中|主要类别|主要包括|包括)")


def _published_type(ctx: MetricContext, cl: str, unit: str) -> str | None:
    """Items published, by channel: 主动公开 totals, then new media / news media, then the website."""
    own = ctx.clause_left
    if unit in _ITEM_UNITS and re.search(r"主动(?:公开|发布)", own[-16:]) and not re.search(r"解读|公报|发布会", own[-8:]):
        return "proactive_items"
    # a total broken down by channel right after it is the published total, whatever its verb
    if (
        unit in _ITEM_UNITS
        and OPENS_LIST.match(ctx.right)
        and re.search(r"信息|稿件", own)
        and not (WEBSITE.search(own) or NEW_MEDIA.search(own))
        and (WEBSITE.search(ctx.right) or NEW_MEDIA.search(ctx.right) or re.search(r"渠道", ctx.right))
    ):
        return "proactive_items"
    # news pieces placed in the media (在…媒体刊发稿件N篇)
    if unit in _ITEM_UNITS and NEW_MEDIA.search(own) and re.search(r"刊发|播发|刊登|发表|稿件|新闻稿", own):
        return "new_media_posts"
    # a new-media account named earlier in the sentence publishes what its clause counts
    if (
        NEW_MEDIA.search(ctx.left[: len(ctx.left) - len(own)])
        and not WEBSITE.search(ctx.left)
        and re.search(r"发布|推送", own)
        and not re.search(r"公开|解读", own)
        and unit in _ITEM_UNITS
    ):
        return "new_media_posts"
    if re.search(r"推送|推文|发稿|报道", own) and unit in _ITEM_UNITS and (
        NEW_MEDIA.search(ctx.left) or not re.search(r"平台|网站|门户", own)
    ):
        return "new_media_posts"
    # CONTRACT.md's example of a new-media post: 发布政务信息N条 (not 公开, not 主动)
    if re.search(r"发布政务信息", own) and not re.search(r"主动|公开|网站|门户|平台", own):
        return "new_media_posts"
    if re.search(r"政务新媒体|新媒体|公众号|微博|微信|抖音|头条|视频号|快手|客户端|APP|账号", cl):
        if unit in ("个", "家", "账号", "户") and not re.search(r"(?:发布|推送|制作|上传)[^，,；;。]{0,6}(?:视频|作品|文章)", cl):
            return "new_media_accounts"  # (发布短视频N个 counts posts)
        return "new_media_posts"
    if WEBSITE.search(own) and re.search(r"发布|公开|更新|信息", own) and unit in _ITEM_UNITS:
        # government information on the website broken down by category is the proactive total itself
        # and so is 通过网站公开政府信息N条 on its own (政府信息, the disclosure term, not a channel's posts)
        opens = OPENS_LIST.match(ctx.right)
        if opens and re.search(r"政府信息|政务信息", own):
            return "proactive_items"
        if not ctx.in_breakdown and re.search(r"(?:公开|发布)政府信息$", own.rstrip("共计达为约近超过余多 ")):
            return "proactive_items"
        return "website_posts"
    return None


_GENERIC_OBJECT = re.compile(r"^(?:各类|各项|相关|有关|其他|本级|本部门|全部|政府|政务|公开|部门|本单位|权威|重要|最新|类)*$")


_OBJECT = re.compile(r"(?:.*(?:公开|发布|推送|更新))?([^，,；;。\d]{0,12}?)信息(?:共计|共|达到|达|为|约|近|超过|超|逾|不足|\s)*$")


def _content_object(clause_left: str, *, in_run: bool = False) -> bool:
    """Whether (公开/发布) X信息 names one kind of content (财政预决算信息, 人事任免信息): a category, not the total.

    Alone the phrase needs its publishing verb; in a run of categories the bare noun phrase is
    enough and 其他信息 is the remaining category.
    """
    m = _OBJECT.search(clause_left[-40:])  # bounded: a report on one line has huge clauses (#11)
    if not m or not in_run and not re.search(r"公开|发布|更新", clause_left):
        return False
    if re.search(r"主动|推送", clause_left):
        return False
    return in_run and m.group(1) == "其他" or not _GENERIC_OBJECT.match(m.group(1))


_OWN_VERB = re.compile(r"发布|公开|推送|更新|刊发|刊登|张贴|受理|办理|答复|开展|召开|举办|组织|收到|制作|编发|开设|上传")


def _sibling_type(ctx: MetricContext, unit: str) -> str | None:
    """Items listed after a channel's count with no verb of their own (网站发布政务动态N条、通知公告M条)
    are that channel's; a further channel (通过政务公开栏公开N条) after website/new-media counts is a
    category of the items published."""
    if ctx.after_total_type not in ("website_posts", "new_media_posts") or unit not in _ITEM_UNITS:
        return None
    own = ctx.clause_left.lstrip("、，, ")
    if WEBSITE.search(own) or NEW_MEDIA.search(own) or re.search(r"解读|图解|问答", own):
        return None  # (interpretations are typed as such wherever they are published)
    if not _OWN_VERB.search(own) and 2 <= len(own) <= 12:
        return ctx.after_total_type
    if re.match(r"(?:通过|依托|在|利用)[^，,；;。]{2,14}(?:公开|发布|张贴)", own) and not re.search(r"申请|解读", own):
        return "proactive_category_items"
    return None


def rule_type(ctx: MetricContext) -> str:
    """First reading of the metric type from keywords in the clause and sentence."""
    cl, left, unit = ctx.clause_left + ctx.clause_right, ctx.left, ctx.unit or ""
    near = ctx.subject + ctx.clause_right
    part = _part_type(ctx) if ctx.in_breakdown else None
    if part:
        return part
    if (
        ctx.after_total_type == "proactive_items"
        and unit in ("条", "件", "篇", "份")
        and re.search(r"规章|规范性文件|政策性文件|政策文件|文件|公开", ctx.clause_left)
        and not re.search(r"解读|公报|发布会|新媒体|申请|征集|征求", cl)
    ):
        return "proactive_category_items"
    if (
        ctx.after_total_type == "proactive_category_items"
        and unit in _ITEM_UNITS
        and _content_object(ctx.clause_left, in_run=True)
        and not (WEBSITE.search(cl) or NEW_MEDIA.search(cl) or re.search(r"申请|解读|公报", cl))
    ):
        return "proactive_category_items"  # a sentence listing categories goes on listing them (财政预决算信息N份)
    if (
        ctx.follows_breakdown_unit == unit
        and re.search(r"发布|公开", ctx.clause_left)
        and not re.search(r"解读|公报|发布会|新媒体|公众号|微信|微博|抖音|申请|培训|网站|访问|浏览", cl)
        and not re.search(r"主动公开|政府信息|政务信息|各类信息", cl)  # a new total, not one more category
    ):
        return "proactive_category_items"
    # 行政复议 / 行政诉讼: whichever was named last before the number in the sentence
    rv, ls = _last(_REVIEW, left), _last(_LAWSUIT, left)
    # 复议/诉讼 governs the number unless a disclosure application is named after it (…未发生行政复议，受理申请5件)
    appl = _last(re.compile(r"(?<!复议)(?<!诉讼)申请"), left)
    if (rv >= 0 or ls >= 0) and unit != "%" and max(rv, ls) > appl:
        return "admin_reviews" if rv > ls else "lawsuits"
    if re.search(r"信息处理费|处理费|收费|收取.*费|费用", ctx.sentence) and (
        unit in ("元", "万元") or re.search(r"费", near)
    ):
        return "info_fees"
    if unit == "%":
        if re.search(r"占比?|比例|同比|环比|增长|上升|下降|提高|增加|减少|比上年|较上年", ctx.clause_left[-8:]) or re.search(
            r"服务事项|办件|审批", ctx.left
        ):
            return "other"  # shares, growth rates, service matters (CONTRACT.md: other)
        if (
            _RATE_WORDS.search(ctx.sentence)
            and _APPL.search(ctx.sentence + ctx.subject)
            or re.search(r"答复|办结|满意率|回复率", cl)
        ):
            return "reply_rate"
        return "other"
    training = r"培训|轮训|参训|培训班|业务学习|讲座"
    if re.search(training, ctx.sentence) and (
        unit in ("人次", "余人")
        or unit in ("人", "名", "位") and re.search(training, cl)  # 一名工作人员 in a sentence about training: staff
        or re.search(r"人员|干部|参训|人次", ctx.clause_right[:4]) and not re.search(r"专门|专职|兼职|负责", ctx.clause_right)
    ):
        return "training_participants"
    if re.search(training, cl) and unit in ("次", "期", "场", "场次", "批", "班", "轮", "节"):
        return "training_sessions"
    if re.search(r"信箱|热线|留言|来信|来电|诉求|工单|信件", cl) or (
        re.search(r"信箱|热线|留言|来信|信件", left) and re.search(r"受理|收到|办结|答复|回复", ctx.clause_left)
        and not _APPL.search(ctx.clause_left)
    ):
        return "mailbox_messages"
    if re.search(r"上年度?结转", ctx.clause_left) and unit in ("件", "个", "条"):
        return "applications_received"  # 上年结转N件: carried over from last year (CONTRACT.md)
    if _APPL.search(cl) and unit in ("件", "个", "条", "次", "份", "人次", "起", "宗", ""):
        if re.search(r"结转下|顺延|转入下|下一年|下年度", cl):
            return "other"
        if re.search(r"上年.{0,3}结转|上年度结转|结转", cl):
            return "applications_received"
        if re.search(r"依申请公开.{0,4}信息|依申请公开\s*$", ctx.clause_left) and not _RECEIVED.search(ctx.clause_left) and (
            unit in ("条", "份", "篇") or "信息" in ctx.clause_left
        ):  # 条/份 count information; 依申请公开N件/次 counts applications
            return "applications_answered"  # information disclosed on application (依申请公开N条)
        if re.match(r"[（(]?\s*(?:含|包括|其中)上年度?结转", ctx.right[:12]):
            return "applications_received"  # a caseload that includes last year's carried-over ones
        rec, ans = _last(_RECEIVED, ctx.clause_left), _last(_ANSWERED, ctx.clause_left)
        if ans > rec:
            return "applications_answered"
        if rec >= 0:
            return "applications_received"
        return "applications_answered" if _ANSWERED.search(cl) else "applications_received"
    if re.search(r"予以公开|部分公开|不予公开|无法提供|不予处理|其他处理", ctx.clause_left[-10:]) and unit in (
        "件",
        "条",
        "个",
        "次",
    ):
        return "applications_answered"  # the disclosure outcomes are specific enough without 申请 nearby
    if re.search(r"办结|已答复|答复", ctx.clause_left[-8:]) and (
        _APPL.search(ctx.sentence)
        or unit == "件"
        and not re.search(r"信箱|热线|留言|诉求|来信|建议|提案", ctx.sentence)
    ):
        return "applications_answered"
    if re.search(r"新闻发布会|发布会|新闻发布|吹风会", cl) and unit not in ("人", "名", "位", "人次"):
        return "press_conferences"
    if re.search(r"舆情", cl) and re.search(r"快报|专报|简报|报告|期", cl + unit):
        return "opinion_bulletins"
    if re.search(r"回应|关切|舆情|热点", cl):
        return "opinion_responses"
    if re.search(r"公报", cl) and unit in ("期", "份", "册", "本"):
        return "gazette_issues"
    if re.search(r"征集|征求|意见建议|调查问卷|听证|反馈意见", cl):
        # consultations are counted in 次/项/期; comments received (意见建议N条) are something else
        return "other" if unit in ("条", "份") else "opinion_solicitations"
    if re.search(r"浏览|访问|点击|阅读|访问量|浏览量|阅读量|播放", cl):
        return "page_views"
    if re.search(r"互动|访谈|交流|网民|问政|留言回复|回复网友|答疑|咨询|评论", cl):
        return "interactions"
    # "X类信息N条", "重点领域信息N条": a category of published items, unless a channel is named
    if (
        unit in _ITEM_UNITS
        and re.search(r"(?:(?<![各两三])类|领域)(?:政务|政府)?信息$", ctx.clause_left.rstrip("共计达为约近超过余多"))
        and not (WEBSITE.search(ctx.clause_left) or NEW_MEDIA.search(ctx.clause_left))
    ):
        return "proactive_category_items"
    if re.search(r"粉丝|关注(?:用户|人数|量|数)|订阅(?:用户|人数|量|数)|注册用户", ctx.clause_left[-10:]):
        return "other"  # followers and subscribers (CONTRACT.md: other)
    sibling = _sibling_type(ctx, unit)
    if sibling:
        return sibling
    published = _published_type(ctx, cl, unit)
    if published:
        return published
    if re.search(r"解读|问答|图解", near) or re.search(r"解读|问答|图解", ctx.clause_left[-12:]):
        return "policy_interpretations"
    if re.search(r"专栏|专题|栏目", near) and unit in ("个", "期", "项", "类"):
        return "columns"
    if re.search(r"专职|兼职|工作人员|人员|专人|队伍", cl) and unit in ("名", "人", "位"):
        return "staff"
    if (
        unit == "项"
        and re.search(r"工作|任务|事项|举措|措施", ctx.clause_right + ctx.clause_left[-6:])
        and not re.search(r"服务事项|审批事项|办件", cl)
    ):
        return "tasks"
    if re.search(r"主动公开|公开.*信息|公开政府信息|公开各类|发布.*信息|公开.{0,6}文件", ctx.clause_left):
        if re.search(r"网站|门户", ctx.clause_left) and not re.search(r"主动|公开|政府信息|政务信息", ctx.clause_left):
            return "website_posts"
        return "proactive_category_items" if _content_object(ctx.clause_left) else "proactive_items"
    if (
        re.search(r"网站|门户|网页|栏目|工作动态|动态信息|稿件", cl)
        and re.search(r"发布|更新|上传|公开|信息", cl)
        and unit in ("条", "篇", "则", "份")
    ):
        return "website_posts"
    return "other"


# ----------------------------------------------------------------------------------------------
# features and the JSON linear model


def _ngrams(text: str, prefix: str, n_max: int = 3) -> list[str]:
    grams = []
    for n in range(1, n_max + 1):
        grams += [f"{prefix}{text[i : i + n]}" for i in range(len(text) - n + 1)]
    return grams


def features(ctx: MetricContext, rule: str | None = None) -> list[str]:
    """Binary features of one metric: n-grams of subject, context windows and unit, plus the rule type."""
    rule = rule or rule_type(ctx)
    feats = _ngrams(ctx.subject[-16:], "s:")
    feats += _ngrams(ctx.left[-14:].replace("\n", ""), "l:", 2)
    feats += _ngrams(ctx.right[:8].replace("\n", ""), "r:", 2)
    feats += [f"u:{ctx.unit}", f"t:{rule}", f"b:{int(ctx.in_breakdown)}", f"bt:{ctx.breakdown_total_type}"]
    feats += [f"t+u:{rule}|{ctx.unit}", f"fb:{ctx.follows_breakdown_unit == ctx.unit}", f"at:{ctx.after_total_type}"]
    # the list and sentence around the number: its own clause, the channel named, what it breaks down
    feats += _ngrams(ctx.clause_left[-12:], "c:", 2)
    own = ctx.clause_left + ctx.subject
    feats += [f"web:{bool(WEBSITE.search(own))}", f"nm:{bool(NEW_MEDIA.search(own))}",
              f"nmS:{bool(NEW_MEDIA.search(ctx.left))}", f"sec:{ctx.section}",
              f"bt+t:{ctx.breakdown_total_type}|{rule}", f"op:{bool(OPENS_LIST.match(ctx.right))}"]
    return feats


class LinearTyper:
    """Multiclass linear model over binary features, loaded from JSON."""

    def __init__(self, vocabulary: dict[str, int], coef: np.ndarray, intercept: np.ndarray, classes: list[str],
                 min_prob: float | None = None) -> None:
        self.min_prob = MIN_MODEL_PROB if min_prob is None else min_prob  # chosen by CV, stored with the weights
        self.vocabulary = vocabulary
        self.coef = coef  # (n_classes, n_features)
        self.intercept = intercept
        self.classes = classes

    @classmethod
    def from_json(cls, path: Path) -> LinearTyper:
        """Load a model written by training/train_metric_types.py (dense ``coef`` or sparse ``coef_sparse``)."""
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinearTyper:
        classes = list(data["classes"])
        if "coef_sparse" in data:
            coef = np.zeros((len(classes), len(data["vocabulary"])), dtype=np.float32)
            for row, col, weight in data["coef_sparse"]:
                coef[row, col] = weight
        else:
            coef = np.asarray(data["coef"], dtype=np.float32)
        return cls(
            vocabulary=data["vocabulary"],
            coef=coef,
            intercept=np.asarray(data["intercept"], dtype=np.float32),
            classes=classes,
            min_prob=data.get("min_prob"),
        )

    def scores(self, feats: list[str]) -> np.ndarray:
        idx = sorted({self.vocabulary[f] for f in feats if f in self.vocabulary})
        return self.intercept + (self.coef[:, idx].sum(axis=1) if idx else 0.0)

    def predict(self, feats: list[str]) -> tuple[str, float]:
        """(class, probability) for one feature list."""
        s = np.atleast_1d(self.scores(feats))
        if s.shape[0] == 1:
            # binary scikit-learn layout: one row of coefficients, for classes[1]
            p1 = float(1.0 / (1.0 + np.exp(-float(s[0]))))
            return (self.classes[1], p1) if p1 >= 0.5 else (self.classes[0], 1.0 - p1)
        e = np.exp(s - s.max())
        p = e / e.sum()
        i = int(p.argmax())
        return self.classes[i], float(p[i])


@lru_cache(maxsize=2)
def load_typer(path: str = str(MODEL_PATH)) -> LinearTyper | None:
    """The classifier from ``path`` (None when the file is absent: rules only)."""
    p = Path(path)
    return LinearTyper.from_json(p) if p.is_file() else None


# The classifier overrides the rules only when it is this sure: on text unlike its training
# data (real reports vs generated ones) its probabilities drop and the rules are safer.
MIN_MODEL_PROB = 0.6


def classify(
    ctx: MetricContext, *, typer: LinearTyper | None = None, use_model: bool = True, min_prob: float | None = None
) -> tuple[str, str]:
    """(type, rule type) of one metric: the classifier's type when it is available and sure, else the rule's."""
    rule = rule_type(ctx)
    if not use_model:
        return rule, rule
    model = typer or load_typer()
    if model is None or ctx.in_breakdown and _part_type(ctx) not in (None, "proactive_category_items"):
        return rule, rule  # a part that takes its total's type, or names its channel or outcome: structure decides
    label, prob = model.predict(features(ctx, rule))
    return (label if prob >= (model.min_prob if min_prob is None else min_prob) else rule), rule


# ----------------------------------------------------------------------------------------------
# context building shared by the tagger and the reconciler

_CLAUSE_BREAK = "，,；;：:。！？!?（）()【】\t"
_SUBJECT_TRIM_HEAD = re.compile(
    r"^(?:[、，,；;：:\s]|其中|主要类别|主要包括|包括|分别为|分别是|分别|共计|共|累计|合计|总计|全年|今年|本年度|本年|"
    r"截至目前|截止目前|截至年底|截止年底|\d{4}\s*年度?|同时|此外|另有|另|并|还|已|均)+"
)
_SUBJECT_TRIM_TAIL = re.compile(
    r"(?:共计|合计|总计|累计|共|达到|达|为|约|近|超过|超|逾|突破|至少|不少于|不低于|不超过|多于|少于|低于|高于|不足|不到|了|计|均|分别|\s|，|、)+$"
)


def clause_start(sentence: str, pos: int, floor: int = 0) -> int:
    """Start of the clause holding ``pos``: after the last clause punctuation before it."""
    i = pos
    while i > floor and sentence[i - 1] not in _CLAUSE_BREAK:
        i -= 1
    return i


def clause_end(sentence: str, pos: int, ceil: int | None = None) -> int:
    ceil = len(sentence) if ceil is None else ceil
    i = pos
    while i < ceil and sentence[i] not in _CLAUSE_BREAK:
        i += 1
    return i


# Verbs that open the subject phrase (the agency, time words and adverbs before them are left out).
_VERBS = re.compile(
    r"公开(?=[政各信文了本全相重])|发布|受理|收到|接收|接到|录入|组织|开展|举办|召开|制作|编发|编印|编制|回应|答复|"
    r"办理|办结|开设|设置|配备|指定|推送|更新|征集|征求|完成|引起|收取|新增|印发|出台|制定|报送|转办|回复|上传|"
    r"刊登|刊发|关停|注销|整合|参加|发放|运维|开通|建立|提供|处理|接待|解答|审核|清理|排查|检查|发生"
)
SubjectRange = tuple[int, int]
"""(start, end) of the METRIC_SUBJECT phrase inside the sentence; empty when start == end."""


def subject_bounds(sentence: str, num_start: int, unit_end: int, floor: int, ceil: int | None = None) -> SubjectRange:
    """The phrase of ``sentence`` that says what the number counts (one contiguous range, never the number).

    Before the number: the verb-object phrase of its clause (after any earlier
    number of the same clause, so each part of a breakdown gets its own subject),
    starting at its first verb (主动 kept: 主动公开政府信息). After the unit, when the
    noun follows the measure word (23项工作, 开设3个专栏) or nothing but a bare
    verb precedes the number (组织 4 次…检查).
    """
    cs = clause_start(sentence, num_start, floor)
    head = _SUBJECT_TRIM_HEAD.match(sentence[cs:num_start])
    s = cs + (head.end() if head else 0)
    tail = _SUBJECT_TRIM_TAIL.search(sentence[s:num_start])
    e = s + (tail.start() if tail else num_start - s)
    # verbs are found with PDF line breaks left out (发\n布 is 发布), then mapped back
    keep = [i for i in range(s, e) if sentence[i] != "\n"]
    flat = "".join(sentence[i] for i in keep)
    verb = _VERBS.search(flat)
    while verb and flat.count("“", 0, verb.start()) > flat.count("”", 0, verb.start()):
        verb = _VERBS.search(flat, verb.end())  # a verb inside a quoted name (“清风发布”) opens nothing
    if verb and len(flat) - verb.start() >= 3:
        i = verb.start()
        s = keep[i - 2] if i >= 2 and flat[i - 2 : i] == "主动" else keep[i]
    s = max(s, e - 24)
    ce = clause_end(sentence, unit_end, ceil)
    rs = unit_end
    while rs < ce and sentence[rs] in " \n的":
        rs += 1
    re_ = min(ce, rs + 24)
    while re_ > rs and sentence[re_ - 1] in " \n":
        re_ -= 1
    if re_ - rs < 2 or sentence[rs] in "以左上多余":
        return (s, e)
    classifier = sentence[unit_end - 1 : unit_end] in ("个", "项", "类", "家", "批")
    # 对现行有效的86件规范性文件: an attributive 的 before the number means the noun follows
    if e - s < 4 or classifier and re_ - rs <= 8 or sentence[e - 1 : e] == "的":
        return (rs, re_)
    return (s, e)


SECTION_HEAD = re.compile(r"^[ \u3000]*(?:[一二三四五六七八]\s*[、.．，]\s*)?(\S[^\t\n]{1,30})$", re.MULTILINE)


def section_bounds(text: str) -> list[dict[str, object]]:
    """Minimal top-level section finder for when doc.sections is empty.

    A heading is a short line whose title (after an optional 一、… numeral, which
    real and generated reports get wrong: 二、总体情况, 六、存在的主要问题…) starts
    with a section's official title; sections only move forward, so the table row
    四、结转下年度继续办理 never ends section 三.
    """
    from gdr_nlp.reconcile.schema import SECTIONS

    found: list[dict[str, object]] = []
    last = -1
    for m in SECTION_HEAD.finditer(text):
        title = m.group(1).strip()
        for idx, (key, _, _, labels) in enumerate(SECTIONS):
            hit = next((lbl for lbl in labels if title.startswith(lbl)), None)
            if key == "overview" and title.startswith("总体情况"):
                hit = "总体情况"
            if hit and idx > last and len(title) <= len(hit) + 6:
                found.append({"key": key, "heading": m.group(0).strip(), "start": m.start()})
                last = idx
                break
    for a, b in itertools.pairwise(found):
        a["end"] = b["start"]
    if found:
        found[-1]["end"] = len(text)
    return found


def section_at(sections: list[dict[str, object]], offset: int) -> str | None:
    for sec in sections:
        if int(sec["start"]) <= offset < int(sec["end"]):  # type: ignore[call-overload]
            return str(sec["key"])
    return None


# a heading's line: 一、 （一） 1. (an ordinal 1. is no decimal's head: 26. 04% opening a line is a wrapped 26.04%, numerals.py)
HEADING_LINE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|（[一二三四五六七八九十]+）|\(?\d+[.．、)）](?! ?\d))"
)
_SENT_END = re.compile(r"[。！？!?；;]|\n(?=\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）))")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Sentence bounds around [start, end) by punctuation (no spaCy needed for a single lookup).

    A newline ends a sentence only after terminal punctuation or before a
    heading; otherwise it is a PDF line wrap inside the sentence.
    """
    s = start
    while s > 0 and start - s < 400:
        c = text[s - 1]
        if (
            c in "。！？!?；;"
            or c == "\n"
            and (s < 2 or text[s - 2] in "。！？；：:\n" or _SENT_END.match(text, s - 1))
        ):
            break
        if c == "\n":
            prev_line = text[text.rfind("\n", 0, s - 1) + 1 : s - 1]
            if HEADING_LINE.match(prev_line) and len(prev_line.strip()) < 40 and "。" not in prev_line:
                break
        s -= 1
    m = _SENT_END.search(text, end)
    e = m.end() if m and m.start() - end < 400 else min(len(text), end + 400)
    return s, e
