"""The review page: a local web app to see each value in its source, correct it, and feed the fix to training.

``gdr review OUT_DIR`` serves the output folder of ``gdr extract -o OUT_DIR --emit-text``
(see ``server.py`` for the routes, ``store.py`` for the files it writes).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from gdr_nlp.review.server import ReviewApp, make_server
from gdr_nlp.review.store import Batch

__all__ = ["Batch", "ReviewApp", "make_server", "review"]

logger = logging.getLogger(__name__)


def review(out_dir: str | Path, *, host: str = "127.0.0.1", port: int = 8000, ready: Callable[[str], None] | None = None) -> None:
    """Serve the review app over ``out_dir`` until interrupted.

    Args:
        out_dir: a ``gdr extract -o DIR --emit-text`` folder.
        host: interface to listen on (local only by default: the app has no login).
        port: TCP port; 0 picks a free one.
        ready: called with the app's URL once it listens.

    Raises:
        GdrError: ``[E050]`` when the folder holds no contract JSON.
    """
    server = make_server(out_dir, host=host, port=port)
    bound_host, bound_port = server.server_address[:2]
    url = f"http://{bound_host!s}:{bound_port}/"
    if ready is not None:
        ready(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        logger.info("stopped")
    finally:
        server.server_close()

