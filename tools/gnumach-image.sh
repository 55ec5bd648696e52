#!/bin/sh
# gnumach-image.sh DIR: GNU Mach 1.8 from Debian's gnumach-image-1.8-486,
# made bootable, as DIR/gnumach.elf (the GNU Mach column of `make bench`,
# docs/bench.md).
#
# apt-get download fetches the package into DIR (with the machine's
# package lists, read only: nothing is installed and the machine's apt
# configuration is not changed); dpkg-deb unpacks it into DIR/deb, and a
# second run fetches nothing.  The kernel, DIR/deb/boot/gnumach-1.8-486.gz,
# is unpacked into a scratch copy, which is fixed up: Debian's image is a
# 64-bit kernel for 32-bit tasks, whose system call entry (the call gate
# that `lcall $7,$0` goes through) still has a `ud2` placeholder right
# after it pushes the call number and an empty trap number: every trap
# would stop there with an invalid-opcode fault.  The fix-up turns those
# two bytes into a two-byte no-op (66 90), after checking that they are
# found once, in that sequence, so that another build of the package is
# refused rather than patched blindly.
set -e
dir=$1
[ -n "$dir" ] || { echo "usage: $0 DIR" >&2; exit 2; }
package=gnumach-image-1.8-486
mkdir -p "$dir"
deb=$(ls "$dir"/${package}_*.deb 2>/dev/null | head -n 1)
if [ -z "$deb" ]; then
	(cd "$dir" && apt-get -q -o APT::Sandbox::User=root download \
	    "$package")
	deb=$(ls "$dir"/${package}_*.deb | head -n 1)
fi
rm -rf "$dir/deb"
dpkg-deb -x "$deb" "$dir/deb"
gzip -dc "$dir/deb/boot/gnumach-1.8-486.gz" >"$dir/gnumach.elf.tmp"
# pushf; cld; push %rax; push $0; ud2; push %rax; push %rcx; push %rdx
perl -e '
	my $file = shift;
	open(my $f, "+<:raw", $file) or die "$file: $!\n";
	local $/;
	my $image = <$f>;
	my $entry = "\x9c\xfc\x50\x6a\x00\x0f\x0b\x50\x51\x52";
	my @at;
	for (my $i = index($image, $entry); $i >= 0;
	    $i = index($image, $entry, $i + 1)) {
		push @at, $i;
	}
	@at == 1 or die "gnumach-image.sh: the system call entry is found "
	    . scalar(@at) . " times in $file, not once\n";
	seek($f, $at[0] + 5, 0);
	print $f "\x66\x90";
	close($f) or die "$file: $!\n";
' "$dir/gnumach.elf.tmp"
mv "$dir/gnumach.elf.tmp" "$dir/gnumach.elf"
