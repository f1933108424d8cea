"""Cross-year comparison of contract JSONs: ``gdr compare OUT_DIR… -o DIR`` (issue 14, part 5).

Reads every ``gdr-report/1`` JSON under the given folders, groups the reports by agency
(``agency_key``) and year, runs the ``crossyear.`` checks (``check/crossyear.py``) on each
pair of consecutive years and writes ``compare.json``, ``compare.csv`` (UTF-8 with BOM, for
Excel) and ``compare.xlsx`` (one sheet per agency: years as columns, key cells as rows).

Reports that cannot be placed in a series (no agency or no year) are listed under
``unplaced`` and checked against nothing. Two different reports (different sha256) for the
same agency and year are both kept under ``duplicates``, and every check that would need
that year is ``not_assessable``: picking one would be a guess. The same report found twice
(same sha256, e.g. two output folders) counts once.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gdr_nlp.check import crossyear
from gdr_nlp.errors import GdrError
from gdr_nlp.export.json import CONTRACT, NOT_REPORTS, dumps, write_atomic

COMPARE_CONTRACT = "gdr-compare/1"
CSV_COLUMNS = ("id", "status", "agency", "years", "rule", "lhs", "rhs", "cells", "why", "files")
# gdr's own non-report outputs that may share a folder with the contract JSONs
# key cells of the per-agency sheets: (label, table, row, column)
SERIES_ROWS = (
    ("表三 新收 总计", "applications", "new_received", "total"),
    ("表三 上年结转 总计", "applications", "carried_over", "total"),
    ("表三 上年结转 自然人", "applications", "carried_over", "natural_person"),
    ("表三 办理结果 总计", "applications", "total_processed", "total"),
    ("表三 结转下年度 总计", "applications", "carried_forward", "total"),
    ("表三 结转下年度 自然人", "applications", "carried_forward", "natural_person"),
    ("表二 规章 现行有效 (2021)", "proactive", "regulations", "in_force"),
    ("表二 规章 本年制发", "proactive", "regulations", "issued"),
    ("表二 规章 本年废止", "proactive", "regulations", "repealed"),
    ("表二 规范性文件 现行有效 (2021)", "proactive", "normative_documents", "in_force"),
    ("表二 规范性文件 本年制发", "proactive", "normative_documents", "issued"),
    ("表二 规范性文件 本年废止", "proactive", "normative_documents", "repealed"),
    ("表四 行政复议 总计", "review_litigation", "review", "total"),
    ("表四 直接起诉 总计", "review_litigation", "litigation_direct", "total"),
    ("表四 复议后起诉 总计", "review_litigation", "litigation_after_review", "total"),
)


def agency_key(name: str) -> str:
    """The name reports of one agency share across years.

    Rules (each safe: it never makes two different bodies one): NFKC (full-width letters,
    digits and brackets → half-width), whitespace and ``·`` removed; ``人民政府`` → ``政府`` (the
    same body, written short); a trailing ``政府办`` → ``政府办公室``, ``街道办`` → ``街道办事处``;
    a bare township name (``…镇``/``…乡``) → ``…镇政府``, a bare ``…街道`` → ``…街道办事处`` (a
    township's only reporting body). Not merged: ``…政府`` and ``…政府办公室`` (two bodies
    that both publish reports), names with and without a city before a district (two cities
    may have districts of one name).

    Example: ``"涪城区 人民政府"`` and ``"涪城区政府"`` → ``"涪城区政府"``.
    """
    text = re.sub(r"[\s·•]", "", unicodedata.normalize("NFKC", name))
    text = text.replace("人民政府", "政府")
    if text.endswith("政府办"):
        text += "公室"
    elif text.endswith("街道办"):
        text += "事处"
    elif text.endswith("街道"):
        text += "办事处"
    elif re.search(r"[^政府][镇乡]$", text):
        text += "政府"
    return text


@dataclass
class Loaded:
    """One contract JSON found under the inputs."""

    path: Path
    data: dict[str, Any]

    @property
    def report(self) -> dict[str, Any]:
        return self.data.get("report") or {}

    @property
    def sha256(self) -> str | None:
        return (self.data.get("source") or {}).get("sha256")


@dataclass
class Comparison:
    """What ``compare`` found: series, checks, and the files it could not use."""

    series: dict[str, dict[int, list[Loaded]]] = field(default_factory=dict)  # key → year → reports
    names: dict[str, list[str]] = field(default_factory=dict)  # key → names as written
    checks: list[dict[str, Any]] = field(default_factory=list)
    unplaced: list[dict[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line each, naming the file
    reports: int = 0

    def to_dict(self, inputs: list[str]) -> dict[str, Any]:
        by_status: dict[str, int] = {}
        for c in self.checks:
            by_status[c["status"]] = by_status.get(c["status"], 0) + 1
        return {
            "contract": COMPARE_CONTRACT,
            "inputs": inputs,
            "summary": {"reports": self.reports, "agencies": len(self.series), "checks": by_status,
                        "unplaced": len(self.unplaced), "errors": len(self.errors)},
            "agencies": [
                {"agency": self.names[k][0], "key": k, "names": self.names[k],
                 "years": {str(y): [str(r.path) for r in rs] for y, rs in sorted(years.items())}}
                for k, years in sorted(self.series.items())
            ],
            "duplicates": [{"agency": self.names[k][0], "year": y, "files": [str(r.path) for r in rs]}
                           for k, years in sorted(self.series.items()) for y, rs in sorted(years.items()) if len(rs) > 1],
            "possibly_same": self.possibly_same(),
            "checks": self.checks,
            "unplaced": self.unplaced,
            "errors": self.errors,
        }

    def possibly_same(self) -> list[dict[str, Any]]:
        """Series left apart whose names may be one body (绵阳市涪城区政府 / 涪城区政府), for a person to judge.

        One name ends with the other (at least 4 characters) and the two have no year in common; nothing is merged.
        """
        out = []
        for long in sorted(self.series):
            for cut in range(1, len(long) - 3):  # every proper suffix: linear in the names, not quadratic
                short = long[cut:]
                if short in self.series and not set(self.series[short]) & set(self.series[long]):
                    out.append({"agencies": [self.names[long][0], self.names[short][0]],
                                "years": [sorted(self.series[long]), sorted(self.series[short])]})
        return out


# what the checks and the sheets read; the rest of a contract JSON is dropped on loading, so
# memory grows by a few KB per report, not by the whole JSON (a province's corpus is tens of thousands)
_KEPT_ROWS = {
    "applications": {"new_received", "carried_over", "total_processed", "carried_forward"},
    "proactive": set(crossyear.STOCK_ROWS),
    "review_litigation": {"review", "litigation_direct", "litigation_after_review"},
}


def _slim(data: dict[str, Any]) -> dict[str, Any]:
    for key, kind in (("report", dict), ("tables", dict), ("metrics", list), ("source", dict)):
        if not isinstance(data.get(key, kind()), kind):
            raise TypeError(f"{key!r} is not a {kind.__name__}")
    tables = data.get("tables") or {}
    kept = {
        t: {r: {c: {"value": cell.get("value"), "kind": cell.get("kind")} for c, cell in cols.items() if isinstance(cell, dict)}
            for r, cols in (tables.get(t) or {}).items() if r in rows and isinstance(cols, dict)}
        for t, rows in _KEPT_ROWS.items()
    }
    metric_keys = ("type", "value", "unit", "qualifier", "subject", "section", "span")
    return {
        "contract": data.get("contract"),
        "source": {"sha256": (data.get("source") or {}).get("sha256")},
        "report": data.get("report") or {},
        "tables": kept,
        "metrics": [{k: m.get(k) for k in metric_keys} for m in data.get("metrics") or [] if isinstance(m, dict)],
        "review": data.get("review") or {"needed": False, "reasons": []},  # before CONTRACT 1.1: no verdict
    }


def _json_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*.json") if not p.name.startswith(".") and p.name not in NOT_REPORTS)


def load_reports(inputs: Iterable[Path], result: Comparison) -> list[Loaded]:
    """Every contract JSON under ``inputs``; one error line per unusable file or empty folder."""
    loaded: list[Loaded] = []
    for root in inputs:
        if not root.exists():
            result.errors.append(str(GdrError("E040", str(root), detail="no such file or folder")))
            continue
        found = 0
        for path in _json_files(root):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                result.errors.append(str(GdrError("E041", str(path), detail=f"unreadable or invalid JSON: {exc}")))
                continue
            if not isinstance(data, dict) or data.get("contract") != CONTRACT:
                result.errors.append(str(GdrError("E041", str(path), detail=f"no \"contract\": \"{CONTRACT}\"")))
                continue
            try:
                slim = _slim(data)
            except (AttributeError, TypeError) as exc:  # keys right, shapes wrong: a damaged or foreign file
                result.errors.append(str(GdrError("E041", str(path), detail=f"malformed contract JSON: {exc}")))
                continue
            found += 1
            loaded.append(Loaded(path, slim))
        if not found:
            result.errors.append(str(GdrError("E040", str(root), detail="searched *.json recursively")))
    return loaded


def group(loaded: list[Loaded], result: Comparison) -> None:
    """Fill ``result.series`` (agency key → year → reports), ``names`` and ``unplaced``."""
    seen: set[str] = set()
    for item in loaded:
        if item.sha256 and item.sha256 in seen:
            continue  # the same source report in two output folders
        if item.sha256:
            seen.add(item.sha256)
        result.reports += 1
        agency, year = item.report.get("agency"), item.report.get("year")
        if not isinstance(agency, str) or not agency.strip() or not isinstance(year, int):
            why = "no agency" if not isinstance(agency, str) or not agency.strip() else "no year"
            result.unplaced.append({"file": str(item.path), "why": f"{why} in report: cannot be placed in a series"})
            continue
        key = agency_key(agency)
        result.series.setdefault(key, {}).setdefault(year, []).append(item)
        names = result.names.setdefault(key, [])
        if agency not in names:
            names.append(agency)


def _pair_checks(name: str, years: dict[int, list[Loaded]], y: int) -> list[dict[str, Any]]:
    this = years[y]
    last = years.get(y - 1)
    out: list[dict[str, Any]] = []
    if len(this) > 1 or (last and len(last) > 1):
        dup = y if len(this) > 1 else y - 1
        why = f"{len(years[dup])} different reports for {dup}: which one is meant is not known"
        out.append({"id": "crossyear.duplicate", "agency": name, "years": [y - 1, y], "cells": [], "rule": "one report per agency and year",
                    "lhs": None, "rhs": None, "status": "not_assessable", "why": why})
        return out
    t = (y, this[0].data)
    if last:
        l0 = (y - 1, last[0].data)
        out += crossyear.continuity(name, l0, t) + crossyear.stock(name, l0, t)
    out += crossyear.narrative(name, (y - 1, last[0].data) if last else None, t)
    files = {str(y): str(this[0].path)} | ({str(y - 1): str(last[0].path)} if last else {})
    doubt = [yy for yy, rs in ((y - 1, last), (y, this)) if rs and ((rs[0].data.get("review") or {}).get("needed"))]
    for entry in out:
        entry["files"] = files
        if doubt:  # the report's own verdict says its reading may be wrong (CONTRACT review)
            entry["needs_review"] = doubt
    return out


def run_checks(result: Comparison) -> None:
    for key, years in sorted(result.series.items()):
        for y in sorted(years):
            result.checks += _pair_checks(result.names[key][0], years, y)


def compare(inputs: list[Path], *, out_dir: Path | None = None) -> Comparison:
    """Group the contract JSONs under ``inputs`` by agency and year and check each series.

    Args:
        inputs: output folders of ``gdr extract`` (searched recursively) or JSON files.
        out_dir: where to write compare.json, compare.csv and compare.xlsx (atomically); None writes nothing.

    Returns:
        The comparison; ``errors`` holds one line per file or folder that could not be used.

    Raises:
        GdrError: E042 when ``out_dir`` cannot be written.
    """
    result = Comparison()
    group(load_reports(inputs, result), result)
    run_checks(result)
    if out_dir is not None:
        data = result.to_dict([str(p) for p in inputs])
        try:
            write_atomic(out_dir / "compare.json", dumps(data))
            write_atomic(out_dir / "compare.csv", "\ufeff" + to_csv(result.checks))
            write_atomic(out_dir / "compare.xlsx", to_xlsx(result))
        except OSError as exc:  # the boundary: a folder that cannot be made or written
            raise GdrError("E042", str(out_dir), detail=exc.strerror or str(exc)) from exc
    return result


def to_csv(checks: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for c in checks:
        row = dict(c, years="-".join(map(str, c["years"])), cells=" ".join(c["cells"]),
                   files=" ".join((c.get("files") or {}).values()))
        writer.writerow(row)
    return buf.getvalue()


def _sheet_title(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:28] or "agency"
    title, n = base, 2
    while title in taken:
        title, n = f"{base[:26]}~{n}", n + 1
    taken.add(title)
    return title


def to_xlsx(result: Comparison) -> bytes:
    """A ``checks`` sheet, then one sheet per agency: years as columns, key cells as rows."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)  # streams rows: a corpus has thousands of agencies
    sheet = wb.create_sheet("checks")
    sheet.append(list(CSV_COLUMNS))
    for row in csv.DictReader(io.StringIO(to_csv(result.checks))):
        sheet.append([row[c] for c in CSV_COLUMNS])
    failed: dict[tuple[str, int], list[str]] = {}
    for c in result.checks:
        if c["status"] == "fail":
            failed.setdefault((agency_key(c["agency"]), c["years"][1]), []).append(c["id"])
    taken = {"checks"}
    for key, years in sorted(result.series.items()):
        ws = wb.create_sheet(_sheet_title(result.names[key][0], taken))
        ys = sorted(years)
        ws.append(["agency", result.names[key][0], *[""] * (len(ys) - 1)])
        ws.append(["", *ys])
        ws.append(["file", *["; ".join(str(r.path.name) for r in years[y]) for y in ys]])
        ws.append(["format_version", *[years[y][0].report.get("format_version") for y in ys]])
        for label, *cell in SERIES_ROWS:
            ws.append([label, *[crossyear.cell_value(years[y][0].data, *cell) if len(years[y]) == 1 else None for y in ys]])
        ws.append(["failed checks", *["; ".join(failed.get((key, y), [])) for y in ys]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


__all__ = ["COMPARE_CONTRACT", "Comparison", "agency_key", "compare", "load_reports"]
