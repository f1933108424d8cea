"""``gdr review OUT_DIR``: the local review web app (stdlib HTTP server, Jinja2 pages, no network).

Everything is rendered by the server, so the pages work without JavaScript and with
``curl``; ``static/review.js`` only adds keyboard navigation and turning a text selection
into a span. Routes:

* ``GET /``: the batch list (``?needs=yes|no``, ``?q=`` text, ``?year=``);
* ``GET /report/<name>``: one report (``?cell=KEY``, ``?check=ID``, ``?metric=START-END``);
* ``POST /report/<name>/cell`` and ``/metric``: a correction (303 back, or the page with the message);
* ``GET /report/<name>/page/<n>.png``: the source PDF page, when the PDF is reachable;
* ``GET /report/<name>/corrected.json``; ``GET /static/<file>``.
"""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

import jinja2

from gdr_nlp.review.corrections import QUALIFIERS, CorrectionError, cell_correction, metric_correction, metric_types
from gdr_nlp.review.grid import TABLE_TITLES, cell_at, verdict
from gdr_nlp.review.pdfpage import box_percent, render_page
from gdr_nlp.review.store import Batch, ConflictError
from gdr_nlp.review.views import cells_with_spans, review_order, source_html, table_views

logger = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
MAX_FORM_BYTES = 64 * 1024
PAGE_SCALE = 1.5
"""Rendered PDF pages: pixels per PDF point."""

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
_env.filters["q"] = lambda s: quote(str(s), safe="")


class ReviewApp:
    """Request handling over one :class:`Batch`, independent of the HTTP plumbing (tests call it directly)."""

    def __init__(self, batch: Batch) -> None:
        self.batch = batch

    def batch_page(self, query: dict[str, str]) -> str:
        needs, text, year = query.get("needs", ""), query.get("q", "").strip(), query.get("year", "").strip()
        rows = []
        for entry in self.batch.entries():
            report = entry.contract.get("report") or {}
            v = entry.verdict
            hay = " ".join(str(x) for x in (entry.name, report.get("agency"), report.get("title"), *v["reasons"]))
            if needs in ("yes", "no") and v["needed"] != (needs == "yes") or text and text not in hay:
                continue
            if year and str(report.get("year")) != year:
                continue
            rows.append({"name": entry.name, "report": report, "verdict": v, "corrections": entry.corrections,
                         "source": Path(str((entry.contract.get("source") or {}).get("path") or "")).name})
        return _env.get_template("batch.html").render(rows=rows, needs=needs, q=text, year=year,
                                                      total=len(self.batch.names()), root=str(self.batch.root))

    def report_page(self, name: str, query: dict[str, str], *, error: str = "", form: dict[str, str] | None = None,
                    saved: str = "") -> str:
        contract = self.batch.corrected(name)
        text = self.batch.text(name) or ""
        version = len(self.batch.log(name))
        checks = contract.get("checks") or []
        selected_check = next((c for c in checks if c.get("id") == query.get("check")), None)
        marked = set(selected_check.get("cells") or []) if selected_check else set()
        cell_key = query.get("cell", "") or (form or {}).get("key", "")
        metric = self._metric(contract, query.get("metric", "") or _span_arg(form))
        spans: list[tuple[int, int]] = []
        cell = cell_at(contract, cell_key) if cell_key else None
        if cell and cell.get("span"):
            spans = [tuple(cell["span"])]  # type: ignore[list-item]
        elif metric:
            spans = [tuple(metric["span"])]  # type: ignore[list-item]
        elif selected_check:
            spans = cells_with_spans(contract, selected_check.get("cells") or [])
            if selected_check.get("span"):
                spans.append(tuple(selected_check["span"]))  # type: ignore[arg-type]
        order = review_order(contract)
        here = f"cell:{cell_key}" if cell_key else f"metric:{metric['span'][0]}-{metric['span'][1]}" if metric else ""
        return _env.get_template("report.html").render(
            name=name, contract=contract, report=contract.get("report") or {}, verdict=verdict(contract),
            tables=table_views(contract, marked=marked, selected=cell_key), checks=_sorted_checks(checks),
            selected_check=selected_check, cell_key=cell_key, cell=cell, metric=metric, version=version,
            source=source_html(text, spans), has_text=bool(text), page=self._page(name, cell, metric),
            order=order, prev_next=_neighbours(order, here), error=error, form=form or {}, saved=saved,
            metric_types=metric_types(), qualifiers=QUALIFIERS, log=self.batch.log(name)[-10:][::-1],
            stale=self.batch.stale(name),
            table_titles=TABLE_TITLES)

    @staticmethod
    def _metric(contract: dict[str, Any], arg: str) -> dict[str, Any] | None:
        if not arg:
            return None
        found = next((m for m in contract.get("metrics") or [] if f"{m['span'][0]}-{m['span'][1]}" == arg), None)
        if found is None and "-" in arg and all(p.isdigit() for p in arg.split("-", 1)):
            start, end = (int(p) for p in arg.split("-", 1))
            return {"span": [start, end], "new": True}  # a new metric on a selected span
        return found

    def _page(self, name: str, cell: dict[str, Any] | None, metric: dict[str, Any] | None) -> dict[str, Any] | None:
        item = cell or metric
        pdf = self.batch.source_pdf(name)
        if not item or not item.get("page") or pdf is None:
            return None
        text = self.batch.text(name)
        box = box_percent(pdf, text, item) if text and cell else None
        return {"n": item["page"], "box": [round(v, 2) for v in box] if box else None}

    def correct(self, name: str, what: str, form: dict[str, str]) -> tuple[int, str, str]:
        """Apply one correction form: ``(status, location or page, message)``."""
        contract, text = self.batch.corrected(name), self.batch.text(name)
        if text is None:
            return 400, self.report_page(name, {}, error=f"{name}.txt is missing: rerun gdr extract with --emit-text",
                                         form=form), ""
        try:
            version = int(form.get("version", ""))
            build = cell_correction if what == "cell" else metric_correction
            correction = build(form, contract, text)
            result = self.batch.save(name, correction, base_version=version)
        except ValueError as exc:  # CorrectionError, ConflictError, or a version that is not a number
            message = str(exc) if isinstance(exc, CorrectionError) else "the form has no valid version: reload the page"
            status = 409 if isinstance(exc, ConflictError) else 400
            return status, self.report_page(name, {}, error=message, form=form), message
        note = "saved" if not result.annotation_problems else "saved; annotation not updated: " + "; ".join(result.annotation_problems[:3])
        anchor = f"cell={quote(correction['key'])}" if what == "cell" else f"metric={correction['span'][0]}-{correction['span'][1]}"
        if what == "metric" and correction.get("action") == "delete":
            anchor = ""
        return 303, f"/report/{quote(name)}?{anchor}&saved={quote(note)}", note

    def page_png(self, name: str, number: int) -> bytes | None:
        pdf_path = self.batch.source_pdf(name)
        return render_page(pdf_path, number, scale=PAGE_SCALE) if pdf_path else None


