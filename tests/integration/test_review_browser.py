"""The review page end to end in a real browser: headless Debian Chromium driven by Selenium.

Opens a flagged generated report, follows a failing check to its cells, corrects the
planted wrong cell and a metric, and finds both in the annotations and the corrected JSON.
``GDR_REVIEW_SCREENSHOTS=DIR`` also saves the screenshots kept in ``docs/``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from gdr_nlp.cli import main
from tests.integration.review_batch import make_batch, running

pytestmark = pytest.mark.issue(15)
CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


@pytest.fixture()
def browser(tmp_path: Path) -> Any:
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    if not (CHROMIUM.is_file() and DRIVER.is_file()):
        pytest.skip("needs Debian chromium + chromium-driver (scripts/test.sh installs them)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1600,1000",
                f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(str(DRIVER)))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _load(driver: Any, element: Any) -> None:
    """Click ``element`` and wait until the browser has replaced the page (a link or a form post)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 60).until(expected_conditions.staleness_of(old))
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.readyState") == "complete")


def _shot(driver: Any, name: str) -> None:
    folder = os.environ.get("GDR_REVIEW_SCREENSHOTS")
    if folder:
        driver.save_screenshot(str(Path(folder) / name))


def test_follow_a_failing_check_and_correct_a_cell_and_a_metric(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import Select, WebDriverWait

    out, gold = make_batch(tmp_path, n=3)
    name = min(gold)
    planted = gold[name]["source_errors"][0]
    contract = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    check_id = next(c["id"] for c in contract["checks"] if c["status"] == "fail" and planted["cell"] in c["cells"])
    metric = contract["metrics"][0]
    with running(out) as url:
        browser.get(url + "/?needs=yes")
        row = browser.find_element(By.CSS_SELECTOR, f'tr[data-name="{name}"]')
        assert "needs review" in row.find_element(By.CSS_SELECTOR, ".verdict").text
        assert check_id in row.text  # the reason names the failing check
        _shot(browser, "review-batch.png")
        _load(browser, row.find_element(By.CSS_SELECTOR, "a.open"))

        # follow the failing check to its cells
        _load(browser, browser.find_element(By.CSS_SELECTOR, f'a[data-check="{check_id}"]'))
        assert check_id in browser.find_element(By.ID, "selected-check").text
        cell = browser.find_element(By.ID, f"c-{planted['cell']}")
        assert {"st-fail", "in-check"} <= set(cell.get_attribute("class").split())
        assert len(browser.find_elements(By.CSS_SELECTOR, "td.in-check")) == len(
            next(c for c in contract["checks"] if c["id"] == check_id)["cells"])
        _shot(browser, "review-report.png")

        # the cell's source: its characters are highlighted, and a text selection becomes a span
        _load(browser, cell.find_element(By.TAG_NAME, "a"))
        assert browser.find_element(By.ID, "hl").text == str(planted["printed"])
        browser.execute_script("""const m = document.getElementById('hl'); const r = document.createRange();
            r.selectNodeContents(m); const s = window.getSelection(); s.removeAllRanges(); s.addRange(r);""")
        browser.find_element(By.CSS_SELECTOR, 'button.use-selection[data-form="cell"]').click()
        span = [int(browser.find_element(By.ID, f"cell-{k}").get_attribute("value")) for k in ("start", "end")]
        row_key, col_key = planted["cell"].split(".")[1:]
        assert span == contract["tables"]["applications"][row_key][col_key]["span"]

        # a typed value the characters do not say is refused with a message
        value = browser.find_element(By.ID, "cell-value")
        value.clear()
        value.send_keys(str(planted["expected"]))
        _load(browser, browser.find_element(By.ID, "cell-save"))
        assert "select the characters" in browser.find_element(By.ID, "error").text
        # the report printed a wrong total: mark the source wrong, with the value it should be
        browser.find_element(By.ID, "cell-source-wrong").click()
        _load(browser, browser.find_element(By.ID, "cell-save"))
        assert browser.find_element(By.ID, "saved").text.startswith("saved")
        assert "source-wrong" in browser.find_element(By.ID, f"c-{planted['cell']}").get_attribute("class")

        # correct a metric: its type and subject
        _load(browser, browser.find_element(By.CSS_SELECTOR, f'#m-{metric["span"][0]}-{metric["span"][1]} a'))
        assert browser.find_element(By.ID, "hl").text == (out / f"{name}.txt").read_text(encoding="utf-8")[slice(*metric["span"])]
        Select(browser.find_element(By.ID, "metric-type")).select_by_visible_text("other")
        subject = browser.find_element(By.ID, "metric-subject")
        subject.clear()
        subject.send_keys("审核后的主体")
        _load(browser, browser.find_element(By.ID, "metric-save"))
        assert browser.find_element(By.ID, "saved").text.startswith("saved")

        # keyboard: j goes to the next thing that needs review
        before = browser.current_url
        old = browser.find_element(By.TAG_NAME, "html")
        browser.find_element(By.TAG_NAME, "body").send_keys("j")
        WebDriverWait(browser, 60).until(expected_conditions.staleness_of(old))
        assert browser.current_url != before and "cell=" in browser.current_url

    corrected = json.loads((out / f"{name}.corrected.json").read_text(encoding="utf-8"))
    assert corrected["tables"]["applications"][row_key][col_key]["source_wrong"]["should_be"] == planted["expected"]
    fixed = next(m for m in corrected["metrics"] if m["span"] == metric["span"])
    assert (fixed["type"], fixed["subject"]) == ("other", "审核后的主体")
    annotations = out / "review" / "annotations"
    doc = json.loads((annotations / f"{name}.jsonl").read_text(encoding="utf-8"))
    assert doc["gold"]["tables"]["applications"][row_key][col_key]["note"] == f"source wrong: should be {planted['expected']}"
    gold_metric = next(m for m in doc["gold"]["metrics"] if m["span"] == metric["span"])
    assert (gold_metric["type"], gold_metric["subject"]) == ("other", "审核后的主体")
    assert main(["annotations", "validate", str(annotations)]) == 0
