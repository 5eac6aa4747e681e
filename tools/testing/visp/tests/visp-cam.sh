#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 600
#
# visp-cam, the capture tool on libvisp's pipeline API: its errors (no
# visp module, no camera, a bad raw file, a format the device does not
# support, the device busy), each one sentence and a non-zero exit; a raw
# frame developed through the memory input with MMAP and DMABUF buffers
# and in media requests (--requests, 6 frames in 4 requests, so that
# completed requests are filled and queued again), each bit-exact with the
# reference model (visp-testgen's inline-bars case: the
# sensor's colour bars, rendered on the host); RAW16 on the main path
# (the raw bypass) beside NV12 on the self path, the self image bit-exact
# and the main path's first line the input's samples;
# the inline camera's colour checker under 2800 K from an exposure 8x too
# low and under 7500 K from one 8x too high, with the shipped (calibrated)
# tuning: auto exposure settling within 5 % of its target by frame 10
# with at most one overshoot, from visp-cam's JSON lines, the controls
# written during the frame after the statistics' (visp-csi's frame sync
# events), and the last frame's grey patches neutral (CIELAB |a|, |b| <=
# 2) with a mean CIEDE2000 <= 3 over the 24 patches (visp-tune check).

. /usr/lib/visp/lib.sh

[ -d "$VISP_DATA/cases/inline-bars" ] || fail "no test cases in \$VISP_DATA"
TUNING=$VISP_DATA/tuning/visp-sensor.yaml
[ -f "$TUNING" ] || fail "no tuning file in \$VISP_DATA"
T=$(mktemp -d)

# expect_error WHAT PATTERN CMD...: CMD fails with one line matching PATTERN.
expect_error() {
	what=$1 pat=$2
	shift 2
	"$@" >"$T/err.out" 2>"$T/err.log" && fail "$what: visp-cam succeeded"
	[ "$(wc -l < "$T/err.log")" = 1 ] && grep -q "$pat" "$T/err.log" || {
		cat "$T/err.log"; fail "$what: not the expected message"; }
	echo "$what: $(cat "$T/err.log")"
}

# --- Errors ----------------------------------------------------------------
expect_error "missing module" "visp module is not loaded" visp-cam list
modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks
visp-cam list || fail "visp-cam list"
expect_error "no camera" "No camera is connected" \
	visp-cam capture -n 1 -q -o "$T/none"
head -c 1000 /dev/urandom > "$T/bad.dng"
expect_error "bad raw file" "bad.dng" \
	visp-cam capture -i "$T/bad.dng" -n 1 -q -o "$T/bad"
expect_error "requests from the camera" "needs --input" \
	visp-cam capture --requests -n 1 -q -o "$T/bad"

# --- Memory input, bit-exact -------------------------------------------------
# The case's frame, 10-bit RGGB samples in 16 bits as the sensor renders
# them, developed with the default processing into NV12 on the main path.
CASE=$VISP_DATA/cases/inline-bars
. "$CASE/case.conf"
size=$(($(stat -c %s "$CASE/in.raw") / FRAMES))
osize=$(($(stat -c %s "$CASE/main.exp") / FRAMES))
head -c $size "$CASE/in.raw" > "$T/in.raw"
head -c $osize "$CASE/main.exp" > "$T/main.exp"
for mem in mmap dmabuf requests; do
	opt= n=3
	[ $mem = dmabuf ] && opt=--dmabuf
	[ $mem = requests ] && opt=--requests n=6
	visp-cam capture -i "$T/in.raw" --raw ${W}x${H}:RGGB:10 \
		--main NV12:${MAIN_W}x$MAIN_H -n $n -q --raw-out $opt \
		-o "$T/mem-$mem" || fail "memory input ($mem)"
	cmp "$T/main.exp" "$T/mem-$mem/main.out" ||
		fail "memory input ($mem): main differs from the reference model"
	echo "memory input ($mem): main bit-exact with the reference model"
done
# Two clients queueing requests at once: while one streams with requests,
# a second one is refused as busy, and the first goes on completing
# frames.
visp-cam capture -i "$T/in.raw" --raw ${W}x${H}:RGGB:10 \
	--main NV12:${MAIN_W}x$MAIN_H -n 100000 -q --requests \
	-o "$T/req1" &
cam=$!
wait_streaming visp-main
expect_error "requests, device busy" "busy" \
	visp-cam capture -i "$T/in.raw" --raw ${W}x${H}:RGGB:10 \
	--main NV12:${MAIN_W}x$MAIN_H -n 3 -q --requests -o "$T/req2"
done=$(visp_stat frames_done)
wait_stat frames_done $((done + 3))
kill $cam
wait $cam
visp_check_idle
echo "requests: a second client refused as busy, the first went on"
# The raw bypass beside the processing, as libvisp configures it (main
# from visp-isp's raw source pad, self from its video source pad): the
# self path processes the frame as the main path did above, the main path
# writes the samples of the first line normalised to 16 bits (<< 6).
visp-cam capture -i "$T/in.raw" --raw ${W}x${H}:RGGB:10 \
	--main RG16:${W}x$H --self NV12:${MAIN_W}x$MAIN_H -n 3 -q --raw-out \
	-o "$T/raw-self" || fail "raw main beside a processed self path"
