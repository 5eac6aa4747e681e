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

	stream "$dir" "$out" v4l2-ctl v4l2-ctl
	compare "$dir" "$out" v4l2-ctl all
	stream "$dir" "$out" yavta v4l2-ctl
	compare "$dir" "$out" "yavta capture" all
	# yavta feeds its file's first frame again and again: check every
	# output frame against the first expected one, with fixed parameters.
	# The capture nodes stream first, so yavta's S_FMT on the input
	# happens while the pipeline streams.
	if [ "$PARAMS" = 0 ]; then
		stream "$dir" "$out" v4l2-ctl yavta
		compare "$dir" "$out" "yavta output" first
	fi
}

# yavta's name of the pixel format $1, empty if it has none.
yavta_fmt() {
	yavta -f help 2>&1 | sed -n "s/^\([A-Za-z0-9_]*\) (\"$1\".*/\1/p"
}

# stream DIR OUT CAPTURE-CLIENT INPUT-CLIENT: $FRAMES frames of every
# enabled output of the case in DIR to OUT/<node>.out, with v4l2-ctl or
# yavta capturing the image nodes and feeding the input. The statistics
# are captured with v4l2-ctl, the parameters fed with it.
stream() {
	dir=$1 out=$2 cap=$3 feed=$4
	rm -f "$out"/*.out "$out"/y-*

	# The capture streams stop after $FRAMES frames; the input and the
	# parameters loop over their files until they are stopped. A job waits
	# for a buffer on every enabled output, so the captures get exactly
	# the first $FRAMES frames, and for a parameters buffer while the
	# parameters stream, so that stream starts first.
	caps=
	for n in main self stats; do
		N=$(echo $n | tr a-z A-Z)
		eval en=\$$N fourcc=\$${N}_FOURCC w=\$${N}_W h=\$${N}_H
		[ "$en" = 1 ] || continue
		if [ "$cap" = yavta ] && [ $n != stats ]; then
			# yavta sets the format again: the same one.
			fmt=$(yavta_fmt "$fourcc")
			[ -n "$fmt" ] || fail "$name: yavta has no $fourcc"
			timeout 120 yavta -c"$FRAMES" -n2 -f "$fmt" -s "${w}x$h" \
				--file="$out/y-$n-#.bin" "$(ent visp-$n)" \
				>"$out/yavta-$n.log" 2>&1 &
		else
			timeout 120 v4l2-ctl -d "$(ent visp-$n)" --stream-mmap \
				--stream-count="$FRAMES" --stream-to="$out/$n.out" &
		fi
		caps="$caps $n:$!"
	done
	feeds=
	if [ "$PARAMS" = 1 ]; then
		v4l2-ctl -d "$(ent visp-params)" --stream-out-mmap \
			--stream-loop --stream-from="$dir/params.bin" &
		feeds="$feeds $!"
		wait_streaming visp-params
	fi
	if [ "$feed" = yavta ]; then
		# Started by the captures, the pipeline has the input format
		# locked: it can be set again, not changed.
		first=${caps# }
		wait_streaming "visp-${first%%:*}"
		v4l2-ctl -d "$(ent visp-input)" \
			--set-fmt-video-out=width=$((W - 16)) 2>/dev/null &&
			fail "$name: input format changed while streaming"
		# The first frame only; -f and -s set the current format again
		# (yavta knows no name for some raw formats: then it keeps it).
		size=$(($(stat -c %s "$dir/in.raw") / FRAMES))
		head -c $size "$dir/in.raw" >"$out/in0.raw"
		fmt=$(yavta_fmt "$IN_FOURCC")
		yavta -B output-mplane -c1000 -n2 ${fmt:+-f "$fmt" -s "${W}x$H"} \
			--file="$out/in0.raw" "$(ent visp-input)" \
			>"$out/yavta-input.log" 2>&1 &
	else
		v4l2-ctl -d "$(ent visp-input)" --stream-out-mmap --stream-loop \
			--stream-from="$dir/in.raw" &
	fi
	feeds="$feeds $!"

	for c in $caps; do
		if ! wait "${c#*:}"; then
			cat $DBG /sys/kernel/debug/visp-sim/counters
			cat "$out"/yavta-*.log 2>/dev/null
			dmesg | tail -20
			kill $feeds
			fail "$name: $cap: ${c%%:*} capture failed"
		fi
		[ "$cap" = yavta ] && [ "${c%%:*}" != stats ] &&
			cat "$out/y-${c%%:*}-"*.bin >"$out/${c%%:*}.out"
	done
	kill $feeds 2>/dev/null
	wait
}

# compare DIR OUT WHO all|first: each output of OUT against the model's
# prediction in DIR, every frame, or every image frame against the first
# one (statistics carry the frame sequence number: not compared then).
compare() {
	dir=$1 out=$2 who=$3 mode=$4
	for n in main self stats; do
		[ -e "$dir/$n.exp" ] || continue
		[ "$mode" = first ] && [ $n = stats ] && continue
		exp=$dir/$n.exp
		if [ "$mode" = first ]; then
			fsize=$(($(stat -c %s "$exp") / FRAMES))
			exp=$out/$n.exp0
			i=0
			: >"$exp"
			while [ $i -lt "$FRAMES" ]; do
				head -c $fsize "$dir/$n.exp" >>"$exp"
				i=$((i + 1))
			done
		fi
		if ! cmp "$exp" "$out/$n.out"; then
			mkdir -p "$VISP_OUT/stream/$name"
			cp "$out/$n.out" "$VISP_OUT/stream/$name/"
			fail "$name: $who: $n differs from the reference model"
		fi
		echo "$name: $who: $n: $FRAMES frames bit-exact"
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
