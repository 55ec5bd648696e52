# personalities/unix: the UNIX single server, its interface, the library
# of its processes (libunix.a), build/bin/unix-cc, its programs, the boot
# archive, and the test group test-unix.  Included from the top
# Makefile; everything goes to $(B)/unix.
#
#   $(UNIX_SERVER)	$(B)/unix/unix: the server (a boot module)
#   $(UNIX_ARCHIVE)	$(B)/unix/archive: the module carrying root.cpio
#   $(UNIX_LIB)		$(B)/unix/lib/libunix.a: the glue (libc/) and the
#			client stubs of unix.defs and io.defs
#   $(UNIX_CORE)	$(B)/unix/lib/libmach-core.a: libmach without its
#			native newlib glue
#   $(UNIX_CC)		$(B)/bin/unix-cc, unix-ar, unix-ranlib
#   UNIX_ROOT		$(B)/unix/root: the tree the archive is made of:
#			personalities/unix/root/, /sbin/init, /bin/*,
#			/test/* (tests/unix/t_*.c, built with unix-cc),
#			/test/newlib/* (newlib's tests: tests/unix/newlib.mk)
#   test-unix		the boots of tests/unix/boots/

UNIX_DIR := personalities/unix
UB := $(B)/unix
UNIX_GEN := $(UB)/gen
UNIX_INCLUDE := $(UB)/include
UNIX_SERVER := $(UB)/unix
UNIX_ARCHIVE := $(UB)/archive
UNIX_LIB := $(UB)/lib/libunix.a
UNIX_CORE := $(UB)/lib/libmach-core.a
UNIX_CC := $(B)/bin/unix-cc
UNIX_TRIPLET := x86_64-unix-mach
UNIX_ROOT := $(UB)/root
UNIX_CPIO := $(UB)/root.cpio

# The personality's headers come before newlib's (-I before -isystem).
UNIX_CFLAGS = $(USER_CFLAGS) -I $(TOP)$(UNIX_DIR)/include \
    -I $(TOP)$(UNIX_INCLUDE)
UNIX_LIBS = -Wl,-u,unix_signal_trampoline -Wl,--start-group $(TOP)$(UNIX_LIB) $(TOP)$(UNIX_CORE) \
    $(TOP)$(NEWLIB)/lib/libc.a $(TOP)$(NEWLIB)/lib/libm.a $(LIBGCC) \
    -Wl,--end-group
UNIX_HEADERS := $(UNIX_INCLUDE)/unix/unix.h $(UNIX_GEN)/unix_server.h \
    $(UNIX_GEN)/unix_reply.h $(UNIX_INCLUDE)/unix/io.h $(UNIX_GEN)/io_server.h \
    $(UNIX_GEN)/io_reply.h

