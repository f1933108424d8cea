"""Table values of a generated report: consistent with every official rule by construction.

Values are drawn per agency scale (towns and 街道 mostly zeros, city and provincial
departments with heavy tails), then the derived cells (row totals, （七）总计,
表三 balance, 表四 totals) are computed, so the arithmetic holds exactly. A
deliberate source error (one wrong total) is applied afterwards and recorded.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from gdr_nlp.reconcile.schema import (
    APPLICANT_PARTS,
    OTHER_HANDLING_SINGLE,
    OTHER_HANDLING_SPLIT,
    REVIEW_COLUMN_KEYS,
    REVIEW_GROUPS,
    TABLES,
)

Values = dict[str, dict[str, dict[str, Any]]]
"""table key -> row key -> column key -> value (int, float for money, None never)."""

# level -> (mean new applications, heavy tail exponent, share of "nothing at all" agencies)
SCALES = {
    "province": (60.0, 1.3, 0.02),
    "city": (25.0, 1.5, 0.05),
    "district": (8.0, 1.8, 0.2),
    "county": (6.0, 1.8, 0.25),
    "department": (4.0, 2.0, 0.35),
    "town": (0.6, 2.5, 0.6),
    "street": (0.5, 2.5, 0.65),
}
_RESULT_WEIGHTS = {
    "granted": 40, "partial": 8, "denied_state_secret": 0.3, "denied_prohibited": 0.5, "denied_security": 0.3,
    "denied_third_party": 1.5, "denied_internal": 1, "denied_process": 1.5, "denied_enforcement": 0.5,
    "denied_query": 1, "unable_not_held": 18, "unable_needs_creation": 3, "unable_unclear": 2,
    "unprocessed_complaint": 3, "unprocessed_duplicate": 3, "unprocessed_publication": 0.5,
    "unprocessed_excessive": 0.5, "unprocessed_confirmation": 1, "other_handling": 6,
    "other_overdue_correction": 3, "other_overdue_fee": 0.3, "other_reasons": 3,
}
_APPLICANT_WEIGHTS = {"natural_person": 80, "commercial": 10, "research": 1, "social_org": 1.5, "legal_service": 4,
                      "other_org": 3.5}


@dataclass
class TableSet:
    """The three tables of one report: true values, printed values and the deliberate errors."""

    version: str
    variants: list[str]
    rows: dict[str, list[str]]  # table key -> row keys in source order
    columns: dict[str, dict[str, tuple[str, ...]]]  # table key -> row key -> column keys
    truth: Values
    printed: Values
    source_errors: list[dict[str, Any]] = field(default_factory=list)


def heavy(rng: random.Random, mean: float, alpha: float) -> int:
    """A non-negative count with a Pareto tail around ``mean``."""
    if mean <= 0:
        return 0
    x = rng.paretovariate(alpha) - 1.0
    return int(x * mean * (alpha - 1) if alpha > 1 else x * mean)


def _multinomial(rng: random.Random, n: int, weights: dict[str, float]) -> dict[str, int]:
    keys = list(weights)
    out = dict.fromkeys(keys, 0)
    if n <= 0:
        return out
    w = [weights[k] for k in keys]
    for k in rng.choices(keys, weights=w, k=n):
        out[k] += 1
    return out


def application_rows(version: str, variants: list[str]) -> list[str]:
    """Row keys of 表三 in source order for a version and its variants."""
    rows = [r.key for r in TABLES[version]["applications"].rows]
    split = [r.key for r in OTHER_HANDLING_SPLIT]
    if "applications_single_other_row" in variants:
        i = rows.index(split[0])
        rows = rows[:i] + [OTHER_HANDLING_SINGLE.key] + rows[i + len(split):]
    if "applications_split_other_rows" in variants:
        i = rows.index(OTHER_HANDLING_SINGLE.key)
        rows = rows[:i] + split + rows[i + 1:]
    return rows


def _proactive(version: str, rng: random.Random, level: str) -> Values:
    mean, alpha, _ = SCALES[level]
    big = level in ("province", "city")
    out: dict[str, dict[str, Any]] = {}
    for row in TABLES[version]["proactive"].rows:
        vals: dict[str, Any] = {}
        for col in row.columns:
            vals[col] = 0
        if version == "2019":
            if "new_made" in row.columns:
                made = heavy(rng, mean * (0.2 if row.key == "regulations" else 1.0), alpha) if rng.random() < 0.6 else 0
                if row.key == "regulations" and not big:
                    made = 0
                pub = made - (rng.randint(0, made // 4) if made and rng.random() < 0.2 else 0)
                vals.update(new_made=made, new_published=pub, total_published=pub + heavy(rng, mean * 4, alpha))
            elif "prev_items" in row.columns:
                prev = heavy(rng, mean * 3, alpha) if rng.random() < 0.5 else 0
                change = rng.randint(-min(prev, 5), 6) if rng.random() < 0.4 else 0
                vals.update(prev_items=prev, change=change)
                if "decisions" in row.columns:
                    vals["decisions"] = heavy(rng, mean * (30 if row.key == "licensing" else 10), alpha) \
                        if rng.random() < 0.6 else 0
            else:  # procurement
                projects = heavy(rng, mean, alpha) if rng.random() < 0.5 else 0
                vals.update(projects=projects, amount=round(projects * rng.uniform(3, 400), 2) if projects else 0)
        else:
            if "issued" in row.columns:
                issued = heavy(rng, mean * (0.2 if row.key == "regulations" else 1.0), alpha) if rng.random() < 0.6 else 0
                if row.key == "regulations" and not big:
                    issued = 0
                repealed = rng.randint(0, 3) if rng.random() < 0.2 else 0
                vals.update(issued=issued, repealed=repealed, in_force=issued + heavy(rng, mean * 4, alpha))
            elif "decisions" in row.columns:
                vals["decisions"] = heavy(rng, mean * 20, alpha) if rng.random() < 0.6 else 0
            else:  # fees amount, 万元
                vals["amount"] = round(heavy(rng, mean * 30, alpha) * rng.uniform(0.5, 3), 2) if rng.random() < 0.3 else 0
        out[row.key] = vals
    return out


def _applications(rows: list[str], rng: random.Random, level: str, subtotal: bool) -> Values:
    mean, alpha, nothing = SCALES[level]
    result_rows = rows[2:-2]
    weights = {k: _RESULT_WEIGHTS[k] for k in result_rows}
    out: dict[str, dict[str, Any]] = {r: {} for r in rows}
    quiet = rng.random() < nothing
    n_new = 0 if quiet else heavy(rng, mean, alpha) + (1 if rng.random() < 0.5 else 0)
    new_by_col = _multinomial(rng, n_new, _APPLICANT_WEIGHTS)
    for col in APPLICANT_PARTS:
        new = new_by_col[col]
        carried = heavy(rng, 1 + new * 0.05, 2.5) if new and rng.random() < 0.3 else 0
        forward = min(new + carried, heavy(rng, 1 + new * 0.05, 2.5)) if new and rng.random() < 0.3 else 0
        processed = new + carried - forward
        res = _multinomial(rng, processed, weights)
        out["new_received"][col] = new
        out["carried_over"][col] = carried
        for r in result_rows:
            out[r][col] = res[r]
        out["total_processed"][col] = processed
        out["carried_forward"][col] = forward
    for r in rows:
        out[r]["total"] = sum(out[r][c] for c in APPLICANT_PARTS)
        if subtotal:
            out[r]["legal_person_subtotal"] = sum(out[r][c] for c in APPLICANT_PARTS[1:])
    return out


def _review(rng: random.Random, level: str) -> Values:
    mean, alpha, nothing = SCALES[level]
    out: dict[str, dict[str, Any]] = {}
    for group in REVIEW_GROUPS:
        vals = {c: 0 for c in REVIEW_COLUMN_KEYS}
        if rng.random() > nothing + 0.3:
            for col, w in (("upheld", 0.5), ("corrected", 0.1), ("other", 0.15), ("pending", 0.15)):
                vals[col] = heavy(rng, mean * w * 0.3, alpha)
        vals["total"] = sum(vals[c] for c in REVIEW_COLUMN_KEYS[:-1])
        out[group] = vals
    return out


def _inject_error(ts: TableSet, rng: random.Random) -> None:
    """Make one total wrong in the printed values (the truth keeps the arithmetic)."""
    choices = [("applications", "total_processed", "total"), ("applications", "new_received", "total"),
               ("applications", "granted", "total"), ("review_litigation", "review", "total"),
               ("applications", "total_processed", "natural_person")]
    table, row, col = rng.choice(choices)
    expected = ts.truth[table][row][col]
    delta = rng.choice([1, 1, 2, 3, -1, 10])
    if expected + delta < 0:
        delta = -delta
    ts.printed[table][row][col] = expected + delta
    ts.source_errors.append({"table": table, "row": row, "column": col, "value": expected + delta,
                             "expected": expected, "rule": "sum" if col == "total" else "balance"})


def make_tables(year: int, level: str, rng: random.Random, *, error: bool,
                variant_rate: float = 0.15) -> TableSet:
    """The three tables of a report of ``year`` by an agency of ``level``.

    Args:
        year: reporting year (2019/2020 use the 2019 format, later years 2021).
        level: a key of ``SCALES``.
        rng: the document's random source.
        error: inject one deliberate wrong total.
        variant_rate: chance of each mixed-format variant.

    Returns:
        The table set with truth, printed values and source errors.
    """
    version = "2019" if year <= 2020 else "2021"
    variants: list[str] = []
    if version == "2021" and rng.random() < variant_rate:
        variants.append("applications_single_other_row")
    if version == "2019" and rng.random() < variant_rate / 3:
        variants.append("applications_split_other_rows")
    if rng.random() < variant_rate:
        variants.append("applications_legal_person_subtotal")
    app_rows = application_rows(version, variants)
    subtotal = "applications_legal_person_subtotal" in variants
    app_cols = (*APPLICANT_PARTS, *(("legal_person_subtotal",) if subtotal else ()), "total")
    truth = {
        "proactive": _proactive(version, rng, level),
        "applications": _applications(app_rows, rng, level, subtotal),
        "review_litigation": _review(rng, level),
    }
    printed = {t: {r: dict(c) for r, c in rows.items()} for t, rows in truth.items()}
    rows = {
        "proactive": [r.key for r in TABLES[version]["proactive"].rows],
        "applications": app_rows,
        "review_litigation": list(REVIEW_GROUPS),
    }
    columns = {
        "proactive": {r.key: r.columns for r in TABLES[version]["proactive"].rows},
        "applications": {r: app_cols for r in app_rows},
        "review_litigation": {g: REVIEW_COLUMN_KEYS for g in REVIEW_GROUPS},
    }
    ts = TableSet(version, variants, rows, columns, truth, printed)
    if error:
        _inject_error(ts, rng)
    return ts


def check_values(ts: TableSet, values: Values | None = None) -> list[str]:
    """Rules that fail on ``values`` (default the truth): an empty list means consistent.

    Only cells holding numbers are checked (a blank or ``/`` cell makes a rule not assessable).
    """
    v = values if values is not None else ts.truth
    bad: list[str] = []

    def num(t: str, r: str, c: str) -> Any:
        x = v.get(t, {}).get(r, {}).get(c)
        return x if isinstance(x, int | float) and not isinstance(x, bool) else None

    app = ts.rows["applications"]
    cols = ts.columns["applications"][app[0]]
    for c in cols:
        a = [num("applications", r, c) for r in ("new_received", "carried_over", "total_processed", "carried_forward")]
        if None not in a and a[0] + a[1] != a[2] + a[3]:
            bad.append(f"applications.balance.{c}")
        parts = [num("applications", r, c) for r in app[2:-2]]
        tot = num("applications", "total_processed", c)
        if None not in parts and tot is not None and sum(parts) != tot:
            bad.append(f"applications.results.{c}")
    for r in app:
        parts = [num("applications", r, c) for c in APPLICANT_PARTS]
        tot = num("applications", r, "total")
        if None not in parts and tot is not None and sum(parts) != tot:
            bad.append(f"applications.row_total.{r}")
    for g in REVIEW_GROUPS:
        parts = [num("review_litigation", g, c) for c in REVIEW_COLUMN_KEYS[:-1]]
        tot = num("review_litigation", g, "total")
        if None not in parts and tot is not None and sum(parts) != tot:
            bad.append(f"review_litigation.total.{g}")
    for r, cols2 in v.get("proactive", {}).items():
        for c, x in cols2.items():
            if c not in ("change", "amount") and isinstance(x, int) and x < 0:
                bad.append(f"proactive.nonnegative.{r}.{c}")
    return bad
