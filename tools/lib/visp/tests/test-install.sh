#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# libvisp as a distribution installs it: make install into a temporary
# DESTDIR with PREFIX=/usr, then a program built with nothing but the
# installed tree and pkg-config, run against the installed shared library.
# TAP output, like the other host tests.
#
# Environment: MAKE, CC, CXX, CFLAGS (those of the library build, so that
# sanitizer builds link), OUT (the library's build directory), VERSION
# (the library's version, VISP_VERSION of the Makefile).

srcdir=$(cd "$(dirname "$0")/.." && pwd)
: "${MAKE:=make}" "${CC:=cc}" "${CXX:=c++}" "${OUT:=$srcdir/build}"
: "${VERSION:=$(sed -n 's/^VISP_VERSION *:= *//p' "$srcdir/Makefile")}"
dest=$OUT/install-test
log=$OUT/install-test.log
n=0
failed=0
version=$VERSION
# The library's soname: libvisp.so.MAJOR, libvisp.so.0.MINOR while MAJOR is 0
case $version in
0.*) soname=libvisp.so.${version%.*} ;;
*) soname=libvisp.so.${version%%.*} ;;
esac

# result NAME STATUS: one TAP line.
result() {
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $n - install: $1"
	else
		failed=$((failed + 1))
		echo "not ok $n - install: $1"
		sed 's/^/#   /' "$log" | tail -20
	fi
}

# check NAME CMD...: one TAP line from a command's exit status.
check() {
	name=$1
	shift
	"$@" >"$log" 2>&1
	result "$name" $?
}

echo "TAP version 13"
echo "1..9"

rm -rf "$dest"
check "make install" \
	"$MAKE" -s -C "$srcdir" O="$OUT" DESTDIR="$dest" PREFIX=/usr install

lib=$dest/usr/lib
check "files" sh -c "test -f '$lib/libvisp.so.$version' &&
	test \"\$(readlink '$lib/$soname')\" = libvisp.so.$version &&
	test \"\$(readlink '$lib/libvisp.so')\" = $soname &&
	test -f '$lib/libvisp.a' && test -f '$lib/pkgconfig/libvisp.pc' &&
	test -f '$dest/usr/include/visp/libvisp.h' &&
	test -f '$dest/usr/include/visp/linux/media/visp-config.h'"

check "soname" sh -c "readelf -d '$lib/libvisp.so.$version' |
	grep -F 'Library soname: [$soname]'"

# Exactly the symbols of libvisp.map are exported, each in its node.
check "exported symbols" sh -c "
	nm -D --defined-only '$lib/libvisp.so.$version' |
		awk '\$2 != \"A\" { print \$3 }' | sort >'$OUT/syms-so' &&
	awk '/^LIBVISP_[0-9.]+ *[{]/ { node = \$1 }
	     /^[[:space:]]*visp_[a-z0-9_]*;\$/ {
		sub(/^[[:space:]]*/, \"\"); sub(/;\$/, \"\")
		print \$0 \"@@\" node }' \
		'$srcdir/libvisp.map' | sort >'$OUT/syms-map' &&
	test -s '$OUT/syms-map' && diff -u '$OUT/syms-map' '$OUT/syms-so'"

# The installed tree, and the system's directories for the libraries
# libvisp.pc requires (yaml-0.1).
PKG_CONFIG_PATH=$lib/pkgconfig
PKG_CONFIG_LIBDIR=$lib/pkgconfig:$(pkg-config --variable pc_path pkg-config)
PKG_CONFIG_SYSROOT_DIR=$dest
PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1
PKG_CONFIG_ALLOW_SYSTEM_LIBS=1
export PKG_CONFIG_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR \
	PKG_CONFIG_ALLOW_SYSTEM_CFLAGS PKG_CONFIG_ALLOW_SYSTEM_LIBS
check "pkg-config" sh -c "pkg-config --exact-version=$version libvisp &&
	pkg-config --cflags --libs libvisp"
flags=$(pkg-config --cflags --libs libvisp 2>/dev/null)

hello=$srcdir/tests/install/libvisp-hello.c
# shellcheck disable=SC2086 # the flags are words
check "build against the installed tree" \
	$CC $CFLAGS -std=gnu11 -Wall -Wextra -Werror -o "$OUT/libvisp-hello" \
	"$hello" $flags
# shellcheck disable=SC2086
check "header as C++" \
	$CXX -Wall -Wextra -Werror -x c++ -fsyntax-only "$hello" $flags

check "links $soname" sh -c "readelf -d '$OUT/libvisp-hello' |
	grep -F 'Shared library: [$soname]'"

check "run" env LD_LIBRARY_PATH="$lib" "$OUT/libvisp-hello"

echo "$((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
