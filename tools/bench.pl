#!/usr/bin/perl
# Runs the benchmark boots of `make bench` and reports them (docs/bench.md).
#   bench.pl [-n ITERATIONS] [-t SECONDS] [-o OUTDIR] [-a 'KERNEL ARGS']
#	[-R 'ROW...'] [-V 'SUFFIX=KERNEL ARGS[:ROW...]']... [-r REFERENCE]
#	[-g LIVE] [-M] [-b BENCH] KERNEL MODULE...
#
# Boots KERNEL (tools/qemu.sh, kernel path) with the MODULEs in order,
# each a program path and its arguments; in the module that has BENCH
# (default build/tests/bench/bench, which must be among them) as a word,
# its path or an argument (a program that a server runs: the UNIX
# server's first process), the arguments "--iterations ITERATIONS
# --unit UNIT" follow that word, and the ROWs of -R come last (all rows
# without it).  The kernel
# arguments are "onidle=exit KERNEL ARGS".  Each -V adds one more boot, a
# variant, with its KERNEL ARGS added and BENCH given the ROWs (all if
# none); its rows are named NAME_SUFFIX (-V 'general=fastpath=off:
# rpc_2threads_null' gives rpc_2threads_null_general, on the general
# IPC path).
#
# Each boot lasts until QEMU exits (the kernel stops it when every task
# has ended), at most SECONDS (default 600), at most 5 s after the
# console line "BENCH-DONE" (a server that never ends does not hold the
# report back), and no longer after a panic or a killed task.  Then bench.pl reads every line
#	BENCH name=NAME median=M min=M p90=M max=M iterations=N unit=UNIT
# and every probe's line
#	BENCH-PROBE name=NAME ticks=T expected=E
# (shown under the table, not in the JSON), and writes into OUTDIR
# (default build/bench):
#	console.log	the whole console (console-SUFFIX.log for a variant)
#	results.txt	the table printed on stdout
#	results.json	a list of {"name", "median", "min", "p90", "max",
#			"iterations", "unit", "accel", "kernel_args",
#			"reference", "ratio"} objects, one per row, in the
#			order of the table
#
# ACCEL (tcg, default, or kvm) and ICOUNT (1: QEMU's -icount shift=0,
# sleep=off, so that a TSC difference counts guest instructions) come
# from the environment, as for tools/qemu.sh; UNIT is "instructions"
# under ICOUNT=1, else "tsc_cycles".
#
# REFERENCE (default tests/bench/reference.txt) holds other systems'
# figures: lines "NAME ACCEL UNIT VALUE SYSTEM...".  A row with a figure
# for this boot's accelerator and unit (a variant's row: the figure of
# its NAME) shows it and the ratio of our median to it.  LIVE is the
# results.json of another system's boot in the same run (GNU Mach's,
# make bench): its medians, when their unit is this boot's, take the
# place of the stored figures of the same rows (the table and the JSON
# say which figure is live, which stored).
#
# -M boots KERNEL by multiboot version 1 from a GRUB ISO
# (tools/mkiso.sh -1, OUTDIR/boot.iso; tools/qemu.sh iso), not by
# QEMU's loader: GNU Mach, whose image QEMU's loader refuses (64-bit).
#
# Exits 0 if every boot reached BENCH-DONE with no row in error and no
# task killed or ending with an error status.
use strict;
use warnings;
use Getopt::Long qw(:config bundling no_ignore_case);
use JSON::PP;
use POSIX qw(WNOHANG);
use Time::HiRes qw(sleep time);

my ($iterations, $time_limit, $outdir, $base_args, $base_rows) = (2000,
    600, 'build/bench', '', '');
my ($reference_file, $bench) = ('tests/bench/reference.txt',
    'build/tests/bench/bench');
my ($live_file, $multiboot1) = ('', 0);
my @variant_options;
GetOptions('n=i' => \$iterations, 't=i' => \$time_limit,
    'o=s' => \$outdir, 'a=s' => \$base_args, 'R=s' => \$base_rows,
    'V=s' => \@variant_options,
    'r=s' => \$reference_file, 'g=s' => \$live_file, 'M' => \$multiboot1,
    'b=s' => \$bench) && @ARGV >= 2
    or die "usage: bench.pl [-n N] [-t SECONDS] [-o OUTDIR] "
    . "[-a 'KERNEL ARGS'] [-R 'ROW...'] "
    . "[-V 'SUFFIX=KERNEL ARGS[:ROW...]']... "
    . "[-r REFERENCE] [-g LIVE] [-M] "
    . "[-b BENCH] KERNEL MODULE...\n";
