#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 300
#
# A node whose link is disabled is not part of the running pipeline:
# STREAMON on it fails at once (ENOLINK) and leaves the pipeline as it
# was. Once every node is idle again, the formats of the ISP and of the
# video nodes can be changed (nothing is left marked as streaming) and the
# pipeline starts and stops as before. A leak of the pipeline's pads or a
# warning of the media core is a kernel report, which fails the test.

. /usr/lib/visp/lib.sh

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks

M=$(visp_media)
ent() { media-ctl -d "$M" -e "$1"; }
# A failing check leaves no stream behind for the next test.
cap= out=
trap 'kill $cap $out 2>/dev/null' EXIT

# The default graph: the statistics and self path links are disabled.
small_pipeline "$M" SRGGB8_1X8 RGGB 64 32

# streamon_fails NODE: STREAMON on NODE, outside the pipeline, fails with
# ENOLINK (v4l2-ctl reports it and still exits 0).
streamon_fails() {
	timeout 20 v4l2-ctl -d "$(ent "$1")" --stream-mmap --stream-count=1 \
		--stream-to=/dev/null > /tmp/streamon.log 2>&1
	rc=$?
	[ $rc = 124 ] && fail "$1: STREAMON outside the pipeline waits forever"
	grep -q 'VIDIOC_STREAMON.*Link has been severed' /tmp/streamon.log ||
		fail "$1: STREAMON: $(cat /tmp/streamon.log)"
	echo "$1: STREAMON outside the pipeline: $(grep STREAMON /tmp/streamon.log)"
}

# Idle: no link to the node at all.
streamon_fails visp-stats

for round in 1 2 3; do
	small_stream "$M"
	wait_stat frames_done $(($(visp_stat frames_done) + 3))
	streamon_fails visp-stats
	streamon_fails visp-self
	kill $cap $out
	wait
	echo "round $round: $(visp_stat frames_done) frames done"
done

# Every node idle: the formats can change again.
media-ctl -d "$M" -V '"visp-isp":0 [fmt:SRGGB8_1X8/128x64]' ||
	fail "visp-isp format after the pipeline stopped"
v4l2-ctl -d "$(ent visp-main)" \
	--set-fmt-video=width=128,height=64,pixelformat=NV12 ||
	fail "visp-main format after the pipeline stopped"
small_pipeline "$M" SRGGB8_1X8 RGGB 64 32

# A node of the running pipeline that does not stream itself may change
# its format. It is validated against the ISP when it joins: STREAMON
# fails with EPIPE on a mismatch and, once the format matches again, the
# hardware writes the format the node has then. The reference: frames of
# visp-main in NV16 with the pipeline started by visp-main in that format.
main=$(ent visp-main)
input=$(ent visp-input)
set_main() {
	v4l2-ctl -d "$main" --set-fmt-video="$1" >/tmp/sfmt.log 2>&1
}
set_main width=64,height=32,pixelformat=NV16 || fail "visp-main NV16"
timeout 60 v4l2-ctl -d "$main" --stream-mmap --stream-count=2 \
	--stream-to=/tmp/ref.nv16 &
cap=$!
wait_streaming visp-main
v4l2-ctl -d "$input" --stream-out-mmap --stream-loop \
	--stream-from=/tmp/in.raw 2>/dev/null &
out=$!
wait $cap || fail "visp-main NV16 reference capture"
kill $out
wait
set_main width=64,height=32,pixelformat=NV12 || fail "visp-main NV12"

# The input streams alone: the pipeline waits for a visp-main buffer.
v4l2-ctl -d "$input" --stream-out-mmap --stream-loop \
	--stream-from=/tmp/in.raw 2>/dev/null &
out=$!
wait_streaming visp-input
set_main width=96,height=32,pixelformat=NV12 ||
	fail "visp-main not streaming: S_FMT in the running pipeline: $(cat /tmp/sfmt.log)"
v4l2-ctl -d "$main" --get-fmt-video | grep -q 'Width/Height *: 96/32' ||
	fail "visp-main format not changed"
timeout 20 v4l2-ctl -d "$main" --stream-mmap --stream-count=1 \
	--stream-to=/dev/null > /tmp/streamon.log 2>&1
grep -q 'VIDIOC_STREAMON.*Broken pipe' /tmp/streamon.log ||
	fail "visp-main 96x32 joins a 64x32 pipeline: $(cat /tmp/streamon.log)"
echo "visp-main 96x32 joins: $(grep STREAMON /tmp/streamon.log)"
set_main width=64,height=32,pixelformat=NV16 || fail "visp-main NV16 again"
timeout 60 v4l2-ctl -d "$main" --stream-mmap --stream-count=2 \
	--stream-to=/tmp/join.nv16 || fail "visp-main NV16 joins"
cmp /tmp/ref.nv16 /tmp/join.nv16 ||
	fail "visp-main joined in NV16: frames differ from the NV16 reference"
echo "visp-main joined the running pipeline in NV16: frames as the reference"

# The node's own streaming queue keeps its format.
v4l2-ctl -d "$main" --stream-mmap --stream-to=/dev/null 2>/dev/null &
cap=$!
wait_streaming visp-main
set_main width=96,height=32,pixelformat=NV16 &&
	fail "visp-main format changed while it streams"
echo "visp-main streams: S_FMT $(grep -o 'VIDIOC_S_FMT.*' /tmp/sfmt.log)"
kill $out
wait $out
# visp-main streams alone: the input joins, validated in the same way.
v4l2-ctl -d "$input" --set-fmt-video-out=width=96,height=32 ||
	fail "visp-input not streaming: S_FMT in the running pipeline"
head -c $((96 * 32)) /dev/urandom > /tmp/in96.raw
# (v4l2-ctl calls STREAMON once it has queued all its buffers.)
timeout 20 v4l2-ctl -d "$input" --stream-out-mmap --stream-count=8 \
	--stream-loop --stream-from=/tmp/in96.raw > /tmp/streamon.log 2>&1
grep -q 'VIDIOC_STREAMON.*Broken pipe' /tmp/streamon.log ||
	fail "visp-input 96x32 joins a 64x32 pipeline: $(cat /tmp/streamon.log)"
echo "visp-input 96x32 joins: $(grep STREAMON /tmp/streamon.log)"
v4l2-ctl -d "$input" --set-fmt-video-out=width=64,height=32 ||
	fail "visp-input format back"
n=$(visp_stat frames_done)
v4l2-ctl -d "$input" --stream-out-mmap --stream-loop \
	--stream-from=/tmp/in.raw 2>/dev/null &
out=$!
wait_stat frames_done $((n + 3))
kill $cap $out
wait

# The statistics node streams once its link is enabled.
media-ctl -d "$M" -l '"visp-isp":3 -> "visp-stats":0 [1]' || fail "link"
small_stream "$M"
timeout 60 v4l2-ctl -d "$(ent visp-stats)" --stream-mmap --stream-count=3 \
	--stream-to=/dev/null || fail "visp-stats does not stream once linked"
kill $cap $out
wait

wait_suspended
visp_unload
