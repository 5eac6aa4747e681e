#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 600
#
# The driver recovers from hardware faults injected in the simulator while
# streaming: a frame that never ends (the watchdog resets the hardware), a
# DMA error (of the input, then of the lens shading table's channel) and
# corrupted statistics; frames slow but within the
# watchdog's time are not reset. The failed frames (the statistics
# buffer alone for corrupted statistics) complete with an error, the
# following ones normally; a spurious interrupt is ignored.

. /usr/lib/visp/lib.sh

SIM=/sys/kernel/debug/visp-sim

# Wait until a frame has taken the fault $1, armed.
wait_taken() {
	i=0
	until [ "$(cat $SIM/inject/$1)" = 0 ]; do
		i=$((i + 1))
		[ $i -lt 300 ] || fail "the $1 fault was not taken"
		sleep 0.01
	done
}

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks

M=$(visp_media)
ent() { media-ctl -d "$M" -e "$1"; }
# A failing check leaves no stream behind for the next test.
out= cap= st=
trap 'kill $out $cap $st 2>/dev/null' EXIT
small_pipeline "$M" SGRBG8_1X8 GRBG 128 64

small_stream "$M"
wait_stat frames_done 5
[ "$(visp_stat frames_failed)" = 0 ] || fail "frames failed before any fault"

echo 1 > $SIM/inject/hang
wait_stat frames_failed 1
dmesg | grep -q 'visp visp.0: frame [0-9]* timed out, resetting' ||
	fail "no timeout message"
done=$(visp_stat frames_done)
wait_stat frames_done $((done + 5))
echo "recovered from a hang"

# Frames within the watchdog's second, 500 ms each, back to back for three
# seconds: the watchdog, queued once, finds at each of its expiries that
# the jobs progressed, and waits on; nothing is reset.
timeouts=$(dmesg | grep -c 'timed out, resetting')
failed=$(visp_stat frames_failed)
echo 500 > $SIM/inject/slow_ms
for n in 1 2 3 4 5 6; do
	echo 1 > $SIM/inject/slow
	wait_taken slow
done
done=$(visp_stat frames_done)
wait_stat frames_done $((done + 2))
[ "$(dmesg | grep -c 'timed out, resetting')" = "$timeouts" ] ||
	fail "the watchdog reset slow frames that progressed"
[ "$(visp_stat frames_failed)" = "$failed" ] || fail "slow frames failed"
echo "slow frames, 500 ms each for 3 s, went on without a reset"

failed=$(visp_stat frames_failed)
echo 1 > $SIM/inject/dma_error
wait_stat frames_failed $((failed + 1))
done=$(visp_stat frames_done)
wait_stat frames_done $((done + 5))
echo "recovered from a DMA error"

echo 1 > $SIM/inject/spurious_irq
done=$(visp_stat frames_done)
wait_stat frames_done $((done + 5))
echo "ignored a spurious interrupt"

kill $out $cap
wait

# A frame that fails while the next one is queued: the buffers of the
# failed frame, not those of the frame before it, complete with an error.
# v4l2-ctl writes only the buffers without error to its file, so every
# statistics record there must carry the sequence of its buffer. The
# streams last long enough for the fault to be armed 10 frames in, with
# the model on the host too, whose small frames take a few ms.
media-ctl -d "$M" -l '"visp-isp":3 -> "visp-stats":0 [1]' || fail "link"
v4l2-ctl -d "$(ent visp-main)" --stream-mmap --stream-count=300 \
	--stream-to=/dev/null 2>/dev/null &
cap=$!
v4l2-ctl -d "$(ent visp-stats)" --verbose --stream-mmap --stream-count=300 \
	--stream-to=/tmp/stats.bin >/tmp/stats.log 2>&1 &
st=$!
v4l2-ctl -d "$(ent visp-input)" --stream-out-mmap --stream-loop \
	--stream-from=/tmp/in.raw 2>/dev/null &
out=$!
done=$(visp_stat frames_done)
wait_stat frames_done $((done + 10))
failed=$(visp_stat frames_failed)
echo 1 > $SIM/inject/dma_error
wait_stat frames_failed $((failed + 1))
wait $st || fail "statistics capture failed"
kill $out
wait
sed -n 's/^cap dqbuf: [0-9]* seq: *\([0-9]*\) .*/\1 &/p' /tmp/stats.log |
	grep -v '(error' | cut -d' ' -f1 > /tmp/seq.good
grep -q '(error' /tmp/stats.log || fail "no statistics buffer with an error"
od -A n -t u4 -w11800 -v /tmp/stats.bin | awk '{ print $3 }' > /tmp/seq.stats
cmp -s /tmp/seq.good /tmp/seq.stats || {
	grep '(error' /tmp/stats.log
	diff /tmp/seq.good /tmp/seq.stats | head
	fail "statistics of a failed frame returned without error"
}
echo "the failed frame's buffers completed with an error"

