#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 300
#
# The driver's tracepoints (include/trace/events/visp.h) on a kernel with
# tracing (Debian's stock kernel; the debug test kernel has none): while
# the main path streams 20 frames with the parameters node fed, every job
# is programmed once, its frame ends once, after it was programmed, and
# then its input, main and parameters buffers complete, each once, with
# the frame's number; the client dequeues that many buffers from the main
# node, the only capture node streaming (vb2's own dqbuf event), so a
# client that stops early while the frames it queued still complete is
# caught; every parameters buffer was prepared, and the durations the
# events carry are set; no frame start interrupt came (the driver masks
# it memory to memory, with no subscriber to visp-isp's frame sync
# events), and every frame that a register write started (visp-sim's
# visp_sim_access events) started within a job's programming, on the
# same CPU, as make bench-driver takes it. It is checked with the model
# computing the frames and with no pixels computed (visp-sim pixels=0:
# the frames take the timing model's time, as in make bench-driver), each
# with both clients of make bench-driver: a process a node (v4l2-ctl,
# visp-feed -p) and one thread serving the three nodes (visp-feed -r).
# The median durations are printed (measured, not checked);
# VISP_TRACE_PARAMS names a file of parameters buffers (visp-feed -p) to
# use instead of an empty one.
#
# Then a subscriber to visp-isp's frame sync events (visp-inline sync)
# gets 4 of them while 60 frames stream, and frame start interrupts come
# back for it; when it has left, they stop again.
#
# Then the driver writes only the registers whose value changes: with the
# first parameters buffer of visp-testgen's raw-bypass case (BLS, DPC, the
# whole LSC grid and AWB statistics) in every buffer, the jobs after the
# first write no block register; with every other buffer's LSC gains
# changed (visp-feed -g), they write none either: the gains go to the ISP
# in a table in memory (LSC_ADDR), not through the LSC_TABLE registers.

. /usr/lib/visp/lib.sh

T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T 2>/dev/null
[ -d $T/events ] || fail "no tracefs: a kernel without tracing"

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks
M=$(visp_media)
[ -d $T/events/visp ] || fail "no visp trace events"
ls $T/events/visp

small_pipeline "$M" SGRBG8_1X8 GRBG 128 64
# A parameters buffer with no block (version 1, data_size 0): the
# configuration persists. visp-feed -p reads buffers of the node's size.
P=$(entity_node visp-params "$M")
S=$(v4l2-ctl -d "$P" --get-fmt-meta-out | sed -n 's/^[[:space:]]*Buffer Size *: //p')
[ -n "$S" ] || fail "no buffer size of visp-params"
{ printf '\001\000\000\000\000\000\000\000'; head -c $((S - 8)) /dev/zero; } >/tmp/params.bin
[ -z "$VISP_TRACE_PARAMS" ] || cp "$VISP_DATA/$VISP_TRACE_PARAMS" /tmp/params.bin

# trace CLIENT FRAMES PARAMS-FILE [VISP-FEED-OPTION]: trace the visp events
# while the main path streams FRAMES frames, visp-feed -p giving
# PARAMS-FILE, served by CLIENT (main_params_client).
trace() {
	echo 0 > $T/tracing_on
	echo > $T/trace
	echo 1 > $T/tracing_on
	main_params_client "$1" "$M" "$2" "$3" $4 || fail "capture failed (client $1)"
	echo 0 > $T/tracing_on
}

# check_order FRAMES: per frame of the trace, the order of its events and
# their counts. Nodes: 0 input, 1 main, 3 params (enum visp_video_id).
# The main node's buffers dequeued: vb2_dqbuf events of the capture
# queue type (V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE).
check_order() {
awk -v n="$1" "$VISP_TRACE_AWK"'
/ visp_sim_access:/ {
	if (field("ns") == 0) bad = bad " sim-access-ns"
	if (index(field("events"), "start")) {
		sim_starts++; nest(field("ns") / 1000, 1)
	}
}
/ visp_job_program:/ {
	f = field("frame"); prog[f]++; order[f] = order[f] "P"
	if (field("ns") == 0) bad = bad " program-ns"
	nested(field("ns") / 1000)
	if (nested_sim > 0) sim_in_prog++
}
/ visp_frame_done:/ {
	f = field("frame"); done[f]++; order[f] = order[f] "D"
}
/ visp_buf_done:/ {
	f = field("frame"); order[f] = order[f] "B" field("node")
}
/ visp_params_prepare:/ {
	prep++
	if (field("ret") != 0 || field("ns") == 0) bad = bad " prepare"
}
/ visp_irq_thread:/ {
	if (field("ns") == 0) bad = bad " thread-ns"
	if (field("frames") > 0 && field("done_ns") == 0)
		bad = bad " thread-done-ns"
}
/ visp_irq:/ {
	irqs++
	if (field("ns") == 0) bad = bad " irq-ns"
	if (frame_start(field("mis"))) starts++
}
/ vb2_dqbuf:/ && / type = 9,/ { dq++ }
END {
	for (f = 0; f < n; f++) {
		o = order[f]
		if (prog[f] != 1 || done[f] != 1 || o !~ /^PD/ ||
		    gsub(/B0/, "", o) != 1 || gsub(/B1/, "", o) != 1 ||
		    gsub(/B3/, "", o) != 1 || o != "PD") {
			print "frame " f ": events " order[f]
			err = 1
		}
	}
	if (prep < n) { print prep " parameters buffers prepared"; err = 1 }
	if (!irqs) { print "no interrupt"; err = 1 }
	if (dq != n) { print dq + 0 " main buffers dequeued"; err = 1 }
	if (bad != "") { print "durations not set:" bad; err = 1 }
	if (starts) {
		print starts " frame start interrupts, none subscribed"
		err = 1
	}
	if (sim_in_prog != sim_starts) {
		print sim_starts " frames started by register writes, " \
		      sim_in_prog + 0 " of them in a job programming"
		err = 1
	}
	if (!err)
		print n " frames: programmed, ended, 3 buffers done, main" \
		      " dequeued; " prep \
		      " parameters buffers prepared, " irqs " interrupts; " \
		      sim_starts + 0 " frames started by the programming"
	exit err
}' $T/trace
}

