# The kernel: build/mach/kernel.elf, a multiboot1+2 ELF64 image, and the
# checking kernel build/mach-check/kernel.elf (docs/reliability.md): the
# same sources built with MACH_CHECK defined and UBSan, plus the files of
# KERNEL_CHECK_SRCS, into build/mach-check/.
#
#   make kernel-check	builds the checking kernel (make test does too)
#
# Each kernel is linked twice: the first link gives the addresses for the
# symbol table used in backtraces (tools/gen-ksyms.sh), the second links
# the table in.  The table sits after code and data, so the second link
# moves no code.

KERNEL := $(B)/mach/kernel.elf
KERNEL_CHECK := $(B)/mach-check/kernel.elf
KERNEL_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-mno-red-zone -mcmodel=kernel -mno-sse -mno-sse2 -mno-mmx -mno-avx \
	-mno-80387 -fno-pie -fno-stack-protector -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-common \
	-DMACH_KERNEL -Wall -Wextra -Werror -Imach/include -Imach -Imach/x86_64 \
	-Imach/kern/stdc -MMD -MP
KERNEL_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 \
	--no-warn-rwx-segments -T mach/x86_64/kernel.ld

# The checking kernel's flags (docs/reliability.md).  UBSan reports go to
# the kernel's own handlers (kern/ubsan.c), which panic; every check that
# GCC's -fsanitize=undefined groups is on (it has no float ones and the
# kernel no C++), and none recovers, so the compiler knows a report does
# not return.
KERNEL_CHECK_CFLAGS := -DMACH_CHECK -fsanitize=undefined \
	-fno-sanitize-recover=all
# Files only the checking kernel has.
KERNEL_CHECK_SRCS := mach/kern/ubsan.c mach/kern/checktest.c

