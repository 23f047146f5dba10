#!/usr/bin/env bash
# Runs one libFuzzer target for FITMYGPU_FUZZ_SECONDS (default 60) over its
# seed corpus and the hostile inputs; fails on any crash, leak or timeout.
# New inputs go to a scratch corpus, so the committed seeds stay as they are.
#
# Usage: run-fuzzer.sh FUZZER SEED-DIR [SEED-DIR…]
set -u
fuzzer=$1
shift
seconds=${FITMYGPU_FUZZ_SECONDS:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
cd "$work"
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  "$work/corpus" "$@" 2>&1 | tail -n 25
exit "${PIPESTATUS[0]}"
