#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 900
#
# make bench-driver (part of make bench, not of make check): what the
# driver costs per frame, from its tracepoints, on Debian's stock kernel.
# The main path streams BENCH_FRAMES (default 100) frames of 8-bit Bayer to
# NV12 at 640x480 and 1920x1080 (BENCH_SIZES; 3840x2160 needs a kernel
# with CMA, make bench-driver's second run), with an empty parameters
# buffer a frame ("idle"), with the parameters of visp-testgen's
# raw-bypass case ("full": BLS, DPC, the whole LSC grid and AWB
# statistics, 13 block registers and the LSC table; its two buffers, in
# turn, differ in 3 of
# them, which are all the driver writes a job after the first) and with
# those parameters but every LSC gain changed from one frame to the next
# (visp-feed -g: "grid", those 3 written a job and the LSC table of 884
# gains filled in memory). Each case runs with two clients: "procs", a
# process a node (v4l2-ctl on the input and main nodes, visp-feed -p on
# the parameters node), each woken up when the driver gives its buffer
# back, and "thread", one thread serving the three nodes from one poll(),
# as a camera stack's event loop does (visp-feed -r). And each runs on two
# kinds of simulated hardware: "model", which computes every frame with
# the reference model, timing model off (the frames end as soon as they
# are computed), and "nopixels" (visp-sim pixels=0), which computes no
# pixel, timing model on (the frames take the time the timing model
# gives them). The model's work runs on the guest's CPUs, beside the
# driver, and slows it down; on silicon the ISP does that work. In a VM
# with the model on the host (vmtest.py --host-model), a third kind,
# "host", computes every frame there, timing model on: the guest's CPUs
# are left to the driver and its clients, as beside silicon. For each
# run, one line
#
#   bench: SIZE PARAMS CLIENT HW prepare_us program_us complete_us
#	   irq_thread_us hardirq_us writes cpu_us pct60 sim_us hw_us done_us
#
# with the medians over the jobs of: a parameters buffer's copy and
# validation, the job's programming, the completion of a frame (its
# error status read and its buffers given back, waking up the clients),
# the interrupt thread's pass that completes it (the registers read and
# acknowledged, the completion, and the next job's programming, its
# usual place), the hard interrupt handler's pass, the block registers
# written; the driver's CPU time per frame, everything it spent between
# the completions of two frames: the preparations, every pass of the
# interrupt thread (those of frame starts too), the programming of jobs
# outside a pass (from VIDIOC_QBUF) and every pass of the hard interrupt
# handler, and that time's share of a 60 fps frame period (16667 us); the
# simulator's time per frame inside those (below); and from programming
# to the end of the frame, and from the end of the frame to the last
# buffer done. Measured, never checked.
#
# The simulated hardware runs on the CPUs inside the driver's code: a
# register write that starts a frame runs the simulator's frame start
# (its configuration decoded, its worker woken), and its frame timer's
# interrupt can land in any of the driver's durations. On silicon the
# first is a store on the bus and the second is the ISP's, not the CPU's.
# visp-sim traces both (visp_sim_access, visp_sim_timer, with their
# time); a duration of the driver counts without those that ended on its
# CPU within it (sim_us, reported apart), and without the hard
# interrupt handler's passes within it, which count on their own.
#
# BENCH_HW, BENCH_SIZES, BENCH_CLIENTS and BENCH_PARAMS narrow the runs
# to some of the hardware kinds, sizes, clients and parameters above, to
# run them longer.
# BENCH_BANDS (default 1) is the model's number of bands (visp-sim bands,
# 0 for one per CPU), printed as "bench-bands: N": a 4K frame computed in
# one band takes longer under TCG than the driver's watchdog (1 s) gives.

. /usr/lib/visp/lib.sh

T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T 2>/dev/null
[ -d $T/events ] || fail "no tracefs: a kernel without tracing"
N=${BENCH_FRAMES:-100}
HOST_HW=
[ "${VISP_HOST_MODEL:-0}" = 1 ] && HOST_HW=host
HWS=${BENCH_HW:-model nopixels $HOST_HW}
SIZES=${BENCH_SIZES:-640x480 1920x1080}
CLIENTS=${BENCH_CLIENTS:-procs thread}
CASES=${BENCH_PARAMS:-idle full grid}
full=$VISP_DATA/cases/raw-bypass/params.bin
[ -f "$full" ] || fail "no $full (visp-testgen)"
cp "$full" /tmp/full.bin

