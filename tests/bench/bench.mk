# Benchmarks: `make bench` boots the benchmark programs and prints the
# table (docs/bench.md).
#
#   make bench			ACCEL=tcg|kvm, ICOUNT=1 (exact instruction
#				counts), BENCH_ITERATIONS (default 2000),
#				BENCH_TIMEOUT (seconds, default 600)
#
# The programs (tests/bench/*.c, built like the in-OS test programs):
#   $(B)/tests/bench/bench		every row; its options in bench.c
#   $(B)/tests/bench/bench_server	the other task of rpc_2tasks_null
# tools/bench.pl boots them under the bootstrap name service (kernel
# argument `bootstrap`, $(BOOTSTRAP) the first module: rpc_2tasks_null
# finds bench_server through it) with tools/qemu.sh, once as the kernel
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
BENCH_TIMEOUT ?= 600

$(BENCH_DIR)/%.o: tests/bench/%.c $(NEWLIB_STAMP) | $(USER_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(USER_WARNINGS) -MMD -MP -c -o $@ $<

$(BENCH): $(addprefix $(BENCH_DIR)/,bench.o bench_ipc.o bench_serve.o \
    bench_tasks.o bench_vm.o) $(USER_DEPS)
	$(USER_LINK)

$(BENCH_SERVER): $(BENCH_DIR)/bench_server.o $(BENCH_DIR)/bench_serve.o \
    $(USER_DEPS)
	$(USER_LINK)

# Two boots: the kernel as it is, and the message rows again on the
# general IPC path (kernel argument fastpath=off; rows NAME_general).
BENCH_GENERAL_ROWS := msg_self_null rpc_2threads_null rpc_2tasks_null

bench: $(KERNEL) $(BOOTSTRAP) $(BENCH_PROGRAMS)
	tools/bench.pl -n $(BENCH_ITERATIONS) -t $(BENCH_TIMEOUT) \
	    -o $(B)/bench -a bootstrap \
	    -V 'general=fastpath=off:$(BENCH_GENERAL_ROWS)' -b $(BENCH) \
	    $(KERNEL) $(BOOTSTRAP) $(BENCH) $(BENCH_SERVER)

OS_PROGRAMS += $(BENCH_PROGRAMS) $(BOOTSTRAP)
.SECONDARY: $(patsubst %.c,$(BENCH_DIR)/%.o,$(notdir \
    $(wildcard tests/bench/*.c)))
ALL_TARGETS += $(BENCH_PROGRAMS)
-include $(wildcard $(BENCH_DIR)/*.d)
