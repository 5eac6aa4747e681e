#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 300
#
# The kernel's own media selftests (tools/testing/selftests/media_tests of
# the 6.12 source) on the visp media device and every video node:
# video_device_test changes and restores the priority of a node, and both
# tests keep querying their device while the driver is unbound, as the
# selftests' documentation asks. After the unbind the open file handles
# get EIO (media device) or ENODEV (video nodes), not a crash; the driver
# binds again and works.

. /usr/lib/visp/lib.sh

DRV=/sys/bus/platform/drivers/visp
NODES="visp-input visp-params visp-main visp-self visp-stats"

command -v media_device_test >/dev/null && command -v video_device_test >/dev/null ||
	fail "the media selftests are not in the guest"

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks
M=$(visp_media)
[ -n "$M" ] || fail "no visp media device"

# wait_log FILE PATTERN: FILE gets a line matching PATTERN within 30 s.
wait_log() {
	i=0
	until grep -q "$2" "$1"; do
		i=$((i + 1))
		[ $i -lt 300 ] || fail "$1: no '$2' in: $(cat "$1")"
		sleep 0.1
	done
}

pids=
media_device_test -d "$M" > /tmp/st-media.log 2>&1 &
pids="$pids $!"
for n in $NODES; do
	video_device_test -d "$(entity_node $n "$M")" > "/tmp/st-$n.log" 2>&1 &
	pids="$pids $!"
done

wait_log /tmp/st-media.log 'Media device model .* driver visp '
for n in $NODES; do
	wait_log "/tmp/st-$n.log" '^Priority test - PASSED$'
	wait_log "/tmp/st-$n.log" '^Video device driver visp$'
done
echo "selftests running on $M and $(echo $NODES | wc -w) video nodes"

# The tests query every 10 s: each does so at least once on a gone device.
echo visp.0 > $DRV/unbind || fail "unbind failed"
wait_log /tmp/st-media.log 'Media Device Info errno Input/output error'
for n in $NODES; do
	wait_log "/tmp/st-$n.log" 'VIDIOC_QUERYCAP errno No such device'
done
echo "after unbind: EIO on the media device, ENODEV on the video nodes"
kill $pids
wait

echo visp.0 > $DRV/bind || fail "bind failed"
mklinks
M=$(visp_media)
[ -n "$M" ] || fail "no visp media device after bind"
video_device_test -d "$(entity_node visp-main "$M")" > /tmp/st-again.log 2>&1 &
pid=$!
wait_log /tmp/st-again.log '^Priority test - PASSED$'
kill $pid
wait
visp_unload
