"""The table region's cell separator (resiliparse's ``extract_plain_text`` writes a row's cells two
tabs apart, an empty cell as four): two tabs only when every run of tabs is of even length; a single
tab anywhere keeps one-tab cells, where two tabs are an empty cell between two others. Every cell of
every table read through that layout: ``test_tables.py`` (layout ``tab_rows_doubled``)."""

from __future__ import annotations

from gdr_nlp.tag.layout import _tab_separator


def test_separator_is_two_tabs_only_when_every_run_is_even() -> None:
    assert _tab_separator(["a\t\t1\t\t2", "b\t\t3\t\t\t\t4", "c\t\t5\t\t6"]) == "\t\t"
    # one single tab: two tabs are an empty cell between two others
    assert _tab_separator(["a\t\t1\t\t2", "b\t\t3\t\t4", "c\t5\t\t6"]) == "\t"
    # too few lines to tell a separator from empty cells
    assert _tab_separator(["a\t\t1", "b\t2"]) == "\t"
