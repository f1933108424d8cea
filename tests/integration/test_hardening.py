"""Issue 11: inputs never touched, one-line errors, limits, streaming failures, run.json, permissions."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gdr_nlp.cli import main
from gdr_nlp.extract import ExtractOptions, extract
from gdr_nlp.ingest import Limits, load
from gdr_nlp.errors import DocumentLoadError
from tests.conftest import REPO, SEED_FILES, slow_report

pytestmark = pytest.mark.issue(11)


def _sha(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_emit_text_into_the_input_folder_never_touches_inputs(tmp_path: Path) -> None:
    """`gdr extract reports/ -o reports/ --emit-text` used to replace the user's .txt reports (subprocess, as a user runs it)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for seed in SEED_FILES:
        (folder / seed.name).write_bytes(seed.read_bytes())
    before = _sha(folder)
    proc = subprocess.run([sys.executable, "-m", "gdr_nlp.cli", "extract", str(folder), "-o", str(folder), "--emit-text",
                           "--tagger", "rules"], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("[E017]"), proc.stderr
    assert _sha(folder) == before  # nothing written, nothing replaced
    # without --emit-text the same folder is a fine output folder: inputs stay byte for byte
    proc = subprocess.run([sys.executable, "-m", "gdr_nlp.cli", "extract", str(folder), "-o", str(folder), "--tagger", "rules"],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    after = _sha(folder)
    assert {k: after[k] for k in before} == before
    assert sorted(set(after) - set(before)) == sorted([f"{s.stem}.json" for s in SEED_FILES] + ["run.json"])


@pytest.mark.parametrize(
    "argv",
    [["--version-x"], ["extract", "--bogus", "x"], ["extract"], ["bogus"], ["extract", "x", "--tagger", "foo"],
     ["extract", "x", "--format", "yaml"], ["extract", "x", "--timeout", "0"], []],
)
def test_usage_errors_are_one_line_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(argv)
    err = capsys.readouterr().err
    assert rc == 2
    if argv:  # `gdr` alone prints the help
        assert err.count("\n") == 1 and err.startswith("gdr: error: "), err
    assert "Traceback" not in err


def test_typed_choices_name_the_valid_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "x", "--format", "yaml"]) == 2
    err = capsys.readouterr().err
    assert "'json', 'csv', 'xlsx', 'parquet'" in err and "--tagger" not in err  # only the wrong option is blamed


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip().startswith("gdr 0.")


