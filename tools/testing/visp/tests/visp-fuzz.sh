#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 600
#
# Bounded random testing of the driver in the guest (visp-fuzz): mutated
# parameters buffers on visp-params, each accepted or rejected with EINVAL
# exactly as the shared validator says; then random ioctls on every node
# of the media device, idle and while the pipeline streams. The kernel
# must log no report, the simulator no bus error, and the device must
# stream again afterwards. VISP_FUZZ_COUNT (default 3000) and
# VISP_FUZZ_SECONDS (default 60) bound each run; the seed is printed.

. /usr/lib/visp/lib.sh

COUNT=${VISP_FUZZ_COUNT:-3000}
SECONDS_MAX=${VISP_FUZZ_SECONDS:-60}

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks

M=$(visp_media)
ent() { media-ctl -d "$M" -e "$1"; }

# The capture formats at their default colorimetry, which CSC blocks must
# repeat: a fresh module.
visp-fuzz params -n "$COUNT" -t "$SECONDS_MAX" "$(ent visp-params)" \
	> /tmp/fuzz.log || {
	cat /tmp/fuzz.log
	fail "the driver and the validator disagree on a parameters buffer"
}
cat /tmp/fuzz.log
sed -n 's/^visp-fuzz params: \([0-9]*\) buffers, \([0-9]*\) accepted, \([0-9]*\) rejected.*/visp-report: fuzzing | mutated and random parameters buffers queued on visp-params, bytesused exact, 0, short, long or random | \1 buffers | each accepted or rejected with EINVAL as the shared validator says (\2 accepted, \3 rejected) |/p' \
	/tmp/fuzz.log | sed 's/ |$//'

# fuzz_ioctls WHEN: visp-fuzz ioctl on every node, with its report line.
fuzz_ioctls() {
	# shellcheck disable=SC2086 # one argument per node
	visp-fuzz ioctl -n $((COUNT * 4)) -t "$SECONDS_MAX" $nodes \
		> /tmp/fuzz.log || fail "visp-fuzz ioctl failed ($1)"
	cat /tmp/fuzz.log
	sed -n "s/^visp-fuzz ioctl: \([0-9]*\) ioctls on \([0-9]*\) nodes, \([0-9]*\) succeeded/visp-report: fuzzing | random V4L2, subdev and media controller ioctls on the \2 nodes, $1 | \1 ioctls | no kernel report, no bus error, the pipeline streams afterwards (\3 succeeded)/p" \
		/tmp/fuzz.log
}

# The main-path pipeline from a reset graph: random ioctls may have
# changed any link, format or selection.
setup_stream() {
	media-ctl -d "$M" -r || fail "media-ctl -r"
	media-ctl -d "$M" -l '"visp-input":0 -> "visp-isp":0 [1]' ||
		fail "link"
	media-ctl -d "$M" -l '"visp-isp":2 -> "visp-resizer-main":0 [1]' ||
		fail "link"
	media-ctl -d "$M" -l '"visp-resizer-main":1 -> "visp-main":0 [1]' ||
		fail "link"
	small_pipeline "$M" SRGGB8_1X8 RGGB 64 32
	media-ctl -d "$M" -V '"visp-isp":0 [fmt:SRGGB8_1X8/64x32 crop:(0,0)/64x32]' ||
		fail "format"
	media-ctl -d "$M" -V '"visp-isp":2 [fmt:RGB121212_1X36/64x32]' ||
		fail "format"
	media-ctl -d "$M" -V '"visp-resizer-main":0 [fmt:RGB121212_1X36/64x32 crop:(0,0)/64x32 compose:(0,0)/64x32]' ||
		fail "format"
	media-ctl -d "$M" -V '"visp-resizer-main":1 [fmt:YUV8_1X24/64x32]' ||
		fail "format"
}

nodes="$M"
for e in visp-isp visp-resizer-main visp-resizer-self visp-input visp-main \
	 visp-self visp-params visp-stats; do
	nodes="$nodes $(ent $e)"
done
fuzz_ioctls "idle"

# The same while the small pipeline streams (random ioctls may stop it).
setup_stream
small_stream "$M"
fuzz_ioctls "while the pipeline streams"
kill $cap $out 2>/dev/null
wait

# Afterwards, a clean graph streams frames again.
setup_stream
done=$(visp_stat frames_done)
small_stream "$M"
wait_stat frames_done $((done + 3))
kill $cap $out
wait
echo "the pipeline streams after the random ioctls"

visp_unload
