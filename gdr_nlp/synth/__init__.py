"""Synthetic annual reports with exact labels by construction (issue 3 parts 4–5).

``generate(n, seed=...)`` draws documents; ``write_dataset(docs, out_dir)`` writes the
files, doc-level gold, a manifest, splits.json and a Hugging Face ``DatasetDict``
(text-family documents only; ``spans[].attrs`` is a JSON string).
"""

from __future__ import annotations

import bisect
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gdr_nlp.ingest.normalize import normalize
from gdr_nlp.reconcile import schema
from gdr_nlp.synth import narrative
from gdr_nlp.synth.render import AUGMENT_LAYOUTS, STRESS_LAYOUTS, TEXT_LAYOUTS, render_text
from gdr_nlp.synth.tables import TableData, blank_cell, make_tables

LAYOUTS = tuple(TEXT_LAYOUTS) + ("html", "docx", "pdf")
BINARY_LAYOUTS = ("html", "docx", "pdf")
# Whole layout families held out of train (CONTRIBUTING/issue 3: measure generalisation to unseen layouts).
HELD_OUT = {"dev": ("markdown_misaligned",), "test": ("flat_rows", "blank_line_cells")}
# Real-world messes no training split ever sees (drawn only on request, split "stress"): the
# held-out families of the tagger ablation (BENCHMARKS.md).
STRESS = tuple(STRESS_LAYOUTS)
# Training-only augmentation families (never drawn by default, never measured on their own).
AUGMENT = tuple(AUGMENT_LAYOUTS)

_PROVINCES = ("四川省", "湖北省", "安徽省", "山东省", "江西省", "福建省", "河南省", "贵州省", "云南省", "甘肃省")
_CITIES = ("绵阳市", "宜昌市", "淮北市", "威海市", "赣州市", "南平市", "洛阳市", "遵义市", "曲靖市", "天水市", "重庆市")
_DISTRICTS = ("涪城区", "西陵区", "相山区", "环翠区", "章贡区", "建阳区", "涧西区", "红花岗区", "麒麟区", "秦州区", "南岸县", "青川县")
_TOWNS = ("渠沟镇", "白马镇", "龙泉镇", "石桥乡", "新华街道", "城关镇", "东风街道", "桃源乡")
_BUREAUS = ("人民政府", "人民政府办公室", "财政局", "教育局", "卫生健康委员会", "住房和城乡建设局", "信访局", "自然资源局",
            "生态环境局", "市场监督管理局", "发展和改革委员会", "交通运输局", "民政局", "司法局")


@dataclass
class SynthDoc:
    """One generated report: a file's content plus exact gold."""

    id: str
    index: int
    layout: str
    ext: str
    split: str
    agency: str
    year: int
    version: str
    variants: list[str]
    noise: list[str]
    blocks: list[tuple]
    tables: TableData
    metrics: list[dict[str, Any]]
    raw: str = ""  # text families only
    raw_spans: list[dict[str, Any]] = field(default_factory=list)

    @property
    def has_spans(self) -> bool:
        return self.layout not in BINARY_LAYOUTS

    def gold(self) -> dict[str, Any]:
        return {
            "report": {"agency": self.agency, "year": self.year, "format_version": self.version, "variants": self.variants},
            "tables": self.tables.tables(),
            "metrics": self.metrics,
            "source_errors": self.tables.source_errors,
        }

    def text_and_spans(self) -> tuple[str, list[dict[str, Any]]]:
        """Normalized text and spans mapped through normalize's offsets."""
        text, offs = normalize(self.raw)
        spans = []
        for s in self.raw_spans:
            a = bisect.bisect_left(offs, s["start"], 0, len(text))
            e = bisect.bisect_left(offs, s["end"], 0, len(text))
            if e > a:
                spans.append({"start": a, "end": e, "label": s["label"], "attrs": s["attrs"]})
        return text, spans


