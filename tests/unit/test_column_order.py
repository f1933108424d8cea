"""表三 written column by column (issue 10, the pdfminer class): read in column order only when
the arithmetic confirms it; otherwise left to review.

Generated reports get their 表三 written the way pdfminer.six's ``extract_text`` writes a
table from a word processor's PDF (``../shared/realdev`` through pdfminer shows it): per page,
the row labels, then the column headers, then the numbers one column after another, the
总计 column's box sometimes out of turn. The realdev PDFs are read through pdfminer itself.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from gdr_nlp.check.review import assess_review
from gdr_nlp.check.rules import run_table_checks
from gdr_nlp.document import ReportDocument
from gdr_nlp.ingest import load
from gdr_nlp.reconcile.schema import TABLES
from gdr_nlp.reconcile.sections import reconcile_sections
from gdr_nlp.reconcile.tables import reconcile_tables
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth import SynthDoc, generate_one
from gdr_nlp.tag.rules import RuleTagger
from tests.conftest import REALDEV

SEED = 3131
HEADERS = {"natural_person": "自然人", "commercial": "商业企业", "research": "科研机构", "social_org": "社会公益组织",
           "legal_service": "法律服务机构", "legal_person_subtotal": "小计", "other_org": "其他", "total": "总计"}


def _read(text: str) -> ReportDocument:
    doc = ReportDocument.from_text(text, path="column-order.txt")
    RuleTagger()(doc)
    reconcile_sections(doc)
    reconcile_tables(doc)
    doc.checks = run_table_checks(doc)
    assess_review(doc)
    return doc


def _label(key: str) -> str:
    return next(r.label for v in TABLES for r in TABLES[v]["applications"].rows if r.key == key)


def _column_text(doc: SynthDoc, *, total_first_on_page: int | None = None, swap: bool = False,
                 gold: dict | None = None, one_page: bool = False) -> str:
    """``doc``'s text with its 表三 (or ``gold``'s) written column by column in two page blocks (one)."""
    gold = gold or doc.gold()["tables"]["applications"]
    rows = list(gold)
    columns = list(gold[rows[0]])
    out: list[str] = []
    for page, block in enumerate((rows,) if one_page else (rows[:13], rows[13:]), start=1):
        out += [_label(r) for r in block]
        out += [HEADERS[c] for c in columns] if page == 1 else []
        order = list(columns)
        if page == total_first_on_page:  # the 总计 box ahead of the 其他 box
            order.remove("total")
            order.insert(order.index("other_org"), "total")
        values = [str(gold[r][c]["value"]) for c in order for r in block]
        if swap and page == 2:  # two numbers of one column exchanged: no longer the source's table
            i = next(i for i in range(len(values) - 1) if values[i] != values[i + 1])
            values[i], values[i + 1] = values[i + 1], values[i]
        out += values
        out += [f"- {page} -"]
    lines = doc.text_and_spans()[0].splitlines()
    start = next(i for i, line in enumerate(lines) if "收到和处理" in line)
    end = next(i for i, line in enumerate(lines) if i > start and "行政复议" in line and line.endswith("情况"))
    return "\n".join([*lines[: start + 1], *out, *lines[end:]]) + "\n"


def _proactive_column_text(doc: SynthDoc) -> str:
    """``doc``'s text with its 表二 written the way pdfminer writes it: every row label, then each
    第二十条 part's numbers column after column."""
    gold = doc.gold()["tables"]["proactive"]
    rows = [r for r in TABLES[doc.version]["proactive"].rows if r.key in gold]
    out = [r.label for r in rows]
    for _, part in itertools.groupby(rows, key=lambda r: r.caption):
        part = list(part)
        for c in part[0].columns:
            for r in part:
                cell = gold[r.key][c]
                out.append(f"{cell['value']:g}万元" if c == "amount" else str(cell["value"]))
    lines = doc.text_and_spans()[0].splitlines()
    start = next(i for i, line in enumerate(lines) if "主动公开政府信息情况" in line)
    end = next(i for i, line in enumerate(lines) if i > start and "收到和处理" in line)
    return "\n".join([*lines[: start + 1], *out, *lines[end:]]) + "\n"


def _docs() -> list[SynthDoc]:
    """Generated reports with every 表三 cell a number: 2021, 2019, the single （六） row, the 小计 column."""
    found: dict[tuple[str, tuple[str, ...]], SynthDoc] = {}
    for i in range(40):
        doc = generate_one(i, seed=SEED, layouts=("tab_cells",))
        gold = doc.gold()["tables"]["applications"]
        if all(c["kind"] == "number" for cols in gold.values() for c in cols.values()):
            found.setdefault((doc.version, tuple(sorted(doc.variants))), doc)
    return list(found.values())[:4]


