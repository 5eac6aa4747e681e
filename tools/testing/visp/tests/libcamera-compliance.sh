#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 900
#
# lc-compliance, libcamera's own compliance suite, on the visp camera:
# every test passes (at least one runs; the skipped ones, such as those of
# fewer requests than the camera's buffers, are listed); its totals are
# printed. The same on
# vimc's camera (libcamera's vimc handler) as a control: reported, not
# judged. LC_COMPLIANCE_FILTER, a gtest filter (lc-compliance -f), limits
# the tests (make check runs two, make lc-compliance all);
# LC_COMPLIANCE_VIMC=1 runs the control. Prints one "SKIP" line and
# passes without a libcamera build.

. /usr/lib/visp/lib.sh
lc_env

# make check: the viewfinder alone, the two paths together, and the raw
# bypass beside a processed stream, 5 requests each (lc-compliance skips
# the tests of fewer requests than the 4 buffers the camera asks for).
filter=${LC_COMPLIANCE_FILTER:-SingleStream/SimpleCapture.Capture/Viewfinder__5:MultiStream/SimpleCapture.Capture/StillCapture_VideoRecording__5:MultiStream/SimpleCapture.Capture/Raw_StillCapture__5}
# The whole logs are kept in $VISP_OUT, and show a long run's progress.
T=$VISP_OUT/lc-compliance
mkdir -p "$T"
# The model's frames split across the guest's CPUs.
visp_load bands=0
# The colour bars (libcamera leaves the test pattern alone), which
# lc-compliance does not look at: a raw frame took 0.73 s under TCG
# against 0.88 s with the natural scene.
sensor_bars
ID=$(lc_camera visp)
[ -n "$ID" ] || fail "cam -l does not list the visp camera"
lc-compliance -c "$ID" -f "$filter" > "$T/visp" 2>&1
rc=$?
grep -E '^\[ *(OK|FAILED|SKIPPED|PASSED) *\]' "$T/visp"
grep -E '^\[==========\]' "$T/visp" | tail -1
[ $rc = 0 ] || { tail -40 "$T/visp"; fail "lc-compliance failed on visp ($rc)"; }
passed=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$T/visp")
skipped=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$T/visp")
echo "visp: ${passed:-0} passed, ${skipped:-0} skipped"
# Why they skipped: gtest prints the reason on the line before.
awk '/^\[  SKIPPED \] .* ms\)$/ { print "skipped: " prev } { prev = $0 }' "$T/visp" |
	sort | uniq -c
# A run whose tests all skipped tested nothing; make check's tests all
# have requests enough, and none of them may skip.
[ "${passed:-0}" -gt 0 ] || fail "no lc-compliance test ran on visp"
[ -n "${LC_COMPLIANCE_FILTER:-}" ] || [ "${skipped:-0}" = 0 ] ||
	fail "${skipped} of make check's lc-compliance tests skipped on visp"
visp_unload

# The control: vimc, not judged, with LC_COMPLIANCE_VIMC=1 (make
# lc-compliance), as it takes minutes.
if [ "${LC_COMPLIANCE_VIMC:-0}" = 1 ] && modprobe vimc; then
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