# The number of frame start interrupts in the trace.
frame_starts() {
	awk "$VISP_TRACE_AWK"'
	/ visp_irq:/ && frame_start(field("mis")) { n++ }
	END { print n + 0 }' $T/trace
}

[ -d $T/events/vb2/vb2_dqbuf ] || fail "no vb2_dqbuf trace event"
[ -d $T/events/visp_sim ] || fail "no visp_sim trace events"
echo 1 > $T/events/visp/enable
echo 1 > $T/events/visp_sim/enable
echo 1 > $T/events/vb2/vb2_dqbuf/enable
N=20
for hw in model nopixels; do
	[ $hw = model ] || echo 0 > /sys/module/visp_sim/parameters/pixels
	for client in procs thread; do
		trace $client $N /tmp/params.bin
		cp $T/trace "$VISP_OUT/visp-trace-$hw-$client.txt"
		echo "$hw, client $client: $(grep -c ' visp_' $T/trace) events"
		check_order $N || fail "trace check failed ($hw, client $client)"
	done
done
echo 1 > /sys/module/visp_sim/parameters/pixels

# Medians: ns of each event with a duration, block registers per job.
for e in params_prepare job_program irq_thread; do
	sed -n "s/.* visp_$e: .*ns=\([0-9]*\).*/\1/p" $T/trace | sort -n |
		awk -v e=$e '{ v[NR] = $1 } END { print e ": median " v[int((NR + 1) / 2)] " ns, max " v[NR] " ns, " NR " events" }'
done
sed -n 's/.* visp_job_program: .*block_writes=\([0-9]*\).*/\1/p' $T/trace | sort -n |
	awk '{ v[NR] = $1 } END { print "block registers per job: median " v[int((NR + 1) / 2)] ", max " v[NR] }'

# A subscriber to visp-isp's frame sync events unmasks the frame start
# interrupt, which sends them, until it unsubscribes.
ISP=$(entity_node visp-isp "$M")
visp-inline sync "$ISP" 4 > /tmp/isp-sync &
sync_pid=$!
# Subscribed once it waits in poll() (10 s at most for each event).
i=0
until grep -q poll "/proc/$sync_pid/wchan" 2>/dev/null; do
	i=$((i + 1))
	[ $i -le 100 ] || fail "visp-inline sync does not wait for events"
	sleep 0.1
done
trace procs 60 /tmp/params.bin
wait $sync_pid || fail "no frame sync events from visp-isp"
cat /tmp/isp-sync
[ "$(wc -l < /tmp/isp-sync)" = 4 ] || fail "not 4 frame sync events"
n=$(frame_starts)
echo "frame start interrupts with a subscriber: $n"
[ "$n" -ge 4 ] || fail "$n frame start interrupts for 4 frame sync events"
trace procs 6 /tmp/params.bin
n=$(frame_starts)
[ "$n" = 0 ] || fail "$n frame start interrupts after the subscriber left"

# writes FEED-OPTION EXPECTED: stream 6 frames with the first raw-bypass
# parameters buffer; the block registers of the jobs after the first must
# be EXPECTED each.
head -c "$S" "$VISP_DATA/cases/raw-bypass/params.bin" > /tmp/raw-bypass.bin
writes() {
	trace procs 6 /tmp/raw-bypass.bin $1
	sed -n 's/.* visp_job_program: frame=\([0-9]*\) block_writes=\([0-9]*\).*/\1 \2/p' \
		$T/trace > /tmp/writes.txt
	name=${1:-same buffers}
	echo "block registers per job ($name):" \
		"$(cut -d' ' -f2 /tmp/writes.txt | tr '\n' ' ')"
	awk -v want="$2" '$1 > 0 && $2 != want { bad = 1 }
		END { exit bad || NR < 6 }' /tmp/writes.txt ||
		fail "jobs ($name) write other than $2 block registers"
}
writes "" 0
writes -g 0

echo 0 > $T/events/visp/enable
echo 0 > $T/events/visp_sim/enable
echo 0 > $T/events/vb2/vb2_dqbuf/enable
visp_check_idle
visp_unload
