"""Table data of synthetic reports: consistent numbers, printed forms, one injected error.

Cells are keyed ``(table, row, column)``. ``gold`` holds what each cell means
(``{"value", "kind"}``), ``printed`` what the source shows (before layout noise).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

from gdr_nlp.reconcile import schema

Key = tuple[str, str, str]


@dataclass
class TableData:
    version: str
    variants: list[str]
    app_rows: tuple[schema.RowDef, ...]
    app_cols: tuple[str, ...]
    gold: dict[Key, dict[str, Any]] = field(default_factory=dict)
    printed: dict[Key, str] = field(default_factory=dict)
    source_errors: list[dict[str, Any]] = field(default_factory=list)

    def tables(self) -> dict[str, Any]:
        """Contract-shaped ``tables`` gold (schema order)."""
        out: dict[str, Any] = {}
        for (t, r, c), cell in self.gold.items():
            out.setdefault(t, {}).setdefault(r, {})[c] = dict(cell)
        return out


def _count(rng: random.Random, big: bool, p_zero: float) -> int:
    if rng.random() < p_zero:
        return 0
    if big:
        return int(math.exp(rng.uniform(0, math.log(400))))
    return rng.choice((1, 1, 1, 2, 2, 3, 5))


def app_rows(version: str, variants: list[str]) -> tuple[schema.RowDef, ...]:
    table = schema.TABLES[version]["applications"]
    rows = table.rows
    if "applications_single_other_row" in variants:
        head = rows[:20]
        rows = head + (schema.OTHER_HANDLING_SINGLE,) + rows[-2:]
    return rows


def result_rows(rows: tuple[schema.RowDef, ...]) -> tuple[str, ...]:
    return tuple(r.key for r in rows[2:-2])


def make_tables(rng: random.Random, version: str, variants: list[str], error: bool) -> TableData:
    """Draw a consistent set of 表二/三/四 numbers for one report."""
    rows = app_rows(version, variants)
    cols = schema.APPLICANT_KEYS[:-1]
    if "applications_legal_person_subtotal" in variants:
        cols = cols + ("legal_person_subtotal",)
    cols = cols + ("total",)
    td = TableData(version, variants, rows, cols)
    big = rng.random() < 0.3
    num = lambda t, r, c, v, s=None: _set(td, (t, r, c), v, s)  # noqa: E731

    # 表二
    p_zero = 0.4 if big else 0.75
    for row in schema.TABLES[version]["proactive"].rows:
        for col in row.columns:
            if col == "amount":
                v = round(rng.uniform(0.5, 900), 2) if rng.random() > p_zero else 0.0
                if version == "2019":
                    style = rng.randrange(3)
                    if style == 0:
                        s = f"{v:g}万元"
                    elif style == 1:
                        s = f"{round(v * 10000)}元"
                    else:
                        s = f"{v:g}"
                else:
                    s = f"{v:g}" if rng.random() < 0.7 else f"{v:g}万元"
                num("proactive", row.key, col, v, s)
            elif col == "change":
                v = _count(rng, big, p_zero) * rng.choice((1, 1, -1))
                s = f"+{v}" if v > 0 and rng.random() < 0.2 else str(v)
                num("proactive", row.key, col, v, s)
            else:
                num("proactive", row.key, col, _count(rng, big, p_zero) * (5 if col in ("total_published", "in_force") else 1))

    # 表三: per applicant part draw results, derive the rest
    results = result_rows(rows)
    parts = schema.APPLICANT_PARTS
    p_col_zero = {c: (0.1 if c == "natural_person" else 0.8) for c in parts}
    vals: dict[str, dict[str, int]] = {r.key: {} for r in rows}
    for c in parts:
        active = rng.random() > p_col_zero[c] and rng.random() > (0.0 if big else 0.4)
        for rk in results:
            hot = rk in ("granted", "unable_not_held", "partial", "other_handling", "other_reasons")
            vals[rk][c] = _count(rng, big, 0.3 if hot else 0.85) if active else 0
        tp = sum(vals[rk][c] for rk in results)
        cf = rng.randint(0, max(0, tp // 5)) if active else 0
        co = rng.randint(0, min(tp + cf, 3)) if active and rng.random() < 0.3 else 0
        vals["total_processed"][c] = tp
        vals["carried_forward"][c] = cf
        vals["carried_over"][c] = co
        vals["new_received"][c] = tp + cf - co
    for r in rows:
        v = vals[r.key]
        if "legal_person_subtotal" in cols:
            v["legal_person_subtotal"] = sum(v[c] for c in parts[1:])
        v["total"] = sum(v[c] for c in parts)
        for c in cols:
            num("applications", r.key, c, v[c])

    # 表四
    for g in schema.REVIEW_GROUPS:
        four = [_count(rng, big, 0.85) for _ in range(4)]
        for c, v in zip(schema.REVIEW_COLUMN_KEYS, four + [sum(four)]):
            num("review_litigation", g, c, v)

    if error:
        cands = [("applications", "total_processed", "total"), ("applications", "new_received", "total"),
                 ("applications", "granted", "total"), ("review_litigation", "review", "total")]
        key = rng.choice(cands)
        expected = td.gold[key]["value"]
        printed = expected + rng.choice((1, 2, 10)) if expected < 3 or rng.random() < 0.5 else expected - 1
        _set(td, key, printed)
        td.source_errors.append({"cell": ".".join(key), "printed": printed, "expected": expected})
    return td


def _set(td: TableData, key: Key, value: float, printed: str | None = None) -> None:
    td.gold[key] = {"value": value, "kind": "number"}
    td.printed[key] = printed if printed is not None else str(value)


def blank_cell(td: TableData, key: Key, kind: str) -> None:
    """Turn a zero cell into a blank ("empty") or "/" ("na") cell; gold follows."""
    td.gold[key] = {"value": None, "kind": kind}
    td.printed[key] = "/" if kind == "na" else ""


def violations(tables: dict[str, Any], version: str, variants: list[str]) -> list[str]:
    """Rules that fail. As in the contract's checks, a rule needing a non-number cell is not assessed."""
    def cells(refs: list[tuple[str, str, str]]) -> list[float] | None:
        out = []
        for t, r, c in refs:
            cell = tables.get(t, {}).get(r, {}).get(c)
            if not cell or cell["kind"] != "number":
                return None
            out.append(cell["value"])
        return out

    bad: list[str] = []
    app = tables["applications"]
    cols = list(next(iter(app.values())).keys())
    rows = list(app)
    results = rows[2:-2]
    A = "applications"
    for c in cols:
        v = cells([(A, "new_received", c), (A, "carried_over", c), (A, "total_processed", c), (A, "carried_forward", c)])
        if v and v[0] + v[1] != v[2] + v[3]:
            bad.append(f"applications.balance.{c}")
        v = cells([(A, r, c) for r in results] + [(A, "total_processed", c)])
        if v and sum(v[:-1]) != v[-1]:
            bad.append(f"applications.results.{c}")
    for r in rows:
        v = cells([(A, r, c) for c in schema.APPLICANT_PARTS] + [(A, r, "total")])
        if v and sum(v[:-1]) != v[-1]:
            bad.append(f"applications.row.{r}")
        if "legal_person_subtotal" in cols:
            v = cells([(A, r, c) for c in schema.APPLICANT_PARTS[1:]] + [(A, r, "legal_person_subtotal")])
            if v and sum(v[:-1]) != v[-1]:
                bad.append(f"applications.subtotal.{r}")
    for g in schema.REVIEW_GROUPS:
        v = cells([("review_litigation", g, c) for c in schema.REVIEW_COLUMN_KEYS])
        if v and sum(v[:4]) != v[4]:
            bad.append(f"review_litigation.{g}")
    for r, cs in tables["proactive"].items():
        for c, cell in cs.items():
            if cell["kind"] == "number" and c not in ("change", "amount") and (cell["value"] < 0 or cell["value"] != int(cell["value"])):
                bad.append(f"proactive.{r}.{c}")
    return bad


