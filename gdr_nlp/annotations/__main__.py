"""``python -m gdr_nlp.annotations validate|export|import`` (the same commands as ``gdr annotations``)."""

from __future__ import annotations

import sys

from gdr_nlp.annotations.commands import main

if __name__ == "__main__":
    sys.exit(main())
