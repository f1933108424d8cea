"""Real reports in converter layouts: realdev PDFs through every PDF converter family, gold cells projected.

Evaluation data only, never training data: ``../shared/realdev/*.pdf`` with their verified gold
tables are read by our ingest and by each installed train/dev PDF converter family (test and ocr
families are left for the final measurement); the gold cells are projected onto each ingested
text (:func:`gdr_nlp.synth.projection.project_tables`: CELL spans only, real reports give no
printed forms or labels). Writes ``OUT/realdev.jsonl`` (id, family, split, text, spans) for
span-level evaluation on real content, and prints the yield per family.

python training/project_realdev.py [--realdev ../shared/realdev] [--out build/realdev]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from gdr_nlp import ingest
from gdr_nlp.errors import GdrError
from gdr_nlp.synth.convert import FAMILIES, available, convert
from gdr_nlp.synth.projection import project_tables
from gdr_nlp.synth.routes import split_of

OWN = "ingest"  # the PDF read by gdr's own ingest, no converter


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--realdev", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "realdev")
    parser.add_argument("--out", type=Path, default=Path("build/realdev"))
    args = parser.parse_args(argv)
    pdfs = sorted(args.realdev.glob("*.pdf"))
    if not pdfs:
        raise SystemExit(f"{args.realdev}: no realdev PDFs here (they live in ../shared/realdev)")
    families = [OWN] + [f for f, fam in FAMILIES.items() if "pdf" in fam.inputs and split_of(f) in ("train", "dev")]
    args.out.mkdir(parents=True, exist_ok=True)
    done: dict[str, list[int]] = {f: [0, 0] for f in families}
    with open(args.out / "realdev.jsonl", "w", encoding="utf-8") as fh, tempfile.TemporaryDirectory() as tmp:
        for pdf in pdfs:
            gold = json.loads(pdf.with_name(pdf.stem + ".gold.json").read_text(encoding="utf-8"))
            for fam in families:
                if fam != OWN and not available(fam):
                    continue
                done[fam][1] += 1
                try:
                    text = ingest.load(pdf if fam == OWN else convert(fam, pdf, tmp)).text
                except GdrError as e:
                    print(f"{pdf.stem} {fam}: {e}")
                    continue
                proj = project_tables(gold["tables"], text)
                if not proj.ok:
                    print(f"{pdf.stem} {fam}: dropped ({proj.reason[:120]})")
                    continue
                done[fam][0] += 1
                fh.write(json.dumps({"id": f"{pdf.stem}:{fam}", "family": fam, "split": "realdev", "text": text,
                                     "spans": proj.spans}, ensure_ascii=False) + "\n")
    print(f"{'family':<18} {'split':<6} projected/attempted")
    for fam, (ok, n) in done.items():
        if n:
            print(f"{fam:<18} {split_of(fam) if fam != OWN else '':<6} {ok}/{n}")


if __name__ == "__main__":
    main()