# ---- distinct values (issue 10: labels projected onto converted text) --------------------
# A converter may reorder, wrap or drop what surrounds a number, but not the number itself; a
# value printed once per report pins its cell in any converted text. A "move" adds the same
# amount to one leaf cell and to every total it feeds, so every equation holds after each move.


def _moves(td: TableData) -> list[list[tuple[Key, int]]]:
    """Every leaf move: (cell, sign) pairs that change together (sign -1: the cell loses it)."""
    moves: list[list[tuple[Key, int]]] = []
    for (t, r, c), g in td.gold.items():
        if t == "proactive":
            moves.append([((t, r, c), 1)])
    A = "applications"
    parts = [c for c in schema.APPLICANT_PARTS if c in td.app_cols]
    sub = "legal_person_subtotal" in td.app_cols

    def across(row: str, col: str, sign: int) -> list[tuple[Key, int]]:
        cells = [((A, row, col), sign), ((A, row, "total"), sign)]
        if sub and col != parts[0]:
            cells.append(((A, row, "legal_person_subtotal"), sign))
        return cells

    for c in parts:
        for r in result_rows(td.app_rows):  # a result feeds 总计 and, by the balance, 本年新收
            moves.append(across(r, c, 1) + across("total_processed", c, 1) + across("new_received", c, 1))
        moves.append(across("carried_forward", c, 1) + across("new_received", c, 1))
        moves.append(across("carried_over", c, 1) + across("carried_forward", c, 1))
    for g in schema.REVIEW_GROUPS:
        for c in schema.REVIEW_COLUMN_KEYS[:4]:
            moves.append([(("review_litigation", g, c), 1), (("review_litigation", g, "total"), 1)])
    return moves


