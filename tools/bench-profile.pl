#!/usr/bin/perl
# Where the instructions of one benchmark iteration go (docs/bench.md).
#   bench-profile.pl [-k KERNEL] [-a 'KERNEL ARGS'] [-w WARMUP] [-o FILE] ROW
#   bench-profile.pl -u [-k KERNEL] [-a 'KERNEL ARGS'] [-w WARMUP] [-o FILE]
#	[-f FUNCTION] ROW
#
# Boots the benchmark (the bootstrap server, build/tests/bench/bench
# running only ROW, and build/tests/bench/bench_server) halted under
# QEMU's gdb stub, lets WARMUP (default 5) timed iterations of ROW run,
# then single-steps the next one with gdb, from the instruction after the
# start clock read to the stop one, and prints how many instructions
# each function executed (kernel functions from KERNEL's symbols, user
# ones from the benchmark programs'), then the path: the functions in the
# order they ran, with their instruction counts.  FILE (default
# build/bench/profile-ROW.txt) gets the same report.
#
# KERNEL defaults to build/mach/kernel.elf; KERNEL ARGS (say
# fastpath=off) are added to "onidle=exit bootstrap".  QEMU runs TCG
# without -icount, the gdb stub on a free local port.  Single-stepping
# runs with interrupts masked (QEMU's default), so a timer tick never
# lands in the profile; the count can therefore differ slightly from
# the ICOUNT=1 figure of the same row.
#
# With -u, ROW is a row of the UNIX server's bench_unix (unix_getpid,
# unix_pipe_pingpong, ...): the boot is make bench's UNIX one (the
# server with /test/bench_unix as its first process), and each step
# also records CR3, which tells the tasks apart (they all link at the
# same addresses): user code in the benchmark's address space is
# "bench:", in the first other one to run user code "unix:" (every row
# starts with a message to the server), in any later one "child:" (the
# row's child: the benchmark's own fork in a fork row, else h_bench).
# The image's programs are stripped, so bench_unix and h_bench are
# linked again unstripped into /tmp from the same sources (their text
# is checked to be the image's).  The timed region is FUNCTION's (default bench_ROW,
# else bench_posix_ROW without its unix_ prefix).
use strict;
use warnings;
no warnings qw(portable overflow);	# 64-bit addresses
use Getopt::Std;
use IO::Socket::INET;

my %opt;
getopts('uk:a:w:o:f:', \%opt) && @ARGV == 1
    or die "usage: bench-profile.pl [-u] [-k KERNEL] [-a 'KERNEL ARGS'] "
    . "[-w WARMUP] [-o FILE] [-f FUNCTION] ROW\n";
my $unix = $opt{u};
my ($row) = @ARGV;
my $kernel = $opt{k} // 'build/mach/kernel.elf';
my $warmup = $opt{w} // 5;
my $out = $opt{o} // "build/bench/profile-$row.txt";
my $bench = 'build/tests/bench/bench';
my $server = 'build/tests/bench/bench_server';
my $bootstrap = 'build/servers/bootstrap';
my ($unix_server, $unix_archive, $child) = ('build/unix/unix',
    'build/unix/archive', undef);
if ($unix) {
	-f $_ or die "bench-profile.pl: $_ is missing (make builds it)\n"
	    for $kernel, $bootstrap, $unix_server, $unix_archive,
	    'build/bin/unix-cc';
	($bench, $child) = ("/tmp/bench-profile.$$.bench_unix",
	    "/tmp/bench-profile.$$.h_bench");
	relink($bench, 'build/unix/root/test/bench_unix',
	    q(-DBENCH_CHILD='"/test/h_bench"' tests/bench/bench.c)
	    . ' tests/bench/bench_unix.c tests/bench/bench_posix.c'
	    . ' tests/bench/bench_fork.c');
	relink($child, 'build/unix/root/test/h_bench', 'tests/common/h_bench.c');
} else {
	-f $_ or die "bench-profile.pl: $_ is missing (make bench builds it)\n"
	    for $kernel, $bench, $server, $bootstrap;
}

# The bytes of a program's .text, and its address.
sub text {
	my ($elf) = @_;
	my ($address) = map { /^\s*\d+\s+\.text\s+\S+\s+([0-9a-f]+)/
	    ? hex($1) : () } `objdump -h $elf`;
	my $file = "/tmp/bench-profile.$$.text";
	system("objcopy -O binary --only-section=.text $elf $file") == 0
	    or die "bench-profile.pl: objcopy $elf failed\n";
	open(my $f, '<:raw', $file) or die "$file: $!\n";
	my $bytes = do { local $/; <$f> };
	close($f);
	unlink($file);
	return ($bytes, $address);
}

