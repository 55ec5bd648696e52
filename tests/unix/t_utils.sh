#!/bin/sh
# The small utilities of /bin (personalities/unix/programs/), run by
# dash: each check compares what a utility printed (its standard output,
# or its diagnostic on standard error) and its exit status with what
# POSIX says, in the common cases and the failing ones.  TAP under the
# name t_utils; the exit status is the number of failed checks.
#
# Every utility is named by its path: echo, pwd, true, false and kill
# are also dash's builtins.  /test/h_child (tests/unix/h_child.c) is
# the helper: "pause", "exit N", "chmod MODE PATH".

n=0
failed=0
is() {
	n=$((n + 1))
	if [ "$1" = "$2" ]; then
		echo "[t_utils] ok $n - $3"
	else
		failed=$((failed + 1))
		echo "[t_utils] not ok $n - $3"
		echo "[t_utils] # got '$1', expected '$2'"
	fi
}
child=/test/h_child
nl='
'
d=/tmp/utils
/bin/rm -rf $d
/bin/mkdir $d
cd $d

# echo, true, false, pwd
is "$(/bin/echo a  'b  c' d)" "a b  c d" "echo joins its operands"
is "$(/bin/echo -n x; /bin/echo y)" xy "echo -n"
/bin/true
is $? 0 "true"
/bin/false
is $? 1 "false"
/bin/mkdir real
/bin/ln -s $d/real sym
is "$(cd sym && /bin/pwd -P)" $d/real "pwd -P: the path without links"
is "$(cd sym && PWD=$d/sym /bin/pwd)" $d/sym "pwd: \$PWD when it names ."
is "$(cd sym && PWD=/tmp /bin/pwd)" $d/real "pwd: not a \$PWD naming another"

# mkdir, rmdir
/bin/mkdir one two
is "$?:$(/bin/ls)" "0:one${nl}real${nl}sym${nl}two" "mkdir of two, ls sorted"
is "$(/bin/mkdir one 2>&1; echo $?)" "mkdir: one: File exists${nl}1" \
	"mkdir of an existing directory"
is "$(/bin/mkdir none/x 2>&1; echo $?)" \
	"mkdir: none/x: No such file or directory${nl}1" \
	"mkdir without its parent"
/bin/mkdir -p p/q/r && /bin/mkdir -p p/q
is "$?:$(/bin/ls p/q)" "0:r" "mkdir -p: parents made, existing ones fine"
/bin/mkdir -m 700 private
set -- $(/bin/ls -ld private)
is "$1" drwx------ "mkdir -m 700"
is "$(/bin/rmdir p 2>&1; echo $?)" "rmdir: p: Directory not empty${nl}1" \
	"rmdir of a non-empty directory"
/bin/rmdir -p p/q/r
is "$?:$(/bin/ls -d p 2>/dev/null)" "0:" "rmdir -p removes the parents"
is "$(/bin/rmdir one nothere 2>&1; echo $?)" \
	"rmdir: nothere: No such file or directory${nl}1" \
	"rmdir: a missing one, the others go"
is "$(/bin/ls -d one 2>&1)" "ls: one: No such file or directory" \
	"rmdir removed the other"

# cat, wc, head
printf 'one two\nthree\n' >f
printf 'x\n' >g
is "$(/bin/cat f)" "one two${nl}three" "cat"
is "$(echo in | /bin/cat g - f)" "x${nl}in${nl}one two${nl}three" \
	"cat of files and -"
is "$(/bin/cat nothere g 2>&1; echo $?)" \
	"cat: nothere: No such file or directory${nl}x${nl}1" \
	"cat of a missing file goes on, status 1"
is "$(/bin/wc f)" "2 3 14 f" "wc: lines, words, bytes"
is "$(/bin/wc -l <f)" 2 "wc -l of standard input"
is "$(/bin/wc -w -c f g)" "3 14 f${nl}1 2 g${nl}4 16 total" \
	"wc -w -c of two files and the total"
is "$(/bin/wc nothere 2>&1; echo $?)" \
	"wc: nothere: No such file or directory${nl}1" "wc of a missing file"
