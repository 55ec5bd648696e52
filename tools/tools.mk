# Host tools: dependencies, formatting, the ISO, make run and make debug.
#
#   make deps		install missing Debian packages (tools/deps.sh)
#   make format		apply .clang-format (tools/format.sh)
#   make iso		build that ISO, $(B)/iso/system.iso, and no more
#   make run		boot the GRUB2 ISO with the demo tasks, serial console
#			on the terminal (quit: Ctrl-A X)
#   make debug		the same, halted, with gdb attached
#			(both with CHECK=1: the checking kernel,
#			docs/reliability.md)
#   test-format		test group: is the tree formatted?
#
# The kernel (KERNEL in mach/mach.mk) and the modules make run boots
# (RUN_MODULES: the UNIX server and dash, personalities/unix/unix.mk,
# and the posix-lite server, personalities/posix-lite/lite.mk;
# make run-demos: the demo tasks, libmach/libmach.mk) are defined by
# fragments read after this one, so the kernel is named here by its path
# and those fragments add their modules to the ISO's prerequisites.

ISO := $(B)/iso/system.iso
CHECK ?= 0
RUN_KERNEL := $(B)/mach$(if $(filter 1,$(CHECK)),-check)/kernel.elf
RUN_KERNEL_ARGS ?= bootstrap # the first module starts the others
# The ISO is remade at every run (it takes a moment), so that a module
# list or kernel arguments given on the command line are always used:
#   make run RUN_MODULES='"build/myprog arg1 arg2" build/other'
.PHONY: iso run debug format test-format $(ISO)

deps:
	@tools/deps.sh

format:
	tools/format.sh

$(ISO): tools/mkiso.sh $(RUN_KERNEL)
	@mkdir -p $(@D)
	tools/mkiso.sh $@ $(RUN_KERNEL) "$(RUN_KERNEL_ARGS)" \
	    $(RUN_MODULES)

iso: $(ISO)

run: $(ISO)
	@echo "run: booting $(ISO) with $(RUN_KERNEL) (ACCEL=$(ACCEL));" \
	    "quit with Ctrl-A X"
	tools/qemu.sh iso $(ISO)

debug: $(ISO)
	@echo "debug: QEMU waits for gdb on :1234; quit gdb to stop it"
	tools/qemu.sh -o $(B)/debug-console.log -g iso $(ISO) & \
	    gdb -q -x tools/gdbinit $(RUN_KERNEL); \
	    kill $$! 2>/dev/null; true
	@echo "debug: console output is in $(B)/debug-console.log"

test-format:
	@mkdir -p $(B)/tests
	@if tools/format.sh --check; then r="1 0"; else r="0 1"; fi; \
	    echo "$$r" >$(B)/tests/format.result
TEST_GROUPS += test-format
