"""OCR on scanned copies of the realdev PDFs: table cells, flagging, version, sections, metrics, speed.

For each scan resolution (``--scan-dpi``, made by ``make_scans.py`` when missing), each OCR
engine (``--engine``) and each OCR render resolution (``--ocr-dpi``), every realdev report is
read end to end (``--tagger``, default auto) and compared with its gold:

* cells: share of gold cells read right, and whether the report is *safe*: every cell right,
  or the report flagged for review (review notes, a failing table check, a gold cell absent);
* format version and the section keys right;
* narrative metrics: type-blind F1 against the gold metrics (``evaluate_metrics``);
* seconds per OCR page (median over pages; machine load printed with the figures).

    nice -n 10 python benchmarks/eval_ocr.py [--scan-dpi 150] [--engine rapidocr] [--ocr-dpi 200]

Prints a Markdown table for BENCHMARKS.md. The realdev gold was not used to write the OCR
code, but its scans at 150 dpi were looked at while building it (not blind).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from make_scans import REALDEV, REPO

from gdr_nlp.export.json import to_contract
from gdr_nlp.ingest import ocr
from gdr_nlp.pipeline import build_pipeline
from gdr_nlp.reconcile.metrics import evaluate_metrics
from gdr_nlp.scoring import score_tables
from gdr_nlp.synth.scan import scan_pdf

SECTION_ORDER = ["overview", "proactive", "applications", "review_litigation", "problems", "other"]


def _timed_pages() -> tuple[list[float], list[float]]:
    """Wrap the per-page OCR steps so each page's wall and CPU seconds are recorded.

    CPU seconds (all threads of the process) hardly depend on what else the machine runs;
    wall seconds on a shared machine do.
    """
    times: list[float] = []
    cpu: list[float] = []
    read_page = ocr.read_page
    fill = ocr.OcrPage.fill_empty_cells

    def timed_read(*args, **kwargs):  # type: ignore[no-untyped-def]
        t, c = time.perf_counter(), time.process_time()
        out = read_page(*args, **kwargs)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        return out

    def timed_fill(self, cells):  # type: ignore[no-untyped-def]
        t, c = time.perf_counter(), time.process_time()
        out = fill(self, cells)
        times[-1] += time.perf_counter() - t
        cpu[-1] += time.process_time() - c
        return out

    ocr.read_page = timed_read  # type: ignore[assignment]
    ocr.OcrPage.fill_empty_cells = timed_fill  # type: ignore[method-assign]
    return times, cpu


def flagged(doc, score) -> bool:  # type: ignore[no-untyped-def]
    """Whether a person would be sent to this report: the contract's review, else its ingredients."""
    review = to_contract(doc).get("review")  # contract 1.1; before it merges, its ingredients below
    if isinstance(review, dict):
        return bool(review.get("needed"))
    failing = [c for c in doc.checks if c["status"] == "fail" and not c["id"].startswith("narrative.")]
    missing = [m for m in score.mismatches if "got None" in m]
    return bool(doc.review_notes or failing or missing)


def page_speed(scans: list[Path]) -> str:
    """Median wall and CPU seconds of ``ocr.read_page`` per page of ``scans`` (OCR alone, model loaded)."""
    import pdfplumber

    from gdr_nlp.ingest.scanned import render_dpi

    ocr.engine(ocr.ENGINE)
    wall, cpu = [], []
    for scan in scans:
        with pdfplumber.open(scan) as pdf:
            for page in pdf.pages:
                t, c = time.perf_counter(), time.process_time()
                dpi = render_dpi(page, ocr.DPI, ocr.NATIVE_RANGE)
                ocr.read_page(page.to_image(resolution=dpi).original, dpi=dpi, engine_name=ocr.ENGINE)
                wall.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
    return (f"{len(wall)} pages: median {statistics.median(wall):.1f} s wall, {statistics.median(cpu):.1f} s CPU "
            f"per page (load average {os.getloadavg()[0]:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scan-dpi", type=int, nargs="+", default=[150])
    parser.add_argument("--engine", nargs="+", default=["rapidocr"], choices=ocr.ENGINES)
    parser.add_argument("--ocr-dpi", type=int, nargs="+", default=[ocr.DPI], help="0: the scan's own resolution")
    parser.add_argument("--tagger", default="auto")
    parser.add_argument("--scans", type=Path, default=REPO / "build" / "scans")
    parser.add_argument("--json", type=Path, help="also write the per-report results here")
    parser.add_argument("--speed", action="store_true", help="only time OCR per page of the existing scans")
    args = parser.parse_args()
    if args.speed:
        print(page_speed(sorted(args.scans.glob(f"*.scan{args.scan_dpi[0]}.pdf"))))
        return
    golds = sorted(REALDEV.glob("*.gold.json"))
    times, cpu = _timed_pages()
    rows, records = [], []
    pipe = build_pipeline(tagger=args.tagger)
    for scan_dpi in args.scan_dpi:
        for engine_name in args.engine:
            for ocr_dpi in args.ocr_dpi:
                # 0: each scan at its own image resolution (ocr.NATIVE_DPI)
                ocr.ENGINE, ocr.NATIVE_DPI = engine_name, ocr_dpi == 0
                ocr.DPI = ocr_dpi or 200
                times.clear()
                cpu.clear()
                cells = right = safe = version = sections = 0
                preds, wants = [], []
                load = os.getloadavg()[0]
                for gold_path in golds:
                    gold = json.loads(gold_path.read_text(encoding="utf-8"))
                    src = gold_path.with_name(gold["file"])
                    scan = args.scans / f"{src.stem}.scan{scan_dpi}.pdf"
                    if not scan.exists():
                        scan_pdf(src, scan, dpi=scan_dpi)
                    doc = pipe.process(scan)
                    score = score_tables(doc.tables, gold["tables"])
                    cells += score.total
                    right += score.total - len(score.mismatches)
                    flag = flagged(doc, score)
                    safe += not score.mismatches or flag
                    version += doc.report.get("format_version") == gold["format_version"]
                    sections += [s["key"] for s in doc.sections] == SECTION_ORDER
                    preds.append(doc.metrics)
                    wants.append(gold["metrics"])
                    records.append({"scan_dpi": scan_dpi, "engine": engine_name, "ocr_dpi": ocr_dpi,
                                    "file": src.name, "mismatches": score.mismatches, "flagged": flag,
                                    "review_notes": len(doc.review_notes),
                                    "failing": [c["id"] for c in doc.checks if c["status"] == "fail"]})
                m = evaluate_metrics(preds, wants)
                n = len(golds)
                rows.append(f"| {scan_dpi} | {engine_name} | {ocr_dpi or 'native'} | "
                            f"{right}/{cells} ({right / cells:.4f}) | "
                            f"{safe}/{n} | {version}/{n} | {sections}/{n} | {m['untyped']['f1']:.3f} | "
                            f"{statistics.median(times):.1f} | {statistics.median(cpu):.1f} | {load:.1f} |")
                print(rows[-1], flush=True)
    print("\n| scan dpi | engine | OCR dpi | cells right | right or flagged | version | sections | "
          "metrics F1 (type-blind) | median s/page | median CPU s/page | load avg |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    if args.json:
        args.json.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
