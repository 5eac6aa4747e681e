#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 300
#
# Every frame that has a DMA error, and no other, completes with an error,
# also when frames fail back to back while the next job is queued in the
# hardware. DMA errors are injected in the simulator at random intervals
# for a bounded time, in bursts that fail consecutive frames and with gaps
# between them; then the number of frames the simulator failed must equal
# the number the driver completed with an error and the number of buffers
# dequeued with V4L2_BUF_FLAG_ERROR.

. /usr/lib/visp/lib.sh

SIM=/sys/kernel/debug/visp-sim
SECONDS_INJECT=30

# Counter $1 of the simulator.
sim_count() {
	sed -n "s/^$1 //p" $SIM/counters
}

# The simulator's count of frames that ended in $f.
sim_frames() {
	read -r _ f < $SIM/counters
}

# The time since boot in $now, centiseconds.
uptime_cs() {
	read -r up _ < /proc/uptime
	now=$((${up%.*} * 100 + 1${up#*.} - 100))
}

# A pseudo-random number from 0 to $1 - 1 in $r, without a fork: a linear
# congruential generator seeded from /dev/urandom.
seed=$(od -A n -N 2 -t u2 /dev/urandom)
rnd() {
	seed=$(((seed * 1103515245 + 12345) % 2147483648))
	r=$((seed / 65536 % $1))
}

# Watchdog resets, which fail the jobs in flight whatever their frames.
timeouts() {
	dmesg | grep -c 'visp visp.0: frame [0-9]* timed out'
}

timeouts0=$(timeouts)
modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks

M=$(visp_media)
small_pipeline "$M" SGRBG8_1X8 GRBG 128 64

v4l2-ctl -d "$(entity_node visp-main "$M")" --verbose --stream-mmap \
	--stream-to=/dev/null >/tmp/cap.log 2>&1 &
cap=$!
v4l2-ctl -d "$(entity_node visp-input "$M")" --stream-out-mmap \
	--stream-loop --stream-from=/tmp/in.raw 2>/dev/null &
out=$!
wait_stat frames_done 5
[ "$(visp_stat frames_failed)" = 0 ] || fail "frames failed before any fault"
[ "$(sim_count dma_errors)" = 0 ] || fail "DMA errors before any fault"

# Bursts that fail 1 to 8 consecutive frames, re-arming the fault as fast
# as the shell can until that many frames have ended, separated by 0 to 3
# frames without a fault. Without a fork: forks are slow under TCG.
uptime_cs
end=$((now + SECONDS_INJECT * 100))
bursts=0
while [ $now -lt $end ]; do
	rnd 8
	sim_frames
	stop=$((f + r + 1))
	while echo 1 > $SIM/inject/dma_error; sim_frames; uptime_cs
	      [ $f -lt $stop ] && [ $now -lt $end ]; do
		:
	done
	echo 0 > $SIM/inject/dma_error
	rnd 4
	stop=$((f + r))
	while sim_frames; uptime_cs; [ $f -lt $stop ] && [ $now -lt $end ]; do
		:
	done
	bursts=$((bursts + 1))
done
echo 0 > $SIM/inject/dma_error

# Let every failed frame complete and its buffer be dequeued: a job needs
# a capture buffer, and v4l2-ctl has only a few.
done=$(visp_stat frames_done)
wait_stat frames_done $((done + 10))
kill $out $cap
wait

sim_err=$(sim_count dma_errors)
failed=$(visp_stat frames_failed)
dq_err=$(grep -c '^cap dqbuf: .*(error' /tmp/cap.log)
grep '^cap dqbuf: .*(error' /tmp/cap.log |
	sed 's/^cap dqbuf: [0-9]* seq: *\([0-9]*\) .*/\1/' > /tmp/err.seq
b2b=$(awk 'NR > 1 && $1 == prev + 1 { n++ } { prev = $1 } END { print n + 0 }' \
	/tmp/err.seq)
echo "bursts $bursts, simulator frames $(sim_count frames), DMA errors $sim_err"
echo "driver frames done $(visp_stat frames_done), failed $failed," \
     "dequeued with an error $dq_err, back to back $b2b"

[ "$sim_err" -gt 0 ] || fail "no DMA error injected"
[ "$(sim_count cfg_errors)" = 0 ] || fail "configuration errors"
[ "$(visp_stat irq_storms)" = 0 ] || fail "interrupt storms"
[ "$(timeouts)" = "$timeouts0" ] ||
	fail "a frame timed out: the watchdog failed the jobs in flight"
[ "$failed" = "$sim_err" ] ||
	fail "the simulator failed $sim_err frames, the driver $failed"
[ "$dq_err" = "$sim_err" ] ||
	fail "the simulator failed $sim_err frames, $dq_err buffers dequeued with an error"
[ "$b2b" -gt 0 ] || fail "no two consecutive frames failed"
echo "every failed frame, and no other, completed with an error"
echo "visp-report: faults | bursts of 1 to 8 DMA errors, 0 to 3 good frames apart, while streaming | $sim_err failed frames, $b2b back to back | each failed frame's buffers, and no others, completed with an error; simulator and driver counts agree"

wait_suspended
visp_unload
