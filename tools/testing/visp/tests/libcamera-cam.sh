#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 600
#
# libcamera with the project's visp pipeline handler and IPA (make
# libcamera), the sensor's colour bars: cam -l lists the visp camera, cam
# -p its properties (the sensor's model, pixel array, location and
# rotation); cam captures 30 requests of the viewfinder role (self path,
# 320x180 BGR888) and the still role (main path, 640x360 NV12) together,
# every frame of both streams written to a file of the stream's frame
# size, the last ones showing the bars, at 10 frames a second
# (FrameDurationLimits). Then the raw role (the main path's raw bypass,
# the sensor's 16-bit samples) beside the viewfinder role (the self path,
# processed) for 8 requests. Then auto focus: the natural scene, the
# lens (visp-lens) at 0, cam with AfMode=Auto and AfTrigger=Start on the
# first request; the last request's metadata has AfState Focused and the
# lens's focus_absolute is within 15 of 512, where the scene is sharp.
# Then manual focus, AfMode=Manual and LensPosition 2.5 dioptres: the
# lens at 256, the metadata's LensPosition 2.5; then AfMode=Continuous
# from the lens at 0, without a trigger: Focused, within 15 of 512.
# Then the tuning's af section: 5 coarse steps make a search measure 0,
# then 256; an af setting out of range leaves libcamera without the
# camera. Prints one "SKIP" line and passes without a libcamera build.

. /usr/lib/visp/lib.sh
lc_env

T=$(mktemp -d)
visp_load
# The colour bars (libcamera leaves the test pattern alone).
sensor_bars

cam -l > "$T/list" 2>&1 || { cat "$T/list"; fail "cam -l failed"; }
cat "$T/list"
ID=$(lc_camera visp)
[ -n "$ID" ] || fail "cam -l does not list the visp camera"

cam -c "$ID" -p > "$T/props" 2>&1 || { cat "$T/props"; fail "cam -p failed"; }
cat "$T/props"
grep -q 'Model = visp-sensor$' "$T/props" || fail "no Model property visp-sensor"
grep -q 'PixelArraySize = 1920x1080$' "$T/props" ||
	fail "no PixelArraySize property 1920x1080"
# The sensor's firmware node: an external camera (CameraLocationExternal),
# mounted upright: from its controls, not libcamera's defaults.
grep -q 'Location = 2 (CameraLocationExternal)$' "$T/props" ||
	fail "no Location property CameraLocationExternal"
grep -q 'Rotation = 0$' "$T/props" || fail "no Rotation property 0"
! grep -E 'camera location|Rotation control not available' "$T/props" ||
	fail "libcamera does not find the sensor's orientation or rotation"

# 10 frames a second (FrameDurationLimits): the ISP's model under TCG
# takes a good part of that for a frame, faster frames would be dropped.
cat > "$T/script.yaml" <<EOT
frames:
  - 0:
      FrameDurationLimits: [100000, 100000]
EOT
mkdir "$T/f"
cam -c "$ID" -C30 --script "$T/script.yaml" \
	-s role=viewfinder,width=320,height=180,pixelformat=BGR888 \
	-s role=still,width=640,height=360,pixelformat=NV12 \
	-F"$T/f/#.bin" > "$T/cap" 2>&1 || { cat "$T/cap"; fail "capture failed"; }
head -4 "$T/cap"
tail -2 "$T/cap"

# pixels FILE OFFSET BYTES N: the distinct pixels of N bytes each in the
# BYTES bytes at OFFSET of FILE, one a line.
pixels() {
	dd if="$1" bs=1 skip="$2" count="$3" 2>/dev/null | od -An -tu1 -v |
		awk -v n="$4" '{ for (i = 1; i <= NF; i++) { p = p " " $i
			if (++k == n) { print p; p = ""; k = 0 } } }' | sort -u
}

# level FILE OFFSET BPP: the sum of the BPP bytes at OFFSET of FILE.
level() {
	dd if="$1" bs=1 skip="$2" count="$3" 2>/dev/null | od -An -tu1 -v |
		awk '{ for (i = 1; i <= NF; i++) s += $i } END { print s + 0 }'
}

