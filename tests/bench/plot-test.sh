#!/bin/sh
# The test group of make bench's plots (make test-plot): tools/bench-plot.pl
# on the small fixed tables of tests/bench/plot/ (figures made up for
# the test: it checks the script, not timings).  Prints TAP and writes
# BUILDDIR/tests/plot.result as "PASSED FAILED".
#   plot-test.sh BUILDDIR
B=${1:-build}
F=tests/bench/plot
out=$B/tests/bench-plot
mkdir -p "$B/tests"
rm -rf "$out"
passed=0
failed=0
n=0

check() {
	n=$((n + 1))
	if eval "$2"; then
		echo "ok $n - $1"
		passed=$((passed + 1))
	else
		echo "not ok $n - $1"
		failed=$((failed + 1))
	fi
}

# is_png FILE, is_svg FILE: exists, not empty, the format's header.
is_png() {
	[ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = \
	    89504e470d0a1a0a ]
}
is_svg() {
	[ -s "$1" ] && head -c 1000 "$1" | grep -qs '<svg'
}

echo "1..14"
tools/bench-plot.pl -o "$out/full" -l "$F/lessons.json" "$F/results.json" \
    "$F/absent.json" >"$out.log" 2>&1
check "draws the full fixture (and skips an absent table)" "[ $? -eq 0 ]"
for figure in rows sweep lessons; do
	check "$figure.png is a PNG" "is_png $out/full/$figure.png"
	check "$figure.svg is an SVG" "is_svg $out/full/$figure.svg"
done
check "the rows chart has every reference column" \
    "grep -qs '\"GNU Mach 1.8 (stored)\"' $out/full/rows.gp &&
    grep -qs '\"GNU Mach 1.8 (live)\"' $out/full/rows.gp &&
    grep -qs '\"GNU Mach 1.8 (references)\"' $out/full/rows.gp &&
    grep -qs '\"seL4\"' $out/full/rows.gp"
check "a linux_X row is the Linux column of X and unix_X, if measured alike" \
    "grep -qs '^unix_getpid 1235 .* 330 -\$' $out/full/rows.gp &&
    grep -qs '^fault_zero 2000 .* 1500\$' $out/full/rows.gp"
check "the rows chart leaves out a row without a reference" \
    "[ -s $out/full/rows.gp ] && ! grep -qs '^vm_allocate_1m' $out/full/rows.gp"
check "the sweep has every series, 64k as 65536 bytes and 0 at 1" \
    "grep -qs '\"Linux pipe\"' $out/full/sweep.gp &&
    grep -qs '\"register path (mach_msg_regs)\"' $out/full/sweep.gp &&
    grep -qs '\"out of line (mach_msg)\"' $out/full/sweep.gp &&
    grep -qs '^65536 90000\$' $out/full/sweep.gp &&
    grep -qs '^1 700\$' $out/full/sweep.gp"
check "the sweep leaves out a row measured otherwise" \
    "grep -qs 'sweep leaves out linux_pipe_sweep_4k' $out.log &&
    ! grep -qs '^4096 40000' $out/full/sweep.gp"

# A table with no reference and no sweep, no lessons: nothing to draw.
tools/bench-plot.pl -o "$out/bare" -l "$F/absent.json" "$F/bare.json" \
    >>"$out.log" 2>&1
check "skips the figures it has no data for" "[ $? -eq 0 ] &&
    ! ls $out/bare/*.png >/dev/null 2>&1 &&
    grep -qs 'no row has a reference figure' $out.log &&
    grep -qs 'no sweep rows' $out.log"
check "skips an absent lessons table" \
    "grep -qs 'no $F/absent.json: no lessons chart' $out.log"
[ "$failed" -eq 0 ] || sed 's/^/# /' "$out.log"
echo "$passed $failed" >"$B/tests/plot.result"
