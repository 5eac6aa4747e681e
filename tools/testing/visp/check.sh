#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: everything, on a fresh Debian 12 machine as root. Installs
# what it needs, builds the test kernel (cached), the modules and the tools,
# runs the static checks, the host tests, the KUnit suites and the VM tests
# on the debug kernel and on Debian's stock 6.12 kernel. Every result is one
# line "PASS name" or "FAIL name"; the last line is "N passed, N failed".

set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$VISP_TOP"

LOG="$VISP_TOP/out/check"
rm -rf "$LOG" && mkdir -p "$LOG"
PASSED=0
FAILED=0
T0=$SECONDS

pass() { PASSED=$((PASSED + 1)); echo "PASS $1"; }
fail() {
	FAILED=$((FAILED + 1)); echo "FAIL $1"
	[ -n "${2:-}" ] && [ -s "$2" ] && { echo "--- $2 (last 40 lines) ---"; tail -40 "$2"; }
}
# step NAME LOGFILE CMD...: one result from a command's exit status.
step() {
	local name=$1 log=$2
	shift 2
	if "$@" >"$log" 2>&1; then pass "$name"; else fail "$name" "$log"; fi
}
# Results printed by a sub-runner: PASS/FAIL lines and TAP lines.
collect() {
	local prefix=$1 log=$2 line
	while IFS= read -r line; do
		case "$line" in
		"PASS "*) PASSED=$((PASSED + 1)); echo "$line" ;;
		"FAIL "*) FAILED=$((FAILED + 1)); echo "$line" ;;
		"ok "*) PASSED=$((PASSED + 1)); echo "PASS $prefix.$(tap_name "$line")"
			tap_skip "$prefix" "$line" ;;
		"not ok "*) FAILED=$((FAILED + 1)); echo "FAIL $prefix.$(tap_name "$line")" ;;
		esac
	done < "$log"
}
tap_name() { sed -E 's/^(not )?ok [0-9]+ (- )?//; s/ # SKIP .*//; s/ /_/g' <<<"$1"; }
# A TAP line's SKIP directive (part of the case not run), as a SKIP line
tap_skip() {
	case "$2" in
	*" # SKIP "*) echo "SKIP $1.$(tap_name "$2"): ${2#* # SKIP }" ;;
	esac
}
# A sub-runner that printed no result at all has failed.
ran_any() { grep -qE '^(PASS|FAIL|ok|not ok) ' "$1"; }

# Every host package make check needs, in one apt run: the kernel, the
# static checks and the docs, the DT binding checks, the camera tools' image
# libraries and the fuzzer.
need_pkgs "${VISP_TOOL_PKGS[@]}" bc bison flex libelf-dev libssl-dev ccache cpio \
	linux-source-6.12 \
	xz-utils kmod python3 qemu-system-x86 sparse python3-sphinx \
	python3-sphinx-rtd-theme yamllint dt-schema \
	clang libclang-rt-14-dev

# The guest userlands and Debian's stock kernel are downloads, cached: on a
# new machine they are fetched while the test kernel compiles, and the VM
# tests wait for them (rootfs.sh and stock.sh then find them in the cache,
# or say what went wrong).
{
	"$VISP_TESTING"/rootfs.sh
	"$VISP_TESTING"/rootfs.sh gst
	"$VISP_TESTING"/stock.sh
} >"$LOG/prefetch.log" 2>&1 &
PREFETCH=$!

# --- debug test kernel and the project's modules ---------------------------
if KDIR=$("$VISP_TESTING"/kernel.sh 2>"$LOG/kernel.log"); then
	pass "build.test-kernel"
else
	fail "build.test-kernel" "$LOG/kernel.log"
	echo "$PASSED passed, $FAILED failed"
	exit 1
fi
KSRC=$(readlink -f "$KDIR/source")
kclean() { make -s -C "$KDIR" M="$VISP_TOP" clean >/dev/null 2>&1; }

kclean
if make -j"$VISP_JOBS" modules KDIR="$KDIR" W=1 >"$LOG/modules.log" 2>&1 &&
   ! grep -E 'warning:|error:' "$LOG/modules.log"; then
	pass "build.modules.W=1"
else
	fail "build.modules.W=1" "$LOG/modules.log"
fi

# --- static checks ---------------------------------------------------------
KFILES=$(git ls-files 'drivers/*.[ch]' 'include/*.h' "$VISP_TESTING/probe/*.[ch]")
# shellcheck disable=SC2086 # one argument per file
if "$KSRC/scripts/checkpatch.pl" --strict --no-tree --quiet --show-types \
	--ignore FILE_PATH_CHANGES -f $KFILES >"$LOG/checkpatch.log" 2>&1 &&
   ! grep -qE '^(ERROR|WARNING|CHECK)' "$LOG/checkpatch.log"; then
	pass "static.checkpatch--strict"
else
	fail "static.checkpatch--strict" "$LOG/checkpatch.log"
fi
# shellcheck disable=SC2086
if "$KSRC/scripts/kernel-doc" -none -Wall $KFILES >"$LOG/kernel-doc.log" 2>&1 &&
   [ ! -s "$LOG/kernel-doc.log" ]; then
	pass "static.kernel-doc"
