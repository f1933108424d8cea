"""Multi-year series of synthetic reports with planted cross-year breaks (issue 14, part 5).

``generate_series(n_agencies, seed=...)`` draws each agency's reports over consecutive
years with the existing generator (``synth._doc``), after chaining the tables so that
the years agree the way real ones should:

* 表三: this year's 上年结转 (``carried_over``) = last year's 结转下年度 (``carried_forward``),
  per applicant column; the report stays balanced (新收 absorbs the difference).
* 表二 (2021 format, both years): 现行有效 this year = last year's + 本年制发 − 本年废止.
* An overview sentence states this year's 新收申请 and its change on last year
  (同比增长N% / 较上年减少N件 …), true unless planted false.

Breaks are planted at random and recorded in ``Series.breaks`` as gold: which
``crossyear.`` check ids must fail for which agency and pair of years. Nothing else may
fail: the only differences between years are the planted ones.
"""

from __future__ import annotations

import copy
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gdr_nlp.compare import agency_key
from gdr_nlp.reconcile import schema
from gdr_nlp.synth import LAYOUTS, SynthDoc, _agency, _doc, narrative, write_file
from gdr_nlp.synth.tables import TableData, _set, make_tables

FIRST_YEAR, LAST_YEAR = 2019, 2025
STOCK_ROWS = ("regulations", "normative_documents")
# 新收 sentence frames: {N} this year's count; the change follows after a comma
_RECEIVED = ("共受理政府信息公开申请", "全年收到政府信息公开申请", "本年度新收政府信息公开申请")


@dataclass
class Series:
    """Reports of several agencies over consecutive years, with the planted breaks."""

    docs: list[SynthDoc]
    breaks: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)  # the true year-over-year sentences, shaped like breaks

    def expected_failures(self) -> set[tuple[str, str, tuple[int, int]]]:
        """(check id, agency key, (last year, this year)) of every planted break that can fail."""
        return _keys(self.breaks)

    def expected_passing_claims(self) -> set[tuple[str, str, tuple[int, int]]]:
        """The same for the true year-over-year sentences whose cells can be read."""
        return _keys(self.claims)


def _keys(entries: list[dict[str, Any]]) -> set[tuple[str, str, tuple[int, int]]]:
    return {(cid, agency_key(b["agency"]), (b["years"][0], b["years"][1])) for b in entries for cid in b["checks"]}


def _fix_row_totals(td: TableData, row: str) -> None:
    cols = td.app_cols
    val = {c: td.gold[("applications", row, c)]["value"] for c in cols}
    if "legal_person_subtotal" in cols:
        _set(td, ("applications", row, "legal_person_subtotal"), sum(val[c] for c in schema.APPLICANT_PARTS[1:]))
    _set(td, ("applications", row, "total"), sum(val[c] for c in schema.APPLICANT_PARTS))


def _set_carried_over(td: TableData, part: str, value: int) -> None:
    """Set one column's 上年结转 and keep the report balanced (新收 = 办理 + 结转下年 − 上年结转)."""
    A = "applications"
    g = lambda r: td.gold[(A, r, part)]["value"]  # noqa: E731
    deficit = value - g("total_processed") - g("carried_forward")
    if deficit > 0:  # more carried over than handled: the extra was granted this year
        first_result = td.app_rows[2].key
        _set(td, (A, first_result, part), g(first_result) + deficit)
        _set(td, (A, "total_processed", part), g("total_processed") + deficit)
        _fix_row_totals(td, first_result)
        _fix_row_totals(td, "total_processed")
    _set(td, (A, "carried_over", part), value)
    _set(td, (A, "new_received", part), g("total_processed") + g("carried_forward") - value)
    _fix_row_totals(td, "carried_over")
    _fix_row_totals(td, "new_received")


def _chain(td: TableData, prev: TableData) -> None:
    for part in schema.APPLICANT_PARTS:
        _set_carried_over(td, part, prev.gold[("applications", "carried_forward", part)]["value"])
    if td.version == prev.version == "2021":
        for row in STOCK_ROWS:
            v = lambda t, c: t.gold[("proactive", row, c)]["value"]  # noqa: E731
            repealed = min(v(td, "repealed"), v(prev, "in_force") + v(td, "issued"))
            _set(td, ("proactive", row, "repealed"), repealed)
            _set(td, ("proactive", row, "in_force"), v(prev, "in_force") + v(td, "issued") - repealed)


