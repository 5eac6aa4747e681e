#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench-page.sh DIR: the page of make bench, from the tables it wrote to
# DIR (model.md, softisp.md, driver.md, throughput.md), with the date and
# the machine.

[ -d "$1" ] || { echo "usage: bench-page.sh DIR" >&2; exit 2; }
echo "# visp benchmarks"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC') on $(uname -n): $(nproc) x" \
     "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
     "load average $(cut -d' ' -f1-3 /proc/loadavg)"
for t in model softisp driver throughput; do
	[ -f "$1/$t.md" ] || continue
	echo
	echo "## $(case $t in model) echo "The reference model, natively" ;;
		softisp) echo "Side by side with libcamera's software ISP" ;;
		driver) echo "The driver's CPU time per frame" ;;
		*) echo "Frame rates in the VM" ;; esac)"
	echo
	cat "$1/$t.md"
done
