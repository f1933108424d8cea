"""Normalization rules and distractors of gdr_nlp.reconcile.numerals (expected values written by hand)."""

from __future__ import annotations

import pytest

from gdr_nlp.reconcile.numerals import find_quantities, parse_arabic, parse_chinese_numeral


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一千二百", 1200),
        ("两", 2),
        ("十", 10),
        ("十五", 15),
        ("三十五", 35),
        ("一万零五", 10005),
        ("〇", 0),
        ("一百零八", 108),
        ("一千二", 1200),
        ("一万二", 12000),
        ("三亿五千万", 350_000_000),
        ("二〇二〇", 2020),
    ],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert parse_chinese_numeral(text) == value


def test_not_a_chinese_numeral() -> None:
    assert parse_chinese_numeral("公开") is None


@pytest.mark.parametrize(("text", "value"), [("1,234", 1234), ("１２３", 123), ("3.5", 3.5), ("55\n00", 5500)])
def test_arabic_numbers(text: str, value: float) -> None:
    assert parse_arabic(text) == value


def one(text: str) -> tuple[object, object, object]:
    qs = find_quantities(text)
    assert len(qs) == 1, [q.raw for q in qs]
    return qs[0].value, qs[0].unit, qs[0].qualifier


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("主动公开政府信息124条", (124, "条", None)),
        ("共公开18万余条", (180000, "条", "over")),
        ("浏览量226.2万次", (2262000, "次", None)),
        ("答复及时率为100%", (100, "%", None)),
        ("答复及时率为100％", (100, "%", None)),
        ("总浏览量为536万。", (5360000, None, None)),
        ("受理申请一千二百件", (1200, "件", None)),
        ("开展培训十余次", (10, "次", "over")),
        ("培训约300人次", (300, "人次", "approx")),
        ("处理不足10件", (10, "件", "under")),
        ("发布信息超过200篇", (200, "篇", "over")),
        ("访问量突破1000万人次", (10_000_000, "人次", "over")),
        ("发布100条以上", (100, "条", "over")),
        ("开展5次左右", (5, "次", "approx")),
        ("参训30人以下", (30, "人", "under")),
        ("至少3次", (3, "次", "over")),
        ("近500条", (500, "条", "approx")),
        ("公开信息1,234条", (1234, "条", None)),
        ("公开信息１２３条", (123, "条", None)),
        ("政务新媒体共计 95\n个", (95, "个", None)),  # unit on the next line (PDF wrap)
        ("发布55\n00条", (5500, "条", None)),  # digits split by a line break
        ("优化调整公开专栏三十\n八个，", (38, "个", None)),  # a Chinese numeral split by a line break
        # a PDF's lines as boxes: a blank line (pdfminer) or two (pdf-reader) after each wrapped line
        ("主动公开信息共计13567\n\n条，", (13567, "条", None)),
        ("办理热线诉求三\n\n\n千六百六十四封，", (3664, "封", None)),
        ("关注用户达五百 一十五人，", (515, "人", None)),  # wrapped lines joined with a space
        ("政务微博5\n\n8个。", (58, "个", None)),
        # a decimal point with a space after it, as PDF text extraction writes one
        ("占比3. 58%；", (3.58, "%", None)),
        ("占比\n26. 04%；", (26.04, "%", None)),  # at a wrapped line's start
        ("按时办结率达99. 5%，", (99.5, "%", None)),
        ("5500 余条", (5500, "条", "over")),
        ("采购总金额91.82万元", (91.82, "万元", None)),
        ("收取费用 3940 元", (3940, "元", None)),
        ("百分之九十", (90, "%", None)),
        ("百余条", (100, "条", "over")),
        ("一万余份", (10000, "份", "over")),
        ("培训两次", (2, "次", None)),
        ("被申请行政复议一起，", (1, "起", None)),
        ("组织民意征集20多项", (20, "项", "over")),
        ("推进3项公开事项", (3, "项", None)),
    ],
)
def test_normalization(text: str, expected: tuple[object, object, object]) -> None:
    assert one(text) == expected


def test_range_is_lower_bound_with_over_and_value_max() -> None:
    (q,) = find_quantities("召开会议10-20次")
    assert (q.value, q.unit, q.qualifier, q.value_max) == (10, "次", "over", 20)
    (q,) = find_quantities("举办3至5场")
    assert (q.value, q.qualifier, q.value_max) == (3, "over", 5)


def test_breakdown_parts_are_separate_quantities() -> None:
    qs = find_quantities("共公开95条，其中政策文件1条、财政预决算信息2条、部门工作91条")
    assert [(q.value, q.unit) for q in qs] == [(95, "条"), (1, "条"), (2, "条"), (91, "条")]


@pytest.mark.parametrize(
    "text",
    [
        # dates, years and periods
        "2020年，我局",
        "2019年5月15日起施行",
        "统计期限自2020年1月1日至2020年12月31日",
        "四个季度",
        "7×24小时巡查",
        "在15个工作日内答复",
        "2020年度",
        "三个月",
        "2020年1-12月",
        "近3年",
        # document and article numbers
        "（涪陵府办发〔2020〕52号）",
        "国办公开办函〔2019〕60号",
        "第二十条第（一）项",
        "国令第 711 号",
        # list ordinals
        "一是加强学习",
        "1．加强组织协调",
        "1、完善制度",
        "（1）加强",
        "其一",
        # phone numbers, postcodes, addresses, URLs, e-mail
        "电话：0561-3238810",
        "联系电话0517-83605210",
        "邮编：223001",
        "手机13912345678",
        "地址：淮安市翔宇南道 1 号",
        "（https://www.hbxs.gov.cn/zwgk/index.html）",
        "邮箱：hazwgkc@163.com",
        # names containing numbers
        "三审三校",
        "12345热线",
        "12345政务服务便民热线",
        "两微一端",
        "六稳六保",
        "五公开",
        "六提六促",
        "三安全一稳定",
        "党的十九届四中全会",
        "二十届二中、三中全会",
        "三字诀",
        "三级严控",
        "一网通办",
        "最多跑一次",
        "千家万户",
        "四个意识",
        "两个维护",
        "落实“两个责任”",
        "“一件事一次办”",
        "十四五规划",
        "3+2",
        "一对一",
        # counts of the report's own structure
        "由六个部分组成",
        "从以下三方面着手",
        "两个阶段的自查",
        "六大方面",
        "主要存在以下3个问题",
        "做到四个“一律”",
        # a running footer's page count
        "第1页 共10页",
        "报告。\n第4页 共4页\n",
        "共4页 第1页",
        "其他\n1 共3页\n一、本年",  # WeasyPrint's footer: the page's number, then 共M页
        # a list ordinal opening a line, before a year: no decimal 1.2020
        "完成。\n1. 2020年以来",
        # ranks and issue ordinals
        "第3期",
        "第一名",
        "排名第一",
        "位列前三名",
        "第一平台",
        # vague words that look like numbers
        "进一步加强",
        "统一管理",
        "一些问题",
        "数十条",
        "百姓",
    ],
)
def test_distractors(text: str) -> None:
    assert find_quantities(text) == []
