# SPDX-License-Identifier: GPL-2.0
#
# visp: V4L2 ISP driver, its simulated hardware and userspace.
#
#   make              modules (against KDIR) and the userspace tools
#   make check        everything CI runs; ends with "N passed, N failed"
#   make demo         the inline camera with 3A through visp-cam in the VM
#   make vmtest TESTS="boot kunit"   named VM tests on the debug kernel
#   make shell        interactive shell in the test guest (KERNEL=stock or cma too)
#   make stress       the long stress run (STRESS_CYCLES=1000 stream cycles)
#   make bench        benchmarks: the model, the driver, VM frame rates,
#                     libcamera's software ISP beside the model
#   make fuzz         fuzz the parameters validator (FUZZ_TIME seconds, 600)
#   make report       long reliability runs in the VM, written to
#                     Documentation/admin-guide/media/visp-reliability.rst
#   make htmldocs     the Documentation tree
#   make patches      the in-tree patch series against Linux 6.12 in
#                     out/patches, each patch built and checkpatch'ed
#   make libcamera    libcamera with the visp pipeline handler and IPA
#                     (tools/libcamera), installed for the VM tests
#   make lc-compliance  libcamera's whole lc-compliance suite and the 3A
#                     test through libcamera in the VM
#
# KDIR defaults to the debug test kernel, built on first use into
# ~/.cache/visp (tools/testing/visp/kernel.sh).

TESTING := tools/testing/visp
KERNEL ?= debug

# The project's Kconfig symbols, as a kernel configuration would set them.
VISP_CONFIG := CONFIG_VISP_TEST_PROBE=m CONFIG_VIDEO_VISP_SIM=m CONFIG_VIDEO_VISP=m \
	CONFIG_VIDEO_VISP_SENSOR=m
VISP_KUNIT_CONFIG := CONFIG_VIDEO_VISP_SIM_KUNIT_TEST=m CONFIG_VIDEO_VISP_KUNIT_TEST=m

.PHONY: all modules tools check demo vmtest stress shell bench bench-driver bench-softisp \
	iq fuzz report htmldocs patches libcamera lc-compliance clean distclean

all: modules tools

# Objects built against another kernel tree or configuration are cleaned
# first: kbuild itself does not notice that KDIR changed.
modules:
	@kdir="$(KDIR)"; [ -n "$$kdir" ] || kdir=$$($(TESTING)/kernel.sh) || exit 1; \
	stamp="$$(readlink -f "$$kdir") $$(md5sum < "$$kdir/.config")"; \
	if [ "$$(cat .visp-kdir 2>/dev/null)" != "$$stamp" ]; then \
		$(MAKE) -s -C "$$kdir" M=$(CURDIR) clean && echo "$$stamp" > .visp-kdir || exit 1; \
	fi; \
	kunit=; grep -qx 'CONFIG_KUNIT=y' "$$kdir/.config" 2>/dev/null && kunit="$(VISP_KUNIT_CONFIG)"; \
	$(MAKE) -C "$$kdir" M=$(CURDIR) $(VISP_CONFIG) $$kunit $(if $(W),W=$(W)) $(if $(C),C=$(C)) modules

tools:
	$(MAKE) -C tools/lib/visp

check:
	@$(TESTING)/check.sh

demo:
	@$(TESTING)/demo.sh

# $(call build_modules,KERNEL,DIR): a copy of the tree in DIR, its modules
# built against KERNEL, stock or cma (build-modules.sh), as make check
# does; the shell variable kdir is then that kernel's build directory.
build_modules = kdir=$$($(TESTING)/build-modules.sh $(1) $(2) -s)

# The modules for KERNEL, in $$mods: the tree's own build for the debug
# kernel, else build_modules's in out/KERNEL-build.
VM_MODULES = mods=.; \
	if [ "$(KERNEL)" != debug ]; then \
		case "$(KERNEL)" in stock|cma) ;; *) echo "KERNEL: debug, stock or cma" >&2; exit 2 ;; esac; \
		mods=out/$(KERNEL)-build && \
		{ $(call build_modules,$(KERNEL),out/$(KERNEL)-build); } || exit 1; \
	fi

# With the test data make check wrote (out/visp-data), when there is some.
vmtest: $(if $(filter debug,$(KERNEL)),modules)
	@$(VM_MODULES); \
	$(TESTING)/vmtest.py --kernel $(KERNEL) --modules $$mods \
		$(if $(wildcard out/visp-data),--data out/visp-data) $(TESTS)

