"""The contract JSON (`gdr-report/1`) and atomic file writing."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from gdr_nlp.document import ReportDocument

CONTRACT = "gdr-report/1"
NOT_REPORTS = frozenset({"run.json", "failures.json", "compare.json"})
"""JSON files gdr writes beside the reports in an output folder (the run manifest, failures, gdr compare):
readers of an output folder skip them."""
REPORT_KEYS = ("title", "agency", "year", "format_version", "variants")


def to_contract(doc: ReportDocument) -> dict[str, Any]:
    """The CONTRACT.md shape of a processed document."""
    report = {key: doc.report.get(key) for key in REPORT_KEYS}
    report["variants"] = list(report["variants"] or [])
    report.update({k: v for k, v in doc.report.items() if k not in report})
    return {
        "contract": CONTRACT,
        "source": doc.source.model_dump(),
        "report": report,
        "sections": doc.sections,
        "tables": doc.tables,
        "metrics": doc.metrics,
        "checks": doc.checks,
        "review": doc.review,
        "warnings": doc.warnings,
    }


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write via a temp file in the same folder and rename, so no partial file is ever left.

    The temp name is short whatever the target's name (a 240-character name plus a prefix
    would pass the file system's limit), and the file gets the permissions the umask gives
    any new file (mkstemp's are 0600), #11.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gdr-", suffix=".part")
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            # a file name that is not UTF-8 reaches messages as lone surrogates: written as \udcff escapes, #11
            fh.write(data.encode("utf-8", errors="backslashreplace") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
