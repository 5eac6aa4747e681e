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
visp-fuzz params -n "$COUNT" -t "$SECONDS_MAX" "$(ent visp-params)" ||
	fail "the driver and the validator disagree on a parameters buffer"

nodes="$M"
for e in visp-isp visp-resizer-main visp-resizer-self visp-input visp-main \
	 visp-self visp-params visp-stats; do
	nodes="$nodes $(ent $e)"
done
# shellcheck disable=SC2086 # one argument per node
visp-fuzz ioctl -n $((COUNT * 4)) -t "$SECONDS_MAX" $nodes ||
	fail "visp-fuzz ioctl failed"

# The same while the small pipeline streams (random ioctls may stop it).
small_pipeline "$M" SRGGB8_1X8 RGGB 64 32
small_stream "$M"
# shellcheck disable=SC2086
visp-fuzz ioctl -n $((COUNT * 4)) -t "$SECONDS_MAX" $nodes ||
	fail "visp-fuzz ioctl while streaming failed"
kill $cap $out 2>/dev/null
wait

# Afterwards, a clean graph streams frames again.
media-ctl -d "$M" -r || fail "media-ctl -r"
media-ctl -d "$M" -l '"visp-isp":2 -> "visp-resizer-main":0 [1]' || fail "link"
media-ctl -d "$M" -l '"visp-resizer-main":1 -> "visp-main":0 [1]' || fail "link"
small_pipeline "$M" SRGGB8_1X8 RGGB 64 32
media-ctl -d "$M" -V '"visp-resizer-main":0 [fmt:RGB121212_1X36/64x32 crop:(0,0)/64x32 compose:(0,0)/64x32]' ||
	fail "format"
media-ctl -d "$M" -V '"visp-resizer-main":1 [fmt:YUV8_1X24/64x32]' || fail "format"
done=$(visp_stat frames_done)
small_stream "$M"
wait_stat frames_done $((done + 3))
kill $cap $out
wait
echo "the pipeline streams after the random ioctls"

visp_unload
