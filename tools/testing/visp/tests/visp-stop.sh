#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 600
#
# Stop streaming in every order while frames are in flight: the input and
# the capture together (both processes killed at once), the capture first,
# the input first. Every buffer must be returned (vb2 warns otherwise) and
# the device must suspend.

. /usr/lib/visp/lib.sh

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks

M=$(visp_media)
ent() { media-ctl -d "$M" -e "$1"; }

small_pipeline "$M" SBGGR8_1X8 BA81 64 32
media-ctl -d "$M" -l '"visp-isp":3 -> "visp-stats":0 [1]' || fail "link"

for order in together capture input together capture input together; do
	v4l2-ctl -d "$(ent visp-main)" --stream-mmap --stream-to=/dev/null 2>/dev/null &
	cap=$!
	v4l2-ctl -d "$(ent visp-stats)" --stream-mmap --stream-to=/dev/null 2>/dev/null &
	stats=$!
	v4l2-ctl -d "$(ent visp-input)" --stream-out-mmap --stream-loop \
		--stream-from=/tmp/in.raw 2>/dev/null &
	out=$!
	wait_stat frames_done $(($(visp_stat frames_done) + 11))
	case $order in
	together) kill $out $cap $stats ;;
	capture) kill $cap $stats; wait $cap $stats; kill $out ;;
	input) kill $out; wait $out; kill $cap $stats ;;
	esac
	wait
	echo "stopped, $order: $(visp_stat frames_done) frames done"
done

wait_suspended
visp_unload