def _agency(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.15:
        return rng.choice(_PROVINCES) + rng.choice(_BUREAUS)
    if r < 0.4:
        return rng.choice(_CITIES) + rng.choice(_BUREAUS)
    if r < 0.75:
        return rng.choice(_CITIES) + rng.choice(_DISTRICTS) + rng.choice(_BUREAUS)
    town = rng.choice(_TOWNS)
    return rng.choice(_DISTRICTS) + town + ("街道办事处" if town.endswith("街道") else rng.choice(("人民政府", "政府")))


def _heading(rng: random.Random, idx: int, key: str, title: str) -> str:
    r = rng.random()
    ordinals = "一二三四五六"
    if r < 0.06:
        return title  # missing ordinal
    if r < 0.1:
        return f"{ordinals[(idx + 1) % 6]}、{title}"  # mis-numbered
    return f"{ordinals[idx]}、{title}"


def _blocks(
    rng: random.Random, agency: str, year: int, noise: set[str], lead: list[narrative.Sentence] | None = None
) -> tuple[list[tuple], list[dict[str, Any]]]:
    blocks: list[tuple] = []
    metrics: list[dict[str, Any]] = []
    if rng.random() < 0.5:
        blocks.append(("title", f"{agency}{year}年政府信息公开工作年度报告"))
    else:
        blocks.append(("title", f"{agency}"))
        blocks.append(("title", f"{year}年政府信息公开工作年度报告"))
    blocks.append(("para", [(f"根据《中华人民共和国政府信息公开条例》要求，现公布{agency}{year}年度政府信息公开工作年度报告。", None, None)]))

    def prose(section: str, types: tuple[str, ...], k: int) -> None:
        for _ in range(k):
            sent: list = []
            for _ in range(rng.randint(1, 3)):
                if rng.random() < 0.25:
                    sent += narrative.distractor(rng, year)
                else:
                    pieces, ms = narrative.metric_sentence(rng, rng.choice(types), section)
                    sent += pieces
                    metrics.extend(ms)
            if "artifact" in noise and rng.random() < 0.1:
                blocks.append(("artifact", "[bookmark: _GoBack]"))
            blocks.append(("para", sent))

    for idx, (key, _, title, _) in enumerate(schema.SECTIONS):
        blocks.append(("heading", _heading(rng, idx, key, title), key))
        if key == "overview":
            for pieces, ms in lead or []:  # a series' year-over-year sentences (synth.series)
                blocks.append(("para", pieces))
                metrics.extend(ms)
            if rng.random() < 0.7:
                pieces, ms = narrative.breakdown_sentence(rng, key)
                blocks.append(("para", pieces))
                metrics.extend(ms)
            if rng.random() < 0.6:  # a total broken down by channel, unit or outcome (#12)
                pieces, ms = narrative.list_sentence(rng, key)
                blocks.append(("para", pieces))
                metrics.extend(ms)
            if rng.random() < 0.5:  # lists that go on past their sentence, end early or add up to a part (#12)
                for pieces, ms in rng.choice(narrative.CONTEXT_BUILDERS)(rng, key):
                    blocks.append(("para", pieces))
                    metrics.extend(ms)
            prose(key, narrative.OVERVIEW_TYPES, rng.randint(2, 6))
        elif key in ("proactive", "applications", "review_litigation"):
            blocks.append(("table", key))
        elif key == "problems":
            prose(key, narrative.PROBLEM_TYPES, rng.randint(1, 2))
        else:
            prose(key, narrative.OTHER_TYPES, 1)
            if rng.random() < 0.3:  # fees charged per application (#12)
                pieces, ms = narrative.fee_sentence(rng, key)
                blocks.append(("para", pieces))
                metrics.extend(ms)
    return blocks, metrics


def _ocr_o(rng: random.Random, blocks: list[tuple]) -> None:
    """OCR confusion O for 0 in plain prose digits (never inside METRIC spans or tables)."""
    for i, b in enumerate(blocks):
        if b[0] == "para":
            new = [(t.replace("0", "O", 1) if lab is None and "0" in t and rng.random() < 0.5 else t, lab, a) for t, lab, a in b[1]]
            blocks[i] = ("para", new)


def _doc(
    seed: int,
    index: int,
    error_rate: float,
    layouts: tuple[str, ...],
    *,
    fixed: tuple[str, int, TableData, list[narrative.Sentence]] | None = None,
) -> SynthDoc:
    """One report; ``fixed`` = (agency, year, tables, overview sentences) drawn by a caller (synth.series)."""
    rng = random.Random(f"{seed}:{index}")
    layout = layouts[index % len(layouts)]
    year = rng.randint(2019, 2025)
    version = "2019" if year <= 2020 else "2021"
    variants: list[str] = []
    if version == "2021" and rng.random() < 0.1:
        variants.append("applications_single_other_row")
    if rng.random() < 0.1:
        variants.append("applications_legal_person_subtotal")
    agency = _agency(rng)
    td = make_tables(rng, version, variants, rng.random() < error_rate)
    lead: list[narrative.Sentence] = []
    if fixed is not None:
        agency, year, td, lead = fixed
        version, variants = td.version, td.variants
    noise: set[str] = set()
    if layout not in BINARY_LAYOUTS:
        for name, p in (("fullwidth", 0.15), ("spaced_digits", 0.15), ("artifact", 0.2), ("ocr_o", 0.1)):
            if rng.random() < p:
                noise.add(name)
        if layout in ("flat_rows", "review_15", "markdown_misaligned"):
            noise.discard("spaced_digits")  # spaces separate cells there: "1 2" would be two cells
    if layout in ("total_only", "space_aligned"):
        for r in td.app_rows:
            if rng.random() < 0.6:
                for c in td.app_cols[:-1]:
                    blank_cell(td, ("applications", r.key, c), "empty")
    elif layout == "blanks_zeros_na":
        for key, g in list(td.gold.items()):
            if g["kind"] == "number" and g["value"] == 0 and rng.random() < 0.5:
                blank_cell(td, key, rng.choice(("empty", "na")))
    blocks, metrics = _blocks(rng, agency, year, noise, lead)
    if "ocr_o" in noise:
        _ocr_o(rng, blocks)
    split = "stress" if layout in STRESS else "train"
    for s, fams in HELD_OUT.items():
        if layout in fams:
            split = s
    if split == "train" and layout not in STRESS + AUGMENT:
        r = rng.random()
        split = "dev" if r < 0.05 else "test" if r < 0.1 else "train"
    ext = {"html": "html", "docx": "docx", "pdf": "pdf", "markdown_misaligned": "md"}.get(layout, "txt")
    doc = SynthDoc(f"synth-{seed}-{index:05d}", index, layout, ext, split, agency, year, version, variants,
                   sorted(noise), blocks, td, metrics)
    if doc.has_spans:
        lay = {**TEXT_LAYOUTS, **STRESS_LAYOUTS, **AUGMENT_LAYOUTS}[layout](rng, noise)
        b = render_text(blocks, td, lay)
        doc.raw, doc.raw_spans = b.text(), b.spans
    return doc


def layout_families(spec: str) -> tuple[str, ...]:
    """``all`` (the training families), ``stress`` (never trained on), ``augment`` (training data only)
    or comma-separated names.

    Raises:
        ValueError: a name that is no layout family.
    """
    families = {"all": LAYOUTS, "stress": STRESS, "augment": AUGMENT}.get(spec) or tuple(spec.split(","))
    if unknown := [f for f in families if f not in LAYOUTS + STRESS + AUGMENT]:
        raise ValueError(f"unknown layout family {', '.join(unknown)} (known: {', '.join(LAYOUTS + STRESS + AUGMENT)})")
    return families


def generate(n: int, *, seed: int, error_rate: float = 0.05, layouts: tuple[str, ...] = LAYOUTS) -> list[SynthDoc]:
    """Generate ``n`` reports; document i depends only on (seed, i).

    Args:
        n: number of documents.
        seed: random seed.
        error_rate: share of documents with one wrong printed total (recorded in source_errors).
        layouts: families to draw from, round-robin (``STRESS`` families go to split ``stress``).

    Returns:
        The documents, layout families round-robin so every family appears once n >= 13.
    """
    layout_families(",".join(layouts))  # unknown names fail here
    return [_doc(seed, i, error_rate, tuple(layouts)) for i in range(n)]


def generate_one(index: int, *, seed: int, error_rate: float = 0.05, layouts: tuple[str, ...] = LAYOUTS) -> SynthDoc:
    """Document ``index`` of ``generate(n, seed=seed, ...)`` for any n > index, made alone."""
    layout_families(",".join(layouts))
    return _doc(seed, index, error_rate, tuple(layouts))


def write_file(doc: SynthDoc, path: str | Path, *, layout: str | None = None) -> Path:
    """Write one report the way its layout family renders it (``layout`` overrides: html/docx/pdf).

    Returns:
        ``path`` as a Path.
    """
    from gdr_nlp.synth import binary

    path = Path(path)
    layout = layout or doc.layout
    if layout == "html":
        binary.write_html(path, doc.blocks, doc.tables, random.Random(f"render:{doc.id}"))
    elif layout == "docx":
        binary.write_docx(path, doc.blocks, doc.tables)
    elif layout == "pdf":
        binary.write_pdf(path, doc.blocks, doc.tables, doc.agency, doc.year)
    else:
        path.write_text(doc.raw, encoding="utf-8")
    return path


def write_dataset(docs: list[SynthDoc], out_dir: str | Path) -> Path:
    """Write files/, gold/, manifest.jsonl, splits.json and hf/ (``datasets.DatasetDict``).

    Args:
        docs: output of ``generate``.
        out_dir: target folder (created).

    Returns:
        ``out_dir`` as a Path.
    """
    out = Path(out_dir)
    (out / "files").mkdir(parents=True, exist_ok=True)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    hf: dict[str, list[dict[str, Any]]] = {}
    with open(out / "manifest.jsonl", "w", encoding="utf-8") as man:
        for d in docs:
            write_file(d, out / "files" / f"{d.id}.{d.ext}")
            if d.has_spans:
                text, spans = d.text_and_spans()
                hf.setdefault(d.split, []).append({"id": d.id, "text": text, "layout": d.layout, "split": d.split,
                                    "spans": [dict(s, attrs=json.dumps(s["attrs"], ensure_ascii=False, sort_keys=True)) for s in spans]})
            (out / "gold" / f"{d.id}.json").write_text(json.dumps(d.gold(), ensure_ascii=False, indent=1), encoding="utf-8")
            man.write(json.dumps({"id": d.id, "split": d.split, "layout": d.layout, "variants": d.variants,
                                  "format_version": d.version, "file": f"files/{d.id}.{d.ext}", "has_spans": d.has_spans,
                                  "noise": d.noise}, ensure_ascii=False) + "\n")
    (out / "splits.json").write_text(json.dumps({"held_out_layouts": HELD_OUT, "in_family_share": {"dev": 0.05, "test": 0.05},
                                                 "layouts": list(LAYOUTS)}, ensure_ascii=False, indent=1), encoding="utf-8")
    import datasets

    feats = datasets.Features({
        "id": datasets.Value("string"), "text": datasets.Value("string"), "layout": datasets.Value("string"),
        "split": datasets.Value("string"),
        "spans": [{"start": datasets.Value("int32"), "end": datasets.Value("int32"), "label": datasets.Value("string"),
                   "attrs": datasets.Value("string")}],
    })
    # columnar build: from_list([]) loses the schema of an empty split; splits without text
    # documents are left out (an empty saved split does not load back)
    dd = datasets.DatasetDict({
        k: datasets.Dataset.from_dict({f: [row[f] for row in v] for f in feats}, features=feats) for k, v in hf.items()
    })
    dd.save_to_disk(str(out / "hf"))
    return out


__all__ = ["AUGMENT", "HELD_OUT", "LAYOUTS", "STRESS", "SynthDoc", "generate", "generate_one", "layout_families", "write_dataset", "write_file"]
