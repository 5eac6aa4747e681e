#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 300
#
# 3A and frame rate through libcamera (make libcamera): the colour checker
# under 2800 K, starting 8x underexposed, captured with cam at a frame
# duration of 850 ms (FrameDurationLimits, the sensor's vertical blanking)
# for 24 requests of the viewfinder (320x180 BGR888, PPM files). The
# request metadata ExposureTime x AnalogueGain, ColourGains and
# ColourTemperature settle within 15 frames (from frame 15 on, within 5 %,
# 2 % and 100 K of the last frame's); the last frame's grey patches are
# neutral (CIELAB |a|, |b| <= 3, visp-tune check).
# Then the frame rate: 24 requests at 500 ms a frame, on the sensor's
# colour bars, which cost nothing to render (the scene's rendering
# outlasts 850 ms a frame in the loaded test VM, and a late sensor makes
# fewer frames than its period asks). After the first 8 requests the
# sensor's frames (their sequence numbers and timestamps, frames the ISP
# dropped when the guest is slow included; the slope of a least-squares
# fit) come at the rate of the FrameDuration metadata within 5 %, and
# FrameDuration is the one asked for within a line.
# Prints one "SKIP" line and passes without a libcamera build.

. /usr/lib/visp/lib.sh
lc_env

T=$(mktemp -d)
# The scene is a parameter of the sensor's module: loaded afresh.
modprobe -r visp visp-sensor visp-sim 2>/dev/null
modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp-sensor scene=colour-checker illuminant=2800 ||
	fail "cannot load visp-sensor"
modprobe visp || fail "cannot load visp"
mklinks
MDEV=$(visp_media)
v4l2-ctl -d "$(entity_node visp-sensor "$MDEV")" \
	--set-ctrl=exposure=125,analogue_gain=256 || fail "sensor controls"

ID=$(lc_camera visp)
[ -n "$ID" ] || fail "cam -l does not list the visp camera"
cat > "$T/script.yaml" <<EOT
frames:
  - 0:
      FrameDurationLimits: [850000, 850000]
EOT
mkdir "$T/f"
cam -c "$ID" -C24 --metadata --script "$T/script.yaml" \
	-s role=viewfinder,width=320,height=180,pixelformat=BGR888 \
	-F"$T/f/#.ppm" > "$T/cap" 2>&1 || { cat "$T/cap"; fail "capture failed"; }

# One line per request: time, sequence, then the metadata.
frames() {
	awk '
/ seq: / { if (n++) print line; match($0, / seq: [0-9]+/)
	line = $1 " seq=" substr($0, RSTART + 6, RLENGTH - 6) + 0; next }
/^\t(ExposureTime|AnalogueGain|ColourTemperature|FrameDuration) = / {
	line = line " " $1 "=" $3 }
/^\tColourGains = / { g = $0; sub(/.*= */, "", g); gsub(/[][,]/, " ", g); split(g, a, " ")
	line = line " gr=" a[1] " gb=" a[2] }
END { print line }' "$1"
}
frames "$T/cap" > "$T/frames"
cat "$T/frames"
[ "$(wc -l < "$T/frames")" = 24 ] || fail "not 24 requests completed"

awk '
function v(k,   i) { for (i = 2; i <= NF; i++) if (index($i, k "=") == 1)
	return substr($i, length(k) + 2) + 0; return -1 }
{ t[NR] = $1; ev[NR] = v("ExposureTime") * v("AnalogueGain")
  ct[NR] = v("ColourTemperature"); gr[NR] = v("gr"); gb[NR] = v("gb")
  fd[NR] = v("FrameDuration"); sq[NR] = v("seq") }
END {
	n = NR
	for (i = 15; i <= n; i++) {
		if (ev[i] <= 0 || ct[i] < 0 || gr[i] <= 0 || gb[i] <= 0) { print "metadata missing in frame " i - 1; exit 1 }
		if (ev[i] > 1.05 * ev[n] || ev[i] < 0.95 * ev[n]) { print "exposure not settled at frame " i - 1; exit 1 }
		if (gr[i] > 1.02 * gr[n] || gr[i] < 0.98 * gr[n] ||
		    gb[i] > 1.02 * gb[n] || gb[i] < 0.98 * gb[n]) { print "colour gains not settled at frame " i - 1; exit 1 }
		if (ct[i] > ct[n] + 100 || ct[i] < ct[n] - 100) { print "colour temperature not settled at frame " i - 1; exit 1 }
	}
	if (ev[1] > 0.5 * ev[n]) { print "exposure did not rise from 8x under: " ev[1] " to " ev[n]; exit 1 }
	printf "settled: exposure x gain %.0f us, gains %.3f %.3f, %d K\n", ev[n], gr[n], gb[n], ct[n]
}' "$T/frames" > "$T/res" || {
	grep -E "IPAVisp|ERROR" "$T/cap" | head -60; cat "$T/res"; fail "$(cat "$T/res")"; }
cat "$T/res"

last=$(ls "$T"/f/*.ppm | tail -1)
visp-tune check --max-ab 3 "$last" > "$T/chk" || { cat "$T/chk"; fail "colours"; }
tail -1 "$T/chk"

# The frame rate, on the colour bars.
sensor_bars
cat > "$T/script.yaml" <<EOT
frames:
  - 0:
      FrameDurationLimits: [500000, 500000]
EOT
cam -c "$ID" -C24 --metadata --script "$T/script.yaml" \
	-s role=viewfinder,width=320,height=180,pixelformat=BGR888 \
	> "$T/cap" 2>&1 || { cat "$T/cap"; fail "capture failed"; }
frames "$T/cap" > "$T/frames"
[ "$(wc -l < "$T/frames")" = 24 ] || { cat "$T/frames"; fail "not 24 requests completed"; }
awk '
function v(k,   i) { for (i = 2; i <= NF; i++) if (index($i, k "=") == 1)
	return substr($i, length(k) + 2) + 0; return -1 }
{ t[NR] = $1; fd[NR] = v("FrameDuration"); sq[NR] = v("seq") }
END {
	n = NR
	if (fd[n] < 499980 || fd[n] > 500020) { print "FrameDuration " fd[n] " us, not 500000"; exit 1 }
	# The sensor frames of the sequence numbers, dropped ones included:
	# the period is the slope of a least-squares fit of the time over
	# the sequence number, less sensitive to the jitter of a single
	# timestamp than the first and last alone.
	for (i = 9; i <= n; i++) { k++; ms += sq[i]; mt += t[i] }
	ms /= k; mt /= k
	for (i = 9; i <= n; i++) {
		d = sq[i] - ms; a += d * (t[i] - mt); b += d * d }
	fps = 0; if (a > 0) fps = b / a
	want = 1e6 / fd[n]
	printf "frame rate: %.3f fps (%d of %d frames delivered), FrameDuration %.3f fps\n", fps, n - 8, sq[n] - sq[9] + 1, want
	if (fps > 1.05 * want || fps < 0.95 * want) { print "frame rate off by more than 5 %"; exit 1 }
}' "$T/frames" > "$T/res" || { cat "$T/frames"; cat "$T/res"; fail "$(cat "$T/res")"; }
cat "$T/res"

rm -rf "$T"
visp_unload
