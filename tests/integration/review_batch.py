"""A review batch for the review tests: generated reports with a planted wrong total, extracted with --emit-text.

The planted error's truth comes from the generator's gold (``source_errors``), never from
the code under test.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from gdr_nlp.cli import main


def make_batch(root: Path, *, layouts: str = "tab_cells", n: int = 1, seed: int = 1515) -> tuple[Path, dict[str, Any]]:
    """``(OUT dir, {name: synth gold})``: every report has one deliberately wrong printed total."""
    synth, out = root / "synth", root / "out"
    assert main(["synth", "-n", str(n), "--seed", str(seed), "--error-rate", "1.0", "--layouts", layouts, "-o", str(synth)]) == 0
    assert main(["extract", str(synth / "files"), "-o", str(out), "--emit-text", "--tagger", "rules"]) in (0, 3)
    gold = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (synth / "gold").glob("*.json")}
    return out, gold


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(out: Path) -> Iterator[str]:
    """The review server over ``out`` on a free local port, in a thread; stopped on exit."""
    from gdr_nlp.review import make_server

    server = make_server(out, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
