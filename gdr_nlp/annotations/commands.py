"""Command bodies for ``gdr annotations validate|export|import``.

``gdr_nlp/cli.py`` may wrap :func:`validate_command`, :func:`export_command` and
:func:`import_command` one to one, or call :func:`main` with the argument list.
Each returns an exit code: 0 success, 1 failure (problems found, bad input).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from gdr_nlp.annotations.label_studio import export_label_studio, import_label_studio, pipeline_predictor
from gdr_nlp.annotations.validate import validate
from gdr_nlp.errors import GdrError


def validate_command(paths: list[Path], *, out: TextIO = sys.stdout) -> int:
    """Print every problem of the files/folders in ``paths``; 0 when all are valid."""
    problems = [p for path in paths for p in validate(path)]
    for line in problems:
        print(line, file=out)
    print(f"{len(problems)} problem(s)" if problems else "valid", file=out)
    return 1 if problems else 0


def export_command(source: Path, out_path: Path, *, tagger: str | None = None, model_dir: Path | None = None,
                   out: TextIO = sys.stdout) -> int:
    """Label Studio tasks from an annotation JSONL or a report file, with tagger predictions when ``tagger`` is set."""
    try:
        predict = pipeline_predictor(tagger=tagger, model_dir=model_dir) if tagger else None
        n = export_label_studio(source, out_path, predict=predict, model_version=f"gdr-{tagger}" if tagger else "gdr-tagger")
    except GdrError as e:
        print(str(e), file=sys.stderr)
        return 1
    print(f"wrote {n} task(s) to {out_path}", file=out)
    return 0


def import_command(ls_json: Path, out_jsonl: Path, *, out: TextIO = sys.stdout) -> int:
    """Our JSONL from a Label Studio JSON export, then validated; 1 when the result has problems."""
    try:
        n = import_label_studio(ls_json, out_jsonl)
    except GdrError as e:
        print(str(e), file=sys.stderr)
        return 1
    print(f"wrote {n} document(s) to {out_jsonl}", file=out)
    return validate_command([out_jsonl], out=out)


def main(argv: list[str] | None = None) -> int:
    """``validate PATH…`` | ``export SOURCE -o TASKS.json [--tagger rules|model|hybrid] [--model DIR]`` | ``import EXPORT.json -o OUT.jsonl``."""
    parser = argparse.ArgumentParser(prog="gdr annotations", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_val = sub.add_parser("validate", help="check annotation JSONL files or folders")
    p_val.add_argument("paths", nargs="+", type=Path)
    p_exp = sub.add_parser("export", help="annotation JSONL or report file -> Label Studio tasks")
    p_exp.add_argument("source", type=Path)
    p_exp.add_argument("-o", "--out", type=Path, required=True)
    p_exp.add_argument("--tagger", choices=("rules", "model", "hybrid"), default=None, help="add predictions")
    p_exp.add_argument("--model", type=Path, default=None, help="model folder for --tagger model/hybrid")
    p_imp = sub.add_parser("import", help="Label Studio JSON export -> annotation JSONL")
    p_imp.add_argument("export", type=Path)
    p_imp.add_argument("-o", "--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate_command(args.paths)
    if args.command == "export":
        return export_command(args.source, args.out, tagger=args.tagger, model_dir=args.model)
    return import_command(args.export, args.out)