cmp "$T/main.exp" "$T/raw-self/self.out" ||
	fail "raw main beside self: self differs from the reference model"
[ "$(od -An -v -tu2 -N$((W * 2)) "$T/in.raw" | awk '{ for (i = 1; i <= NF; i++) print $i * 64 }')" = \
  "$(od -An -v -tu2 -N$((W * 2)) "$T/raw-self/main.out" | awk '{ for (i = 1; i <= NF; i++) print $i }')" ] ||
	fail "raw main beside self: the raw samples differ from the input's"
echo "raw main beside self: self bit-exact, raw line 0 the input's samples"
visp_unload

# --- Inline camera, closed loop ------------------------------------------------
# check_ae FILE: AE mean within 5 % of the target from frame 10 on, at
# most one crossing of the target.
TARGET=0.16
check_ae() {
	awk -v t=$TARGET '
	match($0, /"ae_mean":[-0-9.e]+/) {
		m = substr($0, RSTART + 10, RLENGTH - 10) + 0
		n++
		if (m < 0) next
		s = m > t ? 1 : -1
		# A crossing that lands more than 5 % beyond: an overshoot.
		if (prev && s != prev && (m > 1.05 * t || m < 0.95 * t)) cross++
		prev = s
		if (n > 10 && (m > 1.05 * t || m < 0.95 * t)) bad = bad " " n - 1 ":" m
		last = m
	}
	END {
		if (n < 12) { print "only " n " frames"; exit 1 }
		if (bad != "") { print "AE off target at" bad; exit 1 }
		if (cross > 1) { print "AE oscillates: " cross " overshoots"; exit 1 }
		printf "AE mean %.4f, target %.2f\n", last, t
	}' "$1"
}

for ill in 2800 7500; do
	modprobe visp-sim || fail "cannot load visp-sim"
	modprobe visp-sensor scene=colour-checker illuminant=$ill ||
		fail "cannot load visp-sensor"
	modprobe visp || fail "cannot load visp"
	mklinks
	MDEV=$(visp_media)
	SENSOR=$(entity_node visp-sensor "$MDEV")
	# Underexposed at 2800 K in RGB24 with MMAP buffers, overexposed at
	# 7500 K in NV12 (its PNG converted from Y'CbCr) with DMABUF: each
	# start, illuminant, format and memory type once, for make check's
	# time (a run is 14 frames at about one a second).
	start=125 mem= fmt=RGB3
	[ $ill = 7500 ] && start=8000 mem=--dmabuf fmt=NV12
	v4l2-ctl -d "$SENSOR" --set-ctrl=exposure=$start,analogue_gain=256,digital_gain=256 ||
		fail "sensor controls"
	out=$T/cam-$ill-$start
	# AF off: the lens stays where it is (AF is make demo's test). A
	# write that came a frame late is told to the 3A (visp_3a_written()),
	# which then knows which settings exposed each frame: counted, not an
	# error (a loaded machine makes some).
	visp-cam capture -s 960x540 --main $fmt:320x180 -t "$TUNING" \
		--vblank 65000 -n 14 -q $mem --af off -o "$out" ||
		fail "$ill K, exposure $start: capture failed"
	echo "$ill K, exposure $start: $(grep -c '"late":true' "$out/frames.jsonl") of 14 writes late"
	check_ae "$out/frames.jsonl" > "$T/ae" || {
		cat "$out/frames.jsonl"; cat "$T/ae"
		fail "$ill K, exposure $start: $(cat "$T/ae")"; }
	echo "$ill K, exposure $start lines ${mem:+(DMABUF)}: $(cat "$T/ae")"
	# The last frame's colour checker: neutral greys, and the
	# colours of the calibrated tuning.
	visp-tune check --max-ab 2 --max-de 3 "$out/main.png" > "$T/chk" || {
		cat "$T/chk"; fail "$ill K, exposure $start: colours"; }
	echo "$ill K, exposure $start lines: $(tail -1 "$T/chk")"
	[ -s "$out/main.png" ] && [ -s "$out/3a.png" ] &&
		[ -s "$out/strip.png" ] || fail "$ill K: files missing"

	# Device busy: a second visp-cam while one streams.
	if [ $ill = 2800 ]; then
		visp-cam capture -s 960x540 --main RGB3:320x180 -n 1000 -q \
			-o "$T/busy1" &
		cam=$!
		wait_streaming visp-main
		expect_error "device busy" "busy" \
			visp-cam capture -s 960x540 --main RGB3:320x180 -n 1 -q \
			-o "$T/busy2"
		kill $cam
		wait $cam
		expect_error "format not supported" "Format not supported" \
			visp-cam capture -s 960x540 --main YU12:320x180 -n 1 -q \
			-o "$T/fmt"
	fi
	visp_unload
done
rm -rf "$T"
