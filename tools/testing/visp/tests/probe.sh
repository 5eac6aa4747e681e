#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The project's modules build for and load on this kernel: load the probe
# module (which pulls in the V4L2 core through modprobe) and unload it.

. /usr/lib/visp/lib.sh
set -e

modprobe visp-probe
test -e /sys/bus/platform/devices/visp-probe || fail "no visp-probe device"
dmesg | grep -q 'registered visp-probe' || fail "visp-probe did not register"
modprobe -r visp-probe
test ! -e /sys/bus/platform/devices/visp-probe || fail "visp-probe device left behind"
