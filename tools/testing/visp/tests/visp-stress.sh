#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 600
#
# Stress the driver, bounded in time for make check:
#  1. QBUF and DQBUF from several threads on one file handle of the input
#     and of the main node, STREAMOFF under their feet; the same process
#     killed with SIGKILL at random moments.
#  2. VISP_STRESS_CYCLES cycles of STREAMON, a few frames and STREAMOFF of
#     the whole pipeline (input, main and self paths, statistics,
#     parameters) in changing orders, the buffers reallocated every 8
#     cycles. make check runs $CYCLES_DEFAULT, `make stress` 1000 (one
#     cycle takes 0.09 s under TCG with the debug kernel, 0.25 to 0.38 s
#     on a loaded host).
#  3. While the pipeline streams, every node (media device, subdevs, video
#     nodes) opened many times at once from threads running the read-only
#     ioctls.
#  4. Streaming clients killed with SIGKILL at random moments: one process
#     holding every node, or a process per node killed in random order.
# After every part no job is left, no node streams and the device is
# runtime suspended; no frame failed but those the driver's watchdog reset
# (a host stall), and the simulator saw no bus error.

. /usr/lib/visp/lib.sh

CYCLES_DEFAULT=200
CYCLES=${VISP_STRESS_CYCLES:-$CYCLES_DEFAULT}

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks

M=$(visp_media)
ent() { media-ctl -d "$M" -e "$1"; }

# A random number from 0 to $1 - 1.
rand() {
	echo $(($(od -A n -N 2 -t u2 /dev/urandom) % $1))
}

# Sleep for a random time up to $1 tenths of a second.
rand_sleep() {
	t=$(rand "$1")
	sleep $((t / 10)).$((t % 10))
}

# Part 1: threads on the main-only pipeline.
small_pipeline "$M" SGBRG8_1X8 GBRG 64 32
visp-stress threads 8 4 "$(ent visp-input)" "$(ent visp-main)" ||
	fail "threads"
visp_check_idle
for round in 1 2; do
	visp-stress threads 100 4 "$(ent visp-input)" "$(ent visp-main)" \
		>/dev/null &
	rand_sleep 30
	kill -9 $! || fail "threads died before SIGKILL"
	wait
	visp_check_idle
done
echo "threads killed 2 times"
echo "visp-report: stress | 4 threads each doing QBUF/DQBUF on one handle of visp-input and of visp-main, then the process killed mid-stream | 8 frames, then 2 kills | no buffer or frame dequeued twice or lost; idle and suspended after each kill"

# Part 2: the whole pipeline started and stopped $CYCLES times.
full_pipeline "$M" SGBRG8_1X8 GBRG 64 32
NODES="-i $(ent visp-input) -m $(ent visp-main) -s $(ent visp-self)
	-t $(ent visp-stats) -p $(ent visp-params)"
frames() { echo $(($(visp_stat frames_done) + $(visp_stat frames_failed))); }
done=$(frames)
visp-stress cycles "$CYCLES" $NODES || fail "cycles"
[ "$(frames)" -ge $((done + 2 * CYCLES)) ] ||
	fail "$CYCLES cycles but $(($(frames) - done)) frames"
visp_check_idle
echo "visp-report: stress | STREAMON/STREAMOFF of the whole pipeline (input, main, self, statistics, parameters) in varied orders, buffers reallocated every 8 cycles | $CYCLES cycles | every buffer back after STREAMOFF, frames in sequence, idle and suspended afterwards"

# Part 3: opens of every node while streaming.
visp-stress cycles 100000 $NODES >/dev/null &
cycles=$!
visp-stress opens 8 "$M" $(for e in visp-isp visp-resizer-main \
	visp-resizer-self visp-input visp-main visp-self visp-params \
	visp-stats; do ent $e; done) || fail "opens"
kill $cycles || fail "cycles died while the nodes were opened"
wait
visp_check_idle
echo "visp-report: stress | concurrent opens and read-only ioctls of the 9 nodes while the pipeline cycles | 8 s | idle and suspended afterwards"

# Part 4: streaming clients killed at random moments.
done=$(visp_stat frames_done)
for round in 1 2 3 4 5; do
	if [ "$(rand 2)" = 0 ]; then
		visp-stress cycles 100000 $NODES >/dev/null &
		pids=$!
		how="one process"
	else
		pids=
		for n in main self stats; do
			v4l2-ctl -d "$(ent visp-$n)" --stream-mmap \
				--stream-to=/dev/null 2>/dev/null &
			pids="$pids $!"
		done
		v4l2-ctl -d "$(ent visp-input)" --stream-out-mmap \
			--stream-loop --stream-from=/tmp/in.raw 2>/dev/null &
		pids="$pids $!"
		how="a process per node"
	fi
	rand_sleep 20
	for p in $pids; do
		rand_sleep 3
		kill -9 "$p" || fail "$how: a client died before SIGKILL"
	done
	wait
	visp_check_idle
	echo "round $round, $how killed: $(visp_stat frames_done) frames done"
done
[ "$(visp_stat frames_done)" -gt "$done" ] || fail "no frame while killing"
check_frames_failed
echo "visp-report: stress | streaming clients killed with SIGKILL at random moments, one process or one per node | 5 rounds | idle and suspended after each; no frame failed but for watchdog resets of a stalled guest; no bus error"

visp_unload
