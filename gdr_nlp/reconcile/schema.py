"""The official annual-report tables (表二/表三/表四) as data, both format versions.

Labels are the official ones (国办公开办函〔2019〕60号 and 〔2021〕30号) plus the
spellings seen in practice. Row and column keys are the contract's
(``../shared/CONTRACT.md``); nothing here depends on any one report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

VERSIONS = ("2019", "2021")
TABLE_NUMBERS = {"proactive": "表二", "applications": "表三", "review_litigation": "表四"}  # as the format numbers them


@dataclass(frozen=True)
class ColumnDef:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    unit: str | None = None
    signed: bool = False


@dataclass(frozen=True)
class RowDef:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    caption: str | None = None  # 表二: the 第二十条第（N）项 group the row sits under
    group: str | None = None  # 表三: 三（三）/（四）/（五）/（六） parent label


@dataclass(frozen=True)
class TableDef:
    key: str
    title: str
    columns: dict[str, ColumnDef]
    rows: tuple[RowDef, ...]
    notes: tuple[str, ...] = field(default=())

    def row(self, key: str) -> RowDef:
        return next(r for r in self.rows if r.key == key)


# ---- 表二 主动公开 ---------------------------------------------------------------

_P19_COLS = {
    "new_made": ColumnDef("new_made", "本年新制作数量", ("本年新制作", "本年新")),
    "new_published": ColumnDef("new_published", "本年新公开数量", ("本年新公开",)),
    "total_published": ColumnDef("total_published", "对外公开总数量", ("对外公开总数",)),
    "prev_items": ColumnDef("prev_items", "上一年项目数量", ("上年项目数量",)),
    "change": ColumnDef("change", "本年增/减", ("本年增减", "本年增", "本年减", "增/减"), signed=True),
    "decisions": ColumnDef("decisions", "处理决定数量", ("本年处理决定数量",)),
    "projects": ColumnDef("projects", "采购项目数量", ()),
    "amount": ColumnDef("amount", "采购总金额", ("采购总金额（万元）",), unit="万元"),
}
_C1 = "第二十条第（一）项"
_C5 = "第二十条第（五）项"
_C6 = "第二十条第（六）项"
_C8 = "第二十条第（八）项"
_C9 = "第二十条第（九）项"

PROACTIVE_2019 = TableDef(
    "proactive",
    "主动公开政府信息情况",
    _P19_COLS,
    (
        RowDef("regulations", "规章", (), ("new_made", "new_published", "total_published"), _C1),
        RowDef("normative_documents", "规范性文件", ("行政规范性文件",), ("new_made", "new_published", "total_published"), _C1),
        RowDef("licensing", "行政许可", (), ("prev_items", "change", "decisions"), _C5),
        RowDef("other_services", "其他对外管理服务事项", ("其他对外管理服务",), ("prev_items", "change", "decisions"), _C5),
        RowDef("penalty", "行政处罚", (), ("prev_items", "change", "decisions"), _C6),
        RowDef("coercion", "行政强制", (), ("prev_items", "change", "decisions"), _C6),
        RowDef("fees", "行政事业性收费", (), ("prev_items", "change"), _C8),
        RowDef("procurement", "政府集中采购", (), ("projects", "amount"), _C9),
    ),
)

_P21_COLS = {
    "issued": ColumnDef("issued", "本年制发件数", ("本年制发",)),
    "repealed": ColumnDef("repealed", "本年废止件数", ("本年废止",)),
    "in_force": ColumnDef("in_force", "现行有效件数", ("现行有效",)),
    "decisions": ColumnDef("decisions", "本年处理决定数量", ("处理决定数量",)),
    "amount": ColumnDef("amount", "本年收费金额（单位：万元）", ("本年收费金额", "收费金额"), unit="万元"),
}

PROACTIVE_2021 = TableDef(
    "proactive",
    "主动公开政府信息情况",
    _P21_COLS,
    (
        RowDef("regulations", "规章", (), ("issued", "repealed", "in_force"), _C1),
        RowDef("normative_documents", "行政规范性文件", ("规范性文件",), ("issued", "repealed", "in_force"), _C1),
        RowDef("licensing", "行政许可", (), ("decisions",), _C5),
        RowDef("penalty", "行政处罚", (), ("decisions",), _C6),
        RowDef("coercion", "行政强制", (), ("decisions",), _C6),
        RowDef("fees", "行政事业性收费", (), ("amount",), _C8),
    ),
)

# ---- 表三 依申请 -------------------------------------------------------------------

APPLICANT_COLUMNS = {
    "natural_person": ColumnDef("natural_person", "自然人"),
    "commercial": ColumnDef("commercial", "商业企业"),
    "research": ColumnDef("research", "科研机构"),
    "social_org": ColumnDef("social_org", "社会公益组织"),
    "legal_service": ColumnDef("legal_service", "法律服务机构"),
    "other_org": ColumnDef("other_org", "其他"),
    "total": ColumnDef("total", "总计"),
}
LEGAL_PERSON_SUBTOTAL = ColumnDef("legal_person_subtotal", "小计", ("法人或其他组织小计",))
APPLICANT_KEYS = tuple(APPLICANT_COLUMNS)  # default column order, without the subtotal
APPLICANT_PARTS = APPLICANT_KEYS[:-1]  # the six that add up to ``total``

_G3 = "（三）不予公开"
_G4 = "（四）无法提供"
_G5 = "（五）不予处理"
_G6 = "（六）其他处理"

_APPLICATION_ROWS_COMMON_HEAD = (
    RowDef("new_received", "一、本年新收政府信息公开申请数量", ("本年新收政府信息公开申请数量", "本年新收")),
    RowDef("carried_over", "二、上年结转政府信息公开申请数量", ("上年结转政府信息公开申请数量", "上年结转")),
    RowDef("granted", "（一）予以公开", ("予以公开",)),
    RowDef("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ("部分公开",)),
    RowDef("denied_state_secret", "1.属于国家秘密", ("属于国家秘密",), group=_G3),
    RowDef("denied_prohibited", "2.其他法律行政法规禁止公开", ("其他法律行政法规禁止公开",), group=_G3),
    RowDef("denied_security", "3.危及“三安全一稳定”", ("危及三安全一稳定", "危及\"三安全一稳定\""), group=_G3),
    RowDef("denied_third_party", "4.保护第三方合法权益", ("保护第三方合法权益",), group=_G3),
    RowDef("denied_internal", "5.属于三类内部事务信息", ("属于三类内部事务信息",), group=_G3),
    RowDef("denied_process", "6.属于四类过程性信息", ("属于四类过程性信息",), group=_G3),
    RowDef("denied_enforcement", "7.属于行政执法案卷", ("属于行政执法案卷",), group=_G3),
    RowDef("denied_query", "8.属于行政查询事项", ("属于行政查询事项",), group=_G3),
    RowDef("unable_not_held", "1.本机关不掌握相关政府信息", ("本机关不掌握相关政府信息",), group=_G4),
    RowDef("unable_needs_creation", "2.没有现成信息需要另行制作", ("没有现成信息需要另行制作",), group=_G4),
    RowDef("unable_unclear", "3.补正后申请内容仍不明确", ("补正后申请内容仍不明确",), group=_G4),
    RowDef("unprocessed_complaint", "1.信访举报投诉类申请", ("信访举报投诉类申请",), group=_G5),
    RowDef("unprocessed_duplicate", "2.重复申请", ("重复申请",), group=_G5),
    RowDef("unprocessed_publication", "3.要求提供公开出版物", ("要求提供公开出版物",), group=_G5),
    RowDef("unprocessed_excessive", "4.无正当理由大量反复申请", ("无正当理由大量反复申请",), group=_G5),
    RowDef(
        "unprocessed_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        ("要求行政机关确认或重新出具已获取信息",),
        group=_G5,
    ),
)
_APPLICATION_ROWS_TAIL = (
    RowDef("total_processed", "（七）总计", ("总计",)),
    RowDef("carried_forward", "四、结转下年度继续办理", ("结转下年度继续办理",)),
)
OTHER_HANDLING_SINGLE = RowDef("other_handling", "（六）其他处理", ("其他处理",))
OTHER_HANDLING_SPLIT = (
    RowDef(
        "other_overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ("申请人无正当理由逾期不补正", "逾期不补正"),
        group=_G6,
    ),
    RowDef(
        "other_overdue_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ("申请人逾期未按收费通知要求缴纳费用", "逾期未按收费通知要求缴纳费用"),
        group=_G6,
    ),
    RowDef(
        "other_reasons",
        "3.其他",
        ("其他",),
        group=_G6,
    ),
)

APPLICATIONS_2019 = TableDef(
    "applications",
    "收到和处理政府信息公开申请情况",
    APPLICANT_COLUMNS,
    _APPLICATION_ROWS_COMMON_HEAD + (OTHER_HANDLING_SINGLE,) + _APPLICATION_ROWS_TAIL,
)
APPLICATIONS_2021 = TableDef(
    "applications",
    "收到和处理政府信息公开申请情况",
    APPLICANT_COLUMNS,
    _APPLICATION_ROWS_COMMON_HEAD + OTHER_HANDLING_SPLIT + _APPLICATION_ROWS_TAIL,
)

# Rows whose sum is （七）总计, per version.
RESULT_ROWS_2019 = tuple(r.key for r in APPLICATIONS_2019.rows[2:-2])
RESULT_ROWS_2021 = tuple(r.key for r in APPLICATIONS_2021.rows[2:-2])

# ---- 表四 复议诉讼 (identical in both versions) ------------------------------------

REVIEW_COLUMNS = {
    "upheld": ColumnDef("upheld", "结果维持"),
    "corrected": ColumnDef("corrected", "结果纠正"),
    "other": ColumnDef("other", "其他结果"),
    "pending": ColumnDef("pending", "尚未审结"),
    "total": ColumnDef("total", "总计"),
}
REVIEW_GROUPS = {
    "review": "行政复议",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after_review": "复议后起诉",
}
REVIEW_COLUMN_KEYS = tuple(REVIEW_COLUMNS)

REVIEW_LITIGATION = TableDef(
    "review_litigation",
    "政府信息公开行政复议、行政诉讼情况",
    REVIEW_COLUMNS,
    tuple(RowDef(k, label, (), REVIEW_COLUMN_KEYS) for k, label in REVIEW_GROUPS.items()),
)

TABLES: dict[str, dict[str, TableDef]] = {
    "2019": {"proactive": PROACTIVE_2019, "applications": APPLICATIONS_2019, "review_litigation": REVIEW_LITIGATION},
    "2021": {"proactive": PROACTIVE_2021, "applications": APPLICATIONS_2021, "review_litigation": REVIEW_LITIGATION},
}

# Header words that tell the versions apart (CONTRACT.md: detect from headers, not the year).
VERSION_MARKERS = {
    "2019": ("本年新制作数量", "本年新制作", "第二十条第（九）项", "政府集中采购", "上一年项目数量", "对外公开总数量"),
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正", "逾期未按收费通知"),
}


def detect_version(text: str, *, year: int | None) -> str:
    """Format version of the tables in ``text`` by their header words; the year only breaks ties.

    Args:
        text: the table regions (or the whole report).
        year: the report year, if known: up to 2020 means ``2019`` on a tie, later ``2021``.
    """
    squeezed = compact(text)
    score = {v: sum(compact(m) in squeezed for m in marks) for v, marks in VERSION_MARKERS.items()}
    if score["2019"] == score["2021"]:
        return "2019" if year is not None and year <= 2020 else "2021"
    return max(score, key=lambda v: score[v])


# Known deviations, recorded in report.variants.
VARIANTS = {
    "applications_single_other_row": "2021 format with a single （六）其他处理 row instead of 1./2./3.",
    "applications_split_other_rows": "2019 format with （六） split into 1./2./3. as in 2021",
    "applications_legal_person_subtotal": "表三 has an extra 法人或其他组织小计 column",
    "proactive_2019_with_2021_markers": "表二 mixes headers of both versions",
}

# Section headings (一 … 六) and their contract keys.
SECTIONS = (
    ("overview", "一", "总体情况", ("总体情况", "概述", "基本情况")),
    ("proactive", "二", "主动公开政府信息情况", ("主动公开政府信息情况", "主动公开政府信息", "主动公开情况")),
    (
        "applications",
        "三",
        "收到和处理政府信息公开申请情况",
        ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请", "依申请公开政府信息情况", "依申请公开情况"),
    ),
    (
        "review_litigation",
        "四",
        "政府信息公开行政复议、行政诉讼情况",
        ("政府信息公开行政复议、行政诉讼情况", "行政复议、行政诉讼情况", "行政复议、行政诉讼", "行政复议和行政诉讼"),
    ),
    (
        "problems",
        "五",
        "存在的主要问题及改进情况",
        ("存在的主要问题及改进情况", "存在的主要问题及改进", "存在的主要问题", "存在的问题", "存在问题"),
    ),
    ("other", "六", "其他需要报告的事项", ("其他需要报告的事项", "其他需要报告事项", "其他事项")),
)
SECTION_KEYS = tuple(s[0] for s in SECTIONS)


# ---- matching source text to schema rows (shared by the rule tagger and the reconciler) ----

import re as _re

_SPACE = _re.compile(r"\s+")
# Prefix ordinals a row label may carry; group labels such as （三）不予公开 sit before them.
# Group 1 or 2 is the ordinal itself: （六） → 六, 2. → 2.
ORDINAL_PREFIX = _re.compile(r"^(?:[（(]?([一二三四五六七八九十\d]{1,2})[）)]|([一二三四五六七八九十\d]{1,2})[、.．])")


def compact(text: str) -> str:
    """Label text for matching: no whitespace, ASCII quotes as Chinese ones, dots unified."""
    return unify_marks(_SPACE.sub("", text))


def unify_marks(text: str) -> str:
    """``compact``'s quotes and dots, whitespace kept: ASCII quotes as Chinese ones, dots unified."""
    return text.replace('"', "“").replace("．", ".").replace("”", "“")


