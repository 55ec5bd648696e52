# libmach: the runtime of native tasks (crt0, trap stubs, newlib glue),
# newlib itself, the user-program compile and link flags that every
# native program shares, build/bin/mach-cc, and the demo programs of
# `make run`.
#
#   $(NEWLIB_STAMP)	newlib built into $(B)/newlib (tools/build-newlib.sh)
#   $(LIBMACH)		$(B)/libmach/libmach.a, plus $(LIBMACH_CRT0)
#   $(MACH_CC)		$(B)/bin/mach-cc: gcc for native tasks
#   USER_CFLAGS, USER_LDFLAGS, USER_LIBS, USER_DEPS, $(USER_LINK)
#			for other fragments' user programs
#   RUN_MODULES		the tasks `make run` boots (tools/tools.mk)

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

# User stubs of the kernel's interfaces (mach/include/mach/*.defs) and
# of the system servers' (servers/bootstrap/bootstrap.defs), in
# libmach.a, and their headers as <mach/NAME.h> in $(B)/include, which
# USER_CFLAGS searches.  USER_HEADERS: what every user object needs built.
LIBMACH_DEFS := mach_port task thread host vm_map bootstrap
LIBMACH_GEN := $(B)/libmach/gen
USER_HEADERS := $(LIBMACH_DEFS:%=$(B)/include/mach/%.h)
LIBMACH_OBJS += $(LIBMACH_DEFS:%=$(LIBMACH_GEN)/%_user.o)
# Interfaces whose servers tasks implement (exception handlers,
# notifications): server stubs in libmach, header <mach/NAME_server.h>.
LIBMACH_SERVER_DEFS := exc notify
USER_HEADERS += $(LIBMACH_SERVER_DEFS:%=$(B)/include/mach/%_server.h)
LIBMACH_OBJS += $(LIBMACH_SERVER_DEFS:%=$(LIBMACH_GEN)/%_server.o)

$(LIBMACH_GEN)/%_server.c $(B)/include/mach/%_server.h: \
    mach/include/mach/%.defs $(wildcard mach/include/mach/*.defs) $(MIG)
	@mkdir -p $(LIBMACH_GEN) $(B)/include/mach
	$(MIG) -q -Imach/include -server $(LIBMACH_GEN)/$*_server.c \
	    -sheader $(B)/include/mach/$*_server.h -user /dev/null \
	    -header /dev/null $<

$(LIBMACH_GEN)/%_user.c $(B)/include/mach/%.h: mach/include/mach/%.defs \
    $(wildcard mach/include/mach/*.defs) $(MIG)
	@mkdir -p $(LIBMACH_GEN) $(B)/include/mach
	$(MIG) -q -Imach/include -user $(LIBMACH_GEN)/$*_user.c \
	    -header $(B)/include/mach/$*.h -server /dev/null $<
$(LIBMACH_GEN)/%_user.c $(B)/include/mach/%.h: servers/bootstrap/%.defs \
    $(wildcard mach/include/mach/*.defs) $(MIG)
	@mkdir -p $(LIBMACH_GEN) $(B)/include/mach
	$(MIG) -q -Imach/include -user $(LIBMACH_GEN)/$*_user.c \
	    -header $(B)/include/mach/$*.h -server /dev/null $<

.SECONDARY: $(USER_HEADERS) $(LIBMACH_DEFS:%=$(LIBMACH_GEN)/%_user.c) \
    $(LIBMACH_SERVER_DEFS:%=$(LIBMACH_GEN)/%_server.c)

$(LIBMACH_GEN)/%.o: $(LIBMACH_GEN)/%.c $(NEWLIB_STAMP)
	$(CC) $(USER_CFLAGS) $(USER_WARNINGS) -Wno-unused-parameter -c -o $@ $<
MACH_CC := $(B)/bin/mach-cc

$(NEWLIB_STAMP): tools/build-newlib.sh
	tools/build-newlib.sh $(B)/newlib

$(B)/libmach/%.o: libmach/%.c $(NEWLIB_STAMP) | $(USER_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(USER_WARNINGS) -MMD -MP -c -o $@ $<

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
# libmach/demos/adder.defs.  A module is a program path and its
# arguments.
DEMOS := $(patsubst libmach/demos/%.c,$(B)/libmach/demos/%,\
    $(wildcard libmach/demos/*.c))
RUN_MODULES = $(BOOTSTRAP) "$(B)/libmach/demos/hello world" \
    "$(B)/libmach/demos/primes 3000000" "$(B)/libmach/demos/primes 1000000" \
    $(B)/libmach/demos/adder $(B)/libmach/demos/calc
DEMO_GEN := $(B)/libmach/demos/gen

$(B)/libmach/demos/%: $(B)/libmach/demos/%.o $(USER_DEPS)
	$(USER_LINK)

$(DEMO_GEN)/adder_server.c $(DEMO_GEN)/adder_server.h \
$(DEMO_GEN)/adder_user.c $(DEMO_GEN)/adder.h: libmach/demos/adder.defs $(MIG)
	@mkdir -p $(DEMO_GEN)
	$(MIG) -q -Imach/include -server $(DEMO_GEN)/adder_server.c \
	    -sheader $(DEMO_GEN)/adder_server.h -user $(DEMO_GEN)/adder_user.c \
	    -header $(DEMO_GEN)/adder.h $<

$(DEMO_GEN)/%.o: $(DEMO_GEN)/%.c $(NEWLIB_STAMP) | $(USER_HEADERS)
	$(CC) $(USER_CFLAGS) $(USER_WARNINGS) -Wno-unused-parameter -c -o $@ $<

$(B)/libmach/demos/adder.o $(B)/libmach/demos/calc.o: \
    $(DEMO_GEN)/adder_server.h $(DEMO_GEN)/adder.h
$(B)/libmach/demos/adder.o $(B)/libmach/demos/calc.o: \
    USER_CFLAGS += -I $(DEMO_GEN)
$(B)/libmach/demos/adder: $(DEMO_GEN)/adder_server.o
$(B)/libmach/demos/calc: $(DEMO_GEN)/adder_user.o

# The ISO of make run (tools/tools.mk) holds the demos (and, by
# servers/servers.mk, the bootstrap server).
$(ISO): $(DEMOS)

.SECONDARY: $(DEMOS:=.o) $(addprefix $(DEMO_GEN)/,adder_server.c \
    adder_server.h adder_user.c adder.h)
ALL_TARGETS += $(LIBMACH) $(LIBMACH_CRT0) $(MACH_CC) $(DEMOS)
-include $(wildcard $(B)/libmach/*.d $(B)/libmach/demos/*.d)
