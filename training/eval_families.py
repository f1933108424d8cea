"""Table cells the model alone reads on converted reports of the dev converter families.

Runs the product pipeline (``gdr_nlp.pipeline.build_pipeline(tagger=...)``) on every converted
file the ``convert`` stage kept under ``build/convert/files/dev`` and scores its tables against the
report's gold with ``gdr_nlp.scoring``; one row per (model, converter family). Test families are
never read here (they are measured once, at the end, by the lead).

python training/eval_families.py --model models/gdr-tagger --model build/model [--tagger model]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from gdr_nlp.export.json import to_contract
from gdr_nlp.pipeline import build_pipeline
from gdr_nlp.scoring import CellScore, score_tables


def family_of(path: Path) -> str:
    """``<doc id>.<renderer>.<family>.<ext>`` (synth.converted) -> family."""
    return path.name.split(".")[-2]


def evaluate(model: Path, files: list[Path], *, tagger: str) -> dict[str, dict[str, float]]:
    pipe = build_pipeline(tagger=tagger, model_dir=model)  # type: ignore[arg-type]
    per: dict[str, CellScore] = defaultdict(CellScore)
    exact: dict[str, list[bool]] = defaultdict(list)
    for f in files:
        gold = json.loads(f.with_name(f.name.rsplit(".", 1)[0] + ".gold.json").read_text(encoding="utf-8"))
        score = score_tables(to_contract(pipe.process(f))["tables"], gold["tables"])
        per[family_of(f)].add(score)
        exact[family_of(f)].append(score.exact)
    out = {fam: {"cells": round(s.accuracy, 4), "exact_reports": round(sum(exact[fam]) / len(exact[fam]), 4),
                 "reports": len(exact[fam])} for fam, s in sorted(per.items())}
    total = CellScore()
    for s in per.values():
        total.add(s)
    every = [e for v in exact.values() for e in v]
    out["all dev families"] = {"cells": round(total.accuracy, 4), "exact_reports": round(sum(every) / max(1, len(every)), 4),
                               "reports": len(every)}
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, action="append", required=True)
    parser.add_argument("--files", type=Path, default=Path("build/convert/files/dev"))
    parser.add_argument("--tagger", default="model", choices=["model", "rules", "hybrid", "auto"])
    parser.add_argument("--out", type=Path, default=None, help="write the figures as JSON")
    args = parser.parse_args(argv)
    files = sorted(p for p in args.files.iterdir() if not p.name.endswith(".json"))
    results = {str(m): evaluate(m, files, tagger=args.tagger) for m in args.model}
    for model, rows in results.items():
        print(f"{model} ({args.tagger})")
        for fam, r in rows.items():
            print(f"  {fam:<20} cells {r['cells']:.4f}  exact reports {r['exact_reports']:.3f}  ({r['reports']} reports)")
    if args.out:
        args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
