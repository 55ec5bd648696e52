#!/usr/bin/perl
# The Linux columns of `make bench` (docs/bench.md, "Linux in the same
# emulator").
#   bench-linux.pl [-n ITERATIONS] [-t SECONDS] [-o OUTDIR] [-i IMAGEDIR]
#	[-N] ROOT [INITRAMFS]
#
# ROOT holds bench-linux (the POSIX rows built for Linux, tests/bench/
# bench_linux.c) as ROOT/init, with the files its rows use; INITRAMFS is
# that tree as an initramfs.  bench-linux.pl
#  1. runs ROOT/init natively on the host, in ROOT, ITERATIONS (default
#     200) iterations a row, for at most SECONDS (default 600): the
#     native column, in host TSC cycles, OUTDIR/native/results.json;
#  2. fetches Debian 12's kernel into IMAGEDIR (default build/linux,
#     tools/linux-image.sh) and boots it with INITRAMFS through
#     tools/bench.pl -L, in the same QEMU with the same flags (ACCEL,
#     ICOUNT) as our boots: OUTDIR/linux/, its table and results.json.
#     Without the kernel (it cannot be fetched) it says so and goes on
#     without this column;
#  3. prints each POSIX row of the UNIX server (OUTDIR/unix/results.json)
#     and posix-lite (OUTDIR/lite/results.json), and the fault rows of
#     the kernel (OUTDIR/results.json), against Linux in the emulator,
#     with the ratios, the native column and the targets of the UNIX
#     server and VM issues, into OUTDIR/compare.txt, compare.json and
#     compare.csv (docs/bench.md has their layout).
# -N: step 1 alone, and it fails unless every row ran and printed a
# well-formed line (test-bench-linux).
#
# Exits 0 if every step that ran went well.
use strict;
use warnings;
use Getopt::Long qw(:config bundling no_ignore_case);
use JSON::PP;

my ($iterations, $time_limit, $outdir, $imagedir, $native_only) =
    (200, 600, 'build/bench', 'build/linux', 0);
GetOptions('n=i' => \$iterations, 't=i' => \$time_limit,
    'o=s' => \$outdir, 'i=s' => \$imagedir, 'N' => \$native_only)
    && (@ARGV == 2 || ($native_only && @ARGV == 1))
    or die "usage: bench-linux.pl [-n N] [-t SECONDS] [-o OUTDIR] "
    . "[-i IMAGEDIR] [-N] ROOT [INITRAMFS]\n";
