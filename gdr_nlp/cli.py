"""The ``gdr`` command line: thin wrappers over library functions.

Exit codes: 0 success, 1 failure, 3 partial (some files of a batch failed);
2 is click's usage error. Only this module writes to stdout.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from gdr_nlp import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Government information-disclosure annual reports → checked data.")
annotations_app = typer.Typer(no_args_is_help=True, help="Annotation files: validate, Label Studio export/import.")
app.add_typer(annotations_app, name="annotations")

EXIT_FAILURE = 1
EXIT_PARTIAL = 3


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_FAILURE)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="report files or folders")],
    out: Annotated[Path | None, typer.Option("-o", "--out", help="output folder; without it one input's JSON goes to stdout")] = None,
    fmt: Annotated[list[str], typer.Option("--format", "-f", help="extra outputs besides the JSON: csv (cells.csv + metrics.csv), xlsx; repeatable")] = ["json"],  # noqa: B006
    emit_text: Annotated[bool, typer.Option("--emit-text", help="also write the normalized text the offsets refer to")] = False,
    tagger: Annotated[str, typer.Option(help="auto (rules; the model too where the rules' reading shows trouble) | rules | model | hybrid")] = "auto",
    model: Annotated[Path | None, typer.Option(help="model folder for --tagger auto/model/hybrid (default: the released model)")] = None,
    ocr: Annotated[str, typer.Option(help="PDF pages read by OCR: auto (scanned or garbled-font pages) | always | never")] = "auto",
) -> None:
    """Extract sections, the three official tables, metrics and checks from reports."""
    from tqdm import tqdm

    from gdr_nlp.errors import GdrError
    from gdr_nlp.export.json import dumps
    from gdr_nlp.extract import FORMATS, expand_inputs, extract as run_extract
    from gdr_nlp.ingest.scanned import OCR_MODES
    from gdr_nlp.pipeline import TAGGERS, build_pipeline

    bad = [f for f in fmt if f not in FORMATS]
    if bad or tagger not in TAGGERS:
        _fail(f"unknown --format {bad} or --tagger {tagger!r}")
    if ocr not in OCR_MODES:
        _fail(f"unknown --ocr {ocr!r} (auto, always or never)")
    files = expand_inputs(paths)  # a folder is walked once
    if not files:
        _fail(f"no report files (txt, md, html, docx, pdf) in {', '.join(map(str, paths))}")
    if out is None and len(files) != 1:
        _fail("several inputs need -o DIR")
    try:
        pipeline = build_pipeline(tagger=tagger, model_dir=model, ocr=ocr)  # type: ignore[arg-type]
    except GdrError as exc:
        _fail(str(exc))
    many = len(files) > 1
    summary = run_extract(
        files,
        pipeline=pipeline,
        out_dir=out,
        formats=tuple(dict.fromkeys(["json", *fmt])),  # the contract JSON is always written
        emit_text=emit_text,
        progress=(lambda it: tqdm(list(it), unit="file", disable=None, file=sys.stderr)) if many else iter,
    )
    for failure in summary.failures:
        typer.echo(failure.line(), err=True)
    if out is None and summary.results:
        typer.echo(dumps(summary.results[0]))
    if many or out is not None:
        typer.echo(summary.line(), err=True)
    if summary.failures:
        raise typer.Exit(EXIT_FAILURE if len(summary.failures) == summary.files else EXIT_PARTIAL)


@annotations_app.command("validate")
def annotations_validate(paths: Annotated[list[Path], typer.Argument(help="annotation JSONL files or folders")]) -> None:
    """Check annotation files: spans, labels, attrs, gold tables and metrics."""
    from gdr_nlp.annotations.commands import validate_command

    raise typer.Exit(validate_command(paths))


@annotations_app.command("export")
def annotations_export(
    source: Annotated[Path, typer.Argument(help="annotation JSONL, or a report file to pre-annotate")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Label Studio tasks JSON")],
    to: Annotated[str, typer.Option("--to", help="target tool")] = "label-studio",
    tagger: Annotated[str | None, typer.Option(help="add predictions from rules | model | hybrid")] = None,
    model: Annotated[Path | None, typer.Option(help="model folder for --tagger model/hybrid")] = None,
) -> None:
    """Export to Label Studio tasks, with the tagger's spans as predictions to correct."""
    from gdr_nlp.annotations.commands import export_command

    if to != "label-studio":
        _fail(f"unknown --to {to!r} (only label-studio)")
    raise typer.Exit(export_command(source, out, tagger=tagger, model_dir=model))


@annotations_app.command("import")
def annotations_import(
    export: Annotated[Path, typer.Argument(help="Label Studio JSON export")],
    out: Annotated[Path, typer.Option("-o", "--out", help="annotation JSONL to write")],
) -> None:
    """Import a Label Studio export back into annotation JSONL (then validate it)."""
    from gdr_nlp.annotations.commands import import_command

    raise typer.Exit(import_command(export, out))


