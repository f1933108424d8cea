"""DVC steps `synth` and `dataset`: generated reports, then gold + generated -> document DatasetDict.

python training/prepare.py synth   --out build/synth
python training/prepare.py dataset --annotations annotations --synth build/synth/hf --out build/dataset
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from gdr_nlp.tag.labels import load_label_types
from gdr_nlp.train import DEFAULT_LABELS, DEFAULT_PARAMS, build_dataset, generate_synth, load_params, read_annotations


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=["synth", "dataset"])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--annotations", type=Path, default=Path("annotations"), help="gold JSONL file or folder")
    parser.add_argument("--synth", type=Path, default=None, help="generated DatasetDict (build/synth/hf)")
    parser.add_argument("--params", type=Path, default=DEFAULT_PARAMS)
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.step == "synth":
        params = load_params(args.params)
        generate_synth(args.out, n_docs=params.n_synth, seed=params.synth_seed)
    else:
        gold = read_annotations(args.annotations, types=load_label_types(args.labels))
        splits = build_dataset(gold, args.synth, args.out)
        logging.getLogger("prepare").info("dataset %s: %s", args.out, {k: len(v) for k, v in splits.items()})


if __name__ == "__main__":
    main()
