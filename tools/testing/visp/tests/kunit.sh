#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 600
#
# Load every KUnit module of the project (*-kunit.ko); each suite runs at
# load time. The host parses the collected KTAP and reports every case.

. /usr/lib/visp/lib.sh

n=0
for ko in "$VISP_SHARE"/modules/*-kunit.ko; do
	[ -e "$ko" ] || continue
	m=$(basename "$ko" .ko)
	echo "loading $m"
	modprobe "$m" || fail "cannot load $m"
	n=$((n + 1))
done
[ "$n" -gt 0 ] || fail "no KUnit module found"
kunit_collect
for ko in "$VISP_SHARE"/modules/*-kunit.ko; do
	modprobe -r "$(basename "$ko" .ko)" || fail "cannot unload $(basename "$ko" .ko)"
done
