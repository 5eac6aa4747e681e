#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The guest came up: kernel, userland and the host share work.

set -e
uname -a
v4l2-compliance --version
test -w "$VISP_OUT"
test -d "/lib/modules/$(uname -r)"
modprobe -n videobuf2-common