else
	fail "static.kernel-doc" "$LOG/kernel-doc.log"
fi
kclean
if ! make -j"$VISP_JOBS" modules KDIR="$KDIR" C=2 >"$LOG/sparse.log" 2>&1 ||
   grep -E 'warning:|error:' "$LOG/sparse.log"; then
	fail "static.sparse" "$LOG/sparse.log"
else
	pass "static.sparse"
fi
kclean
make -s -j"$VISP_JOBS" modules KDIR="$KDIR" >"$LOG/modules-final.log" 2>&1 ||
	fail "build.modules" "$LOG/modules-final.log"

if [ -f Documentation/Makefile ]; then
	step "docs.htmldocs" "$LOG/htmldocs.log" \
		make -C Documentation htmldocs KSRC="$KSRC" O="$VISP_TOP/out/htmldocs"
fi

# The in-tree patch series (make patches): every patch builds in-tree on
# its own (W=1, its modules linked, modpost clean), its UAPI headers
# compile, and checkpatch --strict finds nothing in it.
# Checkouts share the series' build in the cache: a run that finds its lock
# held (here by flock(1)) waits, and is stopped after 5 s still waiting.
mkdir -p "$VISP_CACHE/patches"
if flock "$VISP_CACHE/patches/.lock" timeout 5 tools/testing/visp/patches.py --check \
	>"$LOG/patches-lock.log" 2>&1; [ $? -eq 124 ] &&
   grep -q '^patches: waiting for another run' "$LOG/patches-lock.log"; then
	pass "patches.lock-waits"
else
	fail "patches.lock-waits" "$LOG/patches-lock.log"
fi
tools/testing/visp/patches.py --check >"$LOG/patches.log" 2>&1
rc=$?
collect patches "$LOG/patches.log"
if [ $rc -ne 0 ] && ! ran_any "$LOG/patches.log"; then
	fail "patches.run" "$LOG/patches.log"
fi

BINDINGS=$(git ls-files 'Documentation/devicetree/bindings/*.yaml')
if [ -n "$BINDINGS" ]; then
	# shellcheck disable=SC2086
	step "docs.dt-bindings.yamllint" "$LOG/yamllint.log" \
		yamllint -s -c "$KSRC/Documentation/devicetree/bindings/.yamllint" $BINDINGS
	# shellcheck disable=SC2086
	step "docs.dt-bindings.dt-doc-validate" "$LOG/dt-doc-validate.log" \
		dt-doc-validate -u "$VISP_TOP/Documentation/devicetree/bindings" $BINDINGS
fi

# --- userspace: tools and host tests of the reference model ----------------
if [ -f tools/lib/visp/Makefile ]; then
	# host_report NAME RC: the results of a run of host tests that wrote
	# $LOG/NAME.log and exited with RC. The library's tests as built for
	# the host, with the kernel's scalar arithmetic, and under
	# AddressSanitizer and UBSan.
	host_report() {
		collect "$1" "$LOG/$1.log"
		if [ "$2" -ne 0 ] || ! ran_any "$LOG/$1.log"; then
			fail "$1.exit-status" "$LOG/$1.log"
		fi
	}
	make -C tools/lib/visp test >"$LOG/host.log" 2>&1
	host_report host $?

	# The parameters validator the driver and the library share, under
	# libFuzzer, ASan and UBSan for a minute (make fuzz runs 10). The log
	# shows the executions and the coverage (cov:, ft:) as it grows. The
	# fuzzer (one process, for a fixed time) and the scalar tests run
	# beside the ASan tests: each build has a directory of its own, and
	# the fuzzer's seeds need the library the first tests built.
	make -C tools/lib/visp fuzz FUZZ_TIME=60 >"$LOG/fuzz.log" 2>&1 &
	FUZZ=$!
	make -C tools/lib/visp test-scalar >"$LOG/host-scalar.log" 2>&1 &
	SCALAR=$!
	make -C tools/lib/visp test-asan >"$LOG/host-asan.log" 2>&1
	rc=$?
	wait "$SCALAR"
	host_report host-scalar $?
	host_report host-asan $rc

	# The shipped tuning of the simulated sensor is what visp-tune makes
	# of the calibration captures the sensor's renderer gives.
	step "host.tuning-regenerate" "$LOG/tuning.log" \
		make -C tools/visp tuning-check

	# visp-io, the image files module of the camera tools (tools/visp).
	make -C tools/visp test >"$LOG/host-io.log" 2>&1
	host_report host-io $?

	if wait "$FUZZ" && grep -q '^stat::number_of_executed_units' "$LOG/fuzz.log"; then
		pass "host.fuzz-params"
	else
		fail "host.fuzz-params" "$LOG/fuzz.log"
	fi
fi

# --- VM tests: debug kernel ------------------------------------------------
# Streaming test cases and their expected output, from the reference model,
# the admin guide's topology graph and walkthrough, which a test checks, and
# the simulated sensor's tuning, which visp-cam and make demo's test capture
# with.
rm -rf out/visp-data && mkdir -p out/visp-data/docs out/visp-data/tuning
cp Documentation/admin-guide/media/visp.dot \
   Documentation/admin-guide/media/visp-walkthrough.sh \
   Documentation/admin-guide/media/visp-walkthrough-inline.sh \
   out/visp-data/docs/
