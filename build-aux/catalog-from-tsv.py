#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# One-off converter from the reference tables (models.tsv, gpus.tsv) to the
# bundled catalogs data/catalog/models.json and data/catalog/gpus.json.
#
# The JSON files are the committed source of truth: edit them by hand from now
# on. This script is kept to show where every number came from, and what was
# added on top of the tables (flags the tables only give in prose: QKV bias,
# QK-norm, layer patterns, recurrent state, vision towers, unified-memory
# shares). Running it again overwrites hand edits.
#
#   build-aux/catalog-from-tsv.py ../shared/reference data/catalog

import csv
import json
import os
import sys

GIB = 1 << 30
MIB = 1 << 20


def strip_q(cell):
    """Returns (value without '?', uncertain flag)."""
    cell = cell.strip()
    if cell.endswith('?'):
        return cell[:-1].strip(), True
    return cell, False


def num(cell):
    v, _ = strip_q(cell)
    if v == '' or v == 'none':
        return None
    f = float(v)
    return int(f) if f.is_integer() and 'e' not in v and '.' not in v else f


# ---------------------------------------------------------------------------
# GPUs

# Driver-reported totals where the reference gives them (gpus-sources.md and
# measured/published-logs.md); every other card reports its binary capacity.
GPU_MEMORY_REPORTED = {
    # NVML/nvidia-smi: 81559 MiB (~79.6 GiB, as gpus-sources.md says);
    # CUDA's cudaMemGetInfo, which vLLM logs, reports ~79.2 GiB.
    'h100-sxm': 81559 * MIB,
    'h100-pcie': 81559 * MIB,
    'l40s': 46068 * MIB,
}

# FP8/FP4 dense tensor TFLOPS stated by the sources (notes column and
# gpus-sources.md); "same compute as" rows inherit them.
GPU_FP8 = {
    'l4': 242, 'l40s': 733, 'h100-pcie': 1513, 'h100-sxm': 1979, 'h200-sxm': 1979,
    'b200': 4500, 'gb200': 5000, 'mi300x': 2614.9, 'mi325x': 2614.9,
    # RTX Ada datasheets quote FP8 with sparsity: dense is half.
    'rtx-4000-ada': 163.8, 'rtx-5000-ada': 522.2, 'rtx-6000-ada': 728.5,
}
GPU_FP4 = {
    'b200': 9000, 'gb200': 10000,
    # NVIDIA "AI TOPS" are FP4 with 2:4 sparsity: dense is half.
    'rtx-5060-ti-8gb': 379.5, 'rtx-5060-ti-16gb': 379.5, 'rtx-5070': 494,
    'rtx-5070-ti': 703, 'rtx-5080': 900.5, 'rtx-5090': 1676,
    'rtx-pro-6000-blackwell': 2000, 'rtx-pro-6000-blackwell-max-q': 1755.5,
    'dgx-spark-gb10': 500,
}
GPU_EXTRA_NOTES = {
    'h100-sxm': 'memory_bytes is the NVML/nvidia-smi total (81559 MiB, about 79.6 GiB); CUDA reports about 79.2 GiB to frameworks',
    'h100-pcie': 'memory_bytes is the NVML/nvidia-smi total (81559 MiB, about 79.6 GiB); CUDA reports about 79.2 GiB to frameworks',
    'l40s': 'memory_bytes is the driver-reported 46068 MiB',
    'mi250x': 'memory_bytes, bandwidth and TFLOPS are per GCD, as each shows up (module totals: 128 GB, 3276.8 GB/s, 383 TFLOPS); tdp_watts is the whole module',
    'ryzen-ai-max-plus-395': 'unified_share 0.75: up to 96 of 128 GB can be assigned to the GPU',
    'dgx-spark-gb10': 'unified_share 0.90: CUDA can allocate nearly all of the 128 GB; the rest is left to the OS and CPU side',
    'jetson-agx-orin-64gb': 'unified_share 0.90: CUDA can allocate nearly all memory; the rest is left to the OS',
    'jetson-orin-nano-super-8gb': 'unified_share 0.75: the OS takes a larger part of 8 GB',
}
UNIFIED_SHARE = {
    'ryzen-ai-max-plus-395': 0.75,
    'dgx-spark-gb10': 0.9,
    'jetson-agx-orin-64gb': 0.9,
    'jetson-orin-nano-super-8gb': 0.75,
}


