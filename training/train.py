"""DVC step `train`: fine-tune the token classifier on build/dataset (params: training/params.yaml).

python training/train.py --dataset build/dataset --out build/model
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from gdr_nlp.tag.labels import load_label_types
from gdr_nlp.train import DEFAULT_LABELS, DEFAULT_PARAMS, REPO, fit, load_dataset_docs, load_params


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", type=Path, default=Path("build/dataset"))
    parser.add_argument("--out", type=Path, default=Path("build/model"))
    parser.add_argument("--base-model", type=Path, default=None, help="default: params train.base_model")
    parser.add_argument("--params", type=Path, default=DEFAULT_PARAMS)
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    params = load_params(args.params)
    base = args.base_model or REPO / params.base_model
    info = fit(
        load_dataset_docs(args.dataset), args.out, params=params, types=load_label_types(args.labels), base_model=base
    )
    print(json.dumps({k: info[k] for k in ("seconds", "steps", "train_loss", "windows", "documents")}))


if __name__ == "__main__":
    main()