i=1
while [ $i -le 15 ]; do echo $i; i=$((i + 1)); done >lines
is "$(/bin/head lines | /bin/wc -l)" 10 "head: 10 lines"
is "$(/bin/head -n 3 lines)" "1${nl}2${nl}3" "head -n 3"
is "$(/bin/head -2 <lines)" "1${nl}2" "head -2 of standard input"
is "$(/bin/head -c 4 lines)" "1${nl}2" "head -c 4"
is "$(/bin/head -n 1 g lines)" "==> g <==${nl}x${nl}${nl}==> lines <==${nl}1" \
	"head of two files"
is "$(/bin/head nothere 2>&1; echo $?)" \
	"head: nothere: No such file or directory${nl}1" \
	"head of a missing file"

# ls
/bin/rm -rf $d/* && /bin/mkdir dir && : >dir/b && : >dir/a && : >dir/.h
is "$(/bin/ls dir)" "a${nl}b" "ls: names sorted, no dot files"
is "$(/bin/ls -a dir)" ".${nl}..${nl}.h${nl}a${nl}b" "ls -a"
is "$(/bin/ls -A dir)" ".h${nl}a${nl}b" "ls -A"
is "$(/bin/ls -r dir)" "b${nl}a" "ls -r"
is "$(/bin/ls -d dir)" dir "ls -d"
printf 'hello\n' >file
set -- $(/bin/ls -l file)
is "$1 $2 $3 $4 $5 $9" "-rw-r--r-- 1 root root 6 file" \
	"ls -l: mode, links, owner, group, size, name"
set -- $(/bin/ls -ln file)
is "$3 $4" "0 0" "ls -n: numeric ids"
set -- $(/bin/ls -ld dir)
is "$1 $2" "drwxr-xr-x 2" "ls -ld of a directory"
/bin/ln -s file link
set -- $(/bin/ls -l link)
is "$1 $9 ${10} ${11}" "lrwxrwxrwx link -> file" "ls -l of a symbolic link"
$child chmod 755 file
is "$(/bin/ls -F)" "dir/${nl}file*${nl}link@" "ls -F"
is "$(/bin/ls -l dir | /bin/head -1)" "total 0" "ls -l: total"
is "$(/bin/ls file dir)" "file${nl}${nl}dir:${nl}a${nl}b" \
	"ls of a file and a directory"
is "$(/bin/ls nothere file 2>&1; echo $?)" \
	"ls: nothere: No such file or directory${nl}file${nl}1" \
	"ls of a missing file: status 1, the others listed"
/bin/mkdir dir/sub
: >dir/sub/c
is "$(/bin/ls -R dir)" "dir:${nl}a${nl}b${nl}sub${nl}${nl}dir/sub:${nl}c" "ls -R"
is "$(/bin/ls -C dir)" "a    b    sub" "ls -C: columns"
is "$(/bin/ls -p dir)" "a${nl}b${nl}sub/" "ls -p"

# rm
: >r1
/bin/rm r1
is "$?:$(/bin/ls -d r1 2>/dev/null)" "0:" "rm"
is "$(/bin/rm r1 2>&1; echo $?)" "rm: r1: No such file or directory${nl}1" \
	"rm of a missing file"
is "$(/bin/rm -f r1 2>&1; echo $?)" 0 "rm -f of a missing file"
is "$(/bin/rm dir 2>&1; echo $?)" "rm: dir: Is a directory${nl}1" \
	"rm of a directory without -r"
is "$(/bin/rm -r dir/. 2>&1; echo $?)" "rm: dir/.: cannot remove . or ..${nl}1" \
	"rm -r of ."
/bin/rm -r dir
is "$?:$(/bin/ls)" "0:file${nl}link" "rm -r of a tree"
: >r2
echo no | /bin/rm -i r2 2>/dev/null
is "$?:$(/bin/ls r2)" "0:r2" "rm -i answered no"
is "$(echo yes | /bin/rm -i r2 2>&1; /bin/ls r2 2>/dev/null)" "rm: remove r2? " \
	"rm -i answered yes"

# cp
/bin/cp file copy
is "$?:$(/bin/cat copy)" "0:hello" "cp"
set -- $(/bin/ls -l copy)
is "$1" -rwxr-xr-x "cp: the new file has the source's mode"
/bin/mkdir dir
/bin/cp file copy dir
is "$?:$(/bin/ls dir)" "0:copy${nl}file" "cp into a directory"
is "$(/bin/cp nothere x 2>&1; echo $?)" \
	"cp: nothere: No such file or directory${nl}1" "cp of a missing file"
is "$(/bin/cp dir x 2>&1; echo $?)" "cp: dir: Is a directory${nl}1" \
	"cp of a directory without -R"
is "$(/bin/cp file file 2>&1; echo $?)" \
	"cp: file and file are the same file${nl}1" "cp of a file onto itself"
is "$(/bin/cp file copy nothere 2>&1; echo $?)" \
	"cp: nothere: Not a directory${nl}1" "cp of two files to a non-directory"
/bin/ln -s file dir/link
/bin/cp -R dir tree
set -- $(/bin/ls -l tree/link)
is "$(/bin/ls tree):$(/bin/cat tree/file):$1" \
	"copy${nl}file${nl}link:hello:lrwxrwxrwx" "cp -R: files and a link"
(umask 077; /bin/cp file c1; /bin/cp -p file c2)
set -- $(/bin/ls -l c1 c2)
is "$1 ${10}" "-rwx------ -rwxr-xr-x" "cp: the umask; cp -p: the mode as it is"
/bin/rm c1 c2

# mv
/bin/mv copy moved
is "$?:$(/bin/cat moved):$(/bin/ls -d copy 2>/dev/null)" "0:hello:" \
	"mv renames"
/bin/mv moved dir
is "$?:$(/bin/ls dir)" "0:copy${nl}file${nl}link${nl}moved" \
	"mv into a directory"
/bin/mv dir/moved tree/
is "$?:$(/bin/ls -d dir/moved 2>/dev/null):$(/bin/cat tree/moved)" "0::hello" \
	"mv across directories"
is "$(/bin/mv nothere x 2>&1; echo $?)" \
	"mv: nothere: No such file or directory${nl}1" "mv of a missing file"
is "$(/bin/mv tree tree/sub 2>&1; echo $?)" \
	"mv: tree: Invalid argument${nl}1" "mv of a directory into itself"
echo no | /bin/mv -i tree/moved tree/file 2>/dev/null
is "$(/bin/ls tree)" "copy${nl}file${nl}link${nl}moved" "mv -i answered no"

# ln
/bin/ln file hard
st=$?
set -- $(/bin/ls -l hard)
is "$st:$2:$(/bin/cat hard)" "0:2:hello" "ln: a hard link"
set -- $(/bin/ls -i file hard)
is "$1 $3" "$1 $1" "ls -i: a hard link's serial number is its file's"
is "$(/bin/ln file hard 2>&1; echo $?)" "ln: hard: File exists${nl}1" \
	"ln onto an existing file"
printf 'other\n' >other
/bin/ln -f file other
is "$?:$(/bin/cat other)" "0:hello" "ln -f replaces the target"
is "$(/bin/ln -s ../file dir 2>&1; echo $?)" "ln: dir/file: File exists${nl}1" \
	"ln -s into a directory where the name exists"
/bin/ln -s ../hard dir
is "$?:$(/bin/cat dir/hard)" "0:hello" "ln -s into a directory"
/bin/ln -s /nowhere dangling
set -- $(/bin/ls -l dangling)
is "$1 ${11}" "lrwxrwxrwx /nowhere" "ln -s: a dangling link"
/bin/ln -sf file dangling
is "$(/bin/cat dangling)" hello "ln -sf replaces a link"

# ps
pid_line() { # "STAT UID CMD PPID" of pid in the table ps prints
	/bin/ps | while read p pp pg st u cmd; do
		[ "$p" = "$1" ] && echo "$st $u $cmd $pp"
	done
}
is "$(/bin/ps | /bin/head -1)" "  PID  PPID  PGID STAT UID      CMD" \
	"ps: the heading"
is "$(pid_line 1)" "R root /sbin/init 0" "ps: init"
is "$(pid_line $$)" "R root t_utils 1" "ps: this script"
until_ps() { # waits (5 s at most) until pid_line $1 says $2
	i=0
	while [ "$(pid_line $1)" != "$2" ] && [ $i -lt 50 ]; do
		/bin/sleep 0.1
		i=$((i + 1))
	done
}
$child pause &
pid=$!
until_ps $pid "R root /test/h_child $$"
/bin/kill -s STOP $pid
is "$(pid_line $pid)" "T root /test/h_child $$" "ps: a stopped process"
/bin/kill -CONT $pid
is "$(pid_line $pid)" "R root /test/h_child $$" "ps: continued"
/bin/sh -c "$child exit 0 & exec /bin/sleep 1" &
parent=$!
zombie() {
	/bin/ps | while read p pp pg st u cmd; do
		[ "$pp" = $parent ] && echo "$st $cmd"
	done
}
i=0
while [ "$(zombie)" != "Z /test/h_child" ] && [ $i -lt 50 ]; do
	/bin/sleep 0.1
	i=$((i + 1))
done
is "$(zombie)" "Z /test/h_child" "ps: a zombie, whose parent does not wait"
is "$(/bin/ps x 2>&1; echo $?)" "usage: ps${nl}1" "ps with an operand"

# kill
/bin/kill $pid
wait $pid
is $? $((128 + 15)) "kill: SIGTERM by default"
$child pause &
pid=$!
/bin/kill -9 $pid
wait $pid
is $? $((128 + 9)) "kill -9"
$child pause &
pid=$!
/bin/kill -s usr1 $pid
wait $pid
is $? $((128 + 25)) "kill -s usr1"
$child pause &
pid=$!
/bin/kill -SIGHUP $pid
wait $pid
is $? $((128 + 1)) "kill -SIGHUP"
is "$(/bin/kill -l | /bin/head -c 13)" "HUP INT QUIT " "kill -l"
is "$(/bin/kill -l 15):$(/bin/kill -l 143)" "TERM:TERM" \
	"kill -l of a number and of a status"
is "$(/bin/kill 29999 2>&1; echo $?)" "kill: 29999: No such process${nl}1" \
	"kill of a missing process"
is "$(/bin/kill -s NOSIG 1 2>&1; echo $?)" "kill: NOSIG: no such signal${nl}1" \
	"kill with an unknown signal"
wait $parent

# sleep, env, uname
/bin/sleep 0.1
is $? 0 "sleep 0.1"
is "$(/bin/sleep x 2>&1; echo $?)" "usage: sleep seconds${nl}1" \
	"sleep of a word"
is "$(/bin/env -i A=1 B=two)" "A=1${nl}B=two" "env -i: an environment set"
is "$(X=outer /bin/env | while read l; do [ "$l" = X=outer ] && echo y; \
	done)" y "env prints the environment"
is "$(/bin/env -i X=inner /bin/sh -c 'echo $X')" inner "env runs a utility"
/bin/env -i PATH=/test h_child exit 4
is $? 4 "env: along PATH, its status"
is "$(/bin/env -i nothere 2>&1; echo $?)" \
	"env: nothere: No such file or directory${nl}127" \
	"env: a utility not found: 127"
is "$(/bin/uname)" MachUNIX "uname"
is "$(/bin/uname -s -r -m)" "MachUNIX 0.1 x86_64" "uname -s -r -m"
set -- $(/bin/uname -a)
is "$1 $2 $3 $#" "MachUNIX $(/bin/uname -n) 0.1 12" "uname -a"
is "$(/bin/uname -x 2>/dev/null; echo $?)" 1 "uname with an unknown option"

cd /
/bin/rm -r $d
is "$?:$(/bin/ls -d $d 2>/dev/null)" "0:" "rm -r of all the rest"

echo "[t_utils] 1..$n"
exit $failed
