#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch (or reuse) Debian's stock 6.12 kernel: the newest version whose
# unsigned image and headers both exist. Installs the headers (to build the
# project's modules against) and extracts the image with the subset of its
# modules the tests need. Prints the directory holding vmlinuz, release,
# kdir and modules/ on stdout.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_pkgs apt kmod xz-utils
if [ ! -e "$VISP_CACHE/.apt-updated" ]; then
	apt-get update -q >&2
	mkdir -p "$VISP_CACHE" && touch "$VISP_CACHE/.apt-updated"
fi

abi=$(apt-cache pkgnames linux-image-6.12. |
	sed -n 's/^linux-image-\(6\.12\.[0-9]*+deb12\)-amd64-unsigned$/\1/p' |
	sort -V | while read -r v; do
		apt-cache show "linux-headers-$v-amd64" >/dev/null 2>&1 && echo "$v"
	done | tail -1)
[ -n "$abi" ] || die "no Debian 6.12 kernel image with headers found"
KREL="$abi-amd64"
OUT="$VISP_CACHE/stock/$KREL"

if [ ! -e "$OUT/.done" ]; then
	need_pkgs "linux-headers-$KREL"
	rm -rf "$OUT" && mkdir -p "$OUT/deb" "$OUT/x"
	msg "fetching linux-image-$KREL-unsigned"
	(cd "$OUT/deb" && apt-get download -q "linux-image-$KREL-unsigned" >&2)
	dpkg-deb -x "$OUT"/deb/*.deb "$OUT/x"
	cp "$OUT/x/boot/vmlinuz-$KREL" "$OUT/vmlinuz"
	src="$OUT/x/lib/modules/$KREL"
	[ -d "$src" ] || src="$OUT/x/usr/lib/modules/$KREL"
	dst="$OUT/modules/$KREL"
	mkdir -p "$dst/kernel"
	cp "$src"/modules.builtin* "$src/modules.order" "$dst/"
	for d in drivers/media/mc drivers/media/v4l2-core drivers/media/common \
		 drivers/virtio drivers/base/regmap net/9p fs/9p fs/netfs; do
		[ -d "$src/kernel/$d" ] || continue
		mkdir -p "$dst/kernel/$d"
		cp -a "$src/kernel/$d/." "$dst/kernel/$d/"
	done
	echo "$KREL" > "$OUT/release"
	echo "/usr/src/linux-headers-$KREL" > "$OUT/kdir"
	rm -rf "$OUT/x" "$OUT/deb"
	touch "$OUT/.done"
fi
# The guest's kmod cannot read xz-compressed modules: store them plain.
find "$OUT/modules" -name '*.ko.xz' -exec xz -d -f {} +
echo "$OUT"
