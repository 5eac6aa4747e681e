# SPDX-License-Identifier: GPL-2.0
# Shared settings for the visp test scripts. Source, do not execute.

VISP_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
VISP_TESTING="$VISP_TOP/tools/testing/visp"
VISP_CACHE=${VISP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/visp}
VISP_JOBS=${VISP_JOBS:-$(nproc)}
# The host packages the camera tools (tools/visp) and the library's tests
# build with: image files, the tuning's YAML and visp-cam's JSON lines.
VISP_TOOL_PKGS=(build-essential pkg-config libyaml-dev libraw-dev libtiff-dev
	libpng-dev libcairo2-dev libjson-c-dev)

msg() { printf 'visp: %s\n' "$*" >&2; }
die() { printf 'visp: error: %s\n' "$*" >&2; exit 1; }

# Install the Debian packages given as arguments if any is missing.
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing packages (run as root to install): ${missing[*]}"
	msg "installing ${missing[*]}"
	if [ ! -e "$VISP_CACHE/.apt-updated" ] ||
	   [ -n "$(find "$VISP_CACHE/.apt-updated" -mmin +720)" ]; then
		apt-get update -q >&2 || die "apt-get update failed"
		mkdir -p "$VISP_CACHE" && touch "$VISP_CACHE/.apt-updated"
	fi
	# Another of make check's scripts may be installing at the same time.
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		-o DPkg::Lock::Timeout=600 \
		"${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
}

# Short content hash of files and strings, used as cache keys.
hash_of() {
	local a
	for a in "$@"; do
		if [ -f "$a" ]; then cat "$a"; else printf '%s\n' "$a"; fi
	done | sha256sum | cut -c1-16
}
