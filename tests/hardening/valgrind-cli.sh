#!/usr/bin/env bash
# valgrind memcheck over every fitmygpu-cli command: zero errors and no
# definite leaks. Losses inside fontconfig and pango caches are suppressed
# (valgrind.supp); everything of ours is checked.
#
# Usage: valgrind-cli.sh PATH-TO-fitmygpu-cli SOURCE-DIR
set -u
cli=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! command -v valgrind >/dev/null 2>&1; then
  echo "valgrind is not installed (apt-get install valgrind)" >&2
  exit 1
fi

gguf=$(ls "$src"/tests/data/gguf/*.gguf 2>/dev/null | head -n 1)
commands=(
  "estimate --model qwen2.5-0.5b-instruct --gpu rtx-4090 --json"
  "estimate --model deepseek-v3 --gpu h100-sxm --gpu-count 8 --runtime vllm --weights fp8"
  "estimate --model gemma-3-27b-it --gpu rtx-3090 --context 32k --concurrency 4"
  "estimate --model no-such-model --gpu rtx-4090"
  "estimate --gpu rtx-4090 --context NaN"
  "report --model qwen2.5-0.5b-instruct --gpu rtx-4090 --output $tmp/r.pdf"
  "report --model qwen2.5-0.5b-instruct --gpu rtx-4090 --output $tmp/r.svg"
  "models --json"
  "gpus"
  "show jamba-1.5-mini --json"
  "detect --json"
  "inspect $src/tests/data/hf-config"
)
if [ -n "$gguf" ]; then
  commands+=("inspect $gguf --json")
fi

status=0
for c in "${commands[@]}"; do
  # shellcheck disable=SC2086
  G_SLICE=always-malloc G_DEBUG=gc-friendly \
  valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite \
    --errors-for-leak-kinds=definite --suppressions="$src/tests/hardening/valgrind.supp" \
    --log-file="$tmp/log" "$cli" $c >/dev/null 2>&1
  rc=$?
  if [ $rc -eq 99 ] || grep -q "ERROR SUMMARY: [1-9]" "$tmp/log"; then
    echo "FAIL: valgrind found errors in 'fitmygpu-cli $c':" >&2
    head -60 "$tmp/log" >&2
    status=1
  else
    echo "ok: fitmygpu-cli $c (exit $rc)" >&2
  fi
done
exit $status
