# SPDX-License-Identifier: GPL-2.0
# Helpers for guest test scripts: . /usr/lib/visp/lib.sh

# Without udev: /dev/char/M:m links, so media-ctl and v4l2-ctl can open
# nodes by entity name. Call again after loading a module. Only the links
# that are missing or point elsewhere are made: a fork of ln per device
# took 5 s a call under TCG.
mklinks() {
	mkdir -p /dev/char
	for u in /sys/dev/char/*/uevent; do
		MAJOR='' MINOR='' DEVNAME=''
		. "$u" 2>/dev/null
		[ -n "$DEVNAME" ] || continue
		[ "/dev/char/$MAJOR:$MINOR" -ef "/dev/$DEVNAME" ] ||
			ln -sf "/dev/$DEVNAME" "/dev/char/$MAJOR:$MINOR"
	done
	true
}

# The media device of the visp driver.
visp_media() {
	for m in /dev/media*; do
		media-ctl -d "$m" -p 2>/dev/null | grep -q '^driver *visp$' && echo "$m"
	done
}

# Device node of the media entity named $1 on media device $2.
entity_node() {
	media-ctl -d "$2" -e "$1"
}

# The debugfs statistics and the runtime PM status of visp.0.
VISP_STATS=/sys/kernel/debug/visp.0/stats
VISP_PM=/sys/bus/platform/devices/visp.0/power/runtime_status

# Counter $1 of the driver's debugfs stats (frames_done, frames_failed).
visp_stat() {
	sed -n "s/^$1: //p" $VISP_STATS
}

# Wait until counter $1 of the driver reaches at least $2, for up to $3
# seconds (10 by default, in 0.05 s polls).
wait_stat() {
	i=0
	until [ "$(visp_stat "$1")" -ge "$2" ]; do
		i=$((i + 1))
		[ $i -lt $((${3:-10} * 20)) ] ||
			fail "$1 is $(visp_stat "$1"), expected $2 within ${3:-10} s"
		sleep 0.05
	done
}

# Wait until visp.0 is runtime suspended.
wait_suspended() {
	i=0
	until [ "$(cat $VISP_PM)" = suspended ]; do
		i=$((i + 1))
		[ $i -lt 50 ] || fail "not runtime suspended: $(cat $VISP_PM)"
		sleep 0.1
	done
}

# visp.0 is idle: no job in the hardware, no node streaming, and the
# device runtime suspended.
visp_check_idle() {
	wait_suspended
	[ "$(visp_stat jobs)" = 0 ] && [ "$(visp_stat running)" = 0 ] &&
		! grep -q ': streaming$' $VISP_STATS ||
		fail "not idle: $(cat $VISP_STATS)"
}

# No frame failed but those the watchdog reset, which a guest stalled by
# its host for a second (as under TCG on a loaded machine) can cause: as
# many frames as the messages say (up to two jobs each).
check_frames_failed() {
	n=$(dmesg | grep -cE 'visp visp.0: (frame [0-9]* timed out|timeout waiting for the hardware), resetting')
	[ "$(visp_stat frames_failed)" -le $((2 * n)) ] ||
		fail "$(visp_stat frames_failed) frames failed, $n timeouts"
	[ "$n" = 0 ] || echo "watchdog resets (host stalls?): $n"
}

# End of a visp test: the simulator saw no bus error over the whole run;
# print the driver's statistics and unload both modules.
visp_unload() {
	grep -qx 'bus_errors 0' /sys/kernel/debug/visp-sim/counters ||
		fail "bus errors: $(cat /sys/kernel/debug/visp-sim/counters)"
	cat $VISP_STATS
	modprobe -r visp || fail "cannot unload visp"
	# The sensor's driver uses the simulator's CSI-2 link.
	if grep -q '^visp_sensor ' /proc/modules; then
		modprobe -r visp-sensor || fail "cannot unload visp-sensor"
	fi
	modprobe -r visp-sim || fail "cannot unload visp-sim"
}

# In a VM with the model on the host (vmtest.py --host-model), some of
# the frames of the test ran there: call before unloading visp-sim.
host_model_used() {
	[ "${VISP_HOST_MODEL:-0}" = 1 ] || return 0
	n=$(sed -n 's/^host_frames //p' /sys/kernel/debug/visp-sim/counters)
	[ "$n" -gt 0 ] || fail "no frame ran on the host's model"
	echo "$n frames ran on the host's model"
}

# A main-path-only pipeline on media device $1 for tests that need frames,
# not particular images: $4x$5 8-bit Bayer input of media bus code $2 and
# fourcc $3, NV12 output of the same size; random input in /tmp/in.raw.
small_pipeline() {
	media-ctl -d "$1" -l '"visp-isp":2 -> "visp-resizer-self":0 [0]' ||
		fail "link"
	media-ctl -d "$1" -V "\"visp-isp\":0 [fmt:$2/${4}x$5]" || fail "format"
	media-ctl -d "$1" -V "\"visp-resizer-main\":0 [fmt:RGB121212_1X36/${4}x$5]" ||
		fail "format"
	v4l2-ctl -d "$(entity_node visp-input "$1")" \
		--set-fmt-video-out=width="$4",height="$5",pixelformat="$3" ||
		fail "format"
	v4l2-ctl -d "$(entity_node visp-main "$1")" \
		--set-fmt-video=width="$4",height="$5",pixelformat=NV12 ||
		fail "format"
	head -c $(($4 * $5)) /dev/urandom > /tmp/in.raw
}

# The whole pipeline on media device $1: small_pipeline() (same arguments)
# with the self path (NV12 of the same size) and the statistics enabled.
full_pipeline() {
	small_pipeline "$@"
	media-ctl -d "$1" -l '"visp-isp":2 -> "visp-resizer-self":0 [1]' ||
		fail "link"
	media-ctl -d "$1" -l '"visp-resizer-self":1 -> "visp-self":0 [1]' ||
		fail "link"
	media-ctl -d "$1" -l '"visp-isp":3 -> "visp-stats":0 [1]' || fail "link"
	media-ctl -d "$1" -V "\"visp-resizer-self\":0 [fmt:RGB121212_1X36/${4}x$5]" ||
		fail "format"
	v4l2-ctl -d "$(entity_node visp-self "$1")" \
		--set-fmt-video=width="$4",height="$5",pixelformat=NV12 ||
		fail "format"
}

# Stream small_pipeline() on media device $1 until killed: the capture's
# pid in $cap, the input's in $out.
small_stream() {
	v4l2-ctl -d "$(entity_node visp-main "$1")" --stream-mmap \
		--stream-to=/dev/null 2>/dev/null &
	cap=$!
	v4l2-ctl -d "$(entity_node visp-input "$1")" --stream-out-mmap \
		--stream-loop --stream-from=/tmp/in.raw 2>/dev/null &
	out=$!
}

# Streaming cases of tools/visp/visp-testgen: a directory with case.conf
# (formats, sizes, the outputs used, FRAMES), in.raw (the input frames)
# and, for PARAMS=1, params.bin (parameters buffers). The helpers act on
# the visp media device $MDEV; case_setup sets the variables of case.conf.

case_mc() {
	media-ctl -d "$MDEV" "$@" || fail "media-ctl $*"
}

# Load the simulator (with the module parameters given, if any), the
# sensor and the driver, and make the links.
visp_load() {
	modprobe visp-sim "$@" || fail "cannot load visp-sim"
	modprobe visp-sensor || fail "cannot load visp-sensor"
	modprobe visp || fail "cannot load visp"
	mklinks
}

# The sensor of the visp media device shows its colour bars, which it
# renders once: its frames cost the ISP alone.
sensor_bars() {
	v4l2-ctl -d "$(entity_node visp-sensor "$(visp_media)")" \
		--set-ctrl=test_pattern=1 || fail "sensor controls"
}

# The inline pipeline streaming statistics only: the sensor $SENSOR in
# its 960x540 binned mode, 10 bits, not flipped, through visp-csi.
stats_only() {
	case_mc -r
	case_mc -l '"visp-csi":1 -> "visp-isp":0 [1]'
	case_mc -V '"visp-sensor":0 [fmt:SRGGB10_1X10/960x540]'
	case_mc -V '"visp-csi":0 [fmt:SRGGB10_1X10/960x540]'
	case_mc -V '"visp-isp":0 [fmt:SRGGB10_1X10/960x540 crop:(0,0)/960x540]'
	case_mc -l '"visp-isp":3 -> "visp-stats":0 [1]'
	v4l2-ctl -d "$SENSOR" --set-ctrl=horizontal_flip=0,vertical_flip=0 ||
		fail "flips"
}

# Wait until the debugfs state of node $1 is "streaming".
wait_streaming() {
	i=0
	until grep -q "^$1: streaming" $VISP_STATS; do
		i=$((i + 1))
		[ $i -lt 200 ] || fail "$1 does not stream"
		sleep 0.05
	done
}

# main_params_stream MEDIA FRAMES PARAMS-FILE [VISP-FEED-OPTION]: the
# main path of small_pipeline's pipeline streams FRAMES frames of
# /tmp/in.raw, visp-feed -p giving the parameters buffers of PARAMS-FILE;
# the status is the capture's.
main_params_stream() {
	local cap par out rc

	v4l2-ctl -d "$(entity_node visp-main "$1")" --stream-mmap \
		--stream-count="$2" --stream-to=/dev/null 2>/dev/null &
	cap=$!
	visp-feed -p $4 "$(entity_node visp-params "$1")" "$3" &
	par=$!
	wait_streaming visp-params
	v4l2-ctl -d "$(entity_node visp-input "$1")" --stream-out-mmap \
		--stream-loop --stream-from=/tmp/in.raw 2>/dev/null &
	out=$!
	wait $cap
	rc=$?
	kill $out $par
	wait
	return $rc
}

# main_params_run MEDIA FRAMES PARAMS-FILE [VISP-FEED-OPTION]: as
# main_params_stream, but the three nodes are served by one thread
# (visp-feed -r), as a camera stack's event loop serves them, and the
# input buffers are filled once.
main_params_run() {
	visp-feed -r "$2" $4 "$(entity_node visp-input "$1")" /tmp/in.raw \
		"$(entity_node visp-params "$1")" "$3" \
		"$(entity_node visp-main "$1")"
}

# main_params_client CLIENT MEDIA FRAMES PARAMS-FILE [VISP-FEED-OPTION]:
# main_params_run for CLIENT "thread", main_params_stream for "procs" (a
# process a node), the two clients of make bench-driver.
main_params_client() {
	case "$1" in
	thread) shift; main_params_run "$@" ;;
	procs) shift; main_params_stream "$@" ;;
	*) fail "no client $1" ;;
	esac
}

# yavta's name of the pixel format $1, empty if it has none.
yavta_fmt() {
	yavta -f help 2>&1 | sed -n "s/^\([A-Za-z0-9_]*\) (\"$1\".*/\1/p"
}

