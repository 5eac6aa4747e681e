#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 900
#
# The camera of the simulated SoC. A SoC without a camera has no visp-csi
# and an immutable visp-input link. Without the sensor's driver, visp-csi
# waits for it and visp-input feeds the ISP. With it, v4l2-async links
# the sensor to visp-csi and the lens to the sensor (an ancillary link),
# as the admin guide shows; visp-isp takes visp-input or visp-csi, not
# both. The sensor's controls follow the camera sensor guidelines: the
# exposure range follows the vertical blanking, the flips the Bayer order
# of the media bus code, the blanking and rates the mode and bit depth;
# the orientation and rotation are the firmware node's.
# v4l2-compliance passes on the sensor, the lens and visp-csi, and on the
# media device with the camera and all its nodes. Unbinding
# the sensor or the ISP and binding them again brings the camera back,
# without leaks.

. /usr/lib/visp/lib.sh

DRV=/sys/bus/platform/drivers

topo() { visp-topology "$M" > /tmp/topo || fail "visp-topology failed"; }
has() {
	grep -qxF "$1" /tmp/topo || { cat /tmp/topo; fail "missing: $1"; }
}
hasnt() {
	! grep -qF "$1" /tmp/topo || { cat /tmp/topo; fail "unexpected: $1"; }
}

# --- A SoC without a camera: no endpoint, no visp-csi ---------------------
modprobe visp-sim camera=0 || fail "cannot load visp-sim camera=0"
modprobe visp-sensor || fail "cannot load visp-sensor"
modprobe visp || fail "cannot load visp"
M=$(visp_media)
[ -n "$M" ] || fail "no visp media device"
topo
hasnt "visp-csi"
hasnt "visp-sensor"
has "link visp-input:0 -> visp-isp:0 enabled immutable"
[ ! -e /sys/bus/platform/devices/visp-sensor ] || fail "a sensor device"
modprobe -r visp || fail "cannot unload visp"
modprobe -r visp-sensor || fail "cannot unload visp-sensor"
modprobe -r visp-sim || fail "cannot unload visp-sim"
echo "without a camera: no visp-csi, visp-input immutable"

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks
M=$(visp_media)
[ -n "$M" ] || fail "no visp media device"

# --- Without the sensor's driver ------------------------------------------
topo
has "entity visp-csi function 0x00005002"
has "link visp-input:0 -> visp-isp:0 enabled"
has "link visp-csi:1 -> visp-isp:0 -"
hasnt "visp-sensor"
hasnt "visp-lens"
echo "without visp-sensor: visp-csi unlinked, visp-input enabled"

# --- The camera binds -------------------------------------------------------
modprobe visp-sensor || fail "cannot load visp-sensor"

check_camera() {
	mklinks
	topo
	has "entity visp-sensor function 0x00020001"
	has "entity visp-lens function 0x00020003"
	has "entity visp-csi function 0x00005002"
	has "link visp-sensor:0 -> visp-csi:0 enabled immutable"
	has "ancillary visp-sensor -> visp-lens enabled immutable"
	has "link visp-input:0 -> visp-isp:0 enabled"
	has "link visp-csi:1 -> visp-isp:0 -"
	for e in visp-sensor visp-lens visp-csi; do
		node=$(media-ctl -d "$M" -e "$e") || fail "no entity $e"
		[ -c "$node" ] || fail "$e has no device node"
	done
	media-ctl -d "$M" -p > /tmp/mc || fail "media-ctl -p failed"
	grep -q '<- "visp-sensor":0 \[ENABLED,IMMUTABLE\]' /tmp/mc ||
		fail "media-ctl does not show the sensor link"
}
check_camera
echo "camera bound: visp-sensor -> visp-csi, ancillary visp-lens"

# --- The video sink takes one source ----------------------------------------
link() { media-ctl -d "$M" -l "\"$1\":$2 -> \"visp-isp\":0 [$3]" > /dev/null 2>&1; }
link visp-csi 1 1 && fail "visp-csi linked while visp-input is"
link visp-input 0 0 || fail "cannot disable the visp-input link"
link visp-csi 1 1 || fail "cannot enable the visp-csi link"
topo
has "link visp-csi:1 -> visp-isp:0 enabled"
has "link visp-input:0 -> visp-isp:0 -"
link visp-input 0 1 && fail "visp-input linked while visp-csi is"
link visp-csi 1 0 || fail "cannot disable the visp-csi link"
link visp-input 0 1 || fail "cannot enable the visp-input link"
echo "visp-isp:0 links: exclusive"

