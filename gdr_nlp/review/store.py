"""The output folder of ``gdr extract -o OUT --emit-text`` as a review batch, and saving corrections.

Layout it adds (nothing of ``gdr extract``'s is ever overwritten):

* ``OUT/<name>.corrected.json``: the contract JSON with the corrections applied;
* ``OUT/review/log/<name>.jsonl``: the append-only corrections log (the source of truth);
* ``OUT/review/annotations/<name>.jsonl``: the reviewed report as a gold annotation
  document (``gdr annotations validate`` / ``gdr train --annotations OUT/review/annotations``);
* ``OUT/review/locks/<name>.lock``: the per-report lock.

A save takes the report's lock (``flock``: threads and processes alike), checks that no
correction of the same cell or metric arrived since the form's page was rendered
(``version`` = log length then), appends one line with fsync, then rebuilds the derived
files atomically from the whole log. Two tabs therefore lose nothing: edits to different
targets merge; a stale edit of the same target is refused with a message, not applied.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from gdr_nlp.annotations.io import dumps_doc
from gdr_nlp.annotations.validate import validate
from gdr_nlp.errors import GdrError
from gdr_nlp.export.json import CONTRACT, NOT_REPORTS, dumps, write_atomic
from gdr_nlp.review.annotation import Spans, annotation_doc
from gdr_nlp.review.corrections import Correction, CorrectionError, apply_corrections, target
from gdr_nlp.review.grid import verdict

logger = logging.getLogger(__name__)
CORRECTED_SUFFIX = ".corrected.json"
_IS_CONTRACT = re.compile(r'"contract"\s*:\s*"' + re.escape(CONTRACT) + '"')


class ConflictError(CorrectionError):
    """Another tab changed the same cell or metric after this form's page was rendered."""


@dataclass
class SaveResult:
    version: int
    annotation_problems: list[str]


