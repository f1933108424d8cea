"""Scanned copies of the realdev PDFs for ``eval_ocr.py`` (``gdr_nlp.synth.scan.scan_pdf``).

Each page is rendered at ``--dpi`` (default 150), turned grey, rotated by a random angle
within ±``--max-angle`` degrees (default 0.8), speckled, and stored as a JPEG of quality
``--quality`` (default 60) inside an image-only PDF of the original page size.

    python benchmarks/make_scans.py [--dpi 150] [--seed 1] -o build/scans [PDF ...]

Without PDFs it scans ``../shared/realdev/*.pdf``. Writes ``<stem>.scan<dpi>.pdf``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from gdr_nlp.synth.scan import scan_pdf

REPO = Path(__file__).resolve().parent.parent
REALDEV = REPO.parent / "shared" / "realdev"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("-o", "--out", type=Path, default=REPO / "build" / "scans")
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--quality", type=int, default=60)
    parser.add_argument("--max-angle", type=float, default=0.8)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for src in args.pdfs or sorted(REALDEV.glob("*.pdf")):
        print(scan_pdf(src, args.out / f"{src.stem}.scan{args.dpi}.pdf", dpi=args.dpi, quality=args.quality,
                       seed=args.seed, max_angle=args.max_angle))


if __name__ == "__main__":
    main()
