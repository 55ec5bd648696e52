#!/bin/sh
# Negative tests: each tests/idl/negative/*.defs must be refused with
# exit status 1, a "file:line:col: error: " message that contains the
# text of its "expect:" comment, and no output file left behind.
B=$1
N=tests/idl/negative
D=$B/tests/idl/negative
passed=0
failed=0
for defs in $N/*.defs; do
	name=$(basename "$defs" .defs)
	expect=$(sed -n 's/.*expect: \(.*\) \*\/.*/\1/p' "$defs" | head -n 1)
	rm -rf "$D/$name" && mkdir -p "$D/$name"
	(cd "$D/$name" && "$OLDPWD/$B/bin/mig" -I"$OLDPWD/mach/include" \
	    "$OLDPWD/$defs" >stdout.txt 2>stderr.txt)
	status=$?
	files=$(ls "$D/$name" | grep -v -e stdout.txt -e stderr.txt)
	if [ $status -ne 1 ]; then
		echo "FAIL negative $name: exit status $status, want 1"
	elif ! grep -q "^[^:]*:[0-9]*:[0-9]*: error: .*$expect" "$D/$name/stderr.txt"; then
		echo "FAIL negative $name: no 'file:line:col: error: ...$expect'"
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
