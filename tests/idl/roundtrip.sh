#!/bin/sh
# Round-trip tests: generate stubs from roundtrip.defs (stubs that send
# with mach_msg) and roundtrip_kernel.defs (KernelUser stubs, which send
# with the kernel's functions), build them with the cmocka test and the
# loopback transport, run, count TAP lines: each cmocka test is one
# test.  Generating and compiling the stubs is what every one of them
# needs, not a test of its own: if it fails, that is one failure.
B=$1
D=$B/tests/idl/roundtrip
T=tests/idl
rm -rf "$D" && mkdir -p "$D"
if ! $B/bin/mig -Imach/include -user "$D/roundtripUser.c" \
    -server "$D/roundtripServer.c" -header "$D/roundtrip.h" \
    -sheader "$D/roundtripServer.h" $T/roundtrip.defs; then
	echo "FAIL roundtrip: mig failed on $T/roundtrip.defs"
	echo "RESULT 0 1"
	exit 0
fi
# The same user stubs with -noregs (prefix nr_): never mach_msg_regs.
if ! $B/bin/mig -Imach/include -noregs -prefix nr_ -user "$D/nrUser.c" \
    -server /dev/null -header "$D/nr.h" $T/roundtrip.defs; then
	echo "FAIL roundtrip: mig -noregs failed on $T/roundtrip.defs"
	echo "RESULT 0 1"
	exit 0
fi
# The kernel's path: KernelUser stubs, and their server.
if ! $B/bin/mig -Imach/include -DKERNEL_USER -user "$D/rtkernelUser.c" \
    -server /dev/null -header "$D/rtkernel.h" $T/roundtrip_kernel.defs ||
    ! $B/bin/mig -Imach/include -user /dev/null \
    -server "$D/rtkernelServer.c" -header /dev/null \
    -sheader "$D/rtkernelServer.h" $T/roundtrip_kernel.defs; then
	echo "FAIL roundtrip: mig failed on $T/roundtrip_kernel.defs"
	echo "RESULT 0 1"
	exit 0
fi
if ! gcc -std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
    -fno-sanitize-recover=all -I"$D" -I$T -I$T/kernel_user -Imach/include \
    -Ilibmach/include \
    $T/roundtrip_test.c $T/loopback.c libmach/mig_strncpy.c \
    "$D/roundtripUser.c" "$D/roundtripServer.c" "$D/nrUser.c" \
    "$D/rtkernelUser.c" "$D/rtkernelServer.c" \
    -lcmocka -o "$D/roundtrip_test"; then
	echo "FAIL roundtrip: the generated stubs do not compile"
	echo "RESULT 0 1"
	exit 0
fi
CMOCKA_MESSAGE_OUTPUT=TAP ASAN_OPTIONS=detect_leaks=0 "$D/roundtrip_test" \
    >"$D/tap.txt" 2>&1
cat "$D/tap.txt"
ok=$(grep -c '^ok ' "$D/tap.txt")
notok=$(grep -c '^not ok ' "$D/tap.txt")
# A crash stops the run: count the tests that never reported.
total=$(sed -n 's/^1\.\.\([0-9]*\)/\1/p' "$D/tap.txt" | head -n 1)
[ -n "$total" ] && [ $((ok + notok)) -lt "$total" ] &&
	notok=$((total - ok))
[ "$ok" -eq 0 ] && [ "$notok" -eq 0 ] && notok=1
echo "RESULT $ok $notok"
