#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes the malformed inputs in tests/data/{gguf,safetensors,hf-config}.
# Each file name starts with the FitImportError the importers must give
# ("truncated-", "corrupt-", "limit-", "inconsistent-", "unsupported-",
# "missing-"); test-gguf, test-safetensors and test-hf-config check it.
#
# It also writes the seed corpora of the fuzzers in tests/fuzz/corpus-*:
# small valid files of each kind.
#
# Run from the source root: python3 tests/import/gen-hostile-data.py

import json
import os
import struct
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")

U8, I8, U16, I16, U32, I32, F32, BOOL, STR, ARR, U64, I64, F64 = range(13)
F32_T, F16_T, Q4_K_T = 0, 1, 12


def s(text):
    data = text if isinstance(text, bytes) else text.encode()
    return struct.pack("<Q", len(data)) + data


class Gguf:
    def __init__(self, version=3, alignment=32):
        self.version = version
        self.alignment = alignment
        self.kv = []
        self.tensors = []
        self.next = 0

    def raw(self, key, vtype, payload):
        self.kv.append(s(key) + struct.pack("<I", vtype) + payload)
        return self

    def u32(self, key, v):
        return self.raw(key, U32, struct.pack("<I", v))

    def string(self, key, v):
        return self.raw(key, STR, s(v))

    def tensor(self, name, ttype, ne, offset=None, nbytes=None):
        if offset is None:
            offset = (self.next + self.alignment - 1) // self.alignment * self.alignment
        if nbytes is None:
            elems = 1
            for d in ne:
                elems *= d
            nbytes = elems * (4 if ttype == F32_T else 2)
        self.tensors.append((name, ttype, ne, offset))
        self.next = max(self.next, offset + nbytes)
        return self

    def header(self, n_tensors=None, n_kv=None, version=None):
        out = b"GGUF" + struct.pack("<I", self.version if version is None else version)
        out += struct.pack("<Q", len(self.tensors) if n_tensors is None else n_tensors)
        out += struct.pack("<Q", len(self.kv) if n_kv is None else n_kv)
        out += b"".join(self.kv)
        for name, ttype, ne, offset in self.tensors:
            out += s(name) + struct.pack("<I", len(ne))
            out += b"".join(struct.pack("<Q", d) for d in ne)
            out += struct.pack("<IQ", ttype, offset)
        while len(out) % self.alignment:
            out += b"\0"
        return out

    def file(self, **kw):
        return self.header(**kw) + b"\0" * self.next


def model(arch="llama", layers=2, hidden=32, heads=4, kv=2, tensors=True):
    g = Gguf()
    g.string("general.architecture", arch)
    g.string("general.name", "Hostile")
    g.u32(arch + ".block_count", layers)
    g.u32(arch + ".context_length", 2048)
    g.u32(arch + ".embedding_length", hidden)
    g.u32(arch + ".feed_forward_length", 2 * hidden)
    g.u32(arch + ".attention.head_count", heads)
    if kv is not None:
        g.u32(arch + ".attention.head_count_kv", kv)
    vocab = b"".join(s("t%d" % i) for i in range(16))
    g.raw("tokenizer.ggml.tokens", ARR, struct.pack("<IQ", STR, 16) + vocab)
    if tensors:
        g.tensor("token_embd.weight", F16_T, [hidden, 16])
        for i in range(layers):
            g.tensor("blk.%d.attn_q.weight" % i, F16_T, [hidden, hidden])
            g.tensor("blk.%d.attn_norm.weight" % i, F32_T, [hidden])
    return g


