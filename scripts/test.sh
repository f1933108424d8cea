#!/usr/bin/env bash
# The README's test command: install into .venv (torch pinned to the CPU wheel) and run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check torch==2.13.0 -e ".[test,cluster]"  # cluster: Ray, for the --engine ray test
set +e
.venv/bin/python -m pytest -q "$@"
rc=$?
set -e
[ "$rc" -eq 5 ] && { echo "no tests collected"; exit 1; }
exit "$rc"
