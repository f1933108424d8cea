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
import torch
import torch.nn.functional as F
from torch import nn

from gdr_nlp.document import ReportDocument, Span
from gdr_nlp.errors import ModelLoadError
from gdr_nlp.tag.labels import Offsets, tags_to_spans, viterbi
from gdr_nlp.tag.layout import snap_spans
from gdr_nlp.tag.rules import table_tokens
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
    special_tokens: dict[str, str] = field(
        default_factory=lambda: {"cls": "<s>", "sep": "</s>", "pad": "<pad>", "unk": "<unk>"})

    def to_dict(self) -> dict[str, Any]:
        return {"markers": self.markers.to_dict(), "max_length": self.max_length, "stride": self.stride,
                "quantize": self.quantize, "special_tokens": self.special_tokens}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TaggerConfig:
        cfg = cls(markers=LayoutMarkers(**data.get("markers", {})), max_length=int(data.get("max_length", 256)),
                  stride=int(data.get("stride", 64)), quantize=bool(data.get("quantize", False)))
        if "special_tokens" in data:
            cfg = cls(**{**cfg.__dict__, "special_tokens": dict(data["special_tokens"])})
        return cfg


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
        self.id2label = dict(self.model.id2label)

    def __call__(self, doc: ReportDocument) -> ReportDocument:
        self.set_annotations(doc, self.predict([doc.text])[0])
        return doc

    def predict(self, texts: Sequence[str]) -> list[TokenScores]:
        """Per-token label probabilities for each text (windows merged)."""
        encoded = [encode(self.tokenizer, text, self.cfg.markers) for text in texts]
        jobs = []  # (text index, window, input ids)
        batches = []  # (first job, end) of each forward pass
        for t, (ids, _) in enumerate(encoded):
            first = len(jobs)
            for window in make_windows(len(ids), max_tokens=self.cfg.max_length - 2, stride=self.cfg.stride):
                cls_id, sep_id = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
                jobs.append((t, window, window_input_ids(ids, window, cls_id=cls_id, sep_id=sep_id)))
            # Batches never mix texts: int8 dynamic quantization takes one activation scale per forward
            # pass, so a window's probabilities depend on its batchmates; batched per text, a text's
            # tags depend only on the text (and batch_size), not on what else it was passed with.
            batches += [(b, min(b + self.batch_size, len(jobs))) for b in range(first, len(jobs), self.batch_size)]
        probs: list[np.ndarray] = []
        pad_id = self.tokenizer.pad_token_id or 0
        with torch.inference_mode():
            for b, end in batches:
                batch = [job[2] for job in jobs[b:end]]
                width = max(len(x) for x in batch)
                input_ids = torch.tensor([x + [pad_id] * (width - len(x)) for x in batch])
                mask = torch.tensor([[1] * len(x) + [0] * (width - len(x)) for x in batch])
                logits = self.model(input_ids, mask)
                p = torch.softmax(logits.float(), dim=-1).numpy()
                probs += [p[i, 1 : len(x) - 1] for i, x in enumerate(batch)]
        out = []
        for t, (ids, offsets) in enumerate(encoded):
            mine = [(job[1], p) for job, p in zip(jobs, probs) if job[0] == t]
            merged = merge_windows([w for w, _ in mine], [p for _, p in mine], len(ids))
            out.append(TokenScores(offsets=offsets, probs=merged))
        return out

    def set_annotations(self, doc: ReportDocument, scores: TokenScores) -> None:
        """Decode ``scores`` into spans of ``doc.text`` under ``doc.spans["model"]`` (replacing that layer),
        snapped to the table tokens the rules cut (``layout.snap_spans``): the model's cell and label
        boundaries drift within a token or across a separator the layout draws (#10)."""
        doc.spans[LAYER] = snap_spans(doc.text, self.decode(doc.text, scores), table_tokens(doc.text))

    def best_ids(self, scores: TokenScores) -> list[int]:
        """Label id per token: the BIO-valid sequence of highest probability (:func:`viterbi`)."""
        return viterbi(scores.probs, [self.id2label[i] for i in range(len(self.id2label))])

    def decode(self, text: str, scores: TokenScores) -> list[Span]:
        """Spans of ``text`` from token probabilities (BIO-constrained best sequence)."""
        if len(scores.offsets) == 0:
            return []
        best = np.array(self.best_ids(scores))
        tags = [self.id2label[int(i)] for i in best]
        token_scores = scores.probs[np.arange(len(best)), best].tolist()
        return tags_to_spans(tags, scores.offsets, text, scores=token_scores)


def require_model_files(model_dir: Path) -> None:
    """``[E020]`` unless ``model_dir`` holds the files a model folder needs."""
    for name in ("config.json", TAGGER_CONFIG, "tokenizer.json", "model.safetensors"):
        if not (model_dir / name).is_file():
            raise ModelLoadError("E020", path=str(model_dir), detail=f"no {name}")


def _load(model_dir: Path, *, quantize: bool | None) -> tuple[TaggerConfig, Any, Any]:
    """Config, tokenizer and eval-mode model of a folder; every failure becomes ``[E020]``.

    Inference does not import ``transformers`` (several seconds on 2 cores): the
    tokenizer is the ``tokenizers`` backend and the encoder a plain-torch BERT.
    """
    require_model_files(model_dir)
    from safetensors import SafetensorError
    from tokenizers import Tokenizer

    try:
        cfg = TaggerConfig.from_dict(json.loads((model_dir / TAGGER_CONFIG).read_text(encoding="utf-8")))
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        tokenizer = _Tokenizer(Tokenizer.from_file(str(model_dir / "tokenizer.json")), cfg)
        model = BertTagger.from_folder(model_dir, config)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError, SafetensorError) as e:
        detail = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ModelLoadError("E020", path=str(model_dir), detail=detail[:200]) from e
    if cfg.quantize if quantize is None else quantize:
        model = quantize_linear(model)
    return cfg, tokenizer, model


