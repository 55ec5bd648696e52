#!/usr/bin/perl
# Runs the in-OS fuzzer (tests/os/t_fuzz.c) under QEMU and, when it
# fails, shrinks the failure to the shortest list of calls that still
# makes it (docs/reliability.md).  make fuzz calls it.
#
#   tools/fuzz.pl [--seed N] [--calls N] [--batch N] [--avoid LIST]
#       [--workers N] [--watchdog S] [--timeout S] [--plan LIST]
#       [--verbose] [--no-shrink] [--retries N] [--kernel-args ARGS]
#       [--out DIR] [--io]
#
# A run boots the kernel with one module, a copy of the fuzzer whose
# plan area holds the calls to make (the whole campaign, or a subset
# while shrinking: a plan can be far longer than a command line).  Its
# outcome is read from the console: pass (FUZZ-DONE result=pass), or a
# failure with a signature: the kernel's panic line, a FUZZ-FAIL line
# (leak, worker-leak, hang, dead-kernel, fork), the boot's time limit,
# or the supervisor's death.  Numbers are left out of signatures, so
# that the same failure matches however it is reached.  The kernel is
# booted with pagertimeout=100 (the fuzzer's pagers may never answer: a
# fault waits 100 ms for them, not 10 s), before --kernel-args.
#
# --io: the UNIX server's io interface too (t_fuzz's io=1): the boot
# has the name service, the UNIX server (whose init runs an interactive
# shell that waits on the console for ever) and its archive before the
# fuzzer, so QEMU is stopped a second after FUZZ-DONE.
#
# Shrinking: the calls of the batch that failed, alone if they still
# fail, else everything up to it; then the shortest prefix that fails;
# then delta debugging (ddmin) over the call indices, each test a boot,
# a test passing when the same signature comes back (within --retries
# boots: the worker's threads make some failures come back only now and
# then).  The result is
# replayed once with every call printed, and written to DIR/shrunk.txt.
use strict;
use warnings;
use File::Path qw(make_path);
use Getopt::Long;
use POSIX qw(:sys_wait_h);
use Time::HiRes qw(time sleep);

my %opt = (
	seed => 1, calls => 1000, batch => 200, avoid => '', workers => 4,
	watchdog => 30, timeout => 0, plan => '', verbose => 0, retries => 1,
	shrink => 1, 'kernel-args' => '', out => 'build/fuzz', io => 0,
	kernel => 'build/mach/kernel.elf', program => 'build/tests/os/t_fuzz',
);
GetOptions(\%opt, 'seed=s', 'calls=i', 'batch=i', 'avoid=s', 'workers=i',
    'watchdog=i', 'timeout=i', 'plan=s', 'verbose!', 'shrink!', 'retries=i',
    'kernel-args=s', 'out=s', 'kernel=s', 'program=s', 'io!')
    or die "usage: see the comment at the top of tools/fuzz.pl\n";
make_path($opt{out});
my $marker = "\@\@FUZZ-PLAN-AREA\@\@\0";
my $runs = 0;

# The kernel and the program as they are now: a rebuild during a long
# run or a shrink must not change what the runs test.
for my $file (qw(kernel program)) {
	my $copy = "$opt{out}/" . ($file eq 'kernel' ? 'kernel.elf' : 't_fuzz.orig');
	system('cp', $opt{$file}, $copy) == 0 or die "fuzz: cannot copy $opt{$file}\n";
	$opt{$file} = $copy;
}

# The plan as ranges: "0-9,12,20-29" from a sorted list of indices.
sub ranges {
	my @calls = @_;
	my @out;
	while (@calls) {
		my $first = shift @calls;
		my $last = $first;
		$last = shift @calls while @calls && $calls[0] == $last + 1;
		push @out, $first == $last ? $first : "$first-$last";
	}
	return join(',', @out);
}

sub expand {
	my ($text) = @_;
	my @calls;
	for my $range (split /,/, $text) {
		my ($a, $b) = split /-/, $range;
		push @calls, $a .. (defined $b ? $b : $a);
	}
	return @calls;
}

# A copy of the program with the plan in its plan area.
sub program_with_plan {
	my ($path, $plan) = @_;
	open(my $in, '<:raw', $opt{program}) or die "$opt{program}: $!\n";
	local $/;
	my $image = <$in>;
	close($in);
	my $at = index($image, $marker);
	die "fuzz: no plan area in $opt{program}\n" if $at < 0;
	$at += length($marker);
	my $room = 128 * 1024 - 1;
	die "fuzz: the plan does not fit\n" if length($plan) > $room;
	substr($image, $at, length($plan) + 1) = "$plan\0";
	open(my $out, '>:raw', $path) or die "$path: $!\n";
	print $out $image;
	close($out);
	chmod 0755, $path;
}

