# Benchmarks: `make bench` boots the benchmark programs and prints the
# table (docs/bench.md).
#
#   make bench			ACCEL=tcg|kvm, ICOUNT=1 (exact instruction
#				counts), BENCH_ITERATIONS (default 2000;
#				BENCH_UNIX_ITERATIONS for the UNIX rows,
#				default 200),
#				BENCH_TIMEOUT (seconds, default 600),
#				LESSONS=1 (the lessons table)
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

BENCH_SRCS := $(addprefix tests/bench/,bench.c bench_rows.c bench_ipc.c \
    bench_serve.c bench_tasks.c bench_vm.c bench_fault.c)
BENCH_SERVER_SRCS := tests/bench/bench_server.c tests/bench/bench_serve.c
$(eval $(call program,bench,$(BENCH),$(BENCH_SRCS)))
$(eval $(call program,bench_server,$(BENCH_SERVER),$(BENCH_SERVER_SRCS)))

# Two boots: the kernel as it is, and the message rows again on the
# general IPC path (kernel argument fastpath=off; rows NAME_general).
BENCH_GENERAL_ROWS := msg_self_null msg_self_port msg_self_1k ool_self_4k \
    rpc_2threads_null rpc_2tasks_null rpc_2threads_regs rpc_2tasks_regs

# LESSONS=1: the lessons table instead (tools/bench-lessons.pl): the null
# RPC rows, booted once per setting (each L4 lesson off alone), under
# -icount and under plain TCG, into $(B)/bench/lessons/.  Otherwise,
# after the native rows, the UNIX server's: a boot of the server whose
# first process is bench_unix (personalities/unix/unix.mk); its table
# in $(B)/bench/unix; then posix-lite's: a boot of both servers where
# the UNIX server's first process is /bin/lite running lite-bench
# (personalities/posix-lite/lite.mk); its table in $(B)/bench/lite.
LESSONS ?= 0

bench: $(KERNEL) $(SERVER_bootstrap) $(SERVER_default_pager) \
    $(BENCH_PROGRAMS) $(UNIX_SERVER) \
    $(UNIX_ARCHIVE) $(LITE_SERVER)
ifeq ($(LESSONS),1)
	tools/bench-lessons.pl -n $(BENCH_ITERATIONS) -t $(BENCH_TIMEOUT) \
	    -o $(B)/bench/lessons -b $(BENCH) \
	    $(KERNEL) "$(SERVER_bootstrap) daemon:default_pager" \
	    $(SERVER_default_pager) $(BENCH) $(BENCH_SERVER)
else
	tools/bench.pl -n $(BENCH_ITERATIONS) -t $(BENCH_TIMEOUT) \
	    -o $(B)/bench -a bootstrap \
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
endif

OS_PROGRAMS += $(BENCH_PROGRAMS)
