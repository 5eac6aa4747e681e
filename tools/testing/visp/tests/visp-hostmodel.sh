#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 600
#
# The reference model run by the host (vmtest.py --host-model): visp-sim
# hands the frames from memory to visp-hostmodel, which reads and writes
# their buffers in the guest's RAM. A stream of both paths and the
# statistics must give, byte for byte, what the guest's own model gives
# (module parameter host=0) of the same input, every frame counted in
# host_frames; with host=0 and for the camera's frames, which the
# receiver's buffer holds, no frame goes to the host.

. /usr/lib/visp/lib.sh

[ "${VISP_HOST_MODEL:-0}" = 1 ] ||
	fail "no model on the host: run this test with vmtest.py --host-model"

SIM=/sys/kernel/debug/visp-sim
counter() { sed -n "s/^$1 //p" $SIM/counters; }
FRAMES=6

# run HOST: $FRAMES frames of the main and self paths and the statistics
# of /tmp/in.raw to /tmp/HOST.{main,self,stats}, the simulator loaded with
# host=HOST.
run() {
	visp_load host="$1"
	M=$(visp_media)
	[ -n "$M" ] || fail "no visp media device"
	full_pipeline "$M" SGRBG8_1X8 GRBG 320 240
	# The same input in both runs.
	cp /tmp/in0.raw /tmp/in.raw
	for n in main self stats; do
		timeout 120 v4l2-ctl -d "$(entity_node visp-$n "$M")" \
			--stream-mmap --stream-count=$FRAMES \
			--stream-to=/tmp/$1.$n &
		eval pid_$n=$!
	done
	v4l2-ctl -d "$(entity_node visp-input "$M")" --stream-out-mmap \
		--stream-loop --stream-from=/tmp/in.raw 2>/dev/null &
	out=$!
	for n in main self stats; do
		eval wait \$pid_$n || fail "host=$1: $n capture failed"
	done
	kill $out 2>/dev/null
	wait
	frames=$(counter frames) host=$(counter host_frames)
	echo "host=$1: $frames frames, $host on the host"
}

out=
trap 'kill $out 2>/dev/null' EXIT
head -c $((320 * 240)) /dev/urandom >/tmp/in0.raw

run 1
dmesg | grep -q "frames run on the host's model" ||
	fail "the simulator found no model on the host"
[ "$frames" -ge $FRAMES ] && [ "$host" = "$frames" ] ||
	fail "host=1: $host of $frames frames ran on the host"
visp_unload

run 0
[ "$host" = 0 ] || fail "host=0: $host frames ran on the host"
visp_unload

for n in main self stats; do
	[ -s /tmp/1.$n ] || fail "no $n output"
	cmp /tmp/1.$n /tmp/0.$n ||
		fail "$n: the host's model and the guest's differ"
	echo "$n: $FRAMES frames, the host's model as the guest's"
done

# The camera's frames run in the guest.
visp_load
MDEV=$(visp_media)
DATA=$(mktemp -d)
cp -a "$VISP_DATA"/cases/inline-bars "$DATA"/ || fail "cannot copy the test data"
case_setup "$DATA/inline-bars"
case_stream "$DATA/inline-bars" "$DATA/out" v4l2-ctl v4l2-ctl
cmp "$DATA/inline-bars/main.exp" "$DATA/out/main.out" ||
	fail "inline-bars: main differs from the reference model"
frames=$(counter frames) host=$(counter host_frames)
[ "$frames" -ge "$FRAMES" ] && [ "$host" = 0 ] ||
	fail "camera: $host of $frames frames ran on the host"
echo "camera: $frames frames, none on the host"
rm -rf "$DATA"
wait_suspended
visp_unload
