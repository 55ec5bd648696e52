# In-OS tests: test programs that run as tasks on the real kernel under
# QEMU and report TAP on the console (tests/os/README).
#
#   test-os	every boot of tests/os/boots/*.boot
#   test-os-check
#		the same boots with the checking kernel (KERNEL_CHECK,
#		docs/reliability.md), and those of tests/os/boots-check/,
#		which test that its checks catch what they should
#   test-iso	one boot from the GRUB2 ISO (tests/os/iso.boot), of a
#		program built by mach-cc
#   fuzz	a long fuzzing campaign (tools/fuzz.pl, docs/reliability.md):
#		make fuzz SEED=N CALLS=N [BATCH=N] [AVOID=LIST]
#
# Test programs are tests/os/t_*.c, each linked with the TAP library
# tests/os/lib/ into $(B)/tests/os/t_*, the path boot files name them by.
# $(B)/tests/os/bad/ holds corrupt ELF images for the loader's tests.

KERNEL ?= $(B)/mach/kernel.elf
OS_PROGRAMS := $(patsubst tests/os/%.c,$(B)/tests/os/%,\
    $(wildcard tests/os/t_*.c))
OS_BAD := $(B)/tests/os/bad/made
# Boots may start any system server (the kernel argument `bootstrap`
# starts the name service first).
OS_PROGRAMS += $(SERVERS)
OS_LIB := $(patsubst tests/os/%.c,$(B)/tests/os/%.o,\
    $(wildcard tests/os/lib/*.c))
.PHONY: test-os test-os-check test-iso fuzz

$(B)/tests/os/%.o: tests/os/%.c $(NEWLIB_STAMP) | $(USER_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(USER_WARNINGS) -MMD -MP -c -o $@ $<

$(B)/tests/os/t_%: $(B)/tests/os/t_%.o $(OS_LIB) $(USER_DEPS)
	$(USER_LINK)

# t_hello again, built by mach-cc as a user would, for test-iso.
$(B)/tests/os/cc/t_hello: tests/os/t_hello.c tests/os/lib/tap.c \
    tests/os/lib/tap.h $(MACH_CC) $(USER_DEPS)
	@mkdir -p $(@D)
	$(MACH_CC) -Wall -Wextra -Werror -o $@ tests/os/t_hello.c \
	    tests/os/lib/tap.c

# The fuzzer (tests/os/t_fuzz.c, tests/os/fuzz/): its files, and IDL
# stubs of the kernel's interfaces of its own (owner `fuzz' in the top
# Makefile's list: prefix fz_, run time in tests/os/fuzz/stubs.c), so
# that it can bend every request it sends; and of the UNIX server's io
# interface (io.defs), which it fuzzes when the boot has the server
# (io=1).  The supervisor reaches the server through the personality's
# own stubs (unix_io_root, io_process_status: $(UNIX_GEN)); <unix/...>
# comes after newlib's headers (-idirafter), which the personality's
# replace for its processes, not here.
FUZZ_GEN := $(STUB_DIR_fuzz)
FUZZ_HEADERS := $(STUB_HDRS_fuzz)
FUZZ_OBJS := $(patsubst tests/os/%.c,$(B)/tests/os/%.o,\
    $(wildcard tests/os/fuzz/*.c)) $(STUB_SRCS_fuzz:.c=.o)
FUZZ_UNIX_CFLAGS := -idirafter personalities/unix/include \
    -idirafter $(UNIX_INCLUDE)

$(FUZZ_GEN)/%_user.o: $(FUZZ_GEN)/%_user.c tests/os/fuzz/mig.h \
    $(NEWLIB_STAMP) | $(USER_HEADERS)
	$(CC) $(USER_CFLAGS) $(FUZZ_UNIX_CFLAGS) $(USER_WARNINGS) \
	    -Wno-unused-parameter -include tests/os/fuzz/mig.h -c -o $@ $<

$(B)/tests/os/fuzz/%.o: USER_CFLAGS += -I $(B)/tests/os/fuzz \
    $(FUZZ_UNIX_CFLAGS)
$(B)/tests/os/t_fuzz.o: USER_CFLAGS += $(FUZZ_UNIX_CFLAGS)
$(filter-out $(FUZZ_GEN)/%,$(FUZZ_OBJS)): | $(FUZZ_HEADERS)
$(B)/tests/os/t_fuzz.o: | $(UNIX_INCLUDE)/unix/unix.h $(UNIX_INCLUDE)/unix/io.h
$(B)/tests/os/t_fuzz: $(FUZZ_OBJS) $(UNIX_GEN)/unix_user.o \
    $(UNIX_GEN)/io_user.o

$(OS_BAD): tests/os/mkbad.pl $(B)/tests/os/t_hello
	tests/os/mkbad.pl $(B)/tests/os/t_hello $(@D)
	touch $@

.SECONDARY: $(OS_PROGRAMS:=.o) $(OS_LIB)
ALL_TARGETS += $(OS_PROGRAMS) $(OS_BAD) $(B)/tests/os/cc/t_hello
-include $(wildcard $(B)/tests/os/*.d $(B)/tests/os/lib/*.d \
    $(B)/tests/os/fuzz/*.d)

# run-os-tests RESULTNAME, OUTDIR, BOOTFILES, PREREQUISITES, KERNEL: builds
# the prerequisites (a failure counts as one failed test) and runs the
# boots with KERNEL.
# The build holds a lock, so that test-os and test-iso running at once
# (make -j2 test) do not build the same files at the same time.
define run-os-tests
	@mkdir -p $(B)/tests
	@if flock $(B)/tests/build.lock \
	    $(MAKE) -s --no-print-directory $(4); then \
	    tests/os/run-tests.sh $(5) $(2) $(B)/tests/$(1).result $(3); \
	else \
	    echo "$(1): could not build the kernel or the test programs"; \
	    echo "0 1" >$(B)/tests/$(1).result; \
	fi
endef

test-os:
	$(call run-os-tests,os,$(B)/tests/os/results,\
	    $(wildcard tests/os/boots/*.boot),$(KERNEL) $(OS_PROGRAMS) $(OS_BAD),\
	    $(KERNEL))

test-os-check:
	$(call run-os-tests,os-check,$(B)/tests/os-check/results,\
	    $(wildcard tests/os/boots/*.boot tests/os/boots-check/*.boot),\
	    $(KERNEL_CHECK) $(OS_PROGRAMS) $(OS_BAD),$(KERNEL_CHECK))

test-iso:
	$(call run-os-tests,iso,$(B)/tests/iso,tests/os/iso.boot,\
	    $(KERNEL) $(B)/tests/os/cc/t_hello,$(KERNEL))

TEST_GROUPS += test-os test-os-check test-iso

SEED ?= 1
CALLS ?= 1000000
BATCH ?= 500
AVOID ?=
fuzz: $(KERNEL) $(B)/tests/os/t_fuzz
	tools/fuzz.pl --seed $(SEED) --calls $(CALLS) --batch $(BATCH) \
	    $(if $(AVOID),--avoid $(AVOID))
