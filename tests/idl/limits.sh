#!/bin/sh
# Inputs at the compiler's limits, each compiled under a memory limit
# (ulimit -v, which cpp inherits) and a time limit, so that memory or
# time growing faster than the input fails the test:
#   * nesting: 20,000 levels of each construct that nests (array of, ^,
#     struct { }, ValueOf( ), parentheses) is refused with one clean
#     error, past PARSER_MAX_NESTING (1,000);
#   * nesting at the limit: 200 routines, each with an anonymous array
#     998 levels deep (2.4 MB); quadratic C type strings took 270 MB
#     and 11 s here, linear ones take about 70 MB and 0.4 s;
#   * a C type of 20,000 words (once 1.7 GB and 19 s);
#   * a chain of 20,000 type definitions, each naming the one before;
#   * the largest subsystem base that fits: accepted, and its stubs
#     compile with -Wall -Wextra -Werror (no msgh_id comparison that is
#     always true).
# Each is one test.
B=$1
D=$B/tests/idl/limits
MIG=$PWD/$B/bin/mig
MEMORY_KB=163840
SECONDS_MAX=10
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok limits $*"; }
fail() { failed=$((failed + 1)); echo "FAIL limits $*"; }
rm -rf "$D" && mkdir -p "$D"

# limited NAME: compile $D/NAME.defs under the limits; sets status and
# leaves stderr in $D/NAME.err.
limited() {
	(
		ulimit -v $MEMORY_KB
		cd "$D" && timeout $SECONDS_MAX "$MIG" -user "$1.u.c" \
		    -server "$1.s.c" -header "$1.h" "$1.defs" 2>"$1.err"
	)
	status=$?
}

# nest CONSTRUCT LEVELS: a statement nesting CONSTRUCT that deep.
nest() {
	awk -v kind="$1" -v n="$2" 'BEGIN {
		print "subsystem deep 100;"
		printf kind == "paren" ? "skip " : "type t = "
		for (i = 0; i < n; i++) {
			if (kind == "array") printf "array[1] of "
			if (kind == "ool") printf "^"
			if (kind == "struct") printf "struct { "
			if (kind == "valueof") printf "ValueOf("
			if (kind == "paren") printf "("
		}
		if (kind == "ool") printf "array[] of "
		printf kind == "paren" ? "1" : kind == "struct" ? "int a; " : "int"
		for (i = 1; i < n; i++) {
			if (kind == "struct") printf "} a; "
			if (kind == "valueof" || kind == "paren") printf ")"
		}
		if (kind == "valueof" || kind == "paren") printf ")"
		print kind == "struct" ? "};" : ";"
	}'
}

bad=
for kind in array ool struct valueof paren; do
	nest $kind 20000 >"$D/nest_$kind.defs"
	limited nest_$kind
	errors=$(grep -c 'error: ' "$D/nest_$kind.err")
	if [ $status -ne 1 ] || [ "$errors" -ne 1 ] ||
	    ! grep -q ': error: nested more than 1000 levels deep' \
		"$D/nest_$kind.err"; then
		bad="$bad $kind(exit $status, $errors errors)"
	fi
done
if [ -z "$bad" ]; then
	pass "20,000 levels of nesting: refused, one error each"
else
	fail "20,000 levels of nesting:$bad"
fi

awk 'BEGIN {
	print "subsystem deep 100;"
	print "type mach_port_t = MACH_MSG_TYPE_COPY_SEND;"
	for (i = 0; i < 998; i++)
		spec = spec "array[1] of "
	for (r = 0; r < 200; r++)
		print "routine r" r "(p : mach_port_t; x : " spec "int);"
}' >"$D/at_limit.defs"
limited at_limit
if [ $status -eq 0 ]; then
	pass "200 arrays 998 levels deep: compiled within the limits"
else
	fail "200 arrays 998 levels deep: exit $status (memory or time?)"
	head -n 3 "$D/at_limit.err"
fi

awk 'BEGIN {
	print "subsystem words 100;"
	printf "type t = int ctype:"
	for (i = 0; i < 20000; i++)
		printf " unsigned"
	print ";"
	print "type mach_port_t = MACH_MSG_TYPE_COPY_SEND;"
	print "routine r(p : mach_port_t; x : t);"
}' >"$D/long_ctype.defs"
limited long_ctype
if [ $status -eq 0 ]; then
	pass "a C type of 20,000 words: compiled within the limits"
else
	fail "a C type of 20,000 words: exit $status (memory or time?)"
	head -n 3 "$D/long_ctype.err"
fi

awk 'BEGIN {
	print "subsystem chain 100;"
	print "type t0 = int;"
	for (i = 1; i < 20000; i++)
		print "type t" i " = t" i - 1 ";"
	print "type mach_port_t = MACH_MSG_TYPE_COPY_SEND;"
	print "routine r(p : mach_port_t; x : t19999);"
}' >"$D/chain.defs"
limited chain
if [ $status -eq 0 ]; then
	pass "a chain of 20,000 type definitions: compiled within the limits"
else
	fail "a chain of 20,000 type definitions: exit $status"
	head -n 3 "$D/chain.err"
fi

# 2147483545 + 2 ids + 100 = 2147483647, the largest mach_msg_id_t.
cat >"$D/top.defs" <<EOF
subsystem top 2147483545;
#include <mach/std_types.defs>
routine first(p : mach_port_t; x : int);
routine last(p : mach_port_t; out y : int);
EOF
(cd "$D" && "$MIG" -I"$OLDPWD/mach/include" -user top.u.c -server top.s.c \
    -header top.h top.defs 2>top.err)
status=$?
CFLAGS="-std=gnu11 -Wall -Wextra -Werror -Itests/idl/shim -Imach/include \
-Ilibmach/include"
if [ $status -ne 0 ]; then
	fail "the largest subsystem base: refused: $(head -n 1 "$D/top.err")"
elif gcc $CFLAGS -c "$D/top.u.c" -o "$D/top.u.o" 2>"$D/top.cc" &&
    gcc $CFLAGS -c "$D/top.s.c" -o "$D/top.s.o" 2>>"$D/top.cc"; then
	pass "the largest subsystem base (2147483545, 2 routines): compiles"
else
	fail "the largest subsystem base: its stubs do not compile"
	head -n 10 "$D/top.cc"
fi
echo "RESULT $passed $failed"
