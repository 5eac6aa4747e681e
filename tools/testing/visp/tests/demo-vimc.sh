#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 300
#
# make demo (until the visp driver exists): vimc's documented pipeline,
# one 640x480 RGB24 frame from "RGB/YUV Capture" to $VISP_OUT/vimc.rgb.

. /usr/lib/visp/lib.sh
set -e

modprobe vimc
mklinks
MDEV=$(ls -d /sys/bus/platform/devices/vimc.0/media* | sed 's|.*/|/dev/|')
media-ctl -d "$MDEV" -V '"Sensor A":0[fmt:SBGGR8_1X8/640x480]'
media-ctl -d "$MDEV" -V '"Debayer A":0[fmt:SBGGR8_1X8/640x480]'
media-ctl -d "$MDEV" -V '"Sensor B":0[fmt:SBGGR8_1X8/640x480]'
media-ctl -d "$MDEV" -V '"Debayer B":0[fmt:SBGGR8_1X8/640x480]'
media-ctl -d "$MDEV" -V '"Scaler":0[fmt:RGB888_1X24/640x480]'
media-ctl -d "$MDEV" -V '"Scaler":1[fmt:RGB888_1X24/640x480]'
VDEV=$(media-ctl -d "$MDEV" -e "RGB/YUV Capture")
v4l2-ctl -d "$VDEV" -v width=640,height=480,pixelformat=RGB3
v4l2-ctl -d "$(media-ctl -d "$MDEV" -e "Raw Capture 0")" -v width=640,height=480,pixelformat=BA81
v4l2-ctl -d "$(media-ctl -d "$MDEV" -e "Raw Capture 1")" -v width=640,height=480,pixelformat=BA81
# The test pattern generator's first frames are as good as any.
v4l2-ctl -d "$VDEV" --stream-mmap --stream-count=2 --stream-to="$VISP_OUT/vimc.rgb"
rmmod vimc