DOCS = _docs()


@pytest.mark.parametrize("doc", DOCS, ids=[f"{d.version}-{'+'.join(d.variants) or 'plain'}" for d in DOCS])
@pytest.mark.parametrize("total_first_on_page", [None, 1])
def test_column_written_table_reads_as_the_gold(doc: SynthDoc, total_first_on_page: int | None) -> None:
    read = _read(_column_text(doc, total_first_on_page=total_first_on_page))
    gold = doc.gold()["tables"]["applications"]
    score = score_tables({"applications": read.tables["applications"]}, {"applications": gold})
    assert score.mismatches == [] and score.correct == score.total
    assert any("column after column" in w for w in read.warnings)
    assert not any(n.startswith("applications") for n in read.review_notes)


@pytest.mark.parametrize("doc", DOCS, ids=[f"{d.version}-{'+'.join(d.variants) or 'plain'}" for d in DOCS])
def test_column_written_proactive_table_reads_as_the_gold_and_asks_for_review(doc: SynthDoc) -> None:
    read = _read(_proactive_column_text(doc))
    gold = doc.gold()["tables"]["proactive"]
    score = score_tables({"proactive": read.tables["proactive"]}, {"proactive": gold})
    assert score.mismatches == [] and score.correct == score.total
    # 表二 has no sums: the reading is right here, but nothing in the report can confirm it
    assert any(n.startswith("proactive: the row labels run ahead") for n in read.review_notes)
    assert read.review["needed"]


def test_column_reading_is_not_taken_when_the_sums_break() -> None:
    doc = DOCS[0]
    read = _read(_column_text(doc, swap=True))
    assert not any("column after column" in w for w in read.warnings)
    assert read.review["needed"]


@pytest.mark.parametrize("total_first", [False, True])
def test_readings_the_sums_cannot_tell_apart_go_to_review(total_first: bool) -> None:
    # only natural persons applied: the 自然人 column equals 总计, so on one page "总计 first" fits
    # every sum as well as the printed order, with the totals under another applicant
    doc = DOCS[0]
    gold = {r: {c: {"kind": "number", "value": cells["total"]["value"] if c in ("natural_person", "total") else 0}
                for c in cells} for r, cells in doc.gold()["tables"]["applications"].items()}
    read = _read(_column_text(doc, gold=gold, one_page=True, total_first_on_page=1 if total_first else None))
    assert any("fit the grid in" in n for n in read.review_notes)
    assert read.review["needed"]
    score = score_tables({"applications": read.tables["applications"]}, {"applications": gold})
    if total_first:  # the printed order does not fit, the two that do disagree: neither is taken
        assert any("none was taken" in n for n in read.review_notes)
        assert not any("column after column" in w for w in read.warnings)
    else:  # the printed order is taken, and it is the source's
        assert any("the printed column order was taken" in n for n in read.review_notes)
        assert score.mismatches == [] and score.correct == score.total


def test_row_by_row_text_is_read_as_before() -> None:
    doc = DOCS[0]
    read = _read(doc.text_and_spans()[0])
    assert score_tables(read.tables, doc.gold()["tables"]).mismatches == []
    assert not any("column after column" in w for w in read.warnings)


REALDEV_GOLD = sorted(REALDEV.glob("*.gold.json")) if REALDEV.is_dir() else []


@pytest.mark.parametrize("gold_path", REALDEV_GOLD, ids=[p.name.split(".")[0] for p in REALDEV_GOLD])
def test_realdev_through_pdfminer_reads_its_tables(gold_path: Path, tmp_path: Path) -> None:
    pytest.importorskip("pdfminer")
    from gdr_nlp.synth.convert import convert

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text_file = Path(convert("pdfminer", gold_path.with_name(gold["file"]), tmp_path))
    doc = load(text_file)
    RuleTagger()(doc)
    reconcile_sections(doc)
    reconcile_tables(doc)
    score = score_tables({"applications": doc.tables["applications"]}, {"applications": gold["tables"]["applications"]})
    assert score.mismatches == [] and score.correct == score.total
    assert [c["id"] for c in run_table_checks(doc) if c["status"] == "fail"] == []
    proactive = score_tables({"proactive": doc.tables["proactive"]}, {"proactive": gold["tables"]["proactive"]})
    assert proactive.mismatches == [] and proactive.correct == proactive.total
    assert any(n.startswith("proactive: the row labels run ahead") for n in doc.review_notes)