def _token(td: TableData, key: Key) -> str:
    """What a number cell prints, without sign or unit (two cells must never print the same)."""
    return td.printed[key].lstrip("+-").removesuffix("万元").removesuffix("元")


def _shift(td: TableData, key: Key, delta: int) -> None:
    g, old = td.gold[key], td.printed[key]
    for err in td.source_errors:  # an injected wrong total keeps its offset from the right one
        if err["cell"] == ".".join(key):
            err["printed"] += delta
            err["expected"] += delta
    if key[2] == "amount":  # keep the printed style: 12.5 / 12.5万元 / 125000元
        g["value"] = round(g["value"] + delta, 2)
        v = g["value"]
        td.printed[key] = f"{round(v * 10000)}元" if old.endswith("元") and not old.endswith("万元") else (
            f"{v:g}万元" if old.endswith("万元") else f"{v:g}")
        return
    if key[2] == "change" and g["value"] < 0:
        delta = -delta  # a decrease grows in size, keeping its sign
    g["value"] += delta
    td.printed[key] = ("+" if old.startswith("+") else "") + str(g["value"])


def make_distinct(td: TableData, rng: random.Random, *, tries: int = 4000) -> bool:
    """Make nonzero number cells of a report print values no unrelated cell prints.

    Cells that always move together stay equal (a row total with one nonzero part, 本年新收 =
    总计 when nothing is carried over): the table's arithmetic makes them equal in real reports
    too, and they sit in the same row or column, so reading order tells them apart. Every other
    pair of nonzero cells ends up printing different values. Zeros, blanks and placeholders stay;
    every table equation (and an injected source error's offset) stays as it was. A leaf moves only
    with every total it feeds, and only when all of them are nonzero numbers.

    Returns:
        True when no unrelated nonzero cells print the same value.
    """
    moves = [m for m in _moves(td) if all(k in td.gold and td.gold[k]["kind"] == "number" for k, _ in m)]
    linked = {frozenset((a, b)) for m in moves for a, _ in m for b, _ in m if a != b}
    for _ in range(tries):
        seen: dict[str, list[Key]] = {}
        for key, g in td.gold.items():
            if g["kind"] == "number" and g["value"] != 0:
                seen.setdefault(_token(td, key), []).append(key)
        clashes = [(a, b) for keys in seen.values() for i, a in enumerate(keys) for b in keys[i + 1:]
                   if frozenset((a, b)) not in linked]
        if not clashes:
            return True
        a, b = rng.choice(clashes)
        usable = [m for m in moves if all(td.gold[k]["value"] != 0 for k, _ in m)  # zeros stay zero
                  and ((a in (k for k, _ in m)) != (b in (k for k, _ in m)))]
        if not usable:
            return False
        delta = rng.randint(1, 9)
        for key, sign in rng.choice(usable):
            _shift(td, key, sign * delta)
    return False
