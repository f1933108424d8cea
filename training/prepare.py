"""DVC steps `synth`, `convert` and `dataset`: generated reports, converted reports with projected
labels, then gold + both -> document DatasetDict.

python training/prepare.py synth   --out build/synth
python training/prepare.py convert --out build/convert
python training/prepare.py dataset --annotations annotations --synth build/synth/hf --convert build/convert/hf --out build/dataset
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from gdr_nlp.tag.labels import load_label_types
from gdr_nlp.train import DEFAULT_LABELS, DEFAULT_PARAMS, build_dataset, generate_synth, load_params, read_annotations


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=["synth", "convert", "dataset"])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--annotations", type=Path, default=Path("annotations"), help="gold JSONL file or folder")
    parser.add_argument("--synth", type=Path, default=None, help="generated DatasetDict (build/synth/hf)")
    parser.add_argument("--convert", type=Path, default=None, help="converted DatasetDict (build/convert/hf)")
    parser.add_argument("--params", type=Path, default=DEFAULT_PARAMS)
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--n-docs", type=int, default=None, help="convert: override params convert.n_docs")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    params = load_params(args.params)
    if args.step == "synth":
        generate_synth(args.out, n_docs=params.n_synth, seed=params.synth_seed, n_markup=params.n_markup)
    elif args.step == "convert":
        from gdr_nlp.synth.converted import build_converted, format_yield

        table = build_converted(args.out, n_docs=args.n_docs or params.n_convert, seed=params.convert_seed,
                                workers=params.convert_workers)
        print(format_yield(table))
    else:
        gold = read_annotations(args.annotations, types=load_label_types(args.labels))
        splits = build_dataset(gold, args.synth, args.out, convert_hf=args.convert)
        logging.getLogger("prepare").info("dataset %s: %s", args.out, {k: len(v) for k, v in splits.items()})


if __name__ == "__main__":
    main()
