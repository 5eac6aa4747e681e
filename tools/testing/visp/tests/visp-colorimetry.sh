#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 300
#
# The colorimetry a YUV capture format reports is the one the CSC applies
# (visp-stream checks the images; this test checks the rules): S_FMT with
# V4L2_PIX_FMT_FLAG_SET_CSC picks the encoding and quantization, a later
# S_FMT without it keeps them, RGB is full range; a parameters buffer whose
# CSC block contradicts the capture format is rejected with EINVAL, one
# that repeats it is accepted; the two paths, which share the CSC, cannot
# stream YUV with different colorimetries (EPIPE).

. /usr/lib/visp/lib.sh

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks
echo 'module visp +p' > /sys/kernel/debug/dynamic_debug/control

M=$(visp_media)
ent() { media-ctl -d "$M" -e "$1"; }
MAIN=$(ent visp-main)
SELF=$(ent visp-self)

# expect_fmt NODE ENCODING QUANTIZATION: as v4l2-ctl --get-fmt-video names them.
expect_fmt() {
	v4l2-ctl -d "$1" --get-fmt-video > /tmp/fmt.txt || fail "G_FMT $1"
	grep -q "YCbCr/HSV Encoding: *$2\$" /tmp/fmt.txt &&
		grep -q "Quantization *: *$3\$" /tmp/fmt.txt || {
		cat /tmp/fmt.txt
		fail "$1: expected $2, $3"
	}
}

v4l2-ctl -d "$MAIN" --list-formats-ext > /tmp/enum.txt
expect_fmt "$MAIN" "ITU-R 601" "Limited Range"
v4l2-ctl -d "$MAIN" --set-fmt-video=pixelformat=NV12,ycbcr=709,quantization=full-range ||
	fail "S_FMT BT.709 full range"
expect_fmt "$MAIN" "Rec. 709" "Full Range"
v4l2-ctl -d "$MAIN" --set-fmt-video=width=320,height=240,pixelformat=YUYV ||
	fail "S_FMT without colorimetry"
expect_fmt "$MAIN" "Rec. 709" "Full Range"
v4l2-ctl -d "$MAIN" --set-fmt-video=pixelformat=YUYV,ycbcr=bt2020 ||
	fail "S_FMT BT.2020"
expect_fmt "$MAIN" "BT.2020" "Full Range"
# An encoding the CSC does not have leaves the current one.
v4l2-ctl -d "$MAIN" --set-fmt-video=pixelformat=YUYV,ycbcr=smpte240m,quantization=lim-range ||
	fail "S_FMT SMPTE 240M"
expect_fmt "$MAIN" "BT.2020" "Limited Range"
v4l2-ctl -d "$SELF" --set-fmt-video=pixelformat=RGB3,quantization=lim-range ||
	fail "S_FMT RGB"
expect_fmt "$SELF" "ITU-R 601" "Full Range"
echo "S_FMT: colorimetry set, kept and refused as documented"

# A parameters buffer with one CSC block: version 1, data_size 16, block
# type 7 (CSC), flags 0, size 16, matrix $2, range $3, in file $1.
csc_params() {
	printf "\\001\\000\\000\\000\\020\\000\\000\\000\\007\\000\\000\\000\\020\\000\\000\\000\\$(printf %03o "$2")\\$(printf %03o "$3")\\000\\000\\000\\000\\000\\000" > "$1"
}
P=$(ent visp-params)
# Queue file $1 as one parameters buffer of its size; print the result.
qbuf() {
	visp-feed -q "$P" "$1" 2>&1
}

# visp-main (linked) captures BT.2020 limited range: matrix 2, range 0.
csc_params /tmp/good.bin 2 0
csc_params /tmp/bad.bin 1 0
qbuf /tmp/good.bin | grep -qx 'qbuf: ok' ||
	fail "a CSC block that repeats the format is rejected"
before=$(dmesg | wc -l)
qbuf /tmp/bad.bin | grep -qx 'qbuf: Invalid argument' ||
	fail "a CSC block that contradicts the format is accepted"