def _common_columns(td: TableData, prev: TableData) -> set[str]:
    return set(td.app_cols) & set(prev.app_cols)


def _plant_continuity(rng: random.Random, td: TableData, prev: TableData) -> list[str]:
    """Shift one applicant column's 上年结转 off last year's 结转下年度; the ids that must fail."""
    part = rng.choice(schema.APPLICANT_PARTS[:2])
    old = td.gold[("applications", "carried_over", part)]["value"]
    delta = rng.choice((1, 2, 5, 12)) * (rng.choice((1, -1)) if old >= 12 else 1)
    _set_carried_over(td, part, old + delta)
    cols = {part, "total"}
    if part != "natural_person":
        cols.add("legal_person_subtotal")
    return sorted(f"crossyear.continuity.{c}" for c in cols & _common_columns(td, prev))


def _plant_stock(rng: random.Random, td: TableData) -> list[str]:
    row = rng.choice(STOCK_ROWS)
    old = td.gold[("proactive", row, "in_force")]["value"]
    _set(td, ("proactive", row, "in_force"), old + rng.choice((1, 3, 10)) * (rng.choice((1, -1)) if old >= 10 else 1))
    return [f"crossyear.stock.{row}"]


def _claim(rng: random.Random, td: TableData, prev: TableData, false: bool) -> narrative.Sentence | None:
    """共受理…N件，同比增长P% / 较上年增加K件; ``false``: the change stated is wrong by a clear margin."""
    this = td.gold[("applications", "new_received", "total")]["value"]
    last = prev.gold[("applications", "new_received", "total")]["value"]
    if this == last:
        return None  # 与上年持平 has no number to check
    diff = this - last
    percent = last > 0 and rng.random() < 0.6
    if percent:
        decimals = rng.choice((0, 1, 2))
        stated = round(abs(diff) * 100 / last, decimals)
        if false:
            stated = round(stated + rng.choice((5, 8, 15, 30)), decimals)
        surf, unit = f"{stated:.{decimals}f}%", "%"
    else:
        stated = abs(diff) + (rng.choice((1, 2, 5)) if false else 0)
        surf, unit = f"{stated}件", "件"
    rises = diff > 0 if not (false and rng.random() < 0.3) else diff < 0  # a false claim may get the direction wrong
    if false and rises != (diff > 0) and not percent:
        stated = abs(diff)  # wrong direction alone is the planted error
        surf = f"{stated}件"
    word = ("同比增长" if rises else "同比下降") if percent else ("较上年增加" if rises else "较上年减少")
    subj = rng.choice(_RECEIVED)
    base = {"type": "applications_received", "value": this, "unit": "件", "qualifier": None}
    change = {"type": "other", "value": stated, "unit": unit, "qualifier": None}
    pieces: list[narrative.Piece] = [
        (subj, "METRIC_SUBJECT", None), (f"{this}件", "METRIC", base), ("，", None, None),
        (word, "METRIC_SUBJECT", None), (surf, "METRIC", change), ("。", None, None),
    ]
    return pieces, [dict(base, subject=subj, section="overview"), dict(change, subject=word, section="overview")]


def _written(rng: random.Random, agency: str) -> str:
    """The name as one year's report writes it: 人民政府 and 政府, 街道办事处 and 街道 vary across years."""
    if rng.random() < 0.3:
        if "人民政府" in agency:
            return agency.replace("人民政府", "政府", 1)
        if agency.endswith("街道办事处"):
            return agency.removesuffix("办事处")
    return agency


# cells each planted check reads: (which report: 0 last, 1 this; table, row, column)
def _inputs(check_id: str) -> list[tuple[int, str, str, str]]:
    kind, key = check_id.split(".")[1], check_id.split(".")[-1]
    if kind == "continuity":
        return [(1, "applications", "carried_over", key), (0, "applications", "carried_forward", key)]
    if kind == "stock":
        return [(1, "proactive", key, "in_force"), (0, "proactive", key, "in_force"), (1, "proactive", key, "issued"),
                (1, "proactive", key, "repealed")]
    return [(1, "applications", "new_received", "total"), (0, "applications", "new_received", "total")]


