#!/bin/sh
# Golden-file tests: each tests/idl/golden/NAME.defs is compiled and the
# output compared with tests/idl/golden/NAME/{User.c,Server.c,.h}; the
# output must also compile, and mig must say nothing (no warning).  One
# test per golden: the same output, silently, and it compiles.
#   golden.sh BUILDDIR            compare (make test-idl)
#   golden.sh update BUILDDIR     rewrite the goldens (make idl-golden-update)
update=0
if [ "$1" = update ]; then
	update=1
	shift
fi
B=$1
G=tests/idl/golden
D=$B/tests/idl/golden
passed=0
failed=0
for defs in $G/*.defs; do
	name=$(basename "$defs" .defs)
	out=$D/$name
	rm -rf "$out" && mkdir -p "$out"
	if ! $B/bin/mig -Imach/include -user "$out/User.c" -server "$out/Server.c" \
	    -header "$out/Header.h" -sheader "$out/ServerHeader.h" "$defs" \
	    2>"$D/$name.stderr"; then
		cat "$D/$name.stderr"
		echo "FAIL golden $name: mig failed"
		failed=$((failed + 1))
		continue
	fi
	if [ $update = 1 ]; then
		rm -rf "${G:?}/$name" && cp -r "$out" "$G/$name"
		echo "updated $G/$name"
		continue
	fi
	if ! diff -ru "$G/$name" "$out"; then
		echo "FAIL golden $name: output differs (make idl-golden-update if intended)"
		failed=$((failed + 1))
	elif [ -s "$D/$name.stderr" ]; then
		cat "$D/$name.stderr"
		echo "FAIL golden $name: mig warned"
		failed=$((failed + 1))
	elif gcc -std=gnu11 -Wall -Wextra -Werror -DKERNEL_SERVER -I$G \
	    -Itests/idl/shim -Imach/include -Ilibmach/include \
	    -c "$out/User.c" -o "$out/User.o" &&
	    gcc -std=gnu11 -Wall -Wextra -Werror -DKERNEL_SERVER -I$G \
	    -Itests/idl/shim -Imach/include -Ilibmach/include \
	    -c "$out/Server.c" -o "$out/Server.o"; then
		echo "ok golden $name: output as checked in, and it compiles"
		passed=$((passed + 1))
	else
		echo "FAIL golden $name: output as checked in, but it does not compile"
		failed=$((failed + 1))
	fi
done
echo "RESULT $passed $failed"