def convert_gpus(ref_dir):
    out = []
    with open(os.path.join(ref_dir, 'gpus.tsv'), newline='') as f:
        for r in csv.DictReader(f, delimiter='\t'):
            uncertain = []
            gid = r['id']
            g = {'id': gid, 'vendor': r['vendor'], 'name': r['name'], 'class': r['class'],
                 'architecture': r['architecture'], 'release_year': int(r['release_year'])}

            mem_gb, u = strip_q(r['memory_gb'])
            if u:
                uncertain.append('memory')
            mem_gb = float(mem_gb)
            memory = GPU_MEMORY_REPORTED.get(gid, int(mem_gb * GIB))
            fp16, u16 = strip_q(r['fp16_tensor_tflops_dense'])
            fp32, u32 = strip_q(r['fp32_tflops'])
            bw, ubw = strip_q(r['memory_bandwidth_gbs'])
            tdp, utdp = strip_q(r['tdp_w'])
            if u16:
                uncertain.append('tflops_fp16 (derived)')
            if u32:
                uncertain.append('tflops_fp32')
            if ubw:
                uncertain.append('bandwidth')
            if utdp:
                uncertain.append('tdp_watts (approximate)')
            bw = float(bw)
            fp16 = float(fp16) if fp16 else None
            fp32 = float(fp32) if fp32 else None
            tdp = int(tdp) if tdp else None
            if gid == 'mi250x':
                memory = 64 * GIB
                bw /= 2
                fp16 /= 2
                fp32 /= 2

            g['memory_bytes'] = memory
            if r['memory_options_gb']:
                g['memory_options_bytes'] = [int(float(x)) * GIB for x in r['memory_options_gb'].split('|')]
            g['memory_type'] = r['memory_type']
            g['bandwidth_gbps'] = bw
            if fp16 is not None:
                g['tflops_fp16'] = fp16
            if gid in GPU_FP8:
                g['tflops_fp8'] = GPU_FP8[gid]
            if gid in GPU_FP4:
                g['tflops_fp4'] = GPU_FP4[gid]
            if fp32 is not None:
                g['tflops_fp32'] = fp32
            if tdp is not None:
                g['tdp_watts'] = tdp
            fp8s, u8 = strip_q(r['fp8_support'])
            fp4s, u4 = strip_q(r['int4_fp4_support'])
            if u8:
                uncertain.append('fp8_support')
            if u4:
                uncertain.append('int4/fp4 support (%s not confirmed)' % fp4s)
            g['fp8_support'] = fp8s == 'yes'
            g['fp4_support'] = fp4s == 'fp4'

            unified = 'unified' in r['notes'] or r['class'] == 'apple'
            g['unified_memory'] = unified
            if unified:
                if gid in UNIFIED_SHARE:
                    share = UNIFIED_SHARE[gid]
                else:
                    # macOS lets the GPU wire about two thirds of RAM on
                    # machines with up to 36 GB and three quarters above.
                    share = 0.6667 if mem_gb <= 36 else 0.75
                g['unified_share'] = share

            pcis = []
            vendor_id = r['pci_vendor_id'].strip()
            for dev in r['pci_device_ids'].split(';'):
                dev, u = strip_q(dev)
                if not dev:
                    continue
                if u:
                    uncertain.append('PCI id %s:%s' % (vendor_id, dev))
                pcis.append('%s:%s' % (vendor_id, dev))
            g['pci_ids'] = pcis
            g['source_url'] = r['source_url']

            notes = [r['notes']] if r['notes'] else []
            if gid in GPU_EXTRA_NOTES:
                notes.append(GPU_EXTRA_NOTES[gid])
            if gid in GPU_FP4 and gid not in ('b200', 'gb200'):
                notes.append('tflops_fp4 = NVIDIA AI TOPS (FP4, sparse) / 2')
            if g['class'] == 'apple':
                notes.append('unified_share %s: macOS wires about 2/3 of RAM for the GPU up to 36 GB and 3/4 above' % share)
            if uncertain:
                notes.append('uncertain: ' + ', '.join(uncertain))
            g['notes'] = '; '.join(notes)
            out.append(g)
    return out


# ---------------------------------------------------------------------------
# Models

STD_VARIANTS = ['bf16', 'fp8', 'gptq-int4', 'awq-int4', 'q8_0', 'q6_k', 'q5_k_m', 'q4_k_m',
                'q4_0', 'iq4_xs', 'q3_k_m', 'q2_k']
