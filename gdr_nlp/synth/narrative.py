"""Phrase grammar for the prose of synthetic reports: metric sentences with exact labels.

A sentence is a list of pieces ``(text, label, attrs)``; ``label`` is None, ``METRIC`` or
``METRIC_SUBJECT``. The METRIC piece is the number through its unit (multiplier and 余/多
inside); a qualifier word before the number (约, 近, 超过, 不足) is a plain piece, as
annotations/GUIDELINES.md says.
"""

from __future__ import annotations

import random
from typing import Any

Piece = tuple[str, str | None, dict[str, Any] | None]
Sentence = tuple[list[Piece], list[dict[str, Any]]]
"""A sentence's pieces and the gold metrics it states."""

_DIGITS_ZH = "零一二三四五六七八九"


def zh_numeral(n: int) -> str:
    """Chinese numeral for 0 <= n < 100000 (一千二百, 十五, 一百零三)."""
    if n == 0:
        return "零"
    units = [(10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")]
    out: list[str] = []
    zero = False
    started = False
    for base, name in units:
        d = n // base % 10 if base < 10000 else n // base
        if d:
            if zero and started:
                out.append("零")
            zero = False
            if not (d == 1 and base == 10 and not started):
                out.append(_DIGITS_ZH[d])
            out.append(name)
            started = True
        elif started:
            zero = True
    return "".join(out)


# metric type -> (units, value range (lo, hi), subject-before frames, subjects)
# A frame holds {S} (subject) and {N} (number with unit). Every frame x subject is one
# sentence pattern; ``pattern_count`` counts them.
_TYPES: dict[str, tuple[tuple[str, ...], tuple[int, int], tuple[str, ...], tuple[str, ...]]] = {
    "proactive_items": (("条",), (20, 200000), ("通过政府信息公开平台{S}{N}", "全年累计{S}{N}", "{S}共计{N}"),
                        ("主动公开政府信息", "公开各类政府信息", "发布政府信息", "主动公开信息", "公开政务信息")),
    "policy_interpretations": (("条", "篇", "期"), (1, 300), ("{S}{N}", "围绕重点工作{S}{N}", "全年{S}{N}"),
                               ("发布政策解读", "制作解读信息", "发布政策问答", "推出图解解读材料", "编发政策简明问答")),
    "press_conferences": (("场", "次"), (1, 60), ("{S}{N}", "全年共{S}{N}", "围绕重点任务{S}{N}"),
                          ("召开新闻发布会", "举办新闻发布活动", "组织政策发布会", "召开专题发布会")),
    "opinion_responses": (("件", "条"), (1, 500), ("{S}{N}", "及时{S}{N}", "全年{S}{N}"),
                          ("回应社会关切", "回应公众关注热点", "处置网络舆情", "回应群众关切问题")),
    "opinion_bulletins": (("期",), (1, 50), ("{S}{N}", "编发{S}{N}", "全年编印{S}{N}"),
                          ("舆情快报", "舆情专报", "舆情信息专刊", "舆情日报")),
    "new_media_accounts": (("个",), (1, 80), ("现有{S}{N}", "开设{S}{N}", "统筹管理{S}{N}"),
                           ("政务新媒体账号", "政务微信公众号", "政务微博账号", "政务新媒体")),
    "new_media_posts": (("条", "篇"), (5, 50000), ("{S}{N}", "通过微信公众号{S}{N}", "全年{S}{N}"),
                        ("发布政务信息", "推送信息", "发布微博信息", "推送各类稿件")),
    "training_sessions": (("次", "期", "场"), (1, 30), ("{S}{N}", "全年{S}{N}", "先后{S}{N}"),
                          ("组织政务公开培训", "开展业务培训", "举办政府信息公开专题培训", "开展政务公开业务培训")),
    "training_participants": (("人次", "人"), (5, 3000), ("{S}{N}", "累计{S}{N}", "共{S}{N}"),
                              ("培训工作人员", "参训人员达", "培训业务骨干", "培训信息员")),
    "applications_received": (("件",), (1, 3000), ("{S}{N}", "全年{S}{N}", "本年度{S}{N}"),
                              ("共受理政府信息公开申请", "收到政府信息公开申请", "新收政府信息公开申请", "受理依申请公开")),
    "applications_answered": (("件",), (1, 3000), ("{S}{N}", "已{S}{N}", "按时{S}{N}"),
                              ("办结政府信息公开申请", "答复政府信息公开申请", "予以公开", "依法答复申请")),
    "admin_reviews": (("件", "起"), (1, 40), ("因政府信息公开{S}{N}", "全年{S}{N}", "{S}{N}"),
                      ("引起行政复议", "被申请行政复议", "发生行政复议案件", "收到行政复议申请")),
    "lawsuits": (("件", "起"), (1, 30), ("因政府信息公开{S}{N}", "全年{S}{N}", "{S}{N}"),
                 ("引起行政诉讼", "被提起行政诉讼", "发生行政诉讼案件", "应诉行政诉讼案件")),
    "mailbox_messages": (("件", "条", "封"), (1, 9000), ("{S}{N}", "全年{S}{N}", "通过网络平台{S}{N}"),
                         ("办理领导信箱来信", "受理群众留言", "办理热线诉求", "答复网民留言")),
    "gazette_issues": (("期",), (1, 24), ("{S}{N}", "全年{S}{N}", "编印发放{S}{N}"),
                       ("出版政府公报", "编印政府公报", "发行政府公报", "刊印公报")),
    "opinion_solicitations": (("次", "项"), (1, 60), ("{S}{N}", "全年{S}{N}", "围绕重大决策{S}{N}"),
                              ("开展意见征集", "公开征求意见", "开展网上调查征集", "组织民意征集")),
    "website_posts": (("条", "篇"), (10, 90000), ("{S}{N}", "全年{S}{N}", "门户网站{S}{N}"),
                      ("更新网站信息", "发布网站稿件", "更新栏目信息", "发布工作动态")),
    "interactions": (("条", "次"), (1, 5000), ("{S}{N}", "全年{S}{N}", "在线{S}{N}"),
                     ("开展在线访谈", "回复网民评论", "开展政民互动", "办理在线咨询")),
    "staff": (("名", "人"), (1, 20), ("配备{S}{N}", "现有{S}{N}", "安排{S}{N}"),
              ("专职工作人员", "兼职信息员", "政务公开工作人员", "专门工作人员")),
    "columns": (("个",), (1, 60), ("开设{S}{N}", "新增{S}{N}", "优化调整{S}{N}"),
                ("公开专栏", "专题专栏", "重点领域信息公开专栏", "政务公开栏目")),
    "opinion_solicitation_feedback": (("条",), (1, 900), ("{S}{N}", "共{S}{N}", "累计{S}{N}"),
                                      ("收集意见建议", "收到反馈意见", "采纳意见建议", "梳理意见")),
    # (#12) followers; one kind of content published on its own; news pieces placed in the media
    "followers": (("人",), (100, 90000), ("{S}{N}", "公众号{S}{N}", "累计{S}{N}"), ("粉丝数达", "关注用户达", "订阅人数达")),
    "content_items": (("条",), (1, 900), ("{S}{N}", "全年{S}{N}", "{S}共计{N}"),
                      ("公开财政预决算信息", "公开人事任免信息", "发布重大项目信息", "公开行政执法信息")),
    "media_pieces": (("篇", "条"), (1, 300), ("{S}{N}", "全年{S}{N}", "围绕中心工作{S}{N}"),
                     ("在省级以上媒体刊发稿件", "在县融媒体中心播发新闻稿件", "在新闻媒体刊登报道")),
}
# generator-only names above and the contract type their sentences state
_AS_TYPE = {"opinion_solicitation_feedback": "other", "followers": "other", "content_items": "proactive_category_items",
            "media_pieces": "new_media_posts"}
# page views: subject then number, sometimes without unit ("总浏览量为536万")
_PAGE_VIEWS_SUBJECTS = ("网站总浏览量为", "网站访问量达", "专栏点击量达", "政务新媒体阅读量达", "公众号文章累计阅读量达")
_RATE_SUBJECTS = ("答复及时率为", "按时办结率达", "申请答复率为", "群众满意率达")
_FEE_SUBJECTS = ("收取信息处理费", "共收取信息处理费")
# number-first frames: "{N}{S}" (23项工作)
_TASKS_FRAMES = ("完成{N}{S}", "推进{N}{S}", "落实{N}{S}", "部署{N}{S}")
_TASKS_SUBJECTS = ("政务公开重点工作", "年度工作任务", "标准化规范化任务", "整改事项", "公开事项")

_LEADS = ("", "", "2020年，", "本年度，", "全年", "今年以来，", "一是", "二是", "1.", "（一）", "按照〔2020〕52号文件要求，",
          "根据《条例》第二十条规定，", "2021年1月1日起，")
_TAILS = ("。", "。", "，均已按时办结。", "，进一步提升了公开质量。", "，较上年有所增长。", "，群众满意度不断提高。")

_DISTRACTORS = (
    "所列数据统计期限自{Y}年1月1日至{Y}年12月31日。",
    "本报告分为“总体情况”等六个部分。",
    "如有疑问请联系政务公开办，电话：0561-3238810。",
    "联系电话：023-72222338，邮编：408000。",
    "本报告在门户网站（https://www.example.gov.cn/zwgk/index.html）公布。",
    "严格落实“三审三校”制度，确保信息准确。",
    "依托12345热线及时回应群众诉求。",
    "持续推进“两微一端”建设。",
    "按照四个季度分解任务，实行7×24小时值守。",
    "根据《条例》第二十条、第二十一条要求做好公开工作。",
    "在全市考核中获得第一名。",
    "在《政务公开》第3期刊登经验做法。",
    "依据〔{Y}〕52号文件开展工作。",
    "一是健全工作机制；二是完善公开目录。",
    "印发《{Y}年政务公开工作要点》。",
)


def pattern_count() -> int:
    """Number of distinct metric sentence patterns (frames x subjects, all types)."""
    n = sum(len(frames) * len(subjects) for _, _, frames, subjects in _TYPES.values())
    n += len(_PAGE_VIEWS_SUBJECTS) * 3 + len(_RATE_SUBJECTS) * 2 + len(_FEE_SUBJECTS) * 2
    n += len(_TASKS_FRAMES) * len(_TASKS_SUBJECTS)
    n += len(_BREAKDOWN_CATEGORIES) * 2  # breakdown list parts, with/without 共
    n += sum(len(subjects) * len(openers) * len(parts) for subjects, _, _, openers, parts in _LISTS) + 2
    # context phrasings: share paragraphs (by publisher, by channel), column sub-lists, category runs,
    # caseloads with carried-over applications, lists a count in another measure ends
    n += len(_TOPIC_BY_PUBLISHER) * len(_PUBLISHERS) + len(_TOPIC_BY_CHANNEL) * len(_CHANNELS)
    n += 3 * len(_COLUMNS) + len(_CATEGORY_RUN) + 3 * 2 + 3 + 4 * 7
    return n


_BREAKDOWN_CATEGORIES = ("规范性文件", "政策解读", "工作动态", "财务公开", "人事信息", "通知公告", "规划计划", "政府采购",
                         "财政预决算", "公示公告")


def _number(rng: random.Random, value: int, unit: str | None) -> tuple[str, str, int, str | None, str | None]:
    """(qualifier prefix, span text, value, unit, qualifier) for an integer count."""
    u = unit or ""
    r = rng.random()
    if value >= 20000 and r < 0.5:
        wan = round(value / 10000, 1) if rng.random() < 0.4 else value // 10000
        if isinstance(wan, float) and wan.is_integer():
            wan = int(wan)
        v = int(round(wan * 10000))
        if rng.random() < 0.5 and isinstance(wan, int):
            return "", f"{wan}万余{u}", v, unit, "over"
        return "", f"{wan}万{u}", v, unit, None
    if value == 2 and r < 0.5:
        return "", f"两{u}", 2, unit, None
    if 10 <= value < 20 and r < 0.15:
        return "", f"十余{u}", 10, unit, "over"
    if value < 10000 and r < 0.3:
        return "", f"{zh_numeral(value)}{u}", value, unit, None
    if value >= 10 and r < 0.45:
        v = value // 10 * 10
        return "", f"{v}{rng.choice('余多')}{u}", v, unit, "over"
    if value >= 10 and r < 0.6:
        word, q = rng.choice((("约", "approx"), ("近", "approx"), ("超过", "over"), ("超", "over"), ("不足", "under")))
        v = value // 10 * 10 if q != "under" else (value // 10 + 1) * 10
        return word, f"{v}{u}", v, unit, q
    return "", f"{value}{u}", value, unit, None


def _heavy(rng: random.Random, lo: int, hi: int) -> int:
    # log-uniform: many small values, a heavy tail
    import math

    return int(math.exp(rng.uniform(math.log(lo), math.log(hi + 1)))) if hi > lo else lo


def metric_sentence(rng: random.Random, mtype: str, section: str) -> tuple[list[Piece], list[dict[str, Any]]]:
    """One sentence stating one metric of ``mtype``; returns (pieces, gold metrics)."""
    lead = rng.choice(_LEADS)
    pieces: list[Piece] = [(lead, None, None)] if lead else []
    if mtype == "page_views":
        subj = rng.choice(_PAGE_VIEWS_SUBJECTS)
        value = _heavy(rng, 1000, 9000000)
        mode = rng.randrange(3)
        if mode == 0:
            wan = value // 10000 or 1
            surf, v, unit, q = f"{wan}万", wan * 10000, None, None
        elif mode == 1:
            surf, v, unit, q = f"{value}人次", value, "人次", None
        else:
            surf, v, unit, q = f"{value}次", value, "次", None
        pre = ""
    elif mtype == "reply_rate":
        subj = rng.choice(_RATE_SUBJECTS)
        v = rng.choice((100, 100, 100, 98, 99.5, 95))
        surf, unit, q, pre = f"{v}%", "%", None, ""
    elif mtype == "info_fees":
        subj = rng.choice(_FEE_SUBJECTS)
        v = rng.choice((0, 0, 50, 120, 300))
        pre, surf, v, unit, q = "", f"{v}元", v, "元", None
    elif mtype == "tasks":
        frame = rng.choice(_TASKS_FRAMES)
        subj = rng.choice(_TASKS_SUBJECTS)
        pre, surf, v, unit, q = _number(rng, _heavy(rng, 2, 60), "项")
        head, tail = frame.split("{N}")
        pieces.append((head + pre, None, None))
        attrs = {"type": "tasks", "value": v, "unit": unit, "qualifier": q}
        pieces += [(surf, "METRIC", attrs), (subj, "METRIC_SUBJECT", None), (rng.choice(_TAILS), None, None)]
        return pieces, [dict(attrs, subject=subj, section=section)]
    else:
        units, (lo, hi), frames, subjects = _TYPES[mtype]
        frame = rng.choice(frames)
        subj = rng.choice(subjects)
        pre, surf, v, unit, q = _number(rng, _heavy(rng, lo, hi), rng.choice(units))
        head, rest = frame.split("{S}")
        if head:
            pieces.append((head, None, None))
        pieces.append((subj, "METRIC_SUBJECT", None))
        mid = rest.replace("{N}", "")
        if mid:
            pieces.append((mid, None, None))
        if pre:
            pieces.append((pre, None, None))
        typ = _AS_TYPE.get(mtype, mtype)
        attrs = {"type": typ, "value": v, "unit": unit, "qualifier": q}
        pieces += [(surf, "METRIC", attrs), (rng.choice(_TAILS), None, None)]
        return pieces, [dict(attrs, subject=subj, section=section)]
    pieces.append((subj, "METRIC_SUBJECT", None))
    if pre:
        pieces.append((pre, None, None))
    attrs = {"type": mtype, "value": v, "unit": unit, "qualifier": q}
    pieces += [(surf, "METRIC", attrs), (rng.choice(_TAILS), None, None)]
    return pieces, [dict(attrs, subject=subj, section=section)]


def breakdown_sentence(rng: random.Random, section: str) -> tuple[list[Piece], list[dict[str, Any]]]:
    """共N条，其中A n条、B m条 → proactive_items + proactive_category_items."""
    cats = rng.sample(_BREAKDOWN_CATEGORIES, rng.randint(2, 5))
    parts = [_heavy(rng, 1, 400) for _ in cats]
    total = sum(parts) + (rng.randrange(50) if rng.random() < 0.5 else 0)
    subj = rng.choice(("主动公开政府信息", "公开政府信息", "发布政府信息"))
    tot_attrs = {"type": "proactive_items", "value": total, "unit": "条", "qualifier": None}
    pieces: list[Piece] = [("全年共" if rng.random() < 0.5 else "通过门户网站", None, None), (subj, "METRIC_SUBJECT", None),
                           (f"{total}条", "METRIC", tot_attrs), (rng.choice(("，其中", "，主要类别：", "，其中：")), None, None)]
    metrics = [dict(tot_attrs, subject=subj, section=section)]
    for i, (cat, n) in enumerate(zip(cats, parts)):
        if i:
            pieces.append(("、", None, None))
        attrs = {"type": "proactive_category_items", "value": n, "unit": "条", "qualifier": None}
        pieces += [(cat, "METRIC_SUBJECT", None), (f"{n}条", "METRIC", attrs)]
        metrics.append(dict(attrs, subject=cat, section=section))
    pieces.append(("。", None, None))
    return pieces, metrics


# Lists whose parts take their type from the total and the channel or outcome each part names
# (CONTRACT.md, metrics conventions). Each entry: (total subject, total type, unit, opener, parts),
# a part being (subject, type); {U} is replaced by a unit name.
_UNITS_OF_AGENCY = ("本级", "区政府办公室", "各职能部门", "各镇（街道）", "市直各单位", "县政府本级", "各乡镇")
_LISTS: tuple[tuple[tuple[str, ...], str, str, tuple[str, ...], tuple[tuple[str, str], ...]], ...] = (
    (("主动公开政府信息", "全年主动公开各类信息", "累计主动公开政府信息"), "proactive_items", "条",
     ("，其中", "，其中：", "。其中，"),
     (("政府网站发布", "website_posts"), ("门户网站公开信息", "website_posts"), ("通过官方网站发布", "website_posts"),
      ("微信公众号发布", "new_media_posts"), ("政务微博发布", "new_media_posts"), ("抖音号发布短视频", "new_media_posts"),
      ("通过新闻媒体公开信息", "new_media_posts"), ("头条号推送", "new_media_posts"),
      ("通过其他渠道公开", "proactive_category_items"), ("通过政务公开栏公开", "proactive_category_items"))),
    (("共收到政府信息公开申请", "全年受理政府信息公开申请", "新收政府信息公开申请"), "applications_received", "件",
     ("，其中", "。其中，", "，按受理单位分，"),
     tuple((u, "applications_received") for u in _UNITS_OF_AGENCY)
     + (("网上申请", "applications_received"), ("当面申请", "applications_received"),
        ("信函申请", "applications_received"), ("上年结转", "applications_received"))),
    (("办结政府信息公开申请", "已答复申请", "全年办结申请"), "applications_answered", "件",
     ("，其中", "。从办理结果看，", "。处理结果中，"),
     (("予以公开", "applications_answered"), ("部分公开", "applications_answered"),
      ("不予公开", "applications_answered"), ("无法提供", "applications_answered"),
      ("不予处理", "applications_answered"), ("申请人撤回", "applications_answered"),
      ("结转下年度办理", "other"))),
    (("因政府信息公开被申请行政复议", "发生政府信息公开行政复议案件"), "admin_reviews", "件",
     ("，其中", "。复议结果中，"),
     (("维持", "admin_reviews"), ("结果纠正", "admin_reviews"), ("尚未审结", "admin_reviews"),
      ("其他结果", "admin_reviews"))),
    (("因政府信息公开被提起行政诉讼", "发生政府信息公开行政诉讼案件"), "lawsuits", "件",
     ("，其中", "。诉讼结果中，"),
     (("维持", "lawsuits"), ("结果纠正", "lawsuits"), ("尚未审结", "lawsuits"), ("其他结果", "lawsuits"))),
    (("政务新媒体账号共", "现有政务新媒体"), "new_media_accounts", "个", ("，其中", "，包括"),
     (("微信公众号", "new_media_accounts"), ("政务微博", "new_media_accounts"), ("抖音号", "new_media_accounts"),
      ("视频号", "new_media_accounts"))),
)


def list_sentence(rng: random.Random, section: str) -> tuple[list[Piece], list[dict[str, Any]]]:
    """A total and its parts (by channel, unit, outcome…): each part is typed as CONTRACT.md says."""
    subjects, tot_type, unit, openers, parts = rng.choice(_LISTS)
    chosen = rng.sample(parts, min(len(parts), rng.randint(2, 4)))
    values = [_heavy(rng, 1, 60 if unit == "个" else 900) for _ in chosen]
    total = sum(values) + rng.randrange(3)
    subj = rng.choice(subjects)
    tot_attrs = {"type": tot_type, "value": total, "unit": unit, "qualifier": None}
    pieces: list[Piece] = [(subj, "METRIC_SUBJECT", None), (f"{total}{unit}", "METRIC", tot_attrs),
                           (rng.choice(openers), None, None)]
    metrics = [dict(tot_attrs, subject=subj, section=section)]
    sep = rng.choice(("、", "，", "；"))
    for i, ((name, typ), n) in enumerate(zip(chosen, values)):
        if i:
            pieces.append((sep, None, None))
        attrs = {"type": typ, "value": n, "unit": unit, "qualifier": None}
        pieces += [(name, "METRIC_SUBJECT", None), (f"{n}{unit}", "METRIC", attrs)]
        metrics.append(dict(attrs, subject=name, section=section))
    pieces.append(("。", None, None))
    return pieces, metrics


def fee_sentence(rng: random.Random, section: str) -> tuple[list[Piece], list[dict[str, Any]]]:
    """Fees charged per unit of applications: the number of charged cases and the amount are both info_fees."""
    n, amount = rng.randint(1, 12), rng.choice((20, 50, 120, 300, 1000))
    who = rng.choice(("名申请人", "件申请"))
    unit = who[0]
    pieces: list[Piece] = [("向", None, None), (f"{n}{unit}", "METRIC", None), (who[1:], "METRIC_SUBJECT", None),
                           ("收取", None, None), ("信息处理费", "METRIC_SUBJECT", None), ("共计", None, None),
                           (f"{amount}元", "METRIC", None), ("。", None, None)]
    a1 = {"type": "info_fees", "value": n, "unit": unit, "qualifier": None}
    a2 = {"type": "info_fees", "value": amount, "unit": "元", "qualifier": None}
    pieces[1], pieces[6] = (pieces[1][0], "METRIC", a1), (pieces[6][0], "METRIC", a2)
    return pieces, [dict(a1, subject=who[1:], section=section), dict(a2, subject="收取信息处理费", section=section)]


def distractor(rng: random.Random, year: int) -> list[Piece]:
    """A sentence whose numbers are NOT metrics."""
    return [(rng.choice(_DISTRACTORS).replace("{Y}", str(year)), None, None)]


OVERVIEW_TYPES = ("policy_interpretations", "press_conferences", "opinion_responses", "opinion_bulletins",
                  "new_media_accounts", "new_media_posts", "applications_received", "applications_answered",
                  "reply_rate", "admin_reviews", "lawsuits", "mailbox_messages", "gazette_issues",
                  "opinion_solicitations", "website_posts", "page_views", "interactions", "staff", "columns",
                  "tasks", "proactive_items", "opinion_solicitation_feedback", "followers", "content_items",
                  "media_pieces")
PROBLEM_TYPES = ("training_sessions", "training_participants", "tasks", "columns")
OTHER_TYPES = ("info_fees", "training_sessions", "mailbox_messages", "tasks")


# ----------------------------------------------------------------------------------------------
# Context phrasings (#12): lists that go on past their sentence, end early, or add up to a part.
# Each builder returns paragraphs, a paragraph being one Sentence (pieces, gold metrics);
# the typing conventions are CONTRACT.md's (metrics section).

_PUBLISHERS = ("县政府本级", "区政府办公室", "各职能部门", "各乡镇（街道）", "市直部门", "各县（市、区）")
_CHANNELS = (("门户网站发布", "website_posts"), ("政府网站公开信息", "website_posts"),
             ("政务微博发布", "new_media_posts"), ("微信公众号推送", "new_media_posts"),
             ("政务新媒体公开信息", "new_media_posts"), ("政府公报刊登", "proactive_category_items"),
             ("通过政务服务大厅等其他渠道公开", "proactive_category_items"),
             ("通过报刊、广播等其他渠道公开", "proactive_category_items"))
_TOPIC_BY_PUBLISHER = ("按发布主体分，", "从公开主体来看，", "从发布单位看，")
_TOPIC_BY_CHANNEL = ("按发布渠道分，", "从公开渠道来看，", "从发布平台看，")
_CAPTIONS = ("各类主体公开数量占比图", "公开渠道分布图", "图1 发布情况")
_COLUMNS = ("政务动态栏目更新", "通知公告栏目发布", "政策文件栏目发布", "重点领域信息公开栏目发布", "发布人事信息",
            "公示公告类信息", "互动回应类信息", "发布其他信息")
_CATEGORY_RUN = ("部门文件类信息", "工作动态类信息", "行政执法类信息", "财政预决算信息", "人事任免信息", "其他文件和信息",
                 "规划计划类信息", "公示公告信息")


def _metric(pieces: list[Piece], metrics: list[dict[str, Any]], subj: str, surf: str, mtype: str,
            value: float, unit: str | None, section: str, qualifier: str | None = None) -> None:
    attrs = {"type": mtype, "value": value, "unit": unit, "qualifier": qualifier}
    pieces += [(subj, "METRIC_SUBJECT", None), (surf, "METRIC", attrs)]
    metrics.append(dict(attrs, subject=subj, section=section))


def _split(rng: random.Random, total: int, k: int) -> list[int]:
    """``k`` positive parts adding up to ``total``."""
    cuts = sorted(rng.sample(range(1, total), k - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def share_paragraphs(rng: random.Random, section: str) -> list[Sentence]:
    """A proactive total, then paragraphs opening on a topic phrase (按发布主体分，…) that break it
    down with shares (占比N%), a chart caption line sometimes between them."""
    total = _heavy(rng, 400, 90000)
    first: list[Piece] = []
    metrics: list[dict[str, Any]] = []
    first.append((rng.choice(("全年", "本年度", "2023年，")), None, None))
    _metric(first, metrics, rng.choice(("公开政府信息", "主动公开政府信息", "累计公开政府信息")), f"{total}条",
            "proactive_items", total, "条", section)
    first.append(("。", None, None))
    out: list[Sentence] = [(first, metrics)]
    groups = [(_TOPIC_BY_PUBLISHER, [(p, "proactive_category_items") for p in rng.sample(_PUBLISHERS, 3)])]
    chans = rng.sample(_CHANNELS, rng.randint(2, 4))
    groups.append((_TOPIC_BY_CHANNEL, [(f"{c}", t) for c, t in chans]))
    for topics, parts in rng.sample(groups, rng.randint(1, 2)):
        if rng.random() < 0.4:
            out.append(([(rng.choice(_CAPTIONS), None, None)], []))
        values = _split(rng, total, len(parts))
        pieces: list[Piece] = [(rng.choice(topics), None, None)]
        ms: list[dict[str, Any]] = []
        for i, ((name, typ), v) in enumerate(zip(parts, values, strict=True)):
            if i:
                pieces.append(("；", None, None))
            name = name if name.endswith(("发布", "公开", "刊登", "推送", "信息")) else name + "公开"
            _metric(pieces, ms, name, f"{v}条", typ, v, "条", section)
            pieces.append(("，", None, None))
            share = round(100 * v / total, 2)
            _metric(pieces, ms, "占比", f"{share:g}%", "other", float(f"{share:g}"), "%", section)
        pieces.append(("。", None, None))
        out.append((pieces, ms))
    return out


def channel_sublist_sentence(rng: random.Random, section: str) -> list[Sentence]:
    """A website or new-media total whose parts, named by column only, add up to it: the parts
    keep the channel's type; a further channel after them is typed by its own name."""
    channel, ctype = rng.choice((("通过门户网站发布信息", "website_posts"), ("在政府网站公开专栏发布信息", "website_posts"),
                                 ("通过微信公众号推送信息", "new_media_posts")))
    sub = rng.sample(_COLUMNS, rng.randint(2, 4))
    values = [_heavy(rng, 5, 900) for _ in sub]
    total = sum(values)
    pieces: list[Piece] = []
    metrics: list[dict[str, Any]] = []
    if rng.random() < 0.6:
        grand = total + _heavy(rng, 20, 900)
        _metric(pieces, metrics, "主动公开政府信息", f"{grand}条", "proactive_items", grand, "条", section)
        pieces.append(("，其中", None, None))
    _metric(pieces, metrics, channel, f"{total}条", ctype, total, "条", section)
    for name, v in zip(sub, values, strict=True):
        pieces.append(("，", None, None))
        _metric(pieces, metrics, name, f"{v}条", ctype, v, "条", section)
    if rng.random() < 0.5:
        other, otype = rng.choice((("通过政务微博发布", "new_media_posts"), ("门户网站发布", "website_posts")))
        if otype != ctype:
            n = _heavy(rng, 5, 900)
            pieces.append(("，", None, None))
            _metric(pieces, metrics, other, f"{n}条", otype, n, "条", section)
    pieces.append(("。", None, None))
    return [(pieces, metrics)]


def category_run_sentences(rng: random.Random, section: str) -> list[Sentence]:
    """Categories of published items listed over several short sentences with no total and no 其中;
    information disclosed on application (依申请公开N条) may sit among them."""
    # the first names its category as one (X类信息): alone, 主动公开财政预决算信息N条 could be the total
    first = rng.choice([c for c in _CATEGORY_RUN if "类" in c])
    cats = [first, *rng.sample([c for c in _CATEGORY_RUN if c != first], rng.randint(2, 4))]
    pieces: list[Piece] = [(rng.choice(("全年", "1至12月", "本年度")), None, None)]
    metrics: list[dict[str, Any]] = []
    pieces.append(("主动公开", None, None))
    for i, cat in enumerate(cats):
        unit = rng.choice(("份", "条"))
        v = _heavy(rng, 1, 5000)
        if i:
            pieces.append((rng.choice(("，", "。", "，")), None, None))
        _metric(pieces, metrics, cat, f"{v}{unit}", "proactive_category_items", v, unit, section)
        if i == 0 and rng.random() < 0.5:
            n = _heavy(rng, 1, 400)
            pieces.append(("，", None, None))
            _metric(pieces, metrics, "依申请公开", f"{n}条", "applications_answered", n, "条", section)
    pieces.append(("。", None, None))
    return [(pieces, metrics)]


def caseload_sentence(rng: random.Random, section: str) -> list[Sentence]:
    """办理、答复申请N件（含上年结转M件）: the caseload is received applications, whatever verb comes first."""
    carried = rng.randint(0, 12)
    total = carried + _heavy(rng, 1, 800)
    closed = total - rng.randint(0, min(5, total))
    pieces: list[Piece] = []
    metrics: list[dict[str, Any]] = []
    verb = rng.choice(("依法办理、规范答复政府信息公开申请", "办理并答复政府信息公开申请", "共办理政府信息公开申请"))
    _metric(pieces, metrics, verb, f"{total}件", "applications_received", total, "件", section)
    pieces.append((rng.choice(("（含", "（其中")), None, None))
    _metric(pieces, metrics, "上年结转", f"{carried}件", "applications_received", carried, "件", section)
    pieces.append(("），", None, None))
    _metric(pieces, metrics, "办结", f"{closed}件", "applications_answered", closed, "件", section)
    if total > closed:
        pieces.append(("，", None, None))
        _metric(pieces, metrics, "结转下年度继续办理", f"{total - closed}件", "other", total - closed, "件", section)
    pieces.append(("。", None, None))
    return [(pieces, metrics)]


def interrupted_list_sentence(rng: random.Random, section: str) -> list[Sentence]:
    """A breakdown that a count in another measure ends (新开设专栏N个): what follows is typed on its own."""
    cats = rng.sample(_BREAKDOWN_CATEGORIES[2:], 2)
    values = [_heavy(rng, 10, 3000) for _ in cats]
    total = sum(values)
    pieces: list[Piece] = []
    metrics: list[dict[str, Any]] = []
    _metric(pieces, metrics, "累计主动公开政府信息", f"{total}条", "proactive_items", total, "条", section)
    pieces.append(("，其中", None, None))
    for i, (cat, v) in enumerate(zip(cats, values, strict=True)):
        if i:
            pieces.append(("，", None, None))
        _metric(pieces, metrics, cat + "信息更新", f"{v}条", "proactive_category_items", v, "条", section)
    ncol = rng.randint(1, 9)
    pieces.append(("，", None, None))
    _metric(pieces, metrics, "新开设专栏", f"{ncol}个", "columns", ncol, "个", section)
    tail = rng.choice((("发布解读信息", "policy_interpretations", "条"), ("回应公众关注热点", "opinion_responses", "次"),
                       ("开展意见征集", "opinion_solicitations", "次")))
    n = rng.randint(1, 80)
    pieces.append(("，", None, None))
    _metric(pieces, metrics, tail[0], f"{n}{tail[2]}", tail[1], n, tail[2], section)
    pieces.append(("。", None, None))
    return [(pieces, metrics)]


def channel_siblings_sentence(rng: random.Random, section: str) -> list[Sentence]:
    """Items a channel published, listed after its first count with no verb of their own
    (网站发布政务动态N条、通知公告M条), then maybe a further channel that is neither website nor new
    media (通过政务公开栏公开K条: a category); no total."""
    channel, ctype = rng.choice((("通过区政府网站发布", "website_posts"), ("在门户网站更新", "website_posts"),
                                 ("微信公众号推送", "new_media_posts"), ("政务微博发布", "new_media_posts")))
    names = rng.sample(("政务动态", "通知公告", "图片新闻", "要闻", "原创文章", "工作信息", "公示信息"), rng.randint(2, 3))
    pieces: list[Piece] = [(channel, None, None)]
    metrics: list[dict[str, Any]] = []
    sep = rng.choice(("、", "，"))
    for i, name in enumerate(names):
        if i:
            pieces.append((sep, None, None))
        n = _heavy(rng, 3, 900)
        _metric(pieces, metrics, name, f"{n}条", ctype, n, "条", section)
    if rng.random() < 0.5:
        n = _heavy(rng, 3, 200)
        pieces.append(("，", None, None))
        where = rng.choice(("通过政务公开栏公开信息", "通过村（居）务公开栏张贴信息", "在政务服务大厅公开"))
        _metric(pieces, metrics, where, f"{n}条", "proactive_category_items", n, "条", section)
    pieces.append(("。", None, None))
    return [(pieces, metrics)]


CONTEXT_BUILDERS = (channel_siblings_sentence, share_paragraphs, channel_sublist_sentence, category_run_sentences, caseload_sentence,
                    interrupted_list_sentence)
