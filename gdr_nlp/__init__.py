"""gdr-nlp: Chinese government information-disclosure annual reports to checked data.

The Python API (README, "Python API"): :func:`extract_file` and :func:`extract_text` return the
contract dict of ``../shared/CONTRACT.md`` (``gdr-report/1``) and raise
:class:`~gdr_nlp.errors.GdrError` (``.code``, ``.reason``) for input they cannot read; for
batches, :func:`gdr_nlp.extract.extract` is what ``gdr extract`` runs.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from gdr_nlp.pipeline import TaggerChoice

__all__ = ["__version__", "extract_file", "extract_text"]


def extract_file(
    path: str | os.PathLike[str], *, tagger: TaggerChoice = "auto", model_dir: str | os.PathLike[str] | None = None
) -> dict[str, Any]:
    """Read one report file (txt, md, html, docx, pdf) and return its contract dict.

    Args:
        path: the report.
        tagger: ``auto`` (default), ``rules``, ``model`` or ``hybrid`` (README, "The tagger model").
        model_dir: a model folder for the model taggers (default: the released ``models/gdr-tagger``).

    Returns:
        The ``gdr-report/1`` dict: ``source``, ``report``, ``sections``, ``tables``, ``metrics``,
        ``checks``, ``review`` ({"needed", "reasons"}) and ``warnings``.

    Raises:
        gdr_nlp.errors.DocumentLoadError: the file cannot be read as a report (``str(exc)`` is the
            one-line ``[E0xx] path: reason``).

    Example:
        >>> from gdr_nlp import extract_file
        >>> result = extract_file("tests/fixtures/000_78cf330bb6c558ff.txt", tagger="rules")
        >>> result["tables"]["proactive"]["normative_documents"]["new_made"]["value"]
        8
    """
    from gdr_nlp.record import _pipeline, contract_of, library_messages

    with library_messages() as messages:
        doc = _pipeline(tagger, os.fspath(model_dir) if model_dir else None).process(path)
    doc.warnings.extend(messages)
    return contract_of(doc)


def extract_text(
    text: str, *, name: str = "<text>", tagger: TaggerChoice = "auto", model_dir: str | os.PathLike[str] | None = None
) -> dict[str, Any]:
    """Like :func:`extract_file` for a report already in a string (``name`` becomes ``source.path``).

    Offsets in the result point into the normalized text (``gdr extract --emit-text`` shows it).

    Raises:
        gdr_nlp.errors.DocumentLoadError: empty text, over the character limit, not a report (E009).
    """
    from gdr_nlp.ingest import from_string
    from gdr_nlp.record import _pipeline, contract_of

    doc = _pipeline(tagger, os.fspath(model_dir) if model_dir else None)(from_string(text, path=name))
    return contract_of(doc)
