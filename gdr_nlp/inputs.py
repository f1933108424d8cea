"""Which files a batch reads: folders walked once, odd entries reported instead of skipped silently (#11)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from gdr_nlp.errors import GdrError
from gdr_nlp.ingest import SUPPORTED_SUFFIXES
from gdr_nlp.record import FileRecord


class InputError(GdrError):
    """The command cannot start: an output would overwrite an input, or ``-o`` cannot be written."""


def display_path(path: str) -> str:
    """``path`` printable and JSON-safe: bytes that are not UTF-8 shown as ``\\xNN`` (file names are bytes on Linux)."""
    return path.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="backslashreplace")


def _skipped(path: str, detail: str) -> FileRecord:
    record = FileRecord(path=display_path(path))
    record.fail("E014", detail)
    return record


def _walk(top: Path, files: list[Path], skipped: list[FileRecord]) -> None:
    """Every report file under ``top``; folder links are followed once, a loop is reported."""
    seen: set[tuple[int, int]] = set()
    stack = [top]
    found: list[Path] = []
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in seen:
                skipped.append(_skipped(str(folder), "symbolic link loop (folder already read)"))
                continue
            seen.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as e:
            skipped.append(_skipped(str(folder), f"folder not readable ({e.strerror or e})"))
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                mode = os.stat(entry.path).st_mode
            except OSError as e:
                if entry.is_symlink():
                    why = "symbolic link loop" if e.errno == errno.ELOOP else "dangling symbolic link"
                    skipped.append(_skipped(entry.path, why))
                else:
                    skipped.append(_skipped(entry.path, f"not readable ({e.strerror or e})"))
                continue
            if stat.S_ISDIR(mode):
                stack.append(path)
            elif path.suffix.lower() in SUPPORTED_SUFFIXES:
                if stat.S_ISREG(mode):
                    found.append(path)
                else:  # a fifo would block the read; a device is no report
                    skipped.append(_skipped(entry.path, "not a regular file (fifo, socket or device)"))
    files.extend(sorted(found))


def collect_inputs(paths: list[Path]) -> tuple[list[Path], list[FileRecord]]:
    """Files as given; a folder means every report file in it (sorted, recursive).

    Returns:
        ``(files, skipped)``: what to process, and a failed record (E014) for every link
        loop, dangling link or unreadable folder met on the way.
    """
    files: list[Path] = []
    skipped: list[FileRecord] = []
    for path in paths:
        if path.is_dir():
            _walk(path, files, skipped)
        else:
            files.append(path)  # a missing or odd file fails when it is read, with its own code
    return list(dict.fromkeys(files)), skipped


def expand_inputs(paths: list[Path]) -> list[Path]:
    """The files of :func:`collect_inputs` without the skipped entries."""
    return collect_inputs(paths)[0]
