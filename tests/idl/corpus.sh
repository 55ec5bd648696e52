#!/bin/sh
# Corpus test: every .defs of Debian's gnumach-dev.  Each interface must
# be accepted and its generated user and server code must compile with
# -Wall -Wextra -Werror (against our headers and tests/idl/shim/), once
# plain and once with each of -DKERNEL_SERVER / -DKERNEL_USER that the
# file uses; its msgh_ids must equal GNU MIG's (when x86_64-gnu-mig is
# installed).  A *_types.defs file alone must be refused cleanly.  Each
# file is one test: its builds (plain, KERNEL_SERVER, KERNEL_USER) and
# the id comparison are parts of it, not tests of their own.
B=$1
D=$B/tests/idl/corpus
INC=/usr/include/x86_64-linux-gnu
MIG=$PWD/$B/bin/mig
CFLAGS="-std=gnu11 -O0 -Wall -Wextra -Werror -I$PWD/tests/idl/shim \
-I$PWD/mach/include -I$PWD/libmach/include"
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
rm -rf "$D" && mkdir -p "$D"
files=$(find $INC -name '*.defs' 2>/dev/null | sort)
if [ -z "$files" ]; then
	echo "no gnumach-dev .defs under $INC (install gnumach-dev)"
	echo "RESULT 0 1"
	exit 0
fi
for f in $files; do
	name=$(basename "$f" .defs)
	case $name in
	*_types)
		if $MIG -I$INC -user "$D/x.c" -server "$D/y.c" -header "$D/z.h" \
		    "$f" 2>"$D/$name.err"; then
			fail "corpus $name: a types file alone was accepted"
		elif grep -q ':[0-9]*:[0-9]*: error: ' "$D/$name.err" &&
		    [ ! -e "$D/x.c" ]; then
			pass "corpus $name: refused ($(head -n 1 "$D/$name.err" |
			    sed 's/.*error: //' | cut -c1-50)...)"
		else
			fail "corpus $name: not refused cleanly"
		fi
		continue
		;;
	esac
	configs=NONE
	deps=$(cpp -M -I$INC "$f" 2>/dev/null | tr -d '\\\n')
	for c in KERNEL_SERVER KERNEL_USER; do
		for dep in $deps; do
			case $dep in *.defs) ;; *) continue ;; esac
			if grep -q "$c" "$dep" 2>/dev/null; then
				configs="$configs $c"
				break
			fi
		done
	done
	# One test per file: every build of it, and the ids, must be right.
	problems=
	built=
	for c in $configs; do
		o=$D/${name}_$c
		mkdir -p "$o"
		if ! (cd "$o" && $MIG -I$INC -D$c -user User.c -server Server.c \
		    -header "$name.h" "$f" 2>err.txt); then
			problems="$problems; mig failed ($c): $(head -n 1 "$o/err.txt")"
			continue
		fi
		if gcc $CFLAGS -D$c -c "$o/User.c" -o "$o/User.o" 2>"$o/cc.txt" &&
		    gcc $CFLAGS -D$c -c "$o/Server.c" -o "$o/Server.o" 2>>"$o/cc.txt"; then
			built="$built${built:+, }$(echo $c | sed 's/NONE/plain/')"
		else
			problems="$problems; generated code does not compile ($c)"
			head -n 20 "$o/cc.txt"
		fi
	done
	ids=
	if command -v x86_64-gnu-mig >/dev/null 2>&1; then
		g=$D/${name}_gnu
		mkdir -p "$g"
		(cd "$g" && x86_64-gnu-mig -I$INC -user User.c -server Server.c \
		    -header gnu.h "$f" >/dev/null 2>&1)
		grep -o 'msgh_id = [0-9]*' "$g/User.c" >"$g/gnu.ids" 2>/dev/null
		grep -o 'msgh_id = [0-9]*' "$D/${name}_NONE/User.c" >"$g/our.ids" 2>/dev/null
		if [ -s "$g/gnu.ids" ] && cmp -s "$g/gnu.ids" "$g/our.ids"; then
			ids=", msgh_ids = GNU MIG's ($(wc -l <"$g/our.ids") routines)"
		elif [ ! -s "$g/gnu.ids" ]; then
			ids=" (GNU MIG gave no output to compare)"
		else
			problems="$problems; msgh_ids differ from GNU MIG"
			diff "$g/gnu.ids" "$g/our.ids" | head -n 5
		fi
	fi
	if [ -z "$problems" ]; then
		pass "corpus $name: accepted, compiles ($built)$ids"
	else
		fail "corpus $name: ${problems#; }"
	fi
done
echo "RESULT $passed $failed"
