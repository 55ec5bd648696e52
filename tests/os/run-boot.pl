#!/usr/bin/perl
# Runs one boot of the in-OS tests and turns its console into TAP.
#   run-boot.pl KERNEL BOOTFILE OUTDIR
#
# Boots KERNEL under QEMU (tools/qemu.sh) with the modules that BOOTFILE
# lists and the kernel argument onidle=exit, with a time limit, and
# writes into OUTDIR/NAME/ (NAME: BOOTFILE's basename less .boot):
#
#   console.log		everything the serial console showed
#   TASK.tap		the TAP lines of each `test` task, "[TASK] " removed
#   boot.tap		one test per check on the boot as a whole: QEMU
#			exited with status 1 in time, no panic, the final
#			"all tasks have exited", no test task killed, each
#			expect-line and expect-no-line, each same-stream
#
# The format of boot files is in tests/os/README.  Exits 0 if every
# check of boot.tap passed (the TAP streams are judged by prove).
use strict;
use warnings;
use File::Basename;
use File::Path qw(make_path remove_tree);
use Fcntl;
use POSIX qw(mkfifo :sys_wait_h);
use Text::ParseWords;

my ($kernel, $bootfile, $outdir) = @ARGV;
die "usage: run-boot.pl KERNEL BOOTFILE OUTDIR\n" unless defined $outdir;
my $name = basename($bootfile, '.boot');
my $dir = "$outdir/$name";
remove_tree($dir);
make_path($dir);

# The checks of boot.tap: [ok, description, diagnostic].
my @checks;
sub check { push @checks, [@_]; return $_[0] }

# A pattern is a Perl regular expression in which ( and ) stand for
# themselves, since the kernel's messages use them and patterns never
# need groups.
sub pattern {
	my ($text) = @_;
	$text =~ s/(?<!\\)([()])/\\$1/g;
	return qr/$text/;
}

