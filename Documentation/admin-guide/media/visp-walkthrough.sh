#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Process four raw 640x480 frames into 320x240 NV12 on the main path, with
# statistics. Run as root with the visp and visp-sim modules loaded.
set -e

# The media device of the visp driver and its nodes, by entity name.
for m in /dev/media*; do
	media-ctl -d "$m" -p | grep -q '^driver *visp$' && MDEV=$m
done
node() { media-ctl -d "$MDEV" -e "$1"; }

# Links: start from none, take the frames from memory, enable the main
# path and statistics.
media-ctl -d "$MDEV" -r
media-ctl -d "$MDEV" -l '"visp-input":0 -> "visp-isp":0 [1]'
media-ctl -d "$MDEV" -l '"visp-isp":2 -> "visp-resizer-main":0 [1]'
media-ctl -d "$MDEV" -l '"visp-resizer-main":1 -> "visp-main":0 [1]'
media-ctl -d "$MDEV" -l '"visp-isp":3 -> "visp-stats":0 [1]'

# Formats: 10-bit RGGB in, full frame processed, scaled by 1/2.
media-ctl -d "$MDEV" -V '"visp-isp":0 [fmt:SRGGB10_1X10/640x480 crop:(0,0)/640x480]'
media-ctl -d "$MDEV" -V '"visp-isp":2 [fmt:RGB121212_1X36/640x480]'
media-ctl -d "$MDEV" -V '"visp-resizer-main":0 [fmt:RGB121212_1X36/640x480]'
media-ctl -d "$MDEV" -V '"visp-resizer-main":0 [crop:(0,0)/640x480 compose:(0,0)/320x240]'
media-ctl -d "$MDEV" -V '"visp-resizer-main":1 [fmt:YUV8_1X24/320x240]'
v4l2-ctl -d "$(node visp-input)" \
	--set-fmt-video-out=width=640,height=480,pixelformat=RG10
v4l2-ctl -d "$(node visp-main)" \
	--set-fmt-video=width=320,height=240,pixelformat=NV12

# Four raw frames; any RAW10 data in 16-bit containers will do.
head -c $((640 * 480 * 2 * 4)) /dev/urandom > frames.raw

# Capture four frames and their statistics while feeding the input.
v4l2-ctl -d "$(node visp-main)" --stream-mmap --stream-count=4 \
	--stream-to=main.nv12 &
main=$!
v4l2-ctl -d "$(node visp-stats)" --stream-mmap --stream-count=4 \
	--stream-to=stats.bin &
stats=$!
v4l2-ctl -d "$(node visp-input)" --stream-out-mmap --stream-loop \
	--stream-from=frames.raw &
input=$!
wait $main $stats
kill $input
wait $input || true
