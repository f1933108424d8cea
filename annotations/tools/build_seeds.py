"""Write ``annotations/seeds.jsonl`` from hand transcriptions of the three seed reports.

Every label, attribute, table value and metric below was read off the seed
texts by a person (see ``annotations/GUIDELINES.md``); this script only finds
*where* each transcribed string sits (exact search, in document order) so the
offsets need not be typed. Nothing here calls the product's taggers or
reconcilers. Run ``gdr annotations validate annotations/seeds.jsonl`` after a
change: it re-parses every gold cell from its span and compares.

Usage::

    python annotations/tools/build_seeds.py            # rewrites annotations/seeds.jsonl
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from gdr_nlp.annotations import LABELS_VERSION, dumps_doc, normalized_text
from gdr_nlp.reconcile.schema import APPLICANT_KEYS, REVIEW_COLUMN_KEYS, TABLES

FIXTURES = REPO / "tests" / "fixtures"
OUT = REPO / "annotations" / "seeds.jsonl"


@dataclass
class Item:
    label: str
    text: str
    attrs: dict[str, Any] = field(default_factory=dict)
    cell: tuple[str, str, str] | None = None  # (table, row, column) for CELL items
    value: Any = None  # CELL: transcribed value (None = blank); "unit" in attrs for a unit
    metric: dict[str, Any] | None = None  # METRIC/METRIC_SUBJECT: the gold metric both fill in


def title(text: str) -> list[Item]:
    return [Item("TITLE", text)]


def section(text: str, key: str) -> list[Item]:
    return [Item("SECTION_HEADING", text, {"key": key})]


def sub(text: str) -> list[Item]:
    return [Item("SUBHEADING", text)]


def caption(text: str) -> list[Item]:
    return [Item("TABLE_CAPTION", text)]


def cols(*texts: str) -> list[Item]:
    return [Item("COL_HEADER", t) for t in texts]


def group(text: str) -> list[Item]:
    return [Item("ROW_LABEL", text)]


def metric(subject: str, raw: str, mtype: str, value: float, unit: str | None, *,
           qualifier: str | None = None, subject_after: bool = False) -> list[Item]:
    m = {"type": mtype, "value": value, "unit": unit, "qualifier": qualifier, "subject": subject}
    items = [Item("METRIC_SUBJECT", subject, metric=m), Item("METRIC", raw, metric=m)]
    return items[::-1] if subject_after else items


def row(table: str, key: str, label: str, values: list[Any], *, units: dict[str, str] | None = None) -> list[Item]:
    """A row label and its cells in source order; ``values`` in the row's column order."""
    if table == "applications":
        columns = APPLICANT_KEYS
    elif table == "review_litigation":
        columns = REVIEW_COLUMN_KEYS
    else:
        columns = TABLES["2019"][table].row(key).columns
    if len(values) != len(columns):
        raise ValueError(f"{table}.{key}: {len(values)} values for {len(columns)} columns")
    items = [Item("ROW_LABEL", label, {"row": key})] if label else []
    for col, v in zip(columns, values):
        attrs = {"unit": units[col]} if units and col in units else {}
        items.append(Item("CELL", "", attrs, cell=(table, key, col), value=v))
    return items


def review(values: list[Any]) -> list[Item]:
    """表四's 15 cells in source order: 行政复议, 未经复议直接起诉, 复议后起诉 × 5 results."""
    out: list[Item] = []
    for i, group_key in enumerate(("review", "litigation_direct", "litigation_after_review")):
        out += row("review_litigation", group_key, "", values[5 * i : 5 * i + 5])
    return out


_ = None  # a blank cell

# ---- 000: 重庆市涪陵区人民政府机关 -------------------------------------------------------------

