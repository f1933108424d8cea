"""ModelTagger: the fine-tuned token classifier as a pipeline stage.

``predict`` is pure (texts in, per-token probabilities out); ``set_annotations``
decodes them into ``doc.spans["model"]``. The model only finds spans: label
attributes (section key, row key, cell kind, metric type/value/unit) are left
empty for the rules and the reconciler to resolve.

A model folder holds a Hugging Face token-classification model (config.json
with id2label, weights, tokenizer files) and ``tagger.json`` with the layout
markers and windowing it was trained with (see :mod:`gdr_nlp.tag.windows`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from gdr_nlp.document import ReportDocument, Span
from gdr_nlp.errors import ModelLoadError
from gdr_nlp.tag.labels import Offsets, tags_to_spans
from gdr_nlp.tag.windows import LayoutMarkers, encode, make_windows, merge_windows, window_input_ids

logger = logging.getLogger(__name__)

TAGGER_CONFIG = "tagger.json"
LAYER = "model"


@dataclass
class TokenScores:
    """Model output for one text: token offsets into the text and ``(n_tokens, n_labels)`` probabilities."""

    offsets: Offsets
    probs: np.ndarray


@dataclass(frozen=True)
class TaggerConfig:
    """How a model folder's text is prepared (written at training time into ``tagger.json``)."""

    markers: LayoutMarkers = field(default_factory=LayoutMarkers)
    max_length: int = 256
    stride: int = 64
    quantize: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"markers": self.markers.to_dict(), "max_length": self.max_length, "stride": self.stride,
                "quantize": self.quantize}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TaggerConfig:
        return cls(markers=LayoutMarkers(**data.get("markers", {})), max_length=int(data.get("max_length", 256)),
                   stride=int(data.get("stride", 64)), quantize=bool(data.get("quantize", False)))


class ModelTagger:
    """Adds ``doc.spans["model"]`` from a trained token-classification model.

    Args:
        model_dir: model folder (e.g. ``models/gdr-tagger``).
        quantize: int8 dynamic quantization of the Linear layers; default from ``tagger.json``.
        batch_size: windows per forward pass.

    Raises:
        ModelLoadError: ``[E020]`` when the folder is missing or not a usable model.
    """

    def __init__(self, model_dir: str | Path, *, quantize: bool | None = None, batch_size: int = 16) -> None:
        self.model_dir = Path(model_dir)
        self.batch_size = batch_size
        self.cfg, self.tokenizer, self.model = _load(self.model_dir, quantize=quantize)
        self.id2label = {int(k): v for k, v in self.model.config.id2label.items()}

    def __call__(self, doc: ReportDocument) -> ReportDocument:
        self.set_annotations(doc, self.predict([doc.text])[0])
        return doc

    def predict(self, texts: Sequence[str]) -> list[TokenScores]:
        """Per-token label probabilities for each text (windows merged)."""
        import torch

        encoded = [encode(self.tokenizer, text, self.cfg.markers) for text in texts]
        jobs = []  # (text index, window, input ids)
        for t, (ids, _) in enumerate(encoded):
            for window in make_windows(len(ids), max_tokens=self.cfg.max_length - 2, stride=self.cfg.stride):
                cls_id, sep_id = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
                jobs.append((t, window, window_input_ids(ids, window, cls_id=cls_id, sep_id=sep_id)))
        probs: list[np.ndarray] = []
        pad_id = self.tokenizer.pad_token_id or 0
        with torch.inference_mode():
            for b in range(0, len(jobs), self.batch_size):
                batch = [job[2] for job in jobs[b : b + self.batch_size]]
                width = max(len(x) for x in batch)
                input_ids = torch.tensor([x + [pad_id] * (width - len(x)) for x in batch])
                mask = torch.tensor([[1] * len(x) + [0] * (width - len(x)) for x in batch])
                logits = self.model(input_ids=input_ids, attention_mask=mask).logits
                p = torch.softmax(logits.float(), dim=-1).numpy()
                probs += [p[i, 1 : len(x) - 1] for i, x in enumerate(batch)]
        out = []
        for t, (ids, offsets) in enumerate(encoded):
            mine = [(job[1], p) for job, p in zip(jobs, probs) if job[0] == t]
            merged = merge_windows([w for w, _ in mine], [p for _, p in mine], len(ids))
            out.append(TokenScores(offsets=offsets, probs=merged))
        return out

    def set_annotations(self, doc: ReportDocument, scores: TokenScores) -> None:
        """Decode ``scores`` into spans of ``doc.text`` under ``doc.spans["model"]`` (replacing that layer)."""
        doc.spans[LAYER] = self.decode(doc.text, scores)

    def decode(self, text: str, scores: TokenScores) -> list[Span]:
        """Spans of ``text`` from token probabilities (argmax tag per token)."""
        if len(scores.offsets) == 0:
            return []
        best = scores.probs.argmax(axis=1)
        tags = [self.id2label[int(i)] for i in best]
        token_scores = scores.probs[np.arange(len(best)), best].tolist()
        return tags_to_spans(tags, scores.offsets, text, scores=token_scores)


def _load(model_dir: Path, *, quantize: bool | None) -> tuple[TaggerConfig, Any, Any]:
    """Config, tokenizer and eval-mode model of a folder; every failure becomes ``[E020]``."""
    for name in ("config.json", TAGGER_CONFIG):
        if not (model_dir / name).is_file():
            raise ModelLoadError("E020", path=str(model_dir), detail=f"no {name}")
    import torch
    from safetensors import SafetensorError
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    try:
        cfg = TaggerConfig.from_dict(json.loads((model_dir / TAGGER_CONFIG).read_text(encoding="utf-8")))
        tokenizer = AutoTokenizer.from_pretrained(model_dir)
        model = AutoModelForTokenClassification.from_pretrained(model_dir, dtype=torch.float32)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError, SafetensorError) as e:
        detail = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ModelLoadError("E020", path=str(model_dir), detail=detail[:200]) from e
    if not tokenizer.is_fast:
        raise ModelLoadError("E020", path=str(model_dir), detail="tokenizer has no offset mapping (not a fast tokenizer)")
    model.eval()
    if cfg.quantize if quantize is None else quantize:
        model = quantize_linear(model)
    return cfg, tokenizer, model


def quantize_linear(model: Any) -> Any:
    """int8 dynamic quantization of the Linear layers (weights int8, activations quantized per batch)."""
    import torch

    return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
