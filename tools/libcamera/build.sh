#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh [--cached-only] [DEST]
# build.sh --softisp-bench
#
# Build libcamera (the pinned release below) with the visp pipeline
# handler and IPA of this directory, cam and lc-compliance, and install
# the result with the host libraries the guest lacks into DEST
# (out/visp-data/libcamera by default), where the VM tests find it.
#
# The libcamera source tree is $LIBCAMERA_SRC, else the cache
# ($VISP_CACHE/libcamera-src/v$VERSION, ~/.cache/visp by default), else a
# clone of the release tag when the network allows. The tree is copied, the
# project's files are added to the copy and two build files are edited
# (the option choices and the IPA interface list); nothing is written to
# the source tree. The installed build is cached under
# $VISP_CACHE/libcamera/, keyed by the version and a hash of this
# directory; the build directory is kept, so that a change to the handler
# rebuilds only what it touches.
#
# --cached-only installs a cached build if there is one for the current
# key and builds nothing (make check uses it); it exits 3 when there is
# none.
#
# --softisp-bench builds, in a build directory of its own
# ($VISP_CACHE/libcamera/$VERSION-softisp), libcamera with the simple
# pipeline, which brings its CPU software ISP, and the benchmark of bench/
# linked with it and with the visp model (libvispmodel.a), then prints the
# benchmark's path (make bench). The installed build and its key are left
# alone: bench/ is not part of the key.

set -euo pipefail

VERSION=0.7.2
URL=https://git.libcamera.org/libcamera/libcamera.git

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cache=${VISP_CACHE:-$HOME/.cache/visp}
cached_only=0
softisp_bench=0
case ${1:-} in
--cached-only) cached_only=1; shift ;;
--softisp-bench) softisp_bench=1; shift ;;
esac
dest=${1:-$top/out/visp-data/libcamera}

die() { echo "libcamera: $*" >&2; exit 1; }

key=$( (echo "$VERSION"; cd "$here" && find . -path ./bench -prune -o -type f ! -name '*~' -print |
	LC_ALL=C sort |
	xargs sha256sum; cd "$top" && sha256sum include/uapi/linux/media/visp-config.h \
	tools/lib/visp/tuning/visp-sensor.yaml tools/visp/guest-libs.sh) |
	sha256sum | cut -c1-16)
work=$cache/libcamera/$VERSION
[ $softisp_bench = 0 ] || work=$work-softisp
inst=$cache/libcamera/install-$key

install_dest() {
	rm -rf "$dest"
	mkdir -p "$(dirname "$dest")"
	cp -a "$inst" "$dest"
	echo "libcamera: $VERSION ($key) installed in $dest"
}

if [ $softisp_bench = 0 ] && [ -e "$inst/.done" ]; then
	install_dest
	exit 0
fi
if [ $cached_only = 1 ]; then
	echo "libcamera: no cached build of libcamera $VERSION for key $key" >&2
	exit 3
fi

# The source tree.
src=${LIBCAMERA_SRC:-$cache/libcamera-src/v$VERSION}
if [ ! -e "$src/meson.build" ]; then
	[ -z "${LIBCAMERA_SRC:-}" ] || die "LIBCAMERA_SRC=$src is not a libcamera tree"
	echo "libcamera: cloning $URL v$VERSION into $src" >&2
	rm -rf "$src.tmp"
	git clone -q --depth 1 --branch "v$VERSION" "$URL" "$src.tmp" ||
		die "no source tree in $src and cannot clone $URL (set LIBCAMERA_SRC)"
	mv "$src.tmp" "$src"
fi
grep -q "version : '$VERSION'" "$src/meson.build" ||
	die "$src is not libcamera $VERSION"

for p in meson ninja openssl pkg-config; do
	command -v $p >/dev/null || die "$p is missing (apt-get install meson ninja-build openssl pkg-config)"
done

# A copy of the tree with the project's files added: the copy is made
# again when the source tree changes.
stamp=$(cd "$src" && find . -path ./.git -prune -o -type f -newer meson.build -print |
	wc -l)
stamp="$src $stamp $(stat -c %Y "$src/meson.build")"
tree=$work/tree
if [ "$(cat "$work/tree.stamp" 2>/dev/null)" != "$stamp" ]; then
	rm -rf "$work"
	mkdir -p "$work"
	(cd "$src" && git ls-files >/dev/null 2>&1 && [ -d .git ] &&
		git archive HEAD | (mkdir -p "$tree" && tar -x -C "$tree")) ||
		cp -a "$src" "$tree"
	rm -rf "$tree/.git"
	echo "$stamp" > "$work/tree.stamp"
fi

