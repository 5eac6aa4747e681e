#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench-table.sh LOG: the "bench:" lines of tests/bench-driver.sh as a
# Markdown table, with the date, the kernel and the host CPU.

[ -f "$1" ] || { echo "usage: bench-table.sh LOG" >&2; exit 2; }
echo "visp driver cost per frame, $(date -u +%Y-%m-%d), Debian stock kernel" \
     "in QEMU TCG on $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo
echo "| size | params | prepare us | program us | irq thread us | block regs | prepare + irq thread us | % of 60 fps | program to frame end us | frame end to last buffer us |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
sed -n 's/^bench: //p' "$1" | while read -r size params rest; do
	case "$rest" in
	failed*) echo "| $size | $params | $rest | | | | | | | |" ;;
	*) echo "| $size | $params | $(echo "$rest" | sed 's/ / | /g') |" ;;
	esac
done
