#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 600
#
# Stop streaming in every order while frames are in flight: the input and
# the capture together (both processes killed at once), the capture first,
# the input first. Every buffer must be returned (vb2 warns otherwise) and
# the device must suspend.

. /usr/lib/visp/lib.sh

DBG=/sys/kernel/debug/visp.0/stats
PM=/sys/bus/platform/devices/visp.0/power/runtime_status

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks

M=$(visp_media)
ent() { media-ctl -d "$M" -e "$1"; }
done_frames() { sed -n 's/^frames_done: //p' $DBG; }

media-ctl -d "$M" -l '"visp-isp":2 -> "visp-resizer-self":0 [0]' || fail "link"
media-ctl -d "$M" -l '"visp-isp":3 -> "visp-stats":0 [1]' || fail "link"
media-ctl -d "$M" -V '"visp-isp":0 [fmt:SBGGR8_1X8/64x32]' || fail "format"
media-ctl -d "$M" -V '"visp-resizer-main":0 [fmt:RGB121212_1X36/64x32]' ||
	fail "format"
v4l2-ctl -d "$(ent visp-input)" \
	--set-fmt-video-out=width=64,height=32,pixelformat=BA81 || fail "format"
v4l2-ctl -d "$(ent visp-main)" \
	--set-fmt-video=width=64,height=32,pixelformat=NV12 || fail "format"
head -c $((64 * 32)) /dev/urandom > /tmp/in.raw

for order in together capture input together capture input together; do
	v4l2-ctl -d "$(ent visp-main)" --stream-mmap --stream-to=/dev/null 2>/dev/null &
	cap=$!
	v4l2-ctl -d "$(ent visp-stats)" --stream-mmap --stream-to=/dev/null 2>/dev/null &
	stats=$!
	v4l2-ctl -d "$(ent visp-input)" --stream-out-mmap --stream-loop \
		--stream-from=/tmp/in.raw 2>/dev/null &
	out=$!
	start=$(done_frames)
	i=0
	until [ "$(done_frames)" -gt $((start + 10)) ]; do
		i=$((i + 1))
		[ $i -lt 200 ] || fail "no frames ($order)"
		sleep 0.02
	done
	case $order in
	together) kill $out $cap $stats ;;
	capture) kill $cap $stats; wait $cap $stats; kill $out ;;
	input) kill $out; wait $out; kill $cap $stats ;;
	esac
	wait
	echo "stopped, $order: $(done_frames) frames done"
done

i=0
until [ "$(cat $PM)" = suspended ]; do
	i=$((i + 1))
	[ $i -lt 50 ] || fail "not runtime suspended after streaming"
	sleep 0.1
done
grep -qx 'bus_errors 0' /sys/kernel/debug/visp-sim/counters || fail "bus errors"
modprobe -r visp || fail "cannot unload visp"
modprobe -r visp-sim || fail "cannot unload visp-sim"