def _span_arg(form: dict[str, str] | None) -> str:
    if form and form.get("start", "").isdigit() and form.get("end", "").isdigit() and "type" in form:
        return f"{form['start']}-{form['end']}"
    return ""


def _sorted_checks(checks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rank = {"fail": 0, "not_assessable": 1, "pass": 2}
    return sorted(checks, key=lambda c: rank.get(str(c.get("status")), 3))


def _neighbours(order: list[str], here: str) -> dict[str, str]:
    if not order:
        return {}
    i = order.index(here) if here in order else -1
    return {"next": order[(i + 1) % len(order)], "prev": order[i - 1] if i > 0 else order[-1]}


class _Handler(BaseHTTPRequestHandler):
    app: ReviewApp
    server_version = "gdr-review"

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.address_string(), *args)

    def _send(self, status: int, body: bytes | str, ctype: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _not_found(self, what: str) -> None:
        self._send(404, f"<!doctype html><meta charset=utf-8><p>not found: {_esc(what)}</p><p><a href='/'>batch list</a></p>")

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        parts = [unquote(p) for p in url.path.split("/") if p]
        try:
            self._route_get(parts, query)
        except Exception:  # a page must never take the server down; the log has the details
            logger.exception("GET %s failed", self.path)
            self._send(500, "<!doctype html><meta charset=utf-8><p>internal error: see the server log</p>")

    def _route_get(self, parts: list[str], query: dict[str, str]) -> None:
        if not parts:
            self._send(200, self.app.batch_page(query))
        elif parts[0] == "static" and len(parts) == 2 and (HERE / "static" / parts[1]).is_file() and Path(parts[1]).suffix in STATIC_TYPES:
            self._send(200, (HERE / "static" / parts[1]).read_bytes(), STATIC_TYPES[Path(parts[1]).suffix])
        elif parts[0] == "report" and len(parts) >= 2 and self.app.batch.has(parts[1]):
            name = parts[1]
            if len(parts) == 2:
                self._send(200, self.app.report_page(name, query, saved=query.get("saved", "")))
            elif parts[2:] == ["corrected.json"]:
                self._send(200, json.dumps(self.app.batch.corrected(name), ensure_ascii=False, indent=1), "application/json; charset=utf-8")
            elif len(parts) == 4 and parts[2] == "page" and parts[3].removesuffix(".png").isdigit():
                png = self.app.page_png(name, int(parts[3].removesuffix(".png")))
                if png:
                    self._send(200, png, "image/png")
                else:
                    self._not_found(self.path)
            else:
                self._not_found(self.path)
        else:
            self._not_found(self.path)

    def do_POST(self) -> None:
        parts = [unquote(p) for p in urlsplit(self.path).path.split("/") if p]
        if len(parts) != 3 or parts[0] != "report" or parts[2] not in ("cell", "metric") or not self.app.batch.has(parts[1]):
            self._not_found(self.path)
            return
        origin = self.headers.get("Origin")
        if origin and origin != "null" and urlsplit(origin).netloc != self.headers.get("Host"):
            # no login on this app: refuse forms another site's page posts to it (cross-site request forgery)
            self._send(403, "<!doctype html><meta charset=utf-8><p>cross-site form post refused</p>")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_FORM_BYTES:
            self._send(413, "<!doctype html><meta charset=utf-8><p>form too large</p>")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        form = {k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}
        try:
            status, payload, _msg = self.app.correct(parts[1], parts[2], form)
        except Exception:
            logger.exception("POST %s failed", self.path)
            self._send(500, "<!doctype html><meta charset=utf-8><p>internal error: see the server log; nothing was lost</p>")
            return
        if status == 303:
            self._send(303, "", headers={"Location": payload})
        else:
            self._send(status, payload)


def _esc(s: str) -> str:
    from html import escape

    return escape(s)


def make_server(out_dir: str | Path, *, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A ready server over ``out_dir`` (``port=0``: any free port, see ``server.server_address``).

    Raises:
        GdrError: ``[E050]`` when ``out_dir`` holds no contract JSON.
    """
    app = ReviewApp(Batch(out_dir))
    handler = type("Handler", (_Handler,), {"app": app})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    # Load the rule tagger in the background: the first save needs it (annotation structure spans).
    threading.Thread(target=app.batch.structure_spans, daemon=True).start()
    return server
