"""One set of hand-chosen table values rendered in the layouts real reports arrive in.

The values are written here by hand (the gold); the renderers only lay them
out, so a test compares the reconciler's reading of each layout with the values
typed below. Used by tests/unit/test_tables.py and test_checks.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gdr_nlp.document import ReportDocument

HEAD = "某县人民政府2020年政府信息公开工作年度报告\n一、总体情况\n本年度工作正常开展。\n（二）主动公开政府信息情况\n全年主动公开信息120条。\n"
TAIL = "五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"

Row = tuple[str, list[str]]
"""(source label, cell texts)."""

PROACTIVE_2019: list[tuple[str, list[str], list[Row]]] = [
    ("第二十条第（一）项", ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
     [("规章", ["0", "0", "0"]), ("规范性文件", ["8", "8", "95"])]),
    ("第二十条第（五）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
     [("行政许可", ["12", "-2", "1,305"]), ("其他对外管理服务事项", ["4", "0", "17"])]),
    ("第二十条第（六）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
     [("行政处罚", ["9", "+1", "88"]), ("行政强制", ["2", "0", "5"])]),
    ("第二十条第（八）项", ["信息内容", "上一年项目数量", "本年增/减"], [("行政事业性收费", ["1", "0"])]),
    ("第二十条第（九）项", ["信息内容", "采购项目数量", "采购总金额"], [("政府集中采购", ["1", "91.82万元"])]),
]
PROACTIVE_2021: list[tuple[str, list[str], list[Row]]] = [
    ("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
     [("规章", ["0", "0", "3"]), ("行政规范性文件", ["5", "1", "40"])]),
    ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], [("行政许可", ["120"])]),
    ("第二十条第（六）项", ["信息内容", "本年处理决定数量"], [("行政处罚", ["33"]), ("行政强制", ["—"])]),
    ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], [("行政事业性收费", ["0.5"])]),
]
PROACTIVE_KEYS = {
    "2019": {"规章": "regulations", "规范性文件": "normative_documents", "行政许可": "licensing",
             "其他对外管理服务事项": "other_services", "行政处罚": "penalty", "行政强制": "coercion",
             "行政事业性收费": "fees", "政府集中采购": "procurement"},
    "2021": {"规章": "regulations", "行政规范性文件": "normative_documents", "行政许可": "licensing",
             "行政处罚": "penalty", "行政强制": "coercion", "行政事业性收费": "fees"},
}
PROACTIVE_COLUMNS = {
    "regulations": ("new_made", "new_published", "total_published"),
    "normative_documents": ("new_made", "new_published", "total_published"),
    "licensing": ("prev_items", "change", "decisions"), "other_services": ("prev_items", "change", "decisions"),
    "penalty": ("prev_items", "change", "decisions"), "coercion": ("prev_items", "change", "decisions"),
    "fees": ("prev_items", "change"), "procurement": ("projects", "amount"),
}
PROACTIVE_COLUMNS_2021 = {
    "regulations": ("issued", "repealed", "in_force"), "normative_documents": ("issued", "repealed", "in_force"),
    "licensing": ("decisions",), "penalty": ("decisions",), "coercion": ("decisions",), "fees": ("amount",),
}

APPLICANT_COLUMNS = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"]
_Z = ["0"] * 7
_BLANK_BUT_TOTAL = [""] * 6 + ["0"]
# (group label on the line before, row label, contract key, cells in APPLICANT_COLUMNS order)
APPLICATIONS_HEAD = [
    (None, "一、本年新收政府信息公开申请数量", "new_received", ["10", "2", "0", "0", "1", "0", "13"]),
    (None, "二、上年结转政府信息公开申请数量", "carried_over", ["1", "0", "0", "0", "0", "0", "1"]),
    ("三、本年度办理结果", "（一）予以公开", "granted", ["6", "1", "0", "0", "1", "0", "8"]),
    (None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partial", ["2", "0", "0", "0", "0", "0", "2"]),
    ("（三）不予公开", "1.属于国家秘密", "denied_state_secret", _BLANK_BUT_TOTAL),
    (None, "2.其他法律行政法规禁止公开", "denied_prohibited", _Z),
    (None, "3.危及“三安全一稳定”", "denied_security", _Z),
    (None, "4.保护第三方合法权益", "denied_third_party", _Z),
    (None, "5.属于三类内部事务信息", "denied_internal", _Z),
    (None, "6.属于四类过程性信息", "denied_process", _Z),
    (None, "7.属于行政执法案卷", "denied_enforcement", _Z),
    (None, "8.属于行政查询事项", "denied_query", _Z),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", "unable_not_held", ["2", "0", "0", "0", "0", "0", "2"]),
    (None, "2.没有现成信息需要另行制作", "unable_needs_creation", _Z),
    (None, "3.补正后申请内容仍不明确", "unable_unclear", ["/", "/", "/", "/", "/", "/", "0"]),
    ("（五）不予处理", "1.信访举报投诉类申请", "unprocessed_complaint", _Z),
    (None, "2.重复申请", "unprocessed_duplicate", _Z),
    (None, "3.要求提供公开出版物", "unprocessed_publication", _Z),
    (None, "4.无正当理由大量反复申请", "unprocessed_excessive", _Z),
    (None, "5.要求行政机关确认或重新出具已获取信息", "unprocessed_confirmation", _Z),
]
OTHER_SINGLE = [(None, "（六）其他处理", "other_handling", _BLANK_BUT_TOTAL)]
OTHER_SPLIT = [
    ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other_overdue_correction", _Z),
    (None, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other_overdue_fee", _Z),
    (None, "3.其他", "other_reasons", _Z),
]
APPLICATIONS_TAIL = [
    (None, "（七）总计", "total_processed", ["10", "1", "0", "0", "1", "0", "12"]),
    (None, "四、结转下年度继续办理", "carried_forward", ["1", "1", "0", "0", "0", "0", "2"]),
]
REVIEW = ["1", "0", "0", "1", "2", "0", "1", "0", "0", "1", "0", "0", "0", "0", "0"]
REVIEW_GROUPS = ["review", "litigation_direct", "litigation_after_review"]
REVIEW_COLUMNS = ["upheld", "corrected", "other", "pending", "total"]
REVIEW_HEAD = ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉",
               "复议后起诉", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "结果维持", "结果纠正", "其他结果",
               "尚未审结", "总计"]


@dataclass
class Tables:
    """The values of one report's three tables, as the source prints them."""

    version: str = "2019"
    other: str = "single"  # single | split: the （六）其他处理 row(s)
    subtotal: bool = False  # an extra 法人或其他组织小计 column after 其他
    proactive: list[tuple[str, list[str], list[Row]]] = field(default_factory=list)
    applications: list[tuple[str | None, str, str, list[str]]] = field(default_factory=list)
    review: list[str] = field(default_factory=lambda: list(REVIEW))

    def __post_init__(self) -> None:
        if not self.proactive:
            self.proactive = PROACTIVE_2019 if self.version == "2019" else PROACTIVE_2021
        if not self.applications:
            rows = APPLICATIONS_HEAD + (OTHER_SINGLE if self.other == "single" else OTHER_SPLIT) + APPLICATIONS_TAIL
            if self.subtotal:  # the subtotal of the five organisation columns, printed after 其他
                rows = [(g, label, key, [*cells[:6], _subtotal(cells), cells[6]]) for g, label, key, cells in rows]
            self.applications = rows

    @property
    def applicant_columns(self) -> list[str]:
        return APPLICANT_COLUMNS[:6] + ["legal_person_subtotal", "total"] if self.subtotal else APPLICANT_COLUMNS

    @property
    def applicant_header(self) -> list[str]:
        orgs = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"] + (["小计"] if self.subtotal else [])
        return ["申请人情况", "自然人", "法人或其他组织", *orgs, "总计"]

    def expected(self) -> dict[str, dict[str, dict[str, str]]]:
        """table → row → column → source text of the cell."""
        keys = PROACTIVE_KEYS[self.version]
        cols = PROACTIVE_COLUMNS if self.version == "2019" else PROACTIVE_COLUMNS_2021
        out: dict[str, dict[str, dict[str, str]]] = {"proactive": {}, "applications": {}, "review_litigation": {}}
        for _, _, rows in self.proactive:
            for label, cells in rows:
                out["proactive"][keys[label]] = dict(zip(cols[keys[label]], cells))
        for _, _, key, cells in self.applications:
            out["applications"][key] = dict(zip(self.applicant_columns, cells))
        for j, group in enumerate(REVIEW_GROUPS):
            out["review_litigation"][group] = dict(zip(REVIEW_COLUMNS, self.review[5 * j : 5 * j + 5]))
        return out


