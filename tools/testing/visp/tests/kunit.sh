#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-timeout: 600
#
# Load every KUnit module of the project (*-kunit.ko); each suite runs at
# load time. The host parses the collected KTAP and reports every case.

. /usr/lib/visp/lib.sh

# The simulator's suites first: their device cases need the simulated
# device unbound, which loading visp (a dependency of visp-kunit) ends.
n=0
for ko in "$VISP_SHARE"/modules/*sim*-kunit.ko "$VISP_SHARE"/modules/*-kunit.ko; do
	[ -e "$ko" ] || continue
	m=$(basename "$ko" .ko)
	# Listed twice: loaded already.
	lsmod | grep -q "^$(echo "$m" | tr - _) " && continue
	echo "loading $m"
	modprobe "$m" || fail "cannot load $m"
	n=$((n + 1))
done
[ "$n" -gt 0 ] || fail "no KUnit module found"
kunit_collect
# A skipped case is a case that did not run.
if grep -H '# SKIP' "$VISP_OUT"/kunit-*.ktap; then
	fail "KUnit cases were skipped"
fi
for ko in "$VISP_SHARE"/modules/*-kunit.ko; do
	modprobe -r "$(basename "$ko" .ko)" || fail "cannot unload $(basename "$ko" .ko)"
done
