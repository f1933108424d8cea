"""DVC step `evaluate`: span scores of a model folder on dev/test (generated layout families) and
dev_families (converted reports, held-out converter families) -> metrics/<split>.json.

python training/evaluate.py --model build/model --dataset build/dataset --metrics metrics
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from gdr_nlp.train import DEFAULT_LABELS, evaluate_model


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=Path("build/model"))
    parser.add_argument("--dataset", type=Path, default=Path("build/dataset"))
    parser.add_argument("--metrics", type=Path, default=Path("metrics"))
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    results = evaluate_model(args.model, dataset=args.dataset, metrics_dir=args.metrics, labels=args.labels)
    for split, m in results.items():
        print(f"{split}: span F1 {m['span_f1']:.4f}  seqeval F1 {m['seqeval_f1']:.4f}  ({m['n_docs']} docs)")
        for label, s in m["per_label"].items():
            print(f"  {label:<16} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  n={s['support']}")


if __name__ == "__main__":
    main()