# Reads a console log: (outcome, signature, failing batch, lines).
sub judge {
	my ($log, $status) = @_;
	my @lines;
	if (open(my $f, '<', $log)) {
		# (less the prompt of --io's shell, which may begin a line)
		@lines = map { s/\r//gr =~ s/^\$ //r } <$f>;
		close($f);
	}
	chomp @lines;
	my ($batch) = map { /^FUZZ-BATCH (\d+)/ ? $1 : () } reverse @lines;
	my $normal = sub { $_[0] =~ s/0x[0-9a-f]+|\b[0-9a-f]{8,}\b|\d+/N/gr };
	my ($panic) = grep { /^panic: / } @lines;
	return ('fail', $normal->($panic), $batch, \@lines) if defined $panic;
	my ($fail) = grep { /^FUZZ-FAIL / } @lines;
	if (defined $fail) {
		my ($kind, $what) = $fail =~ /^FUZZ-FAIL (\S+) batch=\d+:(.*)/;
		$kind //= 'usage';
		my $sig = "FUZZ-FAIL $kind";
		$sig .= ' ' . join(' ', $what =~ /([a-z-]+) \d+->\d+/g)
		    if defined $what && $kind =~ /leak/;
		return ('fail', $sig, $batch, \@lines);
	}
	return ('pass', '', $batch, \@lines)
	    if grep { /^FUZZ-DONE result=pass/ } @lines;
	return ('fail', 'hang (boot time limit)', $batch, \@lines)
	    if $status == 124 || $status == 137;
	my ($killed) = grep { /^kernel: task t_fuzz .* killed/ } @lines;
	return ('fail', 'supervisor died', $batch, \@lines);
}

# Boots the fuzzer with a plan (undef: every call); returns judge's list.
sub boot {
	my ($plan, %extra) = @_;
	my $n = ++$runs;
	my $dir = "$opt{out}/run";
	make_path($dir);
	my $program = "$dir/t_fuzz";
	program_with_plan($program, defined $plan ? $plan : '');
	my $calls = defined $plan ? 0 : $opt{calls};
	my @args = ("seed=$opt{seed}", "batch=$opt{batch}",
	    "workers=$opt{workers}", "watchdog=$opt{watchdog}");
	push @args, "calls=$calls" if $calls;
	push @args, 'avoid=' . ($opt{avoid} =~ tr/,/+/r) if $opt{avoid} ne '';
	push @args, 'verbose=1' if $extra{verbose};
	push @args, 'io=1' if $opt{io};
	my @before = $opt{io} ? ('build/servers/bootstrap',
	    'build/unix/unix /sbin/init /bin/sh', 'build/unix/archive') : ();
	my $kernel_args = ($opt{io} ? 'bootstrap ' : '') .
	    "onidle=exit pagertimeout=100 $opt{'kernel-args'}";
	my $count = defined $plan ? scalar(expand($plan)) : $opt{calls};
	my $limit = $opt{timeout} || 60 + int($count / 100) + 2 * $opt{watchdog};
	my $log = "$dir/console.log";
	unlink $log;
	my $pid = fork();
	die "fuzz: fork: $!\n" unless defined $pid;
	if ($pid == 0) {
		open(STDIN, '<', '/dev/null');
		open(STDOUT, '>', "$dir/qemu.out");
		open(STDERR, '>&', \*STDOUT);
		exec('timeout', '-k', '5', $limit, 'tools/qemu.sh', '-o', $log,
		    'kernel', $opt{kernel}, $kernel_args, @before,
		    join(' ', $program, @args)) or exit 127;
	}
	# The boot ends when every task has; a task the campaign could not
	# end keeps QEMU up, so it is stopped a little after FUZZ-DONE.
	my ($seen, $done) = (0, 0);
	while (waitpid($pid, WNOHANG) == 0) {
		$seen = show_progress($log, $seen) if $extra{progress};
		$done ||= time if log_ends_with_done($log);
		kill('TERM', $pid) if $done && time - $done > ($opt{io} ? 1 : 10);
		sleep(0.5);
	}
	my $status = $? >> 8;
	show_progress($log, $seen) if $extra{progress};
	return judge($log, $status);
}

# Whether the last lines of the log hold the supervisor's FUZZ-DONE.
sub log_ends_with_done {
	my ($log) = @_;
	open(my $f, '<', $log) or return 0;
	seek($f, -4096, 2) or seek($f, 0, 0);
	local $/;
	my $tail = <$f>;
	close($f);
	return defined $tail && $tail =~ /^FUZZ-DONE /m;
}

# Prints the lines of a growing log that tell the campaign's progress.
sub show_progress {
	my ($log, $seen) = @_;
	open(my $f, '<', $log) or return $seen;
	my $i = 0;
	while (my $line = <$f>) {
		next if $i++ < $seen;
		$line =~ s/\r//g;
		print $line
		    if $line =~ /^(FUZZ-(START|PROGRESS|FAIL|DONE|NOTE|THREAD)|panic: )/;
	}
	close($f);
	return $i;
}

# Whether running these calls (sorted) fails with the signature.
sub fails_with {
	my ($signature, @calls) = @_;
	return 0 unless @calls;
	my ($outcome, $got, $same);
	for (my $try = 0; $try < $opt{retries} && !$same; $try++) {
		($outcome, $got) = boot(ranges(@calls));
		$same = $outcome eq 'fail' && $got eq $signature;
	}
	printf "fuzz: %4d calls: %s\n", scalar(@calls),
	    $same ? 'fails the same way' : $outcome eq 'pass' ? 'passes'
	    : "fails otherwise ($got)";
	return $same;
}

# Delta debugging: a smallest subset of @calls that still fails.
sub ddmin {
	my ($signature, @calls) = @_;
	my $n = 2;
	while (@calls >= 2) {
		my $size = int((@calls + $n - 1) / $n);
		my @chunks;
		push @chunks, [@calls[$_ * $size .. min(($_ + 1) * $size, scalar @calls) - 1]]
		    for grep { $_ * $size < @calls } 0 .. $n - 1;
		my $reduced = 0;
		for my $chunk (@chunks) {
			next unless fails_with($signature, @$chunk);
			@calls = @$chunk;
			$n = 2;
			$reduced = 1;
			last;
		}
		if (!$reduced && @chunks > 2) {
			for my $i (0 .. $#chunks) {
				my @rest = map { @{$chunks[$_]} }
				    grep { $_ != $i } 0 .. $#chunks;
				next unless fails_with($signature, @rest);
				@calls = @rest;
				$n = $n > 2 ? $n - 1 : 2;
				$reduced = 1;
				last;
			}
		}
		next if $reduced;
		last if $n >= @calls;
		$n = min(2 * $n, scalar @calls);
	}
	return @calls;
}

sub min { $_[0] < $_[1] ? $_[0] : $_[1] }

# The shortest prefix of @calls that fails (if failing is monotonic).
sub shortest_prefix {
	my ($signature, @calls) = @_;
	my ($low, $high) = (1, scalar @calls);
	while ($low < $high) {
		my $mid = int(($low + $high) / 2);
		if (fails_with($signature, @calls[0 .. $mid - 1])) {
			$high = $mid;
		} else {
			$low = $mid + 1;
		}
	}
	return @calls[0 .. $high - 1];
}

sub shrink {
	my ($signature, $batch, $lines) = @_;
	my @planned = $opt{plan} ne '' ? expand($opt{plan}) : 0 .. $opt{calls} - 1;
	my @calls = @planned;
	if (defined $batch) {
		my ($first, $last) = ($batch * $opt{batch}, ($batch + 1) * $opt{batch} - 1);
		my @alone = grep { $_ >= $first && $_ <= $last } @planned;
		print "fuzz: shrinking: the calls of batch $batch alone\n";
		if (fails_with($signature, @alone)) {
			@calls = @alone;
		} else {
			@calls = grep { $_ <= $last } @planned;
			print "fuzz: shrinking: every call up to batch $batch\n";
			return undef unless fails_with($signature, @calls);
		}
	}
	@calls = shortest_prefix($signature, @calls);
	@calls = ddmin($signature, @calls);
	return ranges(@calls);
}

my $plan = $opt{plan} ne '' ? $opt{plan} : undef;
print "fuzz: seed $opt{seed}, ",
    defined $plan ? "plan $plan" : "$opt{calls} calls", ", batches of $opt{batch}",
    $opt{avoid} ne '' ? ", avoiding $opt{avoid}" : '', "\n";
my ($outcome, $signature, $batch, $lines) =
    boot($plan, progress => 1, verbose => $opt{verbose});
if ($outcome eq 'pass') {
	print "fuzz: passed\n";
	exit 0;
}
# The campaign's own console, before the shrink's runs overwrite it.
system('cp', "$opt{out}/run/console.log", "$opt{out}/campaign-console.log");
print "fuzz: FAILED: $signature", defined $batch ? " (batch $batch)" : '', "\n";
exit 1 unless $opt{shrink};
my $shrunk = shrink($signature, $batch, $lines);
if (!defined $shrunk) {
	print "fuzz: the failure did not come back: seed $opt{seed}, not shrunk\n";
	exit 1;
}
my (undef, undef, undef, $replay) = boot($shrunk, verbose => 1);
open(my $out, '>', "$opt{out}/shrunk.txt") or die "$opt{out}/shrunk.txt: $!\n";
my $how = "tools/fuzz.pl --seed $opt{seed} --batch $opt{batch}"
    . ($opt{avoid} ne '' ? " --avoid $opt{avoid}" : '')
    . ($opt{workers} != 4 ? " --workers $opt{workers}" : '')
    . ($opt{io} ? ' --io' : '')
    . " --plan $shrunk --verbose --no-shrink";
my @report = ("failure: $signature", "seed: $opt{seed}", "calls: $shrunk",
    "replay: $how", '',
    grep { /^(FUZZ-CALL \d+:|FUZZ-FAIL|FUZZ-THREAD|panic: |  r|backtrace|  0x|kernel: task)/ }
    @$replay);
print $out "$_\n" for @report;
close($out);
print "fuzz: shrunk to these calls ($opt{out}/shrunk.txt):\n";
print "  $_\n" for @report;
exit 1;