# case_setup DIR: the links and formats of the case, from the defaults.
case_setup() {
	local p en lc fourcc code crop w h sink pad src

	MAIN=0 SELF=0 STATS=0 PARAMS=0 COLORIMETRY= INLINE=0 HFLIP=0 VFLIP=0
	. "$1/case.conf"

	case_mc -r
	if [ "$INLINE" = 1 ]; then
		# The sensor's colour bars, read out with the case's flips.
		v4l2-ctl -d "$(entity_node visp-sensor "$MDEV")" \
			--set-ctrl=horizontal_flip=$HFLIP,vertical_flip=$VFLIP,test_pattern=1 ||
			fail "$1: sensor controls"
		case_mc -l '"visp-csi":1 -> "visp-isp":0 [1]'
		case_mc -V "\"visp-sensor\":0 [fmt:$IN_CODE/${W}x${H}]"
		case_mc -V "\"visp-csi\":0 [fmt:$IN_CODE/${W}x${H}]"
	else
		case_mc -l '"visp-input":0 -> "visp-isp":0 [1]'
	fi
	case_mc -V "\"visp-isp\":0 [fmt:$IN_CODE/${W}x${H} crop:$CROP]"
	# The ISP source pads before their links: media-ctl sets a source
	# pad's format on the sink pads its links reach too. A path takes the
	# ISP's video source pad, 2, or for the main path's raw bypass its raw
	# source pad, 4, in the input's code.
	for p in MAIN SELF; do
		eval en=\$$p pad=\$${p}_ISP_PAD src=\$${p}_SRC_CODE
		[ "$en" = 1 ] || continue
		case_mc -V "\"visp-isp\":$pad [fmt:$src/${CROP_W}x${CROP_H}]"
	done
	[ "$INLINE" = 1 ] || v4l2-ctl -d "$(entity_node visp-input "$MDEV")" \
		--set-fmt-video-out=width=$W,height=$H,pixelformat=$IN_FOURCC ||
		fail "$1: input format"

	for p in MAIN SELF; do
		eval en=\$$p
		[ "$en" = 1 ] || continue
		lc=$(echo $p | tr MAINSELF mainself)
		eval fourcc=\$${p}_FOURCC code=\$${p}_CODE crop=\$${p}_CROP
		eval w=\$${p}_W h=\$${p}_H
		eval pad=\$${p}_ISP_PAD src=\$${p}_SRC_CODE
		case_mc -l "\"visp-isp\":$pad -> \"visp-resizer-$lc\":0 [1]"
		case_mc -l "\"visp-resizer-$lc\":1 -> \"visp-$lc\":0 [1]"
		sink="fmt:$src/${CROP_W}x${CROP_H} crop:$crop"
		case_mc -V "\"visp-resizer-$lc\":0 [$sink compose:(0,0)/${w}x${h}]"
		case_mc -V "\"visp-resizer-$lc\":1 [fmt:$code/${w}x${h}]"
		v4l2-ctl -d "$(entity_node visp-$lc "$MDEV")" \
			--set-fmt-video=width=$w,height=$h,pixelformat=$fourcc,$COLORIMETRY ||
			fail "$1: $lc format"
	done
	[ "$STATS" = 1 ] && case_mc -l '"visp-isp":3 -> "visp-stats":0 [1]'
	true
}

