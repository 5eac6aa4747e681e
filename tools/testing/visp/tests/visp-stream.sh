#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 900
#
# Stream the cases generated on the host by tools/visp/visp-testgen (passed
# with --data) through the driver and compare the main and self path
# images and the statistics with the reference model's prediction, byte
# for byte; one case also with the input frames at a data offset in their
# buffers. The input node rejects data offsets the hardware cannot use.
# The simulator must see no bus error and the device must be runtime
# suspended when idle.

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

run_case() {
	dir=$1
	name=$(basename "$dir")
	# On tmpfs: 9p writes from the DMA buffers' PFN mappings fail too.
	out=$DATA/out/$name
	case_setup "$dir"

	case_stream "$dir" "$out" v4l2-ctl v4l2-ctl
	compare "$dir" "$out" v4l2-ctl all
	case_stream "$dir" "$out" yavta v4l2-ctl
	compare "$dir" "$out" "yavta capture" all
	# yavta feeds its file's first frame again and again: check every
	# output frame against the first expected one, with fixed parameters.
	# The capture nodes stream first, so yavta's S_FMT on the input
	# happens while the pipeline streams.
	if [ "$PARAMS" = 0 ]; then
		case_stream "$dir" "$out" v4l2-ctl yavta
		compare "$dir" "$out" "yavta output" first
	fi
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
	# The camera's cases: visp-inline.
	case "$dir" in *"/inline-"*) continue ;; esac
	run_case "${dir%/}"
done

# The hardware reads the frame from the buffer's data offset on; the
# bytes before it are not image data. With the parameters, statistics
# and both paths.
dir=$DATA/cases/scale-params-stats
name=$(basename "$dir")
out=$DATA/out/$name
case_setup "$dir"
case_stream "$dir" "$out" v4l2-ctl visp-feed:4096
compare "$dir" "$out" "input at offset 4096" all

# Data offsets the input takes: a multiple of 16 with a whole frame
# after it (the image size of the input format is S).
dev=$(entity_node visp-input "$MDEV")
S=$(v4l2-ctl -d "$dev" --get-fmt-video-out | sed -n 's/^[[:space:]]*Size Image *: //p')
for t in 16:size:ok 16:$((16 + S - 1)):Invalid 8:size:Invalid \
	 4096:4096:Invalid 0:size:ok; do
	got=$(visp-feed -t "${t%:*}" "$dev")
	case "$got" in
	*": ${t##*:}"*) echo "$got" ;;
	*) fail "data offset ${t%:*}: $got, expected ${t##*:}" ;;
	esac
done
rm -rf "$DATA"

host_model_used
wait_suspended
visp_unload