# The processes' stubs send with mach_msg only (-noregs): the server waits
# for them on a port set in mach_msg, where the kernel's fast path can
# take a request and its reply both (docs/ipc.md), and the register
# path cannot.  (The stubs depend on this file too: their flags are here.)
$(UNIX_INCLUDE)/unix/unix.h $(UNIX_GEN)/unix_user.c: $(UNIX_DIR)/unix.defs \
    $(UNIX_DIR)/unix.mk $(wildcard mach/include/mach/*.defs) $(MIG)
	@mkdir -p $(UNIX_INCLUDE)/unix $(UNIX_GEN)
	$(MIG) -q -noregs -Imach/include -user $(UNIX_GEN)/unix_user.c \
	    -header $(UNIX_INCLUDE)/unix/unix.h -server /dev/null $<
$(UNIX_GEN)/unix_server.c $(UNIX_GEN)/unix_server.h: $(UNIX_DIR)/unix.defs \
    $(wildcard mach/include/mach/*.defs) $(MIG)
	@mkdir -p $(UNIX_GEN)
	$(MIG) -q -Imach/include -server $(UNIX_GEN)/unix_server.c \
	    -sheader $(UNIX_GEN)/unix_server.h -user /dev/null \
	    -header /dev/null $<
$(UNIX_GEN)/unix_reply_user.c $(UNIX_GEN)/unix_reply.h: \
    $(UNIX_DIR)/unix_reply.defs $(wildcard mach/include/mach/*.defs) $(MIG)
	@mkdir -p $(UNIX_GEN)
	$(MIG) -q -Imach/include -user $(UNIX_GEN)/unix_reply_user.c \
	    -header $(UNIX_GEN)/unix_reply.h -server /dev/null $<

$(UNIX_GEN)/%.o: $(UNIX_GEN)/%.c $(NEWLIB_STAMP) | $(USER_HEADERS) \
    $(UNIX_HEADERS)
	$(CC) $(UNIX_CFLAGS) $(USER_WARNINGS) -Wno-unused-parameter \
	    -I $(UNIX_GEN) -c -o $@ $<

# io.defs: the file system through ports (the server's side, its late
# replies, and the clients' stubs, which posix-lite's library links).
$(UNIX_INCLUDE)/unix/io.h $(UNIX_GEN)/io_user.c: $(UNIX_DIR)/io.defs \
    $(wildcard mach/include/mach/*.defs) $(MIG)
	@mkdir -p $(UNIX_INCLUDE)/unix $(UNIX_GEN)
	$(MIG) -q -Imach/include -user $(UNIX_GEN)/io_user.c \
	    -header $(UNIX_INCLUDE)/unix/io.h -server /dev/null $<
$(UNIX_GEN)/io_server.c $(UNIX_GEN)/io_server.h: $(UNIX_DIR)/io.defs \
    $(wildcard mach/include/mach/*.defs) $(MIG)
	@mkdir -p $(UNIX_GEN)
	$(MIG) -q -Imach/include -server $(UNIX_GEN)/io_server.c \
	    -sheader $(UNIX_GEN)/io_server.h -user /dev/null \
	    -header /dev/null $<
$(UNIX_GEN)/io_reply_user.c $(UNIX_GEN)/io_reply.h: \
    $(UNIX_DIR)/io_reply.defs $(wildcard mach/include/mach/*.defs) $(MIG)
	@mkdir -p $(UNIX_GEN)
	$(MIG) -q -Imach/include -user $(UNIX_GEN)/io_reply_user.c \
	    -header $(UNIX_GEN)/io_reply.h -server /dev/null $<

# The server.
UNIX_SERVER_OBJS := $(patsubst $(UNIX_DIR)/server/%.c,$(UB)/server/%.o,\
    $(wildcard $(UNIX_DIR)/server/*.c)) $(UNIX_GEN)/unix_server.o \
    $(UNIX_GEN)/unix_reply_user.o $(UNIX_GEN)/unix_user.o \
    $(UNIX_GEN)/io_server.o $(UNIX_GEN)/io_reply_user.o

$(UB)/server/%.o: $(UNIX_DIR)/server/%.c $(NEWLIB_STAMP) | $(USER_HEADERS) \
    $(UNIX_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(UNIX_CFLAGS) $(USER_WARNINGS) -I $(UNIX_GEN) -MMD -MP \
	    -c -o $@ $<

$(UNIX_SERVER): $(UNIX_SERVER_OBJS) $(USER_DEPS)
	$(USER_LINK)

# The library of UNIX processes.
UNIX_LIB_OBJS := $(patsubst $(UNIX_DIR)/libc/%.c,$(UB)/libc/%.o,\
    $(wildcard $(UNIX_DIR)/libc/*.c)) $(UNIX_GEN)/unix_user.o \
    $(UNIX_GEN)/io_user.o
# newlib's POSIX functions its own build leaves out (fnmatch, glob, regex,
# popen, basename, ...).
include $(UNIX_DIR)/newlib-posix.mk

$(UB)/libc/%.o: $(UNIX_DIR)/libc/%.c $(NEWLIB_STAMP) | $(USER_HEADERS) \
    $(UNIX_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(UNIX_CFLAGS) $(USER_WARNINGS) -MMD -MP -c -o $@ $<

$(UNIX_LIB): $(UNIX_LIB_OBJS)
	@mkdir -p $(@D)
	@rm -f $@
	ar rcs $@ $^

$(UNIX_CORE): $(filter-out $(B)/libmach/newlib_glue.o,$(LIBMACH_OBJS))
	@mkdir -p $(@D)
	@rm -f $@
	ar rcs $@ $^

# The toolchain: unix-cc, and unix-ar/unix-ranlib (the host's, which
# handle our ELF64 objects), under the triplet's names too.
$(UNIX_CC): TOP := $(CURDIR)/
$(UNIX_CC): $(UNIX_DIR)/unix-cc.in $(UNIX_DIR)/unix.mk $(UNIX_LIB) \
    $(UNIX_CORE) $(USER_DEPS) | $(UNIX_HEADERS)
	@mkdir -p $(@D)
	sed -e 's|@CC@|$(CC)|g' -e 's|@UNIX_CFLAGS@|$(UNIX_CFLAGS)|g' \
	    -e 's|@USER_LDFLAGS@|$(USER_LDFLAGS)|g' \
	    -e 's|@UNIX_LIBS@|$(UNIX_LIBS)|g' \
	    -e 's|@CRT0@|$(TOP)$(LIBMACH_CRT0)|g' $< >$@.tmp
	chmod +x $@.tmp
	mv $@.tmp $@
	ln -sf $$(command -v ar) $(B)/bin/unix-ar
	ln -sf $$(command -v ranlib) $(B)/bin/unix-ranlib
	ln -sf unix-cc $(B)/bin/$(UNIX_TRIPLET)-gcc
	ln -sf unix-cc $(B)/bin/$(UNIX_TRIPLET)-cc
	ln -sf unix-ar $(B)/bin/$(UNIX_TRIPLET)-ar
	ln -sf unix-ranlib $(B)/bin/$(UNIX_TRIPLET)-ranlib

# Programs of the file system, built with unix-cc as a user would:
# init in /sbin, the others of programs/ in /bin, the tests (t_*, which
# report TAP, and their helpers h_*; t_*.sh are scripts) in /test.
UNIX_PROGRAMS := $(UNIX_ROOT)/sbin/init $(patsubst \
    $(UNIX_DIR)/programs/%.c,$(UNIX_ROOT)/bin/%,$(filter-out \
    %/init.c,$(wildcard $(UNIX_DIR)/programs/*.c)))
UNIX_TESTS := $(patsubst tests/unix/%.c,$(UNIX_ROOT)/test/%,\
    $(wildcard tests/unix/t_*.c tests/unix/h_*.c)) \
    $(patsubst tests/unix/%.sh,$(UNIX_ROOT)/test/%,$(wildcard tests/unix/t_*.sh))

# /bin/sh: dash, from Debian's source package (tools/debian-source.sh
# fetches it once into $(B)/src), configured and built as any autoconf
# package is for this personality: --host=$(UNIX_TRIPLET) CC=unix-cc.
# Relinked whenever the personality's library changes.
DASH_VERSION := 0.5.12-2
DASH_SRC := $(B)/src/dash-$(DASH_VERSION)
DASH_BUILD := $(UB)/dash
DASH := $(DASH_BUILD)/src/dash
UNIX_PROGRAMS += $(UNIX_ROOT)/bin/sh
$(DASH_SRC)/configure: tools/debian-source.sh
	tools/debian-source.sh $(B) dash $(DASH_VERSION)
	touch $@
$(DASH_BUILD)/Makefile: $(DASH_SRC)/configure $(UNIX_CC)
	@mkdir -p $(@D)
	cd $(@D) && PATH=$(CURDIR)/$(B)/bin:$$PATH \
	    $(CURDIR)/$(DASH_SRC)/configure -q --host=$(UNIX_TRIPLET) \
	    CC=unix-cc CFLAGS=-O2
# dash's mksignames runs on the host and names each signal by its number
# in the <signal.h> it is compiled with: it gets this personality's
# numbers instead of the host's.
$(DASH_BUILD)/signal/signal.h: $(NEWLIB_STAMP) | $(UNIX_HEADERS)
	@mkdir -p $(@D)
	echo '#include <signal.h>' | $(CC) $(UNIX_CFLAGS) -E -dM - | \
	    grep -E '^#define (SIG[A-Z0-9]+|NSIG) ' >$@.defs
	{ echo '#include_next <signal.h>'; \
	  sed -E 's/^#define ([A-Z0-9]+) .*/#undef \1/' $@.defs; \
	  cat $@.defs; } >$@
