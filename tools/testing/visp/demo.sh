#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: boot the test guest with the inline camera (visp-sensor: a
# colour checker under 2800 K, starting 8x underexposed), capture 14
# frames through the ISP with visp-cam, its 3A on and the shipped tuning
# (tools/lib/visp/tuning/visp-sensor.yaml), and write on the host the last
# frame's main (RGB24 640x360) and self (RGB24 320x180) outputs, a strip of
# frames through the convergence and the 3A convergence plot as PNG files.

set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$VISP_TOP"
need_pkgs "${VISP_TOOL_PKGS[@]}"

OUT="$VISP_TOP/out/demo"
rm -rf "$OUT" && mkdir -p "$OUT/data"
make -s modules >/dev/null
mkdir -p "$OUT/data/tuning"
cp tools/lib/visp/tuning/visp-sensor.yaml "$OUT/data/tuning/"
"$VISP_TESTING"/vmtest.py --modules . --data "$OUT/data" --out "$OUT/vm" demo-visp
res="$OUT/vm/share/out/demo"
cp "$res/main.png" "$OUT/visp-main.png"
cp "$res/self.png" "$OUT/visp-self.png"
cp "$res/strip.png" "$OUT/visp-strip.png"
cp "$res/3a.png" "$OUT/visp-3a.png"
cp "$res/frames.jsonl" "$OUT/frames.jsonl"
echo "demo: wrote $OUT/visp-main.png (main path, RGB24 640x360, last frame)"
echo "demo: wrote $OUT/visp-self.png (self path, RGB24 320x180, last frame)"
echo "demo: wrote $OUT/visp-strip.png (main path, frames through the 3A convergence)"
echo "demo: wrote $OUT/visp-3a.png (3A convergence plot; per frame in $OUT/frames.jsonl)"
