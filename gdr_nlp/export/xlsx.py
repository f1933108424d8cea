"""One workbook per report in the official grids (国办公开办函〔2021〕30号 layout), for people who read reports.

Sheets: 复核 review (the report's own verdict first), 表二 with its 第二十条第（X）项 groups,
表三 with the parent rows 三、本年度办理结果 and （三）…（六） as merged cells, 表四 as the
official 5+5+5 row, then the checks (Chinese and English) and the metrics. Every sheet starts
with the agency and year. The bytes are reproducible: fixed document times and zip entry times.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from typing import Any

from gdr_nlp.export.tables import TABLE_LABELS, column_label, review_text, table_def
from gdr_nlp.reconcile.schema import (
    APPLICANT_KEYS,
    LEGAL_PERSON_SUBTOTAL,
    REVIEW_COLUMN_KEYS,
    REVIEW_GROUPS,
    TABLES,
    RowDef,
)

SHEETS = ("复核 review", "表二 主动公开", "表三 依申请", "表四 复议诉讼", "检查 checks", "指标 metrics")
FIXED_TIME = datetime(2000, 1, 1)
_RESULTS_PARENT = "三、本年度办理结果"
_STATUS = {"pass": "通过 pass", "fail": "不通过 fail", "not_assessable": "无法判断 not assessable"}
# Chinese wording of each check family (by id prefix); the English rule is the check's own ``rule``
CHECK_RULES_ZH = {
    "applications.balance": "勾稽关系：本年新收＋上年结转＝办理结果总计＋结转下年度",
    "applications.results_sum": "办理结果（一）至（六）之和＝（七）总计",
    "applications.row_sum": "各类申请人之和＝总计",
    "applications.subtotal": "法人或其他组织五类之和＝小计",
    "review_litigation.group_sum": "结果维持＋结果纠正＋其他结果＋尚未审结＝总计",
    "proactive.nonneg": "数量不为负数",
    "narrative.": "正文所述数字与表格一致",
    "completeness.": "官方表格单元是否齐全",
}


def check_rule_zh(check_id: str) -> str:
    return next((zh for prefix, zh in CHECK_RULES_ZH.items() if check_id.startswith(prefix)), "")


class _Sheet:
    """A worksheet filled row by row, with merges and bold cells noted as it goes."""

    def __init__(self, wb: Any, title: str, result: dict[str, Any], heading: str) -> None:
        from openpyxl.styles import Alignment, Font

        self.ws = wb.create_sheet(title)
        self.bold, self.wrap = Font(bold=True), Alignment(wrap_text=True, vertical="center")
        self.last = 0  # last row used
        report = result.get("report") or {}
        self.row([heading], bold=True)
        self.row(["机关 Agency", report.get("agency"), "年度 Year", report.get("year"),
                  "格式 Format", report.get("format_version")], bold=True)
        self.row(["需要复核 Review", review_text(result.get("review"))], bold=True)
        self.row([])

    def row(self, values: list[Any], *, bold: bool = False, at: int | None = None) -> int:
        r = at or self.last + 1
        self.last = max(self.last, r)
        for c, value in enumerate(values, start=1):
            if isinstance(value, str):  # control characters are illegal in xlsx; lone surrogates unencodable
                value = _ILLEGAL.sub("", value).encode("utf-8", errors="backslashreplace").decode("utf-8")
            cell = self.ws.cell(r, c, value)
            if bold:
                cell.font = self.bold
        return r

    def merge(self, r1: int, c1: int, r2: int, c2: int) -> None:
        if (r1, c1) != (r2, c2):
            self.ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        self.ws.cell(r1, c1).alignment = self.wrap

    def widths(self, *widths: float) -> None:
        from openpyxl.utils import get_column_letter

        for i, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width


def _value(cell: dict[str, Any] | None) -> Any:
    if not cell:
        return None
    return cell["value"] if cell.get("kind") == "number" else cell.get("raw")


def _proactive(sheet: _Sheet, result: dict[str, Any]) -> None:
    tdef = table_def(result, "proactive")
    rows = (result.get("tables") or {}).get("proactive") or {}
    width = 1 + max(len(r.columns) for r in tdef.rows)
    caption = None
    for rdef in tdef.rows:
        if rdef.caption != caption:
            caption = rdef.caption
            r = sheet.row([caption], bold=True)
            sheet.merge(r, 1, r, width)
            sheet.row(["信息内容", *[tdef.columns[c].label for c in rdef.columns]], bold=True)
        sheet.row([rdef.label, *[_value(rows.get(rdef.key, {}).get(c)) for c in rdef.columns]])
    for key in rows.keys() - {r.key for r in tdef.rows}:  # a row of the other version
        sheet.row([key, *[_value(cell) for cell in rows[key].values()]])
    sheet.widths(28, *[16] * (width - 1))


def _application_rows(result: dict[str, Any], rows: dict[str, Any]) -> list[RowDef]:
    """The official rows of the report's version; where the report has the other version's （六）, those."""
    tdef = table_def(result, "applications")
    if rows.keys() - {r.key for r in tdef.rows}:
        other = next(t["applications"] for t in TABLES.values() if t["applications"] is not tdef)
        if len(rows.keys() - {r.key for r in other.rows}) < len(rows.keys() - {r.key for r in tdef.rows}):
            return list(other.rows)
    return list(tdef.rows)


def _applications(sheet: _Sheet, result: dict[str, Any]) -> None:
    rows = (result.get("tables") or {}).get("applications") or {}
    cols = list(APPLICANT_KEYS)
    if any(LEGAL_PERSON_SUBTOTAL.key in cells for cells in rows.values()):
        cols.insert(cols.index("total"), LEGAL_PERSON_SUBTOTAL.key)
    n = len(cols)
    top = sheet.row(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", None, None, "申请人情况"], bold=True)
    sheet.merge(top, 1, top + 2, 3)
    sheet.merge(top, 4, top, 3 + n)
    sheet.row([None, None, None, "自然人", "法人或其他组织", *[None] * (n - 3), "总计"], bold=True, at=top + 1)
    sheet.merge(top + 1, 4, top + 2, 4)
    sheet.merge(top + 1, 5, top + 1, 3 + n - 1)
    sheet.merge(top + 1, 3 + n, top + 2, 3 + n)
    sheet.row([None] * 4 + [column_label("applications", c) for c in cols[1:-1]], bold=True, at=top + 2)
    defs = _application_rows(result, rows)
    results = [d for d in defs if d.key not in ("new_received", "carried_over", "carried_forward")]
    first_result = None
    group_start: tuple[str, int] | None = None
    for rdef in defs:
        values = [_value(rows.get(rdef.key, {}).get(c)) for c in cols]
        if rdef in results:
            r = sheet.row([_RESULTS_PARENT if first_result is None else None, rdef.group, rdef.label, *values])
            first_result = first_result or r
            if rdef.group is None:
                sheet.merge(r, 2, r, 3)
                sheet.ws.cell(r, 2, rdef.label)
            if group_start and group_start[0] != rdef.group:
                sheet.merge(group_start[1], 2, r - 1, 2)
                group_start = None
            if rdef.group and group_start is None:
                group_start = (rdef.group, r)
        else:
            r = sheet.row([rdef.label, None, None, *values])
            sheet.merge(r, 1, r, 3)
    if first_result is not None:
        sheet.merge(first_result, 1, first_result + len(results) - 1, 1)
    for key in rows.keys() - {d.key for d in defs}:
        sheet.row([key, None, None, *[_value(rows[key].get(c)) for c in cols]])
    sheet.widths(14, 16, 44, *[11] * n)


def _review_litigation(sheet: _Sheet, result: dict[str, Any]) -> None:
    groups = (result.get("tables") or {}).get("review_litigation") or {}
    labels = [column_label("review_litigation", c) for c in REVIEW_COLUMN_KEYS]
    top = sheet.row([REVIEW_GROUPS["review"], *[None] * 4, "行政诉讼"], bold=True)
    sheet.merge(top, 1, top, 5)
    sheet.merge(top, 6, top, 15)
    sheet.row([*labels, REVIEW_GROUPS["litigation_direct"], *[None] * 4, REVIEW_GROUPS["litigation_after_review"]],
              bold=True, at=top + 1)
    for c in range(1, 6):
        sheet.merge(top + 1, c, top + 2, c)
    sheet.merge(top + 1, 6, top + 1, 10)
    sheet.merge(top + 1, 11, top + 1, 15)
    sheet.row([None] * 5 + labels * 2, bold=True, at=top + 2)
    sheet.row([_value(groups.get(g, {}).get(c)) for g in REVIEW_GROUPS for c in REVIEW_COLUMN_KEYS])
    sheet.widths(*[11] * 15)


def _checks(sheet: _Sheet, result: dict[str, Any]) -> None:
    sheet.row(["编号 id", "状态 status", "规则 rule (中文)", "rule (English)", "左边 lhs", "右边 rhs", "建议 suggestion"], bold=True)
    for check in result.get("checks", []):
        sug = check.get("suggestion")
        sheet.row([check["id"], _STATUS.get(check["status"], check["status"]), check_rule_zh(check["id"]),
                   check.get("rule"), check.get("lhs"), check.get("rhs"), str(sug) if sug else None])
    sheet.widths(40, 16, 40, 50, 10, 10, 40)


def _metrics(sheet: _Sheet, result: dict[str, Any]) -> None:
    keys = ("type", "value", "unit", "qualifier", "subject", "section")
    sheet.row(["类型 type", "数值 value", "单位 unit", "限定 qualifier", "对象 subject", "章节 section"], bold=True)
    for metric in result.get("metrics", []):
        sheet.row([metric.get(k) for k in keys])
    sheet.widths(20, 12, 8, 14, 40, 18)


def _review(sheet: _Sheet, result: dict[str, Any]) -> None:
    review = result.get("review") or {"needed": False, "reasons": []}
    sheet.row(["复核理由 reasons"], bold=True)
    for reason in review.get("reasons") or []:
        sheet.row([reason])
    sheet.row(["文件 file", (result.get("source") or {}).get("path")])
    sheet.widths(24, 100)


def to_xlsx(result: dict[str, Any]) -> bytes:
    """The workbook of one contract dict, as reproducible bytes."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    headings = ["复核 review", *TABLE_LABELS.values(), "检查 checks", "指标 metrics"]
    for title, heading, fill in zip(SHEETS, headings, (_review, _proactive, _applications, _review_litigation, _checks, _metrics)):
        fill(_Sheet(wb, title, result, heading), result)
    wb.properties.created = wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue())


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CORE_TIME = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)")


def _fixed_zip(data: bytes) -> bytes:
    """Same content, same bytes: zip entry times and the document's own times fixed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_TIME.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", body)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()