def _subtotal(cells: list[str]) -> str:
    """What a report prints in the subtotal column: the sum, or the parts' placeholder, or nothing."""
    parts = cells[1:6]
    if any(x.isdigit() for x in parts):
        return str(sum(int(x) for x in parts if x.isdigit()))
    return parts[0] if len(set(parts)) == 1 else ""


def one_per_line(t: Tables, *, blank: str = "\t", wrap: bool = False) -> str:
    """Seed-like: each cell on its own tab-indented line, rows separated by empty lines.

    ``wrap`` breaks header and group cells over lines as Word exports do ("商业\\n企业").
    """
    def cell(x: str) -> str:
        if not x:
            return blank
        return "\t" + (x.replace("企业", "\n企业").replace("机构", "\n机构").replace("制作数量", "\n制作数量")
                       .replace("不予公开", "不予\n公开") if wrap else x)

    out = ["二、主动公开政府信息情况"]
    for caption, head, rows in t.proactive:
        out += [cell(caption), ""] + [cell(h) for h in head] + [""]
        for label, cells in rows:
            out += [cell(label)] + [cell(x) for x in cells] + [""]
    out += ["三、收到和处理政府信息公开申请情况", ""] + [cell(h) for h in t.applicant_header] + [""]
    for group, label, _, cells in t.applications:
        out += ([cell(group)] if group else []) + [cell(label)] + [cell(x) for x in cells] + [""]
    out += ["四、政府信息公开行政复议、行政诉讼情况"] + [cell(h) for h in REVIEW_HEAD] + [""] + [cell(x) for x in t.review]
    return "\n".join(out) + "\n\n"