dmesg | tail -n +$((before + 1)) | grep -q "CSC block: matrix 1 range 0 contradict the capture format's 2 0" ||
	fail "no debug message for the contradicting CSC block"
echo "parameters: a contradicting CSC block is rejected"

# Both paths linked with YUV formats of different colorimetries.
small_pipeline "$M" SRGGB8_1X8 RGGB 64 32
v4l2-ctl -d "$MAIN" --set-fmt-video=pixelformat=NV12,ycbcr=709,quantization=lim-range ||
	fail "S_FMT main"
media-ctl -d "$M" -l '"visp-isp":2 -> "visp-resizer-self":0 [1]' || fail "link"
media-ctl -d "$M" -l '"visp-resizer-self":1 -> "visp-self":0 [1]' || fail "link"
media-ctl -d "$M" -V '"visp-resizer-self":0 [fmt:RGB121212_1X36/64x32 compose:(0,0)/64x32]' ||
	fail "format"
media-ctl -d "$M" -V '"visp-resizer-self":1 [fmt:YUV8_1X24/64x32]' ||
	fail "format"
v4l2-ctl -d "$SELF" --set-fmt-video=width=64,height=32,pixelformat=NV12,ycbcr=601,quantization=lim-range ||
	fail "S_FMT self"

# streamon NODE: STREAMON's result as v4l2-ctl prints it (it exits 0 when
# STREAMON fails); a node that streams waits for frames and is stopped.
streamon() {
	timeout 10 v4l2-ctl -d "$1" --verbose --stream-mmap --stream-count=1 \
		--stream-to=/dev/null 2>&1 | grep 'VIDIOC_STREAMON'
}
streamon "$MAIN" | grep -q 'Broken pipe' ||
	fail "STREAMON with different colorimetries on the paths: $(streamon "$MAIN")"
echo "streaming with different colorimetries on the paths fails with EPIPE"
v4l2-ctl -d "$SELF" --set-fmt-video=pixelformat=NV12,ycbcr=709 || fail "S_FMT self"
streamon "$MAIN" | grep -q 'returned 0' ||
	fail "STREAMON with the same colorimetry on the paths: $(streamon "$MAIN")"
echo "streaming with the same colorimetry on the paths starts"

# A node that joins the running pipeline with another colorimetry gets
# it: its frames match those of a stream it started with that colorimetry
# (the input repeats one frame).
small_pipeline "$M" SRGGB8_1X8 RGGB 64 32
FRAME=$((64 * 32 * 3 / 2))
# capture FILE: three frames of visp-main.
capture() {
	timeout 60 v4l2-ctl -d "$MAIN" --stream-mmap --stream-count=3 \
		--stream-to="$1" 2>/dev/null || fail "capture $1"
}
feed() {
	v4l2-ctl -d "$(ent visp-input)" --stream-out-mmap --stream-loop \
		--stream-from=/tmp/in.raw 2>/dev/null &
	feeder=$!
}
v4l2-ctl -d "$MAIN" --set-fmt-video=pixelformat=NV12,ycbcr=709,quantization=full-range ||
	fail "S_FMT main"
capture /tmp/started.nv12 &
capturer=$!
feed
wait $capturer
kill $feeder
wait
v4l2-ctl -d "$MAIN" --set-fmt-video=pixelformat=NV12,ycbcr=601,quantization=lim-range ||
	fail "S_FMT main"
capture /tmp/601.nv12 &
capturer=$!
feed
wait $capturer
# visp-input streams on; visp-main joins with BT.709 full range.
v4l2-ctl -d "$MAIN" --set-fmt-video=pixelformat=NV12,ycbcr=709,quantization=full-range ||
	fail "S_FMT main while the pipeline runs"
capture /tmp/joined.nv12
kill $feeder
wait
cmp -s -n $FRAME /tmp/started.nv12 /tmp/601.nv12 &&
	fail "BT.601 limited range and BT.709 full range frames are the same"
cmp -n $FRAME /tmp/started.nv12 /tmp/joined.nv12 ||
	fail "a node joining with BT.709 full range gets other frames than one starting with it"
echo "a node joining the running pipeline gets its colorimetry"

visp_unload