@dataclass
class Entry:
    """One report of the batch, for the list page."""

    name: str
    contract: dict[str, Any]
    corrections: int
    verdict: dict[str, Any]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class Batch:
    """The reports of one ``gdr extract`` output folder."""

    def __init__(self, out_dir: str | Path, *, tagger_spans: Callable[[str], Spans] | None = None) -> None:
        self.root = Path(out_dir)
        if not self.root.is_dir():
            raise GdrError("E050", str(self.root), detail="folder not found")
        self.review_dir = self.root / "review"
        self._tagger_spans = tagger_spans
        self._tagger_lock = threading.Lock()  # the rule tagger is loaded once, however many saves ask at once
        self._entries: dict[str, tuple[tuple[int, ...], Entry]] = {}
        if not self.names():
            raise GdrError("E050", str(self.root), detail="no contract JSON (gdr extract -o DIR --emit-text writes them)")

    # ---- reading -------------------------------------------------------------------

    def names(self) -> list[str]:
        out = []
        for path in sorted(self.root.glob("*.json")):
            if path.name.endswith(CORRECTED_SUFFIX) or path.name in NOT_REPORTS:
                continue
            with path.open(encoding="utf-8", errors="replace") as fh:
                head = fh.read(400)  # failures.json and other JSON files are not reports
            if _IS_CONTRACT.search(head):
                out.append(path.name[: -len(".json")])
        return out

    def has(self, name: str) -> bool:
        return name in self.names()

    def contract(self, name: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.root / f"{name}.json").read_text(encoding="utf-8"))
        return data

    def text(self, name: str) -> str | None:
        """The normalized text the offsets point into (``--emit-text``), or None when it was not written."""
        path = self.root / f"{name}.txt"
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def log(self, name: str) -> list[Correction]:
        path = self._path("log", name, ".jsonl")
        if not path.is_file():
            return []
        entries = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                try:
                    entries.append(json.loads(line))
                except json.JSONDecodeError:  # a torn last line after a crash: the entries before it stand
                    logger.warning("%s: unreadable log line skipped", path)
        return entries

    def text_sha256(self, name: str) -> str | None:
        text = self.text(name)
        return hashlib.sha256(text.encode("utf-8")).hexdigest() if text is not None else None

    def stale(self, name: str) -> list[Correction]:
        """Corrections made on another text: the report was extracted again since, so their offsets may not hold."""
        current = self.text_sha256(name)
        return [c for c in self.log(name) if c.get("text_sha256") not in (None, current)]

    def corrected(self, name: str) -> dict[str, Any]:
        return apply_corrections(self.contract(name), self.log(name))

    def entries(self) -> Iterator[Entry]:
        for name in self.names():
            yield self._entry(name)

    def _entry(self, name: str) -> Entry:
        """The list row of one report, reused while neither its JSON nor its log changed (a list reads every report)."""
        stamp = tuple(x for p in (self.root / f"{name}.json", self._path("log", name, ".jsonl"))
                      for x in ((p.stat().st_mtime_ns, p.stat().st_size) if p.is_file() else (0, 0)))
        cached = self._entries.get(name)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        log = self.log(name)
        contract = apply_corrections(self.contract(name), log) if log else self.contract(name)
        entry = Entry(name, contract, len(log), verdict(contract))
        self._entries[name] = (stamp, entry)
        return entry

    def source_pdf(self, name: str) -> Path | None:
        """The source PDF, when the contract names one that is still reachable."""
        source = self.contract(name).get("source") or {}
        path = Path(str(source.get("path") or ""))
        if source.get("media_type") == "application/pdf" and path.is_file():
            return path
        return None

    # ---- saving --------------------------------------------------------------------

    def _path(self, kind: str, name: str, suffix: str) -> Path:
        return self.review_dir / kind / f"{name}{suffix}"

    @contextmanager
    def _locked(self, name: str) -> Iterator[None]:
        lock = self._path("locks", name, ".lock")
        lock.parent.mkdir(parents=True, exist_ok=True)
        with lock.open("a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def save(self, name: str, correction: Correction, *, base_version: int) -> SaveResult:
        """Append ``correction`` to the log and rebuild the corrected JSON and the annotation.

        Raises:
            ConflictError: a correction of the same target arrived after ``base_version``.
        """
        with self._locked(name):
            log = self.log(name)
            newer = [c for c in log[base_version:] if target(c) == target(correction)]
            if newer:
                raise ConflictError(f"{target(correction).split(':', 1)[1]} was changed in another tab or by another "
                                    f"reviewer at {newer[-1]['at']} after this page was loaded; reload the page to see "
                                    "that change, then correct again if needed (nothing was saved)")
            entry = {"seq": len(log) + 1, "at": _now(), "base_version": base_version,
                     "text_sha256": self.text_sha256(name), **correction}
            path = self._path("log", name, ".jsonl")
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            log.append(entry)
            problems = self._rebuild(name, log)
        return SaveResult(len(log), problems)

    def _rebuild(self, name: str, log: list[Correction]) -> list[str]:
        """Write ``<name>.corrected.json`` and the annotation file; the annotation only when it validates."""
        corrected = apply_corrections(self.contract(name), log)
        write_atomic(self.root / f"{name}{CORRECTED_SUFFIX}", dumps(corrected) + "\n")
        text = self.text(name)
        if text is None:
            return [f"{name}.txt is missing (run gdr extract with --emit-text): no annotation written"]
        stale = self.stale(name)
        if stale:
            seqs = ", ".join(str(c["seq"]) for c in stale)
            why = "its text has changed since"
            return [f"corrections {seqs} were made on an earlier extraction of this report ({why}): annotation not written"]
        source = Path(str((corrected.get("source") or {}).get("path") or name)).name
        doc = annotation_doc(name, source, text, corrected, self.structure_spans())
        out = self._path("annotations", name, ".jsonl")
        out.parent.mkdir(parents=True, exist_ok=True)
        draft = out.with_name(f".{out.name}.draft")  # validated before it replaces the last good file
        draft.write_text(dumps_doc(doc) + "\n", encoding="utf-8")
        problems = validate(draft)
        if problems:
            draft.unlink()
            return [p.replace(str(draft), out.name) for p in problems]
        os.replace(draft, out)
        return []

    def structure_spans(self) -> Callable[[str], Spans]:
        with self._tagger_lock:
            if self._tagger_spans is None:
                from gdr_nlp.annotations.label_studio import pipeline_predictor

                self._tagger_spans = pipeline_predictor(tagger="rules")
            return self._tagger_spans
