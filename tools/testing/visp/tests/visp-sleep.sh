#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 600
# visp-share: detached
#
# System sleep while streaming, with both paths, statistics and parameters:
# the driver lets the hardware finish its frames and powers it down; the
# power domain goes off; after resume the driver reprograms the hardware
# and carries on. The frames captured across the sleep must be those of a
# run without sleep, byte for byte, and none may fail. /sys/power/pm_test
# ends the sleep after the devices' noirq phase, when the power domain is
# off, without firmware. The host share is detached meanwhile (see init).

. /usr/lib/visp/lib.sh

CASE=$VISP_DATA/cases/scale-params-stats
COUNT=40
PD=/sys/kernel/debug/pm_genpd/visp-sim-pd/idle_states

[ -f "$CASE/case.conf" ] || fail "no test case in \$VISP_DATA (visp-testgen)"
[ -e /sys/power/pm_test ] || fail "no /sys/power/pm_test (CONFIG_PM_DEBUG)"
grep -qw freeze /sys/power/state || fail "no suspend to idle"

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks

MDEV=
MDEV=$(visp_media)
[ -n "$MDEV" ] || fail "no visp media device"

# Times the power domain was switched off.
pd_offs() { awk 'NR == 2 { print $3 }' $PD; }

# Suspend to idle once a few frames are done, with more in flight.
sleep_now() {
	wait_stat frames_done $((start + 4))
	grep -q '^running: 1' $VISP_STATS || fail "not streaming before sleep"
	offs=$(pd_offs)
	before=$(visp_stat frames_done)
	echo platform > /sys/power/pm_test
	echo freeze > /sys/power/state || fail "system sleep failed"
	echo none > /sys/power/pm_test
	before=$((before - start))
	echo "slept after $before of $COUNT frames"
	[ "$before" -lt "$COUNT" ] || fail "the stream ended before sleep"
	[ "$(pd_offs)" -gt "$offs" ] || fail "the power domain stayed on"
	[ "$(cat $VISP_PM)" = active ] || fail "not active after resume: $(cat $VISP_PM)"
}

echo 1 > /sys/module/suspend/parameters/pm_test_delay
DATA=$(mktemp -d)
cp -a "$CASE" "$DATA/case" || fail "cannot copy the test case"

case_setup "$DATA/case"
FRAMES=$COUNT
case_stream "$DATA/case" "$DATA/ref" v4l2-ctl v4l2-ctl
failed=$(visp_stat frames_failed)
start=$(visp_stat frames_done)
case_stream "$DATA/case" "$DATA/sleep" v4l2-ctl v4l2-ctl sleep_now
[ "$(visp_stat frames_failed)" = "$failed" ] || fail "frames failed across sleep"

for n in main self stats; do
	[ -s "$DATA/ref/$n.out" ] || fail "no $n output"
	cmp "$DATA/ref/$n.out" "$DATA/sleep/$n.out" || {
		cp "$DATA/ref/$n.out" "$VISP_OUT/sleep-ref-$n.out"
		cp "$DATA/sleep/$n.out" "$VISP_OUT/sleep-$n.out"
		fail "$n differs after sleep"
	}
	echo "$n: $COUNT frames bit-exact across sleep"
done
rm -rf "$DATA"

# Idle, the device sleeps and resumes suspended.
wait_suspended
echo platform > /sys/power/pm_test
echo freeze > /sys/power/state || fail "idle system sleep failed"
echo none > /sys/power/pm_test
[ "$(cat $VISP_PM)" = suspended ] || fail "idle device resumed: $(cat $VISP_PM)"

visp_unload
