#!/usr/bin/env bash
# The README's first command: install into .venv and extract the bundled example report.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check torch==2.13.0 -e .
# --tagger hybrid: the bundled model runs on the report beside the rules (the default, auto, runs it
# only on reports whose rules-only reading shows trouble, which this clean example does not)
.venv/bin/gdr extract tests/fixtures/000_78cf330bb6c558ff.txt -o out/ --tagger hybrid --format xlsx --emit-text
echo "wrote out/000_78cf330bb6c558ff.json (+ .xlsx, .txt)"
