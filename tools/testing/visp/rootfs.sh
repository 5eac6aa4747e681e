#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the guest userland from Debian trixie packages:
# busybox, dash, kmod (with liblzma5, which it loads at run time to read
# Debian's .ko.xz modules), v4l-utils (v4l2-compliance, v4l2-ctl,
# media-ctl) and yavta, and the runtime libraries of the dynamically
# linked camera tools of tools/visp (make -C tools/visp guest-tools, which
# copies the host's own copy of a library trixie lacks, such as bookworm's
# libraw.so.20).
# Bookworm's v4l-utils 1.22.1 predates 6.12 and reports false failures.
# Prints the root directory on stdout. The guest is its own root, so its
# glibc may be newer than the host's.
#
#   rootfs.sh [gst]
#
# gst: a larger userland for the tests that need GStreamer (gst-launch-1.0
# with v4l2src, videoconvert and pngenc), which would slow every boot of
# the others.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

PKGS="busybox-static dash kmod liblzma5 v4l-utils yavta libc-bin"
PKGS="$PKGS libpng16-16t64 libtiff6 libcairo2 libyaml-0-2 liblcms2-2 libjpeg62-turbo"
PKGS="$PKGS libgomp1 libstdc++6"
case "${1:-}" in
"") ;;
gst) PKGS="$PKGS gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good" ;;
*) die "no guest image $1" ;;
esac
KEY=$(hash_of "$PKGS" "$0")
OUT="$VISP_CACHE/rootfs/$KEY"

if [ -e "$OUT/.done" ]; then
	echo "$OUT/root"
	exit 0
fi
need_pkgs apt dpkg

rm -rf "$OUT" && mkdir -p "$OUT"/{apt/sources,apt/lists/partial,apt/cache/archives/partial,root}
: > "$OUT/apt/status"

# Take the archive and keyring of this machine's own Debian source.
src=$(grep -lE '^URIs:.*debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1) ||
	true
if [ -n "$src" ]; then
	uri=$(awk '/^URIs:/ { print $2; exit }' "$src")
	key=$(awk '/^Signed-By:/ { print $2; exit }' "$src")
else
	uri=$(awk '$1 == "deb" && $0 !~ /security/ { print ($2 ~ /^\[/ ? $3 : $2); exit }' \
		/etc/apt/sources.list)
	key=/usr/share/keyrings/debian-archive-keyring.gpg
fi
[ -n "$uri" ] || die "cannot find this machine's Debian archive in /etc/apt"
cat > "$OUT/apt/sources/trixie.sources" <<EOT
Types: deb
URIs: $uri
Suites: trixie
Components: main
Signed-By: $key
EOT

APT=(apt-get -q -o Dir::Etc::SourceList=/dev/null
	-o Dir::Etc::SourceParts="$OUT/apt/sources"
	-o Dir::State::Lists="$OUT/apt/lists"
	-o Dir::State::Status="$OUT/apt/status"
	-o Dir::Cache="$OUT/apt/cache"
	-o Debug::NoLocking=1 -o APT::Get::AllowUnauthenticated=false
	-o APT::Install-Recommends=false)

msg "fetching trixie packages: $PKGS"
"${APT[@]}" update >&2
# The status file is empty, so apt resolves the whole dependency closure.
"${APT[@]}" -y --download-only install $PKGS >&2

R="$OUT/root"
for d in bin sbin lib lib64; do
	mkdir -p "$R/usr/$d"
	ln -s "usr/$d" "$R/$d"
done
for deb in "$OUT"/apt/cache/archives/*.deb; do
	dpkg-deb -x "$deb" "$R"
done
# busybox-static runs on the host too: make its applet links now, without
# replacing programs that packages installed.
"$R/usr/bin/busybox" --list-full | while read -r applet; do
	[ -e "$R/$applet" ] || [ -L "$R/$applet" ] || ln -s /usr/bin/busybox "$R/$applet"
done
# Debian's busybox-static prefers its own applets in its shell; tests run
# under dash so that kmod's modprobe and v4l-utils are the ones found.
ln -sf dash "$R/usr/bin/sh"
mkdir -p "$R"/{dev,proc,sys,tmp,run,mnt,root,etc}
echo "root:x:0:0:root:/root:/bin/sh" > "$R/etc/passwd"
echo "root:x:0:" > "$R/etc/group"
rm -rf "$R/usr/share/doc" "$R/usr/share/man" "$R/usr/share/locale" "$R/usr/share/info"
"$R/usr/bin/busybox" true
ls "$OUT"/apt/cache/archives/*.deb | sed 's|.*/||' > "$OUT/packages.txt"
touch "$OUT/.done"
msg "guest userland: $(wc -l < "$OUT/packages.txt") packages, $(du -sh "$R" | cut -f1)"
echo "$R"
