#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 600
#
# v4l2-compliance on the media device and through it on every video and
# subdev node of visp: no failure and no warning, node by node.

. /usr/lib/visp/lib.sh

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks

M=
M=$(visp_media)
[ -n "$M" ] || fail "no visp media device"

LOG=$VISP_OUT/v4l2-compliance.log
v4l2-compliance -m "$M" > "$LOG" 2>&1
grep -E '^(Grand )?Total for' "$LOG"

# One total per node: the media device, 5 video nodes and 3 subdevs.
n=$(grep -c '^Total for visp device' "$LOG")
[ "$n" = 9 ] || fail "expected 9 nodes tested, got $n"
grep '^Total for visp device' "$LOG" | grep -v 'Failed: 0, Warnings: 0$' &&
	fail "a node has failures or warnings"
grep -q '^Grand Total for visp device .*, Failed: 0, Warnings: 0$' "$LOG" ||
	fail "grand total has failures or warnings"

modprobe -r visp || fail "cannot unload visp"
modprobe -r visp-sim || fail "cannot unload visp-sim"
