"""The ``gdr`` command line: thin wrappers over library functions.

Exit codes: 0 success, 1 failure, 3 partial (some files of a batch failed);
2 is click's usage error. Only this module writes to stdout.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from gdr_nlp import __version__
from gdr_nlp.record import ExtractOptions

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Government information-disclosure annual reports → checked data.")
annotations_app = typer.Typer(no_args_is_help=True, help="Annotation files: validate, Label Studio export/import.")
app.add_typer(annotations_app, name="annotations")

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3


class Tagger(str, Enum):
    auto = "auto"
    rules = "rules"
    model = "model"
    hybrid = "hybrid"


class OcrChoice(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class OutputFormat(str, Enum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"


def _fail(message: str, code: int = EXIT_FAILURE) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gdr {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", metavar="", callback=_version, is_eager=True, help="print the version and exit")] = False,
) -> None:
    """Government information-disclosure annual reports → checked data."""


def setup_logging(verbose: int, quiet: bool) -> None:
    """-q errors only, default warnings, -v info (library messages, internal error traces), -vv debug."""
    import logging

    level = logging.ERROR if quiet else {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr, force=True)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="report files or folders", metavar="PATH...", show_default=False)],
    out: Annotated[Path | None, typer.Option("-o", "--out", help="output folder; without it one input's JSON goes to stdout")] = None,
    fmt: Annotated[list[OutputFormat], typer.Option("--format", "-f", help="outputs besides the JSON: csv (cells.csv + metrics.csv), xlsx, parquet (cells.parquet + metrics.parquet); repeatable")] = [OutputFormat.json],  # noqa: B006
    emit_text: Annotated[bool, typer.Option("--emit-text", metavar="", help="also write the normalized text the offsets refer to")] = False,
    tagger: Annotated[Tagger, typer.Option(help="auto: rules, plus the model where the rules' reading shows trouble")] = Tagger.auto,
    model: Annotated[Path | None, typer.Option(help="model folder for --tagger auto/model/hybrid (default: the released model)")] = None,
    ocr: Annotated[OcrChoice, typer.Option(help="PDF pages read by OCR: auto (scanned or garbled-font pages), always, never")] = OcrChoice.auto,
    timeout: Annotated[float | None, typer.Option("--timeout", min=0.1, metavar="SECONDS", help="seconds per file; a file over it fails alone (runs files in a child process)")] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-j", min=1, metavar="N", help="files processed at once (default: all cores), each in its own process")] = None,
    engine: Annotated[str, typer.Option("--engine", metavar="local|ray", help="local: a process pool on this machine; ray: Ray tasks (pip install 'gdr-nlp[cluster]'; a cluster via RAY_ADDRESS)")] = "local",
    resume: Annotated[bool, typer.Option("--resume", metavar="", help="skip inputs whose outputs in -o exist for the same source sha256 and options")] = False,
    verbose: Annotated[int, typer.Option("-v", "--verbose", count=True, metavar="", help="more log: -v info (library messages, internal error traces), -vv debug")] = 0,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", metavar="", help="errors only: no progress bar, no summary line")] = False,
) -> None:
    """Extract sections, the three official tables, metrics and checks from reports."""
    setup_logging(verbose, quiet)
    from gdr_nlp.batch import ENGINES, BatchOptions, default_workers

    if engine not in ENGINES:
        _fail(f"unknown --engine {engine!r} (local or ray)", EXIT_USAGE)
    if engine == "ray":
        import importlib.util

        if importlib.util.find_spec("ray") is None:
            _fail("--engine ray needs Ray: pip install 'gdr-nlp[cluster]'")
    batch_options = BatchOptions(workers=workers or default_workers(), engine=engine, resume=resume)
    options = ExtractOptions(
        tagger=tagger.value, model_dir=str(model) if model else None,
        formats=tuple(dict.fromkeys(["json", *(f.value for f in fmt)])),  # the contract JSON is always written
        emit_text=emit_text, timeout=timeout, ocr=ocr.value,
    )
    raise typer.Exit(_run_extract(paths, out=out, options=options, quiet=quiet, batch_options=batch_options))


def _run_extract(paths: list[Path], *, out: Path | None, options: ExtractOptions, quiet: bool, batch_options: Any = None) -> int:
    """``gdr extract`` after parsing: exit 0 ok, 1 a single file failed, 2 bad arguments, 3 a batch had failures."""
    import logging

    from tqdm import tqdm

    from gdr_nlp.errors import GdrError
    from gdr_nlp.export.json import dumps
    from gdr_nlp.extract import extract as run_extract
    from gdr_nlp.extract import model_sha256
    from gdr_nlp.inputs import InputError, collect_inputs, display_path
    from gdr_nlp.record import FileRecord, _pipeline

    log = logging.getLogger("gdr_nlp.cli")
    files, skipped = collect_inputs(paths)
    batch = len(files) + len(skipped) > 1 or any(p.is_dir() for p in paths)
    if not files and not skipped:
        _fail(f"no report files (txt, md, html, docx, pdf) in {', '.join(display_path(str(p)) for p in paths)}")
    if out is None and batch:
        _fail("gdr: error: several inputs need -o DIR", EXIT_USAGE)
    try:
        _pipeline(options.tagger, options.model_dir, options.ocr)  # a bad --model fails now, once
    except GdrError as exc:
        _fail(str(exc))
    bar = tqdm(total=len(files), unit="file", disable=True if quiet or not batch else None, file=sys.stderr)

    def on_failure(record: FileRecord) -> None:
        bar.write(record.line(), file=sys.stderr)  # at once: a killed batch has already said what failed
        if record.trace:
            log.info("internal error on %s:\n%s", record.path, record.trace)

    def progress(it):  # type: ignore[no-untyped-def]
        for path in it:
            yield path
            bar.update()

    try:
        summary = run_extract(
            paths, options=options, out_dir=out, progress=progress, on_failure=on_failure,
            model_sha256=model_sha256(options) if out is not None else None, collected=(files, skipped), batch=batch_options,
        )
    except InputError as exc:
        bar.close()
        _fail(str(exc), EXIT_USAGE if exc.code == "E017" or "is a file" in exc.reason else EXIT_FAILURE)
    bar.close()
    for record in summary.records:
        for message in record.library_messages:
            log.info("%s: %s", record.path, message)
    if out is None and summary.results:
        typer.echo(dumps(summary.results[0]).encode("utf-8", errors="backslashreplace").decode("utf-8"))
    if (batch or out is not None) and not quiet:
        typer.echo(summary.line(), err=True)
    if summary.failures:
        return EXIT_PARTIAL if batch else EXIT_FAILURE
    return 0


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
        _fail(f"gdr: error: unknown --to {to!r} (only label-studio)", EXIT_USAGE)
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
        _fail("gdr: error: -n must be ≥ 1 and --error-rate within 0..1", EXIT_USAGE)
    try:
        families = layout_families(layouts)
    except ValueError as exc:
        _fail(f"gdr: error: --layouts: {exc}", EXIT_USAGE)
    path = write_dataset(generate(n, seed=seed, error_rate=error_rate, layouts=families), out)
    typer.echo(f"wrote {n} reports to {path}", err=True)


@app.command()
def train(
    annotations: Annotated[Path, typer.Option("--annotations", help="gold JSONL file or folder (seed gold + your annotations)")] = Path("annotations"),
    out: Annotated[Path, typer.Option("--out", "-o", help="output folder: model/, dataset/, synth/, metrics/")] = Path("build/train"),
    base_model: Annotated[Path | None, typer.Option("--base-model", help="any local HF encoder folder (default: params.yaml base_model)")] = None,
    smoke: Annotated[bool, typer.Option("--smoke", metavar="", help="tiny run that checks the plumbing in minutes")] = False,
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
    """Entry point; ``argv`` lets tests run the CLI in-process.

    Every problem is one line on stderr: a usage mistake exits 2 with click's message and
    where to look (``gdr extract --help``); an unexpected exception exits 1 with its type
    and message (the trace with ``-v``).
    """
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        rc = app(args=args, prog_name="gdr", standalone_mode=False)
        return rc if isinstance(rc, int) else 0  # typer.Exit codes come back in non-standalone mode
    except typer.Exit as exc:
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("gdr: interrupted", err=True)
        return 130
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_FAILURE
    except Exception as exc:
        return _one_line(exc)


def _one_line(exc: Exception) -> int:
    """click's errors (typer vendors click, so matched by shape, not class) as one line; anything else is a bug."""
    code = getattr(exc, "exit_code", None)
    if hasattr(exc, "format_message") and isinstance(code, int):
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError":  # `gdr` alone: typer has printed the help
            return EXIT_USAGE
        path = getattr(ctx, "command_path", "gdr") or "gdr"
        hint = f" (see {path} --help)" if code == EXIT_USAGE else ""
        typer.echo(f"gdr: error: {exc.format_message()}{hint}", err=True)
        return code
    import logging

    logging.getLogger("gdr_nlp.cli").info("internal error", exc_info=True)
    typer.echo(f"gdr: internal error ({type(exc).__name__}: {exc}); please report it (-v shows the trace)", err=True)
    return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
