"""One headless Chromium per process, for the browser converter families and the Chromium PDF
renderer (issue 10).

Starting Chromium costs seconds, so the driver is created on first use, reused for every file
of the process, and closed at exit. Files are loaded through ``file://``. The binaries are
Debian's ``chromium`` + ``chromium-driver`` (what ``scripts/test.sh`` installs for the review
page's browser test), driven by Selenium (the ``[test]``/``[synth]`` extras).
"""

from __future__ import annotations

import atexit
import base64
import importlib.util
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from typing import Any

from gdr_nlp.errors import ConverterError

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
TOOL = "Chromium + chromedriver + selenium"
HINT = "apt-get install chromium chromium-driver; pip install -e '.[synth]'"

_state: dict[str, Any] = {}  # the process's one driver and its profile folder


def _binaries() -> tuple[str | None, str | None]:
    chromium = str(CHROMIUM) if CHROMIUM.is_file() else shutil.which("chromium")
    driver = str(DRIVER) if DRIVER.is_file() else shutil.which("chromedriver")
    return chromium, driver


def available() -> bool:
    """Whether Chromium, chromedriver and selenium are all installed (nothing is started)."""
    chromium, driver = _binaries()
    return chromium is not None and driver is not None and importlib.util.find_spec("selenium") is not None


def _close() -> None:
    if _state.get("pid") != os.getpid():  # a forked child inherits the objects, not the browser
        return
    driver = _state.pop("driver", None)
    if driver is not None:
        driver.quit()
    profile = _state.pop("profile", None)
    if profile is not None:
        shutil.rmtree(profile, ignore_errors=True)


def _on_sigterm(signum: int, frame: Any) -> None:
    """A pool or timeout killing this process with SIGTERM skips atexit: close the browser first,
    then die of the same signal (else Chromium and chromedriver outlive us as orphans)."""
    _close()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def driver(family: str, path: Path) -> Any:
    """The process's headless Chromium, started on first use.

    Raises:
        ConverterError: E060 when Chromium, chromedriver or selenium is missing.
    """
    if "driver" in _state and _state.get("pid") == os.getpid():
        return _state["driver"]
    chromium, exe = _binaries()
    if chromium is None or exe is None or importlib.util.find_spec("selenium") is None:
        raise ConverterError("E060", str(path), family=family, tool=TOOL, hint=HINT)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="gdr-chromium-")  # private: parallel processes never share one
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1000", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    drv = webdriver.Chrome(options=options, service=Service(exe))
    drv.set_page_load_timeout(120)
    _state.update(driver=drv, profile=profile, pid=os.getpid())
    if not _state.get("atexit"):
        atexit.register(_close)
        _state["atexit"] = True
        # only where nobody else handles SIGTERM, and only the main thread may set a handler
        if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _on_sigterm)
    return drv


def _open(family: str, path: Path) -> Any:
    from selenium.common.exceptions import WebDriverException

    drv = driver(family, path)
    try:
        drv.get(path.resolve().as_uri())
    except WebDriverException:  # the shared browser died (crash, OOM): one fresh start, then the error stands
        _close()
        drv = driver(family, path)
        drv.get(path.resolve().as_uri())
    return drv


def inner_text(path: Path, *, family: str = "browser_innertext") -> str:
    """``document.body.innerText`` of the page, what scripts scraping with a browser read."""
    return str(_open(family, path).execute_script("return document.body ? document.body.innerText : '';"))


def text_content(path: Path, *, family: str = "browser_textcontent") -> str:
    """``document.body.textContent`` of the page: its text nodes as the source holds them, no CSS layout (a
    table's cells and paragraphs apart only by the source's own white space)."""
    return str(_open(family, path).execute_script("return document.body ? document.body.textContent : '';"))


def select_all_copy(path: Path, *, family: str = "browser_copy") -> str:
    """The text a user's select-all + copy puts on the clipboard: the selection's string."""
    script = "document.execCommand('selectAll'); const s = window.getSelection().toString(); " \
             "window.getSelection().removeAllRanges(); return s;"
    return str(_open(family, path).execute_script(script))


def print_to_pdf(html: Path, pdf: Path, params: dict[str, Any], *, family: str = "pdf_chromium") -> Path:
    """Print ``html`` to ``pdf`` with Chromium's ``Page.printToPDF`` (``params`` as CDP takes them)."""
    drv = _open(family, html)
    data = drv.execute_cdp_cmd("Page.printToPDF", params)
    pdf.write_bytes(base64.b64decode(data["data"]))
    return pdf


__all__ = ["available", "driver", "inner_text", "print_to_pdf", "select_all_copy", "text_content"]
