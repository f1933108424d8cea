"""Cell-level comparison of extracted tables with gold, shared by tests, benchmarks and evaluation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class CellScore:
    correct: int = 0
    total: int = 0
    extra: int = 0
    mismatches: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0

    @property
    def exact(self) -> bool:
        return self.correct == self.total and self.extra == 0

    def add(self, other: CellScore) -> None:
        self.correct += other.correct
        self.total += other.total
        self.extra += other.extra
        self.mismatches += other.mismatches


def same_cell(pred: dict[str, Any] | None, gold: dict[str, Any]) -> bool:
    """Kind must agree; numbers must agree to 1e-6 (money has decimals)."""
    if pred is None or pred.get("kind") != gold.get("kind"):
        return False
    if gold.get("kind") != "number":
        return True
    pv, gv = pred.get("value"), gold.get("value")
    return pv is not None and gv is not None and abs(float(pv) - float(gv)) < 1e-6


def score_tables(pred: dict[str, Any], gold: dict[str, Any]) -> CellScore:
    """Compare contract-shaped ``tables`` dicts; every gold cell counts, extra predicted cells are noted."""
    score = CellScore()
    for table, rows in gold.items():
        for row, cols in rows.items():
            for col, gold_cell in cols.items():
                score.total += 1
                pred_cell = pred.get(table, {}).get(row, {}).get(col)
                if same_cell(pred_cell, gold_cell):
                    score.correct += 1
                else:
                    got = None if pred_cell is None else (pred_cell.get("kind"), pred_cell.get("value"))
                    score.mismatches.append(f"{table}.{row}.{col}: gold {(gold_cell.get('kind'), gold_cell.get('value'))} got {got}")
    for table, rows in pred.items():
        for row, cols in rows.items():
            for col in cols:
                if col not in gold.get(table, {}).get(row, {}):
                    score.extra += 1
    return score
