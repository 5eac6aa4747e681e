#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 600
# visp-image: gst
#
# GStreamer's v4l2src captures from visp-main: visp-testgen's nv12-default
# case, the input fed with v4l2-ctl. The raw frames gst-launch-1.0 writes
# are byte for byte the reference model's prediction, and the same frames
# go through videoconvert and pngenc into PNG files of the format's size
# (the PNGs are copied to $VISP_OUT). Then the same from the camera: the
# inline pipeline's main path, started by v4l2src, bit-exact with the
# prediction of the sensor's colour bars. Runs in the larger guest image
# with GStreamer (vmtest.py --image gst).

. /usr/lib/visp/lib.sh

command -v gst-launch-1.0 >/dev/null || fail "no gst-launch-1.0: run with --image gst"
case=$VISP_DATA/cases/nv12-default
[ -f "$case/case.conf" ] || fail "no test case $case (visp-testgen)"
gst-launch-1.0 --version | head -2

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp-sensor || fail "cannot load visp-sensor"
modprobe visp || fail "cannot load visp"
mklinks
MDEV=$(visp_media)
[ -n "$MDEV" ] || fail "no visp media device"

# 9p cannot back DMA buffer mappings: stream through tmpfs.
T=$(mktemp -d)
cp -a "$case" "$T/" || fail "cannot copy the test data"
dir=$T/nv12-default
case_setup "$dir"
N=6

# The first run of gst-launch-1.0 builds its plugin registry: not under
# the stream's clock.
gst-inspect-1.0 v4l2src >/dev/null 2>&1 || fail "no v4l2src plugin"

timeout 300 gst-launch-1.0 -q v4l2src device="$(entity_node visp-main "$MDEV")" \
	num-buffers=$N io-mode=mmap ! \
	"video/x-raw,format=NV12,width=$MAIN_W,height=$MAIN_H" ! tee name=t \
	t. ! queue ! filesink location="$T/main.out" \
	t. ! queue ! videoconvert ! pngenc ! \
	multifilesink location="$T/frame-%d.png" >"$T/gst.log" 2>&1 &
gst=$!
wait_streaming visp-main
v4l2-ctl -d "$(entity_node visp-input "$MDEV")" --stream-out-mmap \
	--stream-loop --stream-from="$dir/in.raw" &
feed=$!
wait $gst
rc=$?
kill $feed
wait
cat "$T/gst.log"
[ $rc = 0 ] || fail "gst-launch-1.0 failed ($rc)"

# N frames: the case's FRAMES frames over and over.
i=0
: >"$T/main.exp"
while [ $i -lt $N ]; do
	fsize=$(($(stat -c %s "$dir/main.exp") / FRAMES))
	dd if="$dir/main.exp" bs=$fsize skip=$((i % FRAMES)) count=1 \
		2>/dev/null >>"$T/main.exp"
	i=$((i + 1))
done
cmp "$T/main.exp" "$T/main.out" ||
	fail "frames captured by v4l2src differ from the reference model"
echo "v4l2src: $N frames bit-exact"

i=0
while [ $i -lt $N ]; do
	png=$T/frame-$i.png
	[ -f "$png" ] || fail "no $png"
	# PNG signature, then the IHDR chunk: width and height, big endian.
	sig=$(od -A n -t x1 -N 8 "$png" | tr -d ' ')
	[ "$sig" = 89504e470d0a1a0a ] || fail "$png: not a PNG"
	wh=$(od -A n -t u1 -j 16 -N 8 "$png" |
	     awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 "x" \
		   $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }')
	[ "$wh" = "${MAIN_W}x$MAIN_H" ] || fail "$png: $wh, expected ${MAIN_W}x$MAIN_H"
	i=$((i + 1))
done
cp "$T"/frame-*.png "$VISP_OUT/"
echo "pngenc: $N PNG files of ${MAIN_W}x$MAIN_H"
rm -rf "$T"

# Inline: the camera's colour bars (visp-testgen's inline-bars case), the
# main path only. v4l2src's STREAMON starts the camera.
case=$VISP_DATA/cases/inline-bars
[ -f "$case/case.conf" ] || fail "no test case $case (visp-testgen)"
T=$(mktemp -d)
cp -a "$case" "$T/" || fail "cannot copy the test data"
dir=$T/inline-bars
case_setup "$dir"
case_mc -l '"visp-isp":3 -> "visp-stats":0 [0]'
case_mc -l '"visp-resizer-self":1 -> "visp-self":0 [0]'
N=3
timeout 300 gst-launch-1.0 -q v4l2src device="$(entity_node visp-main "$MDEV")" \
	num-buffers=$N io-mode=mmap ! \
	"video/x-raw,format=NV12,width=$MAIN_W,height=$MAIN_H" ! tee name=t \
	t. ! queue ! filesink location="$T/main.out" \
	t. ! queue ! videoconvert ! pngenc ! \
	multifilesink location="$T/inline-%d.png" >"$T/gst.log" 2>&1
rc=$?
cat "$T/gst.log"
[ $rc = 0 ] || fail "gst-launch-1.0 inline failed ($rc)"
# The colour bars do not change: every frame is the predicted one.
: >"$T/main.exp"
i=0
while [ $i -lt $N ]; do
	cat "$dir/main.exp" >>"$T/main.exp"
	i=$((i + 1))
done
cmp "$T/main.exp" "$T/main.out" ||
	fail "inline frames captured by v4l2src differ from the prediction"
for i in 0 1 2; do
	[ "$(od -A n -t x1 -N 8 "$T/inline-$i.png" | tr -d ' ')" = 89504e470d0a1a0a ] ||
		fail "inline-$i.png: not a PNG"
done
cp "$T"/inline-*.png "$VISP_OUT/"
echo "v4l2src inline: $N frames of the camera bit-exact, $N PNG files"
rm -rf "$T"

visp_check_idle
visp_unload
