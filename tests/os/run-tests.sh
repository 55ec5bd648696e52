#!/bin/sh
# Runs boots of the in-OS tests and reports them (test-os, test-iso).
#   run-tests.sh KERNEL OUTDIR RESULT BOOTFILE...
# Runs every boot (tests/os/run-boot.pl; OS_JOBS at once, default 2),
# shows the TAP streams they produced through prove, prints the console
# of every boot with a failure, and writes RESULT: "PASSED FAILED",
# counted per TAP test point; a stream that is cut short or has no plan
# counts one more failure.
kernel=$1
out=$2
result=$3
shift 3
rm -rf "$out"
mkdir -p "$out"

printf '%s\n' "$@" |
    xargs -P "${OS_JOBS:-2}" -I {} tests/os/run-boot.pl "$kernel" {} "$out"

taps=$(ls "$out"/*/*.tap 2>/dev/null)
[ -n "$taps" ] && prove -e cat $taps

# Counts, and lists the boots whose streams failed.
perl -MTAP::Parser -e '
	my ($passed, $failed, %bad) = (0, 0);
	for my $file (@ARGV) {
		open(my $f, "<", $file) or die "$file: $!\n";
		my $tap = join("", <$f>);
		if ($tap eq "") {	# TAP::Parser cannot read nothing
			$failed++;
			$bad{$file =~ s|/[^/]*$||r} = 1;
			next;
		}
		my $parser = TAP::Parser->new({tap => $tap});
		my $bailed = 0;
		while (my $line = $parser->next) {
			$bailed = 1 if $line->is_bailout;
		}
		my $broken = $parser->parse_errors || $bailed || !$parser->plan;
		my $failures = $parser->failed + ($broken ? 1 : 0);
		$passed += $parser->passed;
		$failed += $failures;
		$bad{$file =~ s|/[^/]*$||r} = 1 if $failures;
	}
	print "$passed $failed\n";
	print "$_\n" for sort keys %bad;
' $taps >"$out/counts"
read -r passed failed <"$out/counts"
tail -n +2 "$out/counts" >"$out/failed-boots"

for boot; do
	name=$(basename "$boot" .boot)
	if [ ! -r "$out/$name/boot.tap" ]; then
		echo "os: boot $name did not run to the end"
		echo "$out/$name" >>"$out/failed-boots"
		failed=$((failed + 1))
	fi
done
echo "${passed:-0} ${failed:-1}" >"$result"

for dir in $(cat "$out/failed-boots"); do
	echo
	echo "==== console of failed boot $(basename "$dir") ($dir/console.log)"
	cat "$dir/console.log" 2>/dev/null
	if [ -s "$dir/qemu.out" ]; then
		echo "==== QEMU's messages"
		cat "$dir/qemu.out"
	fi
done
true