# Corrupted statistics (every bit inverted): the driver checks the header
# the ISP writes and returns that buffer, and only it, with an error. The
# counters are read before the streams start, and 100 frames leave the
# fault, armed 3 frames in, plenty of frames to hit.
invalid=$(visp_stat stats_invalid)
failed=$(visp_stat frames_failed)
done=$(visp_stat frames_done)
v4l2-ctl -d "$(ent visp-main)" --stream-mmap --stream-count=100 \
	--stream-to=/dev/null 2>/dev/null &
cap=$!
v4l2-ctl -d "$(ent visp-stats)" --verbose --stream-mmap --stream-count=100 \
	--stream-to=/dev/null >/tmp/stats.log 2>&1 &
st=$!
v4l2-ctl -d "$(ent visp-input)" --stream-out-mmap --stream-loop \
	--stream-from=/tmp/in.raw 2>/dev/null &
out=$!
wait_stat frames_done $((done + 3))
echo 1 > $SIM/inject/corrupt_stats
wait $st || fail "statistics capture failed"
[ "$(cat $SIM/inject/corrupt_stats)" = 0 ] ||
	fail "the corrupt_stats fault was not consumed within 100 frames"
wait $cap
kill $out
wait
[ "$(grep -c '^cap dqbuf: .*(error' /tmp/stats.log)" = 1 ] || {
	grep '^cap dqbuf' /tmp/stats.log
	fail "not exactly one statistics buffer with an error"
}
[ "$(visp_stat stats_invalid)" = $((invalid + 1)) ] ||
	fail "stats_invalid $(visp_stat stats_invalid), expected $((invalid + 1))"
[ "$(visp_stat frames_failed)" = "$failed" ] ||
	fail "a frame failed with corrupted statistics"
echo "corrupted statistics were returned with an error"

# A stop while a fault is pending: the streams are stopped while a frame
# hangs, before the watchdog has reset the hardware. The stop must end
# (the watchdog or the stop's own wait resets the hardware and gives the
# hung frame's buffers back), the device must suspend, and streaming
# again must work with no frame failing. The main path alone, as at first.
wait_suspended
media-ctl -d "$M" -l '"visp-isp":3 -> "visp-stats":0 [0]' || fail "link"
timeouts=$(dmesg | grep -c 'timed out, resetting\|timeout waiting for the hardware')
small_stream "$M"
done=$(visp_stat frames_done)
wait_stat frames_done $((done + 3))
echo 1 > $SIM/inject/hang
wait_taken hang
kill $out $cap
wait
[ "$(dmesg | grep -c 'timed out, resetting\|timeout waiting for the hardware')" -gt "$timeouts" ] ||
	fail "the hung frame was not reset"
visp_check_idle
failed=$(visp_stat frames_failed)
done=$(visp_stat frames_done)
small_stream "$M"
wait_stat frames_done $((done + 5))
kill $out $cap
wait
[ "$(visp_stat frames_failed)" = "$failed" ] ||
	fail "frames failed after a stop during a hang"
echo "stopped during a hang, then streamed again"

# A DMA error of the lens shading table's channel alone (DMA_ERR_SRC bit
# 6, 0x40), armed for the first frame of a stream whose parameters, those
# of visp-testgen's raw-bypass case, turn the table on: the driver fails
# that frame, its FRAME_ERR slot naming the channel, and the next frames
# are done. The main path and the parameters node, 20 frames.
echo 'file visp-hw.c +p' > /sys/kernel/debug/dynamic_debug/control
failed=$(visp_stat frames_failed)
done=$(visp_stat frames_done)
echo 64 > $SIM/inject/dma_error
[ "$(cat $SIM/inject/dma_error)" = 64 ] ||
	fail "inject/dma_error reads $(cat $SIM/inject/dma_error), not the channels armed"
main_params_stream "$M" 20 "$VISP_DATA/cases/raw-bypass/params.bin"
wait_taken dma_error
echo 'file visp-hw.c -p' > /sys/kernel/debug/dynamic_debug/control
[ "$(visp_stat frames_failed)" = $((failed + 1)) ] ||
	fail "$(($(visp_stat frames_failed) - failed)) frames failed with the LSC channel's error, not 1"
dmesg | grep -q 'visp visp.0: frame [0-9]*: error, DMA 0x40, config 0x0' ||
	fail "the driver did not see the LSC channel fail"
[ "$(visp_stat frames_done)" -ge $((done + 19)) ] ||
	fail "$(($(visp_stat frames_done) - done)) frames done around the LSC channel's error"
echo "a DMA error of the lens shading table failed its frame alone"

wait_suspended
grep -q '^injected_faults [1-9]' $SIM/counters || fail "no fault injected"
host_model_used
echo "visp-report: faults | a hang (watchdog reset), slow frames within the watchdog's time for three of its periods, a DMA error, a spurious interrupt, a DMA error with the next frame queued, corrupted statistics, while streaming; a stop during a hang; a DMA error of the lens shading table's channel | once each | the faulty frame's buffers (the statistics only, when they alone were corrupted) completed with an error, the next frames normally, the slow ones not reset, no bus error"
visp_unload