@app.command()
def synth(
    n: Annotated[int, typer.Option("-n", help="number of reports")] = 200,
    seed: Annotated[int, typer.Option("--seed", help="random seed (same seed, same reports)")] = 1,
    out: Annotated[Path, typer.Option("-o", "--out", help="output folder")] = Path("build/synth"),
    error_rate: Annotated[float, typer.Option("--error-rate", help="share of reports with one deliberately wrong total")] = 0.05,
    layouts: Annotated[str, typer.Option("--layouts", help="all (the training families) | stress (never trained on) | comma-separated family names")] = "all",
) -> None:
    """Generate messy annual reports with exact gold: files/, gold/, manifest.jsonl, splits.json, hf/."""
    from gdr_nlp.synth import generate, layout_families, write_dataset

    if n < 1 or not 0.0 <= error_rate <= 1.0:
        _fail("-n must be ≥ 1 and --error-rate within 0..1")
    try:
        families = layout_families(layouts)
    except ValueError as exc:
        _fail(f"--layouts: {exc}")
    path = write_dataset(generate(n, seed=seed, error_rate=error_rate, layouts=families), out)
    typer.echo(f"wrote {n} reports to {path}", err=True)


@app.command()
def train(
    annotations: Annotated[Path, typer.Option("--annotations", help="gold JSONL file or folder (seed gold + your annotations)")] = Path("annotations"),
    out: Annotated[Path, typer.Option("--out", "-o", help="output folder: model/, dataset/, synth/, metrics/")] = Path("build/train"),
    base_model: Annotated[Path | None, typer.Option("--base-model", help="any local HF encoder folder (default: params.yaml base_model)")] = None,
    smoke: Annotated[bool, typer.Option("--smoke", help="tiny run that checks the plumbing in minutes")] = False,
) -> None:
    """Fine-tune the token-classification tagger on annotations plus generated reports."""
    import json

    from gdr_nlp.errors import GdrError
    from gdr_nlp.train import train as run_train

    try:
        result = run_train(annotations, out=out, base_model=base_model, smoke=smoke)
    except GdrError as exc:
        _fail(str(exc))
    typer.echo(json.dumps(result["metrics"], ensure_ascii=False, indent=1))
    typer.echo(f"model written to {result['model_dir']}", err=True)


@app.command()
def evaluate(
    model: Annotated[Path, typer.Argument(help="model folder")],
    dataset: Annotated[Path, typer.Option(help="dataset folder written by gdr train")] = Path("build/train/dataset"),
    metrics_dir: Annotated[Path | None, typer.Option("--metrics-dir", help="write <split>.json here")] = None,
) -> None:
    """Span precision/recall/F1 per label of a model on the dataset's dev and test splits."""
    import json

    from gdr_nlp.errors import GdrError
    from gdr_nlp.train import evaluate_model

    try:
        scores = evaluate_model(model, dataset=dataset, metrics_dir=metrics_dir)
    except GdrError as exc:
        _fail(str(exc))
    typer.echo(json.dumps(scores, ensure_ascii=False, indent=1))


@app.command()
def compare(
    paths: Annotated[list[Path], typer.Argument(help="output folders of gdr extract (searched recursively) or contract JSON files")],
    out: Annotated[Path, typer.Option("-o", "--out", help="folder for compare.json, compare.csv, compare.xlsx")],
) -> None:
    """Cross-year checks: each agency's reports year over year (上年结转, 表二 stock, 同比 claims)."""
    from gdr_nlp.compare import compare as run_compare
    from gdr_nlp.errors import GdrError

    try:
        result = run_compare(paths, out_dir=out)
    except GdrError as exc:
        _fail(str(exc))
    for line in result.errors:
        typer.echo(line, err=True)
    counts = {s: sum(c["status"] == s for c in result.checks) for s in ("pass", "fail", "not_assessable")}
    typer.echo(f"{result.reports} reports, {len(result.series)} agencies, {len(result.unplaced)} unplaced; "
               f"checks: {counts['fail']} failed, {counts['pass']} passed, {counts['not_assessable']} not assessable; "
               f"wrote {out}/compare.json, .csv, .xlsx", err=True)
    if result.errors:
        raise typer.Exit(EXIT_FAILURE if not result.reports else EXIT_PARTIAL)


@app.command()
def review(
    out_dir: Annotated[Path, typer.Argument(help="output folder of gdr extract -o DIR --emit-text")],
    port: Annotated[int, typer.Option("--port", help="TCP port (0: any free port)")] = 8000,
    host: Annotated[str, typer.Option("--host", help="interface; the app has no login, keep it local")] = "127.0.0.1",
) -> None:
    """Review page: see each value in its source, correct it, save corrections as annotations."""
    from gdr_nlp.errors import GdrError
    from gdr_nlp.review import review as run_review

    try:
        run_review(out_dir, host=host, port=port, ready=lambda url: typer.echo(f"reviewing {out_dir} at {url} (Ctrl-C stops)", err=True))
    except GdrError as exc:
        _fail(str(exc))
    except OSError as exc:  # port taken, no permission
        _fail(f"[E050] {out_dir}: cannot listen on {host}:{port} ({exc.strerror})")


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main(argv: list[str] | None = None) -> int:
    """Entry point; ``argv`` lets tests run the CLI in-process."""
    try:
        rc = app(args=argv, prog_name="gdr", standalone_mode=False)
        return rc if isinstance(rc, int) else 0  # click hands typer.Exit codes back in non-standalone mode
    except typer.Exit as exc:
        return exc.exit_code
    except SystemExit as exc:  # click usage errors in non-standalone mode
        return int(exc.code or 0)
    except Exception as exc:  # click.ClickException and friends: one line, no traceback
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            return exc.exit_code
        if isinstance(exc, click.exceptions.Abort):
            return EXIT_FAILURE
        raise


if __name__ == "__main__":
    sys.exit(main())
