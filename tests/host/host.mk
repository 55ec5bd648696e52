# Host unit tests: kernel data structures compiled for the host and
# tested with cmocka.
#
#   make test-host	build and run them all; writes $(B)/tests/host.result
#   make bench-host	the host micro-benchmarks (below; make bench runs them)
#
# The kernel files are compiled as the kernel compiles them (freestanding,
# no libc headers, the same warnings as errors), except that
# tests/host/include comes before mach/x86_64 so that the host's
# <machine/cpu.h> and <machine/vm_param.h> replace the real ones.  Every
# test is built three times: plain; with AddressSanitizer and UBSan; and
# as in the checking kernel (MACH_CHECK: poisoned free memory,
# docs/reliability.md), with both sanitizers too.  Each test point counts
# once, passed only if it passes in every build (tests/host/run.sh).

HOST_B := $(B)/host
HOST_TEST_NAMES := vm_page zalloc kalloc elf printf string avl vm_map_entry \
	tty_ldisc gnumach_rpc
HOST_VARIANTS := plain asan check

HOST_INCLUDES := -Itests/host/include -Imach/include -Imach -Imach/x86_64
HOST_KERNEL_CFLAGS := $(HOST_CFLAGS) -ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(HOSTCC) -print-file-name=include) $(HOST_INCLUDES)
HOST_TEST_CFLAGS := $(HOST_CFLAGS) $(HOST_INCLUDES) -Itests/host \
	-DELF_SAMPLE_PATH='"$(abspath $(HOST_B)/elf_sample)"'
HOST_SAN_plain :=
HOST_SAN_asan := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
HOST_SAN_check := -DMACH_CHECK $(HOST_SAN_asan)
HOST_LIBS := -lcmocka

# The kernel objects (and test helpers of tests/host/) each test links with.
HOST_OBJS_vm_page := mach/vm/vm_page.o
HOST_OBJS_zalloc := mach/vm/vm_page.o mach/kern/zalloc.o
HOST_OBJS_kalloc := mach/vm/vm_page.o mach/kern/zalloc.o mach/kern/kalloc.o
HOST_OBJS_elf := mach/kern/elf.o
HOST_OBJS_printf := mach/kern/printf.o
HOST_OBJS_avl := mach/kern/avl.o
HOST_OBJS_vm_map_entry := mach/vm/vm_map_entry.o mach/kern/avl.o \
	tests/host/vm_map_entry_model.o
# The UNIX server's line discipline: pure code, against the host's
# <termios.h> (the personality's has the same, Linux's, layout and values).
HOST_OBJS_tty_ldisc := personalities/unix/server/tty_ldisc.o
# string.c under other names, so as not to replace the host's libc.
HOST_OBJS_string := mach/kern/string_renamed.o
HOST_STRING_RENAMES := -Dmemset=kstring_memset -Dmemcpy=kstring_memcpy \
	-Dmemmove=kstring_memmove -Dmemcmp=kstring_memcmp \
	-Dstrlen=kstring_strlen -Dstrcmp=kstring_strcmp

HOST_TEST_BINS := $(foreach v,$(HOST_VARIANTS),\
	$(foreach t,$(HOST_TEST_NAMES),$(HOST_B)/$(v)/test_$(t)))

# host_variant_rules(variant): compile and link rules for one variant.
define host_variant_rules
$(HOST_B)/$(1)/mach/%.o: mach/%.c
	@mkdir -p $$(@D)
	$$(HOSTCC) $$(HOST_KERNEL_CFLAGS) $$(HOST_SAN_$(1)) -MMD -MP -c $$< -o $$@

$(HOST_B)/$(1)/mach/kern/string_renamed.o: mach/kern/string.c
	@mkdir -p $$(@D)
	$$(HOSTCC) $$(HOST_KERNEL_CFLAGS) $$(HOST_SAN_$(1)) \
	    $$(HOST_STRING_RENAMES) -MMD -MP -c $$< -o $$@

