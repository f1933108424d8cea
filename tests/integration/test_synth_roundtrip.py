"""Generated reports of every layout family, through the CLI: files → gdr extract → compared with their gold."""

from __future__ import annotations

import json
from pathlib import Path

from gdr_nlp.cli import main
from gdr_nlp.scoring import CellScore, score_tables


def test_every_layout_family_round_trips(tmp_path: Path) -> None:
    synth_dir, out = tmp_path / "synth", tmp_path / "out"
    assert main(["synth", "-n", "13", "--seed", "11", "-o", str(synth_dir), "--error-rate", "0"]) == 0
    manifest = [json.loads(line) for line in (synth_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len({m["layout"] for m in manifest}) == 13
    assert main(["extract", str(synth_dir / "files"), "-o", str(out)]) == 0
    total = CellScore()
    for entry in manifest:
        gold = json.loads((synth_dir / "gold" / f"{entry['id']}.json").read_text(encoding="utf-8"))
        result = json.loads((out / f"{entry['id']}.json").read_text(encoding="utf-8"))
        total.add(score_tables(result["tables"], gold["tables"]))
        assert result["report"]["format_version"] == gold["report"]["format_version"], entry
        # no deliberate source errors here, so no check may fail
        assert [c["id"] for c in result["checks"] if c["status"] == "fail" and c["id"].startswith(("applications", "review"))] == [], entry
    assert total.accuracy >= 0.99, total.mismatches[:10]


def test_stress_families_round_trip_with_the_default_tagger(tmp_path: Path, capsys) -> None:
    families = "no_table_headings,page_breaks,fullwidth_indent,part_headings,space_aligned"
    synth_dir, out = tmp_path / "synth", tmp_path / "out"
    assert main(["synth", "-n", "10", "--seed", "12", "-o", str(synth_dir), "--error-rate", "0", "--layouts", families]) == 0
    manifest = [json.loads(line) for line in (synth_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {m["layout"] for m in manifest} == set(families.split(",")) and {m["split"] for m in manifest} == {"stress"}
    assert main(["extract", str(synth_dir / "files"), "-o", str(out)]) == 0
    total = CellScore()
    for entry in manifest:
        gold = json.loads((synth_dir / "gold" / f"{entry['id']}.json").read_text(encoding="utf-8"))
        total.add(score_tables(json.loads((out / f"{entry['id']}.json").read_text(encoding="utf-8"))["tables"], gold["tables"]))
    assert total.accuracy >= 0.99, total.mismatches[:10]
    capsys.readouterr()
    assert main(["synth", "-n", "1", "-o", str(tmp_path / "x"), "--layouts", "nope"]) == 2  # a usage mistake (#11)
    err = capsys.readouterr().err.strip()
    assert "--layouts" in err and "\n" not in err