REVIEW_HEAD_SPLIT = ("结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计")
REVIEW_HEAD = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
DENIED = (
    ("denied_state_secret", "1.属于国家秘密"),
    ("denied_prohibited", "2.其他法律行政法规禁止公开"),
    ("denied_security", None),  # quotes differ per seed
    ("denied_third_party", "4.保护第三方合法权益"),
    ("denied_internal", "5.属于三类内部事务信息"),
    ("denied_process", "6.属于四类过程性信息"),
    ("denied_enforcement", "7.属于行政执法案卷"),
    ("denied_query", "8.属于行政查询事项"),
)
UNABLE = (
    ("unable_not_held", "1.本机关不掌握相关政府信息"),
    ("unable_needs_creation", "2.没有现成信息需要另行制作"),
    ("unable_unclear", "3.补正后申请内容仍不明确"),
)
UNPROCESSED = (
    ("unprocessed_complaint", "1.信访举报投诉类申请"),
    ("unprocessed_duplicate", "2.重复申请"),
    ("unprocessed_publication", "3.要求提供公开出版物"),
    ("unprocessed_excessive", "4.无正当理由大量反复申请"),
    ("unprocessed_confirmation", "5.要求行政机关确认或重新出具已获取信息"),
)
PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def applications(*, split_heads: bool, groups: tuple[str, str, str], security: str,
                 values: dict[str, list[Any]]) -> list[Item]:
    """表三 in the seeds' common layout; ``values`` holds every row (7 cells each)."""
    items = caption(BALANCE_NOTE) + cols("申请人情况", "自然人", "法人或其他组织", "总计")
    if split_heads:
        items += cols("商业\n企业", "科研\n机构", "社会公益组织", "法律服务机构", "其他")
    else:
        items += cols("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
    items += row("applications", "new_received", "一、本年新收政府信息公开申请数量", values["new_received"])
    items += row("applications", "carried_over", "二、上年结转政府信息公开申请数量", values["carried_over"])
    items += group("三、本年度办理结果")
    items += row("applications", "granted", "（一）予以公开", values["granted"])
    items += row("applications", "partial", PARTIAL, values["partial"])
    items += group(groups[0])
    for key, label in DENIED:
        items += row("applications", key, label or security, values[key])
    items += group(groups[1])
    for key, label in UNABLE:
        items += row("applications", key, label, values[key])
    items += group(groups[2])
    for key, label in UNPROCESSED:
        items += row("applications", key, label, values[key])
    items += row("applications", "other_handling", "（六）其他处理", values["other_handling"])
    items += row("applications", "total_processed", "（七）总计", values["total_processed"])
    items += row("applications", "carried_forward", "四、结转下年度继续办理", values["carried_forward"])
    return items


def review_table(*, split_heads: bool, values: list[Any]) -> list[Item]:
    head = REVIEW_HEAD_SPLIT if split_heads else REVIEW_HEAD
    return cols("行政复议", "行政诉讼", *head, "未经复议直接起诉", "复议后起诉", *head, *head) + review(values)


def proactive(*, new_made: str, new_published: str, change_heads: tuple[str, str, str],
              values: dict[str, list[Any]], units: dict[str, dict[str, str]] | None = None) -> list[Item]:
    """表二 (2019 format) as the three seeds lay it out."""
    units = units or {}
    items = caption("第二十条第（一）项") + cols("信息内容", new_made, new_published, "对外公开总数量")
    items += row("proactive", "regulations", "规章", values["regulations"])
    items += row("proactive", "normative_documents", "规范性文件", values["normative_documents"])
    items += caption("第二十条第（五）项") + cols("信息内容", "上一年项目数量", change_heads[0], "处理决定数量")
    items += row("proactive", "licensing", "行政许可", values["licensing"])
    items += row("proactive", "other_services", "其他对外管理服务事项", values["other_services"])
    items += caption("第二十条第（六）项") + cols("信息内容", "上一年项目数量", change_heads[1], "处理决定数量")
    items += row("proactive", "penalty", "行政处罚", values["penalty"])
    items += row("proactive", "coercion", "行政强制", values["coercion"])
    items += caption("第二十条第（八）项") + cols("信息内容", "上一年项目数量", change_heads[2])
    items += row("proactive", "fees", "行政事业性收费", values["fees"])
    items += caption("第二十条第（九）项") + cols("信息内容", "采购项目数量", "采购总金额")
    items += row("proactive", "procurement", "政府集中采购", values["procurement"], units=units.get("procurement"))
    return items


Z3 = [0, 0, 0]
Z7 = [0] * 7
ALL_ROWS = [r.key for r in TABLES["2019"]["applications"].rows]

SEED_000 = (
    title("重庆市涪陵区人民政府机关\n2020年政府信息公开工作年度报告")
    + section("一、总体情况", "overview")
    + sub("（一）主动公开情况")
    + metric("主动公开政府信息", "124条", "proactive_items", 124, "条")
    + metric("规范性文件", "21条", "proactive_category_items", 21, "条")
    + metric("政策解读", "7条", "proactive_category_items", 7, "条")
    + metric("工作动态", "66条", "proactive_category_items", 66, "条")
    + metric("财务公开", "6条", "proactive_category_items", 6, "条")
    + metric("其他公文", "21条", "proactive_category_items", 21, "条")
    + metric("发布2020年政府工作报告及执行落实情况", "3条", "proactive_category_items", 3, "条")
    + sub("（二）依申请公开办理情况")
    + metric("受理政府信息公开申请", "8件", "applications_received", 8, "件")
    + metric("答复及时率", "100%", "reply_rate", 100, "%")
    + metric("引起行政复议", "1件", "admin_reviews", 1, "件")
    + sub("（三）政府信息管理情况")
    + metric("主动公开政策性文件的解读率", "100%", "other", 100, "%")
    + metric("工作", "23项", "tasks", 23, "项", subject_after=True)
    + sub("（四）政府信息公开平台建设情况")
    + metric("录入政府系统政务新媒体", "44个", "new_media_accounts", 44, "个")
    + sub("（五）加强监督保障")
    + section("二、主动公开政府信息情况", "proactive")
    + proactive(
        new_made="本年新制作数量",
        new_published="本年新公开数量",
        change_heads=("本年增", "本年减", "本年增"),
        values={
            "regulations": Z3,
            "normative_documents": [8, 8, 95],
            "licensing": Z3,
            "other_services": Z3,
            "penalty": Z3,
            "coercion": Z3,
            "fees": [0, 0],
            "procurement": [1, 91.82],
        },
        units={"procurement": {"amount": "万元"}},
    )
    + section("三、收到和处理政府信息公开申请情况", "applications")
    + applications(
        split_heads=True,
        groups=("（三）\n不予\n公开", "（四）\n无法\n提供", "（五）\n不予\n处理"),
        security='3.危及"三安全一稳定"',
        values={
            **{k: Z7 for k in ALL_ROWS},
            "new_received": [8, 0, 0, 0, 0, 0, 8],
            "granted": [8, 0, 0, 0, 0, 0, 8],
            "total_processed": [8, 0, 0, 0, 0, 0, 8],
        },
    )
    + section("四、政府信息公开行政复议、行政诉讼情况", "review_litigation")
    + review_table(split_heads=True, values=[0, 1, 0, 0, 1] + [0] * 10)
    + section("五、存在的主要问题及改进情况", "problems")
    + sub("（一）政府信息公开工作存在的问题")
    + sub("（二）具体解决办法和改进措施")
    + section("六、其他需要报告的事项", "other")
)

# ---- 002: 环翠区信访局 ---------------------------------------------------------------------------

B7 = [_] * 7
B6_0 = [_] * 6 + [0]

SEED_002 = (
    title("2020年环翠区信访局\n\n政府信息公开工作年度报告")
    + section("一、总体情况", "overview")
    + sub("（一）情况概述")
    + sub("（二）主动公开政府信息情况")
    + metric("公开政务信息", "95条", "proactive_items", 95, "条")
    + metric("政策文件", "1条", "proactive_category_items", 1, "条")
    + metric("财政预决算信息", "2条", "proactive_category_items", 2, "条")
    + metric("部门工作", "91条", "proactive_category_items", 91, "条")
    + metric("公开指南信息", "1条", "proactive_category_items", 1, "条")
    + sub("（三）政府信息公开申请办理情况")
    + sub("（四）制度建设及政府信息管理情况")
    + sub("政府平台建设情况")
    + sub("（六）监督保障情况")
    + section("主动公开政府信息情况", "proactive")
    + proactive(
        new_made="本年新\n制作数量",
        new_published="本年新\n公开数量",
        change_heads=("本年增/减", "本年增/减", "本年增/减"),
        values={
            "regulations": Z3,
            "normative_documents": Z3,
            "licensing": Z3,
            "other_services": Z3,
            "penalty": Z3,
            "coercion": Z3,
            "fees": [0, 0],
            "procurement": [0, 0],
        },
    )
    + section("三、收到和处理政府信息公开申请情况", "applications")
    + applications(
        split_heads=False,
        groups=("（三）不予\n\n公开", "（四）无法\n\n提供", "（五）不予\n\n处理"),
        security="3.危及“三安全一稳定”",
        values={**{k: B7 for k in ALL_ROWS}, "new_received": B6_0, "carried_over": B6_0, "total_processed": B6_0},
    )
    + section("四、政府信息公开行政复议、行政诉讼情况", "review_litigation")
    + review_table(split_heads=False, values=[_, _, _, _, 0] * 3)
    + section("五、存在的主要问题及改进情况", "problems")
    + section("六、其他需要报告的事项", "other")
)

# ---- 004: 相山区渠沟镇政府 -------------------------------------------------------------------------

SEED_004 = (
    title("相山区渠沟镇政府2020年政府信息公开\n工作年度报告")
    + section("一、总体情况", "overview")
    + sub("（一）主动公开情况。")
    + metric("主动公开各类信息", "1176条", "proactive_items", 1176, "条")
    + sub("（二）依申请公开情况。")
    + sub("（三）政府信息管理情况")
    + sub("（四）平台建设情况")
    + sub("（五）贯彻新条例")
    + sub("（六）监督保障情况")
    + metric("指定政府信息公开工作专职人员", "1名", "staff", 1, "名")
    + metric("组织全镇政府信息公开培训", "4次", "training_sessions", 4, "次")
    + section("二、主动公开政府信息情况", "proactive")
    + proactive(
        new_made="本年新",
        new_published="本年新\n公开数量",
        change_heads=("本年增/减", "本年增/减", "本年增/减"),
        values={
            "regulations": Z3,
            "normative_documents": Z3,
            "licensing": Z3,
            "other_services": Z3,
            "penalty": Z3,
            "coercion": Z3,
            "fees": [0, 0],
            "procurement": [0, 0],
        },
    )
    + section("三、收到和处理政府信息公开申请情况", "applications")
    + applications(
        split_heads=False,
        groups=("（三）不予公开", "（四）无法提供", "（五）不予处理"),
        security="3.危及“三安全一稳定”",
        values={k: Z7 for k in ALL_ROWS},
    )
    + section("四、政府信息公开行政复议、行政诉讼情况", "review_litigation")
    + review_table(split_heads=False, values=[0] * 15)
    + section("五、存在的主要问题及改进情况", "problems")
    + sub("（一）存在主要问题")
    + sub("（二）改进情况")
    + section("六、其他需要报告的事项", "other")
)

SEEDS = {
    "000_78cf330bb6c558ff": (SEED_000, {"agency": "重庆市涪陵区人民政府机关"}),
    "002_8da0703449234f71": (SEED_002, {"agency": "环翠区信访局"}),
    "004_e13168e6f2a5bcda": (SEED_004, {"agency": "相山区渠沟镇政府"}),
}


def _cell_span(text: str, cursor: int) -> tuple[int, int, int]:
    """(start, end, new cursor) of the next cell line at or after ``cursor``'s next line."""
    pos = text.index("\n", cursor) + 1
    while not text.startswith("\t", pos):
        pos = text.index("\n", pos) + 1  # empty separator lines
    line_end = text.index("\n", pos)
    content_start = pos + 1
    content = text[content_start:line_end]
    stripped = content.strip()
    if stripped:
        start = content_start + content.index(stripped)
        return start, start + len(stripped), line_end
    return content_start, line_end, line_end  # whitespace cell, or zero-length when none


def locate(text: str, items: list[Item]) -> tuple[list[dict[str, Any]], dict[str, Any], list[dict[str, Any]]]:
    """Spans, gold tables and gold metrics (without sections) for ``items`` in order."""
    spans: list[dict[str, Any]] = []
    tables: dict[str, Any] = {}
    metrics: list[dict[str, Any]] = []
    cursor = 0
    for item in items:
        if item.label == "CELL":
            start, end, cursor = _cell_span(text, cursor)
            kind = "empty" if item.value is None else "number"
            spans.append({"start": start, "end": end, "label": "CELL", "attrs": {"kind": kind}})
            table, row_key, col = item.cell  # type: ignore[misc]
            cell = {"value": item.value, "kind": kind, **item.attrs, "span": [start, end]}
            tables.setdefault(table, {}).setdefault(row_key, {})[col] = cell
            continue
        start = text.index(item.text, cursor)
        end = start + len(item.text)
        cursor = end
        span: dict[str, Any] = {"start": start, "end": end, "label": item.label}
        if item.label == "METRIC_SUBJECT":
            item.metric["subject_span"] = [start, end]  # type: ignore[index]
        elif item.metric is not None:
            m = item.metric
            span["attrs"] = {k: m[k] for k in ("type", "value", "unit", "qualifier")}
            m["span"] = [start, end]
            metrics.append(m)
        elif item.attrs:
            span["attrs"] = dict(item.attrs)
        spans.append(span)
    return spans, tables, metrics


def sections_of(text: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    heads = [s for s in spans if s["label"] == "SECTION_HEADING"]
    out = []
    for i, h in enumerate(heads):
        end = heads[i + 1]["start"] if i + 1 < len(heads) else len(text)
        end = len(text[:end].rstrip())
        out.append({"key": h["attrs"]["key"], "heading": text[h["start"] : h["end"]], "start": h["start"], "end": end})
    return out


def build(doc_id: str) -> dict[str, Any]:
    items, report = SEEDS[doc_id]
    path = FIXTURES / f"{doc_id}.txt"
    text = normalized_text(path)
    spans, tables, metrics = locate(text, items)
    sections = sections_of(text, spans)
    title_text = next(text[s["start"] : s["end"]] for s in spans if s["label"] == "TITLE")
    for m in metrics:
        m["section"] = next(s["key"] for s in sections if s["start"] <= m["span"][0] < s["end"])
    return {
        "id": doc_id,
        "source": path.name,
        "text": text,
        "labels_version": LABELS_VERSION,
        "spans": spans,
        "gold": {
            "report": {"title": "".join(title_text.split()), **report, "year": 2020, "format_version": "2019",
                       "variants": []},
            "sections": sections,
            "tables": tables,
            "metrics": metrics,
        },
    }


def main() -> int:
    lines = [dumps_doc(build(doc_id)) for doc_id in SEEDS]
    OUT.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"wrote {OUT} ({len(lines)} documents)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
