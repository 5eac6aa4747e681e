#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest-libs.sh ROOT LIBDIR TOOL...
#
# Copy into LIBDIR the host's shared libraries that the dynamically linked
# TOOLs need and that the guest userland in ROOT does not have (by soname),
# e.g. bookworm's libraw.so.20 when the guest is trixie, which has
# libraw.so.23. The tools find them through their rpath (see GUEST_LDFLAGS
# in the Makefile). Says on stderr which libraries it copied.

set -eu

[ $# -ge 3 ] || { echo "usage: guest-libs.sh ROOT LIBDIR TOOL..." >&2; exit 2; }
root=$1
libdir=$2
shift 2
[ -d "$root/usr/lib" ] || { echo "guest-libs.sh: $root is not a guest userland" >&2; exit 1; }
mkdir -p "$libdir"
arch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)

for tool in "$@"; do
	if ldd "$tool" | grep -q 'not found'; then
		echo "guest-libs.sh: $tool needs libraries this host does not have:" >&2
		ldd "$tool" | grep 'not found' >&2
		exit 1
	fi
	ldd "$tool" | awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }'
done | sort -u | while read -r soname path; do
	if [ -e "$root/usr/lib/$arch/$soname" ] || [ -e "$root/usr/lib/$soname" ] ||
	   [ -e "$root/usr/lib64/$soname" ]; then
		continue
	fi
	cp -L "$path" "$libdir/$soname"
	echo "guest-libs.sh: $soname from the host ($path)" >&2
done