my ($kernel, @modules) = @ARGV;
my $accel = $ENV{ACCEL} || 'tcg';
my $icount = ($ENV{ICOUNT} // '0') eq '1';
my $unit = $icount ? 'instructions' : 'tsc_cycles';
my $mode = $icount ? 'tcg -icount shift=0,sleep=off' : $accel;
die "bench.pl: ICOUNT=1 needs ACCEL=tcg\n" if $icount && $accel ne 'tcg';
die "bench.pl: $_ is missing (not built?)\n"
    for grep { !-f } map { (split ' ')[0] } $kernel, @modules;
die "bench.pl: $bench is not among the modules\n"
    unless grep { $_ eq $bench } map { split ' ' } @modules;

# The boots: [suffix, kernel arguments beyond onidle=exit, rows].
my @variants = (['', $base_args, $base_rows]);
for (@variant_options) {
	my ($suffix, $args, $rows) = /^(\w+)=([^:]*)(?::(.*))?$/
	    or die "bench.pl: -V wants SUFFIX=KERNEL ARGS[:ROW...], not "
	    . "'$_'\n";
	push @variants, ["_$suffix", join(' ', grep { $_ ne '' }
	    $base_args, $args), $rows // ''];
}

# Boots once; returns what happened, for the report.
sub boot {
	my ($log, $args, $rows) = @_;
	unlink($log);
	my @module_args = map {
		my @words = split ' ';
		my ($at) = grep { $words[$_] eq $bench } 0 .. $#words;
		defined $at ? join(' ', @words[0 .. $at],
		    '--iterations', $iterations, '--unit', $unit,
		    @words[$at + 1 .. $#words], split(' ', $rows)) : $_
	} @modules;
	my @boot = ('kernel', $kernel, "onidle=exit $args", @module_args);
	if ($multiboot1) {
		@boot = ('iso', "$outdir/boot.iso");
		system('tools/mkiso.sh', '-1', $boot[1], $kernel,
		    "onidle=exit $args", @module_args) == 0
		    or return 'the ISO was not made';
	}
	my $pid = fork() // die "bench.pl: fork: $!\n";
	if ($pid == 0) {
		open(STDIN, '<', '/dev/null');
		open(STDOUT, '>>', "$outdir/qemu.out");
		open(STDERR, '>&', \*STDOUT);
		exec('tools/qemu.sh', '-o', $log, @boot) or exit 127;
	}
	my $started = time;
	my $done_at;
	while (1) {
		if (waitpid($pid, WNOHANG) == $pid) {
			my $status = $? >> 8;
			return $status == 1 ? 'the kernel stopped QEMU'
			    : "QEMU exited with status $status";
		}
		if (!defined $done_at && open(my $f, '<', $log)) {
			local $/;
			my $console = <$f>;
			$done_at = time if $console =~ /^BENCH-DONE/m;
			# After a panic or a killed task the run cannot end well.
			$done_at = time - 5
			    if $console =~ /^(panic: |kernel: task .* killed)/m;
		}
		# The tasks have 5 s to end before QEMU is stopped.
		if (time - $started > $time_limit
		    || (defined $done_at && time - $done_at > 5)) {
			kill('TERM', $pid);
			waitpid($pid, 0);
			return defined $done_at ? 'QEMU stopped by bench.pl'
			    : "stopped at the time limit, $time_limit s";
		}
		sleep(0.1);
	}
}

# Boots one variant; returns its rows (hashes of the BENCH lines' fields,
# plus base and kernel_args) and its errors.
sub run_variant {
	my ($suffix, $args, $rows) = @_;
	my $log = "$outdir/console$suffix.log" =~ s/console_/console-/r;
	my $how = boot($log, $args, $rows);
	open(my $cf, '<', $log) or return ([], ["no console log ($how)"], []);
	my @lines = map { s/\r//gr } <$cf>;
	close($cf);

	my (@rows, @errors, @probes, $done);
	my $where = $suffix eq '' ? '' : " (kernel arguments '$args')";
	for (@lines) {
		if (/^BENCH (name=.*)$/) {
			my %row = map { split(/=/, $_, 2) } split(' ', $1);
			$row{base} = $row{name};
			$row{name} .= $suffix;
			$row{kernel_args} = $args;
			push @rows, \%row;
		} elsif (/^BENCH-PROBE (name=.*)$/) {
			my %probe = map { split(/=/, $_, 2) } split(' ', $1);
			$probe{name} .= $suffix;
			push @probes, \%probe;
		} elsif (/^BENCH-ERROR name=(\S+) reason=(.*)$/) {
			push @errors, "$1$suffix: $2";
		} elsif (/^BENCH-DONE/) {
			$done = 1;
		}
	}
	push @errors, "the benchmark did not finish ($how)$where"
	    unless $done;
	push @errors, map { "$_$where" } grep {
		/^(panic: |kernel: task .* (killed|exited with status))/
	} @lines;
	return (\@rows, \@errors, \@probes);
}

# The reference figures: "NAME ACCEL UNIT" => [value, system, source],
# the source "stored" (REFERENCE) or "live" (LIVE).
sub read_reference {
	my %reference;
	if (open(my $f, '<', $reference_file)) {
		while (<$f>) {
			next if /^\s*(#|$)/;
			my ($name, $acc, $u, $value, @system) = split;
			$reference{"$name $acc $u"} = [$value, "@system",
			    'stored'];
		}
	}
	if ($live_file ne '' && open(my $f, '<', $live_file)) {
		local $/;
		for my $row (@{decode_json(<$f>)}) {
			next unless $row->{unit} eq $unit;
			$reference{"$row->{name} $accel $unit"} =
			    [$row->{median}, 'GNU Mach 1.8', 'live'];
		}
	}
	return %reference;
}

mkdir($outdir);
unlink("$outdir/qemu.out");
my (%rows_of, @order, @errors, @probes);
for my $variant (@variants) {
	my ($rows, $errors, $probes) = run_variant(@$variant);
	push @errors, @$errors;
	push @probes, @$probes;
	for my $row (@$rows) {
		push @order, $row->{base} unless $rows_of{$row->{base}};
		push @{$rows_of{$row->{base}}}, $row;
	}
}

# The table and the JSON: each row, then its variants.
my %reference = read_reference();
my @out = ("make bench: ACCEL=$accel ICOUNT=" . ($icount ? 1 : 0)
    . ", $iterations iterations a row, unit: $unit\n");
my $format = "%-26s %10s %10s %10s %13s %7s\n";
push @out, sprintf($format, 'row', 'median', 'min', 'p90',
    'reference', 'ratio');
my (@json, %systems);
for my $row (map { @{$rows_of{$_}} } @order) {
	my $ref = $reference{"$row->{name} $accel $unit"}
	    // $reference{"$row->{base} $accel $unit"};
	my ($value, $ratio) = ('-', '-');
	if ($ref) {
		$value = $ref->[0] . ($ref->[2] eq 'stored' ? '*' : '');
		$ratio = sprintf('%.3f', $row->{median} / $ref->[0]);
		$systems{$ref->[2] eq 'live'
		    ? "$ref->[1] (measured in this run, $live_file)"
		    : "$ref->[1]* (stored, $reference_file)"} = 1;
	}
	push @out, sprintf($format, $row->{name}, $row->{median}, $row->{min},
	    $row->{p90}, $value, $ratio);
	push @json, {
		name => $row->{name},
		(map { $_ => 0 + $row->{$_} }
		    grep { defined $row->{$_} }
		    qw(median min p90 max iterations)),
		unit => $row->{unit},
		accel => $mode,
		kernel_args => $row->{kernel_args},
		reference => $ref ? { value => 0 + $ref->[0],
		    system => $ref->[1], source => $ref->[2] } : undef,
		ratio => $ref ? 0 + $ratio : undef,
	};
}
push @out, "Raw figures: the clock's own cost (timer_overhead) is not "
    . "subtracted.\n";
for my $variant (@variants[1 .. $#variants]) {
	push @out, "rows *$variant->[0]: booted with the kernel arguments "
	    . "'$variant->[1]'\n";
}
push @out, "reference: no live figures in $live_file (GNU Mach not "
    . "booted?): stored ones only\n"
    if $live_file ne '' && !grep { $_->[2] eq 'live' } values %reference;
push @out, "reference: " . join('; ', sort keys %systems)
    . "; ratio = our median / the reference's.\n" if %systems;
for my $probe (@probes) {
	push @out, sprintf("probe %s: %s timer ticks counted, %s due by the "
	    . "TSC\n", $probe->{name}, $probe->{ticks} // '?',
	    $probe->{expected} // '?');
}
push @out, "error: $_\n" for map { s/\n//r } @errors;
print @out;

open(my $tf, '>', "$outdir/results.txt") or die "$outdir/results.txt: $!\n";
print $tf @out;
close($tf);
open(my $jf, '>', "$outdir/results.json") or die "$outdir/results.json: $!\n";
print $jf JSON::PP->new->canonical->pretty->encode(\@json);
close($jf);
print "bench.pl: wrote $outdir/results.json\n";
exit(@errors ? 1 : 0);