def _years(rng: random.Random) -> list[int]:
    start = rng.randint(FIRST_YEAR, LAST_YEAR - 2)
    return list(range(start, min(LAST_YEAR, start + rng.randint(2, 4)) + 1))


def _variants(rng: random.Random, version: str) -> list[str]:
    variants = ["applications_single_other_row"] if version == "2021" and rng.random() < 0.1 else []
    return variants + (["applications_legal_person_subtotal"] if rng.random() < 0.1 else [])


def generate_series(
    n_agencies: int,
    *,
    seed: int,
    break_rate: float = 0.15,
    layouts: tuple[str, ...] = LAYOUTS,
) -> Series:
    """Generate ``n_agencies`` agencies, each with 3–5 consecutive yearly reports.

    Args:
        n_agencies: number of agencies (distinct names).
        seed: random seed (same seed, same series).
        break_rate: chance, per kind and per pair of consecutive years, of a planted break.
        layouts: layout families, round-robin over all reports.

    Returns:
        The reports and the planted breaks (gold).
    """
    rng = random.Random(f"series:{seed}")
    series = Series(docs=[])
    names: set[str] = set()
    written: dict[tuple[str, int], SynthDoc] = {}
    for _ in range(n_agencies):
        agency = _agency(rng)
        while agency_key(agency) in names:  # one name, one agency: the series must not merge by accident
            agency = _agency(rng)
        names.add(agency_key(agency))
        prev: TableData | None = None
        for year in _years(rng):
            version = "2019" if year <= 2020 else "2021"
            td = make_tables(rng, version, _variants(rng, version), False)
            lead: list[narrative.Sentence] = []
            if prev is not None:
                _chain(td, prev)
                pair = [year - 1, year]
                if rng.random() < break_rate:
                    series.breaks.append({"kind": "continuity", "agency": agency, "years": pair, "checks": _plant_continuity(rng, td, prev)})
                if version == prev.version == "2021" and rng.random() < break_rate:
                    series.breaks.append({"kind": "stock", "agency": agency, "years": pair, "checks": _plant_stock(rng, td)})
                false = rng.random() < break_rate
                if (sentence := _claim(rng, td, prev, false)) is not None and rng.random() < (1.0 if false else 0.7):
                    lead.append(sentence)
                    (series.breaks if false else series.claims).append(
                        {"kind": "narrative", "agency": agency, "years": pair, "checks": ["crossyear.narrative.applications.new_received.total"]})
            # the report's own copy: layouts blank cells in place, the next year chains on the gold
            doc = _doc(seed, len(series.docs), 0.0, layouts, fixed=(_written(rng, agency), year, copy.deepcopy(td), lead))
            series.docs.append(doc)
            written[(agency, year)] = doc
            prev = td
    for b in series.breaks + series.claims:  # a check whose cells the layout printed blank or "/" cannot be assessed
        pair = [written[(b["agency"], y)].tables.gold for y in b["years"]]
        readable = [c for c in b["checks"] if all(pair[i].get((t, r, col), {}).get("kind") == "number" for i, t, r, col in _inputs(c))]
        b["unassessable"] = sorted(set(b["checks"]) - set(readable))
        b["checks"] = readable
    return series


def write_series(series: Series, out_dir: Path) -> Path:
    """Write ``files/`` (one report file each) and ``breaks.json`` (the planted breaks, gold) into ``out_dir``."""
    (out_dir / "files").mkdir(parents=True, exist_ok=True)
    for d in series.docs:
        write_file(d, out_dir / "files" / f"{d.id}.{d.ext}")
    gold = {"breaks": series.breaks, "true_claims": series.claims,
            "reports": [{"id": d.id, "agency": d.agency, "year": d.year, "layout": d.layout} for d in series.docs]}
    (out_dir / "breaks.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
    return out_dir


__all__ = ["Series", "generate_series", "write_series"]
