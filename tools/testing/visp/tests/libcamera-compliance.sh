#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 900
#
# lc-compliance, libcamera's own compliance suite, on the visp camera:
# every test passes; its totals are printed. The same on vimc's camera
# (libcamera's vimc handler) as a control: reported, not judged.
# LC_COMPLIANCE_FILTER, a gtest filter (lc-compliance -f), limits the tests (make check runs
# a few, make lc-compliance all). Prints one "SKIP" line and passes
# without a libcamera build.

. /usr/lib/visp/lib.sh
lc_env

filter=${LC_COMPLIANCE_FILTER:-SingleStream/SimpleCapture.Capture/*_3:MultiStream/SimpleCapture.Capture/*_3}
T=$(mktemp -d)
modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp-sensor ||
	fail "cannot load visp-sensor"
modprobe visp || fail "cannot load visp"
mklinks
ID=$(lc_camera visp)
[ -n "$ID" ] || fail "cam -l does not list the visp camera"
lc-compliance -c "$ID" -f "$filter" > "$T/visp" 2>&1
rc=$?
grep -E '^\[ *(OK|FAILED|SKIPPED|PASSED) *\]' "$T/visp"
grep -E '^\[==========\]' "$T/visp" | tail -1
[ $rc = 0 ] || { tail -40 "$T/visp"; fail "lc-compliance failed on visp ($rc)"; }
echo "visp: $(grep -E '^\[  PASSED  \]' "$T/visp")"
visp_unload

# The control: vimc, not judged.
if modprobe vimc; then
	mklinks
	ID=$(lc_camera 'Sensor B')
	if [ -n "$ID" ]; then
		lc-compliance -c "$ID" -f "$filter" > "$T/vimc" 2>&1
		echo "vimc (control, not judged): exit $?," \
			"$(grep -E '^\[  (PASSED|FAILED)  \]' "$T/vimc" | tr '\n' ' ')"
	else
		echo "vimc (control): no camera"
	fi
	rmmod vimc
fi
rm -rf "$T"