# case_stream DIR OUT CAPTURE-CLIENT INPUT-CLIENT [CMD]: $FRAMES frames of
# every enabled output of the case set up from DIR to OUT/<node>.out, with
# v4l2-ctl or yavta capturing the image nodes and feeding the input, or
# visp-feed:OFFSET feeding it at a data offset, and CMD run once the
# streams are started. The statistics are captured with v4l2-ctl, the
# parameters fed with visp-feed -p, which queues each buffer of params.bin
# with its real size (v4l2-ctl would set the buffer size as bytesused).
case_stream() {
	local dir=$1 out=$2 cap=$3 feed=$4 name n N en fourcc w h fmt caps
	local feeds first size c in

	name=$(basename "$dir")
	mkdir -p "$out"
	rm -f "$out"/*.out "$out"/y-*

	# The capture streams stop after $FRAMES frames; the input and the
	# parameters loop over their files until they are stopped. A job waits
	# for a buffer on every enabled output, so the captures get exactly
	# the first $FRAMES frames, and for a parameters buffer while the
	# parameters stream, so that stream starts first.
	caps=
	for n in main self stats; do
		N=$(echo $n | tr a-z A-Z)
		eval en=\$$N fourcc=\$${N}_FOURCC w=\$${N}_W h=\$${N}_H
		[ "$en" = 1 ] || continue
		if [ "$cap" = yavta ] && [ $n != stats ]; then
			# yavta sets the format again: the same one.
			fmt=$(yavta_fmt "$fourcc")
			[ -n "$fmt" ] || fail "$name: yavta has no $fourcc"
			timeout 120 yavta -c"$FRAMES" -n2 -f "$fmt" -s "${w}x$h" \
				--file="$out/y-$n-#.bin" \
				"$(entity_node visp-$n "$MDEV")" \
				>"$out/yavta-$n.log" 2>&1 &
		else
			timeout 120 v4l2-ctl -d "$(entity_node visp-$n "$MDEV")" \
				--stream-mmap --stream-count="$FRAMES" \
				--stream-to="$out/$n.out" &
		fi
		caps="$caps $n:$!"
	done
	feeds=
	if [ "$PARAMS" = 1 ]; then
		visp-feed -p "$(entity_node visp-params "$MDEV")" \
			"$dir/params.bin" &
		feeds="$feeds $!"
		wait_streaming visp-params
	fi
	if [ "$INLINE" = 1 ]; then
		: # the camera feeds the pipeline
	elif [ "$feed" = yavta ]; then
		# Started by the captures, the pipeline validates the input
		# when it joins: the input, not streaming yet, may change its
		# format, and STREAMON fails (EPIPE) while it does not match.
		first=${caps# }
		wait_streaming "visp-${first%%:*}"
		in=$(entity_node visp-input "$MDEV")
		v4l2-ctl -d "$in" --set-fmt-video-out=width=$((W - 16)) ||
			fail "$name: input format, not streaming, not changed"
		# One frame of that size (v4l2-ctl calls STREAMON once it has
		# queued its buffers).
		size=$(v4l2-ctl -d "$in" --get-fmt-video-out |
		       sed -n 's/^[[:space:]]*Size Image *: //p')
		head -c "$size" "$dir/in.raw" >"$out/in-small.raw"
		timeout 20 v4l2-ctl -d "$in" --stream-out-mmap --stream-loop \
			--stream-count=8 --stream-from="$out/in-small.raw" \
			>"$out/streamon.log" 2>&1
		grep -q 'VIDIOC_STREAMON.*Broken pipe' "$out/streamon.log" ||
			fail "$name: input of another size joined: $(cat "$out/streamon.log")"
		v4l2-ctl -d "$in" --set-fmt-video-out=width=$W ||
			fail "$name: input format back"
		# The first frame only; -f and -s set the current format again
		# (yavta knows no name for some raw formats: then it keeps it).
		size=$(($(stat -c %s "$dir/in.raw") / FRAMES))
		head -c $size "$dir/in.raw" >"$out/in0.raw"
		fmt=$(yavta_fmt "$IN_FOURCC")
		yavta -B output-mplane -c1000 -n2 ${fmt:+-f "$fmt" -s "${W}x$H"} \
			--file="$out/in0.raw" "$in" >"$out/yavta-input.log" 2>&1 &
		feeds="$feeds $!"
		# Once the input streams, its format cannot change.
		wait_streaming visp-input
		v4l2-ctl -d "$in" --set-fmt-video-out=width=$((W - 16)) \
			2>/dev/null && fail "$name: input format changed while it streams"
	elif [ "${feed%%:*}" = visp-feed ]; then
		visp-feed -o "${feed#*:}" "$(entity_node visp-input "$MDEV")" \
			"$dir/in.raw" &
		feeds="$feeds $!"
	else
		v4l2-ctl -d "$(entity_node visp-input "$MDEV")" --stream-out-mmap \
			--stream-loop --stream-from="$dir/in.raw" &
		feeds="$feeds $!"
	fi

	[ -z "$5" ] || $5

	for c in $caps; do
		if ! wait "${c#*:}"; then
			cat $VISP_STATS /sys/kernel/debug/visp-sim/counters
			cat "$out"/yavta-*.log 2>/dev/null
			dmesg | tail -20
			[ -z "$feeds" ] || kill $feeds
			fail "$name: $cap: ${c%%:*} capture failed"
		fi
		[ "$cap" = yavta ] && [ "${c%%:*}" != stats ] &&
			cat "$out/y-${c%%:*}-"*.bin >"$out/${c%%:*}.out"
	done
	[ -z "$feeds" ] || kill $feeds 2>/dev/null
	wait
}

# KUnit: copy the results of every suite that debugfs shows to $VISP_OUT,
# where the host parses them (one *.ktap file per suite).
kunit_collect() {
	for d in /sys/kernel/debug/kunit/*/; do
		[ -e "$d/results" ] || continue
		s=$(basename "$d")
		cp "$d/results" "$VISP_OUT/kunit-$s.ktap"
		echo "collected KUnit suite $s"
	done
}

