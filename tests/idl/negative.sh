#!/bin/sh
# Negative tests: each tests/idl/negative/*.defs holds one fault and must
# be refused with exit status 1, a "file:line:col: error: " message (or
# cpp's "fatal error: ") that contains the text of its "expect:"
# comment, no output file left behind, and exactly one error: one fault
# gives one error, not a cascade.  A file that holds several faults says
# how many errors it expects in an "errors: N" comment.  Errors are the
# stderr lines that say "error: " and mig's own "mig: " lines.
B=$1
N=tests/idl/negative
D=$B/tests/idl/negative
passed=0
failed=0
for defs in $N/*.defs; do
	name=$(basename "$defs" .defs)
	expect=$(sed -n 's/.*expect: \(.*\) \*\/.*/\1/p' "$defs" | head -n 1)
	want=$(sed -n 's/.*errors: \([0-9]*\) \*\/.*/\1/p' "$defs" | head -n 1)
	want=${want:-1}
	rm -rf "$D/$name" && mkdir -p "$D/$name"
	(cd "$D/$name" && "$OLDPWD/$B/bin/mig" -I"$OLDPWD/mach/include" \
	    "$OLDPWD/$defs" >stdout.txt 2>stderr.txt)
	status=$?
	files=$(ls "$D/$name" | grep -v -e stdout.txt -e stderr.txt)
	errors=$(grep -c -e 'error: ' -e '^mig: ' "$D/$name/stderr.txt")
	if [ $status -ne 1 ]; then
		echo "FAIL negative $name: exit status $status, want 1"
	elif ! grep -q "^[^:]*:[0-9]*:[0-9]*: \(fatal \)\{0,1\}error: .*$expect" \
	    "$D/$name/stderr.txt"; then
		echo "FAIL negative $name: no 'file:line:col: error: ...$expect'"
		cat "$D/$name/stderr.txt"
	elif [ "$errors" -ne "$want" ]; then
		echo "FAIL negative $name: $errors errors, want $want"
		cat "$D/$name/stderr.txt"
	elif [ -n "$files" ]; then
		echo "FAIL negative $name: left $files"
	else
		echo "ok negative $name: $(head -n 1 "$D/$name/stderr.txt")"
		passed=$((passed + 1))
		continue
	fi
	failed=$((failed + 1))
done
echo "RESULT $passed $failed"
