#!/bin/sh
# A short libFuzzer run of the IDL front end and generators
# (build/idl/fuzz, from tests/idl/fuzz_idl.c), seeded with preprocessed
# real .defs.  One test: passes if the run ends with no crash and no
# sanitizer report.  FUZZ_SECONDS overrides the 20 s.
B=$1
F=$B/idl/fuzz
S=$B/idl/fuzz-seeds
INC=/usr/include/x86_64-linux-gnu
if [ ! -x "$F" ]; then
	echo "no $F (is clang with libFuzzer installed? libclang-rt-14-dev)"
	echo "RESULT 0 1"
	exit 0
fi
mkdir -p "$S" "$B/idl/fuzz-corpus"
for f in tests/idl/roundtrip.defs tests/idl/golden/*.defs \
    $INC/mach/mach_port.defs $INC/device/device.defs $INC/mach/notify.defs; do
	[ -r "$f" ] && cpp -x c -std=c11 -I$INC -Imach/include "$f" \
	    >"$S/$(basename "$f").i" 2>/dev/null
done
cd "$B/idl" || exit 0
if ./fuzz -max_total_time="${FUZZ_SECONDS:-20}" -detect_leaks=0 \
    -max_len=65536 -print_final_stats=1 fuzz-corpus fuzz-seeds >fuzz.log 2>&1; then
	grep -E 'stat::number_of_executed_units|stat::new_units_added' fuzz.log
	echo "ok fuzz: no crash"
	echo "RESULT 1 0"
else
	tail -n 30 fuzz.log
	echo "FAIL fuzz: crash or sanitizer report (see $B/idl/fuzz.log)"
	echo "RESULT 0 1"
fi