QWEN25_VARIANTS = ['bf16', 'fp8', 'gptq-int8', 'gptq-int4', 'awq-int4', 'q8_0', 'q6_k', 'q5_k_m',
                   'q4_k_m', 'q4_0', 'iq4_xs', 'q3_k_m', 'q2_k']
BIG_MOE_VARIANTS = ['fp8', 'bf16', 'q8_0', 'q6_k', 'q4_k_m', 'iq4_xs', 'q3_k_m', 'q2_k']

# SigLIP-so400m (27 layers, 1152 wide, 4304 MLP, 4096 patches of 14 px)
# = 416,866,032 parameters, plus the projector into the text stack
# (1152 x hidden + a 1152 norm).
SIGLIP = 416866032


def gemma3_vision(hidden):
    return SIGLIP + 1152 * hidden + 1152


# Flags the tables give in prose (notes, layer_pattern text) or not at all.
def model_family_flags(mid):
    if mid.startswith('qwen2.5') or mid.startswith('deepseek-r1-distill-qwen'):
        return dict(architecture='qwen2', qkv_bias=True)
    if mid.startswith('qwen3-next'):
        return dict(architecture='qwen3_next', qk_norm=True, attn_output_gate=True,
                    layer_pattern='LLLF')
    if mid in ('qwen3-30b-a3b', 'qwen3-235b-a22b'):
        return dict(architecture='qwen3_moe', qk_norm=True)
    if mid.startswith('qwen3'):
        return dict(architecture='qwen3', qk_norm=True)
    if mid.startswith('llama') or mid == 'deepseek-r1-distill-llama-8b' or mid.startswith('smollm2'):
        return dict(architecture='llama')
    if mid.startswith('mixtral'):
        return dict(architecture='mixtral')
    if mid.startswith('mistral'):
        return dict(architecture='mistral')
    if mid.startswith('gemma-2'):
        return dict(architecture='gemma2', norms_per_layer=4, layer_pattern='SF')
    if mid == 'gemma-3-1b-it':
        return dict(architecture='gemma3_text', norms_per_layer=4, qk_norm=True, layer_pattern='SSSSSF')
    if mid.startswith('gemma-3'):
        return dict(architecture='gemma3', norms_per_layer=4, qk_norm=True, layer_pattern='SSSSSF')
    if mid.startswith('phi'):
        return dict(architecture='phi3')
    if mid in ('deepseek-v3', 'deepseek-r1'):
        return dict(architecture='deepseek_v3')
    if mid.startswith('gpt-oss'):
        return dict(architecture='gpt_oss', qkv_bias=True, o_bias=True, layer_pattern='SF')
    if mid.startswith('glm-4'):
        return dict(architecture='chatglm', qkv_bias=True)
    if mid.startswith('granite'):
        return dict(architecture='granite')
    if mid.startswith('falcon-h1'):
        return dict(architecture='falcon_h1', layer_pattern='P')
    if mid.startswith('jamba'):
        return dict(architecture='jamba', layer_pattern='MMMMFMMM')
    raise KeyError(mid)


