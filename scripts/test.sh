#!/usr/bin/env bash
# The README's test command: install into .venv (torch pinned to the CPU wheel) and run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
# pdftotext (poppler-utils) for the converter families of the trust tests; quietly, only when missing
if ! command -v pdftotext >/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    { apt-get update -qq && apt-get install -y -qq poppler-utils; } >/dev/null 2>&1 || echo "poppler-utils not installed: pdftotext tests skip" >&2
fi
.venv/bin/pip install -q --disable-pip-version-check torch==2.13.0 -e ".[test]"
# gdr review's browser test drives Debian's Chromium: install it when absent (apt-get update + install took 42 s here).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
  { command -v apt-get >/dev/null && $SUDO apt-get update -qq \
    && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; } \
    || echo "warning: could not install chromium + chromium-driver; the review browser test will be skipped" >&2
fi
set +e
.venv/bin/python -m pytest -q "$@"
rc=$?
set -e
[ "$rc" -eq 5 ] && { echo "no tests collected"; exit 1; }
exit "$rc"
