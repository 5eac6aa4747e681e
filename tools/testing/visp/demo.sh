#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: boot the test guest, load visp-sim and visp, set up the
# topology with media-ctl, stream a raw test scene through the ISP with
# v4l2-ctl and write the main (NV12, 640x480) and self (RGB24, 320x240)
# outputs as PNG files on the host.

set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$VISP_TOP"

OUT="$VISP_TOP/out/demo"
rm -rf "$OUT" && mkdir -p "$OUT/data"
make -s modules >/dev/null
"$VISP_TESTING"/mkscene.py 640 480 "$OUT/data/scene.raw"
"$VISP_TESTING"/vmtest.py --modules . --data "$OUT/data" --out "$OUT/vm" demo-visp
res="$OUT/vm/share/out"
"$VISP_TESTING"/topng.py NV12 640 480 "$res/main.nv12" "$OUT/visp-main.png" --frame 1
"$VISP_TESTING"/topng.py RGB3 320 240 "$res/self.rgb" "$OUT/visp-self.png" --frame 1
echo "demo: wrote $OUT/visp-main.png (main path, NV12 640x480)"
echo "demo: wrote $OUT/visp-self.png (self path, RGB24 320x240)"
