"""`gdr review` over HTTP: batch list, report page, corrections (10-correction round trip), bad input, two tabs."""

from __future__ import annotations

import hashlib
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from gdr_nlp.cli import main
from tests.integration.review_batch import make_batch, running

pytestmark = pytest.mark.issue(15)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def post(url: str, form: dict[str, Any]) -> tuple[int, str, str]:
    """``(status, location, body)`` without following the redirect."""
    data = urllib.parse.urlencode({k: str(v) for k, v in form.items()}).encode()
    try:
        with _opener.open(urllib.request.Request(url, data=data, method="POST"), timeout=60) as r:
            return r.status, r.headers.get("Location", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Location", ""), e.read().decode("utf-8")


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    return make_batch(tmp_path_factory.mktemp("review"), n=2)


@pytest.fixture(scope="module")
def server(batch: tuple[Path, dict[str, Any]]) -> Any:
    with running(batch[0]) as url:
        yield url


def _contract(out: Path, name: str, suffix: str = ".json") -> dict[str, Any]:
    return json.loads((out / f"{name}{suffix}").read_text(encoding="utf-8"))


def _version(out: Path, name: str) -> int:
    log = out / "review" / "log" / f"{name}.jsonl"
    return len(log.read_text(encoding="utf-8").splitlines()) if log.is_file() else 0


def test_batch_list_is_server_rendered_and_filters(batch: tuple[Path, dict[str, Any]], server: str) -> None:
    _out, gold = batch
    status, html = get(server + "/")
    assert status == 200
    for name, g in gold.items():
        assert f'data-name="{name}"' in html
        assert g["report"]["agency"] in html
    assert html.count("needs review</td>") + html.count("needs review<span") == len(gold)  # every planted error is flagged
    assert "table check(s) fail: applications." in html  # the JSON's own reasons name the failing checks
    name = min(gold)
    _, only = get(server + "/?" + urllib.parse.urlencode({"q": gold[name]["report"]["agency"]}))
    assert f'data-name="{name}"' in only and all(f'data-name="{n}"' not in only for n in gold if n != name and gold[n]["report"]["agency"] != gold[name]["report"]["agency"])
    _, clean = get(server + "/?needs=no")
    assert "data-name=" not in clean


def test_report_page_shows_the_planted_cell_failing_with_its_source(batch: tuple[Path, dict[str, Any]], server: str) -> None:
    out, gold = batch
    name = min(gold)
    planted = gold[name]["source_errors"][0]
    text = (out / f"{name}.txt").read_text(encoding="utf-8")
    contract = _contract(out, name)
    failing = [c for c in contract["checks"] if c["status"] == "fail" and planted["cell"] in c["cells"]]
    assert failing, "the planted wrong total must fail a check"
    status, html = get(f"{server}/report/{name}?check={urllib.parse.quote(failing[0]['id'])}")
    assert status == 200
    assert "表三" in html and "表二" in html and "表四" in html
    assert f'id="c-{planted["cell"]}"' in html
    cell_tag = html.split(f'id="c-{planted["cell"]}"')[0].rsplit("<td", 1)[1]
    assert "st-fail" in cell_tag and "in-check" in cell_tag
    proposed = failing[0]["suggestion"]["cell"]
    assert "suggested" in html.split(f'id="c-{proposed}"')[0].rsplit("<td", 1)[1]
    nav = html.split('id="next"')[1].split(">")[0]
    assert urllib.parse.quote(proposed, safe="") in nav  # j leads to the proposed repair first
    _, html = get(f"{server}/report/{name}?cell={planted['cell']}")
    span = contract["tables"]["applications"][planted["cell"].split(".")[1]][planted["cell"].split(".")[2]]["span"]
    assert f'<mark id="hl">{text[span[0]:span[1]]}</mark>' in html
    assert text[span[0]:span[1]] == str(planted["printed"])


def test_ten_corrections_round_trip_into_annotations_and_training(batch: tuple[Path, dict[str, Any]], server: str,
                                                                   tmp_path: Path) -> None:
    out, gold = batch
    name = sorted(gold)[1]
    original = out / f"{name}.json"
    digest = hashlib.sha256(original.read_bytes()).hexdigest()
    contract = _contract(out, name)
    planted = gold[name]["source_errors"][0]
    apps = contract["tables"]["applications"]
    a, b = apps["new_received"]["natural_person"], apps["new_received"]["total"]
    metrics = contract["metrics"]
    assert len(metrics) >= 4
    m0, m1, m2, m3 = (m["span"] for m in metrics[:4])
    url = f"{server}/report/{name}"
    corrections = [
        ("cell", {"key": planted["cell"], "value": planted["expected"], "source_wrong": "1", "note": "printed total is wrong"}),
        # a column shift read as two misread cells, fixed by re-pointing each at the other's characters
        ("cell", {"key": "applications.new_received.natural_person", "start": b["span"][0], "end": b["span"][1]}),
        ("cell", {"key": "applications.new_received.total", "start": a["span"][0], "end": a["span"][1], "value": a["raw"]}),
        ("cell", {"key": "applications.carried_over.total", "value": apps["carried_over"]["total"]["raw"],
                  "start": apps["carried_over"]["total"]["span"][0], "end": apps["carried_over"]["total"]["span"][1], "note": "checked"}),
        ("cell", {"key": "review_litigation.review.total", "source_wrong": "1", "value": "7"}),
        ("metric", {"start": m0[0], "end": m0[1], "type": "other", "value": metrics[0]["value"], "unit": metrics[0]["unit"] or "",
                    "subject": metrics[0]["subject"]}),
        ("metric", {"start": m1[0], "end": m1[1], "type": metrics[1]["type"], "value": metrics[1]["value"] + 1,
                    "unit": metrics[1]["unit"] or "", "qualifier": "over", "subject": metrics[1]["subject"]}),
        ("metric", {"start": m2[0], "end": m2[1], "delete": "1"}),
        ("metric", {"start": m2[0], "end": m2[1], "type": metrics[2]["type"], "value": metrics[2]["value"],
                    "unit": metrics[2]["unit"] or "", "subject": metrics[2]["subject"]}),
        ("metric", {"start": m3[0], "end": m3[1], "delete": "1", "note": "not the agency's work"}),
    ]
    for i, (what, form) in enumerate(corrections):
        status, location, body = post(f"{url}/{what}", {**form, "version": i})
        assert status == 303, body[body.find('id="error"'):][:300]
        assert location.startswith(f"/report/{name}")
    assert hashlib.sha256(original.read_bytes()).hexdigest() == digest  # the original is never overwritten
    corrected = _contract(out, name, ".corrected.json")
    capps = corrected["tables"]["applications"]
    assert capps["new_received"]["natural_person"]["value"] == b["value"] and capps["new_received"]["total"]["value"] == a["value"]
    assert capps[planted["cell"].split(".")[1]]["total"]["source_wrong"]["should_be"] == planted["expected"]
    assert capps[planted["cell"].split(".")[1]]["total"]["value"] == planted["printed"]  # the source's value stays
    spans = {tuple(m["span"]): m for m in corrected["metrics"]}
    assert spans[tuple(m0)]["type"] == "other" and spans[tuple(m1)]["qualifier"] == "over" and tuple(m3) not in spans
    assert spans[tuple(m2)]["corrected"]["added"] is True
    assert corrected["reviewed"]["corrections"] == 10
    annotations = out / "review" / "annotations"
    assert main(["annotations", "validate", str(annotations)]) == 0
    doc = json.loads((annotations / f"{name}.jsonl").read_text(encoding="utf-8"))
    gold_apps = doc["gold"]["tables"]["applications"]
    assert gold_apps["new_received"]["natural_person"]["span"] == b["span"]
    assert "source wrong" in gold_apps[planted["cell"].split(".")[1]]["total"]["note"]
    gold_metrics = {tuple(m["span"]): m for m in doc["gold"]["metrics"]}
    assert gold_metrics[tuple(m1)]["value"] == metrics[1]["value"] + 1 and tuple(m3) not in gold_metrics
    assert {s["label"] for s in doc["spans"]} >= {"CELL", "METRIC", "SECTION_HEADING", "ROW_LABEL", "COL_HEADER"}
    log = (out / "review" / "log" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["seq"] for line in log] == list(range(1, 11)) and all(json.loads(line)["at"] for line in log)
    assert main(["train", "--annotations", str(annotations), "--out", str(tmp_path / "train"), "--smoke"]) == 0
    info = json.loads((tmp_path / "train" / "model" / "train_info.json").read_text(encoding="utf-8"))
    assert info["sources"]["train"]["gold"] == len(list(annotations.glob("*.jsonl")))  # the reviewed reports were trained on


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"key": "applications.granted.total", "value": "12345", "start": "0", "end": "2"}, "select the characters"),
        ({"key": "applications.no_such_row.total", "value": "1", "start": "0", "end": "1"}, "is not an official cell"),
        ({"key": "applications.granted.total", "value": "1", "start": "x", "end": "2"}, "two whole numbers"),
        ({"key": "applications.granted.total", "value": "1", "start": "5", "end": "99999999"}, "outside the text"),
        ({"key": "applications.granted.total", "value": "many", "source_wrong": "1"}, "is not a number"),
    ],
)
def test_bad_cell_input_gets_a_clear_message_and_saves_nothing(batch: tuple[Path, dict[str, Any]], server: str,
                                                               form: dict[str, str], message: str) -> None:
    out, gold = batch
    name = min(gold)
    before = _version(out, name)
    status, _, body = post(f"{server}/report/{name}/cell", {**form, "version": before})
    assert status == 400
    assert 'id="error"' in body and message in body.split('id="error"')[1].split("</p>")[0]
    assert _version(out, name) == before