$(DASH): $(DASH_BUILD)/Makefile $(DASH_BUILD)/signal/signal.h $(UNIX_LIB) \
    $(UNIX_CORE) $(UNIX_CC)
	rm -f $@
	PATH=$(CURDIR)/$(B)/bin:$$PATH $(MAKE) -s -C $(DASH_BUILD) \
	    CC_FOR_BUILD='gcc -I$(CURDIR)/$(DASH_BUILD)/signal'
$(UNIX_ROOT)/bin/sh: $(DASH)
	@mkdir -p $(@D)
	strip -o $@ $<

# /test/bench_unix: make bench's UNIX rows (tests/bench/bench_unix.c, the
# POSIX rows of bench_fork.c and those both personalities run,
# bench_posix.c, whose child is
# /test/h_bench: personalities/posix-lite/lite.mk; with the harness of
# tests/bench/bench.c; tests/bench/bench.mk).
UNIX_BENCH := $(UNIX_ROOT)/test/bench_unix
UNIX_TESTS += $(UNIX_BENCH)
$(UNIX_BENCH): tests/bench/bench.c tests/bench/bench_unix.c \
    tests/bench/bench_posix.c tests/bench/bench_fork.c tests/bench/bench.h \
    $(UNIX_CC)
	@mkdir -p $(@D)
	$(UNIX_CC) $(USER_WARNINGS) -DBENCH_CHILD='"/test/h_bench"' -s \
	    -o $@ tests/bench/bench.c tests/bench/bench_unix.c \
	    tests/bench/bench_posix.c tests/bench/bench_fork.c

# /test/newlib/*: newlib's own test programs (tests/unix/newlib.mk).
include tests/unix/newlib.mk

