#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 300
#
# Auto focus through the real driver: the inline pipeline streams the
# statistics of the simulated sensor's natural scene, and visp-inline runs
# libvisp's 3A context on them, writing the exposure, the gains and the
# lens position (V4L2_CID_FOCUS_ABSOLUTE on the visp-lens subdev) it gives
# at the frame sync event of the frame after each measured one. Once AE
# has converged, single AF starts: from lens position 0, then from 1023,
# the lens must stay at a position where the scene is sharp (blur radius
# 0) from the 20th frame of AF on at the latest, and the last frame's
# sharpness must be measured as high as the highest, within 10 %.

. /usr/lib/visp/lib.sh

visp_load

MDEV=$(visp_media)
[ -n "$MDEV" ] || fail "no visp media device"
SENSOR=$(entity_node visp-sensor "$MDEV")
CSI=$(entity_node visp-csi "$MDEV")
LENS=$(entity_node visp-lens "$MDEV")
[ -c "$SENSOR" ] && [ -c "$CSI" ] && [ -c "$LENS" ] ||
	fail "no sensor, visp-csi or lens node"

echo natural > /sys/module/visp_sensor/parameters/scene
stats_only
case_mc -l '"visp-params":0 -> "visp-isp":1 [1]'
PARAMS_NODE=$(entity_node visp-params "$MDEV")
STATS=$(entity_node visp-stats "$MDEV")
# 1600 x (540 + 65000) pixels at 120 Mpixel/s: 0.87 s a frame, which is
# also about what rendering the natural scene takes under emulation. With
# the default blanking (frames render-bound) or 40000 (0.54 s), the ISP
# model of a frame overlaps the rendering of the next under TCG: the
# receiver drops frames (1 to 9 of about 45 a run) and the loop's writes
# come a frame late (up to 6 a run), so the lens and the exposure land a
# frame after the 3A's delays say: AF gives frames the sharpness of
# another position, and all 15 such runs on the debug kernel failed. The
# frame log of visp-inline's VISP_INLINE_DEBUG, printed on a failure,
# shows it.
v4l2-ctl -d "$SENSOR" --set-ctrl=test_pattern=0,vertical_blanking=65000 ||
	fail "sensor controls"
for start in 0 1023; do
	v4l2-ctl -d "$LENS" --set-ctrl=focus_absolute=$start ||
		fail "lens position"
	VISP_INLINE_DEBUG=1 visp-inline af "$SENSOR" "$CSI" "$LENS" \
		"$PARAMS_NODE" "$STATS" $start > /tmp/af.log 2> /tmp/af.debug || {
		cat /tmp/af.log /tmp/af.debug
		fail "AF from $start"
	}
	grep -v '^frame' /tmp/af.log
done
visp_check_idle
visp_unload
