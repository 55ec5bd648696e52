#!/bin/sh
# Robustness: a few hundred deterministic mutations (tests/idl/mutate.c)
# of real .defs files, preprocessed.  Our mig must exit 0, or 1 with a
# message and no output files; never die of a signal or hang.  The whole
# run is one test, "every mutant is handled" (a mutant is an input, not
# a test of its own); a failure lists the mutants that were not, and
# keeps their files.  For comparison, the number of mutants GNU MIG
# crashes on is reported (not counted).
B=$1
D=$B/tests/idl/mutation
N=${IDL_MUTANTS:-100}
INC=/usr/include/x86_64-linux-gnu
rm -rf "$D" && mkdir -p "$D/out"
if ! gcc -std=gnu11 -O2 -Wall -Wextra -Werror -o "$D/mutate" tests/idl/mutate.c; then
	echo "RESULT 0 1"
	exit 0
fi
handled=0
survivors=0
gnu_crashes=0
total=0
for f in $INC/mach/mach_port.defs $INC/mach/mach.defs $INC/device/device.defs \
    tests/idl/roundtrip.defs; do
	[ -r "$f" ] || continue
	base=$(basename "$f" .defs)
	cpp -x c -std=c11 -I$INC -Imach/include "$f" >"$D/$base.i" 2>/dev/null ||
		continue
	seed=0
	while [ $seed -lt "$N" ]; do
		m=$D/$base.$seed.defs
		"$D/mutate" "$D/$base.i" $seed >"$m"
		rm -f "$D"/out/*
		timeout 10 $B/bin/mig -I$INC -Imach/include -user "$D/out/u.c" \
		    -server "$D/out/s.c" -header "$D/out/h.h" "$m" \
		    >/dev/null 2>"$D/err.txt"
		status=$?
		total=$((total + 1))
		if [ $status -eq 0 ] || { [ $status -eq 1 ] && [ -s "$D/err.txt" ] &&
		    [ -z "$(ls "$D/out")" ]; }; then
			handled=$((handled + 1))
			keep=
		else
			keep=yes
			survivors=$((survivors + 1))
			echo "   not handled: $m: exit status $status"
			head -n 3 "$D/err.txt"
		fi
		if command -v x86_64-gnu-mig >/dev/null 2>&1; then
			(cd "$D/out" && timeout 10 x86_64-gnu-mig -I$INC \
			    -I"$OLDPWD/mach/include" "$OLDPWD/$m" \
			    >/dev/null 2>&1)
			[ $? -ge 124 ] && gnu_crashes=$((gnu_crashes + 1))
		fi
		[ -z "$keep" ] && rm -f "$m"
		seed=$((seed + 1))
	done
done
command -v x86_64-gnu-mig >/dev/null 2>&1 &&
	echo "   GNU MIG crashed (or hung) on $gnu_crashes of $total"
if [ $total -gt 0 ] && [ $survivors -eq 0 ]; then
	echo "ok mutation: every mutant is handled ($handled of $total)"
	echo "RESULT 1 0"
else
	echo "FAIL mutation: $survivors of $total mutants not handled" \
	    "(crashed, hung, or exit 1 without a message or with output)"
	echo "RESULT 0 1"
fi
