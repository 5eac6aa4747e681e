#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 300
#
# VIDIOC_QBUF on visp-params rejects each invalid parameters buffer that
# tools/visp/visp-testgen generated with -EINVAL and a debug message naming
# the block and the field, and accepts a valid one.

. /usr/lib/visp/lib.sh

SRC=$VISP_DATA/cases/bad-params
[ -f "$SRC/expect" ] || fail "no bad-params cases in \$VISP_DATA (visp-testgen)"

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks
echo 'module visp +p' > /sys/kernel/debug/dynamic_debug/control

M=$(visp_media)
P=$(media-ctl -d "$M" -e visp-params) || fail "no visp-params node"

# Read the buffers from tmpfs rather than 9p.
D=$(mktemp -d)
cp "$SRC"/* "$D"/

# Queue one buffer from file $1 without streaming; print v4l2-ctl's trace.
qbuf() {
	v4l2-ctl -d "$P" --verbose --stream-out-mmap=1 --stream-count=1 \
		--stream-from="$1" 2>&1
}

qbuf "$D/good.bin" | grep -q 'VIDIOC_QBUF returned 0 (Success)' ||
	fail "a valid parameters buffer is rejected"

n=0
while read -r name msg; do
	# Only the new kernel messages (the log is not cleared: the harness
	# looks for kernel reports in it).
	before=$(dmesg | wc -l)
	qbuf "$D/$name.bin" | grep -q 'VIDIOC_QBUF returned -1 (Invalid argument)' ||
		fail "$name: not rejected with EINVAL"
	dmesg | tail -n +$((before + 1)) | grep -qF "$msg" || {
		dmesg | tail -5
		fail "$name: no debug message \"$msg\""
	}
	echo "$name: rejected: $msg"
	n=$((n + 1))
done < "$D/expect"
[ $n -gt 0 ] || fail "no case run"

rm -rf "$D"
visp_unload
