# Benchmarks: `make bench` boots the benchmark programs and prints the
# table (docs/bench.md).
#
#   make bench			ACCEL=tcg|kvm, ICOUNT=1 (exact instruction
#				counts), BENCH_ITERATIONS (default 2000;
#				BENCH_UNIX_ITERATIONS for the UNIX rows,
#				default 200),
#				BENCH_TIMEOUT (seconds, default 600),
#				LESSONS=1 (the lessons table),
#				BENCH_LINUX=0 (no Linux columns)
#
# The programs (tests/bench/*.c; the program template, tools/templates.mk):
#   $(B)/tests/bench/bench		every row; its options in bench.c
#   $(B)/tests/bench/bench_server	the other task of rpc_2tasks_null
# tools/bench.pl boots them under the bootstrap name service (kernel
# argument `bootstrap`, $(SERVER_bootstrap) the first module: rpc_2tasks_null
# finds bench_server through it), with the default pager (a daemon, for
# pageout_anon and pagein_anon) with tools/qemu.sh, once as the kernel
# is and once with its IPC fast path off, reads their BENCH lines from
# the console, prints the table and writes $(B)/bench/results.json.
# Before them, the GNU Mach boot (gnumach-bench, below): its figures are
# the reference column of the message rows.
#
# tools/bench-profile.pl ROW shows where one iteration's instructions go.
#
# The boot tests/os/boots/bench.boot of test-os runs them with a few
# iterations, so that they cannot rot; it needs them and the bootstrap
# server built, so they are added to the in-OS test programs (OS_PROGRAMS,
# which test-os builds).

BENCH_DIR := $(B)/tests/bench
BENCH := $(BENCH_DIR)/bench
BENCH_SERVER := $(BENCH_DIR)/bench_server
BENCH_PROGRAMS := $(BENCH) $(BENCH_SERVER)
BENCH_ITERATIONS ?= 2000
BENCH_UNIX_ITERATIONS ?= 200
BENCH_TIMEOUT ?= 600
BENCH_LINUX ?= 1

BENCH_SRCS := $(addprefix tests/bench/,bench.c bench_rows.c bench_ipc.c \
    bench_serve.c bench_tasks.c bench_vm.c bench_fault.c bench_sweep.c)
BENCH_SERVER_SRCS := tests/bench/bench_server.c tests/bench/bench_serve.c
$(eval $(call program,bench,$(BENCH),$(BENCH_SRCS)))
$(eval $(call program,bench_server,$(BENCH_SERVER),$(BENCH_SERVER_SRCS)))

# Two boots: the kernel as it is, and the message rows again on the
# general IPC path (kernel argument fastpath=off; rows NAME_general).
BENCH_GENERAL_ROWS := msg_self_null msg_self_port msg_self_1k ool_self_4k \
    rpc_2threads_null rpc_2tasks_null rpc_2threads_regs rpc_2tasks_regs

# LESSONS=1: the lessons table instead (tools/bench-lessons.pl): the null
# RPC rows and the UNIX server's getpid (bench_unix's unix_getpid),
# booted once per setting (each L4 lesson off alone), under
# -icount and under plain TCG, into $(B)/bench/lessons/.  Otherwise,
# after the native rows, the UNIX server's: a boot of the server whose
# first process is bench_unix (personalities/unix/unix.mk); its table
# in $(B)/bench/unix; then posix-lite's: a boot of both servers where
# the UNIX server's first process is /bin/lite running lite-bench
# (personalities/posix-lite/lite.mk); its table in $(B)/bench/lite.
# Last, tools/bench-plot.pl draws what the run measured into $(B)/bench:
# rows.png and .svg, sweep.* (the message-size sweep), or lessons.*.
LESSONS ?= 0

bench: $(KERNEL) $(SERVER_bootstrap) $(SERVER_default_pager) \
    $(BENCH_PROGRAMS) $(UNIX_SERVER) \
    $(UNIX_ARCHIVE) $(LITE_SERVER)