# visp-stress with the 1000 STREAMON/STREAMOFF cycles of the whole pipeline
# that make check shortens to fit its time (about 0.1 s a cycle under TCG).
STRESS_CYCLES ?= 1000
stress: $(if $(filter debug,$(KERNEL)),modules)
	@$(VM_MODULES); \
	$(TESTING)/vmtest.py --kernel $(KERNEL) --modules $$mods --timeout 3600 \
		--env VISP_STRESS_CYCLES=$(STRESS_CYCLES) visp-stress

# libcamera (the pinned release, from LIBCAMERA_SRC or the cache) with the
# project's pipeline handler and IPA, into out/visp-data/libcamera.
libcamera:
	tools/libcamera/build.sh

# lc-compliance's every test on the visp camera (about 50 minutes under
# TCG) and on vimc's as a control (make check runs three of them,
# tests/libcamera-compliance.sh), and the 3A and frame rate test through
# libcamera (libcamera-3a, not in make check): see "Using visp with
# libcamera" in Documentation/admin-guide/media/visp.rst.
lc-compliance: modules libcamera
	$(TESTING)/vmtest.py --kernel $(KERNEL) --modules . --data out/visp-data \
		--timeout 14400 --env 'LC_COMPLIANCE_FILTER=*' --env LC_COMPLIANCE_VIMC=1 \
		libcamera-3a libcamera-compliance

shell: $(if $(filter debug,$(KERNEL)),modules)
	@$(VM_MODULES); \
	$(TESTING)/vmtest.py --kernel $(KERNEL) --modules $$mods --shell

# The model natively (out/bench/model.md), what the driver costs and the
# throughput in the VM (bench-driver), libcamera's software ISP beside the
# model (bench-softisp), all in out/bench/bench.md.
bench: bench-driver
	@mkdir -p out/bench && $(MAKE) -s -C tools/lib/visp bench > out/bench/model.md && \
	$(MAKE) -s bench-softisp && \
	$(TESTING)/bench-page.sh out/bench > out/bench/bench.md && cat out/bench/bench.md

# libcamera's CPU software ISP and the soft-ISP subset of the model on the
# same raw 1080p and 4K frames (tools/libcamera/bench): out/bench/softisp.md.
# libcamera is built for it with its simple pipeline, in a build directory
# of its own (tools/libcamera/build.sh --softisp-bench): the first run
# takes minutes; make libcamera's build and make check do not change.
bench-softisp:
	@bin=$$(tools/libcamera/build.sh --softisp-bench) && mkdir -p out/bench && \
	"$$bin" > out/bench/softisp.md.tmp && \
	mv out/bench/softisp.md.tmp out/bench/softisp.md && cat out/bench/softisp.md

# What the driver costs per frame, from its tracepoints, on Debian's stock
# kernel (tests/bench-driver.sh): the table goes to out/bench/driver.md.
# Then the frame rates of visp, with the model in the guest and on the host
# (vmtest.py --host-model), and vimc (tests/bench-throughput.sh) on the
# stock and the debug kernel, with contiguous memory for 4K frames:
# out/bench/throughput.md. Debian's stock kernel has no vimc: it is built
# for it from the debug kernel's source (the same Linux version). The
# latency of single jobs, timing model on (tests/bench-latency.sh), goes
# to driver.md too. Debian's stock kernel has no CMA either, which 4K
# frames need: the driver's cost and the frame rates at 1080p and 4K are
# measured again on Debian's configuration with CMA (cma.sh, about 30 min
# to build the first time, then cached), whose rows the tables add.
bench-driver: modules
	@$(MAKE) -s -C tools/visp && rm -rf out/bench-data && mkdir -p out/bench-data && \
	tools/visp/build/visp-testgen out/bench-data/cases >/dev/null && \
	$(call build_modules,stock,out/bench-build) && \
	src=$$(readlink -f $$($(TESTING)/kernel.sh)/source) && \
	cp -r $$src/drivers/media/test-drivers/vimc out/bench-build/vimc && \
	$(MAKE) -s -C $$kdir M=$(CURDIR)/out/bench-build/vimc \
		CONFIG_VIDEO_VIMC=m modules && \
	$(TESTING)/vmtest.py --kernel stock --modules out/bench-build --out out/vm-bench \
		--data out/bench-data --append cma=512M --host-model \
		bench-driver bench-latency bench-throughput && \
	$(TESTING)/vmtest.py --kernel debug --modules . --out out/vm-bench-debug \
		--append cma=512M --host-model bench-throughput && \
	$(call build_modules,cma,out/bench-build-cma) && \
	$(TESTING)/vmtest.py --kernel cma --modules out/bench-build-cma --out out/vm-bench-cma \
		--data out/bench-data --append cma=512M --timeout 3600 --host-model \
		--env BENCH_SIZES="1920x1080 3840x2160" --env BENCH_BANDS=0 bench-driver bench-throughput && \
	mkdir -p out/bench && \
	$(TESTING)/bench-table.sh out/vm-bench/share/out/bench-driver.log \
		out/vm-bench-cma/share/out/bench-driver.log > out/bench/driver.md && \
	$(TESTING)/bench-table.sh --latency out/vm-bench/share/out/bench-latency.log \
		>> out/bench/driver.md && \
	$(TESTING)/bench-table.sh --throughput out/vm-bench-debug/share/out/bench-throughput.log \
		out/vm-bench/share/out/bench-throughput.log \
		out/vm-bench-cma/share/out/bench-throughput.log > out/bench/throughput.md && \
	cat out/bench/driver.md out/bench/throughput.md

