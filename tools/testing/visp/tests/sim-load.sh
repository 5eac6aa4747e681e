#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# visp-sim creates the simulated SoC: the SoC and ISP devices, the clocks,
# the power domain, the register map, the interrupt and its debugfs files,
# in their power-up state; unloading it removes all of them, twice over.

. /usr/lib/visp/lib.sh
set -e

D=/sys/kernel/debug
P=/sys/bus/platform/devices
CLOCKS="core axi apb"

sim_irq_chips() {
	cat /sys/kernel/irq/*/chip_name 2>/dev/null | grep -c '^visp-sim$' || true
}

check_loaded() {
	test -e $P/visp-sim || fail "no visp-sim device"
	test -e $P/visp.0 || fail "no visp.0 device"
	[ "$(readlink -f $P/visp.0/..)" = "$(readlink -f $P/visp-sim)" ] ||
		fail "visp.0 is not a child of visp-sim"
	for c in $CLOCKS; do
		test -d $D/clk/visp-sim-$c-src || fail "no $c source clock"
		test -d $D/clk/visp-sim-$c || fail "no $c gate"
		[ "$(cat $D/clk/visp-sim-$c/clk_parent)" = "visp-sim-$c-src" ] ||
			fail "$c gate has the wrong parent"
		[ "$(cat $D/clk/visp-sim-$c/clk_enable_count)" = 0 ] ||
			fail "$c gate enabled at load"
	done
	[ "$(cat $D/clk/visp-sim-core/clk_rate)" = 400000000 ] ||
		fail "core clock not at its maximum rate"
	[ "$(cat $D/clk/visp-sim-apb/clk_rate)" = 200000000 ] ||
		fail "apb clock not at its maximum rate"
	test -d $D/pm_genpd/visp-sim-pd || fail "no power domain"
	grep -q visp.0 $D/pm_genpd/visp-sim-pd/devices ||
		fail "visp.0 is not in the power domain"
	grep -q '^off' $D/pm_genpd/visp-sim-pd/current_state ||
		fail "power domain on at load"
	test -d $D/regmap/visp-sim || fail "no register map"
	[ "$(sim_irq_chips)" = 1 ] || fail "no visp-sim interrupt"
	grep -qx 'power off' $D/visp-sim/state || fail "ISP powered at load"
	grep -qx 'reset asserted' $D/visp-sim/state || fail "reset not asserted"
	grep -qx 'clock core off 400000000' $D/visp-sim/state ||
		fail "state does not show the core clock"
	for n in frames bus_errors dma_errors injected_faults; do
		grep -qx "$n 0" $D/visp-sim/counters || fail "counter $n not 0"
	done
	for f in hang dma_error corrupt_stats slow; do
		echo 1 > $D/visp-sim/inject/$f
		[ "$(cat $D/visp-sim/inject/$f)" = 1 ] || fail "cannot arm $f"
		echo 0 > $D/visp-sim/inject/$f
	done
	[ "$(cat $D/visp-sim/inject/slow_ms)" = 500 ] || fail "slow_ms not 500"
	[ "$(cat /sys/module/visp_sim/parameters/timing)" = Y ] ||
		fail "timing not on by default"
}

check_unloaded() {
	for p in $P/visp-sim $P/visp.0 $D/visp-sim $D/pm_genpd/visp-sim-pd \
		 $D/regmap/visp-sim; do
		test ! -e "$p" || fail "$p left behind"
	done
	for c in $CLOCKS; do
		test ! -e $D/clk/visp-sim-$c-src || fail "$c source left behind"
		test ! -e $D/clk/visp-sim-$c || fail "$c gate left behind"
	done
	[ "$(sim_irq_chips)" = 0 ] || fail "interrupt left behind"
}

for i in 1 2; do
	modprobe visp-sim
	check_loaded
	modprobe -r visp-sim
	check_unloaded
	echo "load/unload cycle $i ok"
done
