#!/bin/sh
# Builds newlib (the C library of native tasks and personalities) from
# Debian's newlib-source tarball, for target x86_64-elf, with the host's
# gcc and binutils.
#   build-newlib.sh OUTDIR        (normally build/newlib)
# Installs headers and libc.a/libm.a under OUTDIR/install/x86_64-elf/.
# The build runs once: OUTDIR/stamp holds this script's hash, and the
# script does nothing while the hash still matches.  Changing the recipe
# (this file) rebuilds from scratch.
#
# newlib is configured without its own system calls and with
# MISSING_SYSCALL_NAMES undefined, so it calls _read, _write, _sbrk, ...,
# which libmach (or a personality's glue) provides.
#
# Each thread has its own struct _reent (errno, strtok's and rand's
# state, ...): sys/config.h is patched to define __DYNAMIC_REENT__, so
# that _REENT is __getreent(), which libmach provides
# (libmach/newlib_reent.c), in libc and in the installed headers alike.
# stdin, stdout and stderr stay one set for the task (global stdio
# streams), locked through libmach's retargetable locks.
#
# One fix to newlib 3.3.0 itself: built without multibyte support (no
# _MB_CAPABLE, as here), towctrans and towctrans_l call _jp2uc_l and
# _uc2jp_l, which jp2uc.c then leaves out, so that no program using them
# links (newlib's own testsuite, newlib.wctype/twctrans.c, finds it).
# libc/ctype/local.h is patched to make them the identity without
# _MB_CAPABLE, as it already does for Cygwin.
set -e
out=${1:-build/newlib}
self=$(dirname "$0")/build-newlib.sh
hash=$(sha256sum "$self" | cut -d' ' -f1)
if [ -r "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$hash" ]; then
	touch "$out/stamp" # newer than the script again, for make
	exit 0
fi

tarball=$(ls /usr/src/newlib/newlib-*.tar.* 2>/dev/null | head -n 1)
if [ -z "$tarball" ]; then
	echo "build-newlib: no newlib tarball in /usr/src/newlib" \
	    "(run tools/deps.sh)" >&2
	exit 1
fi

echo "build-newlib: building newlib from $tarball into $out (about a minute)"
rm -rf "$out"
mkdir -p "$out/obj"
out=$(cd "$out" && pwd)
tar -xf "$tarball" -C "$out"
src=$(ls -d "$out"/newlib-*/ | head -n 1)
config="$src/newlib/libc/include/sys/config.h"
sed -i '/^#define __SYS_CONFIG_H__$/a\
/* Per-thread reent: __getreent() comes from libmach (newlib_reent.c). */\
#define __DYNAMIC_REENT__' "$config"
if ! grep -A 2 '^#define __SYS_CONFIG_H__$' "$config" |
    grep -q '^#define __DYNAMIC_REENT__$'; then
	echo "build-newlib: could not patch $config" >&2
	exit 1
fi

ctype_local="$src/newlib/libc/ctype/local.h"
sed -i 's/^#ifdef __CYGWIN__$/#if defined(__CYGWIN__) || !defined(_MB_CAPABLE)/' \
    "$ctype_local"
if ! grep -q '^#if defined(__CYGWIN__) || !defined(_MB_CAPABLE)$' \
    "$ctype_local"; then
	echo "build-newlib: could not patch $ctype_local" >&2
	exit 1
fi

gccinc=$(gcc -print-file-name=include)
# Freestanding as far as headers go: newlib supplies libc's headers, gcc
# only its own (stddef.h, stdarg.h, ...).
cc="gcc -ffreestanding -nostdinc -isystem $gccinc -fno-pie -fno-stack-protector"

cd "$out/obj"
"$src/configure" >"$out/configure.log" 2>&1 \
    --target=x86_64-elf --prefix="$out/install" \
    --disable-multilib --disable-libgloss \
    --disable-newlib-supplied-syscalls \
    --enable-newlib-io-long-long --enable-newlib-io-c99-formats \
    --enable-newlib-retargetable-locking \
    --enable-newlib-global-stdio-streams \
    --disable-nls \
    CC_FOR_TARGET="$cc" AR_FOR_TARGET=ar AS_FOR_TARGET=as \
    LD_FOR_TARGET=ld NM_FOR_TARGET=nm RANLIB_FOR_TARGET=ranlib \
    OBJDUMP_FOR_TARGET=objdump STRIP_FOR_TARGET=strip \
    CFLAGS_FOR_TARGET="-O2 -g -UMISSING_SYSCALL_NAMES -D_COMPILING_NEWLIB" ||
    { tail -n 30 "$out/configure.log"; exit 1; }
# Two make runs: with -j2, one run would start installing before the
# target directory is configured.
if ! { make -j2 all-target-newlib && make install-target-newlib; } \
    >"$out/build.log" 2>&1; then
	tail -n 40 "$out/build.log"
	echo "build-newlib: failed; full log in $out/build.log" >&2
	exit 1
fi
rm -rf "$out/obj" "$src"
echo "$hash" >"$out/stamp"
echo "build-newlib: done"