class _Tokenizer:
    """The ``tokenizers`` backend plus the special-token ids the windows need."""

    def __init__(self, backend: Any, cfg: TaggerConfig) -> None:
        self.backend_tokenizer = backend
        ids = {name: backend.token_to_id(tok) for name, tok in cfg.special_tokens.items()}
        missing = [name for name, i in ids.items() if i is None and name != "unk"]
        if missing:
            raise ValueError(f"special tokens {missing} not in the vocabulary")
        self.cls_token_id, self.sep_token_id, self.pad_token_id = ids["cls"], ids["sep"], ids["pad"]
        self.unk_token_id = ids.get("unk")


def quantize_linear(model: Any) -> Any:
    """int8 dynamic quantization of the Linear layers (weights int8, activations quantized per batch)."""
    import warnings

    with warnings.catch_warnings():
        # torch 2.13 marks eager-mode quantization deprecated (moving to torchao); it still works and
        # is the only int8 path without extra packages, so the notice is not the user's concern
        warnings.simplefilter("ignore", category=UserWarning)
        warnings.simplefilter("ignore", category=DeprecationWarning)
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


class _Layer(nn.Module):
    """One post-LayerNorm BERT encoder layer (query/key/value fused into one matmul)."""

    def __init__(self, hidden: int, heads: int, inter: int, eps: float) -> None:
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(hidden, 3 * hidden)
        self.attn_out = nn.Linear(hidden, hidden)
        self.attn_norm = nn.LayerNorm(hidden, eps=eps)
        self.inter = nn.Linear(hidden, inter)
        self.out = nn.Linear(inter, hidden)
        self.out_norm = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, t, h = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, h // self.heads).permute(2, 0, 3, 1, 4)
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=mask).transpose(1, 2).reshape(b, t, h)
        x = self.attn_norm(x + self.attn_out(a))
        return self.out_norm(x + self.out(F.gelu(self.inter(x))))


class BertTagger(nn.Module):
    """Inference-only ``BertForTokenClassification`` in plain torch, loaded from the same safetensors.

    Exists so that loading a tagger does not import ``transformers``; a unit test
    checks its logits against the ``transformers`` model.
    """

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        hidden, eps = config["hidden_size"], config.get("layer_norm_eps", 1e-12)
        self.word = nn.Embedding(config["vocab_size"], hidden)
        self.pos = nn.Embedding(config["max_position_embeddings"], hidden)
        self.token_type = nn.Embedding(config.get("type_vocab_size", 2), hidden)
        self.emb_norm = nn.LayerNorm(hidden, eps=eps)
        self.layers = nn.ModuleList(
            _Layer(hidden, config["num_attention_heads"], config["intermediate_size"], eps)
            for _ in range(config["num_hidden_layers"]))
        self.classifier = nn.Linear(hidden, len(config["id2label"]))
        self.id2label = {int(k): v for k, v in config["id2label"].items()}

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        x = self.word(input_ids) + self.pos.weight[: input_ids.shape[1]] + self.token_type.weight[0]
        x = self.emb_norm(x)
        mask = attention_mask.bool()[:, None, None, :]
        for layer in self.layers:
            x = layer(x, mask)
        return self.classifier(x)

    @classmethod
    def from_folder(cls, folder: Path, config: dict[str, Any]) -> BertTagger:
        """Model of a HF ``BertForTokenClassification`` folder (config.json + model.safetensors).

        Raises:
            ValueError: not a BERT token classifier this class can run.
        """
        from safetensors.torch import load_file

        kind = (config.get("model_type"), config.get("hidden_act"), config.get("position_embedding_type", "absolute"))
        if kind != ("bert", "gelu", "absolute"):
            raise ValueError(f"unsupported model (model_type, hidden_act, positions) = {kind}")
        model = cls(config)
        model.load_state_dict(_rename(load_file(str(folder / "model.safetensors")), config["num_hidden_layers"]))
        return model.float().eval()


_EMB = {"word_embeddings": "word", "position_embeddings": "pos", "token_type_embeddings": "token_type"}
_LAYER = {"attention.output.dense": "attn_out", "attention.output.layernorm": "attn_norm",
          "intermediate.dense": "inter", "output.dense": "out", "output.layernorm": "out_norm"}


def _rename(hf: dict[str, torch.Tensor], n_layers: int) -> dict[str, torch.Tensor]:
    """HF BERT parameter names -> :class:`BertTagger` names (fusing query/key/value)."""
    sd = {k.replace("LayerNorm", "layernorm"): v for k, v in hf.items()}
    out = {f"{new}.weight": sd[f"bert.embeddings.{old}.weight"] for old, new in _EMB.items()}
    out |= {f"emb_norm.{p}": sd[f"bert.embeddings.layernorm.{p}"] for p in ("weight", "bias")}
    out |= {f"classifier.{p}": sd[f"classifier.{p}"] for p in ("weight", "bias")}
    for i in range(n_layers):
        pre = f"bert.encoder.layer.{i}."
        for p in ("weight", "bias"):
            out[f"layers.{i}.qkv.{p}"] = torch.cat([sd[f"{pre}attention.self.{n}.{p}"] for n in ("query", "key", "value")])
            out |= {f"layers.{i}.{new}.{p}": sd[f"{pre}{old}.{p}"] for old, new in _LAYER.items()}
    return out
