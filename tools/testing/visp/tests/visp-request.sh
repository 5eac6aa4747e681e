#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 300
#
# Media requests on the memory-input path: the scale-params-stats case of
# visp-testgen (3 frames, each with its own parameters, both paths and the
# statistics) streamed through requests by visp-reqrun, every output of
# every request compared with the reference model's prediction for its
# frame, byte for byte. "ahead" queues all requests before the input
# streams, the capture buffers in reverse index order; "late" queues them
# before visp-main streams, one without its visp-self buffer, and checks
# that a buffer queued without a request is then refused; "refuse" checks
# that requests that cannot form a job are, and that a buffer queued
# without a request is accepted again once the requests have completed
# (queue mode itself: visp-stream). Then the device suspends.

. /usr/lib/visp/lib.sh

[ -d "$VISP_DATA/cases" ] || fail "no test cases in \$VISP_DATA (visp-testgen)"

modprobe visp-sim && modprobe visp || fail "cannot load the modules"
mklinks
# The reasons of the refusals.
echo 'module visp +p' > /sys/kernel/debug/dynamic_debug/control
MDEV=$(visp_media)
[ -n "$MDEV" ] || fail "no visp media device"

# 9p reads into the DMA buffers' PFN mappings fail: read from tmpfs.
DATA=$(mktemp -d)
cp -a "$VISP_DATA/cases/scale-params-stats" "$DATA/" || fail "cannot copy the test data"
dir=$DATA/scale-params-stats
case_setup "$dir"

nodes=
for n in input params main self stats; do
	nodes="$nodes $(entity_node visp-$n "$MDEV")"
done
for s in ahead late refuse; do
	# shellcheck disable=SC2086
	timeout 60 visp-reqrun $s "$MDEV" $nodes "$dir" ||
		fail "visp-reqrun $s"
done
dmesg | grep -q 'request: no buffer of visp-input' ||
	fail "no debug message for a request without an input buffer"
dmesg | grep -q 'request: two buffers of visp-input' ||
	fail "no debug message for a request with two input buffers"
rm -rf "$DATA"

wait_suspended
visp_unload