# An unstripped copy of a program of the image, from its sources.
sub relink {
	my ($copy, $image, $sources) = @_;
	system("build/bin/unix-cc -o $copy $sources") == 0
	    or die "bench-profile.pl: cannot link $copy\n";
	(text($copy))[0] eq (text($image))[0]
	    or die "bench-profile.pl: $copy is not $image (make it again)\n";
}

# Symbols: [address, name] sorted, for the kernel and each program.
sub symbols {
	my ($elf) = @_;
	my @symbols = sort { $a->[0] <=> $b->[0] }
	    map { my ($a, $t, $n) = split; [hex($a), $n] }
	    grep { /^[0-9a-f]+ [tTwW] / } `nm $elf`;
	return \@symbols;
}
sub lookup {
	my ($symbols, $pc) = @_;
	my ($lo, $hi) = (0, $#$symbols);
	return sprintf('0x%x', $pc) if $hi < 0 || $pc < $symbols->[0][0];
	while ($lo < $hi) {
		my $mid = int(($lo + $hi + 1) / 2);
		if ($symbols->[$mid][0] <= $pc) { $lo = $mid } else { $hi = $mid - 1 }
	}
	return $symbols->[$lo][1];
}

# The addresses a section of marks holds (tests/bench/bench.h BENCH_MARK).
sub marks {
	my ($section) = @_;
	my $hex = join('', map { /^ [0-9a-f]+ ((?:[0-9a-f]{8} ?){1,4})/ ? $1 : () }
	    `objdump -s -j $section $bench`) =~ s/ //gr;
	return map { unpack('Q<', pack('H16', $_)) } $hex =~ /(.{16})/g;
}

# The timed region of ROW: the marks inside the function that times it.
my $bench_symbols = symbols($bench);
my $function = $opt{f} // ($row =~ /^rpc_.*_regs$/ ? 'bench_rpc_client_regs'
    : $row =~ /^rpc_/ ? 'bench_rpc_client'
    : $row =~ /_sweep_/ ? 'bench_sweep_run' : "bench_$row");
my @all_start = marks('.bench_start');
$function = 'bench_posix_' . ($row =~ s/^unix_//r)
    if $unix && !$opt{f}
    && !grep { lookup($bench_symbols, $_) eq $function } @all_start;
my @start = grep { lookup($bench_symbols, $_) eq $function } @all_start;
my %stop = map { $_ => 1 } grep { lookup($bench_symbols, $_) eq $function }
    marks('.bench_stop');
die "bench-profile.pl: no timed region in $function of $bench\n"
    unless @start == 1 && %stop;
my $start = $start[0];
my $stops = join(', ', keys %stop);

my $pcs = "/tmp/bench-profile.$$.pcs";

# -u: the other tasks' symbols, read before the boot (make may change
# the files meanwhile).
my ($unix_symbols, $child_symbols) = $unix
    ? (symbols($unix_server), $row =~ /fork/ ? $bench_symbols
    : symbols($child)) : ();

# The code at the start mark, which tells the benchmark's hits of the
# breakpoint from other tasks' at the same address.
my $signature_size = 16;
my ($text, $text_address) = text($bench);
my $signature = unpack('H*', substr($text, $start - $text_address,
    $signature_size));
length($signature) == 2 * $signature_size
    or die "bench-profile.pl: cannot read the code at the start mark\n";

# A free port for the gdb stub.
my $probe = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1',
    LocalPort => 0) or die "bench-profile.pl: no free port: $!\n";
my $port = $probe->sockport;
close($probe);

my $console = "/tmp/bench-profile.$$.console";
my $script = "/tmp/bench-profile.$$.gdb";
my $cr3 = $unix ? q(int(gdb.parse_and_eval("$cr3")) & 0xffffffffffffffff)
    : '0';
open(my $g, '>', $script) or die "$script: $!\n";
print $g <<"EOF";
set pagination off
set confirm off
target remote 127.0.0.1:$port
hbreak *$start
python
import gdb
# The breakpoint is an address: other tasks linked there hit it too.
def ours():
    pc = int(gdb.parse_and_eval("\$pc")) & 0xffffffffffffffff
    code = gdb.selected_inferior().read_memory(pc, $signature_size)
    return bytes(code).hex() == "$signature"
hits = 0
while hits <= $warmup:
    gdb.execute("continue", to_string=True)
    hits += ours()
home = $cr3
gdb.execute("delete", to_string=True)
pcs = []
while len(pcs) < 400000:
    pc = int(gdb.parse_and_eval("\$pc")) & 0xffffffffffffffff
    space = $cr3
    if pc in ($stops,) and space == home:
        break
    pcs.append("%x %x" % (pc, space))
    gdb.execute("stepi", to_string=True)