# put SRC DST: copy SRC to DST if they differ, with a new time stamp, so
# that ninja rebuilds what depends on it and nothing else.
put() {
	cmp -s "$1" "$2" || { mkdir -p "$(dirname "$2")" && cp "$1" "$2"; }
}
# edit FILE SED-ARGS...: the source's FILE edited, in $work/edit.
edit() {
	cp "$src/$1" "$work/edit"
	shift
	sed -i "$@" "$work/edit"
}
# Debian's python3 first: meson runs the code generators with it.
export PATH=/usr/bin:$PATH
build=$work/build

# The benchmark: the program and the visp model, with the model's headers
# in include/, in src/visp-softisp-bench of the tree.
if [ $softisp_bench = 1 ]; then
	make -s -C "$top/tools/lib/visp" >&2 || die "cannot build libvispmodel.a"
	b=$tree/src/visp-softisp-bench
	put "$here/bench/meson.build" "$b/meson.build"
	put "$here/bench/softisp-bench.cpp" "$b/softisp-bench.cpp"
	put "$top/tools/lib/visp/build/libvispmodel.a" "$b/libvispmodel.a"
	put "$top/tools/lib/visp/libvisp.h" "$b/include/libvisp.h"
	for f in visp/libvisp.h linux/types.h linux/bits.h; do
		put "$top/tools/lib/visp/include/$f" "$b/include/$f"
	done
	put "$top/drivers/media/test-drivers/visp-sim/visp-model.h" "$b/include/visp-model.h"
	put "$top/drivers/media/platform/visp/visp-params-core.h" \
		"$b/include/visp-params-core.h"
	put "$top/include/media/visp-regs.h" "$b/include/media/visp-regs.h"
	put "$top/include/uapi/linux/media/visp-config.h" \
		"$b/include/linux/media/visp-config.h"
	edit src/meson.build -e "\$a subdir('visp-softisp-bench')"
	put "$work/edit" "$tree/src/meson.build"
	if [ ! -e "$build/build.ninja" ]; then
		meson setup "$build" "$tree" --buildtype=release --prefix=/usr \
			--libdir=lib -Dpipelines=simple -Dipas=simple \
			-Dsoftisp-gpu=disabled -Dcam=disabled \
			-Dlc-compliance=disabled -Dqcam=disabled \
			-Dgstreamer=disabled -Dpycamera=disabled -Dv4l2=false \
			-Ddocumentation=disabled -Dtest=false -Dudev=disabled \
			-Dtracing=disabled -Dlibunwind=disabled -Dlibdw=disabled \
			-Dandroid=disabled >"$work/setup.log" 2>&1 ||
			{ tail -30 "$work/setup.log" >&2; die "meson setup failed ($work/setup.log)"; }
	fi
	nice ninja -C "$build" -j "${LIBCAMERA_JOBS:-2}" \
		src/visp-softisp-bench/visp-softisp-bench >&2 || die "the build failed"
	echo "$build/src/visp-softisp-bench/visp-softisp-bench"
	exit 0
fi

