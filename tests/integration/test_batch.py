"""Corpus-scale batches (#14): workers, kill -9 and --resume, Parquet, the Ray engine.

Inputs are generated text reports (``gdr_nlp.synth``, every text layout family); outputs are
compared file by file, and ``run.json`` with timings and the run's own settings left out.
"""

from __future__ import annotations

import csv
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gdr_nlp.batch import ROWS_DIR, BatchOptions, differences, run_files
from gdr_nlp.extract import ExtractOptions, extract
from gdr_nlp.synth import BINARY_LAYOUTS, LAYOUTS, generate
from tests.conftest import REPO, SEED_FILES, slow_report

TEXT_LAYOUTS = tuple(layout for layout in LAYOUTS if layout not in BINARY_LAYOUTS)
OPTIONS = ExtractOptions(tagger="rules", formats=("json", "csv", "parquet"))


def _reports(folder: Path, n: int, seed: int = 14) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, doc in enumerate(generate(n, seed=seed, layouts=TEXT_LAYOUTS)):
        (folder / f"r{i:03d}.txt").write_text(doc.raw, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _reports(tmp_path_factory.mktemp("batch") / "in", 20)


def _assert_same_run(a: Path, b: Path) -> None:
    """Outputs byte for byte, ``run.json`` with timings and the run's own settings left out."""
    assert differences(a, b) == []


@pytest.fixture(scope="module")
def one_worker(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("w1") / "out"
    summary = extract([corpus], options=OPTIONS, out_dir=out, batch=BatchOptions(workers=1))
    assert summary.files == 20 and not summary.failures
    return out


def test_two_workers_equal_one(corpus: Path, one_worker: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = extract([corpus], options=OPTIONS, out_dir=out, batch=BatchOptions(workers=2))
    assert summary.files == 20 and not summary.failures
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["batch"]["workers"] == 2
    assert len(manifest["cpu_s"]["workers"]) == len(manifest["cpu_s"]["workers_waiting"]) == 2  # CPU accounting
    assert not (out / ROWS_DIR).exists()  # the workers' rows were joined into the tables and removed
    _assert_same_run(one_worker, out)


def test_workers_write_the_outputs_and_send_back_only_a_summary(corpus: Path, tmp_path: Path) -> None:
    files = sorted(corpus.glob("*.txt"))[:4]
    out = tmp_path / "out"
    out.mkdir()
    usage: list[tuple[float, float]] = []
    seen = []
    for path, record in run_files(files, OPTIONS, BatchOptions(workers=2), out, {p: p.stem for p in files}, usage):
        assert record.status == "ok" and record.output == f"{path.stem}.json"
        assert record.result is None and record.text is None
        assert len(pickle.dumps(record)) < 4096  # what came back over the pipe: no contract dict
        # written before the record came back, by the worker
        assert json.loads((out / f"{path.stem}.json").read_text(encoding="utf-8"))["contract"]
        for name in ("cells.csv", "metrics.csv", "cells.arrow", "metrics.arrow"):
            assert (out / ROWS_DIR / f"{path.stem}.{name}").is_file()
        seen.append(path)
    assert sorted(seen) == files
    assert len(usage) == 2 and all(cpu > 0 and wait >= 0 for cpu, wait in usage)


def test_differences_sees_a_changed_output_but_not_timings(one_worker: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(one_worker, copy)
    manifest = json.loads((copy / "run.json").read_text(encoding="utf-8"))
    manifest["seconds"] += 5
    manifest["reports"][0]["seconds"] += 5
    (copy / "run.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert differences(one_worker, copy) == []
    (copy / "r003.json").write_bytes((copy / "r003.json").read_bytes() + b" ")
    manifest["reports"][1]["review"]["needed"] = not manifest["reports"][1]["review"]["needed"]
    (copy / "run.json").write_text(json.dumps(manifest), encoding="utf-8")
    (copy / "cells.parquet").unlink()
    assert differences(one_worker, copy) == [
        f"only in {one_worker}: cells.parquet",
        "differs: r003.json",
        "differs: run.json (timings aside)",
    ]


def test_parquet_columns_and_rows_equal_the_csv(one_worker: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    for name in ("cells", "metrics"):
        raw = (one_worker / f"{name}.csv").read_bytes()
        assert raw.startswith("\ufeff".encode())  # the BOM every gdr CSV has
        with open(one_worker / f"{name}.csv", encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        table = pq.read_table(one_worker / f"{name}.parquet")
        assert table.column_names == list(rows[0].keys())
        assert table.num_rows == len(rows) > 20
        for got, want in zip(table.to_pylist(), rows, strict=True):
            for column, value in got.items():  # the CSV's text read back with the column's type
                text = want[column]
                if value is None or text == "":  # the CSV writes None and "" alike
                    assert value in (None, "") and text == "", (column, value, text)
                elif isinstance(value, float):
                    assert value == float(text), (column, value, text)
                else:
                    assert str(value) == text, (column, value, text)
    files = set(pq.read_table(one_worker / "cells.parquet", columns=["file"]).column("file").to_pylist())
    assert len(files) == 20  # every report has its rows


def test_csv_rows_are_not_kept_in_memory_with_an_output_folder(corpus: Path, tmp_path: Path) -> None:
    summary = extract([corpus], options=OPTIONS, out_dir=tmp_path / "out", batch=BatchOptions(workers=1))
    assert summary.results == []  # tables are rebuilt from the JSONs, one report at a time
    assert all(r.result is None for r in summary.records)


def test_a_stuck_file_fails_alone_with_workers(tmp_path: Path) -> None:
    folder = _reports(tmp_path / "in", 4)
    (folder / "a_slow.txt").write_text(slow_report(250), encoding="utf-8")  # 880k characters on one line: far over 3 s
    options = ExtractOptions(tagger="rules", timeout=3)
    summary = extract([folder], options=options, out_dir=tmp_path / "out", batch=BatchOptions(workers=2))
    codes = {Path(r.path).name: r.code for r in summary.records}
    assert codes == {"a_slow.txt": "E013", **{f"r{i:03d}.txt": None for i in range(4)}}
    assert not (tmp_path / "out" / "a_slow.json").exists()
    assert not list((tmp_path / "out").glob(".gdr-*"))  # nothing left by the worker killed mid-file
    assert json.loads((tmp_path / "out" / "failures.json").read_text(encoding="utf-8"))[0]["code"] == "E013"


def _gdr(*args: str, **kw) -> subprocess.Popen:  # type: ignore[no-untyped-def, type-arg]
    return subprocess.Popen(
        [sys.executable, "-m", "gdr_nlp.cli", "extract", *args],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        **kw,
    )


def _listed(out: Path) -> int:
    """Reports a (running) batch's run.json lists as done."""
    try:
        return sum(e["status"] == "ok" for e in json.loads((out / "run.json").read_text(encoding="utf-8"))["reports"])
    except (OSError, ValueError):
        return 0


def _written(out: Path) -> int:
    return sum(1 for p in out.glob("*.json") if p.name != "run.json") if out.is_dir() else 0


def test_kill_9_mid_batch_then_resume_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    folder = _reports(tmp_path / "in", 20)
    # two long reports (a report repeated on one line, seconds of work each): run.json is rewritten
    # when the first ends (≥ 2 s after the short ones), while the second, longer one still runs
    (folder / "a_long.txt").write_text(slow_report(100), encoding="utf-8")
    (folder / "r009_long.txt").write_text(slow_report(270), encoding="utf-8")
    reference = tmp_path / "reference"
    assert not extract([folder], options=OPTIONS, out_dir=reference, batch=BatchOptions(workers=2)).failures
    out = tmp_path / "out"
    args = [str(folder), "-o", str(out), "--tagger", "rules", "-f", "csv", "-f", "parquet", "-q"]
    proc = _gdr(*args, "--workers", "2")
    deadline = time.monotonic() + 600
    # kill once three reports are written, not once run.json lists them: on a quiet machine the
    # long reports can finish within run.json's rewrite interval
    while _written(out) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, "the batch ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, as kill -9 on the job would
    proc.communicate()
    listed = _listed(out)
    written = [p for p in out.glob("*.json") if p.name != "run.json"]
    assert listed <= len(written) < 22  # run.json lists only complete outputs; the long reports were not done
    for path in written:  # only complete outputs: each JSON parses
        assert json.loads(path.read_text(encoding="utf-8"))["contract"]
    assert not (out / "cells.csv").exists()  # tables come only with a finished run

    proc = _gdr(*args, "--workers", "2", "--resume")
    _, err = proc.communicate(timeout=900)
    assert proc.returncode == 0, err
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["finished"] and manifest["batch"]["resume"]
    assert manifest["resumed"] == listed  # the killed run's listed outputs were kept, the rest redone
    assert not list(out.glob(".gdr-*.part"))
    _assert_same_run(reference, out)


def test_resume_redoes_a_changed_input_and_changed_options(tmp_path: Path) -> None:
    folder = _reports(tmp_path / "in", 3)
    out = tmp_path / "out"
    options = ExtractOptions(tagger="rules")
    extract([folder], options=options, out_dir=out)
    before = (out / "r001.json").read_bytes()
    (folder / "r001.txt").write_text(
        _reports(tmp_path / "other", 3, seed=99).joinpath("r001.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    summary = extract([folder], options=options, out_dir=out, batch=BatchOptions(resume=True))
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["resumed"] == 2 and summary.files == 3
    assert (out / "r001.json").read_bytes() != before
    # other output options: nothing is skipped
    extract(
        [folder],
        options=ExtractOptions(tagger="rules", formats=("json", "csv")),
        out_dir=out,
        batch=BatchOptions(resume=True),
    )
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["resumed"] == 0
    assert (out / "cells.csv").exists()


def test_ray_engine_equals_local(corpus: Path, one_worker: Path, tmp_path: Path) -> None:
    ray = pytest.importorskip("ray", reason="Ray is the [cluster] extra; not installed here")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        out = tmp_path / "out"
        summary = extract([corpus], options=OPTIONS, out_dir=out, batch=BatchOptions(workers=2, engine="ray"))
    finally:
        ray.shutdown()
    assert summary.files == 20 and not summary.failures
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["batch"]["engine"] == "ray"
    _assert_same_run(one_worker, out)


def test_run_json_rewrites_keep_within_their_share_of_the_time(tmp_path: Path) -> None:
    from gdr_nlp.extract import _Manifest

    manifest = _Manifest(tmp_path, OPTIONS, None)
    manifest.cost, manifest.last_write = 0.001, time.time() - 0.5  # a small run.json
    assert manifest.due(force=True) and not manifest.due()  # a failure at once, else every 2 s
    manifest.last_write = time.time() - 3
    assert manifest.due()
    manifest.cost = 1.0  # a rewrite of a huge batch's run.json took a second: at most 2% of the time
    manifest.last_write = time.time() - 30
    assert not manifest.due(force=True) and not manifest.due()
    manifest.last_write = time.time() - 51
    assert manifest.due(force=True) and manifest.due()
