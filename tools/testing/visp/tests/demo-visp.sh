#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 300
#
# make demo: a raw 640x480 RGGB scene ($VISP_DATA/scene.raw) through the
# ISP with its default configuration: the main path writes NV12 at full
# size, the self path RGB24 at half size, to $VISP_OUT.

. /usr/lib/visp/lib.sh
set -e

modprobe visp-sim
modprobe visp
mklinks
MDEV=$(visp_media)
node() { media-ctl -d "$MDEV" -e "$1"; }

media-ctl -d "$MDEV" -r
media-ctl -d "$MDEV" -l '"visp-input":0 -> "visp-isp":0 [1]'
media-ctl -d "$MDEV" -l '"visp-isp":2 -> "visp-resizer-main":0 [1]'
media-ctl -d "$MDEV" -l '"visp-resizer-main":1 -> "visp-main":0 [1]'
media-ctl -d "$MDEV" -l '"visp-isp":2 -> "visp-resizer-self":0 [1]'
media-ctl -d "$MDEV" -l '"visp-resizer-self":1 -> "visp-self":0 [1]'
media-ctl -d "$MDEV" -V '"visp-isp":0 [fmt:SRGGB10_1X10/640x480 crop:(0,0)/640x480]'
media-ctl -d "$MDEV" -V '"visp-isp":2 [fmt:RGB121212_1X36/640x480]'
media-ctl -d "$MDEV" -V '"visp-resizer-main":0 [fmt:RGB121212_1X36/640x480 crop:(0,0)/640x480 compose:(0,0)/640x480]'
media-ctl -d "$MDEV" -V '"visp-resizer-main":1 [fmt:YUV8_1X24/640x480]'
media-ctl -d "$MDEV" -V '"visp-resizer-self":0 [fmt:RGB121212_1X36/640x480 crop:(0,0)/640x480 compose:(0,0)/320x240]'
media-ctl -d "$MDEV" -V '"visp-resizer-self":1 [fmt:RGB888_1X24/320x240]'
v4l2-ctl -d "$(node visp-input)" --set-fmt-video-out=width=640,height=480,pixelformat=RG10
v4l2-ctl -d "$(node visp-main)" --set-fmt-video=width=640,height=480,pixelformat=NV12
v4l2-ctl -d "$(node visp-self)" --set-fmt-video=width=320,height=240,pixelformat=RGB3

# 9p cannot back DMA buffer mappings: stream through tmpfs.
W=$(mktemp -d)
cp "$VISP_DATA/scene.raw" "$W/"
cd "$W"
v4l2-ctl -d "$(node visp-main)" --stream-mmap --stream-count=2 --stream-to=main.nv12 &
main=$!
v4l2-ctl -d "$(node visp-self)" --stream-mmap --stream-count=2 --stream-to=self.rgb &
self=$!
v4l2-ctl -d "$(node visp-input)" --stream-out-mmap --stream-loop --stream-from=scene.raw &
input=$!
wait $main $self
kill $input
wait $input || true
[ "$(stat -c %s main.nv12)" = $((640 * 480 * 3 / 2 * 2)) ] || fail "main.nv12: wrong size"
[ "$(stat -c %s self.rgb)" = $((320 * 240 * 3 * 2)) ] || fail "self.rgb: wrong size"
cp main.nv12 self.rgb "$VISP_OUT/"
cd / && rm -rf "$W"
modprobe -r visp
modprobe -r visp-sim
