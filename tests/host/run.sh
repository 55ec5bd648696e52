#!/bin/sh
# Runs the host unit tests and writes the group result.
#   run.sh RESULT_FILE "VARIANT_DIR..." TEST...
# Each TEST is a cmocka program built once per variant (plain, and with
# ASan and UBSan): VARIANT_DIR/TEST.  Its TAP output ("1..N", "ok",
# "not ok") is read from every variant, and each test point counts once:
# passed if it passed in every variant, failed otherwise (the sanitizer
# build is part of the same check, not a second test).  A variant that
# is missing (its build failed), crashes, or reports fewer results than
# planned fails the points it did not pass; a test with no plan at all
# counts as one failure, and so does a variant that exits non-zero after
# passing everything.  Always exits 0: the result file carries the
# outcome.
result=$1
variants=$2
shift 2
passed=0
failed=0
tmp=$(mktemp -d)

# tap_ok LOG N: did test point N pass in LOG?  A point a variant skips
# (cmocka: "not ok N # SKIP"; the checking build's own tests, skipped by
# the others) does not fail there.
tap_ok() {
	grep -q "^[[:space:]]*\(ok $2\( \|$\)\|not ok $2 # SKIP\)" "$1"
}

for test in "$@"; do
	names=
	for dir in $variants; do
		names="$names${names:+, }$(basename "$dir")"
	done
	echo "== $test ($names)"
	plan=0
	shown=
	for dir in $variants; do
		v=$(basename "$dir")
		log=$tmp/$v.log
		: >"$log"
		echo 0 >"$tmp/$v.status"
		if [ ! -x "$dir/$test" ]; then
			echo "   $v: not built"
			echo missing >"$tmp/$v.status"
			continue
		fi
		CMOCKA_MESSAGE_OUTPUT=TAP timeout 120 "$dir/$test" >"$log" 2>&1
		echo $? >"$tmp/$v.status"
		p=$(sed -n 's/^[[:space:]]*1\.\.\([0-9][0-9]*\).*/\1/p' "$log" |
		    head -n 1)
		[ -n "$p" ] && [ "$p" -gt "$plan" ] && plan=$p
		ok=$(grep -c '^[[:space:]]*ok ' "$log")
		# The first variant's output in full; the others only if
		# they tell something the first does not.
		if [ -z "$shown" ]; then
			cat "$log"
			shown=$v
		elif [ "$(cat "$tmp/$v.status")" -eq 0 ] && [ -n "$p" ] &&
		    [ "$ok" -eq "$p" ]; then
			echo "   $v: the same $ok pass"
		else
			echo "   $v:"
			cat "$log"
		fi
	done
	if [ "$plan" -eq 0 ]; then
		echo "   $test: no results: counted as one failure"
		failed=$((failed + 1))
		continue
	fi
	t_passed=0
	t_failed=0
	i=1
	while [ $i -le "$plan" ]; do
		bad=
		for dir in $variants; do
			v=$(basename "$dir")
			tap_ok "$tmp/$v.log" $i || bad="$bad $v"
		done
		if [ -z "$bad" ]; then
			t_passed=$((t_passed + 1))
		else
			t_failed=$((t_failed + 1))
			echo "   not ok $i: fails in$bad"
		fi
		i=$((i + 1))
	done
	for dir in $variants; do
		v=$(basename "$dir")
		status=$(cat "$tmp/$v.status")
		if [ "$status" != missing ] && [ "$status" -ne 0 ] &&
		    [ "$t_failed" -eq 0 ]; then
			echo "   $v: exit status $status: counted as one failure"
			t_failed=1
		fi
	done
	echo "   $test: $t_passed passed, $t_failed failed (each in $names)"
	passed=$((passed + t_passed))
	failed=$((failed + t_failed))
done
rm -rf "$tmp"
mkdir -p "$(dirname "$result")"
echo "$passed $failed" >"$result"
echo "== host: $passed passed, $failed failed"
exit 0