# --- Sensor formats, selections and controls -----------------------------
S=$(media-ctl -d "$M" -e visp-sensor)
L=$(media-ctl -d "$M" -e visp-lens)

# Field $1 (min, max, default, value, flags) of control $2.
ctrl() {
	v4l2-ctl -d "${3:-$S}" --list-ctrls-menus |
		sed -n "s/^ *$2 0x[0-9a-f]* .*[ :]$1=\([^ ]*\).*/\1/p" | head -1
}
set_ctrl() { v4l2-ctl -d "$S" --set-ctrl="$1=$2" > /dev/null 2>&1; }
expect_ctrl() {
	got=$(ctrl "$1" "$2" "$4")
	[ "$got" = "$3" ] || fail "$2 $1 is '$got', expected '$3'"
}

# The sensor's format, on one line.
sensor_fmt() {
	media-ctl -d "$M" --get-v4l2 '"visp-sensor":0' | tr '\n\t' '  '
}
code() {
	sensor_fmt | sed -n 's/.*fmt:\([A-Z0-9_]*\)\/.*/\1/p'
}
expect_fmt() {
	got=$(sensor_fmt |
	      sed -n 's/.*fmt:\([A-Z0-9_]*\/[0-9x]*\) .* crop:\(([0-9,]*)\/[0-9x]*\).*/\1 \2/p')
	[ "$got" = "$1" ] || fail "sensor format '$got', expected '$1'"
}
set_fmt() {
	media-ctl -d "$M" -V "\"visp-sensor\":0 [fmt:$1]" ||
		fail "cannot set the sensor format $1"
}

for t in native_size crop_bounds crop_default; do
	v4l2-ctl -d "$S" --get-subdev-selection "pad=0,target=$t" |
		grep -q 'Left 0, Top 0, Width 1920, Height 1080' ||
		fail "$t is not 1920x1080"
done
# The mode sets the crop rectangle.
v4l2-ctl -d "$S" --set-subdev-selection pad=0,target=crop,left=8,top=8,width=640,height=480 ||
	fail "cannot set the crop rectangle"
v4l2-ctl -d "$S" --get-subdev-selection pad=0,target=crop |
	grep -q 'Left 0, Top 0, Width 1920, Height 1080' ||
	fail "the crop rectangle changed"

expect_fmt "SRGGB10_1X10/1920x1080 (0,0)/1920x1080"
expect_ctrl value pixel_rate 120000000
expect_ctrl value horizontal_blanking 80
expect_ctrl value vertical_blanking 920
expect_ctrl max exposure 1992
expect_ctrl value link_frequency 0
# The firmware node's orientation (external) and rotation.
expect_ctrl value camera_orientation 2
expect_ctrl value camera_sensor_rotation 0
for c in pixel_rate horizontal_blanking link_frequency camera_orientation \
	 camera_sensor_rotation; do
	expect_ctrl flags "$c" read-only
done
expect_ctrl flags horizontal_flip modify-layout
expect_ctrl flags vertical_flip modify-layout
expect_ctrl max focus_absolute 1023 "$L"

# Read-only controls do not change.
set_ctrl horizontal_blanking 100
set_ctrl pixel_rate 1000
expect_ctrl value horizontal_blanking 80
expect_ctrl value pixel_rate 120000000

# The exposure range follows the vertical blanking.
set_ctrl exposure 1500 || fail "cannot set the exposure"
set_ctrl vertical_blanking 100 || fail "cannot set the vertical blanking"
expect_ctrl max exposure 1172
expect_ctrl value exposure 1172
set_ctrl vertical_blanking 2000 || fail "cannot set the vertical blanking"
expect_ctrl max exposure 3072
set_ctrl exposure 3000 || fail "cannot set the exposure"
expect_ctrl value exposure 3000
echo "exposure range follows VBLANK"

# The flips change the Bayer order, in both bit depths.
for f in "0 0 SRGGB" "1 0 SGRBG" "1 1 SBGGR" "0 1 SGBRG"; do
	set -- $f
	set_ctrl horizontal_flip "$1" || fail "cannot set the hflip"
	set_ctrl vertical_flip "$2" || fail "cannot set the vflip"
	[ "$(code)" = "${3}10_1X10" ] ||
		fail "flips $1 $2: code $(code), expected ${3}10_1X10"
	set_fmt "SRGGB12_1X12/1920x1080"
	[ "$(code)" = "${3}12_1X12" ] ||
		fail "flips $1 $2: code $(code), expected ${3}12_1X12"
	expect_ctrl value pixel_rate 100000000
	set_fmt "SRGGB10_1X10/1920x1080"
	expect_ctrl value pixel_rate 120000000
	echo "hflip $1 vflip $2: ${3}10_1X10, ${3}12_1X12"
