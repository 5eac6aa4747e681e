#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 900
#
# make bench (not make check): the latency of single jobs, timing model
# on. visp-latency queues a main path buffer, then the 8-bit Bayer input
# frame that completes the job, and waits for the NV12 output, one job at
# a time (small_pipeline), BENCH_FRAMES (default 20) jobs at 640x480 and
# 1920x1080, the simulator's model in one band per CPU. For each size,
# one line
#
#   latency: SIZE JOBS latency_us hw_us predicted_us driver_us queue_us
#	     done_us
#
# with the medians over the jobs of: the time from the input QBUF to the
# capture DQBUF; the time the simulated hardware took, from the job's
# programming to the end of its frame (visp tracepoints); the frame time
# the timing model predicts for the size at the core and AXI clocks'
# rates (timing.rst); the latency less the hardware's time, the driver's
# share, made of the time from the QBUF to the job's programming and the
# time from the end of the frame (the driver's interrupt thread) to the
# DQBUF's return. JOBS counts the jobs that did not fail (see
# visp-latency.c). Under emulation the simulator computes frames
# far more slowly than the timing model predicts: the hardware's time is
# then the simulator's, and the driver's share is what to compare. In a
# VM with the model on the host (vmtest.py --host-model) both sizes run
# again with the frames computed there, SIZE then followed by ",host":
# the hardware's time comes close to the predicted one. Measured, never
# checked.

. /usr/lib/visp/lib.sh

T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T 2>/dev/null
[ -d $T/events ] || fail "no tracefs: a kernel without tracing"
N=${BENCH_FRAMES:-20}
CLK=/sys/kernel/debug/clk

# The model in the guest first.
modprobe visp-sim timing=1 bands=0 host=0 || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks
M=$(visp_media)

# run W H [TAG]: TAG follows the size in the line
run() {
	small_pipeline "$M" SGRBG8_1X8 GRBG "$1" "$2"
	echo 0 > $T/tracing_on
	echo > $T/trace
	echo mono > $T/trace_clock
	echo 1 > $T/events/visp/visp_job_program/enable
	echo 1 > $T/events/visp/visp_frame_done/enable
	echo 1 > $T/tracing_on
	visp-latency "$(entity_node visp-input "$M")" \
		"$(entity_node visp-main "$M")" "$N" > /tmp/latency.txt
	rc=$?
	echo 0 > $T/tracing_on
	echo 0 > $T/events/visp/enable
	if [ $rc != 0 ] || [ "$(grep -c '^latency: [0-9]* [0-9]' /tmp/latency.txt)" -lt $((N / 2)) ]; then
		echo "latency: $1x$2$3 failed: $(dmesg | grep 'visp.*fail' | tail -1)"
		return
	fi
	core=$(cat $CLK/visp-sim-core/clk_rate)
	axi=$(cat $CLK/visp-sim-axi/clk_rate)
	cat /tmp/latency.txt $T/trace | awk -v w="$1" -v h="$2" -v tag="$3" \
		-v core="$core" -v axi="$axi" "$VISP_TRACE_AWK"'
	/^latency: [0-9]+ [0-9]/ { lat[$2] = $3; t_q[$2] = $4; t_dq[$2] = $5 }
	/ visp_job_program:/ { t_prog[field("frame")] = ts() }
	/ visp_frame_done:/ {
		f = field("frame")
		if (f in t_prog) { hwf[f] = ts() - t_prog[f]; t_done[f] = ts() }
	}
	END {
		for (f in lat) {
			l[++n] = lat[f]
			if (f in hwf) {
				hw[++nh] = hwf[f]
				drv[nh] = lat[f] - hwf[f]
				qu[nh] = t_prog[f] - t_q[f]
				dn[nh] = t_dq[f] - t_done[f]
			}
		}
		# timing.rst: 2 pixels a core cycle, stretched when the AXI
		# clock is below half the core clock
		cyc = (int((w + 1) / 2) + 32) * (h + 4) + 4096
		pred = cyc * 1e6 / core
		if (2 * axi < core)
			pred = pred * core / (2 * axi)
		printf "latency: %dx%d%s %d %.0f %.0f %.0f %.0f %.0f %.0f\n", w, h, tag,
		       n, median(l, n), median(hw, nh), pred, median(drv, nh),
		       median(qu, nh), median(dn, nh)
	}'
}

run 640 480
run 1920 1080
if [ "${VISP_HOST_MODEL:-0}" = 1 ]; then
	echo 1 > /sys/module/visp_sim/parameters/host
	run 640 480 ,host
	run 1920 1080 ,host
	host_model_used
fi
# Setting the clock clears the trace: back to the default once read.
echo local > $T/trace_clock

visp_check_idle
visp_unload