def _row_patterns(table: TableDef) -> list[tuple[_re.Pattern[str], RowDef, int]]:
    pats: list[tuple[_re.Pattern[str], RowDef, int]] = []
    for row in table.rows:
        names = {compact(row.label), *(compact(a) for a in row.aliases)}
        for name in names:
            core = ORDINAL_PREFIX.sub("", name) or name
            if row.key == "total_processed":
                # bare 总计 is also a column header: the row needs its （七） ordinal
                pats.append((_re.compile(r"[（(]?七[）)、.]?总计"), row, 4))
                continue
            if row.key == "other_reasons":
                pats.append((_re.compile(r"(?:[（(]?3[）)、.]|三[、.]|[（(]三[）)])其他(?!处理|结果|法律)"), row, 4))
                continue
            if core in ("其他",):
                continue
            pats.append((_re.compile(_re.escape(core)), row, len(core)))
    return pats


_PATTERN_CACHE: dict[tuple[str, str], list[tuple[_re.Pattern[str], RowDef, int]]] = {}


def match_row_label(text: str, table: TableDef, version: str) -> tuple[RowDef, int, int] | None:
    """The schema row that ``text`` (compacted) names, taking the match that ends last, then the longest.

    Returns (row, start, end) of the match inside ``compact(text)``, or None.
    """
    key = (version, table.key)
    if key not in _PATTERN_CACHE:
        _PATTERN_CACHE[key] = _row_patterns(table)
    joined = compact(text)
    best: tuple[int, int, RowDef, int] | None = None
    for pattern, row, weight in _PATTERN_CACHE[key]:
        for m in pattern.finditer(joined):
            cand = (m.end(), weight, row, m.start())
            if best is None or cand[:2] > best[:2]:
                best = cand
    if best is None:
        return None
    return best[2], best[3], best[0]