# Demosaicing image quality against OpenCV and Malvar-He-Cutler on
# photographs of python3-skimage, and the model's time per mode: a
# benchmark, not a test (tools/lib/visp/bench/visp-iq.py), written to
# out/iq/iq.md, followed by the tone curves' accuracy (visp-iq-tone: the
# GAMMA and TONE blocks against the exact sRGB, BT.709 and log curves).
# IQ_APPEND is the command whose Markdown output is appended.
IQ_PKGS := python3-opencv python3-numpy python3-pil python3-skimage
IQ_APPEND ?= tools/lib/visp/build/visp-iq-tone
iq: export IQ_APPEND := $(IQ_APPEND)
iq:
	@/usr/bin/python3 -c 'import cv2, numpy, PIL, skimage' 2>/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		  apt-get install -y -qq $(IQ_PKGS) >/dev/null; }
	@$(MAKE) -s -C tools/lib/visp iq-tool $(CURDIR)/tools/lib/visp/build/visp-iq-tone
	/usr/bin/python3 tools/lib/visp/bench/visp-iq.py \
		--tool tools/lib/visp/build/visp-iq --out out/iq

FUZZ_TIME ?= 600
fuzz:
	$(MAKE) -C tools/lib/visp fuzz FUZZ_TIME=$(FUZZ_TIME)

# The reliability tests of tests/report.list with the counts of a long
# run; their "visp-report:" lines become the table of the report page.
REPORT_ENV ?= VISP_FUZZ_COUNT=50000 VISP_FUZZ_SECONDS=300 VISP_STRESS_CYCLES=1000 \
	VISP_FAILSLAB_STEP=1 VISP_FAULTS_JOBS=3000
REPORT_PAGE := Documentation/admin-guide/media/visp-reliability.rst
report: modules
	@tests=$$(grep -v '^#' $(TESTING)/tests/report.list); \
	$(MAKE) -s -C tools/visp && rm -rf out/report-data && mkdir -p out/report-data && \
	tools/visp/build/visp-testgen out/report-data/cases >/dev/null && \
	$(TESTING)/vmtest.py --kernel debug --modules . --out out/vm-report \
		--data out/report-data --timeout 7200 \
		$(foreach e,$(REPORT_ENV),--env $(e)) $$tests; \
	$(TESTING)/report.py out/vm-report/share/out $$tests -o $(REPORT_PAGE)

htmldocs:
	$(MAKE) -C Documentation htmldocs

# The series adding visp to Debian's linux-source-6.12 (the test kernel's
# source), checked patch by patch: tools/testing/visp/patches.py.
patches:
	$(TESTING)/patches.py --check

clean:
	@kdir=$$(ls -d $${VISP_CACHE:-$$HOME/.cache/visp}/kernel/*/build 2>/dev/null | head -1); \
	if [ -n "$$kdir" ]; then $(MAKE) -C "$$kdir" M=$(CURDIR) clean; fi
	rm -f .visp-kdir
	$(MAKE) -C tools/lib/visp clean

distclean: clean
	rm -rf out
