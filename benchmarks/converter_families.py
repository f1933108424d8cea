"""Renderers and converter families of issue 10: seconds per report, and on train families only
whether the pipeline's default reading is exact.

    python benchmarks/converter_families.py [-n 3] [--seed 9310] [--ocr-docs 1]

Generated reports (``gdr_nlp.synth``, gold known) are rendered by every installed renderer
(``routes.RENDERERS``), then read back by every installed converter family whose input that is
(``routes.routes()``, then ``routes(s)`` for each converter-family split of ``routes.BY_NAME_ONLY``). Per renderer it prints
seconds per report (the held-out renderers of ``routes.RENDERER_SPLITS`` too: timed, never converted or read here); per
family, seconds per report (mean over the renderers it reads) and, for **train** families only,
the reports whose tables the default pipeline (``build_pipeline()``) reads exactly. Held-out
families (dev, test, ocr and the blind splits of ``routes.FAMILY_SPLITS``) are timed only: their outputs are
not scored here, so nothing is built on them. The OCR family reads only the first ``--ocr-docs`` reports (minutes per report).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gdr_nlp.export.json import to_contract  # noqa: E402
from gdr_nlp.scoring import score_tables  # noqa: E402
from gdr_nlp.synth import generate_one  # noqa: E402
from gdr_nlp.synth.convert import FAMILIES, convert  # noqa: E402
from gdr_nlp.synth.routes import (BY_NAME_ONLY, RENDERER_SPLITS, RENDERERS, render_all, renderer_available,  # noqa: E402
                                  routes, split_of)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=3, help="generated reports")
    ap.add_argument("--seed", type=int, default=9310, help="generator seed (no training run uses it)")
    ap.add_argument("--ocr-docs", type=int, default=1, help="reports the OCR family reads")
    args = ap.parse_args(argv)
    from gdr_nlp.pipeline import build_pipeline

    docs = [generate_one(i, seed=args.seed, layouts=("html", "docx", "pdf")) for i in range(args.n)]
    pipeline = build_pipeline()
    work = Path(tempfile.mkdtemp(prefix="gdr-families-"))
    rendered: dict[str, list[Path]] = {}
    print(f"{len(docs)} reports, versions {sorted({d.version for d in docs})}, variants "
          f"{sorted({v for d in docs for v in d.variants})}\n")
    print(f"{'renderer':18s} {'tool':40s} {'s/report':>9s}")
    for name, ren in RENDERERS.items():
        if not renderer_available(name):
            print(f"{name:18s} {ren.tool:40s} {'missing':>9s}")
            continue
        t0 = time.perf_counter()
        rendered[name] = render_all(name, docs, work / name)
        print(f"{name:18s} {ren.tool:40s} {(time.perf_counter() - t0) / len(docs):9.2f}")
    secs: dict[str, list[float]] = defaultdict(list)
    exact: dict[str, list[bool]] = defaultdict(list)
    by_route: dict[str, list[bool]] = defaultdict(list)
    # blind17's routes (held-out renderers through train families) are left out: scoring them would read them
    for route in routes() + [r for split in BY_NAME_ONLY if split not in RENDERER_SPLITS for r in routes(split)]:
        renderer, _, family = route.partition(">")
        if renderer not in rendered:
            continue
        n = args.ocr_docs if split_of(family) == "ocr" else len(docs)
        for doc, src in list(zip(docs, rendered[renderer]))[:n]:
            t0 = time.perf_counter()
            out = Path(convert(family, src, work / "converted" / renderer))
            secs[family].append(time.perf_counter() - t0)
            if split_of(family) == "train":  # held-out families are not scored here
                contract = to_contract(pipeline.process(out))
                exact[family].append(score_tables(contract["tables"], doc.gold()["tables"]).exact)
                by_route[route].append(exact[family][-1])
    print(f"\n{'family':20s} {'split':6s} {'reads':15s} {'s/report':>9s} {'exact (default tagger)':>24s}")
    for name, fam in FAMILIES.items():
        split = split_of(name)
        if name not in secs:
            print(f"{name:20s} {split:6s} {','.join(fam.inputs):15s} {'missing':>9s}")
            continue
        mean = sum(secs[name]) / len(secs[name])
        score = f"{sum(exact[name])}/{len(exact[name])}" if split == "train" else "held out"
        print(f"{name:20s} {split:6s} {','.join(fam.inputs):15s} {mean:9.2f} {score:>24s}")
    print("\ntrain routes, exact reports (default tagger): " + ", ".join(
        f"{route} {sum(v)}/{len(v)}" for route, v in by_route.items()))
    print(f"\nroutes here: {len(routes())} ({', '.join(f'{s} {len(routes(s))}' for s in ('train', 'dev', 'test', 'ocr'))}"
          + "".join(f"; {s} {len(routes(s))}" for s in BY_NAME_ONLY) + ", by name only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
