#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 900
# visp-known-leak: dev_set_name __video_register_device
#
# Allocation failures unwind cleanly. With fail-nth (the N-th fault
# injection point of the calling thread fails, slab and page allocations
# alike), visp-stress sweeps N = 1, 2, ... over one operation until it
# succeeds without using the fault: binding visp.0 to the driver through
# sysfs (the whole probe), opening a video node, REQBUFS on the input
# (dma-contig), parameters (vmalloc, with a copy buffer per buffer) and
# statistics nodes, and STREAMON of the main capture (the pipeline start).
# Each injected failure must fail the operation or be absorbed by it, with
# no kernel report, and the device must stream afterwards. The probe sweep tries every
# VISP_FAILSLAB_STEP-th point (default 2, for the time of make check).
#
# The kmemleak scan at the end of the run must find no leak but one of the
# 6.12 core, declared above: when device_register() fails in
# __video_register_device(), the core returns without the put_device()
# that device_register() requires, and the device's name, set just
# before, leaks (8 bytes, "video0" or "v4l-subdev0"; 149 of them in a
# sweep with step 1). The driver cannot free it: the device has no release
# function yet. A scan here would make kmemleak print its report during
# the test, so the harness's scan at the end of the run does it.

. /usr/lib/visp/lib.sh

DRV=/sys/bus/platform/drivers/visp
FI=/sys/kernel/debug

# fail-nth counts the injection points of failslab and fail_page_alloc
# that are not ignored: by default both skip the allocations that may
# sleep, which are nearly all of them, and order-0 pages.
fault_attrs() {
	for a in failslab fail_page_alloc; do
		echo "$1" > $FI/$a/ignore-gfp-wait
		echo 0 > $FI/$a/verbose
	done
	echo "$1" > $FI/fail_page_alloc/ignore-gfp-highmem
	echo "$2" > $FI/fail_page_alloc/min-order
}
fault_attrs N 0

# report LOG WHAT: the report line of a sweep from visp-stress's summary.
report() {
	sed -n "s#^[^:]*: \([0-9]*\) injection points, \([0-9]*\) faults made it fail, \([0-9]*\) absorbed.*#visp-report: allocation failures | $2 | \1 points | \2 failed cleanly, \3 absorbed; the device works afterwards, no leak but the core's dev_set_name one#p" "$1"
}

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"

# Probe, slab allocations only and not those of the kmalloc-64 and
# kmalloc-96 caches, unless VISP_FAILSLAB_CORE=1. The 6.12 core cannot
# unwind a failure of video_register_media_controller(), which
# __video_register_device() ignores: an allocation failing in
# media_devnode_create() (64 bytes) or media_create_intf_link() (a
# struct media_link, 88 bytes) leaves the video device registered without
# its entity or interface, and the driver's links to the entity then hit
# BUG_ON(!mdev) in media_gobj_create(), or v4l2_device_release() passes a
# NULL or freed interface to media_devnode_remove() when the node goes.
# The driver cannot unwind it either; upstream leaves it as is ("there is
# no way to clean up from this", Dan Carpenter on linux-media). With
# VISP_FAILSLAB_CORE=1 the sweep stopped at its 233rd point on "kernel
# BUG at drivers/media/mc/mc-entity.c:146!" in media_create_pad_link()
# called by visp_probe(), and a KASAN use-after-free followed. Page
# allocations (fail_page_alloc) are left out as well: these two come from
# pages of their caches when they run out.
if [ "${VISP_FAILSLAB_CORE:-0}" = 0 ]; then
	echo Y > $FI/failslab/cache-filter
	for c in /sys/kernel/slab/*/; do
		case $c in
		*/kmalloc-64/|*/kmalloc-96/) echo 0 ;;
		*) echo 1 ;;
		esac 2>/dev/null > "$c/failslab"
	done
	echo Y > $FI/fail_page_alloc/ignore-gfp-wait
fi
echo visp.0 > $DRV/unbind || fail "unbind"
visp-stress fail -k "${VISP_FAILSLAB_STEP:-2}" bind $DRV visp.0 > /tmp/bind.log || {
	tail -20 /tmp/bind.log
	fail "bind sweep"
}
tail -1 /tmp/bind.log
report /tmp/bind.log "the Nth slab allocation of the probe (sysfs bind) failing, N in steps of ${VISP_FAILSLAB_STEP:-2}, kmalloc-64 and -96 left out (a 6.12 core bug)"
echo N > $FI/failslab/cache-filter
echo N > $FI/fail_page_alloc/ignore-gfp-wait
echo visp.0 > $DRV/bind || fail "bind"
mklinks
M=$(visp_media)
ent() { media-ctl -d "$M" -e "$1"; }

# Video node operations.
small_pipeline "$M" SRGGB8_1X8 RGGB 64 32
for spec in "open visp-params" "reqbufs visp-input 4" "reqbufs visp-params 4" \
	"reqbufs visp-stats 4" "streamon visp-input visp-main"; do
	op=
	for a in $spec; do
		case $a in
		visp-*) op="$op $(ent "$a")" ;;
		*) op="$op $a" ;;
		esac
	done
	# shellcheck disable=SC2086 # the operation and its arguments
	visp-stress fail $op > /tmp/op.log || {
		tail -20 /tmp/op.log
		fail "sweep of $spec"
	}
	tail -1 /tmp/op.log
	report /tmp/op.log "the Nth slab or page allocation of $spec failing, every N"
done

fault_attrs Y 1

# The device still works.
small_stream "$M"
wait_stat frames_done $(($(visp_stat frames_done) + 5))
kill $cap $out
wait
visp_check_idle

visp_unload
