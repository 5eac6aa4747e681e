#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) Debian's stock 6.12 kernel with CMA: the configuration
# of the stock kernel (stock.sh), with contiguous memory for DMA, which it
# lacks and 4K frames need (a 3840x2160 frame is larger than the 4 MiB the
# page allocator gives at once), and vimc. Besides, it carries no debug
# information and its modules are not signed (with a key of its own),
# which changes no code that runs. Of the modules, only those the tests
# load from the stock kernel are built, and vimc. The source is the debug kernel's (kernel.sh), the
# same Debian version. Prints the directory holding vmlinuz, release,
# kdir and modules/ on stdout, as stock.sh does.
#
# Cache: $VISP_CACHE/cma/<key>/, key hashing the source version, the stock
# kernel's configuration and this script.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

stock=$("$VISP_TESTING/stock.sh")
kbuild=$("$VISP_TESTING/kernel.sh")
SRC=$(readlink -f "$kbuild/source")
SCONF="$(cat "$stock/kdir")/.config"
SRCVER=$(dpkg-query -W -f='${Version}' linux-source-6.12)
KEY=$(hash_of "$SRCVER" "$SCONF" "$0")
OUT="$VISP_CACHE/cma/$KEY"
B="$OUT/build"

if [ -e "$OUT/.done" ]; then
	echo "$OUT"
	exit 0
fi

rm -rf "$OUT" && mkdir -p "$B"
msg "configuring Debian's stock kernel with CMA in $OUT"
cp "$SCONF" "$B/.config"
cfg="$SRC/scripts/config --file $B/.config"
$cfg -e CMA -e DMA_CMA --set-val CMA_SIZE_MBYTES 0 \
	-e MEDIA_TEST_SUPPORT -e V4L_TEST_DRIVERS -m VIDEO_VIMC \
	-d DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT -d DEBUG_INFO_DWARF5 \
	-d DEBUG_INFO_BTF -e DEBUG_INFO_NONE \
	-d MODULE_SIG_ALL --set-str MODULE_SIG_KEY certs/signing_key.pem -d MODVERSIONS \
	--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
	--set-str LOCALVERSION "" -d LOCALVERSION_AUTO
make -s -C "$SRC" O="$B" ARCH=x86_64 olddefconfig >/dev/null
for opt in CONFIG_CMA=y CONFIG_DMA_CMA=y CONFIG_VIDEO_VIMC=m; do
	grep -qxF "$opt" "$B/.config" || die "$opt did not survive the configuration"
done
# How its built-in options differ from the stock kernel's, for the record.
diff <(grep '=y$' "$SCONF" | sort) <(grep '=y$' "$B/.config" | sort) |
	sed -n 's/^[<>] //p' > "$OUT/config.diff" || true
# The modules to build: those the tests load from the stock kernel (the
# media core, videobuf2, virtio and 9p for the share) and vimc. Built as
# single targets, each goes through modpost alone, which cannot see the
# symbols the others export: their imports are left to the module loader
# (KBUILD_MODPOST_WARN, and no symbol versions, MODVERSIONS being a check
# of the loader only).
mods=$(cd "$stock/modules"/*/kernel &&
	find drivers/media/mc drivers/media/v4l2-core drivers/media/common/videobuf2 \
	     drivers/media/common/v4l2-tpg drivers/virtio net/9p fs/9p fs/netfs \
	     -name '*.ko' ! -name '9pnet_rdma.ko' ! -name '9pnet_xen.ko' \
	     ! -name 'videobuf2-dvb.ko' ! -name 'tuner.ko' ! -name 'virtio_vdpa.ko')
mods="$mods drivers/media/test-drivers/vimc/vimc.ko"

export CCACHE_DIR="$VISP_CACHE/ccache" CCACHE_BASEDIR="$OUT" CCACHE_NOHASHDIR=1
export KBUILD_BUILD_TIMESTAMP="2024-01-01" KBUILD_BUILD_USER=visp KBUILD_BUILD_HOST=visp
msg "building the stock kernel with CMA with $VISP_JOBS jobs (about 30 min cold)"
start=$SECONDS
make -s -C "$SRC" O="$B" ARCH=x86_64 CC="ccache gcc" -j"$VISP_JOBS" \
	KBUILD_MODPOST_WARN=1 bzImage $mods >"$OUT/build.log" 2>&1 ||
	{ tail -40 "$OUT/build.log"; die "kernel build failed"; }
krel=$(cat "$B/include/config/kernel.release")
dst="$OUT/modules/$krel"
mkdir -p "$dst/kernel"
for m in $mods; do
	mkdir -p "$dst/kernel/$(dirname "$m")"
	cp "$B/$m" "$dst/kernel/$m"
done
cp "$B"/modules.builtin* "$dst/" 2>/dev/null || true
printf 'kernel/%s\n' $mods > "$dst/modules.order"
cp "$B/arch/x86/boot/bzImage" "$OUT/vmlinuz"
echo "$krel" > "$OUT/release"
echo "$B" > "$OUT/kdir"
msg "stock kernel with CMA built in $((SECONDS - start)) s"
touch "$OUT/.done"
echo "$OUT"
