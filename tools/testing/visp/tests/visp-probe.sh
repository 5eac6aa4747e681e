#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 600
#
# The visp driver binds to the simulated ISP and builds the documented
# media graph; the hardware is powered only while in use; unbinding and
# rebinding, idle and while streaming, leaves no trace and no kernel report.

. /usr/lib/visp/lib.sh

DEV=/sys/bus/platform/devices/visp.0
DRV=/sys/bus/platform/drivers/visp
SIM=/sys/kernel/debug/visp-sim

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks

mdev() {
	for m in /dev/media*; do
		media-ctl -d "$m" -p 2>/dev/null | grep -q '^driver *visp$' &&
			echo "$m" && return
	done
}

check_graph() {
	M=$(mdev)
	[ -n "$M" ] || fail "no visp media device"
	media-ctl -d "$M" -p > /tmp/topology || fail "media-ctl -p failed"
	for e in visp-isp visp-resizer-main visp-resizer-self visp-input \
		 visp-main visp-self visp-params visp-stats visp-csi; do
		node=$(media-ctl -d "$M" -e "$e") || fail "no entity $e"
		[ -c "$node" ] || fail "$e has no device node"
	done
	# The simulated SoC has a camera: visp-isp:0 takes visp-input, the
	# default, or visp-csi. visp-resizer-main takes pad 2, the default,
	# or the raw bypass of pad 4 (disabled).
	for l in '<- "visp-input":0 \[ENABLED\]' \
		 '<- "visp-csi":1 \[\]' \
		 '<- "visp-params":0 \[ENABLED,IMMUTABLE\]' \
		 '-> "visp-resizer-main":0 \[ENABLED\]' \
		 '-> "visp-resizer-main":0 \[\]' \
		 '-> "visp-resizer-self":0 \[ENABLED\]' \
		 '-> "visp-stats":0 \[\]' \
		 '-> "visp-main":0 \[ENABLED\]' \
		 '-> "visp-self":0 \[\]'; do
		grep -q -- "$l" /tmp/topology || fail "missing link: $l"
	done
	grep -q 'visp-isp (5 pads, 7 links' /tmp/topology || fail "visp-isp pads"
}

check_graph
wait_suspended
[ "$(basename "$(readlink $DEV/driver)")" = visp ] || fail "visp.0 not bound to visp"
dmesg | grep -q 'visp visp.0: VISP ISP version 1.0' || fail "no version message"

# Unbind and bind while idle.
for i in 1 2; do
	echo visp.0 > $DRV/unbind || fail "unbind failed"
	[ -z "$(mdev)" ] || fail "media device left after unbind"
	echo visp.0 > $DRV/bind || fail "bind failed"
	mklinks
	check_graph
	wait_suspended
done

# Unbind while streaming: the stream ends with an error, nothing leaks.
M=$(mdev)
small_pipeline "$M" SRGGB8_1X8 RGGB 128 64
small_stream "$M"
i=0
until grep -q 'running: 1' /sys/kernel/debug/visp.0/stats 2>/dev/null &&
      [ "$(grep frames_done /sys/kernel/debug/visp.0/stats | cut -d' ' -f2)" -gt 3 ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "streaming did not start"
	sleep 0.1
done
[ "$(cat $VISP_PM)" = active ] || fail "not active while streaming"
echo visp.0 > $DRV/unbind || fail "unbind while streaming failed"
wait $cap
wait $out
[ -z "$(mdev)" ] || fail "media device left after unbind"
echo visp.0 > $DRV/bind || fail "bind failed"
mklinks
check_graph
wait_suspended

grep -qx 'bus_errors 0' $SIM/counters || fail "bus errors: $(cat $SIM/counters)"

modprobe -r visp || fail "cannot unload visp"
[ ! -e $DEV/driver ] || fail "visp.0 still bound"
modprobe -r visp-sim || fail "cannot unload visp-sim"
