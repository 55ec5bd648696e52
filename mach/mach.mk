# The kernel: build/mach/kernel.elf, a multiboot1+2 ELF64 image.
#
# Linked twice: the first link gives the addresses for the symbol table
# used in backtraces (tools/gen-ksyms.sh), the second links the table in.
# The table sits after code and data, so the second link moves no code.

KERNEL := $(B)/mach/kernel.elf
KERNEL_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-mno-red-zone -mcmodel=kernel -mno-sse -mno-sse2 -mno-mmx -mno-avx \
	-mno-80387 -fno-pie -fno-stack-protector -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-common \
	-DMACH_KERNEL -Wall -Wextra -Werror -Imach/include -Imach -Imach/x86_64 \
	-Imach/kern/stdc -MMD -MP
KERNEL_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 \
	--no-warn-rwx-segments -T mach/x86_64/kernel.ld

KERNEL_SRCS := $(wildcard mach/kern/*.c mach/ipc/*.c mach/vm/*.c \
	mach/x86_64/*.c mach/x86_64/*.S)
KERNEL_OBJS := $(patsubst %,$(B)/%.o,$(basename $(KERNEL_SRCS)))

# The kernel's interfaces: server stubs (and their headers, which the
# routines' files include) generated from mach/include/mach/*.defs.
KERNEL_SERVER_DEFS := mach_port task thread host vm_map
KERNEL_USER_DEFS := notify exc
KERNEL_GEN := $(B)/mach/gen
KERNEL_SERVER_SRCS := $(KERNEL_SERVER_DEFS:%=$(KERNEL_GEN)/%_server.c) \
	$(KERNEL_USER_DEFS:%=$(KERNEL_GEN)/%_user.c)
KERNEL_SERVER_HDRS := $(KERNEL_SERVER_DEFS:%=$(KERNEL_GEN)/%_server.h) \
	$(KERNEL_USER_DEFS:%=$(KERNEL_GEN)/%_user.h)
KERNEL_OBJS += $(KERNEL_SERVER_SRCS:.c=.o)
KERNEL_CFLAGS += -I$(KERNEL_GEN)

$(KERNEL_GEN)/%_server.c $(KERNEL_GEN)/%_server.h: mach/include/mach/%.defs \
    $(wildcard mach/include/mach/*.defs) $(MIG)
	@mkdir -p $(@D)
	@echo "  MIG     $< (kernel server)"
	@$(MIG) -q -DKERNEL_SERVER -Imach/include -server $(KERNEL_GEN)/$*_server.c \
	    -sheader $(KERNEL_GEN)/$*_server.h -user /dev/null -header /dev/null $<

.SECONDARY: $(KERNEL_SERVER_SRCS) $(KERNEL_SERVER_HDRS)

$(KERNEL_GEN)/%_user.c $(KERNEL_GEN)/%_user.h: mach/include/mach/%.defs \
    $(wildcard mach/include/mach/*.defs) $(MIG)
	@mkdir -p $(@D)
	@echo "  MIG     $< (kernel user)"
	@$(MIG) -q -DKERNEL_USER -Imach/include -user $(KERNEL_GEN)/$*_user.c \
	    -header $(KERNEL_GEN)/$*_user.h -server /dev/null $<

# Notifications start inside IPC, with ipc_lock held.
$(KERNEL_GEN)/notify_user.o: KERNEL_CFLAGS += \
	-Dmach_msg_send_from_kernel=mach_msg_send_from_kernel_locked

$(KERNEL_GEN)/%.o: $(KERNEL_GEN)/%.c
	@echo "  CC      $<"
	@$(CC) $(KERNEL_CFLAGS) -Wno-unused-parameter -c $< -o $@

# Every kernel object may include a generated header.
$(filter-out $(KERNEL_GEN)/%,$(KERNEL_OBJS)): | $(KERNEL_SERVER_HDRS)

$(B)/mach/%.o: mach/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(B)/mach/%.o: mach/%.S
	@mkdir -p $(@D)
	@echo "  AS      $<"
	@$(CC) $(KERNEL_CFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(B)/mach/ksyms-empty.S: tools/gen-ksyms.sh
	@mkdir -p $(@D)
	tools/gen-ksyms.sh --empty $@

$(B)/mach/ksyms.S: $(B)/mach/kernel.pass1.elf tools/gen-ksyms.sh
	tools/gen-ksyms.sh $< $@

$(B)/mach/ksyms%.o: $(B)/mach/ksyms%.S
	$(CC) -c $< -o $@

$(B)/mach/kernel.pass1.elf: $(KERNEL_OBJS) $(B)/mach/ksyms-empty.o mach/x86_64/kernel.ld
	ld $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS) $(B)/mach/ksyms-empty.o

$(KERNEL): $(KERNEL_OBJS) $(B)/mach/ksyms.o mach/x86_64/kernel.ld tools/check-kernel-layout.sh
	ld $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS) $(B)/mach/ksyms.o
	tools/check-kernel-layout.sh $@

ALL_TARGETS += $(KERNEL)

-include $(KERNEL_OBJS:.o=.d)