# Column header words, for tagging COL_HEADER and reading column order.
HEADER_WORDS = {
    "proactive": ("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "本年增",
                  "本年减", "处理决定数量", "采购项目数量", "采购总金额", "本年制发件数", "本年废止件数", "现行有效件数",
                  "本年处理决定数量", "本年收费金额", "本年新"),
    "applications": ("申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
                     "总计", "小计"),
    "review_litigation": ("行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉",
                          "复议后起诉"),
}


def _union_rows(*tables: TableDef) -> TableDef:
    seen: dict[str, RowDef] = {}
    for table in tables:
        for row in table.rows:
            seen.setdefault(row.key, row)
    return TableDef(tables[0].key, tables[0].title, tables[0].columns, tuple(seen.values()))


# Row matching runs against both versions' rows, so mixed reports (a 2021 表三 with a single
# （六） row, a 2019 表二 with 2021 labels) still find every row; the version decides columns.
MATCH_TABLES: dict[str, TableDef] = {
    "proactive": _union_rows(PROACTIVE_2019, PROACTIVE_2021),
    "applications": _union_rows(APPLICATIONS_2021, APPLICATIONS_2019),
    "review_litigation": REVIEW_LITIGATION,
}


def row_def(table_key: str, row_key: str, version: str) -> RowDef | None:
    """The row as the given version defines it, else as the other version does (a variant)."""
    for v in (version, *(x for x in VERSIONS if x != version)):
        for row in TABLES[v][table_key].rows:
            if row.key == row_key:
                return row
    return None


def fuzzy_row_label(text: str, table: TableDef, *, threshold: float = 0.75) -> RowDef | None:
    """Closest row for a label with a typo or lost characters (2.其他法律行政止公开), or None."""
    from difflib import SequenceMatcher

    word = ORDINAL_PREFIX.sub("", compact(text))
    if len(word) < 4:
        return None
    best: tuple[float, RowDef | None] = (threshold, None)
    for row in table.rows:
        for name in (row.label, *row.aliases):
            core = ORDINAL_PREFIX.sub("", compact(name))
            ratio = SequenceMatcher(None, word, core).ratio()
            if ratio > best[0]:
                best = (ratio, row)
    return best[1]