def convert_models(ref_dir):
    out = []
    with open(os.path.join(ref_dir, 'models.tsv'), newline='') as f:
        for r in csv.DictReader(f, delimiter='\t'):
            mid = r['id']
            uncertain = []
            fam = model_family_flags(mid)

            date, u = strip_q(r['release_date'])
            if u:
                uncertain.append('release date')
            lic, u = strip_q(r['license'])
            if u:
                uncertain.append('licence name')
            m = {'id': mid, 'name': r['display_name'], 'company': r['company'], 'family': r['family'],
                 'release_date': date, 'license': lic, 'modality': r['modality'],
                 'hf_repo': r['hf_repo'], 'architecture': fam['architecture'],
                 'class': r['architecture']}
            total, u = strip_q(r['total_params_b'])
            if u:
                uncertain.append('total parameters (recount)')
            m['params_total_b'] = float(total)
            if r['active_params_b']:
                m['params_active_b'] = float(strip_q(r['active_params_b'])[0])
            if r['non_embedding_params_b']:
                m['params_non_embedding_b'] = float(strip_q(r['non_embedding_params_b'])[0])
            m['context_window'] = int(r['context_window'])
            m['max_position_embeddings'] = int(r['max_position_embeddings'])

            hidden = int(r['hidden_size'])
            geo = {
                'layers': int(r['num_hidden_layers']),
                'hidden_size': hidden,
                'intermediate_size': int(r['intermediate_size']),
                'attention_heads': int(r['num_attention_heads']),
                'kv_heads': int(r['num_key_value_heads']),
                'head_dim': int(r['head_dim']),
                'vocab_size': int(r['vocab_size']),
                'tie_word_embeddings': r['tie_word_embeddings'] == 'true',
                'qkv_bias': fam.get('qkv_bias', False),
                'o_bias': fam.get('o_bias', False),
                'qk_norm': fam.get('qk_norm', False),
                'gated_ffn': True,
                'norms_per_layer': fam.get('norms_per_layer', 2),
                'layer_pattern': fam.get('layer_pattern', 'F'),
            }
            if r['sliding_window'] not in ('', 'none'):
                geo['sliding_window'] = int(r['sliding_window'])
            if fam.get('attn_output_gate'):
                geo['attn_output_gate'] = True

            if r['kv_lora_rank']:
                geo['mla'] = {
                    'kv_lora_rank': int(r['kv_lora_rank']),
                    'q_lora_rank': int(r['q_lora_rank']),
                    'qk_rope_head_dim': int(r['qk_rope_head_dim']),
                    'qk_nope_head_dim': int(r['qk_nope_head_dim']),
                    'v_head_dim': int(r['v_head_dim']),
                }
                geo['v_head_dim'] = int(r['v_head_dim'])

            if r['num_experts']:
                moe = {
                    'experts': int(r['num_experts']),
                    'experts_per_token': int(r['experts_per_token']),
                    'shared_experts': int(r['shared_experts'] or 0),
                    'expert_intermediate_size': int(r['moe_intermediate_size']),
                }
                if mid.startswith('qwen3-next'):
                    moe['shared_expert_intermediate_size'] = 512
                if mid in ('deepseek-v3', 'deepseek-r1'):
                    moe['shared_expert_intermediate_size'] = 2048
                moe['first_dense_layers'] = int(r['first_dense_layers'] or 0)
                if mid.startswith('jamba'):
                    moe['layer_period'] = 2
                    moe['layer_offset'] = 1
                else:
                    moe['layer_period'] = 1
                    moe['layer_offset'] = 0
                geo['moe'] = moe

            if mid.startswith('qwen3-next'):
                geo['ssm'] = {'kind': 'gated-deltanet', 'key_heads': 16, 'value_heads': 32,
                              'key_head_dim': 128, 'value_head_dim': 128, 'conv_kernel': 4}
            elif mid.startswith('falcon-h1'):
                geo['ssm'] = {'kind': 'mamba2', 'd_inner': 3072, 'd_state': 256, 'd_conv': 4,
                              'n_groups': 1, 'n_heads': 24, 'head_dim': 128}
            elif mid.startswith('jamba'):
                geo['ssm'] = {'kind': 'mamba1', 'd_inner': 8192, 'd_state': 16, 'd_conv': 4,
                              'dt_rank': 256}

            if mid in ('gemma-3-4b-it', 'gemma-3-12b-it', 'gemma-3-27b-it'):
                geo['extra_params'] = gemma3_vision(hidden)

            m['geometry'] = geo

            size, u = strip_q(r['checkpoint_size_gb'])
            if u:
                uncertain.append('checkpoint size')
            wf = r['weight_format']
            if wf.startswith('fp8'):
                fmt = 'fp8'
                variants = BIG_MOE_VARIANTS
            elif wf.startswith('mxfp4'):
                fmt = 'mxfp4'
                variants = ['mxfp4', 'bf16', 'gguf-mxfp4', 'q8_0', 'q4_k_m']
            else:
                assert wf == 'bf16', wf
                fmt = 'bf16'
                if mid.startswith('qwen2.5'):
                    variants = QWEN25_VARIANTS
                elif float(total) > 200:
                    variants = ['bf16', 'fp8', 'q8_0', 'q6_k', 'q4_k_m', 'iq4_xs', 'q3_k_m', 'q2_k']
                else:
                    variants = STD_VARIANTS
            m['checkpoint'] = {'format': fmt, 'size_gb': float(size), 'variants': variants}
            m['source_url'] = r['source_url']
            notes = [r['notes']] if r['notes'] else []
            if uncertain:
                notes.append('uncertain: ' + ', '.join(uncertain))
            m['notes'] = '; '.join(notes)
            out.append(m)
    return out