# check_files NAME SIZE N: N files of stream NAME, each of SIZE bytes;
# sets n to their number and last to the last one.
check_files() {
	n=$(ls "$T/f" | grep -c -- "-$1-")
	[ "$n" = "$3" ] || fail "$1: $n frames written, expected $3"
	for f in "$T"/f/*-"$1"-*.bin; do
		[ "$(stat -c %s "$f")" = "$2" ] ||
			fail "$1: $f has $(stat -c %s "$f") bytes, expected $2"
	done
	last=$(ls "$T"/f/*-"$1"-*.bin | tail -1)
}

# check_stream NAME SIZE WIDTH HEIGHT BPP [N]: N (30) files of SIZE bytes;
# the last one shows the colour bars: its line half way down (WIDTH pixels
# of BPP bytes, of the Y plane for NV12) has 8 colours or more, the first
# bar (white) at least 100 levels a byte brighter than the last (black).
check_stream() {
	check_files "$1" "$2" "${6:-30}"
	line=$(($3 * $5))
	mid=$((line * $4 / 2))
	colours=$(pixels "$last" $mid $line $5 | wc -l)
	[ "$colours" -ge 8 ] || fail "$1: $colours colours in a line of the bars"
	white=$(level "$last" $((mid + $3 / 16 * $5)) $5)
	black=$(level "$last" $((mid + $3 * 15 / 16 * $5)) $5)
	[ "$white" -ge $((black + 100 * $5)) ] ||
		fail "$1: first bar $white, last bar $black: not the colour bars"
	echo "$1: $n frames of $2 bytes, the last with the bars: $colours colours, white $white, black $black"
}
check_stream stream0 $((320 * 180 * 3)) 320 180 3
check_stream stream1 $((640 * 360 * 3 / 2)) 640 360 1

# The raw bypass on the main path beside the processed self path: the
# raw role gets the sensor's size in 16-bit samples, the viewfinder its
# processed frames at the same time.
rm -rf "$T/f"
mkdir "$T/f"
cam -c "$ID" -C8 --script "$T/script.yaml" \
	-s role=raw \
	-s role=viewfinder,width=320,height=180,pixelformat=BGR888 \
	-F"$T/f/#.bin" > "$T/cap" 2>&1 || { cat "$T/cap"; fail "raw and viewfinder capture failed"; }
head -4 "$T/cap"
check_stream stream1 $((320 * 180 * 3)) 320 180 3 8

# mean16 FILE OFFSET COUNT: the mean of COUNT 16-bit samples at OFFSET.
mean16() {
	dd if="$1" bs=2 skip="$2" count="$3" 2>/dev/null | od -An -tu2 -v |
		awk '{ for (i = 1; i <= NF; i++) { s += $i; n++ } }
		     END { print n ? int(s / n) : 0 }'
}
check_files stream0 $((1920 * 1080 * 2)) 8
# The bars in the raw samples: the first (white) well above the last
# (black), 32 samples of two lines half way down (both CFA rows).
white=$(( $(mean16 "$last" $((1920 * 540 + 60)) 32) + $(mean16 "$last" $((1920 * 541 + 60)) 32) ))
black=$(( $(mean16 "$last" $((1920 * 540 + 1860)) 32) + $(mean16 "$last" $((1920 * 541 + 1860)) 32) ))
[ "$white" -ge $((black + 2 * 16384)) ] ||
	fail "raw: first bar $white, last bar $black: not the colour bars"
echo "raw: 8 frames of $((1920 * 1080 * 2)) bytes, the last with the bars: white $white, black $black"

# Auto focus through the IPA: from the lens's end (0), a search on the
# natural scene; the viewfinder alone, so that the sensor renders its
# binned mode, the cheapest. The modules loaded afresh: the sensor's
# exposure and gain at their defaults, not the bars' (from those the AGC
# takes some 40 requests more to settle, and AF waits for it).
visp_unload
visp_load
ID=$(lc_camera visp)
[ -n "$ID" ] || fail "cam -l does not list the visp camera after a reload"
MDEV=$(visp_media)
LENS=$(entity_node visp-lens "$MDEV")
[ -c "$LENS" ] || fail "no visp-lens node"
v4l2-ctl -d "$(entity_node visp-sensor "$MDEV")" --set-ctrl=test_pattern=0 ||
	fail "sensor controls"
v4l2-ctl -d "$LENS" --set-ctrl=focus_absolute=0 || fail "lens position"

# af_capture NAME N: cam with the viewfinder alone for N requests and the
# controls of $T/NAME.yaml; the AfState and LensPosition of each request
# in $T/NAME.af, one line each ("-" for none); sets state to the last
# AfState, pos to the lens's focus_absolute after and secs to the time.
af_capture() {
	t0=$(date +%s)
	LIBCAMERA_LOG_LEVELS=IPAVisp:DEBUG \
	cam -c "$ID" -C"$2" --metadata --script "$T/$1.yaml" \
		-s role=viewfinder,width=320,height=180,pixelformat=BGR888 \
		> "$T/$1" 2>&1 || { cat "$T/$1"; fail "$1: capture failed"; }
	awk '/^\tAfState = / { s = $3 } /^\tLensPosition = / { l = $3 }
	     /^[0-9]+\.[0-9]+ / { if (n++) print s, l; s = l = "-" }
	     END { print s, l }' "$T/$1" > "$T/$1.af"
	pos=$(v4l2-ctl -d "$LENS" --get-ctrl=focus_absolute | sed 's/.*: //')
	state=$(tail -1 "$T/$1.af" | cut -d' ' -f1)
	secs=$(($(date +%s) - t0))
	echo "$1: $2 requests in $secs s, the last $(awk '$1 != 2 { k = NR } END { print NR - k }' "$T/$1.af") with AfState Focused, lens at $pos"
}

# af_focused NAME: the search of $T/NAME ended Focused with the lens
# within 15 of 512; its AF lines and every request's AfState and
# LensPosition printed otherwise.
af_focused() {
	[ "$state" = 2 ] || { grep -E "AF|ERROR" "$T/$1"; tr '\n' ' ' < "$T/$1.af"; echo; fail "$1: the last AfState is $state, not 2 (Focused)"; }
	[ "$pos" -ge 497 ] && [ "$pos" -le 527 ] ||
		fail "$1: the lens is at $pos, not within 15 of 512"
}

cat > "$T/af-auto.yaml" <<EOT
frames:
  - 0:
      AfMode: 1
      AfTrigger: 0
EOT
af_capture af-auto 70
af_focused af-auto

# Manual focus, the lens where the search left it: AfMode=Manual and
# LensPosition 2.5 dioptres (0 to 10 over the lens's 0 to 1023) on the
# first request: the lens goes to 256 and the last requests' metadata
# LensPosition is 2.5, the position they were exposed with.
cat > "$T/af-manual.yaml" <<EOT
frames:
  - 0:
      AfMode: 0
      LensPosition: 2.5
EOT
af_capture af-manual 8
[ "$pos" = 256 ] || { cat "$T/af-manual.af"; fail "af-manual: the lens is at $pos, not 256"; }
tail -3 "$T/af-manual.af" | awk '{ if ($2 == "-" || $2 < 2.499 || $2 > 2.503) exit 1 }' ||
	{ cat "$T/af-manual.af"; fail "af-manual: the last LensPosition is not 2.5"; }

# Continuous auto focus, from the lens at 0 without a trigger: the IPA
# searches on its own and ends Focused at the sharp position.
v4l2-ctl -d "$LENS" --set-ctrl=focus_absolute=0 || fail "lens position"
cat > "$T/af-continuous.yaml" <<EOT
frames:
  - 0:
      AfMode: 2
EOT
af_capture af-continuous 70
af_focused af-continuous

# The tuning's af section reaches the IPA (LIBCAMERA_VISP_TUNING_FILE
# names the file): with 5 coarse positions instead of 9, a search from
# the lens at 0 measures 256 second (9 give 128). An af section with a
# setting out of range is refused, and libcamera lists no visp camera.
TUNING=$LIBCAMERA_DIR/share-ipa/visp/visp-sensor.yaml
sed 's/^    coarse_steps: 9$/    coarse_steps: 5/' "$TUNING" > "$T/af5.yaml"
grep -q '^    coarse_steps: 5$' "$T/af5.yaml" || fail "the installed tuning has no af section with 9 coarse steps"
sed 's/^    threshold: 16$/    threshold: 0/' "$TUNING" > "$T/af-bad.yaml"
v4l2-ctl -d "$LENS" --set-ctrl=focus_absolute=0 || fail "lens position"
export LIBCAMERA_VISP_TUNING_FILE="$T/af5.yaml"
cp "$T/af-auto.yaml" "$T/af-tuned.yaml"
af_capture af-tuned 40
first=$(sed -n 's/.*AF position \([0-9]*\) sharpness.*/\1/p' "$T/af-tuned" | head -2 | tr '\n' ' ')
[ "$first" = "0 256 " ] || { grep -E "AF|ERROR" "$T/af-tuned"; fail "af, 5 coarse steps: the first positions measured are '$first', not '0 256 '"; }
echo "af, 5 coarse steps: the search measured 0, then 256"
LIBCAMERA_VISP_TUNING_FILE="$T/af-bad.yaml" LIBCAMERA_LOG_LEVELS=IPAVisp:ERROR \
	cam -l > "$T/af-bad" 2>&1
grep -q 'The af section lacks a setting or has one out of range' "$T/af-bad" ||
	{ cat "$T/af-bad"; fail "af threshold 0: the IPA did not refuse the tuning"; }
unset LIBCAMERA_VISP_TUNING_FILE
[ -z "$(LIBCAMERA_VISP_TUNING_FILE="$T/af-bad.yaml" lc_camera visp)" ] ||
	fail "af threshold 0: libcamera lists the visp camera"
echo "af threshold 0: the IPA refuses the tuning, no visp camera"

rm -rf "$T"
visp_unload
