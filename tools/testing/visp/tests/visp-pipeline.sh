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

# The statistics node streams once its link is enabled.
media-ctl -d "$M" -l '"visp-isp":3 -> "visp-stats":0 [1]' || fail "link"
small_stream "$M"
timeout 60 v4l2-ctl -d "$(ent visp-stats)" --stream-mmap --stream-count=3 \
	--stream-to=/dev/null || fail "visp-stats does not stream once linked"
kill $cap $out
wait

wait_suspended
visp_unload
