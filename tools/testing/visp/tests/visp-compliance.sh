#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 600
#
# v4l2-compliance on the media device and through it on every video and
# subdev node of visp: no failure and no warning, node by node. The frame
# sizes the video nodes enumerate are the limits their TRY_FMT applies.
# The raw bypass's links and formats: the two links into
# visp-resizer-main exclusive (EBUSY), the codes each pad takes.

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

# The raw bypass: visp-isp's raw source pad, 4, carries the input's Bayer
# code at the crop size, its video source pad, 2, only the processed
# code; of the two links into visp-resizer-main's sink one at most is
# enabled, and the sink takes the codes of that link's pad.
fmt_of() { media-ctl -d "$M" --get-v4l2 "$1" | sed -n 's/.*fmt:\([^ ]*\).*/\1/p'; }
# has_link LINE: visp-topology prints LINE ("link SRC:PAD -> SINK:PAD FLAGS").
has_link() {
	visp-topology "$M" | grep -qxF "link $1" ||
		fail "no '$1' in: $(visp-topology "$M" | grep 'visp-resizer-main:0')"
}
# setup_link_fails LINK WHY: MEDIA_IOC_SETUP_LINK of LINK fails with EBUSY.
setup_link_fails() {
	if out=$(media-ctl -d "$M" -l "$1" 2>&1); then
		fail "link $1 accepted: $2"
	fi
	case "$out" in
	*"busy"*) echo "link $1 refused: $out" ;;
	*) fail "link $1: expected EBUSY ($2), got: $out" ;;
	esac
}
RAWL='"visp-isp":4 -> "visp-resizer-main":0'
PROCL='"visp-isp":2 -> "visp-resizer-main":0'
media-ctl -d "$M" -V '"visp-isp":0 [fmt:SGRBG12_1X12/640x480 crop:(16,8)/320x240]' ||
	fail "visp-isp sink format"
[ "$(fmt_of '"visp-isp":4')" = SGRBG12_1X12/320x240 ] ||
	fail "raw source pad: $(fmt_of '"visp-isp":4'), expected SGRBG12_1X12/320x240"
[ "$(fmt_of '"visp-isp":2')" = RGB121212_1X36/320x240 ] ||
	fail "video source pad: $(fmt_of '"visp-isp":2')"
media-ctl -d "$M" -V '"visp-isp":2 [fmt:SGRBG12_1X12/320x240]' ||
	fail "visp-isp:2 S_FMT"
[ "$(fmt_of '"visp-isp":2')" = RGB121212_1X36/320x240 ] ||
	fail "a Bayer code on the video source pad: $(fmt_of '"visp-isp":2')"
has_link "visp-isp:4 -> visp-resizer-main:0 -"
has_link "visp-isp:2 -> visp-resizer-main:0 enabled"
media-ctl -d "$M" -l '"visp-isp":4 -> "visp-resizer-self":0 [1]' >/dev/null 2>&1 &&
	fail "visp-resizer-self takes the raw source pad"
setup_link_fails "$RAWL [1]" "the processed link is enabled"
media-ctl -d "$M" -V '"visp-resizer-main":0 [fmt:SGRBG12_1X12/320x240]' ||
	fail "visp-resizer-main sink S_FMT"
[ "$(fmt_of '"visp-resizer-main":0')" = RGB121212_1X36/320x240 ] ||
	fail "a Bayer code on the processed link: $(fmt_of '"visp-resizer-main":0')"
media-ctl -d "$M" -l "$PROCL [0]" || fail "disable the processed link"
media-ctl -d "$M" -l "$RAWL [1]" || fail "enable the raw link"
has_link "visp-isp:4 -> visp-resizer-main:0 enabled"
has_link "visp-isp:2 -> visp-resizer-main:0 -"
setup_link_fails "$PROCL [1]" "the raw link is enabled"
case "$(fmt_of '"visp-resizer-main":0')" in
S*_1X*) ;;
*) fail "resizer sink on the raw link: $(fmt_of '"visp-resizer-main":0')" ;;
esac
media-ctl -d "$M" -V '"visp-resizer-main":0 [fmt:SGRBG12_1X12/320x240]' ||
	fail "visp-resizer-main sink S_FMT"
[ "$(fmt_of '"visp-resizer-main":0')" = SGRBG12_1X12/320x240 ] ||
	fail "resizer sink on the raw link: $(fmt_of '"visp-resizer-main":0')"
[ "$(fmt_of '"visp-resizer-main":1')" = SGRBG12_1X12/320x240 ] ||
	fail "resizer source on the raw link: $(fmt_of '"visp-resizer-main":1')"
media-ctl -d "$M" -V '"visp-resizer-main":0 [fmt:RGB121212_1X36/320x240]' ||
	fail "visp-resizer-main sink S_FMT"
[ "$(fmt_of '"visp-resizer-main":0')" = SGRBG12_1X12/320x240 ] ||
	fail "the processed code on the raw link: $(fmt_of '"visp-resizer-main":0')"
# The resizer's sink, as the raw link sets it, passes v4l2-compliance too.
v4l2-compliance -u "$(ent visp-resizer-main)" > "$VISP_OUT/rsz-raw.log" 2>&1
grep '^Total for' "$VISP_OUT/rsz-raw.log"
grep -q '^Total for .*, Failed: 0, Warnings: 0$' "$VISP_OUT/rsz-raw.log" ||
	fail "visp-resizer-main on the raw link: v4l2-compliance failures or warnings"
# Back on the processed link, the sink takes the processed code again.
media-ctl -d "$M" -l "$RAWL [0]" || fail "disable the raw link"
media-ctl -d "$M" -l "$PROCL [1]" || fail "enable the processed link"
[ "$(fmt_of '"visp-resizer-main":0')" = RGB121212_1X36/320x240 ] ||
	fail "resizer sink back on the processed link: $(fmt_of '"visp-resizer-main":0')"
# visp-self takes no RAW16 format, its resizer no Bayer code.
# yavta calls S_FMT with any format (v4l2-ctl refuses the formats the node
# does not enumerate itself) and prints the format it returns.
got=$(yavta -f "$(yavta_fmt RG16)" -s 320x240 "$(ent visp-self)" 2>&1 |
      sed -n 's/^Video format set: \([^ ]*\) .*/\1/p')
[ "$got" = NV12 ] || fail "visp-self RAW16 S_FMT gave '$got'"
media-ctl -d "$M" -V '"visp-resizer-self":0 [fmt:SGRBG12_1X12/320x240]' ||
	fail "visp-resizer-self sink S_FMT"
[ "$(fmt_of '"visp-resizer-self":0')" = RGB121212_1X36/320x240 ] ||
	fail "visp-resizer-self took a Bayer code"
echo "raw bypass: links exclusive, formats follow the links"

modprobe -r visp || fail "cannot unload visp"
modprobe -r visp-sim || fail "cannot unload visp-sim"