def gguf_files():
    files = {}
    good = model().file()
    hdr = model().header()

    files["truncated-empty.gguf"] = b""
    files["truncated-magic-only.gguf"] = b"GGUF"
    files["truncated-in-counts.gguf"] = good[:12]
    files["truncated-in-first-key.gguf"] = good[:30]
    files["truncated-in-tensor-info.gguf"] = hdr[: len(hdr) - 40]
    files["truncated-no-tensor-data.gguf"] = hdr
    files["truncated-kv-count-beyond-file.gguf"] = model().file(n_kv=100000)
    files["truncated-offset-past-eof.gguf"] = (
        model().tensor("extra", F32_T, [8], offset=1 << 20, nbytes=0).header())

    files["corrupt-bad-magic.gguf"] = b"GGML" + good[4:]
    files["corrupt-duplicate-key.gguf"] = model().u32("llama.block_count", 2).file()
    files["corrupt-duplicate-tensor.gguf"] = (
        model().tensor("blk.0.attn_q.weight", F16_T, [32, 32]).file())
    files["corrupt-invalid-utf8-key.gguf"] = (
        model().raw(b"bad\xff\xfekey", U32, struct.pack("<I", 1)).file())
    files["corrupt-invalid-utf8-value.gguf"] = (
        model().raw("general.description", STR, s(b"caf\xc3")).file())
    files["corrupt-invalid-utf8-tensor-name.gguf"] = (
        model().tensor(b"ba\xc0\x80", F32_T, [4]).file())
    files["corrupt-unknown-value-type.gguf"] = model().raw("x.y", 13, b"\0" * 8).file()
    files["corrupt-unknown-array-type.gguf"] = (
        model().raw("x.y", ARR, struct.pack("<IQ", 42, 1) + b"\0" * 8).file())
    files["corrupt-bool-value.gguf"] = model().raw("x.flag", BOOL, b"\x07").file()
    files["corrupt-misaligned-offset.gguf"] = (
        model().tensor("extra", F32_T, [8], offset=model().next + 16).file())
    files["corrupt-overlapping-tensors.gguf"] = (
        model().tensor("extra", F32_T, [64], offset=0).file())
    files["corrupt-alignment-not-power-of-two.gguf"] = model().u32("general.alignment", 48).file()
    files["corrupt-alignment-wrong-type.gguf"] = (
        model().string("general.alignment", "32").file())
    files["corrupt-five-dimensions.gguf"] = model().tensor("x", F32_T, [1, 1, 1, 1, 1]).file()
    files["corrupt-not-a-multiple-of-the-block.gguf"] = (
        model().tensor("x", Q4_K_T, [100, 2], nbytes=0).file())
    g = Gguf()
    g.string("general.architecture", "llama")
    g.string("llama.block_count", "2")
    g.u32("llama.embedding_length", 32)
    files["corrupt-block-count-is-a-string.gguf"] = g.file()
    files["corrupt-architecture-name.gguf"] = model(arch="../../etc").file()

    files["unsupported-big-endian.gguf"] = good[:4] + struct.pack(">I", 3) + good[8:]
    files["unsupported-version-1.gguf"] = model().file(version=1)
    files["unsupported-version-4.gguf"] = model().file(version=4)
    files["unsupported-tensor-type.gguf"] = model().tensor("x", 5, [32], nbytes=32).file()
    files["unsupported-mmproj.gguf"] = model().string("general.type", "mmproj").file()

    files["limit-tensor-count.gguf"] = model().file(n_tensors=1 << 40)
    files["limit-kv-count.gguf"] = model().file(n_kv=1 << 30)
    files["limit-string-length.gguf"] = (
        model().raw("general.description", STR, struct.pack("<Q", 1 << 31)).file())
    files["limit-array-count.gguf"] = (
        model().raw("x.y", ARR, struct.pack("<IQ", U32, 1 << 40)).file())
    files["limit-dimension.gguf"] = model().tensor("x", F32_T, [(1 << 40) + 1], nbytes=0).header()
    files["limit-element-count-overflow.gguf"] = (
        model().tensor("x", F32_T, [1 << 40, 1 << 40, 1 << 40], nbytes=0).header())
    nested = b""
    for _ in range(12):
        nested += struct.pack("<IQ", ARR, 1)
    files["limit-nested-arrays.gguf"] = (
        model().raw("x.y", ARR, nested + struct.pack("<IQ", U8, 0)).file())
    files["limit-block-count.gguf"] = model(layers=100000, tensors=False).file()
    files["limit-negative-key-length.gguf"] = (
        model().raw("llama.attention.key_length", I32, struct.pack("<i", -16)).file())

    files["inconsistent-zero-heads.gguf"] = model(heads=0, kv=None).file()
    files["inconsistent-kv-heads-do-not-divide.gguf"] = model(heads=4, kv=3).file()
    files["inconsistent-heads-do-not-divide-hidden.gguf"] = model(heads=6, kv=6).file()
    files["inconsistent-per-layer-array-length.gguf"] = (
        model(kv=None).raw("llama.attention.head_count_kv", ARR,
                           struct.pack("<IQIII", U32, 3, 2, 2, 2)).file())
    files["inconsistent-block-beyond-count.gguf"] = (
        model().tensor("blk.9.attn_q.weight", F16_T, [64, 64]).file())
    files["inconsistent-zero-block-count.gguf"] = model(layers=0, tensors=False).file()
    files["inconsistent-embedding-width.gguf"] = (
        model(tensors=False).tensor("token_embd.weight", F16_T, [16, 16]).file())
    files["inconsistent-experts.gguf"] = (
        model().u32("llama.expert_count", 4).u32("llama.expert_used_count", 8).file())

    g = Gguf()
    g.u32("llama.block_count", 2)
    files["missing-architecture.gguf"] = g.file()
    g = Gguf()
    g.string("general.architecture", "llama")
    files["missing-block-count.gguf"] = g.file()
    files["missing-split-parts-00001-of-00002.gguf"] = model().file()
    files["missing-vocabulary.gguf"] = (
        model(tensors=False).file().replace(b"tokenizer.ggml.tokens", b"tokenizer.ggml.tokenz"))
    return files