with open("$pcs", "w") as f:
    f.write("\\n".join(pcs) + "\\n")
end
kill
quit
EOF
close($g);

my $qemu = fork() // die "bench-profile.pl: fork: $!\n";
if ($qemu == 0) {
	open(STDIN, '<', '/dev/null');
	open(STDOUT, '>', '/dev/null');
	open(STDERR, '>&', \*STDOUT);
	$ENV{QEMU_EXTRA} = "-gdb tcp:127.0.0.1:$port -S";
	$ENV{ACCEL} = 'tcg';
	$ENV{ICOUNT} = 0;
	my $args = join(' ', 'onidle=exit bootstrap', $opt{a} // ());
	my $run = "--iterations 3 --warmup $warmup $row";
	exec('tools/qemu.sh', '-o', $console, 'kernel', $kernel, $args,
	    $bootstrap, $unix ? ("$unix_server /test/bench_unix $run",
	    $unix_archive) : ("$bench $run", $server))
	    or exit 127;
}
sleep(1);
# gdb's own output (each stepped line) goes to the bin.
my $gdb = fork() // die "bench-profile.pl: fork: $!\n";
if ($gdb == 0) {
	open(STDOUT, '>', '/dev/null');
	exec('timeout', '1800', 'gdb', '-q', '-batch', '-x', $script, $kernel)
	    or exit 127;
}
waitpid($gdb, 0);
warn "bench-profile.pl: gdb failed\n" if $? != 0;
kill('TERM', $qemu);
waitpid($qemu, 0);
system("tail -5 $console >&2") if $? != 0;
unlink($script, $console);

open(my $pf, '<', $pcs) or die "bench-profile.pl: no trace (see gdb)\n";
my (@trace, @space);
for (grep { /\S/ } <$pf>) {
	my ($pc, $space) = split;
	push @trace, hex($pc);
	push @space, hex($space);
}
close($pf);
unlink($pcs);

# User code between the first and the last kernel instruction ran while
# the client was in the kernel: it is the server's (bench's own thread
# for rpc_2threads_null, bench_server for rpc_2tasks_null).
my $kernel_symbols = symbols($kernel);
my $other_symbols = $row eq 'rpc_2tasks_null' ? symbols($server)
    : $bench_symbols;
my $other_name = $row eq 'rpc_2tasks_null' ? 'bench_server' : 'bench';
my @kernel_at = grep { $trace[$_] >= 0xffff800000000000 } 0 .. $#trace;
my (%count, @path);
# -u: the address spaces' owners, in the order they ran user code.
my %owner = $unix ? ($space[0] => ['bench', $bench_symbols]) : ();
unlink($bench, $child) if $unix;
for my $i (0 .. $#trace) {
	my $pc = $trace[$i];
	my $name;
	if ($pc >= 0xffff800000000000) {
		$name = lookup($kernel_symbols, $pc);
	} elsif ($unix) {
		if (!exists $owner{$space[$i]}) {
			my $first = keys(%owner) == 1;
			$owner{$space[$i]} = $first ? ['unix', $unix_symbols]
			    : ['child', $child_symbols];
		}
		my ($who, $symbols) = @{$owner{$space[$i]}};
		$name = "$who:" . lookup($symbols, $pc);
	} elsif (@kernel_at && $i > $kernel_at[0] && $i < $kernel_at[-1]) {
		$name = "$other_name:" . lookup($other_symbols, $pc);
	} else {
		$name = 'bench:' . lookup($bench_symbols, $pc);
	}
	$count{$name}++;
	if (@path && $path[-1][0] eq $name) {
		$path[-1][1]++;
	} else {
		push @path, [$name, 1];
	}
}

my $total = @trace;
my @report = ("bench-profile: one $row iteration (after $warmup), "
    . "kernel $kernel" . ($opt{a} ? ", kernel arguments '$opt{a}'" : '')
    . ": $total instructions\n\nBy function:\n");
push @report, sprintf("%7d %5.1f%%  %s\n", $count{$_},
    100 * $count{$_} / ($total || 1), $_)
    for sort { $count{$b} <=> $count{$a} || $a cmp $b } keys %count;
push @report, "\nPath (function, instructions):\n";
push @report, map { "  $_->[0] $_->[1]\n" } @path;
print @report;
mkdir('build/bench');
open(my $of, '>', $out) or die "$out: $!\n";
print $of @report;
close($of);
print "bench-profile.pl: wrote $out\n";
