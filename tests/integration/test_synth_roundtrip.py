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