# The project's files; those it no longer has are removed.
for d in src/libcamera/pipeline/visp src/ipa/visp; do
	[ -d "$tree/$d" ] || continue
	(cd "$tree/$d" && find . -type f) | while read -r f; do
		case $d/$f in
		src/ipa/visp/./data/visp-sensor.yaml) ;;
		src/libcamera/pipeline/visp/*) [ -e "$here/pipeline/visp/$f" ] || rm "$tree/$d/$f" ;;
		src/ipa/visp/*) [ -e "$here/ipa/visp/$f" ] || rm "$tree/$d/$f" ;;
		esac
	done
done
(cd "$here" && find pipeline/visp ipa/visp -type f) | while read -r f; do
	case $f in
	pipeline/*) put "$here/$f" "$tree/src/libcamera/$f" ;;
	ipa/*) put "$here/$f" "$tree/src/$f" ;;
	esac
done
put "$here/include/visp.mojom" "$tree/include/libcamera/ipa/visp.mojom"
# The UAPI header of the visp parameters and statistics, and the tuning
# of the simulated sensor, shared with the visp userspace.
put "$top/include/uapi/linux/media/visp-config.h" "$tree/include/linux/visp-config.h"
put "$top/tools/lib/visp/tuning/visp-sensor.yaml" "$tree/src/ipa/visp/data/visp-sensor.yaml"

# The edits to libcamera's files, made on a copy of the source's file
# each time and put into the tree if they changed it: 'visp' among the
# choices of the pipelines and ipas options, its interface file in the
# IPA list, and the simulated sensor's entry in libcamera's sensor
# properties: its control delays (Documentation/admin-guide/media/
# visp-sim.rst) and a nominal 3 um pixel, the simulated array having no
# physical size.
edit meson_options.txt -e "s/^\( *\)'vimc',$/\1'vimc',\n\1'visp',/" \
	-e "s/'vimc'\],$/'vimc', 'visp'],/"
[ "$(grep -c "'visp'" "$work/edit")" = 2 ] || die "cannot add visp to meson_options.txt"
put "$work/edit" "$tree/meson_options.txt"

edit include/libcamera/ipa/meson.build \
	"s/^\( *\)'vimc': 'vimc.mojom',$/&\n\1'visp': 'visp.mojom',/"
grep -q "'visp': 'visp.mojom'" "$work/edit" ||
	die "cannot add visp to include/libcamera/ipa/meson.build"
put "$work/edit" "$tree/include/libcamera/ipa/meson.build"

edit src/libcamera/sensor/camera_sensor_properties.cpp '/^\t\t{ "imx219", {$/i\
\t\t{ "visp-sensor", {\
\t\t\t.unitCellSize = { 3000, 3000 },\
\t\t\t.testPatternModes = {},\
\t\t\t.sensorDelays = {\
\t\t\t\t.exposureDelay = 2,\
\t\t\t\t.gainDelay = 1,\
\t\t\t\t.vblankDelay = 1,\
\t\t\t\t.hblankDelay = 1\
\t\t\t},\
\t\t} },'
grep -q '"visp-sensor"' "$work/edit" ||
	die "cannot add visp-sensor to camera_sensor_properties.cpp"
put "$work/edit" "$tree/src/libcamera/sensor/camera_sensor_properties.cpp"

if [ ! -e "$build/build.ninja" ]; then
	meson setup "$build" "$tree" --buildtype=release --prefix=/usr \
		--libdir=lib -Dpipelines=visp,vimc -Dipas=visp,vimc \
		-Dcam=enabled -Dlc-compliance=enabled -Dqcam=disabled \
		-Dgstreamer=disabled -Dpycamera=disabled -Dv4l2=false \
		-Ddocumentation=disabled -Dtest=false -Dudev=disabled \
		-Dtracing=disabled -Dlibunwind=disabled -Dlibdw=disabled \
		-Dapps-output-dng=disabled -Dcam-output-kms=disabled \
		-Dcam-output-sdl2=disabled -Dcam-jpeg=disabled \
		-Dandroid=disabled >"$work/setup.log" 2>&1 ||
		{ tail -30 "$work/setup.log" >&2; die "meson setup failed ($work/setup.log)"; }
fi
nice ninja -C "$build" -j "${LIBCAMERA_JOBS:-2}" ||
	die "the build failed"

rm -rf "$inst.tmp"
DESTDIR="$inst.tmp/root" meson install -C "$build" --no-rebuild \
	>"$work/install.log" 2>&1 || die "meson install failed ($work/install.log)"

# Flatten /usr into the layout the guest uses: bin/, lib/ (libcamera's
# and the host's libraries), lib/ipa, libexec/ and share/ipa.
r=$inst.tmp/root/usr
mkdir -p "$inst.tmp/bin" "$inst.tmp/lib"
cp -a "$r/bin/cam" "$r/bin/lc-compliance" "$inst.tmp/bin/"
cp -a "$r"/lib/libcamera*.so* "$inst.tmp/lib/"
cp -a "$r/lib/libcamera/ipa" "$inst.tmp/lib/ipa"
cp -a "$r/libexec/libcamera" "$inst.tmp/libexec"
cp -a "$r/share/libcamera/ipa" "$inst.tmp/share-ipa"
[ -d "$r/share/libcamera/pipeline" ] &&
	cp -a "$r/share/libcamera/pipeline" "$inst.tmp/share-pipeline"
rm -rf "$inst.tmp/root"
cp "$here/env.sh" "$inst.tmp/env.sh"

# The host libraries the guest userland does not have.
root=$("$top/tools/testing/visp/rootfs.sh")
rm -rf "$work/hostlibs"
LD_LIBRARY_PATH=$inst.tmp/lib sh "$top/tools/visp/guest-libs.sh" "$root" \
	"$work/hostlibs" "$inst.tmp/bin/cam" "$inst.tmp/bin/lc-compliance" \
	"$inst.tmp"/lib/ipa/*.so "$inst.tmp"/libexec/*
for l in "$work"/hostlibs/*; do
	[ -e "$inst.tmp/lib/${l##*/}" ] || cp -a "$l" "$inst.tmp/lib/"
done
echo "$VERSION $key" > "$inst.tmp/version"
touch "$inst.tmp/.done"
rm -rf "$inst"
mv "$inst.tmp" "$inst"
install_dest
