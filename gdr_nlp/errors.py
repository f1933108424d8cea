"""Coded error messages and the exception hierarchy.

Every user-facing failure is one line: ``[E0xx] <file>: <reason>``. The CLI
prints ``str(exc)`` and never a traceback.
"""

from __future__ import annotations


class Errors:
    E001 = "file not found"
    E002 = "file is empty"
    E003 = "unsupported file type {ext!r} (expected txt, md, html, docx or pdf)"
    E004 = "content does not match its extension ({detail})"
    E005 = "PDF is encrypted and cannot be read"
    E006 = "file is corrupt or unreadable ({detail})"
    E007 = "file is too large ({size_mb:.0f} MB > {limit_mb} MB limit)"
    E008 = "binary content, not a text document"
    E009 = "not a government information-disclosure annual report ({detail})"
    E010 = "PDF has no text layer (scanned image?) and {why}"
    E011 = "cannot decode text (tried {encodings})"
    E012 = "over the {what} limit ({value} > {limit}); the file is refused so the batch goes on"
    E013 = "took longer than --timeout {seconds:g} s; stopped"
    E014 = "skipped: {detail}"
    E015 = "the worker processing this file died ({detail})"
    E016 = "cannot write output: {detail}"
    E017 = "output {output!r} would overwrite an input file; choose another -o folder"
    E018 = "PDF text layer is garbled on page(s) {pages} (fonts without a Unicode map?) and {why}"
    E020 = "model directory {path!r} is not usable ({detail})"
    E099 = "internal error while processing ({detail}); please report it with the file"
    E030 = "annotation file {path!r} line {line}: {detail}"
    E040 = "no gdr-report/1 contract JSON found ({detail})"
    E041 = "not a usable contract JSON ({detail})"
    E042 = "cannot write the comparison here ({detail})"
    E050 = "cannot review this folder ({detail})"
    E060 = "converter {family!r} needs {tool}, which is not installed ({hint})"
    E061 = "converter {family!r} failed ({detail})"


class GdrError(Exception):
    """Base class; ``code`` is the catalogue key, ``path`` the file concerned."""

    def __init__(self, code: str, path: str | None = None, **fmt: object) -> None:
        self.code = code
        self.path = path
        template = getattr(Errors, code)
        self.reason = template.format(path=path, **fmt)
        # a template that names the path itself (E020, E030) is not prefixed with it again
        prefixed = path and "{path" not in template
        super().__init__(f"[{code}] {path}: {self.reason}" if prefixed else f"[{code}] {self.reason}")


class DocumentLoadError(GdrError):
    """The input file cannot be turned into a ReportDocument."""


class NotAReportError(DocumentLoadError):
    """Readable, but not an annual report."""


class ModelLoadError(GdrError):
    """A tagger model directory cannot be loaded."""


class AnnotationError(GdrError):
    """An annotation file breaks the format."""


class ConverterError(GdrError):
    """A converter family of ``gdr_nlp.synth.convert`` cannot run (tool missing or failing)."""