done
set_ctrl vertical_flip 0 || fail "cannot set the vflip"

# The modes: size, analogue crop, blanking and frame rate.
fps() {
	echo $(($(ctrl value pixel_rate) / \
		(($1 + $(ctrl value horizontal_blanking)) * \
		 ($2 + $(ctrl value vertical_blanking)))))
}
for m in "1920x1080 (0,0)/1920x1080 80 920 1992 30" \
	 "1280x720 (320,180)/1280x720 320 530 1242 60" \
	 "960x540 (0,0)/1920x1080 640 710 1242 60" \
	 "1200x700 (320,180)/1280x720 320 530 1242 60"; do
	set -- $m
	set_fmt "SRGGB10_1X10/$1"
	w=${1%x*} h=${1#*x}
	[ "$1" = 1200x700 ] && w=1280 h=720
	expect_fmt "SRGGB10_1X10/${w}x$h $2"
	expect_ctrl value horizontal_blanking "$3"
	expect_ctrl value vertical_blanking "$4"
	expect_ctrl max exposure "$5"
	[ "$(fps "$w" "$h")" = "$6" ] || fail "$1: $(fps "$w" "$h") fps"
	echo "mode $1: ${w}x$h crop $2 hblank $3 vblank $4, $6 fps"
done
set_fmt "SRGGB10_1X10/1920x1080"

# The lens keeps its position.
v4l2-ctl -d "$L" --set-ctrl=focus_absolute=512 || fail "cannot focus"
expect_ctrl value focus_absolute 512 "$L"
v4l2-ctl -d "$S" --log-status > /dev/null
dmesg | grep -q 'visp-sensor: lens: focus 512' ||
	fail "the sensor does not see the lens position"

# --- v4l2-compliance ---------------------------------------------------------
v4l2-compliance --version | head -1
for e in visp-sensor visp-lens visp-csi; do
	log=$VISP_OUT/v4l2-compliance-$e.log
	v4l2-compliance -u "$(media-ctl -d "$M" -e "$e")" > "$log" 2>&1
	total=$(grep '^Total for ' "$log")
	echo "$e: $total"
	echo "$total" | grep -q 'Failed: 0, Warnings: 0$' ||
		{ cat "$log"; fail "v4l2-compliance on $e"; }
done

# The media device with the camera, and through it every node.
log=$VISP_OUT/v4l2-compliance-media.log
v4l2-compliance -m "$M" > "$log" 2>&1
grep '^Grand Total for' "$log"
grep -q '^Grand Total for .*, Failed: 0, Warnings: 0$' "$log" ||
	{ grep -E '^(Total|Grand)|fail|warn' "$log"; fail "v4l2-compliance -m"; }

# --- Unbind and bind ---------------------------------------------------------
echo visp-sensor > $DRV/visp-sensor/unbind || fail "cannot unbind the sensor"
topo
hasnt "visp-sensor"
hasnt "visp-lens"
has "link visp-input:0 -> visp-isp:0 enabled"
echo visp-sensor > $DRV/visp-sensor/bind || fail "cannot bind the sensor"
check_camera
echo "sensor unbound and bound again"

# The lens goes with its sensor only (see visp_lens_driver).
[ ! -e $DRV/visp-lens/unbind ] || fail "the lens can be unbound alone"

echo visp.0 > $DRV/visp/unbind || fail "cannot unbind the ISP"
[ -z "$(visp_media)" ] || fail "media device left after unbind"
echo visp.0 > $DRV/visp/bind || fail "cannot bind the ISP"
M=$(visp_media)
check_camera
echo "ISP unbound and bound again"

# The ISP holds the camera's module while the camera is bound to it.
modprobe -r visp-sensor 2>/dev/null && fail "visp-sensor unloaded while bound"
modprobe -r visp || fail "cannot unload visp"
# The sensor's driver sends its frames over the SoC's CSI-2 link: it
# holds the SoC's module.
modprobe -r visp-sim 2>/dev/null && fail "visp-sim unloaded under visp-sensor"
modprobe -r visp-sensor || fail "cannot unload visp-sensor"
# The SoC removes the camera's devices.
modprobe -r visp-sim || fail "cannot unload visp-sim"
[ ! -e /sys/bus/platform/devices/visp-sensor ] || fail "visp-sensor left"
