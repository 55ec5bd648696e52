#!/bin/sh
# make pagerplot: boots the slow demo pager with pagertrace
# (tools/pagerplot.boot), takes the CSV pagertrace printed on the
# console, and plots it with gnuplot into OUTDIR:
#	pagerplot-events.svg	faults and page-ins over time (ms)
#	pagerplot-latency.svg	how long faults waited for the pager
#	pagertrace.csv		the trace itself
# Usage: tools/pagerplot.sh KERNEL OUTDIR
set -e
kernel=$1
out=$2
mkdir -p "$out"
rm -rf "$out/boot"
tests/os/run-boot.pl "$kernel" tools/pagerplot.boot "$out/boot" >/dev/null
log=$out/boot/pagerplot/console.log
grep -a '^PT-' "$log" | tr -d '\r' >"$out/pagertrace.csv"
# The TSC runs at the rate the kernel measured against its timer.
per_tick=$(grep -a 'lapic: timer at' "$log" | sed -n \
    's/.*(\([0-9]*\) APIC counts, \([0-9]*\) TSC cycles a tick).*/\2/p')
cycles_per_ms=$(( ${per_tick:-1000000} / 10 ))	# 100 ticks a second
awk -F, -v per_ms="$cycles_per_ms" '
	$1 == "PT-EVENT" && t0 == "" { t0 = $2 }
	$1 == "PT-EVENT" && ($4 == "fault" || $4 == "supply" ||
	    $4 == "return" || $4 == "flush") {
		print ($2 - t0) / per_ms, $4 > "'"$out"'/events-" $4 ".dat"
	}
	$1 == "PT-LATENCY" { print $3 + 10, $4 > "'"$out"'/latency.dat" }
' "$out/pagertrace.csv"
for kind in fault supply return flush; do
	[ -s "$out/events-$kind.dat" ] || echo "0 0" >"$out/events-$kind.dat"
done
[ -s "$out/latency.dat" ] || echo "10 0" >"$out/latency.dat"
gnuplot <<PLOT
set terminal svg size 900,400
set output "$out/pagerplot-events.svg"
set title "pager traffic over time (pagerdemo -d 2 128)"
set xlabel "time (ms since the first event)"
set ylabel "events so far"
plot "$out/events-fault.dat" using 1:0 with steps title "faults", \
     "$out/events-supply.dat" using 1:0 with steps title "page-ins (supplies)", \
     "$out/events-return.dat" using 1:0 with steps title "page-outs (returns)", \
     "$out/events-flush.dat" using 1:0 with steps title "flushes"
set output "$out/pagerplot-latency.svg"
set title "how long faults waited for the pager"
set xlabel "wait, log2 of TSC cycles"
set ylabel "faults"
set style fill solid 0.5
set boxwidth 0.8
plot "$out/latency.dat" using 1:2 with boxes title "faults"
PLOT
echo "pagerplot: $(grep -c ',fault,' "$out/pagertrace.csv") faults traced;" \
    "plots in $out/pagerplot-events.svg and $out/pagerplot-latency.svg"
