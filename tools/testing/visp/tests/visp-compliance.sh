#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 600
#
# v4l2-compliance on the media device and through it on every video and
# subdev node of visp: no failure and no warning, node by node. The frame
# sizes the video nodes enumerate are the limits their TRY_FMT applies.

. /usr/lib/visp/lib.sh

modprobe visp-sim || fail "cannot load visp-sim"
modprobe visp || fail "cannot load visp"
mklinks

M=
M=$(visp_media)
[ -n "$M" ] || fail "no visp media device"

LOG=$VISP_OUT/v4l2-compliance.log
v4l2-compliance -m "$M" > "$LOG" 2>&1
grep -E '^(Grand )?Total for' "$LOG"

# One total per node: the media device, 5 video nodes and 4 subdevs (the
# camera's driver is not loaded: visp-csi waits for it).
n=$(grep -c '^Total for visp device' "$LOG")
[ "$n" = 10 ] || fail "expected 10 nodes tested, got $n"
grep '^Total for visp device' "$LOG" | grep -v 'Failed: 0, Warnings: 0$' &&
	fail "a node has failures or warnings"
grep -q '^Grand Total for visp device .*, Failed: 0, Warnings: 0$' "$LOG" ||
	fail "grand total has failures or warnings"

ent() { media-ctl -d "$M" -e "$1"; }

# check_sizes NODE FOURCC MIN_W MIN_H MAX_W MAX_H STEP_W: the node
# enumerates these sizes for the format, and TRY_FMT keeps both ends of
# the range, rounds a size between two steps down and clamps sizes one
# step beyond the range.
check_sizes() {
	dev=$(ent "$1")
	exp="Stepwise ${3}x$4 - ${5}x$6 with step $7/2"
	got=$(v4l2-ctl -d "$dev" --list-framesizes="$2" | sed -n 's/^\tSize: //p')
	[ "$got" = "$exp" ] || fail "$1 $2: frame sizes '$got', expected '$exp'"
	opt=--try-fmt-video
	[ "$1" = visp-input ] && opt=--try-fmt-video-out
	for size in "$3 $4 $3 $4" "$5 $6 $5 $6" \
		    "$(($3 + $7 + 1)) $(($4 + 3)) $(($3 + $7)) $(($4 + 2))" \
		    "$(($3 - $7)) $(($4 - 2)) $3 $4" "$(($5 + $7)) $(($6 + 2)) $5 $6"; do
		set -- "$1" "$2" $size
		got=$(v4l2-ctl -d "$dev" "$opt=width=$3,height=$4,pixelformat=$2" |
		      sed -n 's/^\tWidth\/Height *: //p')
		[ "$got" = "$5/$6" ] ||
			fail "$1 $2: TRY_FMT of $3x$4 gave $got, expected $5/$6"
	done
	echo "$1 $2: $exp"
}
check_sizes visp-input RG10 32 16 4096 3072 2
check_sizes visp-input pRAA 32 16 4096 3072 4
check_sizes visp-main NV12 32 16 4096 3072 2
check_sizes visp-main RG16 32 16 4096 3072 2
check_sizes visp-self RGB3 32 16 2048 2048 2
v4l2-ctl -d "$(ent visp-self)" --list-framesizes=RG16 2>&1 | grep -q Size &&
	fail "visp-self enumerates sizes of a RAW16 format"
v4l2-ctl -d "$(ent visp-main)" --list-framesizes=BA81 2>&1 | grep -q Size &&
	fail "visp-main enumerates sizes of an input format"

modprobe -r visp || fail "cannot unload visp"
modprobe -r visp-sim || fail "cannot unload visp-sim"
