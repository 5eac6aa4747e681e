#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench-table.sh STOCK-LOG [CMA-LOG]: the "bench:" lines of
# tests/bench-driver.sh on Debian's stock kernel and on its configuration
# with CMA (cma.sh) as a Markdown table, with the date and the host CPU.
# bench-table.sh --throughput DEBUG-LOG STOCK-LOG [CMA-LOG]: the
# "throughput:" lines of tests/bench-throughput.sh on the debug, the stock
# and the stock with CMA kernel as a table, with the visp/vimc ratio of
# the frame rates per size; a kernel whose log is missing is left out.
# bench-table.sh --latency LOG: the "latency:" lines of
# tests/bench-latency.sh as a table.

host() {
	echo "$(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
}

if [ "$1" = --latency ]; then
	[ -f "$2" ] || { echo "usage: bench-table.sh --latency LOG" >&2; exit 2; }
	echo
	echo "Latency of single jobs, QBUF of the input frame to DQBUF of the output," \
	     "timing model on, medians (same kernel and machine)"
	echo
	echo "| size | jobs | latency us | hardware us | predicted frame us | latency - hardware us | QBUF to programming us | frame end to DQBUF us |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	sed -n 's/^latency: //p' "$2" | while read -r size rest; do
		case "$size" in
		*,host) size="${size%,host}, host's model" ;;
		esac
		case "$rest" in
		failed*) echo "| $size | $rest | | | | | | |" ;;
		*) echo "| $size | $(echo "$rest" | sed 's/ / | /g') |" ;;
		esac
	done
	exit 0
fi

if [ "$1" = --throughput ]; then
	[ -f "$2" ] || [ -f "$3" ] || [ -f "${4:-}" ] ||
		{ echo "usage: bench-table.sh --throughput DEBUG-LOG STOCK-LOG [CMA-LOG]" >&2; exit 2; }
	echo "Frame rates in one VM run, $(date -u +%Y-%m-%d), QEMU TCG (-smp 2) on $(host);" \
	     "visp's timing model off"
	echo
	echo "| kernel | size | visp fps | visp CPU ms/frame | visp, host's model, fps | its CPU ms/frame | vimc fps | vimc CPU ms/frame | visp/vimc fps | visp (host's model)/vimc fps | guest model bands |"
	echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
	for k in debug stock stock+CMA; do
		case $k in
		debug) log=$2 ;;
		stock) log=$3 ;;
		*) log=${4:-} ;;
		esac
		[ -f "$log" ] || continue
		sed -n 's/^throughput: //p' "$log" | awk -v k=$k '
		function cell(v) { return v == "" ? "-" : v }
		function ratio(v, w) {
			return (v + 0 > 0 && w + 0 > 0) ? sprintf("%.2f", v / w) : "-"
		}
		$3 ~ /^failed/ { fps[$1, $2] = "failed"; sizes[$2] = 1; next }
		{ fps[$1, $2] = $4; cpu[$1, $2] = $5; sizes[$2] = 1
		  if ($1 == "visp") { $1 = $2 = $3 = $4 = $5 = ""; bands[$0] = 1 } }
		END {
			for (b in bands) band = b
			sub(/^ +/, "", band)
			split("640x480 1920x1080 3840x2160", order)
			for (i = 1; i <= 3; i++) {
				s = order[i]
				if (!(s in sizes)) continue
				v = fps["visp", s]; h = fps["visp-host", s]
				w = fps["vimc", s]
				printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
				       k, s, cell(v), cell(cpu["visp", s]), cell(h),
				       cell(cpu["visp-host", s]), cell(w),
				       cell(cpu["vimc", s]), ratio(v, w), ratio(h, w), band
			}
		}'
	done
	exit 0
fi

[ -f "$1" ] || { echo "usage: bench-table.sh STOCK-LOG [CMA-LOG]" >&2; exit 2; }
echo "visp driver cost per frame, $(date -u +%Y-%m-%d), Debian's stock kernel" \
     "(stock) and its configuration with CMA (stock+CMA) in QEMU TCG on $(host)"
echo
echo "| kernel | hardware | size | params | client | prepare us | program us | complete us | irq thread pass us | hard irq us | block regs | CPU us per frame | % of 60 fps | simulator us per frame (not counted) | program to frame end us | frame end to last buffer us |"
echo "| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for log in "$1" ${2:+"$2"}; do
	[ -f "$log" ] || continue
	[ "$log" = "$1" ] && k=stock || k=stock+CMA
	b=$(sed -n 's/^bench-bands: //p' "$log")
	sed -n 's/^bench: //p' "$log" | sed "s/^/$k ${b:-1} /"
done | while read -r k bands size params client hw rest; do
	case "$client" in
	procs) client="a process a node" ;;
	thread) client="one thread" ;;
	esac
	case "$hw" in
	model) [ "$bands" = 1 ] && hw="model, timing off" ||
		hw="model in $bands bands, timing off" ;;
	nopixels) hw="no pixels, timing on" ;;
	host) hw="host's model, timing on" ;;
	esac
	case "$rest" in
	failed*) echo "| $k | $hw | $size | $params | $client | $rest | | | | | | | | | | |" ;;
	*) echo "| $k | $hw | $size | $params | $client | $(echo "$rest" | sed 's/ / | /g') |" ;;
	esac
done
