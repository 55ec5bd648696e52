# One non-recursive make for the whole system.
#
#   make          build everything into build/
#   make run      boot the GRUB2 ISO under QEMU, serial console on the terminal
#   make test     every test: host unit tests, IDL compiler tests, in-OS tests
#   make bench    boot the benchmark image and print the table
#   make debug    boot QEMU halted with its gdb stub and attach gdb
#   make format   apply .clang-format to the tree
#   make clean
#
# Each module adds its rules in its own fragment (<dir>/<dir>.mk); paths in
# fragments are relative to this directory.  Every generated file goes to
# $(B).  The system's interfaces and servers are listed below, one line
# each, with the templates of tools/templates.mk (docs/build.md).
#
# Test groups: a fragment adds a target test-GROUP to TEST_GROUPS.  The
# target runs its tests, shows their output, and writes
# $(B)/tests/GROUP.result holding one line "PASSED FAILED"; it must not
# fail make itself, so that every group runs.  `make test` then adds the
# groups up (tools/test-summary.sh) and fails if anything failed.

B := build
CC := gcc
HOSTCC := gcc
HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror

# QEMU: ACCEL=tcg (default) or ACCEL=kvm; ICOUNT=1 for exact instruction
# counts in rdtsc.
ACCEL ?= tcg
ICOUNT ?= 0
export ACCEL ICOUNT

.DEFAULT_GOAL := all
.PHONY: all run test bench debug format clean deps
TEST_GROUPS :=
ALL_TARGETS :=

include tools/tools.mk
include tools/templates.mk
include idl/idl.mk

# The interfaces: each .defs, and who compiles which of its stubs
# (SIDE:OWNER, tools/templates.mk).  Before the fragments, which
# compile them.  The pagers' interfaces are GNU Mach's own
# memory_object.defs and memory_object_default.defs, from Debian's
# gnumach-dev (tools/deps.sh).
GNUMACH_DEFS := /usr/include/x86_64-linux-gnu
$(eval $(call interface,mach/include/mach/mach_port.defs,server:kernel user:libmach user:fuzz))
$(eval $(call interface,mach/include/mach/task.defs,server:kernel user:libmach user:fuzz))
$(eval $(call interface,mach/include/mach/thread.defs,server:kernel user:libmach user:fuzz))
$(eval $(call interface,mach/include/mach/host.defs,server:kernel user:libmach user:fuzz))
$(eval $(call interface,mach/include/mach/vm_map.defs,server:kernel user:libmach user:fuzz))
$(eval $(call interface,mach/include/mach/console.defs,server:kernel user:libmach))
$(eval $(call interface,mach/include/mach/console_reply.defs,user:kernel))
$(eval $(call interface,mach/include/mach/notify.defs,user:kernel server:libmach))
$(eval $(call interface,mach/include/mach/exc.defs,user:kernel server:libmach))
$(eval $(call interface,mach/include/mach/memory_object_control.defs,server:kernel user:libmach user:fuzz))
$(eval $(call interface,personalities/unix/io.defs,user:fuzz))
$(eval $(call interface,$(GNUMACH_DEFS)/mach/memory_object.defs,user:kernel server:libmach))
$(eval $(call interface,$(GNUMACH_DEFS)/mach/memory_object_default.defs,user:kernel server:default_pager))
$(eval $(call interface,servers/bootstrap/bootstrap.defs,server:bootstrap user:libmach))
$(eval $(call interface,servers/bootstrap/bootstrap_reply.defs,user:bootstrap))
$(eval $(call interface,libmach/demos/adder.defs,server:adder user:calc))

include mach/mach.mk
include libmach/libmach.mk

# The system servers: servers/NAME/ into $(B)/servers/NAME
# (docs/servers.md).
$(eval $(call server,bootstrap))
$(eval $(call server,default_pager))

include personalities/unix/unix.mk
include personalities/posix-lite/lite.mk
include tests/host/host.mk
include tests/os/os.mk
include tests/bench/bench.mk

all: $(ALL_TARGETS)

test: deps
	@rm -rf $(B)/tests/*.result
	@$(MAKE) --no-print-directory -k $(TEST_GROUPS) || true
	@tools/test-summary.sh $(B)/tests $(patsubst test-%,%,$(TEST_GROUPS))

clean:
	rm -rf $(B)
