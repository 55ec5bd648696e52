#!/bin/sh
# Builds a bootable GRUB2 ISO holding the kernel and boot modules.
#   mkiso.sh [-1] OUT.iso KERNEL 'KERNEL ARGS' 'MODULE ARGS'...
# Each module is a program path and its arguments.  Its name is the
# path's basename: it goes to /boot/NAME on the ISO and GRUB loads it
# with the command line "NAME ARGS", the kernel naming the task NAME.
# GRUB waits for nothing and talks on the first serial port.  -1 boots
# the kernel by multiboot version 1 instead of 2 (GNU Mach, for the
# GNU Mach column of make bench).
set -e
multiboot=multiboot2 module=module2
if [ "$1" = -1 ]; then
	multiboot=multiboot module=module
	shift
fi
iso=$1
kernel=$2
args=$3
shift 3
stage=$iso.d
rm -rf "$stage"
mkdir -p "$stage/boot/grub"
cp "$kernel" "$stage/boot/kernel.elf"
cfg=$stage/boot/grub/grub.cfg
cat >"$cfg" <<END
set timeout=0
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
menuentry "Mach" {
	$multiboot /boot/kernel.elf $args
END
for m; do
	set -- $m
	name=$(basename "$1")
	cp "$1" "$stage/boot/$name"
	shift
	echo "	$module /boot/$name $name $*" >>"$cfg"
done
echo "}" >>"$cfg"
if ! grub-mkrescue -o "$iso" "$stage" >"$iso.log" 2>&1; then
	cat "$iso.log" >&2
	exit 1
fi