def test_out_is_a_file_or_unwritable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "file.json"
    target.write_text("{}", encoding="utf-8")
    assert main(["extract", str(SEED_FILES[0]), "-o", str(target), "--tagger", "rules"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("[E016]") and err.count("\n") == 1 and "is a file" in err
    assert target.read_text(encoding="utf-8") == "{}"
    assert main(["extract", str(SEED_FILES[0]), "-o", "/proc/gdr-no-such-place/out", "--tagger", "rules"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("[E016]") and err.count("\n") == 1


def test_odd_file_names_and_a_fifo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    data = SEED_FILES[0].read_bytes()
    long_name = "年度报告" * 19 + ".txt"  # 232 bytes: with .json and a temp prefix over the 255-byte limit
    bad_utf8 = os.fsencode(folder) + b"/bad_\xff\xfe_name.txt"
    (folder / long_name).write_bytes(data)
    with open(bad_utf8, "wb") as fh:
        fh.write(data)
    os.mkfifo(folder / "fifo.txt")  # readable by name but not a file: must not hang
    out = tmp_path / "out"
    rc = main(["extract", str(folder), "-o", str(out), "--tagger", "rules"])
    err = capsys.readouterr().err
    assert rc == 3  # the fifo fails, the rest goes on
    lines = [line for line in err.splitlines() if line.startswith("[")]
    assert len(lines) == 1 and "fifo.txt" in lines[0]
    outputs = sorted(p.name for p in out.glob("*.json") if p.name not in ("run.json", "failures.json"))
    assert len(outputs) == 2
    for name in outputs:
        result = json.loads((out / name).read_text(encoding="utf-8"))
        assert result["contract"] == "gdr-report/1"
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert any("\\xff" in r["path"] for r in manifest["reports"])  # the undecodable byte shown, not lost


def test_links_loops_and_stale_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED_FILES[0].read_bytes())
    (folder / "b.txt").write_bytes(SEED_FILES[1].read_bytes())
    out = tmp_path / "out"
    assert main(["extract", str(folder), "-o", str(out), "--tagger", "rules"]) == 0
    assert (out / "b.json").exists() and not (out / "failures.json").exists()
    # now b is damaged beyond reading, a link loops and another dangles
    (folder / "b.txt").write_bytes(b"")
    os.symlink(".", folder / "loop")
    os.symlink("missing.pdf", folder / "gone.pdf")
    rc = main(["extract", str(folder), "-o", str(out), "--tagger", "rules"])
    err = capsys.readouterr().err
    assert rc == 3
    failures = json.loads((out / "failures.json").read_text(encoding="utf-8"))
    reasons = {Path(f["path"]).name: f["reason"] for f in failures}
    assert set(reasons) == {"b.txt", "loop", "gone.pdf"}
    assert "loop" in reasons["loop"] and "dangling" in reasons["gone.pdf"]
    assert not (out / "b.json").exists()  # its old success does not stand beside its failure
    assert (out / "a.json").exists()
    assert err.count("[E0") == 3
    # a clean rerun removes the stale failure list
    (folder / "b.txt").write_bytes(SEED_FILES[1].read_bytes())
    for link in ("loop", "gone.pdf"):
        (folder / link).unlink()
    assert main(["extract", str(folder), "-o", str(out), "--tagger", "rules"]) == 0
    assert not (out / "failures.json").exists()
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["finished"] and manifest["files"] == 2 and manifest["failed"] == 0
    assert {r["output"] for r in manifest["reports"]} == {"a.json", "b.json"}


def test_every_file_failing_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"")
    (folder / "b.pdf").write_bytes(b"%PDF-1.4 truncated")
    assert main(["extract", str(folder), "-o", str(tmp_path / "out")]) == 3


def test_output_permissions_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        assert main(["extract", str(SEED_FILES[0]), "-o", str(tmp_path), "-f", "csv", "-f", "xlsx", "--tagger", "rules"]) == 0
    finally:
        os.umask(old)
    modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    assert set(modes.values()) == {0o644}, modes


def test_same_name_in_several_folders_gets_distinct_outputs(tmp_path: Path) -> None:
    for year in ("2020", "2021", "2022"):
        (tmp_path / "in" / year).mkdir(parents=True)
        (tmp_path / "in" / year / "report.txt").write_bytes(SEED_FILES[int(year) % 3].read_bytes())
    assert main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--tagger", "rules"]) == 0
    outputs = sorted(p.name for p in (tmp_path / "out").glob("report*.json"))
    assert outputs == ["report.json", "report.txt.json", "report.txt~2.json"]
    paths = {json.loads((tmp_path / "out" / o).read_text(encoding="utf-8"))["source"]["path"] for o in outputs}
    assert len(paths) == 3


@pytest.mark.parametrize(
    ("how", "mutate"),
    [
        ("cut_end", lambda data: data.rstrip() + "。".encode()[:2]),
        ("stray_byte", lambda data: data[: len(data) // 2] + b"\xff" + data[len(data) // 2 :]),
        ("nul", lambda data: data[: len(data) // 2] + b"\x00" + data[len(data) // 2 :]),
    ],
)
def test_one_bad_byte_degrades_not_discards(tmp_path: Path, how: str, mutate) -> None:  # type: ignore[no-untyped-def]
    data = SEED_FILES[0].read_bytes()
    at = len(data) // 2
    while data[at] & 0xC0 == 0x80:  # insert between characters
        at += 1
    data = data[:at] + data[at:]
    path = tmp_path / f"{how}.txt"
    path.write_bytes(mutate(data))
    summary = extract([path], options=ExtractOptions(tagger="rules"), out_dir=None)
    assert not summary.failures, summary.failures[0].line()
    record = summary.records[0]
    assert record.review["needed"] and record.review["reasons"]
    result = summary.results[0]
    assert any("U+FFFD" in w or "control character" in w for w in result["warnings"])
    assert result["review"] == record.review
    # the tables are still read
    assert result["tables"]["applications"]


def test_pdf_renamed_html_is_read_as_pdf(tmp_path: Path, synth_files: dict[str, Path]) -> None:
    renamed = tmp_path / "report.html"
    renamed.write_bytes(synth_files["pdf"].read_bytes())
    doc = load(renamed)
    assert doc.source.media_type == "application/pdf"
    assert any("content is pdf" in w for w in doc.warnings)


def test_html_limits(tmp_path: Path) -> None:
    head = "<html><body><p>政府信息公开工作年度报告</p>"
    bomb = tmp_path / "bomb.html"
    bomb.write_text(head + "<table>" + "<tr><td rowspan=1000 colspan=1000>1</td></tr>" * 1200 + "</table>", encoding="utf-8")
    many = tmp_path / "many.html"
    many.write_text(head + "<table>" + ("<tr>" + "<td>1</td>" * 100 + "</tr>") * 1100 + "</table>", encoding="utf-8")
    deep = tmp_path / "deep.html"
    deep.write_text(head + "<table><tr><td>" * 40 + "1" + "</td></tr></table>" * 40, encoding="utf-8")
    for path, what in ((bomb, "grid size"), (many, "cell count"), (deep, "nesting depth")):
        with pytest.raises(DocumentLoadError) as info:
            load(path)
        assert info.value.code == "E012" and what in info.value.reason


def _docx(document_xml: bytes, members: int = 0) -> bytes:
    from gdr_nlp.fuzz import _docx as build

    return build(document_xml, members)


def test_docx_limits(tmp_path: Path) -> None:
    w = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(_docx(w + b"<w:p><w:r><w:t>" + b" " * (40 * 2**20) + b"</w:t></w:r></w:p></w:body></w:document>"))
    assert bomb.stat().st_size < 2**20  # small on disk, 40 MB unpacked
    members = tmp_path / "members.docx"
    members.write_bytes(_docx(w + b"</w:body></w:document>", members=2500))
    for path, what in ((bomb, "uncompressed size of word/document.xml"), (members, "member count")):
        with pytest.raises(DocumentLoadError) as info:
            load(path)
        assert info.value.code == "E012" and what in info.value.reason


def test_character_limit(tmp_path: Path) -> None:
    with pytest.raises(DocumentLoadError) as info:
        load(SEED_FILES[0], limits=Limits(max_chars=1000))
    assert info.value.code == "E012" and "characters" in info.value.reason


def test_library_messages_go_to_the_report_not_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    import logging
    import warnings

    from gdr_nlp.record import library_messages

    with library_messages() as messages:
        for _ in range(3):
            logging.getLogger("pdfminer.pdffont").warning("Could not get FontBBox from font descriptor")
        warnings.warn("a library's own warning", UserWarning, stacklevel=1)
    assert capsys.readouterr().err == ""
    assert "pdfminer: Could not get FontBBox from font descriptor (×3)" in messages
    assert any("a library's own warning" in m for m in messages)


def test_timeout_stops_one_file_and_the_batch_goes_on(tmp_path: Path, synth_files: dict[str, Path]) -> None:
    """A file over --timeout fails alone (E013) in a child process; the next file is read."""
    folder = tmp_path / "in"
    folder.mkdir()
    # a report on one line, repeated: seconds of work, far over 0.2 s
    (folder / "a_slow.txt").write_text(slow_report(20), encoding="utf-8")
    (folder / "b_ok.txt").write_bytes(SEED_FILES[1].read_bytes())
    summary = extract([folder], options=ExtractOptions(tagger="rules", timeout=0.2), out_dir=tmp_path / "out")
    codes = {Path(r.path).name: r.code for r in summary.records}
    assert codes["a_slow.txt"] == "E013"
    # b runs in a fresh child, under the same limit; a small report may or may not fit in 0.2 s
    # on a loaded machine, so only the fact that it ran is asserted
    assert "b_ok.txt" in codes
    summary = extract([folder / "b_ok.txt"], options=ExtractOptions(tagger="rules", timeout=120), out_dir=None)
    assert summary.records[0].status == "ok" and summary.records[0].peak_rss_mb


def test_a_killed_batch_has_already_recorded_its_failures(tmp_path: Path) -> None:
    """failures.json and run.json are written as failures happen, not only at the end."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_bad.pdf").write_bytes(b"%PDF-1.4 truncated")
    (folder / "b.txt").write_bytes(SEED_FILES[0].read_bytes())
    out = tmp_path / "out"

    def interrupt(record) -> None:  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt  # the user's Ctrl-C (or a kill) right after the first failure

    with pytest.raises(KeyboardInterrupt):
        extract([folder], options=ExtractOptions(tagger="rules"), out_dir=out, on_failure=interrupt)
    failures = json.loads((out / "failures.json").read_text(encoding="utf-8"))
    assert [Path(f["path"]).name for f in failures] == ["a_bad.pdf"] and failures[0]["code"] == "E006"
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["finished"] is False and manifest["failed"] == 1
    assert not (out / "b.json").exists()
