#!/usr/bin/env bash
# The README's test command: install into .venv (torch pinned to the CPU wheel) and run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check torch==2.13.0 -e ".[test]"
# OpenCV (pulled in by the OCR engine) needs libGL; install it only where it is missing (#13)
if ! .venv/bin/python -c "import cv2" 2>/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgl1 libglib2.0-0) >/dev/null || true
fi
set +e
.venv/bin/python -m pytest -q "$@"
rc=$?
set -e
[ "$rc" -eq 5 ] && { echo "no tests collected"; exit 1; }
exit "$rc"
