#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 600
#
# The admin guide is right: the topology graph it includes is what
# media-ctl prints, and its walkthroughs, run verbatim, produce four NV12
# frames and four statistics buffers, numbered 0 to 3 from memory and in
# increasing order from the camera.

. /usr/lib/visp/lib.sh

DOCS=$VISP_DATA/docs
[ -f "$DOCS/visp-walkthrough.sh" ] || fail "no walkthrough in \$VISP_DATA/docs"

modprobe visp-sim || fail "cannot load visp-sim"
# The camera's drivers first: its entities come last in the graph.
modprobe visp-sensor || fail "cannot load visp-sensor"
modprobe visp || fail "cannot load visp"
mklinks

M=$(visp_media)
media-ctl -d "$M" --print-dot > "$VISP_OUT/visp.dot" || fail "media-ctl --print-dot"
grep -v '^//' "$DOCS/visp.dot" | diff -u - "$VISP_OUT/visp.dot" ||
	fail "visp.dot is not the topology"

# Run it in tmpfs: 9p cannot read into or write from DMA buffer mappings.
W=$(mktemp -d)
cd "$W" || fail "no work directory"
sh "$DOCS/visp-walkthrough.sh" || fail "the walkthrough failed"

[ "$(stat -c %s main.nv12)" = $((320 * 240 * 3 / 2 * 4)) ] ||
	fail "main.nv12 has $(stat -c %s main.nv12) bytes"
[ "$(stat -c %s stats.bin)" = $((11800 * 4)) ] ||
	fail "stats.bin has $(stat -c %s stats.bin) bytes"
# Each statistics buffer starts with version, size and frame_sequence.
hdrs=$(for i in 0 1 2 3; do
	od -An -tu4 -j $((11800 * i)) -N12 stats.bin | xargs
done | tr '\n' ',')
[ "$hdrs" = "1 11800 0,1 11800 1,1 11800 2,1 11800 3," ] ||
	fail "statistics version, size, sequence: $hdrs"

rm -f main.nv12 stats.bin
# Inline: the camera's frames, numbered by the receiver (a frame the ISP
# had no buffers for leaves a gap).
sh "$DOCS/visp-walkthrough-inline.sh" || fail "the inline walkthrough failed"
[ "$(stat -c %s main.nv12)" = $((480 * 270 * 3 / 2 * 4)) ] ||
	fail "inline main.nv12 has $(stat -c %s main.nv12) bytes"
[ "$(stat -c %s stats.bin)" = $((11800 * 4)) ] ||
	fail "inline stats.bin has $(stat -c %s stats.bin) bytes"
seqs=$(for i in 0 1 2 3; do
	od -An -tu4 -j $((11800 * i + 8)) -N4 stats.bin | xargs
done | tr '\n' ' ')
echo "$seqs" | awk '{ for (i = 2; i <= NF; i++) if ($i <= $(i - 1)) exit 1 }' ||
	fail "inline statistics sequences not increasing: $seqs"
echo "inline walkthrough: 4 frames, statistics of camera frames $seqs"

cd / && rm -rf "$W"
modprobe -r visp || fail "cannot unload visp"
modprobe -r visp-sensor || fail "cannot unload visp-sensor"
modprobe -r visp-sim || fail "cannot unload visp-sim"
