#!/bin/sh
# Adds up the test groups' results and prints the final count.
#   test-summary.sh DIR GROUP...
# Each GROUP wrote DIR/GROUP.result, one line "PASSED FAILED".  A group
# with no result file did not run to the end: it counts as one failure.
dir=$1
shift
passed=0
failed=0
echo
echo "== summary"
for group in "$@"; do
	if [ -r "$dir/$group.result" ]; then
		read -r p f <"$dir/$group.result"
	else
		p=0
		f=1
		echo "   $group: did not finish (no result file)"
	fi
	printf '   %-10s %4d passed, %d failed\n' "$group" "$p" "$f"
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
