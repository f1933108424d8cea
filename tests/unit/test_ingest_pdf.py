"""PDF backend: ruled tables, text-position fallback, page furniture, realdev reports."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from gdr_nlp.ingest import load

H = 842.0  # A4 height; the builder below takes top-based coordinates like pdfplumber's
FONT = "STSong-Light"


class _Page:
    """Draws with top-left coordinates on a reportlab canvas."""

    def __init__(self, canvas: Any) -> None:
        self.c = canvas

    def text(self, x: float, top: float, s: str, size: float = 12) -> None:
        self.c.setFont(FONT, size)
        self.c.drawString(x, H - top - size, s)

    def hline(self, x0: float, x1: float, top: float) -> None:
        self.c.line(x0, H - top, x1, H - top)

    def vline(self, x: float, top: float, bottom: float) -> None:
        self.c.line(x, H - top, x, H - bottom)


def _grid(p: _Page, xs: list[float], tops: list[float], skip_v: dict[int, set[int]] | None = None) -> None:
    """Rules for a table: horizontal lines at ``tops``, vertical at ``xs`` except where a row merges cells."""
    for t in tops:
        p.hline(xs[0], xs[-1], t)
    for r in range(len(tops) - 1):
        for k, x in enumerate(xs):
            if k not in (skip_v or {}).get(r, set()):
                p.vline(x, tops[r], tops[r + 1])


def _build(path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    c = canvas.Canvas(str(path), pagesize=(595, H))
    p = _Page(c)

    # page 1: running header, title, a ruled 表二 with a full-width caption row, "- 1 -" footer
    p.text(230, 30, "某市人民政府办公室", 9)
    p.text(90, 100, "某市人民政府2024年政府信息公开工作年度报告", 16)
    p.text(72, 150, "一、总体情况。本年主动公开政府信息 120 条。", 12)
    xs = [72, 250, 340, 430, 520]
    tops = [200, 224, 248, 272, 296]
    _grid(p, xs, tops, skip_v={0: {1, 2, 3}})
    p.text(80, 206, "第二十条第（一）项", 10.5)
    for x, s in zip(xs, ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        p.text(x + 4, 230, s, 10.5)
    for top, row in ((254, ["规章", "1", "0", "11"]), (278, ["行政规范性文件", "8", "26", "66"])):
        for x, s in zip(xs, row):
            p.text(x + 4, top, s, 10.5)
    p.text(280, 800, "- 1 -", 10.5)
    c.showPage()

    # page 2: 表三 with a vertical side label (rows 0-3), a wrapped row label, and a page number
    # printed inside the table's last row, which runs into the footer area
    p.text(230, 30, "某市人民政府办公室", 9)
    p.text(72, 600, "三、收到和处理政府信息公开申请情况", 14)
    xs = [72, 96, 300, 380, 460, 523]
    tops = [640, 664, 700, 724, 748, 812]
    for k, t in enumerate(tops):
        p.hline(xs[0] if k in (0, 4, 5) else xs[1], xs[-1], t)  # the side label cell has no inner rules
    for r in range(5):
        for k, x in enumerate(xs):
            if not (r == 4 and k == 1):  # 四、结转… spans the first two columns
                p.vline(x, tops[r], tops[r + 1])
    for i, ch in enumerate("三、办理结果"):
        p.text(79, 644 + i * 16, ch, 10.5)
    p.text(100, 646, "（一）予以公开", 10.5)
    p.text(100, 667, "（二）部分公开（区分处理的，只计这一", 10.5)
    p.text(100, 682, "情形，不计其他情形）", 10.5)
    p.text(100, 706, "（三）不予公开", 10.5)
    p.text(100, 730, "（七）总计", 10.5)
    for top, nums in ((646, "505"), (676, "202"), (706, "101"), (730, "808")):
        for x, s in zip(xs[2:], nums):
            p.text(x + 30, top, s, 10.5)
    p.text(80, 790, "四、结转下年度继续办理", 10.5)
    p.text(xs[2] + 30, 790, "0", 10.5)
    p.text(xs[4] + 30, 790, "0", 10.5)
    p.text(xs[3] + 22, 790, "- 2 -", 10.5)
    c.showPage()

    # page 3: an unruled table (text-position fallback), bare page number
    p.text(230, 30, "某市人民政府办公室", 9)
    p.text(72, 80, "四、政府信息公开行政复议、行政诉讼情况", 14)
    for x, s in ((72, "结果维持"), (160, "结果纠正"), (248, "总计")):
        p.text(x, 120, s, 10.5)
    for x, s in ((80, "1"), (168, "2"), (256, "3")):
        p.text(x, 140, s, 10.5)
    p.text(72, 180, "六、其他需要报告的事项", 14)
    p.text(292, 800, "3", 10.5)
    c.save()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("pdf") / "gen.pdf"
    _build(path)
    return load(path)


def _lines(doc) -> list[str]:
    return doc.text.split("\n")


def test_generated_text(generated) -> None:
    assert _lines(generated) == [
        "某市人民政府2024年政府信息公开工作年度报告",
        "一、总体情况。本年主动公开政府信息 120 条。",
        "",
        "第二十条第（一）项",
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        "规章\t1\t0\t11",
        "行政规范性文件\t8\t26\t66",
        "",
        "三、收到和处理政府信息公开申请情况",
        "",
        "三、办理结果\t（一）予以公开\t5\t0\t5",
        "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t2\t0\t2",
        "\t（三）不予公开\t1\t0\t1",
        "\t（七）总计\t8\t0\t8",
        "四、结转下年度继续办理\t\t0\t\t0",
        "",
        "四、政府信息公开行政复议、行政诉讼情况",
        "结果维持\t结果纠正\t总计",
        "1\t2\t3",
        "六、其他需要报告的事项",
    ]


def test_generated_provenance(generated) -> None:
    assert generated.source.pages == 3
    assert generated.source.media_type == "application/pdf"
    assert len(generated.lines) == len(_lines(generated))
    pages = [ln.page for ln in generated.lines]
    assert pages == sorted(pages) and set(pages) == {1, 2, 3}
    for ln in generated.lines:
        text = generated.text[ln.start : ln.end]
        assert ln.page is not None
        assert (ln.bbox is None) == (text == ""), text
    title = generated.lines[0]
    assert title.page == 1 and title.bbox is not None and 95 < title.bbox[1] < 105
    row = next(ln for ln in generated.lines if generated.text[ln.start : ln.end].startswith("规章"))
    assert row.bbox is not None and row.bbox[0] == pytest.approx(72, abs=1) and row.bbox[2] == pytest.approx(520, abs=1)
    assert generated.raw_slice(0, len(generated.text)) == generated.raw_text


def test_unruled_table_with_stacked_side_label(tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    path = tmp_path / "unruled.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, H))
    p = _Page(c)
    p.text(72, 60, "三、收到和处理政府信息公开申请情况", 14)
    for i, ch in enumerate("三、本年度办理结果"):
        p.text(72, 100 + 14 * i, ch, 10.5)
    for top, label, nums in (
        (104, "（一）予以公开", "505"),
        (132, "（二）部分公开", "202"),
        (160, "（三）不予公开", "101"),
        (188, "（七）总计", "808"),
    ):
        p.text(100, top, label, 10.5)
        for x, n in zip((300, 360, 420), nums, strict=True):
            p.text(x, top, n, 10.5)
    p.text(72, 240, "四、结转下年度继续办理", 10.5)
    for x in (300, 360, 420):
        p.text(x, 240, "0", 10.5)
    p.text(72, 280, "五、存在的主要问题及改进情况", 14)
    c.save()
    assert _lines(load(path)) == [
        "三、收到和处理政府信息公开申请情况",
        "三、本年度办理结果\t（一）予以公开\t5\t0\t5",
        "\t（二）部分公开\t2\t0\t2",
        "\t（三）不予公开\t1\t0\t1",
        "\t（七）总计\t8\t0\t8",
        "四、结转下年度继续办理\t0\t0\t0",
        "五、存在的主要问题及改进情况",
    ]


def test_layout_table_keeps_paragraph_lines(tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    path = tmp_path / "layout.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, H))
    p = _Page(c)
    _grid(p, [72, 160, 523], [100, 300])  # a two-column box around the body text
    p.text(76, 110, "一、总体情况", 10.5)
    body = [f"第{i}行政府信息公开工作正文内容，用于检验版式表格中的段落换行保留" for i in range(1, 8)]
    for i, text in enumerate(body):
        p.text(166, 110 + 20 * i, text, 10.5)
    c.save()
    assert _lines(load(path)) == ["一、总体情况", *body]


# ---- realdev -----------------------------------------------------------------------------------

_APPS = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"]
_APP_ROWS = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "denied_state_secret": "1.属于国家秘密",
    "unable_not_held": "1.本机关不掌握相关政府信息",
    "unprocessed_complaint": "1.信访举报投诉类申请",
    "total_processed": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}
_PROACTIVE_ROWS = {
    "regulations": ("规章", ["issued", "repealed", "in_force"]),
    "normative_documents": ("行政规范性文件", ["issued", "repealed", "in_force"]),
    "licensing": ("行政许可", ["decisions"]),
    "penalty": ("行政处罚", ["decisions"]),
    "coercion": ("行政强制", ["decisions"]),
    "fees": ("行政事业性收费", ["amount"]),
}
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def _numbers(cells: list[str]) -> list[float]:
    return [float(c) for c in cells if _NUMBER.match(c.strip())]


def _row(doc, label: str) -> list[str]:
    rows = [line.split("\t") for line in _lines(doc) if label in line.split("\t")]
    assert len(rows) == 1, (label, rows)
    return rows[0]


@pytest.fixture(scope="module", params=["hongze2024", "huaian2024"])
def real(request: pytest.FixtureRequest, realdev: Path):
    pdf = realdev / f"{request.param}.pdf"
    gold = json.loads((realdev / f"{request.param}.gold.json").read_text(encoding="utf-8"))
    return load(pdf), gold


def test_real_applications_rows(real) -> None:
    doc, gold = real
    apps = gold["tables"]["applications"]
    for key, label in _APP_ROWS.items():
        cells = _row(doc, label)
        after = cells[cells.index(label) + 1 :]
        assert _numbers(after) == [apps[key][col]["value"] for col in _APPS], key


def test_real_proactive_rows(real) -> None:
    doc, gold = real
    proactive = gold["tables"]["proactive"]
    for key, (label, cols) in _PROACTIVE_ROWS.items():
        assert _numbers(_row(doc, label)[1:]) == [proactive[key][col]["value"] for col in cols], key


def test_real_review_litigation_row(real) -> None:
    doc, gold = real
    rl = gold["tables"]["review_litigation"]
    expected = [
        rl[g][c]["value"]
        for g in ("review", "litigation_direct", "litigation_after_review")
        for c in ("upheld", "corrected", "other", "pending", "total")
    ]
    rows = [line.split("\t") for line in _lines(doc) if line.count("\t") >= 14 and _NUMBER.match(line.split("\t")[0])]
    assert [_numbers(r) for r in rows] == [expected]


def test_real_side_label_and_headers(real) -> None:
    doc, _ = real
    assert _row(doc, "三、本年度办理结果")[1] == "（一）予以公开"
    header = _row(doc, "商业企业")
    assert [c for c in header if c] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def test_real_no_page_furniture(real) -> None:
    doc, _ = real
    for line in _lines(doc):
        compact = line.replace(" ", "")
        assert not re.fullmatch(r"[-—–]*\d{1,3}[-—–]*", compact), line
        assert not re.search(r"-\d+-|第\d+页", compact), line


def test_real_lines_have_provenance(real) -> None:
    doc, _ = real
    assert doc.source.pages == max(ln.page for ln in doc.lines)
    assert all(ln.page is not None for ln in doc.lines)
    assert all(ln.bbox is not None for ln in doc.lines if ln.end > ln.start)
    assert doc.raw_slice(0, len(doc.text)) == doc.raw_text
