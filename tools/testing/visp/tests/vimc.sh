#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 600
#
# Harness self-test on a peer driver: vimc's documented pipeline
# (Documentation/admin-guide/media/vimc.rst), streaming from its RGB/YUV
# capture node and v4l2-compliance on the media device. The compliance
# totals are printed, not judged: vimc is not ours.

. /usr/lib/visp/lib.sh
set -e

modprobe vimc
mklinks
MDEV=$(ls -d /sys/bus/platform/devices/vimc.0/media* | sed 's|.*/|/dev/|')
echo "vimc media device: $MDEV"

media-ctl -d "$MDEV" -V '"Sensor A":0[fmt:SBGGR8_1X8/640x480]'
media-ctl -d "$MDEV" -V '"Debayer A":0[fmt:SBGGR8_1X8/640x480]'
media-ctl -d "$MDEV" -V '"Sensor B":0[fmt:SBGGR8_1X8/640x480]'
media-ctl -d "$MDEV" -V '"Debayer B":0[fmt:SBGGR8_1X8/640x480]'
media-ctl -d "$MDEV" -V '"Scaler":0[fmt:RGB888_1X24/640x480]'
media-ctl -d "$MDEV" -V '"Scaler":0[crop:(100,50)/400x150]'
media-ctl -d "$MDEV" -V '"Scaler":1[fmt:RGB888_1X24/1920x1440]'
media-ctl -d "$MDEV" -p

VDEV=$(media-ctl -d "$MDEV" -e "RGB/YUV Capture")
v4l2-ctl -d "$VDEV" -v width=1920,height=1440,pixelformat=RGB3
RAW0=$(media-ctl -d "$MDEV" -e "Raw Capture 0")
v4l2-ctl -d "$RAW0" -v width=640,height=480,pixelformat=BA81
RAW1=$(media-ctl -d "$MDEV" -e "Raw Capture 1")
v4l2-ctl -d "$RAW1" -v width=640,height=480,pixelformat=BA81

v4l2-ctl -d "$VDEV" --stream-mmap --stream-count=5 --stream-to=/tmp/frames.rgb
size=$(stat -c %s /tmp/frames.rgb)
echo "captured $size bytes"
[ "$size" -eq $((1920 * 1440 * 3 * 5)) ] || fail "expected 5 frames of 1920x1440 RGB24"

# Totals are reported; vimc's own failures do not fail this test.
v4l2-compliance -m "$MDEV" > /tmp/compliance.txt 2>&1 || true
grep -E '^(Grand Total|Total for)' /tmp/compliance.txt
grep -q '^Grand Total' /tmp/compliance.txt || fail "v4l2-compliance did not finish"

rmmod vimc
