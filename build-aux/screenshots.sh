#!/bin/sh
# screenshots.sh: render the AppStream screenshots from the built app
#
# Copyright 2026 The FitMyGPU authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: build-aux/screenshots.sh [BUILD_DIR]
#
# Builds the app (in BUILD_DIR, default _build-screenshots), starts it under
# xvfb-run once per style and lets it save its main window as a PNG through
# its screenshot mode:
#
#   FITMYGPU_SCREENSHOT=FILE.png          render the main window to FILE.png, then quit
#   FITMYGPU_SCREENSHOT_WIDTH/HEIGHT      the window size in logical pixels
#   ADW_DEBUG_COLOR_SCHEME=prefer-dark    libadwaita's dark style
#
# The results go to data/screenshots/, which the metainfo references through
# URLs pinned to the release tag, so commit them before tagging. The state
# shown is fixed here (a keyfile settings backend, no real GPU, a fake
# /proc/meminfo), so the images do not depend on this machine.
#
# Flathub's guidelines ask for the window with its shadow and rounded
# corners, as a compositor draws it; this render has neither. Replace the
# images with captures from a real GNOME session when one is at hand, under
# the same names and size.

set -eu

cd "$(dirname "$0")/.."
builddir=${1:-_build-screenshots}
outdir=data/screenshots
# Flathub: at most 1000×700 logical pixels, and not maximized.
width=1000
height=700

for tool in xvfb-run meson ninja python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "screenshots.sh: $tool is not installed" >&2
    exit 1
  fi
done

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" -Dgui=enabled -Dtests=false
fi
meson compile -C "$builddir" -j "${JOBS:-2}"

app=$(meson introspect --targets "$builddir" | python3 -c '
import json, sys
for target in json.load(sys.stdin):
    if target["name"] == "fitmygpu" and target["type"] == "executable":
        print(target["filename"][0])
        break
')
if [ -z "$app" ] || [ ! -x "$app" ]; then
  echo "screenshots.sh: the app fitmygpu was not built in $builddir" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Settings: the compiled schema of this build, and a keyfile backend seeded
# with a typical question: an 8B model at Q4_K_M with a 32K context on a
# 16 GB card.
mkdir -p "$tmp/config/glib-2.0/settings" "$tmp/data" "$tmp/cache" "$tmp/empty" "$tmp/proc"
cat > "$tmp/config/glib-2.0/settings/keyfile" <<'EOF'
[io/github/fitmygpu/FitMyGPU]
model-id='llama-3.1-8b-instruct'
device-id='rtx-4060-ti-16gb'
runtime='llama.cpp'
weight-format='q4_k_m'
kv-type='f16'
context=32768
concurrency=1
EOF

# No GPU of this machine: an empty sysfs, no NVML, and 32 GiB of RAM.
cat > "$tmp/proc/meminfo" <<'EOF'
MemTotal:       32768000 kB
MemFree:        20000000 kB
MemAvailable:   24000000 kB
EOF

mkdir -p "$outdir"

shoot() {
  scheme=$1
  file=$2
  rm -f "$file.tmp.png"
  env \
    LC_ALL=C.UTF-8 LANGUAGE= \
    GSETTINGS_SCHEMA_DIR="$builddir/data" GSETTINGS_BACKEND=keyfile \
    XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache" \
    FITMYGPU_SYSFS_ROOT="$tmp/empty" FITMYGPU_PROC_ROOT="$tmp/proc" \
    FITMYGPU_DEV_ROOT="$tmp/empty" FITMYGPU_NVML_LIBRARY="$tmp/empty/libnvidia-ml.so.1" \
    GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
    ADW_DEBUG_COLOR_SCHEME="$scheme" \
    FITMYGPU_SCREENSHOT="$file.tmp.png" \
    FITMYGPU_SCREENSHOT_WIDTH="$width" FITMYGPU_SCREENSHOT_HEIGHT="$height" \
    timeout 120 xvfb-run -a -s "-screen 0 1920x1080x24" "$app"
  if [ ! -s "$file.tmp.png" ]; then
    echo "screenshots.sh: the app did not write $file" >&2
    exit 1
  fi
  mv "$file.tmp.png" "$file"
  python3 - "$file" <<'EOF'
import struct, sys
with open(sys.argv[1], 'rb') as f:
    head = f.read(24)
if head[:8] != b'\x89PNG\r\n\x1a\n':
    sys.exit(f'{sys.argv[1]} is not a PNG file')
w, h = struct.unpack('>II', head[16:24])
print(f'{sys.argv[1]}: {w}×{h}')
EOF
}

shoot prefer-light "$outdir/main-light.png"
shoot prefer-dark "$outdir/main-dark.png"

echo "Look at the images, then commit $outdir and check: meson test -C BUILD_DIR check-metainfo-screenshots"
