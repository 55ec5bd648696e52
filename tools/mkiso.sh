#!/bin/sh
# Builds a bootable GRUB2 ISO holding the kernel and boot modules.
#   mkiso.sh OUT.iso KERNEL 'KERNEL ARGS' 'MODULE ARGS'...
# Each module is a program path and its arguments.  Its name is the
# path's basename: it goes to /boot/NAME on the ISO and GRUB loads it
# with the command line "NAME ARGS", the kernel naming the task NAME.
# GRUB waits for nothing and talks on the first serial port.
set -e
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
	multiboot2 /boot/kernel.elf $args
END
for m; do
	set -- $m
	name=$(basename "$1")
	cp "$1" "$stage/boot/$name"
	shift
	echo "	module2 /boot/$name $name $*" >>"$cfg"
done
echo "}" >>"$cfg"
if ! grub-mkrescue -o "$iso" "$stage" >"$iso.log" 2>&1; then
	cat "$iso.log" >&2
	exit 1
fi
