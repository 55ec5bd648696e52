#!/usr/bin/perl
# The lessons table of `make bench LESSONS=1` (docs/bench.md, "The
# lessons").
#   bench-lessons.pl [-n ITERATIONS] [-t SECONDS] [-o OUTDIR] [-b BENCH]
#	[-r RUNS] [-u UNIX_BENCH -m UNIX_MODULE... [-N UNIX_ITERATIONS]]
#	KERNEL MODULE...
#
# Each L4 lesson the kernel applies has a kernel argument that switches
# it off (docs/kernel.md).  This boots the benchmark once per setting
# (the kernel as it is, then each lesson off alone) with the null RPC
# rows only, through tools/bench.pl (its -R and -V), twice over: under
# TCG with -icount (guest instructions, exact) and under plain TCG (TSC
# cycles, host time), the latter RUNS times (default 5: its figures move
# from run to run).  Then it prints, for each lesson and each null RPC
# (two threads of a task, two tasks), the median with the lesson on and
# off and their ratio off / on (above 1: what the lesson saves), in
# instructions and in cycles (the median of the runs' medians, and the
# median of the runs' ratios), and writes OUTDIR/lessons.txt and OUTDIR/lessons.json
# (with every run's figures); bench.pl's own outputs (consoles,
# results.json) go to OUTDIR/icount/ and OUTDIR/tcg-N/.
#
# The register lesson (regipc=off) is measured on the register rows
# (rpc_*_regs): the same program, which asks for the register trap and,
# when the kernel refuses it, makes the same RPC with mach_msg, as the
# IDL stubs do (tests/bench/bench_ipc.c).  The other lessons on the
# mach_msg rows (rpc_*_null), and the FPU's also on rpc_*_fpu, where
# both threads use the FPU between two messages.  The light trap entry
# (lightentry=off) and the reply cache (replycache=off) are the register
# path's, measured on the register rows too.
#
# With -u, each lesson has one more row: getpid over the UNIX server,
# unix_getpid of the program UNIX_BENCH (bench.pl's -b), booted with
# KERNEL and the UNIX_MODULEs (-m, in order; default ITERATIONS 200), on
# and off in the same way (its outputs in OUTDIR/MODE-unix/).
#
# Exits non-zero if a run of bench.pl failed.
use strict;
use warnings;
use Getopt::Long qw(:config bundling no_ignore_case);
use JSON::PP;

my ($iterations, $time_limit, $outdir, $bench, $runs) = (2000, 600,
    'build/bench/lessons', 'build/tests/bench/bench', 5);
my ($unix_bench, @unix_modules, $unix_iterations);
$unix_iterations = 200;
GetOptions('n=i' => \$iterations, 't=i' => \$time_limit,
    'o=s' => \$outdir, 'b=s' => \$bench, 'r=i' => \$runs,
    'u=s' => \$unix_bench, 'm=s' => \@unix_modules,
    'N=i' => \$unix_iterations)
    && @ARGV >= 2 && $runs >= 1 && !defined($unix_bench) == !@unix_modules
    or die "usage: bench-lessons.pl [-n N] [-t SECONDS] [-o OUTDIR] "
    . "[-b BENCH] [-r RUNS] [-u UNIX_BENCH -m UNIX_MODULE... "
    . "[-N UNIX_ITERATIONS]] KERNEL MODULE...\n";

# [name, kernel argument that switches it off, suffix, row kinds]
my @lessons = (
	['IPC fast path', 'fastpath=off', 'nofastpath', ['null']],
	['direct handoff', 'handoff=off', 'nohandoff', ['null']],
	['lazy FPU', 'fpu=eager', 'eagerfpu', ['null', 'fpu']],
	['messages in registers', 'regipc=off', 'noregipc', ['regs']],
	['light trap entry', 'lightentry=off', 'nolightentry', ['regs']],
	['reply cache', 'replycache=off', 'noreplycache', ['regs']],
);
my @rpcs = (['2threads', 'two threads'], ['2tasks', 'two tasks']);
my %kind_label = (null => '', regs => '', fpu => ', FPU', unix => '');
my $unix_row = 'unix_getpid';
my @rows = map { my $kind = $_; map { "rpc_$_->[0]_$kind" } @rpcs }
    qw(null regs fpu);
# [name, ICOUNT, unit, runs]
my @modes = (['icount', 1, 'instructions', 1],
    ['tcg', 0, 'tsc_cycles', $runs]);

# The median of a list of numbers (the lower of the middle two).
sub median {
	my @sorted = sort { $a <=> $b } @_;
	return @sorted ? $sorted[int((@sorted - 1) / 2)] : undef;
}