cp tools/lib/visp/tuning/visp-sensor.yaml out/visp-data/tuning/
if make -C tools/visp >"$LOG/testgen.log" 2>&1 &&
   tools/visp/build/visp-testgen out/visp-data/cases >>"$LOG/testgen.log" 2>&1; then
	pass "host.visp-testgen"
else
	fail "host.visp-testgen" "$LOG/testgen.log"
fi
# DNG frames for the guest's visp-io-check, and what the host reads in them.
mkdir -p out/visp-data/io
if (cd out/visp-data/io &&
    ../../../tools/visp/build/visp-io-check --render 10 GRBG grbg-10.dng &&
    ../../../tools/visp/build/visp-io-check --render 12 BGGR bggr-12.dng &&
    ../../../tools/visp/build/visp-io-check grbg-10.dng > expect &&
    ../../../tools/visp/build/visp-io-check bggr-12.dng >> expect) \
	>"$LOG/io-data.log" 2>&1; then
	pass "host.visp-io-data"
else
	fail "host.visp-io-data" "$LOG/io-data.log"
fi
# libcamera with the visp pipeline handler, if make libcamera built the
# current one: the libcamera tests print a SKIP line without it.
tools/libcamera/build.sh --cached-only out/visp-data/libcamera >"$LOG/libcamera.log" 2>&1 ||
	echo "libcamera: no build for this tree, the libcamera tests skip (make libcamera)"
wait "$PREFETCH"

# vm_run NAME LIST VMTEST-ARGS...: the VM tests of tests/LIST.list, run by
# vmtest.py with VMTEST-ARGS, logged to $LOG/vm-NAME.log and .err; the
# output of a failing run is shown, and a run that ran no test fails as
# vm.NAME.run.
vm_run() {
	local name=$1 list=$2 rc tests
	shift 2
	read -r -a tests < <(grep -v '^#' "$VISP_TESTING/tests/$list.list" | tr '\n' ' ')
	"$VISP_TESTING"/vmtest.py "$@" "${tests[@]}" \
		>"$LOG/vm-$name.log" 2>"$LOG/vm-$name.err"
	rc=$?
	collect vm "$LOG/vm-$name.log"
	if [ $rc -ne 0 ]; then
		grep -vE '^(PASS|FAIL) |passed, .* failed$' "$LOG/vm-$name.log" | tail -150
		ran_any "$LOG/vm-$name.log" || fail "vm.$name.run" "$LOG/vm-$name.err"
	fi
}

vm_run debug debug --kernel debug --modules . --data out/visp-data
# The reliability report's tests each printed their report lines (make
# report runs them longer and writes the page).
read -r -a REPORT_TESTS < <(grep -v '^#' "$VISP_TESTING/tests/report.list" | tr '\n' ' ')
"$VISP_TESTING"/report.py --check out/vm-debug/share/out "${REPORT_TESTS[@]}" \
	>"$LOG/report.log" 2>&1
collect report "$LOG/report.log"
ran_any "$LOG/report.log" || fail "report.run" "$LOG/report.log"

# The tests that need GStreamer, in the larger guest image (rootfs.sh gst).
vm_run gst gst --kernel debug --modules . --data out/visp-data --image gst \
	--out out/vm-gst

# The simulator's frames on the reference model of the host (visp-sim-host.c,
# tools/lib/visp/visp-hostmodel.c): bit-exact, and under its rule for memory.
vm_run debug-host hostmodel --kernel debug --modules . --data out/visp-data \
	--host-model --out out/vm-debug-host

# --- Debian's stock 6.12 kernel: build against its headers, load ------------
if STOCK=$("$VISP_TESTING"/stock.sh 2>"$LOG/stock.log"); then
	SB="$VISP_TOP/out/stock-build"
	step "build.modules.stock-$(cat "$STOCK/release")" "$LOG/stock-modules.log" \
		"$VISP_TESTING"/build-modules.sh stock "$SB"
	# The inline streaming compliance runs on the debug kernel only: at
	# one frame a second it is the longest part of visp-inline.
	vm_run stock stock --kernel stock --modules "$SB" --data out/visp-data \
		--env VISP_INLINE_COMPLIANCE=0
else
	fail "stock.kernel" "$LOG/stock.log"
fi

# Where the time went: the slowest VM tests of each run (vmtest.py's
# "took" lines), to size the suites to make check's budget.
grep -H '^vmtest: .* took [0-9]* s$' "$LOG"/vm-*.err 2>/dev/null |
	sed -E 's|^.*/vm-([a-z-]+)\.err:vmtest: (.*) took ([0-9]+) s$|\3 \1.\2|' |
	sort -k1,1nr | head -12 |
	awk '{ printf "  %4d s %s\n", $1, $2 }' | sed '1i slowest VM tests:'
echo "make check took $((SECONDS - T0)) s; logs in out/check/"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