# The image's copies are stripped (-s): a quarter of the size.
$(UNIX_ROOT)/sbin/% $(UNIX_ROOT)/bin/%: $(UNIX_DIR)/programs/%.c \
    $(wildcard $(UNIX_DIR)/programs/*.h) $(UNIX_CC)
	@mkdir -p $(@D)
	$(UNIX_CC) $(USER_WARNINGS) -s -o $@ $<

$(UNIX_ROOT)/test/%: tests/unix/%.sh
	@mkdir -p $(@D)
	install -m 755 $< $@

$(UNIX_ROOT)/test/%: tests/unix/%.c tests/os/lib/tap.c tests/os/lib/tap.h \
    tests/os/lib/counts.c tests/os/lib/counts.h $(UNIX_CC)
	@mkdir -p $(@D)
	$(UNIX_CC) $(USER_WARNINGS) -s -o $@ $< tests/os/lib/tap.c \
	    tests/os/lib/counts.c

# make run (tools/tools.mk) boots these modules: the bootstrap server,
# the default pager (a daemon, which bootstrap does not wait for:
# docs/vm.md, "Pageout"), the server with init running UNIX_RUN
# (default /bin/sh, dash on the console: docs/unix-server.md);
# UNIX_EXTRA names programs (built with unix-cc) to put in the image's
# /bin.
UNIX_RUN ?= /bin/sh
RUN_MODULES = "$(SERVER_bootstrap) daemon:default_pager" \
    $(SERVER_default_pager) "$(UNIX_SERVER) /sbin/init $(UNIX_RUN)" \
    $(UNIX_ARCHIVE)
$(ISO): $(SERVER_default_pager) $(UNIX_SERVER) $(UNIX_ARCHIVE)
UNIX_EXTRA ?=
UNIX_EXTRA_STAMP := $(UB)/extra.list
$(UNIX_EXTRA_STAMP): FORCE
	@mkdir -p $(@D)
	@echo '$(UNIX_EXTRA)' | cmp -s - $@ || echo '$(UNIX_EXTRA)' >$@
.PHONY: FORCE
FORCE:

# The archive: personalities/unix/root/ plus the programs, as cpio newc
# with every file owned by root.
UNIX_ROOT_FILES := $(shell find $(UNIX_DIR)/root -type f 2>/dev/null)
$(UNIX_CPIO): $(UNIX_PROGRAMS) $(UNIX_TESTS) $(UNIX_ROOT_FILES) \
    $(UNIX_EXTRA_STAMP) $(UNIX_EXTRA)
	@mkdir -p $(UNIX_ROOT)/bin $(UNIX_ROOT)/tmp
	chmod 1777 $(UNIX_ROOT)/tmp
	if [ -d $(UNIX_DIR)/root ]; then cp -R $(UNIX_DIR)/root/. $(UNIX_ROOT)/; fi
	$(if $(UNIX_EXTRA),cp $(UNIX_EXTRA) $(UNIX_ROOT)/bin/)
	(cd $(UNIX_ROOT) && find . | LC_ALL=C sort | \
	    cpio -o -H newc -R 0:0 --quiet) >$@.tmp
	mv $@.tmp $@

$(UB)/archive.o: $(UNIX_DIR)/archive.c $(NEWLIB_STAMP) | $(USER_HEADERS) \
    $(UNIX_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(UNIX_CFLAGS) $(USER_WARNINGS) -c -o $@ $<
$(UB)/archive_data.o: $(UNIX_DIR)/archive_data.S $(UNIX_CPIO)
	@mkdir -p $(@D)
	$(CC) -c -DUNIX_ARCHIVE='"$(UNIX_CPIO)"' -o $@ $<
$(UNIX_ARCHIVE): $(UB)/archive.o $(UB)/archive_data.o \
    $(UNIX_GEN)/unix_user.o $(USER_DEPS)
	$(USER_LINK)

.SECONDARY: $(UNIX_HEADERS) $(UNIX_GEN)/unix_user.c \
    $(UNIX_GEN)/unix_server.c $(UNIX_GEN)/unix_reply_user.c \
    $(UNIX_GEN)/io_user.c $(UNIX_GEN)/io_server.c $(UNIX_GEN)/io_reply_user.c \
    $(UNIX_SERVER_OBJS) $(UNIX_LIB_OBJS)
ALL_TARGETS += $(UNIX_SERVER) $(UNIX_ARCHIVE) $(UNIX_CC)
-include $(wildcard $(UB)/server/*.d $(UB)/libc/*.d)

# test-unix: boots of the server running the test programs of /test.
.PHONY: test-unix
test-unix:
	$(call run-os-tests,unix,$(B)/tests/unix/results,\
	    $(wildcard tests/unix/boots/*.boot),\
	    $(KERNEL) $(SERVER_bootstrap) $(UNIX_SERVER) $(UNIX_ARCHIVE) \
	    $(B)/tests/os/t_fuzz,$(KERNEL))
TEST_GROUPS += test-unix
