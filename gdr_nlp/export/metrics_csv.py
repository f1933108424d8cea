"""Long-format CSV of narrative metrics across many reports (one row per metric)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gdr_nlp.document import ReportDocument

METRIC_COLUMNS = ("file", "agency", "year", "type", "value", "unit", "qualifier", "subject", "section", "span")


def iter_metric_rows(results: Iterable[dict[str, Any] | ReportDocument]) -> Iterable[dict[str, Any]]:
    """One row per metric; ``results`` are contract JSON dicts or processed ReportDocuments."""
    for result in results:
        if isinstance(result, ReportDocument):
            path, report, metrics = result.source.path, result.report, result.metrics
        else:
            path, report, metrics = (
                result.get("source", {}).get("path"),
                result.get("report", {}),
                result.get("metrics", []),
            )
        for m in metrics:
            span = m.get("span") or [None, None]
            yield {
                "file": path,
                "agency": report.get("agency"),
                "year": report.get("year"),
                "type": m.get("type"),
                "value": m.get("value"),
                "unit": m.get("unit"),
                "qualifier": m.get("qualifier"),
                "subject": m.get("subject"),
                "section": m.get("section"),
                # "start-end" keeps the span one CSV field that spreadsheets do not reinterpret
                "span": f"{span[0]}-{span[1]}" if span[0] is not None else None,
            }


def metrics_to_csv(results: Iterable[dict[str, Any] | ReportDocument], path: str | Path) -> int:
    """Write the metrics of ``results`` to ``path`` (UTF-8 with BOM so Excel reads the Chinese).

    Args:
        results: contract JSON dicts (``gdr extract`` output) or processed documents.
        path: the CSV file to write.

    Returns:
        Number of metric rows written.
    """
    rows = list(iter_metric_rows(results))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(METRIC_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
