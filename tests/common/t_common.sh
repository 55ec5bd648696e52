#!/bin/sh
# The programs of tests/common under both personalities, one after the
# other: /test/NAME under the UNIX server, then /test/lite-NAME under
# posix-lite (started through /bin/lite).  Each reports TAP under its
# own name; the boot compares the two streams (same-stream).  Exits
# with the number of runs that failed.
PATH=/test:/bin
export PATH
failed=0
for name in c_files c_dirs c_pipes c_spawn c_clocks c_signals c_threads c_timers; do
	"$name" || failed=$((failed + 1))
	lite "lite-$name" || failed=$((failed + 1))
done
exit $failed
