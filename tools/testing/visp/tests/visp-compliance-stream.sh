#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 1200
#
# v4l2-compliance's streaming tests on the video nodes of a running
# pipeline: -s and -f on visp-main, then on visp-self, while visp-input is
# fed, and -s on visp-input while visp-main captures. Small frames (32x16,
# random 8-bit Bayer data) and 5 frames per stream keep it short under TCG.
#
# -s: no test fails and the only warnings are the sequence numbers of a
# capture node that joins a pipeline which already runs (they are the
# pipeline's frame numbers). -f: the stream of the format the pads are set
# up for passes, the first other one fails at STREAMON (EPIPE), see
# stream_all(). Documentation/admin-guide/media/visp.rst explains both.

. /usr/lib/visp/lib.sh

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks

M=
M=$(visp_media)
[ -n "$M" ] || fail "no visp media device"
ent() { media-ctl -d "$M" -e "$1"; }
# A failing check leaves no stream behind for the next test.
out= cap=
trap 'kill $out $cap 2>/dev/null' EXIT

v4l2-compliance --version

W=32
H=16

# compliance NAME NODE ARGS...: v4l2-compliance ARGS on NODE, its log in
# $VISP_OUT; print the totals, fail on a failure or an unexplained warning.
compliance() {
	name=$1 node=$2
	shift 2
	log=$VISP_OUT/compliance-$name.log
	timeout 600 v4l2-compliance -P -d "$(ent "$node")" "$@" >"$log" 2>&1
	rc=$?
	[ $rc = 124 ] && fail "$name: v4l2-compliance hangs"
	tot=$(grep '^Total for' "$log")
	[ -n "$tot" ] || fail "$name: no totals (exit $rc)"
	echo "$name: $tot"
	case "$tot" in
	*", Failed: 0, Warnings: "*) ;;
	*) grep -B3 -E 'fail:|FAIL' "$log"; fail "$name: failures" ;;
	esac
	n=$(grep -c 'warn:' "$log")
	seq=$(grep -c 'warn: .*got sequence number [0-9]*, expected 0$' "$log")
	echo "$name: $n warnings, $seq of a node joining a running pipeline"
	[ "$n" = "$seq" ] || {
		grep 'warn:' "$log"
		fail "$name: unexplained warnings"
	}
	[ "$rc" = 0 ] || fail "$name: v4l2-compliance exit status $rc"
	echo "visp-report: compliance | v4l2-compliance $* on $node, the pipeline streaming | $(echo "$tot" | sed 's/^[^:]*: \([0-9]*\),.*/\1/') tests | $(echo "$tot" | sed 's/^[^:]*: [0-9]*, //'); warnings only for the sequence numbers of a node joining a running pipeline"
}

# stream_all NAME NODE: v4l2-compliance -f on NODE, 5 frames per stream.
# -f sets each format and size on the node alone and streams it: the
# first stream, NV12 at the minimum size, is the one the pads are set up
# for and must pass; the next one fails at STREAMON (EPIPE), and as
# v4l2-compliance keeps the buffers of a failed stream mapped, which keeps
# the queue busy, all later streams of the run fail too.
stream_all() {
	name=$1 node=$2
	log=$VISP_OUT/compliance-$name.log
	timeout 600 v4l2-compliance -d "$(ent "$node")" -P -f5 >"$log" 2>&1
	[ $? = 124 ] && fail "$name: v4l2-compliance hangs"
	echo "$name: $(grep '^Total for' "$log")"
	sed -n '/^Stream using all formats/,$p' "$log" >"$log.f"
	sed -n 2,3p "$log.f" | tr -d '\t\r' | tr '\n' ' ' | grep -q \
		"^test MMAP for Format NV12, Frame Size ${W}x$H: Stride [0-9]*, Field None: OK" ||
		fail "$name: -f: the stream of the pads' format fails"
	first=$(grep -m1 'fail:' "$log.f")
	case "$first" in
	*"): node->streamon()") ;;
	*) fail "$name: -f: first failure not at STREAMON: $first" ;;
	esac
	echo "$name: -f: NV12 ${W}x$H streams; then $(grep -m1 -B1 'fail:' "$log.f" |
		head -1 | tr -d '\t\r') fails at STREAMON"
	echo "visp-report: compliance | v4l2-compliance -f5 on $node (every format and size, set on the node alone) | $(grep '^Total for' "$log" | sed 's/^[^:]*: \([0-9]*\),.*/\1/') tests | the stream of the pads' format passes; the others fail at STREAMON (EPIPE), as the admin guide documents"
}

# feed: visp-input streams /tmp/in.raw until killed, its pid in $out.
feed() {
	v4l2-ctl -d "$(ent visp-input)" --stream-out-mmap --stream-loop \
		--stream-from=/tmp/in.raw 2>/dev/null &
	out=$!
	wait_streaming visp-input
}

# capture_tests NODE: -s and -f on capture NODE while visp-input is fed.
capture_tests() {
	feed
	compliance "${1#visp-}-s" "$1" -s5
	stream_all "${1#visp-}-f" "$1"
	kill $out
	wait
}

# visp-main, visp-input fed: the self path is disabled.
small_pipeline "$M" SRGGB8_1X8 RGGB $W $H
capture_tests visp-main

# visp-self, visp-input fed: the main path is disabled.
media-ctl -d "$M" -l '"visp-resizer-main":1 -> "visp-main":0 [0]' || fail link
media-ctl -d "$M" -l '"visp-isp":2 -> "visp-resizer-self":0 [1]' || fail link
media-ctl -d "$M" -l '"visp-resizer-self":1 -> "visp-self":0 [1]' || fail link
media-ctl -d "$M" -V "\"visp-resizer-self\":0 [fmt:RGB121212_1X36/${W}x$H]" ||
	fail format
media-ctl -d "$M" -V "\"visp-resizer-self\":1 [fmt:YUV8_1X24/${W}x$H]" ||
	fail format
v4l2-ctl -d "$(ent visp-self)" \
	--set-fmt-video=width=$W,height=$H,pixelformat=NV12 || fail format
capture_tests visp-self

# visp-input, visp-main captures.
media-ctl -d "$M" -l '"visp-resizer-self":1 -> "visp-self":0 [0]' || fail link
media-ctl -d "$M" -l '"visp-resizer-main":1 -> "visp-main":0 [1]' || fail link
# -f left visp-main in the last format it tried.
v4l2-ctl -d "$(ent visp-main)" \
	--set-fmt-video=width=$W,height=$H,pixelformat=NV12 || fail format
v4l2-ctl -d "$(ent visp-main)" --stream-mmap --stream-to=/dev/null 2>/dev/null &
cap=$!
wait_streaming visp-main
compliance input-s visp-input -s5
kill $cap
wait

wait_suspended
visp_unload