ifeq ($(LESSONS),1)
	tools/bench-lessons.pl -n $(BENCH_ITERATIONS) -t $(BENCH_TIMEOUT) \
	    -o $(B)/bench/lessons -b $(BENCH) \
	    -u /test/bench_unix -N $(BENCH_UNIX_ITERATIONS) \
	    -m $(SERVER_bootstrap) -m "$(UNIX_SERVER) /test/bench_unix" \
	    -m $(UNIX_ARCHIVE) \
	    $(KERNEL) $(SERVER_bootstrap) $(BENCH) $(BENCH_SERVER)
	tools/bench-plot.pl -o $(B)/bench -l $(B)/bench/lessons/lessons.json
else
	@$(MAKE) --no-print-directory gnumach-bench
	tools/bench.pl -n $(BENCH_ITERATIONS) -t $(BENCH_TIMEOUT) \
	    -o $(B)/bench -a bootstrap -g $(B)/bench/gnumach/results.json \
	    -V 'general=fastpath=off:$(BENCH_GENERAL_ROWS)' -b $(BENCH) \
	    $(KERNEL) "$(SERVER_bootstrap) daemon:default_pager" \
	    $(SERVER_default_pager) $(BENCH) $(BENCH_SERVER)
	tools/bench.pl -n $(BENCH_UNIX_ITERATIONS) -t $(BENCH_TIMEOUT) \
	    -o $(B)/bench/unix -a bootstrap -b /test/bench_unix \
	    $(KERNEL) $(SERVER_bootstrap) "$(UNIX_SERVER) /test/bench_unix" \
	    $(UNIX_ARCHIVE)
	tools/bench.pl -n $(BENCH_UNIX_ITERATIONS) -t $(BENCH_TIMEOUT) \
	    -o $(B)/bench/lite -a bootstrap -b /test/lite-bench \
	    $(KERNEL) $(SERVER_bootstrap) \
	    "$(UNIX_SERVER) /bin/lite /test/lite-bench" $(UNIX_ARCHIVE) \
	    $(LITE_SERVER)
ifeq ($(BENCH_LINUX),1)
	@$(MAKE) --no-print-directory bench-linux
endif
	tools/bench-plot.pl -o $(B)/bench $(B)/bench/results.json \
	    $(B)/bench/unix/results.json $(B)/bench/lite/results.json \
	    $(B)/bench/linux/results.json
endif

OS_PROGRAMS += $(BENCH_PROGRAMS)

# The GNU Mach column (docs/bench.md, "The GNU Mach column"):
# tools/gnumach-image.sh fetches Debian's gnumach-image-1.8-486 into
# $(B)/gnumach and fixes its system call entry up on a scratch copy;
# bench_gnumach (tests/bench/gnumach/, freestanding, 32-bit: the host gcc
# with -m32 and no library) runs the message rows on it, booted from a
# GRUB ISO (bench.pl -M) into $(B)/bench/gnumach.  Its medians are the
# reference of the rows of the same name in the table; if GNU Mach cannot
# be fetched or booted, the stored figures of tests/bench/reference.txt
# are shown instead (marked *).
GNUMACH_BENCH := $(BENCH_DIR)/gnumach/bench_gnumach
GNUMACH_BENCH_SRCS := $(addprefix tests/bench/gnumach/,gnumach_trap.S \
    gnumach_rpc.c bench_gnumach.c)
GNUMACH_BENCH_CFLAGS := -m32 -ffreestanding -nostdlib -static -fno-pic \
    -no-pie -O2 -std=gnu11 -Wall -Wextra -Werror -fno-stack-protector \
    -fno-asynchronous-unwind-tables -Wl,--build-id=none
GNUMACH_BOOT := --host '\$${host-port}' --device '\$${device-port}' \
    '\$$(task-create)' '\$$(task-resume)'

$(GNUMACH_BENCH): $(GNUMACH_BENCH_SRCS) tests/bench/gnumach/gnumach.h
	@mkdir -p $(@D)
	$(HOSTCC) $(GNUMACH_BENCH_CFLAGS) -o $@ $(GNUMACH_BENCH_SRCS)

