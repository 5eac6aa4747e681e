#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# visp-expect: kernel-report
#
# Self-test of the harness: a module that WARNs must be caught by the
# kernel log scan. This test passes only if the report is detected.

. /usr/lib/visp/lib.sh
set -e

modprobe visp-probe warn=1
modprobe -r visp-probe
