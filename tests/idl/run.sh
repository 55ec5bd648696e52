#!/bin/sh
# The IDL compiler's test group (make test-idl): runs every part, shows
# its output, and writes $B/tests/idl.result as "PASSED FAILED".
#   run.sh BUILDDIR
# Each part is a script that prints one line "RESULT passed failed" at
# its end; a part that crashes counts as one failure.  A count is of
# tests, not of inputs or builds: the 400 mutants are one test, a
# golden's comparison and compilation one, a corpus file's builds one.
B=${1:-build}
T=tests/idl
mkdir -p "$B/tests" "$B/tests/idl"
passed=0
failed=0
for part in roundtrip golden negative limits corpus mutation fuzz; do
	echo "== idl: $part"
	out="$B/tests/idl/$part.log"
	sh "$T/$part.sh" "$B" >"$out" 2>&1
	cat "$out" | grep -v '^RESULT ' | tail -n 40
	line=$(grep '^RESULT ' "$out" | tail -n 1)
	if [ -z "$line" ]; then
		echo "   $part: did not finish"
		failed=$((failed + 1))
		continue
	fi
	set -- $line
	echo "   $part: $2 passed, $3 failed"
	passed=$((passed + $2))
	failed=$((failed + $3))
done
echo "idl: $passed passed, $failed failed"
echo "$passed $failed" >"$B/tests/idl.result"