def blank_separated(t: Tables, *, blank: str = "  ") -> str:
    """No tabs: each cell on its own line with an empty line after it; a blank cell is ``blank`` on its line."""
    out = ["二、主动公开政府信息情况", ""]

    def add(x: str) -> None:
        out.extend([x or blank, ""])

    for caption, head, rows in t.proactive:
        for x in [caption, *head]:
            add(x)
        for label, cells in rows:
            for x in [label, *cells]:
                add(x)
    out += ["三、收到和处理政府信息公开申请情况", ""]
    for x in t.applicant_header:
        add(x)
    for group, label, _, cells in t.applications:
        for x in [*([group] if group else []), label, *cells]:
            add(x)
    out += ["四、政府信息公开行政复议、行政诉讼情况", ""]
    for x in REVIEW_HEAD + t.review:
        add(x)
    return "\n".join(out) + "\n"


def tab_rows(t: Tables) -> str:
    """DOCX/HTML/PDF grid (CONTRIBUTING.md): a row per line, cells joined by tabs, spanned cells repeated."""
    out = ["二、主动公开政府信息情况", ""]
    for caption, head, rows in t.proactive:
        out += [caption + "\t" * (len(head) - 1), "\t".join(head)]
        out += ["\t".join([label, *cells]) for label, cells in rows]
    width = len(t.applicant_columns)
    out += ["", "三、收到和处理政府信息公开申请情况", ""]
    out.append("\t".join(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] * 3 + ["申请人情况"] * width))
    out.append("\t".join(["", "", "", "自然人"] + ["法人或其他组织"] * (width - 2) + ["总计"]))
    out.append("\t".join(["", "", "", "", *t.applicant_header[3:-1], ""]))
    group = ""
    for g, label, _, cells in t.applications:
        group = g or group
        if label.startswith(("一、", "二、", "四、")):
            out.append("\t".join([label, label, label, *cells]))
        elif label.startswith("（"):  # （一）…（七）: the label spans the two label columns
            out.append("\t".join(["三、本年度办理结果", label, label, *cells]))
        else:
            out.append("\t".join(["三、本年度办理结果", group, label, *cells]))
    out += ["", "四、政府信息公开行政复议、行政诉讼情况", ""]
    out.append("\t".join(["行政复议"] * 5 + ["行政诉讼"] * 10))
    out.append("\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5))
    out.append("\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3))
    out.append("\t".join(t.review))
    return "\n".join(out) + "\n\n"


def flat_rows(t: Tables) -> str:
    """Plain text: a row per line, cells separated by spaces, blank cells lost."""
    out = ["二、主动公开政府信息情况"]
    for caption, head, rows in t.proactive:
        out += [caption, " ".join(head)] + [" ".join([label, *cells]) for label, cells in rows]
    out += ["三、收到和处理政府信息公开申请情况", " ".join(t.applicant_header)]
    for group, label, _, cells in t.applications:
        out += ([group] if group else []) + [" ".join([label, *[x for x in cells if x]])]
    out += ["四、政府信息公开行政复议、行政诉讼情况", " ".join(REVIEW_HEAD[:9]), " ".join(REVIEW_HEAD[9:]), " ".join(t.review)]
    return "\n".join(out) + "\n"


def space_aligned(t: Tables) -> str:
    """A layout-preserving PDF-to-text conversion: a row per line, columns padded with runs of
    spaces, a blank cell left as spaces."""
    pad = "   "
    out = ["二、主动公开政府信息情况"]
    for caption, head, rows in t.proactive:
        out += [caption, pad.join(head)] + [pad.join([label, *[x or "  " for x in cells]]) for label, cells in rows]
    out += ["三、收到和处理政府信息公开申请情况", pad.join(t.applicant_header)]
    for group, label, _, cells in t.applications:
        out += ([group] if group else []) + [pad.join([label, *[x or "  " for x in cells]]).rstrip()]
    out += ["四、政府信息公开行政复议、行政诉讼情况", pad.join(REVIEW_HEAD[:9]), pad.join(REVIEW_HEAD[9:]), pad.join(t.review)]
    return "\n".join(out) + "\n"


def markdown(t: Tables) -> str:
    """Pipe tables: the 表三 group label sits in its own cell before the row label."""
    out = ["二、主动公开政府信息情况", ""]
    for caption, head, rows in t.proactive:
        out += [f"| {caption} |" + " |" * (len(head) - 1), "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join([label, *cells]) + " |" for label, cells in rows]
    out += ["", "三、收到和处理政府信息公开申请情况", "", "| | | " + " | ".join(t.applicant_header[1:]) + " |",
            "|" + "---|" * (len(t.applicant_columns) + 2)]
    out += ["| " + " | ".join([group or "", label, *cells]) + " |" for group, label, _, cells in t.applications]
    out += ["", "四、政府信息公开行政复议、行政诉讼情况", "", "| " + " | ".join(REVIEW_HEAD[:9]) + " |",
            "| " + " | ".join(REVIEW_HEAD[9:]) + " |", "| " + " | ".join(t.review) + " |"]
    return "\n".join(out) + "\n"


LAYOUTS = {
    "one_per_line": one_per_line,
    "one_per_line_wrapped": lambda t: one_per_line(t, wrap=True),
    "one_per_line_space_blanks": lambda t: one_per_line(t, blank="\t\u2002"),
    "blank_separated": blank_separated,
    "blank_separated_empty_lines": lambda t: blank_separated(t, blank=""),
    "tab_rows": tab_rows,
    # resiliparse's extract_plain_text: cells two tabs apart, an empty cell four
    "tab_rows_doubled": lambda t: tab_rows(t).replace("\t", "\t\t"),
    "flat_rows": flat_rows,
    "space_aligned": space_aligned,
    "markdown": markdown,
}


def read_with_rules(text: str) -> ReportDocument:
    """``text`` tagged by the rules and reconciled (sections, then tables), as the pipeline does."""
    from gdr_nlp.document import ReportDocument
    from gdr_nlp.reconcile.sections import reconcile_sections
    from gdr_nlp.reconcile.tables import reconcile_tables
    from gdr_nlp.tag.rules import RuleTagger

    doc = ReportDocument.from_text(text, path="t.txt")
    RuleTagger()(doc)
    reconcile_sections(doc)
    reconcile_tables(doc)
    return doc