KERNEL_SRCS := $(filter-out $(KERNEL_CHECK_SRCS),$(wildcard mach/kern/*.c \
	mach/ipc/*.c mach/vm/*.c mach/x86_64/*.c mach/x86_64/*.S))

# The kernel's interfaces (owner `kernel' in the top Makefile's list):
# server stubs, KernelUser stubs, and their headers, which the
# routines' files include, generated into $(KERNEL_GEN) by the
# interface template (tools/templates.mk).  Both kernels compile the same
# generated files.
KERNEL_GEN := $(STUB_DIR_kernel)
KERNEL_SERVER_SRCS := $(STUB_SRCS_kernel)
KERNEL_SERVER_HDRS := $(STUB_HDRS_kernel)
KERNEL_CFLAGS += -I$(KERNEL_GEN)

# kernel_rules(DIR, SRCS, CFLAGS_VARIABLE): the objects of SRCS and of
# the generated stubs, compiled into $(B)/DIR/ with KERNEL_CFLAGS, then
# the flags CFLAGS_VARIABLE holds, then KERNEL_OBJECT_CFLAGS (set for
# single objects); and the two links of $(B)/DIR/kernel.elf, from the
# objects listed in KERNEL_OBJS_DIR.
define kernel_rules
KERNEL_OBJS_$(1) := $$(patsubst mach/%,$(B)/$(1)/%.o,$$(basename $(2))) \
	$$(patsubst $(KERNEL_GEN)/%.c,$(B)/$(1)/gen/%.o,$$(KERNEL_SERVER_SRCS))

# The IPC fast path's doors and continuations and the register hot path
# are called only from assembly that keeps nothing in registers across
# the call (x86_64/locore.S), and never return when they succeed: they
# save no callee-saved register and keep no frame pointer (some eight
# instructions a message; ipc/ipc_fastpath.c, ipc/ipc_hotpath.c).  The
# hot path leaves rbp alone too, the one register it would still save.
IPC_DOOR_CFLAGS := -fomit-frame-pointer -fcall-used-rbx -fcall-used-r12 \
	-fcall-used-r13 -fcall-used-r14 -fcall-used-r15
$(B)/$(1)/ipc/ipc_hotpath.o: KERNEL_OBJECT_CFLAGS := $$(IPC_DOOR_CFLAGS) \
	-ffixed-rbp
$(B)/$(1)/ipc/ipc_fastpath.o: KERNEL_OBJECT_CFLAGS := $$(IPC_DOOR_CFLAGS)

# Notifications start inside IPC, with ipc_lock held.
$(B)/$(1)/gen/notify_user.o: KERNEL_OBJECT_CFLAGS := \
	-Dmach_msg_send_from_kernel=mach_msg_send_from_kernel_locked

$(B)/$(1)/gen/%.o: $(KERNEL_GEN)/%.c
	@mkdir -p $$(@D)
	@echo "  CC      $$< ($(1))"
	@$$(CC) $$(KERNEL_CFLAGS) $$($(3)) $$(KERNEL_OBJECT_CFLAGS) \
	    -Wno-unused-parameter -c $$< -o $$@

# Every kernel object may include a generated header.
$$(filter-out $(B)/$(1)/gen/%,$$(KERNEL_OBJS_$(1))): | $$(KERNEL_SERVER_HDRS)

$(B)/$(1)/%.o: mach/%.c
	@mkdir -p $$(@D)
	@echo "  CC      $$< ($(1))"
	@$$(CC) $$(KERNEL_CFLAGS) $$($(3)) $$(KERNEL_OBJECT_CFLAGS) -c $$< -o $$@

$(B)/$(1)/%.o: mach/%.S
	@mkdir -p $$(@D)
	@echo "  AS      $$< ($(1))"
	@$$(CC) $$(KERNEL_CFLAGS) $$($(3)) $$(KERNEL_OBJECT_CFLAGS) \
	    -D__ASSEMBLY__ -c $$< -o $$@

$(B)/$(1)/ksyms-empty.S: tools/gen-ksyms.sh
	@mkdir -p $$(@D)
	tools/gen-ksyms.sh --empty $$@

$(B)/$(1)/ksyms.S: $(B)/$(1)/kernel.pass1.elf tools/gen-ksyms.sh
	tools/gen-ksyms.sh $$< $$@

$(B)/$(1)/ksyms%.o: $(B)/$(1)/ksyms%.S
	$$(CC) -c $$< -o $$@

$(B)/$(1)/kernel.pass1.elf: $$(KERNEL_OBJS_$(1)) $(B)/$(1)/ksyms-empty.o \
    mach/x86_64/kernel.ld
	ld $$(KERNEL_LDFLAGS) -o $$@ $$(KERNEL_OBJS_$(1)) $(B)/$(1)/ksyms-empty.o

$(B)/$(1)/kernel.elf: $$(KERNEL_OBJS_$(1)) $(B)/$(1)/ksyms.o \
    mach/x86_64/kernel.ld tools/check-kernel-layout.sh
	ld $$(KERNEL_LDFLAGS) -o $$@ $$(KERNEL_OBJS_$(1)) $(B)/$(1)/ksyms.o
	tools/check-kernel-layout.sh $$@

-include $$(KERNEL_OBJS_$(1):.o=.d)
endef

$(eval $(call kernel_rules,mach,$(KERNEL_SRCS),KERNEL_NO_CFLAGS))
KERNEL_CHECK_ALL_SRCS := $(KERNEL_SRCS) $(KERNEL_CHECK_SRCS)
$(eval $(call kernel_rules,mach-check,$(KERNEL_CHECK_ALL_SRCS),KERNEL_CHECK_CFLAGS))

# The handlers of UBSan's reports are not checked themselves.
$(B)/mach-check/kern/ubsan.o: KERNEL_OBJECT_CFLAGS := -fno-sanitize=all

.PHONY: kernel-check
kernel-check: $(KERNEL_CHECK)

ALL_TARGETS += $(KERNEL)
