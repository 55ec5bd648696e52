#!/usr/bin/perl
# Makes corrupt ELF images from a good native program, for the tests of
# the kernel's ELF checks (tests/os/boots/elf.boot).
#   mkbad.pl GOOD OUTDIR
# Writes one file per defect into OUTDIR; each file's name is the name
# the kernel gives the module in its "module NAME refused" message.
# GOOD must be a program linked by libmach/user.ld (three PT_LOAD
# segments: text r-x, rodata r--, data rw-).
use strict;
use warnings;
no warnings "portable"; # 64-bit constants

my ($good, $outdir) = @ARGV;
die "usage: mkbad.pl GOOD OUTDIR\n" unless defined $outdir;
open(my $in, '<:raw', $good) or die "mkbad: $good: $!\n";
my $image = do { local $/; <$in> };
close($in);

my ($phoff) = unpack('Q<', substr($image, 32, 8));
my ($phentsize, $phnum) = unpack('v v', substr($image, 54, 4));
# Offset of a field of program header i.
sub ph { my ($i, $field) = @_; return $phoff + $i * $phentsize + $field }
my %field = (type => 0, flags => 4, offset => 8, vaddr => 16, paddr => 24,
    filesz => 32, memsz => 40);
my $data_vaddr = unpack('Q<', substr($image, ph(2, $field{vaddr}), 8));

# Each defect: a name and an edit of a copy of the image.
my %defects = (
	bad_magic => sub { substr($_[0], 1, 1) = 'X' },
	wrong_class => sub { substr($_[0], 4, 1) = "\x01" },	# ELF32
	wrong_machine => sub { substr($_[0], 18, 2) = pack('v', 3) },	# i386
	not_executable => sub { substr($_[0], 16, 2) = pack('v', 1) },	# ET_REL
	truncated => sub { $_[0] = substr($_[0], 0, 4096 + 100) },
	header_only => sub { $_[0] = substr($_[0], 0, 40) },
	phoff_outside => sub {
		substr($_[0], 32, 8) = pack('Q<', 0xfffffffffffff000);
	},
	segment_in_kernel => sub {
		substr($_[0], ph(2, $field{vaddr}), 8) =
		    pack('Q<', 0xffffffff80000000);
	},
	segment_too_big => sub {
		substr($_[0], ph(2, $field{memsz}), 8) =
		    pack('Q<', 0x0000800000000000);
	},
	filesz_over_memsz => sub {
		my $memsz = unpack('Q<', substr($_[0], ph(2, $field{memsz}), 8));
		substr($_[0], ph(2, $field{filesz}), 8) = pack('Q<', $memsz + 1);
	},
	segments_overlap => sub {
		my $text = unpack('Q<', substr($_[0], ph(0, $field{vaddr}), 8));
		substr($_[0], ph(1, $field{vaddr}), 8) = pack('Q<', $text);
		substr($_[0], ph(1, $field{paddr}), 8) = pack('Q<', $text);
	},
	entry_outside_text => sub {
		substr($_[0], 24, 8) = pack('Q<', $data_vaddr);
	},
);

mkdir($outdir);
for my $name (sort keys %defects) {
	my $copy = $image;
	$defects{$name}->($copy);
	open(my $out, '>:raw', "$outdir/$name") or die "$outdir/$name: $!\n";
	print $out $copy;
	close($out);
}
