#!/bin/sh
# dash, Debian's /bin/sh, over the UNIX server: each check runs shell
# code that needs a system call to work (fork, exec, wait, pipes,
# redirections, signals, directories) and compares what it printed or
# its status with what POSIX says.  TAP under the name t_dash; the exit
# status is the number of failed checks.
#
# /test/h_child (tests/unix/h_child.c) is the external program: "write
# FD TEXT", "echo IN OUT", "exit N", "segv", "pause", "chmod MODE PATH".

n=0
failed=0
is() {
	n=$((n + 1))
	if [ "$1" = "$2" ]; then
		echo "[t_dash] ok $n - $3"
	else
		failed=$((failed + 1))
		echo "[t_dash] not ok $n - $3"
		echo "[t_dash] # got '$1', expected '$2'"
	fi
}
child=/test/h_child

x=hello
is "$x world" "hello world" "variables"
is "$($child write 1 abc)" "abc" "command substitution of a program"
is "$($child write 1 'a b c' | $child echo 0 1)" "a b c" "a pipeline"
is "$($child write 1 'x y' | $child echo 0 1 | $child echo 0 1)" "x y" \
	"a pipeline of three processes"
$child exit 3
is "$?" 3 "a program's exit status"
$child exit 0 | $child exit 4
is "$?" 4 "a pipeline's status is its last command's"
! $child exit 1
is "$?" 0 "! negates a status"

echo data >/tmp/dash-file
read line </tmp/dash-file
is "$line" data "> and <"
echo more >>/tmp/dash-file
is "$(while read l; do printf '%s,' "$l"; done </tmp/dash-file)" "data,more," \
	">> appends"
read a b <<EOF
1 2
EOF
is "$a+$b" "1+2" "a here-document"
is "$($child write 2 err 2>&1)" err "2>&1"
is "$(nosuch-command 2>/dev/null; echo $?)" 127 "command not found: 127"

exec 3>/tmp/dash-fd
echo three >&3
exec 3>&-
read v </tmp/dash-fd
is "$v" three "exec opens and closes a descriptor"

total=0
for i in 1 2 3 4; do total=$((total + i)); done
is "$total" 10 "for and arithmetic"
i=0
while [ $i -lt 5 ]; do i=$((i + 1)); done
is "$i" 5 "while and test"
f() { local v="$1"; return $(($2 + 1)); }
f x 6
is "$?" 7 "a function's return status"
case abc.c in *.h) r=h ;; a?c.[ch]) r=c ;; *) r=none ;; esac
is "$r" c "case patterns"
set -- one "two three" four
is "$#:$2" "3:two three" "positional parameters"
y=outer
(y=inner)
is "$y" outer "a subshell's assignment stays there"
is "$( (set -e; false; echo reached) ; echo $?)" 1 "set -e ends a subshell"
is "$(printf 'a\nb\nc\n' | { c=0; while read l; do c=$((c + 1)); done; \
	echo $c; })" 3 "read in a loop at the end of a pipeline"

: >/tmp/dash-glob-a1
: >/tmp/dash-glob-a2
: >/tmp/dash-glob-b1
is "$(echo /tmp/dash-glob-a*)" "/tmp/dash-glob-a1 /tmp/dash-glob-a2" \
	"pathname expansion"
is "$(cd /tmp && echo dash-glob-*1)" "dash-glob-a1 dash-glob-b1" \
	"cd, then a pattern"
cd /tmp
is "$(pwd)" /tmp "cd and pwd"
cd /
[ -d /tmp ] && [ -x /bin/sh ] && [ ! -e /nonexistent ]
is "$?" 0 "test -d -x -e"

$child exit 5 &
pid=$!
wait $pid
is "$?" 5 "a background job's status through wait"
$child pause &
pid=$!
kill -TERM $pid
wait $pid
is "$?" $((128 + 15)) "kill ends a background job: 128 + SIGTERM"
$child segv
is "$?" $((128 + 11)) "a fault: 128 + SIGSEGV"
got=no
trap 'got=yes' USR1
kill -USR1 $$
is "$got" yes "trap runs on kill -USR1 \$\$"
trap - USR1
trap 'got=int' INT
kill -INT $$
is "$got" int "trap runs on SIGINT"
trap - INT
is "$( (trap 'echo bye' EXIT; echo hi) | while read l; do printf %s "$l"; \
	done)" hibye "trap on EXIT"

/bin/sh -c 'exit 7'
is "$?" 7 "sh -c"
is "$(/bin/sh -c 'echo $PPID')" "$$" "a child shell's \$PPID is our \$\$"
PATH=/test:/bin h_child exit 9
is "$?" 9 "a program found along PATH"

printf '#!/bin/sh\necho "$#:$1:$2"\n' >/tmp/dash-script
$child chmod 755 /tmp/dash-script
is "$(/tmp/dash-script x 'y z')" "2:x:y z" "a #! script with arguments"
printf 'echo no-interpreter-line "$1"\n' >/tmp/dash-plain
$child chmod 755 /tmp/dash-plain
is "$(/tmp/dash-plain ok)" "no-interpreter-line ok" \
	"a script without #! runs in a shell (ENOEXEC)"
umask 027
is "$(umask)" 0027 "umask"

echo "[t_dash] 1..$n"
exit $failed
