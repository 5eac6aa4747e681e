#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the visp debug test kernel from Debian's linux-source-6.12
# and the fragment kernel.config. Prints the build directory on stdout.
#
# Cache: $VISP_CACHE/kernel/<key>/ where key hashes the source package
# version, the fragment and this script, so a changed input rebuilds.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_pkgs linux-source-6.12 build-essential bc bison flex libelf-dev \
	libssl-dev ccache cpio xz-utils kmod

FRAG="$VISP_TOP/tools/testing/visp/kernel.config"
SRCVER=$(dpkg-query -W -f='${Version}' linux-source-6.12)
KEY=$(hash_of "$SRCVER" "$FRAG" "$0")
OUT="$VISP_CACHE/kernel/$KEY"
SRC="$VISP_CACHE/src/linux-source-6.12-$SRCVER"

if [ -e "$OUT/.done" ]; then
	echo "$OUT/build"
	exit 0
fi

if [ ! -e "$SRC/.done" ]; then
	msg "extracting linux-source-6.12 $SRCVER"
	rm -rf "$SRC" && mkdir -p "$SRC"
	tar -C "$SRC" --strip-components=1 -xf /usr/src/linux-source-6.12.tar.xz
	touch "$SRC/.done"
fi

rm -rf "$OUT" && mkdir -p "$OUT/build"
msg "configuring test kernel in $OUT"
make -s -C "$SRC" O="$OUT/build" ARCH=x86_64 KCONFIG_ALLCONFIG="$FRAG" \
	allnoconfig >/dev/null

# Every option of the fragment must have survived Kconfig's dependencies.
missing=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		grep -qxF "$line" "$OUT/build/.config" && continue
		have=$(grep -E "^(# )?${line%%=*}[= ]" "$OUT/build/.config" || echo "absent")
		msg "config option not set: $line (got: $have)"
		missing=$((missing + 1))
		;;
	esac
done < "$FRAG"
[ "$missing" -eq 0 ] || die "$missing option(s) of $FRAG did not end up in .config"

export CCACHE_DIR="$VISP_CACHE/ccache" CCACHE_BASEDIR="$OUT" CCACHE_NOHASHDIR=1
export KBUILD_BUILD_TIMESTAMP="2024-01-01" KBUILD_BUILD_USER=visp KBUILD_BUILD_HOST=visp
msg "building test kernel with $VISP_JOBS jobs (about 6 min cold, <1 min from ccache)"
start=$SECONDS
make -s -C "$SRC" O="$OUT/build" ARCH=x86_64 CC="ccache gcc" -j"$VISP_JOBS" \
	bzImage modules >"$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; die "kernel build failed"; }
make -s -C "$SRC" O="$OUT/build" ARCH=x86_64 INSTALL_MOD_PATH="$OUT/mods" \
	modules_install >>"$OUT/build.log" 2>&1 || die "modules_install failed"
msg "test kernel built in $((SECONDS - start)) s"
touch "$OUT/.done"
echo "$OUT/build"
