#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 60
#
# The dynamically linked tools of tools/visp run in the guest: visp-io-check
# (linked with LibRaw, libtiff and the host's libraw.so.20 the guest's
# trixie lacks, from /usr/lib/visp) reads the DNG frames the host wrote
# (make check: $VISP_DATA/io) and prints what the host's visp-io-check
# printed for them, checksum of the samples included; a text file is
# refused with a sentence and a non-zero exit.

. /usr/lib/visp/lib.sh

SRC=$VISP_DATA/io
[ -f "$SRC/expect" ] || fail "no DNG frames in \$VISP_DATA/io (visp-io-check --render)"
command -v visp-io-check >/dev/null || fail "no visp-io-check in the guest"

D=$(mktemp -d)
cp "$SRC"/* "$D"/
cd "$D" || fail "cannot enter $D"
n=0
for f in *.dng; do
	got=$(visp-io-check "$f") || fail "visp-io-check cannot read $f"
	grep -qxF "$got" expect || {
		grep -F "$f:" expect
		fail "$f: guest read \"$got\", not what the host read"
	}
	echo "$got"
	n=$((n + 1))
done
[ "$n" -ge 2 ] || fail "only $n DNG frames in \$VISP_DATA/io"

echo "not a raw frame" > text.dng
if msg=$(visp-io-check text.dng 2>&1); then
	fail "a text file was read as a raw frame"
fi
case "$msg" in
*"text.dng: not a raw file LibRaw can read"*) echo "refused: $msg" ;;
*) fail "a text file was refused without the sentence: $msg" ;;
esac