def safetensors(header, data_len=None, raw_header=None, length=None):
    text = raw_header if raw_header is not None else json.dumps(header).encode()
    if data_len is None:
        data_len = 0
        if isinstance(header, dict):
            for k, v in header.items():
                if k != "__metadata__" and isinstance(v, dict):
                    offs = v.get("data_offsets", [0, 0])
                    if isinstance(offs, list) and len(offs) == 2 and all(
                            isinstance(o, int) and o >= 0 for o in offs):
                        data_len = max(data_len, offs[1])
    n = len(text) if length is None else length
    return struct.pack("<Q", n) + text + b"\0" * data_len


def t(dtype, shape, begin, end):
    return {"dtype": dtype, "shape": shape, "data_offsets": [begin, end]}


def safetensors_files():
    f = {}
    ok = {"a": t("BF16", [2, 4], 0, 16), "b": t("F32", [4], 16, 32)}

    f["truncated-empty.safetensors"] = b""
    f["truncated-short-length.safetensors"] = b"\x10\0\0"
    f["truncated-header-beyond-file.safetensors"] = safetensors(ok, length=4096)[:200]
    f["truncated-data-beyond-file.safetensors"] = safetensors(ok, data_len=20)
    f["limit-header-length.safetensors"] = struct.pack("<Q", 1 << 40) + b"{}"
    f["limit-header-just-over-100mb.safetensors"] = struct.pack("<Q", 100_000_001) + b"{}"
    f["limit-dimension.safetensors"] = safetensors({"a": t("F32", [1 << 41], 0, 0)}, data_len=0)
    f["limit-negative-dimension.safetensors"] = safetensors({"a": t("F32", [-4], 0, 0)})
    f["limit-overflowing-shape.safetensors"] = safetensors(
        {"a": t("F32", [1 << 40, 1 << 40, 1 << 40], 0, 0)})
    f["limit-too-many-dimensions.safetensors"] = safetensors({"a": t("F32", [1] * 9, 0, 4)})
    f["limit-huge-offset.safetensors"] = safetensors(
        {"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 18446744073709551615]}},
        data_len=0)
    f["limit-nesting.safetensors"] = safetensors(None, raw_header=b"[" * 200 + b"]" * 200)
    f["corrupt-not-json.safetensors"] = safetensors(None, raw_header=b"{not json")
    f["corrupt-not-an-object.safetensors"] = safetensors(None, raw_header=b"[1, 2]")
    f["corrupt-empty-header.safetensors"] = safetensors(None, raw_header=b"")
    f["corrupt-whitespace-header.safetensors"] = safetensors(None, raw_header=b"        ")
    f["corrupt-two-roots.safetensors"] = safetensors(None, raw_header=b'{"a":1}{"b":2}')
    f["corrupt-duplicate-tensor.safetensors"] = safetensors(
        None, raw_header=b'{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
                         b'"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}') + b"\0" * 8
    f["corrupt-overlapping.safetensors"] = safetensors(
        {"a": t("F32", [4], 0, 16), "b": t("F32", [4], 8, 24)})
    f["corrupt-offsets-reversed.safetensors"] = safetensors({"a": t("F32", [0], 16, 8)},
                                                           data_len=16)
    f["corrupt-dtype-not-string.safetensors"] = safetensors(
        {"a": {"dtype": 7, "shape": [1], "data_offsets": [0, 4]}})
    f["corrupt-shape-not-array.safetensors"] = safetensors(
        {"a": {"dtype": "F32", "shape": "4", "data_offsets": [0, 16]}})
    f["limit-fractional-dimension.safetensors"] = safetensors({"a": t("F32", [2.5], 0, 10)})
    f["corrupt-one-offset.safetensors"] = safetensors(
        {"a": {"dtype": "F32", "shape": [1], "data_offsets": [0]}}, data_len=4)
    f["corrupt-entry-not-object.safetensors"] = safetensors({"a": [1, 2, 3]})
    f["corrupt-metadata-not-object.safetensors"] = safetensors({"__metadata__": 5})
    f["corrupt-invalid-utf8.safetensors"] = safetensors(
        None, raw_header=b'{"\xff":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}') + b"\0" * 4
    f["corrupt-nul-in-header.safetensors"] = safetensors(None, raw_header=b'{"a":\0}')
    f["unsupported-dtype.safetensors"] = safetensors({"a": t("Q4", [4], 0, 2)})
    f["inconsistent-size.safetensors"] = safetensors({"a": t("BF16", [2, 4], 0, 15)})
    f["inconsistent-sub-byte.safetensors"] = safetensors({"a": t("F4", [3], 0, 2)})
    f["limit-nan.safetensors"] = safetensors(None, raw_header=b'{"a":{"dtype":"F32","shape":[1e400],"data_offsets":[0,4]}}') + b"\0" * 4
    return f


def hf_config_files():
    base = {
        "model_type": "llama", "architectures": ["LlamaForCausalLM"], "hidden_size": 64,
        "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
        "num_key_value_heads": 2, "vocab_size": 100, "max_position_embeddings": 2048,
        "torch_dtype": "bfloat16",
    }

    def cfg(**changes):
        d = dict(base)
        for k, v in changes.items():
            if v is None:
                d.pop(k, None)
            else:
                d[k] = v
        return json.dumps(d).encode()

    f = {}
    f["corrupt-empty.json"] = b""
    f["corrupt-not-json.json"] = b"{\"hidden_size\": 64,"
    f["corrupt-array-root.json"] = b"[1, 2, 3]"
    f["corrupt-two-roots.json"] = cfg() + b"{}"
    f["corrupt-duplicate-key.json"] = cfg()[:-1] + b', "hidden_size": 128}'
    f["corrupt-hidden-size-string.json"] = cfg(hidden_size="64")
    f["corrupt-layers-bool.json"] = cfg(num_hidden_layers=True)
    f["corrupt-heads-object.json"] = cfg(num_attention_heads={"n": 4})
    f["corrupt-text-config-not-object.json"] = cfg(text_config=[1])
    f["corrupt-quant-method-number.json"] = cfg(quantization_config={"quant_method": 4})
    f["corrupt-layer-types-not-strings.json"] = cfg(layer_types=[1, 2])
    f["corrupt-invalid-utf8.json"] = cfg()[:-1] + b', "name": "\xff"}'
    f["corrupt-tie-not-bool.json"] = cfg(tie_word_embeddings="yes")
    f["limit-negative-hidden-size.json"] = cfg(hidden_size=-64)
    f["limit-fractional-heads.json"] = cfg(num_attention_heads=4.5)
    f["limit-huge-vocab.json"] = cfg(vocab_size=1 << 40)
    f["limit-overflowing-integer.json"] = cfg(intermediate_size=None)[:-1] + b', "intermediate_size": 18446744073709551615}'
    f["limit-infinite.json"] = cfg(max_position_embeddings=None)[:-1] + b', "max_position_embeddings": 1e400}'
    f["limit-too-many-layers.json"] = cfg(num_hidden_layers=100000)
    f["limit-nesting.json"] = b'{"a":' + b"[" * 500 + b"]" * 500 + b"}"
    f["limit-rope-factor.json"] = cfg(rope_scaling={"rope_type": "yarn", "factor": -4.0})
    f["missing-layers.json"] = cfg(num_hidden_layers=None)
    f["missing-hidden-size.json"] = cfg(hidden_size=None)
    f["missing-heads.json"] = cfg(num_attention_heads=None)
    f["missing-vocab.json"] = cfg(vocab_size=None)
    f["missing-quant-method.json"] = cfg(quantization_config={"bits": 4})
    f["inconsistent-zero-heads.json"] = cfg(num_attention_heads=0)
    f["inconsistent-kv-heads.json"] = cfg(num_key_value_heads=3)
    f["inconsistent-heads-do-not-divide.json"] = cfg(num_attention_heads=6,
                                                     num_key_value_heads=6)
    f["inconsistent-layer-types-length.json"] = cfg(layer_types=["full_attention"])
    f["inconsistent-experts.json"] = cfg(num_local_experts=8, num_experts_per_tok=9)
    f["inconsistent-zero-layers.json"] = cfg(num_hidden_layers=0)
    f["unsupported-quant-method.json"] = cfg(quantization_config={"quant_method": "hqq"})
    f["unsupported-gptq-bits.json"] = cfg(quantization_config={"quant_method": "gptq",
                                                               "bits": 3})
    f["unsupported-layer-type.json"] = cfg(layer_types=["full_attention", "teleport"])
    return f


def gguf_seeds():
    f = {}
    f["llama.gguf"] = model().u32("general.file_type", 1).file()
    f["qwen2-bias-tied.gguf"] = (
        model(arch="qwen2").tensor("blk.0.attn_q.bias", F32_T, [64]).file())
    g = model(arch="gemma3", layers=6, kv=1)
    g.u32("gemma3.attention.sliding_window", 512).u32("gemma3.attention.key_length", 32)
    f["gemma3-swa.gguf"] = g.file()
    g = model(arch="jamba", layers=4, kv=None)
    g.raw("jamba.attention.head_count_kv", ARR, struct.pack("<IQIIII", U32, 4, 0, 2, 0, 0))
    for k, v in (("ssm.conv_kernel", 4), ("ssm.state_size", 16), ("ssm.inner_size", 128),
                 ("ssm.time_step_rank", 4), ("expert_count", 4), ("expert_used_count", 2)):
        g.u32("jamba." + k, v)
    g.tensor("blk.1.ffn_up_exps.weight", F16_T, [32, 32, 4])
    f["jamba-hybrid.gguf"] = g.file()
    g = model(arch="deepseek2", layers=3, kv=1)
    for k, v in (("attention.key_length", 96), ("attention.value_length", 64),
                 ("attention.key_length_mla", 48), ("attention.value_length_mla", 32),
                 ("attention.kv_lora_rank", 64), ("attention.q_lora_rank", 96),
                 ("rope.dimension_count", 16), ("expert_count", 8), ("expert_used_count", 2),
                 ("expert_shared_count", 1), ("expert_feed_forward_length", 32),
                 ("leading_dense_block_count", 1)):
        g.u32("deepseek2." + k, v)
    g.tensor("blk.1.ffn_down_exps.weight", F16_T, [32, 32, 8])
    g.tensor("blk.2.ffn_down_exps.weight", F16_T, [32, 32, 8])
    f["deepseek2-mla-moe.gguf"] = g.file()
    g = model(arch="qwen3next", layers=4)
    for k, v in (("ssm.conv_kernel", 4), ("ssm.state_size", 16), ("ssm.group_count", 2),
                 ("ssm.time_step_rank", 4), ("ssm.inner_size", 64),
                 ("full_attention_interval", 2)):
        g.u32("qwen3next." + k, v)
    f["qwen3next-linear.gguf"] = g.file()
    g = model(arch="falcon-h1", layers=2)
    for k, v in (("ssm.conv_kernel", 4), ("ssm.state_size", 16), ("ssm.group_count", 1),
                 ("ssm.time_step_rank", 4), ("ssm.inner_size", 64)):
        g.u32("falcon-h1." + k, v)
    f["falcon-h1-parallel.gguf"] = g.file()
    g = model()
    g.raw("general.tags", ARR, struct.pack("<IQ", ARR, 2) +
          struct.pack("<IQ", STR, 1) + s("a") + struct.pack("<IQ", STR, 1) + s("b"))
    g.raw("general.f", F64, struct.pack("<d", 0.5)).raw("general.b", BOOL, b"\x01")
    g.raw("general.i", I64, struct.pack("<q", -3)).raw("general.h", I16, struct.pack("<h", -3))
    f["all-value-types.gguf"] = g.file()
    g = model()
    g.u32("split.count", 1).raw("split.no", U16, struct.pack("<H", 0))
    f["split-single.gguf"] = g.file()
    return f


def safetensors_seeds():
    return {
        "valid.safetensors": safetensors(
            {"__metadata__": {"format": "pt"},
             "model.embed_tokens.weight": t("BF16", [16, 4], 0, 128),
             "model.layers.0.mlp.experts.0.w1.weight": t("F16", [4, 4], 128, 160),
             "model.norm.weight": t("F32", [4], 160, 176),
             "scale": t("F8_E4M3", [], 176, 177),
             "packed": t("F4", [2, 3], 177, 180),
             "empty": t("I64", [0, 4], 180, 180)}),
        "gptq.safetensors": safetensors(
            {"model.layers.0.self_attn.q_proj.qweight": t("I32", [8, 64], 0, 2048),
             "model.layers.0.self_attn.q_proj.qzeros": t("I32", [1, 8], 2048, 2080),
             "model.layers.0.self_attn.q_proj.scales": t("F16", [1, 64], 2080, 2208)}),
        "index.json": json.dumps({"metadata": {"total_size": 10}, "weight_map": {
            "a": "model-00001-of-00002.safetensors",
            "b": "model-00002-of-00002.safetensors"}}).encode(),
    }


def hf_config_seeds():
    small = {"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 4,
             "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 100,
             "max_position_embeddings": 4096}

    def c(**kw):
        d = dict(small)
        d.update(kw)
        return json.dumps(d).encode()

    return {
        "llama.json": c(model_type="llama", torch_dtype="bfloat16",
                        rope_scaling={"rope_type": "llama3", "factor": 8.0,
                                      "original_max_position_embeddings": 1024}),
        "qwen2-swa.json": c(model_type="qwen2", sliding_window=1024, use_sliding_window=True,
                            max_window_layers=2),
        "gemma3.json": json.dumps({"model_type": "gemma3", "text_config": {
            "model_type": "gemma3_text", "hidden_size": 64, "intermediate_size": 128,
            "num_hidden_layers": 6, "sliding_window": 512}}).encode(),
        "deepseek-v3.json": c(model_type="deepseek_v3", kv_lora_rank=32, q_lora_rank=48,
                              qk_rope_head_dim=8, qk_nope_head_dim=16, v_head_dim=16,
                              n_routed_experts=8, num_experts_per_tok=2, n_shared_experts=1,
                              moe_intermediate_size=32, first_k_dense_replace=1,
                              rope_scaling={"type": "yarn", "factor": 4,
                                            "original_max_position_embeddings": 1024},
                              quantization_config={"quant_method": "fp8"}),
        "mixtral.json": c(model_type="mixtral", num_local_experts=4, num_experts_per_tok=2),
        "gpt-oss.json": c(model_type="gpt_oss", layer_types=["sliding_attention",
                                                             "full_attention"] * 2,
                          sliding_window=128, num_local_experts=4, experts_per_token=2,
                          quantization_config={"quant_method": "mxfp4"}),
        "jamba.json": c(model_type="jamba", attn_layer_period=4, attn_layer_offset=2,
                        expert_layer_period=2, expert_layer_offset=1, num_experts=4,
                        num_experts_per_tok=2, mamba_d_state=16, mamba_d_conv=4,
                        mamba_expand=2, mamba_dt_rank="auto"),
        "falcon-h1.json": c(model_type="falcon_h1", mamba_n_heads=8, mamba_d_head=16,
                            mamba_d_state=16, mamba_n_groups=1, mamba_d_conv=4),
        "mamba.json": json.dumps({"model_type": "mamba", "hidden_size": 64,
                                  "intermediate_size": 128, "num_hidden_layers": 2,
                                  "vocab_size": 100, "state_size": 16, "conv_kernel": 4,
                                  "time_step_rank": "auto"}).encode(),
        "qwen3-next.json": c(model_type="qwen3_next", full_attention_interval=2,
                             linear_num_key_heads=2, linear_num_value_heads=4,
                             linear_key_head_dim=16, linear_value_head_dim=16,
                             linear_conv_kernel_dim=4),
        "gptq.json": c(model_type="qwen2", quantization_config={"quant_method": "gptq",
                                                                "bits": 4}),
        "awq.json": c(model_type="llama", quantization_config={"quant_method": "awq",
                                                               "w_bit": 4}),
        "bnb.json": c(model_type="llama", quantization_config={
            "quant_method": "bitsandbytes", "load_in_4bit": True,
            "bnb_4bit_quant_type": "nf4"}),
        "compressed-tensors.json": c(model_type="llama", quantization_config={
            "quant_method": "compressed-tensors", "config_groups": {"g": {
                "weights": {"num_bits": 8, "type": "float"}}}}),
    }


def write_seeds(folder, files):
    path = os.path.join(ROOT, "..", "fuzz", folder)
    os.makedirs(path, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(path, name), "wb") as out:
            out.write(data)


def write(folder, files):
    path = os.path.join(ROOT, folder)
    os.makedirs(path, exist_ok=True)
    for name in os.listdir(path):
        if name.split("-")[0] in ("truncated", "corrupt", "limit", "inconsistent",
                                  "unsupported", "missing"):
            os.unlink(os.path.join(path, name))
    for name, data in files.items():
        with open(os.path.join(path, name), "wb") as out:
            out.write(data)
    print("%s: %d files" % (folder, len(files)), file=sys.stderr)


write("gguf", gguf_files())
write("safetensors", safetensors_files())
write("hf-config", hf_config_files())
write_seeds("corpus-gguf", gguf_seeds())
write_seeds("corpus-safetensors", safetensors_seeds())
write_seeds("corpus-hf-config", hf_config_seeds())