# The GNU Mach boot; it may fail (no network, another package), and then
# leaves no results.json.
gnumach-bench: $(GNUMACH_BENCH)
	rm -f $(B)/bench/gnumach/results.json
	-tools/gnumach-image.sh $(B)/gnumach && \
	    tools/bench.pl -M -n $(BENCH_ITERATIONS) -t $(BENCH_TIMEOUT) \
	    -o $(B)/bench/gnumach -a console=com0 -b $(GNUMACH_BENCH) \
	    $(B)/gnumach/gnumach.elf "$(GNUMACH_BENCH) $(GNUMACH_BOOT)"
.PHONY: gnumach-bench

# test-plot: tools/bench-plot.pl on the fixed tables of tests/bench/plot/
# (the script, not timings); writes $(B)/tests/plot.result.
.PHONY: test-plot
TEST_GROUPS += test-plot
test-plot:
	@tests/bench/plot-test.sh $(B)

# The Linux columns (docs/bench.md, "Linux in the same emulator"): the
# POSIX rows built for Linux with the host's gcc (static, glibc) from the
# same source (bench_posix.c, bench_fork.c; bench_linux.c the rows only
# Linux runs), as the /init of an initramfs whose root also holds the
# rows' child (h_bench) and small file.  tools/bench-linux.pl runs it
# natively on the host, boots it under Debian 12's kernel
# (tools/linux-image.sh fetches it into $(B)/linux) in the same QEMU as
# the rows above, and prints each POSIX row against Linux.  Only make
# bench needs the kernel; test-bench-linux builds the program and runs
# its rows natively for a few iterations.
LINUX_BENCH_DIR := $(B)/bench-linux
LINUX_ROOT := $(LINUX_BENCH_DIR)/root
LINUX_INITRAMFS := $(LINUX_BENCH_DIR)/initramfs.cpio
LINUX_ROOT_FILES := $(addprefix $(LINUX_ROOT)/,init h_bench motd)
LINUX_BENCH_SRCS := $(addprefix tests/bench/,bench.c bench_posix.c \
    bench_fork.c bench_linux.c bench.h)

$(LINUX_ROOT)/init: $(LINUX_BENCH_SRCS)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -static -DBENCH_LINUX \
	    -DBENCH_CHILD='"./h_bench"' -DBENCH_SMALL_FILE='"motd"' \
	    -DBENCH_EXEC_PROGRAM='"./h_bench", "exit"' \
	    -o $@ $(filter %.c,$^) -lpthread
$(LINUX_ROOT)/h_bench: tests/common/h_bench.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) -static -o $@ $<
$(LINUX_ROOT)/motd: personalities/unix/root/etc/motd
	@mkdir -p $(@D)
	cp $< $@
$(LINUX_INITRAMFS): $(LINUX_ROOT_FILES)
	cd $(LINUX_ROOT) && find . | LC_ALL=C sort | \
	    cpio -o -H newc -R 0:0 --quiet >$(abspath $@)

# make bench runs it after the other boots, whose tables it reads;
# make bench-linux alone, against the tables of an earlier make bench.
.PHONY: bench-linux
bench-linux: $(LINUX_INITRAMFS)
	tools/bench-linux.pl -n $(BENCH_UNIX_ITERATIONS) -t $(BENCH_TIMEOUT) \
	    -o $(B)/bench -i $(B)/linux $(LINUX_ROOT) $(LINUX_INITRAMFS)

.PHONY: test-bench-linux
TEST_GROUPS += test-bench-linux
test-bench-linux:
	@mkdir -p $(B)/tests
	@rm -f $(LINUX_ROOT)/init
	-@$(MAKE) --no-print-directory $(LINUX_ROOT_FILES)
	@tools/bench-linux.pl -N -n 3 -t 120 -o $(B)/tests/bench-linux \
	    $(LINUX_ROOT) \
	    >$(B)/tests/bench-linux.out 2>&1; \
	status=$$?; cat $(B)/tests/bench-linux.out; \
	if [ $$status -eq 0 ]; then echo "ok 1 - bench-linux rows"; \
	    echo "1 0" >$(B)/tests/bench-linux.result; \
	else echo "not ok 1 - bench-linux rows"; \
	    echo "0 1" >$(B)/tests/bench-linux.result; fi
