#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 900
#
# Random hardware faults while every node streams: the input, the
# parameters (changing from frame to frame), the main and self paths and
# the statistics of visp-testgen's scale-params-stats case. One fault at a
# time is armed in the simulator, 1 to 4 jobs after the previous one, at
# random among a hang, a DMA error, corrupted statistics, a slow frame and
# a spurious interrupt. visp-faultrun checks every buffer that comes back:
# a failed job's buffers all carry V4L2_BUF_FLAG_ERROR (the statistics
# alone when only they were corrupted), every other buffer is byte for
# byte the reference model's prediction for the job's input and
# parameters, and the driver's and simulator's counters agree with what it
# saw. Here: a DMA error fails one job, a hang one or two (the watchdog
# resets the ISP with the next job programmed), slow frames and spurious
# interrupts none, and streaming goes on.
#
# VISP_FAULTS_JOBS sets the number of jobs (default 300), VISP_FAULTS_SEED
# the random seed (default: from the clock, printed).

. /usr/lib/visp/lib.sh

case=$VISP_DATA/cases/scale-params-stats
[ -f "$case/case.conf" ] || fail "no test case $case (visp-testgen)"
JOBS=${VISP_FAULTS_JOBS:-300}
SEED=${VISP_FAULTS_SEED:-$(date +%s)}

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks
MDEV=$(visp_media)
[ -n "$MDEV" ] || fail "no visp media device"

# 9p reads into the DMA buffers' PFN mappings fail: read from tmpfs.
DATA=$(mktemp -d)
cp -a "$case" "$DATA"/ || fail "cannot copy the test data"
dir=$DATA/scale-params-stats
case_setup "$dir"
[ "$MAIN" = 1 ] && [ "$SELF" = 1 ] && [ "$STATS" = 1 ] && [ "$PARAMS" = 1 ] ||
	fail "the case does not use every node"

node() { entity_node "$1" "$MDEV"; }
timeouts() {
	dmesg | grep -cE 'visp visp.0: (frame [0-9]* timed out|timeout waiting for the hardware), resetting'
}

# run NAME FAULTS: visp-faultrun with these faults; sets the counts.
run() {
	t0=$(timeouts)
	echo "$1: seed $SEED, $JOBS jobs, faults $2"
	visp-faultrun -x "$SEED" -j "$JOBS" -g 4 -f "$2" -n "$FRAMES" \
		-i "$(node visp-input):$dir/in.raw" \
		-p "$(node visp-params):$dir/params.bin" \
		-m "$(node visp-main):$dir/main.exp" \
		-s "$(node visp-self):$dir/self.exp" \
		-t "$(node visp-stats):$dir/stats.exp" >/tmp/faultrun.log 2>&1
	rc=$?
	cat /tmp/faultrun.log
	[ $rc = 0 ] || {
		cat $VISP_STATS /sys/kernel/debug/visp-sim/counters
		dmesg | tail -20
		fail "$1: visp-faultrun failed"
	}
	t=$(($(timeouts) - t0))
	get() { sed -n "s/^fault $1 //p" /tmp/faultrun.log; }
	hang=$(get hang) dma=$(get dma_error) corrupt=$(get corrupt_stats)
	slow=$(get slow) spurious=$(get spurious_irq)
	set -- $(sed -n 's/^jobs \([0-9]*\) good \([0-9]*\) failed \([0-9]*\) stats_invalid \([0-9]*\)$/\1 \2 \3 \4/p' /tmp/faultrun.log)
	jobs=$1 good=$2 failed=$3 invalid=$4
	[ -n "$invalid" ] || fail "no totals from visp-faultrun"
	# A guest stalled by its host for the watchdog's second fails jobs
	# too: each reset beyond the injected hangs, one or two jobs.
	[ "$t" -ge "$hang" ] || fail "$hang hangs, $t watchdog resets"
	[ "$failed" -ge $((dma + hang)) ] && [ "$failed" -le $((dma + 2 * t)) ] ||
		fail "$failed jobs failed, for $dma DMA errors, $hang hangs and $t resets"
	[ "$invalid" -le "$corrupt" ] &&
		[ "$invalid" -ge $((corrupt - (t - hang))) ] ||
		fail "$invalid invalid statistics for $corrupt corrupted"
	[ "$good" -gt 0 ] || fail "no good job"
}

run "all faults" hang,dma_error,corrupt_stats,slow,spurious_irq
[ $((hang * dma * corrupt * slow * spurious)) -gt 0 ] ||
	fail "not every fault was injected: use more jobs"
sum=$((hang + dma + corrupt + slow + spurious))
echo "visp-report: faults | hangs, DMA errors, corrupted statistics, slow frames and spurious interrupts at random, one at a time 1 to 4 jobs apart, while the input, parameters, both paths and the statistics stream | $sum faults ($hang/$dma/$corrupt/$slow/$spurious) in $jobs jobs | $failed jobs failed with all their buffers, $invalid statistics buffers alone; the $good others bit-exact with the reference model; counters agree"

rm -rf "$DATA"
visp_check_idle
visp_unload
