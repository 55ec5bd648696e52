#!/bin/sh
# Runs the host unit test binaries and writes the group result.
#   run.sh RESULT_FILE BINARY...
# Each binary is a cmocka program; its TAP output ("1..N", "ok", "not
# ok") is counted.  A binary that is missing (its build failed), crashes,
# or reports fewer results than it planned counts the missing ones as
# failures (at least one).  Always exits 0: the result file carries the
# outcome.
result=$1
shift
passed=0
failed=0
log=$(mktemp)
for bin in "$@"; do
	echo "== $bin"
	if [ ! -x "$bin" ]; then
		echo "   not built: counted as one failure"
		failed=$((failed + 1))
		continue
	fi
	CMOCKA_MESSAGE_OUTPUT=TAP timeout 120 "$bin" >"$log" 2>&1
	status=$?
	cat "$log"
	plan=$(sed -n 's/^[[:space:]]*1\.\.\([0-9][0-9]*\).*/\1/p' "$log" | head -n 1)
	ok=$(grep -c '^[[:space:]]*ok ' "$log")
	notok=$(grep -c '^[[:space:]]*not ok ' "$log")
	missing=0
	if [ -n "$plan" ] && [ $((ok + notok)) -lt "$plan" ]; then
		missing=$((plan - ok - notok))
	fi
	if [ "$status" -ne 0 ] && [ "$notok" -eq 0 ] && [ "$missing" -eq 0 ]; then
		missing=1
	fi
	if [ "$missing" -gt 0 ]; then
		echo "   exit status $status, $missing result(s) missing: counted as failures"
	fi
	passed=$((passed + ok))
	failed=$((failed + notok + missing))
done
rm -f "$log"
mkdir -p "$(dirname "$result")"
echo "$passed $failed" >"$result"
echo "== host: $passed passed, $failed failed"
exit 0
