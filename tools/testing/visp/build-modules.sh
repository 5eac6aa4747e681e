#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-modules.sh KERNEL DIR [MAKE-ARGUMENT...]: copy the tree's tracked
# files to DIR and build its modules there against KERNEL, "stock"
# (Debian's stock kernel, stock.sh) or "cma" (its configuration with CMA,
# cma.sh). kbuild cannot hold two builds in one tree, hence the copy.
# make's output goes to stderr; the kernel's build directory is printed
# on stdout.
#
# The CMA kernel's modules were built one by one, so its Module.symvers
# lacks their symbols: modpost only warns, and the loader resolves them.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || die "usage: build-modules.sh stock|cma DIR [MAKE-ARGUMENT...]"
kernel=$1 dir=$2
shift 2
extra=()
case "$kernel" in
stock) ;;
cma) extra=(KBUILD_MODPOST_WARN=1) ;;
*) die "build-modules.sh: no kernel \"$kernel\" (stock or cma)" ;;
esac

kdir=$(cat "$("$VISP_TESTING/$kernel.sh")/kdir")
rm -rf "$dir" && mkdir -p "$dir"
dir=$(readlink -f "$dir")
(cd "$VISP_TOP" && git ls-files -z | xargs -0 cp --parents -t "$dir")
# Not a sub-make of a caller's make: its jobserver is not passed here.
MAKEFLAGS='' make -j"$VISP_JOBS" -C "$dir" modules KDIR="$kdir" "${extra[@]}" "$@" >&2
echo "$kdir"
