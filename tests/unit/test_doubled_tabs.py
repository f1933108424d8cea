"""Cells two tabs apart (resiliparse's ``extract_plain_text`` writes a table row so, an empty cell as
four tabs): the region's separator is two tabs only when every run of tabs is of even length; a
single tab anywhere keeps one-tab cells, where two tabs are an empty cell between two others."""

from __future__ import annotations

from gdr_nlp.document import ReportDocument
from gdr_nlp.reconcile.schema import TABLES
from gdr_nlp.reconcile.sections import reconcile_sections
from gdr_nlp.reconcile.tables import reconcile_tables
from gdr_nlp.tag.layout import _tab_separator
from gdr_nlp.tag.rules import RuleTagger

HEAD = "某县人民政府2021年政府信息公开工作年度报告\n一、总体情况\n本年度工作正常开展。\n三、收到和处理政府信息公开申请情况\n\n"
TAIL = "\n四、因政府信息公开工作被申请行政复议、行政诉讼情况\n\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
ROWS = TABLES["2021"]["applications"].rows
VALUES = {row.key: [0, 0, 0, 0, 0, 0, 0] for row in ROWS}
VALUES.update(new_received=[13, 2, 0, 1, 0, 0, 16], granted=[6, 1, 0, 0, 0, 0, 7], partial=[2, 0, 0, 0, 0, 0, 2],
              unable_not_held=[3, 1, 0, 0, 0, 0, 4], other_overdue_correction=[1, 0, 0, 0, 0, 0, 1],
              other_overdue_fee=[0, 0, 2, 0, 0, 0, 2], total_processed=[12, 2, 2, 0, 0, 0, 16])
COLUMNS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")


def _table(sep: str) -> str:
    head = sep.join(["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"])
    lines = [head] + [sep.join([row.label, *map(str, VALUES[row.key])]) for row in ROWS]
    return HEAD + "\n".join(lines) + TAIL


def _read(text: str) -> dict:
    doc = RuleTagger()(ReportDocument.from_text(text, path="t.txt"))
    reconcile_sections(doc)
    reconcile_tables(doc)
    return doc.tables["applications"]


def test_cells_two_tabs_apart_read_as_one_tab_apart() -> None:
    for sep in ("\t", "\t\t"):
        table = _read(_table(sep))
        for row in ROWS:
            assert [table[row.key][c]["value"] for c in COLUMNS] == VALUES[row.key], (repr(sep), row.key)


def test_separator_is_two_tabs_only_when_every_run_is_even() -> None:
    assert _tab_separator(["a\t\t1\t\t2", "b\t\t3\t\t\t\t4", "c\t\t5\t\t6"]) == "\t\t"
    # one single tab: two tabs are an empty cell between two others
    assert _tab_separator(["a\t\t1\t\t2", "b\t\t3\t\t4", "c\t5\t\t6"]) == "\t"
    # too few lines to tell a separator from empty cells
    assert _tab_separator(["a\t\t1", "b\t2"]) == "\t"
