#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 900
#
# Stream the cases generated on the host by tools/visp/visp-testgen (passed
# with --data) through the driver and compare the main and self path
# images and the statistics with the reference model's prediction, byte
# for byte. The simulator must see no bus error and the device must be
# runtime suspended when idle.

. /usr/lib/visp/lib.sh

[ -d "$VISP_DATA/cases" ] || fail "no test cases in \$VISP_DATA (visp-testgen)"

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks
# Link validation messages, for the log of a failing run.
echo 'module visp +p' > /sys/kernel/debug/dynamic_debug/control

MDEV=
MDEV=$(visp_media)
[ -n "$MDEV" ] || fail "no visp media device"

DBG=/sys/kernel/debug/visp.0/stats
PM=/sys/bus/platform/devices/visp.0/power/runtime_status
ent() { media-ctl -d "$MDEV" -e "$1"; }
mc() { media-ctl -d "$MDEV" "$@" || fail "media-ctl $*"; }

# Wait until the debugfs state of node $1 is "streaming".
wait_streaming() {
	i=0
	until grep -q "^$1: streaming" $DBG; do
		i=$((i + 1))
		[ $i -lt 200 ] || fail "$1 does not stream"
		sleep 0.05
	done
}

run_case() {
	dir=$1
	name=$(basename "$dir")
	# On tmpfs: 9p writes from the DMA buffers' PFN mappings fail too.
	out=$DATA/out/$name
	mkdir -p "$out"
	MAIN=0 SELF=0 STATS=0 PARAMS=0
	. "$dir/case.conf"

	mc -r
	mc -V "\"visp-isp\":0 [fmt:$IN_CODE/${W}x${H} crop:$CROP]"
	mc -V "\"visp-isp\":2 [fmt:$SRC_CODE/${CROP_W}x${CROP_H}]"
	v4l2-ctl -d "$(ent visp-input)" \
		--set-fmt-video-out=width=$W,height=$H,pixelformat=$IN_FOURCC ||
		fail "$name: input format"

	for p in MAIN SELF; do
		eval en=\$$p
		[ "$en" = 1 ] || continue
		lc=$(echo $p | tr MAINSELF mainself)
		eval fourcc=\$${p}_FOURCC code=\$${p}_CODE crop=\$${p}_CROP
		eval w=\$${p}_W h=\$${p}_H
		mc -l "\"visp-isp\":2 -> \"visp-resizer-$lc\":0 [1]"
		mc -l "\"visp-resizer-$lc\":1 -> \"visp-$lc\":0 [1]"
		mc -V "\"visp-resizer-$lc\":0 [fmt:$SRC_CODE/${CROP_W}x${CROP_H} crop:$crop compose:(0,0)/${w}x${h}]"
		mc -V "\"visp-resizer-$lc\":1 [fmt:$code/${w}x${h}]"
		v4l2-ctl -d "$(ent visp-$lc)" \
			--set-fmt-video=width=$w,height=$h,pixelformat=$fourcc ||
			fail "$name: $lc format"
	done
	[ "$STATS" = 1 ] && mc -l '"visp-isp":3 -> "visp-stats":0 [1]'

	# The capture streams stop after $FRAMES frames; the input and the
	# parameters loop over their files until they are stopped. A job waits
	# for a buffer on every enabled output, so the captures get exactly
	# the first $FRAMES frames, and for a parameters buffer while the
	# parameters stream, so that stream starts first.
	caps=
	for n in main self stats; do
		eval en=\$$(echo $n | tr a-z A-Z)
		[ "$en" = 1 ] || continue
		timeout 120 v4l2-ctl -d "$(ent visp-$n)" --stream-mmap \
			--stream-count="$FRAMES" --stream-to="$out/$n.out" &
		caps="$caps $!"
	done
	feeds=
	if [ "$PARAMS" = 1 ]; then
		v4l2-ctl -d "$(ent visp-params)" --stream-out-mmap \
			--stream-loop --stream-from="$dir/params.bin" &
		feeds="$feeds $!"
		wait_streaming visp-params
	fi
	v4l2-ctl -d "$(ent visp-input)" --stream-out-mmap --stream-loop \
		--stream-from="$dir/in.raw" &
	feeds="$feeds $!"

	for pid in $caps; do
		wait "$pid" || {
			cat $DBG /sys/kernel/debug/visp-sim/counters
			dmesg | tail -20
			kill $feeds
			fail "$name: a capture stream failed"
		}
	done
	kill $feeds
	wait

	for n in main self stats; do
		[ -e "$dir/$n.exp" ] || continue
		if ! cmp "$dir/$n.exp" "$out/$n.out"; then
			mkdir -p "$VISP_OUT/stream/$name"
			cp "$out/$n.out" "$VISP_OUT/stream/$name/"
			fail "$name: $n differs from the reference model"
		fi
		echo "$name: $n: $FRAMES frames bit-exact"
	done
}

# 9p reads into the DMA buffers' PFN mappings fail: read from tmpfs.
DATA=$(mktemp -d)
cp -a "$VISP_DATA"/cases "$DATA"/ || fail "cannot copy the test data"
for dir in "$DATA"/cases/*/; do
	[ -f "$dir/case.conf" ] || continue
	run_case "${dir%/}"
done
rm -rf "$DATA"

sleep 1
[ "$(cat $PM)" = suspended ] || fail "not runtime suspended when idle: $(cat $PM)"
grep -qx 'bus_errors 0' /sys/kernel/debug/visp-sim/counters ||
	fail "bus errors: $(cat /sys/kernel/debug/visp-sim/counters)"
cat $DBG

modprobe -r visp || fail "cannot unload visp"
modprobe -r visp-sim || fail "cannot unload visp-sim"
