"""Fast subset of the fuzz suite (#11): every class of broken input, small bombs, in-process.

The full run (≥ 2,000 inputs, the issue's sizes, a per-file timeout) is
``benchmarks/fuzz_bench.py``; figures in BENCHMARKS.md.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gdr_nlp.extract import ExtractOptions, extract
from gdr_nlp.fuzz import CLASSES, generate, load_base, write_cases
from gdr_nlp.inputs import display_path
from tests.conftest import SEED_FILES

pytestmark = pytest.mark.issue(11)


def test_fuzz_subset_no_crash_and_expectations_met(tmp_path: Path, synth_files: dict[str, Path]) -> None:
    base = load_base([*SEED_FILES, *synth_files.values()])
    cases = write_cases(list(generate(2 * len(CLASSES), seed=5, base=base, scale=0.02)), tmp_path / "in")
    assert {case.klass for case, _ in cases} == set(CLASSES)
    out = tmp_path / "out"
    summary = extract([tmp_path / "in"], options=ExtractOptions(tagger="rules", formats=("json", "csv", "xlsx")), out_dir=out)
    by_path = {display_path(os.fsdecode(path)): case for case, path in cases}
    assert summary.files == len(cases)  # every case accounted for: read, or a coded failure
    for record in summary.records:
        case = by_path[record.path]
        assert record.code not in ("E099", "E015"), f"{case.klass}: {record.line()}"
        if case.expect == "ok":
            assert record.status == "ok", f"{case.klass}: {record.line()}"
        elif case.expect == "error":
            assert record.status == "failed", f"{case.klass} {record.path} was read"
        if record.status == "ok":
            data = json.loads((out / record.output).read_text(encoding="utf-8"))
            assert data["contract"] == "gdr-report/1"
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["files"] == len(cases) and manifest["failed"] == len(summary.failures)
    failures = json.loads((out / "failures.json").read_text(encoding="utf-8"))
    assert len(failures) == len(summary.failures)
