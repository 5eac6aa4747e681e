#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 900
#
# make bench-driver (part of make bench, not of make check): what the
# driver costs per frame, from its tracepoints, on Debian's stock kernel.
# The main path streams BENCH_FRAMES (default 100) frames of 8-bit Bayer to
# NV12 at 640x480 and 1920x1080, with an empty parameters
# buffer a frame ("idle"), with the parameters of visp-testgen's
# raw-bypass case ("full": BLS, DPC, the whole LSC grid and AWB
# statistics, 13 block registers and the LSC table; its two buffers, in
# turn, differ in 3 of
# them, which are all the driver writes a job after the first) and with
# those parameters but every LSC gain changed from one frame to the next
# (visp-feed -g: "grid", those 3 written a job and the LSC table of 884
# gains filled in memory). For
# each run, one line
#
#   bench: SIZE PARAMS prepare_us program_us irq_thread_us writes
#	   cpu_us pct60 hw_us done_us
#
# with the medians over the jobs of: a parameters buffer's copy and
# validation, the job's programming, the interrupt thread's pass that
# completes it (and programs the next job, the programming's usual place),
# the block registers written; the preparation plus the thread's pass, the
# driver's CPU time per frame, and its share of a 60 fps frame period
# (16667 us); and from programming to the end of the
# frame (the simulated hardware, timing model off), and from the end of
# the frame to the last buffer done. Measured, never checked.

. /usr/lib/visp/lib.sh

T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T 2>/dev/null
[ -d $T/events ] || fail "no tracefs: a kernel without tracing"
N=${BENCH_FRAMES:-100}
full=$VISP_DATA/cases/raw-bypass/params.bin
[ -f "$full" ] || fail "no $full (visp-testgen)"
cp "$full" /tmp/full.bin

modprobe visp-sim timing=0 || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks
M=$(visp_media)
P=$(entity_node visp-params "$M")

# run W H PARAMS-NAME PARAMS-FILE [VISP-FEED-OPTION]
run() {
	small_pipeline "$M" SGRBG8_1X8 GRBG "$1" "$2"
	echo 0 > $T/tracing_on
	echo > $T/trace
	echo 1 > $T/events/visp/enable
	echo 1 > $T/tracing_on
	main_params_stream "$M" "$N" "$4" $5
	rc=$?
	echo 0 > $T/tracing_on
	echo 0 > $T/events/visp/enable
	if [ $rc != 0 ]; then
		echo "bench: $1x$2 $3 failed: $(dmesg | grep 'visp.*failed' | tail -1)"
		return
	fi
	awk -v size="$1x$2" -v params="$3" "$VISP_TRACE_AWK"'
	/ visp_params_prepare:/ { prep[++np] = field("ns") / 1000 }
	/ visp_job_program:/ {
		f = field("frame")
		prog[++ng] = field("ns") / 1000; wr[ng] = field("block_writes")
		t_prog[f] = ts()
	}
	/ visp_irq_thread:/ { if (field("frames") > 0) thr[++nt] = field("ns") / 1000 }
	/ visp_frame_done:/ {
		f = field("frame"); t_done[f] = ts()
		if (f in t_prog) hw[++nh] = t_done[f] - t_prog[f]
	}
	/ visp_buf_done:/ {
		f = field("frame")
		if (f in t_done) last[f] = ts() - t_done[f]
	}
	END {
		for (f in last) dn[++nd] = last[f]
		p = median(prep, np); g = median(prog, ng); t = median(thr, nt)
		printf "bench: %s %s %.1f %.1f %.1f %d %.1f %.2f %.0f %.1f\n",
		       size, params, p, g, t, median(wr, ng), p + t,
		       (p + t) * 100 / 16667, median(hw, nh), median(dn, nd)
	}' $T/trace
}

for size in 640x480 1920x1080; do
	w=${size%x*} h=${size#*x}
	S=$(v4l2-ctl -d "$P" --get-fmt-meta-out | sed -n 's/^[[:space:]]*Buffer Size *: //p')
	{ printf '\001\000\000\000\000\000\000\000'; head -c $((S - 8)) /dev/zero; } >/tmp/idle.bin
	run "$w" "$h" idle /tmp/idle.bin
	run "$w" "$h" full /tmp/full.bin
	run "$w" "$h" grid /tmp/full.bin -g
done

visp_check_idle
visp_unload