$(HOST_B)/$(1)/personalities/%.o: personalities/%.c
	@mkdir -p $$(@D)
	$$(HOSTCC) $$(HOST_TEST_CFLAGS) $$(HOST_SAN_$(1)) -MMD -MP -c $$< -o $$@

$(HOST_B)/$(1)/tests/host/%.o: tests/host/%.c
	@mkdir -p $$(@D)
	$$(HOSTCC) $$(HOST_TEST_CFLAGS) $$(HOST_SAN_$(1)) -MMD -MP -c $$< -o $$@

$(HOST_B)/$(1)/test_%: $(HOST_B)/$(1)/tests/host/test_%.o \
    $(HOST_B)/$(1)/tests/host/host_support.o
	$$(HOSTCC) $$(HOST_SAN_$(1)) -o $$@ $$(filter %.o,$$^) $$(HOST_LIBS)
endef
$(foreach v,$(HOST_VARIANTS),$(eval $(call host_variant_rules,$(v))))

# Each test binary also links its kernel objects.
$(foreach v,$(HOST_VARIANTS),$(foreach t,$(HOST_TEST_NAMES),\
	$(eval $(HOST_B)/$(v)/test_$(t): \
	    $(addprefix $(HOST_B)/$(v)/,$(HOST_OBJS_$(t))))))

# A real static executable for test_elf to check.
$(HOST_B)/elf_sample: tests/host/elf_sample.c
	@mkdir -p $(@D)
	$(HOSTCC) -O1 -static -nostdlib -no-pie -fno-pie \
	    -Wl,-z,max-page-size=4096 -Wl,--build-id=none -o $@ $<
$(foreach v,$(HOST_VARIANTS),$(eval $(HOST_B)/$(v)/test_elf: $(HOST_B)/elf_sample))

# Every object, for the dependency files and to keep the test objects,
# which only pattern rules mention, from being deleted as intermediate.
HOST_TEST_OBJS := $(foreach v,$(HOST_VARIANTS),\
	$(patsubst %,$(HOST_B)/$(v)/tests/host/%.o,\
	    $(addprefix test_,$(HOST_TEST_NAMES)) host_support))
HOST_KERNEL_OBJS := $(sort $(foreach v,$(HOST_VARIANTS),\
	$(foreach t,$(HOST_TEST_NAMES),$(addprefix $(HOST_B)/$(v)/,$(HOST_OBJS_$(t))))))
.SECONDARY: $(HOST_TEST_OBJS)
-include $(HOST_TEST_OBJS:.o=.d) $(HOST_KERNEL_OBJS:.o=.d)

# Host micro-benchmarks (docs/bench.md): timings, so `make bench` runs
# them (before its QEMU table) and `make test` only builds them, so that
# they cannot rot.  Built like the plain variant.
#
#   make bench-host	print them
HOST_BENCH := $(HOST_B)/plain/bench_vm_map_entry

$(HOST_BENCH): $(HOST_B)/plain/tests/host/bench_vm_map_entry.o \
    $(HOST_B)/plain/tests/host/host_support.o \
    $(addprefix $(HOST_B)/plain/,mach/vm/vm_map_entry.o mach/kern/avl.o)
	$(HOSTCC) -o $@ $^ $(HOST_LIBS)

.SECONDARY: $(HOST_B)/plain/tests/host/bench_vm_map_entry.o
-include $(HOST_B)/plain/tests/host/bench_vm_map_entry.d

.PHONY: bench-host
bench-host: $(HOST_BENCH)
	@$(HOST_BENCH)
bench: bench-host

.PHONY: test-host host-tests
TEST_GROUPS += test-host

host-tests: $(HOST_TEST_BINS) $(HOST_BENCH)

# Stale binaries are removed first, so that a test whose build now fails
# counts as failed instead of running its old binary.
test-host:
	@mkdir -p $(B)/tests
	@rm -f $(HOST_TEST_BINS)
	-@$(MAKE) --no-print-directory -k host-tests
	@sh tests/host/run.sh $(B)/tests/host.result \
	    "$(addprefix $(HOST_B)/,$(HOST_VARIANTS))" \
	    $(addprefix test_,$(HOST_TEST_NAMES))


