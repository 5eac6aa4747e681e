#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Capture four 480x270 NV12 frames of the camera's colour bars, with
# statistics. Run as root with the visp-sim, visp-sensor and visp modules
# loaded.
set -e

# The media device of the visp driver and its nodes, by entity name.
for m in /dev/media*; do
	media-ctl -d "$m" -p | grep -q '^driver *visp$' && MDEV=$m
done
node() { media-ctl -d "$MDEV" -e "$1"; }

# Links: start from none, take the camera's frames, enable the main path
# and statistics.
media-ctl -d "$MDEV" -r
media-ctl -d "$MDEV" -l '"visp-csi":1 -> "visp-isp":0 [1]'
media-ctl -d "$MDEV" -l '"visp-isp":2 -> "visp-resizer-main":0 [1]'
media-ctl -d "$MDEV" -l '"visp-resizer-main":1 -> "visp-main":0 [1]'
media-ctl -d "$MDEV" -l '"visp-isp":3 -> "visp-stats":0 [1]'

# The sensor's 2x2 binned mode in 10 bits, its colour bars; the same
# format through visp-csi into visp-isp, scaled by 1/2.
media-ctl -d "$MDEV" -V '"visp-sensor":0 [fmt:SRGGB10_1X10/960x540]'
media-ctl -d "$MDEV" -V '"visp-csi":0 [fmt:SRGGB10_1X10/960x540]'
media-ctl -d "$MDEV" -V '"visp-isp":0 [fmt:SRGGB10_1X10/960x540 crop:(0,0)/960x540]'
media-ctl -d "$MDEV" -V '"visp-isp":2 [fmt:RGB121212_1X36/960x540]'
media-ctl -d "$MDEV" -V '"visp-resizer-main":0 [fmt:RGB121212_1X36/960x540]'
media-ctl -d "$MDEV" -V '"visp-resizer-main":0 [crop:(0,0)/960x540 compose:(0,0)/480x270]'
media-ctl -d "$MDEV" -V '"visp-resizer-main":1 [fmt:YUV8_1X24/480x270]'
v4l2-ctl -d "$(node visp-sensor)" --set-ctrl=test_pattern=1
v4l2-ctl -d "$(node visp-main)" \
	--set-fmt-video=width=480,height=270,pixelformat=NV12

# The first node to stream starts the camera, the last one stops it.
v4l2-ctl -d "$(node visp-main)" --stream-mmap --stream-count=4 \
	--stream-to=main.nv12 &
main=$!
v4l2-ctl -d "$(node visp-stats)" --stream-mmap --stream-count=4 \
	--stream-to=stats.bin &
stats=$!
wait $main $stats
