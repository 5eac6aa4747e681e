#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 300
#
# VIDIOC_QBUF on visp-params rejects each invalid parameters buffer that
# tools/visp/visp-testgen generated with -EINVAL and a debug message naming
# the block and the field, and accepts a valid one. The buffers are queued
# with visp-feed, bytesused the size of their file (v4l2-ctl always sets
# the buffer size, which the driver rejects unless data_size fills it);
# bytesused 0 is refused too. The supported blocks control lists the
# twelve block types.

. /usr/lib/visp/lib.sh

SRC=$VISP_DATA/cases/bad-params
[ -f "$SRC/expect" ] || fail "no bad-params cases in \$VISP_DATA (visp-testgen)"

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks
echo 'module visp +p' > /sys/kernel/debug/dynamic_debug/control

M=$(visp_media)
P=$(media-ctl -d "$M" -e visp-params) || fail "no visp-params node"

# Bit N of the supported blocks control for each block type, the tone
# curve block (11) included: 0xfff.
blocks=$(v4l2-ctl -d "$P" --get-ctrl supported_params_blocks) ||
	fail "cannot read the supported blocks control"
[ $((${blocks##* })) -eq 4095 ] ||
	fail "supported blocks: '$blocks', expected 0xfff"
echo "supported blocks: ${blocks##* }"

# Read the buffers from tmpfs rather than 9p.
D=$(mktemp -d)
cp "$SRC"/* "$D"/

# Queue file $2 as one buffer without streaming, with the visp-feed
# options $1; print its verdict, "qbuf: ok" or "qbuf: " and the error.
qbuf() {
	# shellcheck disable=SC2086 # $1: options, one word each
	visp-feed -q $1 "$P" "$2" 2>&1
}

# reject NAME MESSAGE OPTIONS FILE: EINVAL and MESSAGE logged.
reject() {
	# Only the new kernel messages (the log is not cleared: the harness
	# looks for kernel reports in it).
	before=$(dmesg | wc -l)
	out=$(qbuf "$3" "$4")
	[ "$out" = "qbuf: Invalid argument" ] ||
		fail "$1: not rejected with EINVAL: $out"
	dmesg | tail -n +$((before + 1)) | grep -qF "$2" || {
		dmesg | tail -5
		fail "$1: no debug message \"$2\""
	}
	echo "$1: rejected: $2"
}

out=$(qbuf "" "$D/good.bin")
[ "$out" = "qbuf: ok" ] || fail "a valid parameters buffer is rejected: $out"

n=0
while read -r name msg; do
	reject "$name" "$msg" "" "$D/$name.bin"
	n=$((n + 1))
done < "$D/expect"
[ $n -gt 0 ] || fail "no case run"

# bytesused 0, which vb2 would otherwise replace by the buffer size.
reject empty "bytesused is 0" "-u 0" "$D/good.bin"
# The valid buffer with bytesused the buffer size, as v4l2-ctl sets it.
reject buffer-size "bytes past the header and data_size" "-u 2448" \
	"$D/good.bin"

rm -rf "$D"
visp_unload
