#!/bin/sh
# A survey, not a test: how far xnu's own .defs get through our mig.
# xnu's sources are not part of this tree (nor needed by make test);
# give a checkout of github.com/apple-oss-distributions/xnu:
#   sh tests/idl/xnu.sh XNU_DIR [BUILDDIR]
# For each interface under osfmk/ (the *_types.defs files, which have no
# subsystem, are left out) and each configuration xnu builds it in
# (user side, -DLIBSYSCALL_INTERFACE, -DKERNEL_SERVER, -DKERNEL_USER),
# it prints "ok" or mig's first error, then a count.  Only mig's
# acceptance is checked: the generated code needs xnu's C headers.
X=${1:?usage: xnu.sh XNU_DIR [BUILDDIR]}
B=${2:-build}
MIG=$PWD/$B/bin/mig
D=$PWD/$B/tests/idl/xnu
ok=0
bad=0
rm -rf "$D" && mkdir -p "$D"
for config in plain:-DXNU_PLAIN lib:-DLIBSYSCALL_INTERFACE \
    kernel_server:"-DKERNEL_SERVER -DKERNEL_PRIVATE -DMACH_KERNEL_PRIVATE" \
    kernel_user:"-DKERNEL_USER -DKERNEL_PRIVATE"; do
	name=${config%%:*}
	flags=${config#*:}
	for f in "$X"/osfmk/*/*.defs "$X"/osfmk/mach/machine/*.defs; do
		[ -f "$f" ] || continue
		n=$(basename "$f" .defs)
		case $n in *_types | *Types) continue ;; esac
		o=$D/$name/$n
		mkdir -p "$o"
		# $flags is split into words on purpose.
		# shellcheck disable=SC2086
		if (cd "$o" && "$MIG" -q $flags -I"$X/osfmk" -user User.c \
		    -server Server.c -header "$n.h" "$f" >/dev/null 2>err.txt); then
			ok=$((ok + 1))
			echo "ok   $name $n"
		else
			bad=$((bad + 1))
			echo "FAIL $name $n: $(grep -m 1 'error' "$o/err.txt" |
			    sed "s|$X/||")"
		fi
	done
done
echo "xnu: $ok accepted, $bad refused"