def test_bad_metric_input_gets_a_clear_message(batch: tuple[Path, dict[str, Any]], server: str) -> None:
    out, gold = batch
    name = min(gold)
    m = _contract(out, name)["metrics"][0]
    base = {"start": m["span"][0], "end": m["span"][1], "value": "3", "subject": "x", "version": _version(out, name)}
    status, _, body = post(f"{server}/report/{name}/metric", {**base, "type": "no_such_type"})
    assert status == 400 and "is not a metric type" in body
    status, _, body = post(f"{server}/report/{name}/metric", {**base, "type": "other", "value": "lots"})
    assert status == 400 and "is not a number" in body


def test_two_tabs_lose_nothing(batch: tuple[Path, dict[str, Any]], server: str) -> None:
    out, gold = batch
    name = min(gold)
    apps = _contract(out, name)["tables"]["applications"]
    seen = _version(out, name)  # both tabs loaded the page at this version

    def confirm(row: str, col: str, note: str) -> dict[str, Any]:
        cell = apps[row][col]
        return {"key": f"applications.{row}.{col}", "start": cell["span"][0], "end": cell["span"][1], "note": note, "version": seen}

    assert post(f"{server}/report/{name}/cell", confirm("partial", "total", "tab 1"))[0] == 303
    assert post(f"{server}/report/{name}/cell", confirm("partial", "natural_person", "tab 2"))[0] == 303  # other cell: merged
    status, _, body = post(f"{server}/report/{name}/cell", confirm("partial", "total", "tab 2, stale"))
    assert status == 409 and "another tab" in body  # same cell, stale page: refused, not overwritten
    # many tabs at once, each on its own cell: every save lands
    rows = ["denied_state_secret", "denied_prohibited", "denied_security", "denied_third_party", "denied_internal", "denied_process"]
    results: list[int] = []
    threads = [threading.Thread(target=lambda r=r: results.append(post(f"{server}/report/{name}/cell", confirm(r, "total", "burst"))[0]))
               for r in rows]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [303] * len(rows)
    log = [json.loads(line) for line in (out / "review" / "log" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
    noted = {e["key"] for e in log if e.get("note") in ("tab 1", "tab 2", "burst")}
    assert noted >= {"applications.partial.total", "applications.partial.natural_person"} | {f"applications.{r}.total" for r in rows}
    corrected = _contract(out, name, ".corrected.json")["tables"]["applications"]
    assert all(corrected[r]["total"]["corrected"]["note"] == "burst" for r in rows)
    assert corrected["partial"]["total"]["corrected"]["note"] == "tab 1"


def test_pdf_report_shows_its_page_image(tmp_path: Path) -> None:
    out, gold = make_batch(tmp_path, layouts="pdf", seed=77)
    name = next(iter(gold))
    contract = _contract(out, name)
    key, cell = next((f"applications.{r}.{c}", cell) for r, cols in contract["tables"]["applications"].items()
                     for c, cell in cols.items() if cell.get("page"))
    with running(out) as url:
        _, html = get(f"{url}/report/{name}?cell={key}")
        assert f'/page/{cell["page"]}.png' in html
        with urllib.request.urlopen(f"{url}/report/{name}/page/{cell['page']}.png", timeout=60) as r:
            assert r.headers["Content-Type"] == "image/png" and r.read(8) == b"\x89PNG\r\n\x1a\n"
        assert get(f"{url}/report/{name}/page/999.png")[0] == 404
        total = contract["tables"]["applications"]["new_received"]["total"]
        _, html = get(f"{url}/report/{name}?cell=applications.new_received.total")
        assert 'id="page-box"' in html, "a total printed once on its row is found on the page"
        assert f'/page/{total["page"]}.png' in html


def test_cell_boxes_on_real_pdfs_line_up_with_the_grid(realdev: Path, tmp_path: Path) -> None:
    """Every row whose cells got a box: one page, one line, columns left to right (the finder never saw these files)."""
    from gdr_nlp.review import Batch
    from gdr_nlp.review.grid import grid_rows
    from gdr_nlp.review.pdfpage import cell_box

    out = tmp_path / "out"
    assert main(["extract", str(realdev / "huaian2024.pdf"), "-o", str(out), "--emit-text", "--tagger", "rules"]) == 0
    batch = Batch(out)
    contract, text, pdf = batch.contract("huaian2024"), batch.text("huaian2024") or "", batch.source_pdf("huaian2024")
    assert pdf is not None
    rows = 0
    for row in grid_rows(contract, "applications"):
        cells = [contract["tables"]["applications"].get(row.key, {}).get(col) for col in row.columns]
        boxes = [(cell["page"], box) for cell in cells if cell and (box := cell_box(pdf, text, cell))]
        if len(boxes) < 2:
            continue
        rows += 1
        assert len({page for page, _ in boxes}) == 1
        assert max(b[1] for _, b in boxes) - min(b[1] for _, b in boxes) < 6  # same line
        assert [b[0] for _, b in boxes] == sorted(b[0] for _, b in boxes)  # column order
    assert rows >= 20


def test_folder_without_reports_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", str(tmp_path), "--port", "0"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("[E050]") and str(tmp_path) in err and "\n" not in err


def test_a_cell_the_reading_missed_is_flagged_and_added_from_its_characters(tmp_path: Path) -> None:
    out, gold = make_batch(tmp_path, seed=2024)
    name = next(iter(gold))
    path = out / f"{name}.json"
    contract = json.loads(path.read_text(encoding="utf-8"))
    missed = contract["tables"]["applications"]["partial"].pop("natural_person")  # a reading that lost one cell
    del contract["review"]  # a JSON from before CONTRACT 1.1: the page derives the verdict itself
    path.write_text(json.dumps(contract, ensure_ascii=False), encoding="utf-8")
    with running(out) as url:
        _, listing = get(url + "/")
        assert "applications: 1 official cell(s) not found" in listing
        _, html = get(f"{url}/report/{name}")
        tag = html.split('id="c-applications.partial.natural_person"')[0].rsplit("<td", 1)[1]
        assert "missing" in tag
        form = {"key": "applications.partial.natural_person", "start": missed["span"][0], "end": missed["span"][1],
                "value": missed["raw"], "version": 0}
        status, _, _ = post(f"{url}/report/{name}/cell", form)
        assert status == 303
        _, listing = get(url + "/")
        assert "official cell(s) not found" not in listing
    added = _contract(out, name, ".corrected.json")["tables"]["applications"]["partial"]["natural_person"]
    assert (added["value"], added["span"], added["corrected"]["added"]) == (missed["value"], missed["span"], True)
    assert main(["annotations", "validate", str(out / "review" / "annotations")]) == 0


def test_review_field_is_used_when_present_and_other_sites_cannot_post(tmp_path: Path) -> None:
    out, gold = make_batch(tmp_path, seed=3)
    name = next(iter(gold))
    path = out / f"{name}.json"
    contract = json.loads(path.read_text(encoding="utf-8"))
    contract["review"] = {"needed": True, "reasons": ["表三 读取存疑：两种读法同样符合勾稽关系"]}
    path.write_text(json.dumps(contract, ensure_ascii=False, indent=1), encoding="utf-8")
    renamed = out / "某县 2020年报告.json"  # real report names are Chinese, often with spaces
    path.rename(renamed)
    (out / f"{name}.txt").rename(out / "某县 2020年报告.txt")
    with running(out) as url:
        _, listing = get(url + "/")
        assert "表三 读取存疑" in listing and "check applications." not in listing  # the report's own verdict, not derived
        link = "/report/" + urllib.parse.quote("某县 2020年报告", safe="")
        assert f'href="{link}"' in listing
        status, html = get(url + link)
        assert status == 200 and "表三 读取存疑" in html
        cell = contract["tables"]["applications"]["granted"]["total"]
        form = urllib.parse.urlencode({"key": "applications.granted.total", "start": cell["span"][0], "end": cell["span"][1],
                                       "version": 0}).encode()
        request = urllib.request.Request(url + link + "/cell", data=form, method="POST", headers={"Origin": "http://evil.example"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            _opener.open(request, timeout=30)
        assert refused.value.code == 403
        assert not (out / "review" / "log" / "某县 2020年报告.jsonl").exists()
        assert post(url + link + "/cell", {"key": "applications.granted.total", "start": cell["span"][0],
                                           "end": cell["span"][1], "version": 0})[0] == 303
    assert (out / "某县 2020年报告.corrected.json").is_file()


def test_a_new_metric_may_not_overlap_another(batch: tuple[Path, dict[str, Any]], server: str) -> None:
    out, gold = batch
    name = min(gold)
    m = _contract(out, name, ".corrected.json" if (out / f"{name}.corrected.json").is_file() else ".json")["metrics"][0]
    assert m["span"][1] - m["span"][0] >= 2  # a number and its unit
    form = {"start": m["span"][0], "end": m["span"][1] - 1, "type": "other", "value": "1", "subject": "x", "version": _version(out, name)}
    status, _, body = post(f"{server}/report/{name}/metric", form)
    assert status == 400 and "overlaps the metric" in body


def test_corrections_on_an_earlier_extraction_are_flagged_not_trusted(tmp_path: Path) -> None:
    out, gold = make_batch(tmp_path, seed=5)
    name = next(iter(gold))
    cell = _contract(out, name)["tables"]["applications"]["granted"]["total"]
    with running(out) as url:
        form = {"key": "applications.granted.total", "start": cell["span"][0], "end": cell["span"][1], "version": 0}
        assert post(f"{url}/report/{name}/cell", form)[0] == 303
        annotation = out / "review" / "annotations" / f"{name}.jsonl"
        written = annotation.read_bytes()
        text = out / f"{name}.txt"
        text.write_text("\n" + text.read_text(encoding="utf-8"), encoding="utf-8")  # extracted again: offsets moved
        _, html = get(f"{url}/report/{name}")
        assert 'id="stale"' in html and "#1" in html.split('id="stale"')[1].split("</p>")[0]
        status, location, _ = post(f"{url}/report/{name}/cell", {**form, "version": 1})
        assert status == 303 and "annotation%20not%20written" in location
    assert annotation.read_bytes() == written  # the last good annotation is kept, not replaced by a shifted one


def test_a_metric_whose_prose_is_wrong_keeps_its_value_and_carries_the_proposal(tmp_path: Path) -> None:
    out, gold = make_batch(tmp_path, seed=6)
    name = next(iter(gold))
    m = _contract(out, name)["metrics"][0]
    with running(out) as url:
        form = {"start": m["span"][0], "end": m["span"][1], "type": m["type"], "value": m["value"] + 5, "subject": m["subject"],
                "source_wrong": "1", "version": 0}
        assert post(f"{url}/report/{name}/metric", form)[0] == 303
        _, html = get(f"{url}/report/{name}")
        assert "source-wrong" in html.split(f'id="m-{m["span"][0]}-{m["span"][1]}"')[0].rsplit("<tr", 1)[1]
    fixed = next(x for x in _contract(out, name, ".corrected.json")["metrics"] if x["span"] == m["span"])
    assert (fixed["value"], fixed["source_wrong"]["should_be"]) == (m["value"], m["value"] + 5)
    doc = json.loads((out / "review" / "annotations" / f"{name}.jsonl").read_text(encoding="utf-8"))
    gold_metric = next(x for x in doc["gold"]["metrics"] if x["span"] == m["span"])
    assert gold_metric["value"] == m["value"] and gold_metric["note"] == f"source wrong: should be {m['value'] + 5}"
    assert main(["annotations", "validate", str(out / "review" / "annotations")]) == 0


def test_a_port_in_use_is_a_one_line_error(batch: tuple[Path, dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["review", str(batch[0]), "--port", str(port)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("[E050]") and f"127.0.0.1:{port}" in err[0]


def test_without_emit_text_the_page_says_so_and_nothing_is_saved(tmp_path: Path) -> None:
    out, gold = make_batch(tmp_path, seed=8)
    name = next(iter(gold))
    (out / f"{name}.txt").unlink()
    with running(out) as url:
        status, html = get(f"{url}/report/{name}")
        assert status == 200 and "rerun gdr extract with --emit-text" in html
        status, _, body = post(f"{url}/report/{name}/cell", {"key": "applications.granted.total", "start": 0, "end": 1, "version": 0})
        assert status == 400 and "--emit-text" in body.split('id="error"')[1]
    assert not (out / "review" / "log").exists()
