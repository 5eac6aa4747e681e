#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: boot the test guest, set up vimc's pipeline with media-ctl,
# stream with v4l2-ctl and write the captured frame as a PNG on the host.

set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$VISP_TOP"

OUT="$VISP_TOP/out/demo"
make -s modules >/dev/null
"$VISP_TESTING"/vmtest.py --modules . --out "$OUT/vm" demo-vimc
raw="$OUT/vm/share/out/vimc.rgb"
"$VISP_TESTING"/topng.py RGB3 640 480 "$raw" "$OUT/vimc.png" --frame 1
echo "demo: wrote $OUT/vimc.png (640x480, vimc RGB/YUV Capture)"
