#!/usr/bin/env bash
# Runs every fitmygpu-cli command under strace and fails if any of them
# opens an AF_INET or AF_INET6 socket: the app and the CLI are offline.
#
# Usage: no-network.sh PATH-TO-fitmygpu-cli SOURCE-DIR
set -u
cli=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! command -v strace >/dev/null 2>&1; then
  echo "strace is not installed (apt-get install strace)" >&2
  exit 1
fi

gguf=$(ls "$src"/tests/data/gguf/*.gguf 2>/dev/null | head -n 1)
commands=(
  "estimate --model qwen2.5-0.5b-instruct --gpu rtx-4090 --json"
  "estimate --model llama-3.1-8b-instruct --gpu h100-sxm --runtime vllm"
  "estimate --model qwen2.5-7b-instruct --gpu detected"
  "report --model qwen2.5-0.5b-instruct --gpu rtx-4090 --output $tmp/r.pdf"
  "report --model qwen2.5-0.5b-instruct --gpu rtx-4090 --output $tmp/r.png"
  "models --json"
  "gpus --json"
  "show qwen2.5-0.5b-instruct --json"
  "detect --json"
  "inspect $src/tests/data/hf-config"
)
if [ -n "$gguf" ]; then
  commands+=("inspect $gguf")
fi

# Control: the check must see a socket that bash opens for /dev/tcp, or
# the trace is not working and a pass would mean nothing.
strace -f -qq -e trace=network -o "$tmp/control" bash -c 'exec 3<>/dev/tcp/127.0.0.1/9' >/dev/null 2>&1
if ! grep -qE "AF_INET6?\b" "$tmp/control"; then
  echo "strace did not record the control socket; cannot check" >&2
  cat "$tmp/control" >&2
  exit 1
fi

status=0
n=0
for c in "${commands[@]}"; do
  # shellcheck disable=SC2086
  strace -f -qq -e trace=network -o "$tmp/trace" "$cli" $c >/dev/null 2>&1
  n=$((n + 1))
  if grep -E "AF_INET6?\b|PF_INET6?\b" "$tmp/trace" >/dev/null; then
    echo "FAIL: 'fitmygpu-cli $c' opened an internet socket:" >&2
    grep -E "AF_INET|PF_INET" "$tmp/trace" | head -5 >&2
    status=1
  fi
done
echo "$n commands traced, no AF_INET/AF_INET6 socket" >&2
exit $status
