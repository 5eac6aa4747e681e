#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 1800
#
# make bench (not make check): frames per second and guest CPU time per
# frame of visp, timing model off, and of its peer vimc in the same run.
# visp streams random 8-bit Bayer frames through the input node to NV12
# on the main path (small_pipeline) at 640x480, 1920x1080 and, when the
# contiguous memory allows it (a kernel with CMA booted with cma=,
# vmtest.py --append), 3840x2160; vimc streams its sensor through its
# debayer and its scaler, unscaled, to RGB24 on its RGB/YUV capture node
# (its documented pipeline, as tests/vimc.sh) at 640x480 and 1920x1080.
# visp runs with the model in the guest (DRIVER visp) and, in a VM with the
# model on the host (vmtest.py --host-model), again with the model there
# (DRIVER visp-host). For each run, one line
#
#   throughput: DRIVER SIZE FRAMES fps cpu_ms_per_frame bands
#
# timed from the start of the capture to its last frame, the CPU time
# being that of every guest CPU (user, system and interrupts) over the
# same span, and bands the simulator's model bands (visp: one per CPU).
# Measured, never checked.

. /usr/lib/visp/lib.sh

# CPU time of all CPUs so far, in ms (USER_HZ = 100)
cpu_ms() {
	awk '/^cpu / { print ($2 + $3 + $4 + $7 + $8 + $9) * 10 }' /proc/stat
}

# Time since boot in ms, to 10 ms
now_ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

# report DRIVER SIZE FRAMES T0 T1 CPU0 CPU1 BANDS
report() {
	awk -v d="$1" -v s="$2" -v n="$3" -v t="$(($5 - $4))" \
	    -v c="$(($7 - $6))" -v b="$8" 'BEGIN {
		printf "throughput: %s %s %d %.2f %.1f %s\n", d, s, n,
		       n * 1000 / t, c / n, b
	}'
}

modprobe visp-sim timing=0 bands=0 host=0 || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks
M=$(visp_media)
bands=$(cat /sys/module/visp_sim/parameters/bands)
[ "$bands" = 0 ] && bands="$(nproc) (one per CPU)"

# visp W H FRAMES [NAME]: NAME visp by default
visp_run() {
	small_pipeline "$M" SGRBG8_1X8 GRBG "$1" "$2"
	v4l2-ctl -d "$(entity_node visp-input "$M")" --stream-out-mmap \
		--stream-loop --stream-from=/tmp/in.raw 2>/dev/null &
	out=$!
	f0=$(visp_stat frames_done)
	t0=$(now_ms) c0=$(cpu_ms)
	# A frame longer than the driver's watchdog (1 s) never completes:
	# bounded, a run with too few frames is reported as failed.
	timeout 300 v4l2-ctl -d "$(entity_node visp-main "$M")" --stream-mmap \
		--stream-count="$3" --stream-to=/dev/null 2>/dev/null
	rc=$?
	t1=$(now_ms) c1=$(cpu_ms)
	kill $out 2>/dev/null
	wait
	# v4l2-ctl may end with status 0 when it cannot allocate buffers
	[ $(($(visp_stat frames_done) - f0)) -ge "$3" ] || rc=1
	if [ $rc != 0 ]; then
		echo "throughput: ${4:-visp} $1x$2 failed: $(dmesg | grep -i 'visp.*fail\|cma' | tail -1)"
		return
	fi
	report "${4:-visp}" "$1x$2" "$3" "$t0" "$t1" "$c0" "$c1" "$bands"
}

# visp_sizes NAME VGA-FRAMES HD-FRAMES 4K-FRAMES
visp_sizes() {
	visp_run 640 480 "$2" "$1"
	visp_run 1920 1080 "$3" "$1"
	# Without CMA (Debian's stock kernel) the page allocator cannot give
	# a 4K frame's contiguous buffers, and warns.
	if grep -q '^CmaTotal:' /proc/meminfo; then
		visp_run 3840 2160 "$4" "$1"
	else
		echo "throughput: $1 3840x2160 failed: no CMA in this kernel"
	fi
}

# The model in the guest, then, in a VM started with vmtest.py
# --host-model, on the host (visp-host), where its frames take some ms.
visp_sizes visp "${BENCH_FRAMES_VGA:-40}" "${BENCH_FRAMES_HD:-12}" \
	"${BENCH_FRAMES_4K:-4}"
if [ "${VISP_HOST_MODEL:-0}" = 1 ]; then
	echo 1 > /sys/module/visp_sim/parameters/host
	visp_sizes visp-host "${BENCH_FRAMES_HOST:-200}" \
		"${BENCH_FRAMES_HOST:-200}" "${BENCH_FRAMES_HOST:-200}"
	sed -n 's/^host_frames /host frames: /p' /sys/kernel/debug/visp-sim/counters
	host_model_used
fi
visp_check_idle
visp_unload

modprobe vimc || fail "cannot load vimc"
mklinks
V=$(ls -d /sys/bus/platform/devices/vimc.0/media* | sed 's|.*/|/dev/|')

# vimc W H FRAMES
vimc_run() {
	for e in '"Sensor A"' '"Debayer A"'; do
		media-ctl -d "$V" -V "$e:0[fmt:SBGGR8_1X8/$1x$2]" ||
			fail "vimc format"
	done
	media-ctl -d "$V" -V "\"Scaler\":0[fmt:RGB888_1X24/$1x$2]" &&
	media-ctl -d "$V" -V "\"Scaler\":0[crop:(0,0)/$1x$2]" &&
	media-ctl -d "$V" -V "\"Scaler\":1[fmt:RGB888_1X24/$1x$2]" ||
		fail "vimc format"
	vdev=$(media-ctl -d "$V" -e "RGB/YUV Capture")
	v4l2-ctl -d "$vdev" -v width="$1",height="$2",pixelformat=RGB3 ||
		fail "vimc format"
	# The sensor's raw capture node is in the pipeline too: STREAMON
	# validates its link, and fails unless its format is the sensor's.
	v4l2-ctl -d "$(media-ctl -d "$V" -e "Raw Capture 0")" \
		-v width="$1",height="$2",pixelformat=BA81 || fail "vimc format"
	t0=$(now_ms) c0=$(cpu_ms)
	# v4l2-ctl ends with status 0 when STREAMON fails: count the buffers
	# it dequeued, a '<' each.
	n=$(v4l2-ctl -d "$vdev" --stream-mmap --stream-count="$3" \
		--stream-to=/dev/null 2>&1 | tr -cd '<' | wc -c)
	t1=$(now_ms) c1=$(cpu_ms)
	if [ "$n" -lt "$3" ]; then
		echo "throughput: vimc $1x$2 failed: $n of $3 frames"
		return
	fi
	report vimc "$1x$2" "$3" "$t0" "$t1" "$c0" "$c1" -
}

vimc_run 640 480 "${BENCH_FRAMES_VGA:-40}"
vimc_run 1920 1080 "${BENCH_FRAMES_HD:-12}"
rmmod vimc