fail() {
	echo "FAIL: $*"
	exit 1
}

# libcamera as make libcamera installed it in $VISP_DATA/libcamera: its
# environment (cam, lc-compliance, the visp and vimc IPAs), or one line
# "SKIP reason" and the test ends, passing, when there is none.
lc_env() {
	LIBCAMERA_DIR=$VISP_DATA/libcamera
	if [ ! -x "$LIBCAMERA_DIR/bin/cam" ]; then
		echo "SKIP no libcamera build in \$VISP_DATA/libcamera (make libcamera)"
		exit 0
	fi
	. "$LIBCAMERA_DIR/env.sh"
	export LIBCAMERA_LOG_LEVELS="${LIBCAMERA_LOG_LEVELS:-*:WARN}"
	cat "$LIBCAMERA_DIR/version"
}

# The id of the camera of libcamera whose name contains $1 (cam -l).
lc_camera() {
	cam -l 2>/dev/null | sed -n "s/^[0-9]*: .*$1.* (\(.*\))\$/\1/p" | head -1
}

# awk functions for the tracepoints' text (the bench tests): field(NAME),
# the value of NAME=VALUE in the line; ts(), the line's time stamp in us;
# cpu(), the line's CPU; frame_start(MIS), whether the interrupt status
# MIS (0x...) holds FRAME_START; median(A, N) of A[1] to A[N], which it sorts;
# nest(V, SIM) keeps a duration of V us that ended at the line, on its
# CPU (SIM: the simulator's, else the driver's hard interrupt handler's),
# and nested(D) sums those kept that ended on the line's CPU in the D us
# before it, the time they took inside an interval of the driver that
# the line ends (the simulator's part of it in nested_sim). Put before
# the program: awk "$VISP_TRACE_AWK"'PROGRAM'.
VISP_TRACE_AWK='
	function field(name,   i) {
		for (i = 1; i <= NF; i++)
			if (index($i, name "=") == 1)
				return substr($i, length(name) + 2)
		return ""
	}
	function ts(   i) {
		for (i = 1; i <= NF; i++)
			if ($i ~ /^[0-9]+\.[0-9]+:$/)
				return substr($i, 1, length($i) - 1) * 1e6
	}
	function cpu(   i) {
		for (i = 1; i <= NF; i++)
			if ($i ~ /^\[[0-9]+\]$/)
				return substr($i, 2, length($i) - 2) + 0
		return -1
	}
	function nest(v, sim) {
		nest_t[++nest_n] = ts(); nest_c[nest_n] = cpu()
		nest_v[nest_n] = v; nest_s[nest_n] = sim
	}
	function nested(d,   t, c, i, sum) {
		t = ts(); c = cpu(); sum = 0; nested_sim = 0
		while (nest_lo < nest_n && nest_t[nest_lo + 1] < t - 1e6)
			delete nest_t[++nest_lo]
		for (i = nest_lo + 1; i <= nest_n; i++)
			if (nest_c[i] == c && nest_t[i] > t - d &&
			    nest_t[i] <= t) {
				sum += nest_v[i]
				if (nest_s[i])
					nested_sim += nest_v[i]
			}
		return sum
	}
	function frame_start(mis) {
		mis = substr(mis, length(mis), 1)
		return int((index("0123456789abcdef", mis) - 1) / 4) % 2
	}
	function median(a, n,   i, j, t) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return n ? a[int((n + 1) / 2)] : 0
	}
'
