# libmach: the runtime of native tasks (crt0, trap stubs, newlib glue),
# newlib itself, the user-program compile and link flags that every
# native program shares, build/bin/mach-cc, and the demo programs of
# `make run-demos`.
#
#   $(NEWLIB_STAMP)	newlib built into $(B)/newlib (tools/build-newlib.sh)
#   $(LIBMACH)		$(B)/libmach/libmach.a, plus $(LIBMACH_CRT0)
#   $(MACH_CC)		$(B)/bin/mach-cc: gcc for native tasks
#   USER_CFLAGS, USER_LDFLAGS, USER_LIBS, USER_DEPS, $(USER_LINK)
#			for other fragments' user programs
#   DEMO_MODULES	the tasks `make run-demos` boots

NEWLIB := $(B)/newlib/install/x86_64-elf
NEWLIB_STAMP := $(B)/newlib/stamp
GCC_INCLUDE := $(shell $(CC) -print-file-name=include)
LIBGCC := $(shell $(CC) -print-libgcc-file-name)

# Hosted C against newlib's headers (never the host's), static non-PIE.
# USER_CFLAGS are what mach-cc gives every program; our own code adds
# USER_WARNINGS.  Paths are prefixed with $(TOP), empty here and the
# source tree's absolute path when written into mach-cc.
TOP :=
LIBMACH := $(B)/libmach/libmach.a
LIBMACH_CRT0 := $(B)/libmach/crt0.o
USER_CFLAGS = -std=gnu11 -O2 -g -nostdinc -isystem $(TOP)$(NEWLIB)/include \
    -isystem $(GCC_INCLUDE) -I $(TOP)mach/include -I $(TOP)libmach/include \
    -I $(TOP)$(B)/include \
    -fno-pie -fno-stack-protector
USER_WARNINGS := -Wall -Wextra -Werror
# -u __malloc_lock: newlib's lock hooks come from libmach
# (libmach/newlib_lock.c), which the linker must take before libc's no-op
# ones.
USER_LDFLAGS = -static -nostdlib -no-pie -T $(TOP)libmach/user.ld \
    -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack -Wl,--build-id=none \
    -Wl,-u,__malloc_lock
USER_LIBS = -Wl,--start-group $(TOP)$(LIBMACH) $(TOP)$(NEWLIB)/lib/libc.a \
    $(TOP)$(NEWLIB)/lib/libm.a $(LIBGCC) -Wl,--end-group
USER_DEPS := $(LIBMACH_CRT0) $(LIBMACH) libmach/user.ld
# Links the objects among a rule's prerequisites into a native program.
USER_LINK = $(CC) $(USER_LDFLAGS) -o $@ $(LIBMACH_CRT0) \
    $(filter %.o,$(filter-out $(LIBMACH_CRT0),$^)) $(USER_LIBS)

LIBMACH_OBJS := $(patsubst %.c,$(B)/%.o,$(wildcard libmach/*.c))

# The interfaces whose stubs libmach holds (owner `libmach' in the top
# Makefile's list): the client stubs of the kernel's interfaces and of
# the system servers', the server stubs of those that tasks implement
# (exception handlers, notifications); headers <mach/NAME.h> and
# <mach/NAME_server.h> in $(B)/include, which USER_CFLAGS searches.
# USER_HEADERS: what every user object needs built.
LIBMACH_GEN := $(STUB_DIR_libmach)
USER_HEADERS := $(STUB_HDRS_libmach)
LIBMACH_OBJS += $(STUB_SRCS_libmach:.c=.o)

$(LIBMACH_GEN)/%.o: $(LIBMACH_GEN)/%.c $(NEWLIB_STAMP)
	$(CC) $(USER_CFLAGS) $(USER_WARNINGS) -Wno-unused-parameter -c -o $@ $<

MACH_CC := $(B)/bin/mach-cc

$(NEWLIB_STAMP): tools/build-newlib.sh
	tools/build-newlib.sh $(B)/newlib

# mach_msg_regs (the IDL stubs' short RPCs) uses no SSE register: gcc
# would zero its structures with SSE stores, and a thread's first FPU
# use after each switch to it costs a trap (#NM) with lazy switching.
$(B)/libmach/mach_msg_regs.o: LIBMACH_FILE_CFLAGS := -mgeneral-regs-only

$(B)/libmach/%.o: libmach/%.c $(NEWLIB_STAMP) | $(USER_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(LIBMACH_FILE_CFLAGS) $(USER_WARNINGS) -MMD -MP \
	    -c -o $@ $<

$(B)/libmach/%.o: libmach/%.S $(NEWLIB_STAMP)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) -MMD -MP -c -o $@ $<

$(LIBMACH): $(LIBMACH_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(MACH_CC): TOP := $(CURDIR)/
$(MACH_CC): tools/mach-cc.in libmach/libmach.mk
	@mkdir -p $(@D)
	sed -e 's|@CC@|$(CC)|g' -e 's|@USER_CFLAGS@|$(USER_CFLAGS)|g' \
	    -e 's|@USER_LDFLAGS@|$(USER_LDFLAGS)|g' \
	    -e 's|@USER_LIBS@|$(USER_LIBS)|g' \
	    -e 's|@CRT0@|$(TOP)$(LIBMACH_CRT0)|g' $< >$@.tmp
	chmod +x $@.tmp
	mv $@.tmp $@

# Demo programs (make run), started by the bootstrap server: one that
# prints, two instances of one that computes, which share the processor,
# and a server (adder) with its client (calc), which find each other
# through the name service and talk through stubs generated from
# libmach/demos/adder.defs (the top Makefile's list).  Each is one file,
# libmach/demos/NAME.c, a program (tools/templates.mk).  A module is a
# program path and its arguments.
DEMO_NAMES := $(patsubst libmach/demos/%.c,%,$(wildcard libmach/demos/*.c))
DEMOS := $(DEMO_NAMES:%=$(B)/libmach/demos/%)
$(foreach d,$(DEMO_NAMES),$(eval $(call program,$(d),$(B)/libmach/demos/$(d),libmach/demos/$(d).c)))
DEMO_MODULES = $(SERVER_bootstrap) "$(B)/libmach/demos/hello world" \
    "$(B)/libmach/demos/primes 3000000" "$(B)/libmach/demos/primes 1000000" \
    $(B)/libmach/demos/adder $(B)/libmach/demos/calc

# make run-demos: make run (tools/tools.mk) with the demos, which the ISO
# holds (and, by the server template, the servers).
$(ISO): $(DEMOS)
.PHONY: run-demos
run-demos:
	$(MAKE) --no-print-directory run RUN_MODULES='$(DEMO_MODULES)'

# make pagerplot: the demo pager's traffic, traced (pagertrace) and
# plotted with gnuplot into $(B)/pagerplot (docs/vm.md, "Tracing").
pagerplot: $(KERNEL) $(DEMOS)
	tools/pagerplot.sh $(KERNEL) $(B)/pagerplot
.PHONY: pagerplot

ALL_TARGETS += $(LIBMACH) $(LIBMACH_CRT0) $(MACH_CC)
-include $(wildcard $(B)/libmach/*.d)
