#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 300
#
# make demo: the inline camera (visp-sensor) looking at a colour checker
# under 2800 K, starting 8x underexposed, through the ISP with visp-cam and
# its 3A on, tuned by the shipped tuning file
# ($VISP_DATA/tuning/visp-sensor.yaml), the lens out of focus: auto focus
# searches once auto exposure has converged. Writes to $VISP_OUT/demo the main (RGB24 640x360)
# and self (RGB24 320x180) outputs of the last frame, a strip of frames
# through the convergence, the convergence plot and visp-cam's JSON lines.
# Fails if visp-cam fails, a file is missing, auto exposure did not
# settle within 5 % of its target or auto focus did not end focused.

. /usr/lib/visp/lib.sh
set -e

TARGET=0.16
FRAMES=34

modprobe visp-sim
modprobe visp-sensor scene=colour-checker illuminant=2800
modprobe visp
mklinks
MDEV=$(visp_media)
SENSOR=$(entity_node visp-sensor "$MDEV")

LENS=$(entity_node visp-lens "$MDEV")

# An exposure 8x too low, the lens at the near end.
v4l2-ctl -d "$SENSOR" --set-ctrl=exposure=125,analogue_gain=256,digital_gain=256 ||
	fail "sensor controls"
v4l2-ctl -d "$LENS" --set-ctrl=focus_absolute=0 || fail "lens control"

# Slow frames (0.54 s), which the ISP keeps up with under emulation.
out=$VISP_OUT/demo
mkdir -p "$out"
visp-cam capture -s 960x540 --main RGB3:640x360 --self RGB3:320x180 \
	--vblank 40000 --3a on --tuning "$VISP_DATA/tuning/visp-sensor.yaml" \
	-n $FRAMES -q -o "$out" || fail "visp-cam capture failed"

for f in main.png self.png strip.png 3a.png frames.jsonl; do
	[ -s "$out/$f" ] || fail "visp-cam wrote no $f"
done

# The last frame: AE converged, or its mean within 5 % of the target.
awk -v t=$TARGET '
	{ n++; conv = /"ae_converged":true/; af = /"af_state":"focused"/; m = -1 }
	match($0, /"ae_mean":[-0-9.e]+/) { m = substr($0, RSTART + 10, RLENGTH - 10) + 0 }
	END {
		if (n < 12) { print "only " n " frames"; exit 1 }
		if (!conv && (m > 1.05 * t || m < 0.95 * t)) {
			printf "AE did not converge: mean %.4f, target %.2f\n", m, t
			exit 1
		}
		if (!af) {
			print "AF did not end focused"
			exit 1
		}
		printf "%d frames, AE mean %.4f, target %.2f%s, AF focused\n", n,
		       m, t, conv ? ", converged" : ""
	}' "$out/frames.jsonl" > /tmp/ae || {
	cat "$out/frames.jsonl" /tmp/ae; fail "$(cat /tmp/ae)"; }
cat /tmp/ae

# Sharp: the built-in scenes are in focus at lens position 512
# (VISP_RENDER_BUILTIN_IN_FOCUS), and the blur radius is the distance / 16.
pos=$(v4l2-ctl -d "$LENS" --get-ctrl=focus_absolute | sed 's/.*: //')
[ "$pos" -gt 496 ] && [ "$pos" -lt 528 ] ||
	fail "AF left the lens at $pos, where the scene is blurred"
echo "lens at $pos"

visp_unload
