#!/bin/sh
# Checks that the kernel image can be loaded by QEMU's multiboot1 loader:
# the loaded segments must be laid out in the file at the same distances
# as in physical memory (one block from load_addr to load_end_addr), and
# the multiboot1 header must be in the first 8 KiB of the file.
#   check-kernel-layout.sh KERNEL.elf
set -e
first=
readelf -lW "$1" | awk '$1 == "LOAD" { print $2, $4, $5 }' >"$1.layout"
while read -r offset paddr filesz; do
	[ $((filesz)) -gt 0 ] || continue
	delta=$((paddr - offset))
	if [ -z "$first" ]; then
		first=$delta
		if [ $((offset)) -gt $((8192 - 48)) ]; then
			echo "$1: the multiboot header lies beyond the first 8 KiB" >&2
			exit 1
		fi
	elif [ "$delta" != "$first" ]; then
		echo "$1: the segment at $paddr breaks the contiguous file layout" >&2
		exit 1
	fi
done <"$1.layout"
rm -f "$1.layout"
[ -n "$first" ] || { echo "$1: no loadable segment" >&2; exit 1; }