# A reference parameter count, tensor by tensor, to check the geometry above
# against the stated totals before writing it (the app derives its own in
# fit_model_finalize()).
def count_params(m):
    g = m['geometry']
    h, L = g['hidden_size'], g['layers']
    n = g['vocab_size'] * h * (1 if g['tie_word_embeddings'] else 2) + h
    pat = g['layer_pattern']
    moe = g.get('moe')
    ssm = g.get('ssm')
    mla = g.get('mla')
    active = n
    for i in range(L):
        c = pat[i % len(pat)]
        p = g['norms_per_layer'] * h
        hd, H, KV = g['head_dim'], g['attention_heads'], g['kv_heads']
        vhd = g.get('v_head_dim', hd)
        if c in 'FSP':
            if mla:
                qk = mla['qk_rope_head_dim'] + mla['qk_nope_head_dim']
                if mla['q_lora_rank']:
                    p += h * mla['q_lora_rank'] + mla['q_lora_rank'] + mla['q_lora_rank'] * H * qk
                else:
                    p += h * H * qk
                p += h * (mla['kv_lora_rank'] + mla['qk_rope_head_dim']) + mla['kv_lora_rank']
                p += mla['kv_lora_rank'] * H * (mla['qk_nope_head_dim'] + mla['v_head_dim'])
                p += H * mla['v_head_dim'] * h
            else:
                gate = 2 if g.get('attn_output_gate') else 1
                p += h * H * hd * gate + h * KV * hd + h * KV * vhd + H * vhd * h
                if g['qkv_bias']:
                    p += H * hd * gate + KV * hd + KV * vhd
                if g['o_bias']:
                    p += h
                if g['qk_norm']:
                    p += 2 * hd
        if c == 'L':
            kd = ssm['key_heads'] * ssm['key_head_dim']
            vd = ssm['value_heads'] * ssm['value_head_dim']
            p += h * (2 * kd + 2 * vd) + h * 2 * ssm['value_heads']
            p += (2 * kd + vd) * ssm['conv_kernel'] + 2 * ssm['value_heads'] + ssm['value_head_dim']
            p += vd * h
        if c in 'MP':
            di, ds = ssm['d_inner'], ssm['d_state']
            if ssm['kind'] == 'mamba1':
                r = ssm['dt_rank']
                p += h * 2 * di + di * ssm['d_conv'] + di + di * (r + 2 * ds) + r * di + di
                p += di * ds + di + di * h + r + 2 * ds
            else:
                ng, nh = ssm['n_groups'], ssm['n_heads']
                conv = di + 2 * ng * ds
                p += h * (2 * di + 2 * ng * ds + nh) + conv * ssm['d_conv'] + conv + 3 * nh + di + di * h
        is_moe = moe and i >= moe['first_dense_layers'] and \
            (i - moe['first_dense_layers']) % moe['layer_period'] == moe['layer_offset']
        mats = 3 if g['gated_ffn'] else 2
        act = p
        if is_moe:
            e = mats * h * moe['expert_intermediate_size']
            s = mats * h * moe.get('shared_expert_intermediate_size', moe['expert_intermediate_size'])
            p += moe['experts'] * e + h * moe['experts'] + moe['shared_experts'] * s
            act += moe['experts_per_token'] * e + h * moe['experts'] + moe['shared_experts'] * s
        else:
            p += mats * h * g['intermediate_size']
            act = p
        n += p
        active += act
    n += g.get('extra_params', 0)
    active += g.get('extra_params', 0)
    return n, active


def main():
    ref_dir, out_dir = sys.argv[1], sys.argv[2]
    gpus = convert_gpus(ref_dir)
    models = convert_models(ref_dir)
    for m in models:
        n, a = count_params(m)
        stated = m['params_total_b'] * 1e9
        dev = (n - stated) / stated * 100
        flag = '' if abs(dev) < 2 else '  <-- over 2%'
        print('%-32s %10.3fB stated %8.2fB (%+.2f%%) active %.2fB%s' % (m['id'], n / 1e9, stated / 1e9, dev, a / 1e9, flag))
    with open(os.path.join(out_dir, 'gpus.json'), 'w') as f:
        json.dump({'version': 1, 'gpus': gpus}, f, indent=2, ensure_ascii=False)
        f.write('\n')
    with open(os.path.join(out_dir, 'models.json'), 'w') as f:
        json.dump({'version': 1, 'models': models}, f, indent=2, ensure_ascii=False)
        f.write('\n')
    print('%d models, %d GPUs' % (len(models), len(gpus)))


if __name__ == '__main__':
    main()