# The bytes of an input directive's TEXT: \n, \r, \t, \e, \\ and \xHH
# stand for what they do in C.
sub input_bytes {
	my ($text, $count) = @_;
	my %c = (n => "\n", r => "\r", t => "\t", e => "\e", '\\' => '\\');
	$text =~ s/\\(x([0-9a-fA-F]{2})|[nrte\\])/
	    defined $2 ? chr(hex($2)) : $c{$1}/ge;
	return $text x ($count // 1);
}

# Reads the boot file.
my (@modules, @tests, @expect, @reject, @inputs, @same);
my ($timeout, $args, $iso, $expect_panic, $memory) = (60, '', 0, 0, '');
open(my $bf, '<', $bootfile) or die "run-boot: $bootfile: $!\n";
while (my $line = <$bf>) {
	next if $line =~ /^\s*(#|$)/;
	my ($directive, @words) = shellwords($line);
	if ($directive eq 'test' || $directive eq 'module') {
		push @modules, join(' ', @words);
		push @tests, basename($words[0]) if $directive eq 'test';
	} elsif ($directive eq 'stream') {
		push @tests, $words[0];
	} elsif ($directive eq 'input') {
		push @inputs, [$words[0], input_bytes(@words[1, 2])];
	} elsif ($directive eq 'same-stream') {
		push @same, [@words[0, 1]];
	} elsif ($directive eq 'expect-line') {
		push @expect, $words[0];
	} elsif ($directive eq 'expect-no-line') {
		push @reject, $words[0];
	} elsif ($directive eq 'timeout') {
		$timeout = $words[0];
	} elsif ($directive eq 'kernel-args') {
		$args = join(' ', @words);
	} elsif ($directive eq 'iso') {
		$iso = 1;
	} elsif ($directive eq 'expect-panic') {
		$expect_panic = 1;
	} elsif ($directive eq 'memory') {
		$memory = $words[0];
	} else {
		die "run-boot: $bootfile:$.: unknown directive '$directive'\n";
	}
}
close($bf);

# Boots, unless a module is missing; returns QEMU's status and seconds.
sub boot {
	my $log = shift;
	my @missing = grep { !-f } map { (split(' '))[0] } @modules;
	for my $path (@missing) {
		check(0, "module $path exists", 'not built?');
	}
	return (-1, 0) if @missing;

	my $serial = "$dir/serial";
	if (@inputs) {
		for ("$serial.in", "$serial.out") {
			mkfifo($_, 0600) or die "run-boot: mkfifo $_: $!\n";
		}
	}
	my @qemu = ('tools/qemu.sh', @inputs ? ('-p', $serial) : ('-o', $log));
	my $cmdline = "onidle=exit $args";
	if ($iso) {
		my $made = system('tools/mkiso.sh', "$dir/boot.iso", $kernel,
		    $cmdline, @modules) == 0;
		return (-1, 0) unless check($made, 'the ISO is made');
		push @qemu, 'iso', "$dir/boot.iso";
	} else {
		push @qemu, 'kernel', $kernel, $cmdline, @modules;
	}
	my $started = time;
	my $pid = fork();
	die "run-boot: fork: $!\n" unless defined $pid;
	if ($pid == 0) {
		open(STDIN, '<', '/dev/null');
		open(STDOUT, '>>', "$dir/qemu.out");
		open(STDERR, '>&', \*STDOUT);
		$ENV{QEMU_MEMORY} = $memory if $memory ne '';
		exec('timeout', '-k', '5', $timeout, @qemu) or exit 127;
	}
	if (@inputs) {
		type_input($pid, $serial, $log);
	} else {
		waitpid($pid, 0);
	}
	return ($? >> 8, time - $started);
}

# While QEMU (pid) runs: copies the console from SERIAL.out into LOG and
# types each input's bytes into SERIAL.in once a console line matches
# its pattern, in the order of the boot file.  Leaves QEMU's wait
# status in $?.
sub type_input {
	my ($pid, $serial, $log) = @_;
	sysopen(my $out, "$serial.out", O_RDONLY | O_NONBLOCK)
	    or die "run-boot: $serial.out: $!\n";
	sysopen(my $in, "$serial.in", O_RDWR) or die "run-boot: $serial.in: $!\n";
	open(my $lf, '>', $log) or die "run-boot: $log: $!\n";
	$lf->autoflush(1);
	my ($line, @pending, $status) = ('', @inputs);
	my $exited = 0;
	for (;;) {
		if (!$exited && waitpid($pid, WNOHANG) == $pid) {
			($exited, $status) = (1, $?);
		}
		my $n = sysread($out, my $chunk, 65536);
		if ($n) {
			print $lf $chunk;
			$line .= $chunk;
			while ($line =~ s/^([^\n]*)\n//) {
				my $text = $1 =~ s/\r//gr;
				next unless @pending;
				next unless $text =~ pattern($pending[0][0]);
				syswrite($in, $pending[0][1]);
				shift @pending;
			}
		}
		last if $exited && !$n;
		select(undef, undef, undef, 0.05) unless $n;
	}
	close($lf);
	$? = $status;
}

my $log = "$dir/console.log";
my ($status, $seconds) = boot($log);

# Reads the console: the tasks' TAP lines into their streams.
my %streams = map { $_ => '' } @tests;
my @lines;
if (open(my $cf, '<', $log)) {
	@lines = map { s/\r//gr } <$cf>;
	close($cf);
}
for (@lines) {
	$streams{$1} .= $2 if /^\[([^\]\s]+)\] (.*\n?)/ && exists $streams{$1};
}
for my $task (keys %streams) {
	open(my $tf, '>', "$dir/$task.tap") or die "$dir/$task.tap: $!\n";
	print $tf $streams{$task};
	close($tf);
}

# Checks the boot as a whole.
my $what = $status == 124 || $status == 137
    ? "QEMU was stopped at the time limit, $timeout s"
    : $status == 3 ? "QEMU exited with status 3 (kernel panic)"
    : $status == -1 ? 'QEMU did not start'
    : "QEMU exited with status $status after $seconds s";
my ($panic) = grep { /^panic: / } @lines;
if ($expect_panic) {
	# The kernel is meant to stop: status 3, the panic's report.
	check($status == 3, "QEMU exits with status 3 (kernel panic)", $what);
	check(defined $panic, "the kernel reports a panic");
} else {
	check($status == 1, "QEMU exits with status 1 (all tasks exited)",
	    $what);
	check(!defined $panic, "no kernel panic", $panic);
	check(scalar(grep { /^kernel: all tasks have exited/ } @lines),
	    "the kernel reports that all tasks have exited");
}
for my $task (@tests) {
	my ($killed) = grep { /^kernel: task \Q$task\E \(id \d+\) killed/ }
	    @lines;
	check(!defined $killed, "test task $task is not killed", $killed);
}
for my $text (@expect) {
	my $re = pattern($text);
	check(scalar(grep { /$re/ } @lines), "console has a line like "
	    . "'$text'");
}
for my $text (@reject) {
	my $re = pattern($text);
	my ($seen) = grep { /$re/ } @lines;
	check(!defined $seen, "console has no line like '$text'", $seen);
}

for my $pair (@same) {
	my ($a, $b) = @$pair;
	my ($sa, $sb) = map { $streams{$_} // '' } $a, $b;
	check($sa ne '' && $sa eq $sb, "streams $a and $b are the same",
	    "$a:\n$sa$b:\n$sb");
}

open(my $tap, '>', "$dir/boot.tap") or die "$dir/boot.tap: $!\n";
my ($n, $failed) = (0, 0);
for my $c (@checks) {
	my ($ok, $description, $diagnostic) = @$c;
	$n++;
	$failed++ unless $ok;
	print $tap ($ok ? '' : 'not '), "ok $n - $description\n";
	print $tap "# $diagnostic" =~ s/\n?$/\n/r if !$ok && $diagnostic;
}
print $tap "1..$n\n";
close($tap);
exit($failed ? 1 : 0);