system('mkdir', '-p', $outdir) == 0 or die "bench-lessons.pl: $outdir\n";
my (%medians, @failed);
for my $mode (@modes) {
	for my $run (1 .. $mode->[3]) {
		my $dir = $mode->[3] > 1 ? "$outdir/$mode->[0]-$run"
		    : "$outdir/$mode->[0]";
		local $ENV{ICOUNT} = $mode->[1];
		local $ENV{ACCEL} = 'tcg';
		my @command = ('tools/bench.pl', '-n', $iterations, '-t',
		    $time_limit, '-o', $dir, '-a', 'bootstrap', '-R', "@rows",
		    (map { ('-V', "$_->[2]=$_->[1]:@rows") } @lessons), '-b',
		    $bench, @ARGV);
		print "bench-lessons.pl: ICOUNT=$mode->[1] @command\n";
		push @failed, $dir if system(@command) != 0;
		read_medians($mode->[0], $dir);
		next unless defined $unix_bench;
		@command = ('tools/bench.pl', '-n', $unix_iterations, '-t',
		    $time_limit, '-o', "$dir-unix", '-a', 'bootstrap', '-R',
		    $unix_row,
		    (map { ('-V', "$_->[2]=$_->[1]:$unix_row") } @lessons),
		    '-b', $unix_bench, $ARGV[0], @unix_modules);
		print "bench-lessons.pl: ICOUNT=$mode->[1] @command\n";
		push @failed, "$dir-unix" if system(@command) != 0;
		read_medians($mode->[0], "$dir-unix");
	}
}

# Adds the medians of bench.pl's results in dir to %medians.
sub read_medians {
	my ($mode, $dir) = @_;
	open(my $f, '<', "$dir/results.json") or return;
	local $/;
	for my $row (@{decode_json(<$f>)}) {
		push @{$medians{"$mode $row->{name}"}}, $row->{median};
	}
}

my @out = ("make bench LESSONS=1: each lesson on (the kernel as it is) "
    . "and off (its kernel argument),\n$iterations iterations a row, "
    . "medians (cycles: the median of $runs runs' medians);\n"
    . "ratio = off / on (cycles: the median of the runs' ratios)\n");
my $format = "%-22s %-15s %-20s %8s %8s %6s %10s %10s %6s\n";
push @out, sprintf($format, 'lesson', 'off with', 'null RPC',
    'instr on', 'off', 'ratio', 'cycles on', 'off', 'ratio');
my @json;
for my $lesson (@lessons) {
	my ($name, $argument, $suffix, $kinds) = @$lesson;
	my @measured = map { my $k = $_; map { [@$_, $k] } @rpcs } @$kinds;
	push @measured, [undef, 'getpid, UNIX server', 'unix']
	    if defined $unix_bench;
	for my $rpc (@measured) {
		my $kind = $rpc->[2];
		my $row = $kind eq 'unix' ? $unix_row : "rpc_$rpc->[0]_$kind";
		my %entry = (lesson => $name, kernel_argument => $argument,
		    row => $row);
		my @cells;
		for my $mode (@modes) {
			my $ons = $medians{"$mode->[0] $row"} // [];
			my $offs = $medians{"$mode->[0] ${row}_$suffix"} // [];
			my ($on, $off) = (median(@$ons), median(@$offs));
			# Each run's ratio, on and off booted one after the
			# other, then their median: the host's speed moves
			# between runs more than within one.
			my @ratios = map { $offs->[$_] / $ons->[$_] }
			    grep { $ons->[$_] } 0 .. $#$ons;
			my $ratio = @ratios && @$offs == @$ons
			    ? sprintf('%.2f', median(@ratios)) : undef;
			push @cells, $on // '-', $off // '-', $ratio // '-';
			$entry{$mode->[2]} = {on => $on, off => $off,
			    ratio => defined $ratio ? 0 + $ratio : undef,
			    runs_on => $ons, runs_off => $offs};
		}
		push @out, sprintf($format, $name, $argument,
		    $rpc->[1] . $kind_label{$kind}, @cells);
		push @json, \%entry;
	}
}
push @out, "instructions: TCG -icount shift=0,sleep=off (guest "
    . "instructions, exact); cycles: TCG, TSC cycles (host time, noisy)\n";
push @out, "rows: rpc_*_null (mach_msg), rpc_*_regs for the register "
    . "lessons, rpc_*_fpu (both threads use the FPU) for the FPU's"
    . (defined $unix_bench ? ", $unix_row ($unix_iterations iterations) "
    . "for each" : '') . " (docs/bench.md)\n";
push @out, "error: a run failed (see $_/)\n" for @failed;
print @out;

open(my $tf, '>', "$outdir/lessons.txt") or die "$outdir/lessons.txt: $!\n";
print $tf @out;
close($tf);
open(my $jf, '>', "$outdir/lessons.json")
    or die "$outdir/lessons.json: $!\n";
print $jf JSON::PP->new->canonical->pretty->encode(\@json);
close($jf);
print "bench-lessons.pl: wrote $outdir/lessons.txt and lessons.json\n";
exit(@failed ? 1 : 0);
