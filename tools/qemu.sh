#!/bin/sh
# The one QEMU launcher, for make run, the in-OS tests, debug and bench.
#   qemu.sh [-o LOG] [-g] iso ISO
#	boots the GRUB2 ISO (pc machine), the path `make run` takes
#   qemu.sh [-o LOG] [-g] kernel KERNEL 'KERNEL ARGS' 'MODULE ARGS'...
#	boots KERNEL directly through QEMU's multiboot loader on the
#	microvm machine (no firmware, no GRUB: fast); each module is a
#	program path and its arguments, and its command line is that text
#
#   -o LOG	serial console to the file LOG (tests); else on the terminal,
#		where Ctrl-A X quits
#   -p BASE	serial console through the named pipes BASE.out (what the
#		guest writes) and BASE.in (what it reads): tests that type
#		into the console (tests/os/run-boot.pl's `input')
#   -g		wait for gdb on :1234 before the first instruction
#   ACCEL=tcg|kvm (default tcg), ICOUNT=1 (exact instruction counting;
#   tcg only), QEMU_MEMORY (the RAM, default 256M), QEMU_EXTRA (more
#   options) come from the environment.
#
# Exits with QEMU's status: the kernel writes to the isa-debug-exit port
# 0xf4, so 1 means the kernel finished (every task exited), 3 a panic.
set -e
serial=mon:stdio
gdb=
while getopts o:p:g opt; do
	case $opt in
	o) serial=file:$OPTARG ;;
	p) serial=pipe:$OPTARG ;;
	g) gdb="-s -S" ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))

case ${ACCEL:-tcg} in
tcg) accel="-accel tcg -cpu max" ;;
kvm) accel="-accel kvm -cpu host" ;;
*) echo "qemu.sh: ACCEL must be tcg or kvm" >&2; exit 2 ;;
esac
[ "${ICOUNT:-0}" = 1 ] && accel="$accel -icount shift=0,sleep=off"

common="$accel -m ${QEMU_MEMORY:-256M} -display none -no-reboot -nodefaults
-serial $serial -device isa-debug-exit,iobase=0xf4,iosize=0x04 $gdb"

case $1 in
iso)
	exec qemu-system-x86_64 $common -machine pc -cdrom "$2" $QEMU_EXTRA
	;;
kernel)
	kernel=$2
	args=$3
	shift 3
	# -initrd takes the modules as one comma-separated list.
	modules=
	for m; do
		case $m in *,*)
			echo "qemu.sh: a module may not contain ',': $m" >&2
			exit 2 ;;
		esac
		modules=${modules:+$modules,}$m
	done
	exec qemu-system-x86_64 $common -machine microvm -kernel "$kernel" \
	    -append "$args" ${modules:+-initrd "$modules"} $QEMU_EXTRA
	;;
*)
	sed -n '2,/^$/s/^# \{0,1\}//p' "$0" >&2
	exit 2
	;;
esac