my ($root, $initramfs) = @ARGV;
my $icount = ($ENV{ICOUNT} // '0') eq '1';
my $json = JSON::PP->new->canonical->pretty;
my @errors;

sub write_file {
	my ($path, @text) = @_;
	open(my $f, '>', $path) or die "bench-linux.pl: $path: $!\n";
	print $f @text;
	close($f);
}

sub read_rows {
	my ($path) = @_;
	open(my $f, '<', $path) or return {};
	local $/;
	my $rows = eval { decode_json(<$f>) } // [];
	return { map { $_->{name} => $_ } @$rows };
}

# 1. Natively: the program's lines must be those of bench.c, every row
# in one, and BENCH-DONE with no error.
sub run_native {
	my $dir = "$outdir/native";
	system('mkdir', '-p', $dir);
	my $command = "cd '$root' && timeout $time_limit ./init "
	    . "--iterations $iterations --unit tsc_cycles 2>&1";
	my $output = `$command`;
	my $status = $? >> 8;
	write_file("$dir/console.log", $output);
	my $number = qr/(\d+)/;
	my (@rows, $done, $declared, $errors);
	for (split /\n/, $output) {
		if (/^BENCH name=(\w+) median=$number min=$number p90=$number max=$number iterations=$number unit=tsc_cycles$/) {
			push @rows, { name => $1, median => 0 + $2,
			    min => 0 + $3, p90 => 0 + $4, max => 0 + $5,
			    iterations => 0 + $6, unit => 'tsc_cycles',
			    accel => 'native' };
		} elsif (/^BENCH-DONE rows=(\d+) errors=(\d+)$/) {
			($done, $declared, $errors) = (1, $1, $2);
		} elsif (/^BENCH/) {
			push @errors, "native: $_";
		}
	}
	push @errors, "native: bench-linux exited with status $status"
	    if $status != 0;
	push @errors, "native: no BENCH-DONE line" unless $done;
	push @errors, "native: $declared rows, " . @rows . " well-formed lines"
	    if $done && $declared != @rows;
	push @errors, "native: a row with fewer samples than asked"
	    if grep { $_->{iterations} != $iterations
		|| $_->{min} > $_->{median} || $_->{median} > $_->{p90}
		|| $_->{p90} > $_->{max} } @rows;
	write_file("$dir/results.json", $json->encode(\@rows));
	printf "bench-linux: %d rows run natively (host TSC cycles), "
	    . "$dir/results.json\n", scalar @rows;
}

# 2. In the emulator.
sub run_guest {
	unlink("$outdir/linux/results.json");
	if (system('tools/linux-image.sh', $imagedir) != 0) {
		print "bench-linux: Debian's linux-image-amd64 could not be "
		    . "fetched into $imagedir: no Linux column in the "
		    . "emulator (the other rows are not affected)\n";
		return;
	}
	# The kernel's own arguments: the console on the serial port, no
	# boot messages, and the TSC's frequency given rather than
	# calibrated (QEMU's microvm has no timer Linux calibrates
	# against; under -icount shift=0 the TSC counts 10^9 a second).
	my $args = 'console=ttyS0 quiet panic=-1 tsc_early_khz=1000000 '
	    . 'tsc=reliable';
	system('tools/bench.pl', '-L', '-n', $iterations, '-t', $time_limit,
	    '-o', "$outdir/linux", '-a', $args, "$imagedir/vmlinuz",
	    $initramfs) == 0
	    or push @errors, "the Linux guest's boot or rows failed "
	    . "($outdir/linux/console.log)";
}

# The POSIX rows in the order of the UNIX server's table, then the
# kernel's fault rows against their Linux counterparts.
my @posix = qw(getpid read_1 open_close open_read_close pipe_pingpong
    spawn_wait fork_exit_wait fork_exec_wait read_1m);
my @faults = (['fault_zero', 'linux_fault_zero'],
    ['fault_pager', 'linux_fault_uffd']);
# The targets: [ours, linux row, factor]: ours <= factor * Linux's.
my @targets = (['unix_getpid', 'linux_getpid', 3],
    ['unix_pipe_pingpong', 'linux_pipe_pingpong', 1],
    ['unix_fork_exit_wait', 'linux_fork_exit_wait', 1],
    ['fault_zero', 'linux_fault_zero', 1],
    ['fault_pager', 'linux_fault_uffd', 0.5]);

# 3. The comparison.
sub compare {
	my %mach = %{read_rows("$outdir/results.json")};
	my %unix = %{read_rows("$outdir/unix/results.json")};
	my %lite = %{read_rows("$outdir/lite/results.json")};
	my %linux = %{read_rows("$outdir/linux/results.json")};
	my %native = %{read_rows("$outdir/native/results.json")};
	my $unit = $icount ? 'instructions' : 'tsc_cycles';
	my $version = -f "$imagedir/version"
	    ? `cat '$imagedir/version'` =~ s/\s+$//r : undef;
	# A figure of ours counts only if taken the same way as Linux's.
	my $median = sub {
		my ($row) = @_;
		return $row && $row->{unit} eq $unit ? $row->{median} : undef;
	};
	my $ratio = sub {
		my ($a, $b) = @_;
		return defined $a && defined $b && $b > 0
		    ? 0 + sprintf('%.3f', $a / $b) : undef;
	};

	my @lines = map { [ $_, "unix_$_", "lite_$_", "linux_$_" ] } @posix;
	push @lines, map { [ $_->[0], $_->[0], undef, $_->[1] ] } @faults;
	my @rows;
	for (@lines) {
		my ($name, $u, $l, $x) = @$_;
		my %row = (row => $name,
		    unix => $median->($unix{$u} // $mach{$u}),
		    lite => defined $l ? $median->($lite{$l}) : undef,
		    linux => $median->($linux{$x}),
		    native => $native{$x} ? $native{$x}{median} : undef);
		$row{unix_ratio} = $ratio->($row{unix}, $row{linux});
		$row{lite_ratio} = $ratio->($row{lite}, $row{linux});
		push @rows, \%row;
	}
	my @met;
	for (@targets) {
		my ($ours, $theirs, $factor) = @$_;
		my $a = $median->($unix{$ours} // $mach{$ours});
		my $b = $median->($linux{$theirs});
		next unless defined $a && defined $b;
		push @met, { ours => $ours, linux => $theirs,
		    factor => $factor, median => $a,
		    limit => 0 + sprintf('%.0f', $factor * $b),
		    met => $a <= $factor * $b ? JSON::PP::true
			: JSON::PP::false };
	}

	my $show = sub { defined $_[0] ? $_[0] : '-' };
	my $format = "%-16s %11s %11s %11s %7s %7s %12s\n";
	my @out = ("Linux in the same emulator: ACCEL="
	    . ($ENV{ACCEL} || 'tcg') . ' ICOUNT=' . ($icount ? 1 : 0)
	    . ", unit: $unit; Linux: " . ($version // 'not booted')
	    . "; native: host TSC cycles\n",
	    sprintf($format, 'row', 'unix', 'lite', 'linux', 'u/lx',
		'l/lx', 'native'));
	push @out, sprintf($format, $_->{row},
	    map { $show->($_) } @$_{qw(unix lite linux unix_ratio lite_ratio
	    native)}) for @rows;
	push @out, "unix: the UNIX server's rows (the kernel's for the "
	    . "faults; fault_pager against\nlinux_fault_uffd); lite: "
	    . "posix-lite's; u/lx, l/lx: their medians over Linux's;\n"
	    . "-: no table, or one of another unit.\n";
	push @out, sprintf("target %s <= %s x %s: %s (%s against %s)\n",
	    $_->{ours}, $_->{factor}, $_->{linux},
	    $_->{met} ? 'met' : 'not met', $_->{median}, $_->{limit})
	    for @met;
	print @out;
	write_file("$outdir/compare.txt", @out);
	write_file("$outdir/compare.json", $json->encode({
	    unit => $unit, icount => $icount ? JSON::PP::true
		: JSON::PP::false, accel => $ENV{ACCEL} || 'tcg',
	    linux => $version, native_unit => 'tsc_cycles',
	    rows => \@rows, targets => \@met }));
	my @fields = qw(row unix lite linux unix_ratio lite_ratio native);
	write_file("$outdir/compare.csv", join(',', @fields) . "\n",
	    map { join(',', map { $_ // '' } @$_{@fields}) . "\n" } @rows);
	print "bench-linux.pl: wrote $outdir/compare.json and compare.csv\n";
}

run_native();
unless ($native_only) {
	run_guest();
	compare();
}
print "bench-linux.pl: error: $_\n" for @errors;
exit(@errors ? 1 : 0);