# Each kind of hardware below sets timing, pixels and host.
modprobe visp-sim timing=0 bands="${BENCH_BANDS:-1}" host=0 || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks
bands=$(cat /sys/module/visp_sim/parameters/bands)
[ "$bands" != 0 ] || bands=$(nproc)
echo "bench-bands: $bands"
M=$(visp_media)
P=$(entity_node visp-params "$M")

# run W H PARAMS-NAME PARAMS-FILE CLIENT [VISP-FEED-OPTION]
run() {
	small_pipeline "$M" SGRBG8_1X8 GRBG "$1" "$2"
	echo 0 > $T/tracing_on
	echo > $T/trace
	echo 1 > $T/events/visp/enable
	echo 1 > $T/events/visp_sim/enable
	echo 1 > $T/tracing_on
	main_params_client "$5" "$M" "$N" "$4" $6
	rc=$?
	echo 0 > $T/tracing_on
	echo 0 > $T/events/visp/enable
	echo 0 > $T/events/visp_sim/enable
	if [ $rc != 0 ]; then
		echo "bench: $1x$2 $3 $5 $HW failed: $(dmesg | grep 'visp.*failed' | tail -1)"
		return
	fi
	awk -v size="$1x$2" -v params="$3 $5 $HW" "$VISP_TRACE_AWK"'
	# The simulator in the driver: taken out of its durations, kept apart.
	/ visp_sim_(access|timer):/ { nest(field("ns") / 1000, 1) }
	# The hard handler: counted on its own, and out of what it interrupts.
	/ visp_irq:/ {
		v = field("ns") / 1000; hard[++ni] = v; cpu += v; nest(v, 0)
	}
	/ visp_params_prepare:/ {
		v = field("ns") / 1000; v -= nested(v)
		prep[++np] = v; cpu += v; sim += nested_sim
	}
	/ visp_job_program:/ {
		f = field("frame"); v = field("ns") / 1000
		prog[++ng] = v - nested(v); wr[ng] = field("block_writes")
		t_prog[f] = ts()
		# In a pass of the thread or not: told by the next pass.
		pend_t[++npend] = ts(); pend_v[npend] = prog[ng]
		pend_s[npend] = nested_sim
	}
	/ visp_irq_thread:/ {
		d = field("ns") / 1000; k = field("frames")
		for (i = 1; i <= npend; i++)
			if (pend_t[i] < ts() - d) {
				cpu += pend_v[i]; sim += pend_s[i]
			}
		npend = 0
		v = d - nested(d)
		cpu += v; sim += nested_sim
		if (k > 0) {
			thr[++nt] = v; cmp[nt] = field("done_ns") / 1000
			if (counting)
				for (i = 1; i <= k; i++) {
					fcpu[++nf] = cpu / k; fsim[nf] = sim / k
				}
			counting = 1; cpu = 0; sim = 0
		}
	}
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
		c = median(fcpu, nf)
		printf "bench: %s %s %.1f %.1f %.1f %.1f %.1f %d %.1f %.2f %.1f %.0f %.1f\n",
		       size, params, p, g, median(cmp, nt), t, median(hard, ni),
		       median(wr, ng), c, c * 100 / 16667, median(fsim, nf),
		       median(hw, nh), median(dn, nd)
	}' $T/trace
}

for HW in $HWS; do
	case $HW in
	model) timing=0 pixels=1 host=0 ;;
	nopixels) timing=1 pixels=0 host=0 ;;
	host) timing=1 pixels=1 host=1 ;;
	*) fail "unknown hardware kind $HW" ;;
	esac
	for p in timing pixels host; do
		eval echo \$$p > /sys/module/visp_sim/parameters/$p
	done
	for size in $SIZES; do
		w=${size%x*} h=${size#*x}
		S=$(v4l2-ctl -d "$P" --get-fmt-meta-out | sed -n 's/^[[:space:]]*Buffer Size *: //p')
		{ printf '\001\000\000\000\000\000\000\000'; head -c $((S - 8)) /dev/zero; } >/tmp/idle.bin
		for client in $CLIENTS; do
			for c in $CASES; do
				case $c in
				idle) run "$w" "$h" idle /tmp/idle.bin $client ;;
				full) run "$w" "$h" full /tmp/full.bin $client ;;
				grid) run "$w" "$h" grid /tmp/full.bin $client -g ;;
				esac
			done
		done
	done
done

case " $HWS " in *" host "*) host_model_used ;; esac
visp_check_idle
visp_unload
