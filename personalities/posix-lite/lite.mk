# personalities/posix-lite: the posix-lite server, its interfaces, the
# library of its processes (liblite.a), build/bin/lite-cc, the UNIX
# program `lite` that starts a posix-lite program, and the programs of
# tests/common built for both personalities.  Included from the top
# Makefile after unix.mk (it uses the UNIX personality's headers, its io
# stubs and its file system's tree); everything goes to $(B)/posix-lite.
#
#   $(LITE_SERVER)	$(B)/posix-lite/lite: the server (a boot module)
#   $(LITE_LIB)		$(B)/posix-lite/lib/liblite.a: the glue (libc/),
#			the client stubs of lite.defs and io.defs
#   $(LITE_CC)		$(B)/bin/lite-cc
#   /bin/lite		in the UNIX file system: runs a posix-lite program
#   /test/c_*, /test/lite-c_*  tests/common/*.c built with unix-cc and
#			with lite-cc

LITE_DIR := personalities/posix-lite
LB := $(B)/posix-lite
LITE_GEN := $(LB)/gen
LITE_INCLUDE := $(LB)/include
LITE_SERVER := $(LB)/lite
LITE_LIB := $(LB)/lib/liblite.a
LITE_CC := $(B)/bin/lite-cc

# The POSIX headers are the UNIX personality's (personalities/unix/include:
# dirent.h, sys/signal.h, ...): one program source compiles for both.
LITE_CFLAGS = $(USER_CFLAGS) -I $(TOP)$(LITE_DIR)/include \
    -I $(TOP)$(LITE_INCLUDE) -I $(TOP)$(UNIX_DIR)/include \
    -I $(TOP)$(UNIX_INCLUDE)
# lite_start (libc/start.c) runs from .preinit_array: -u links it in.
LITE_LIBS = -Wl,-u,lite_start -Wl,--start-group $(TOP)$(LITE_LIB) $(TOP)$(UNIX_CORE) \
    $(TOP)$(NEWLIB)/lib/libc.a $(TOP)$(NEWLIB)/lib/libm.a $(LIBGCC) \
    -Wl,--end-group
LITE_HEADERS := $(LITE_INCLUDE)/lite/lite.h $(LITE_GEN)/lite_server.h \
    $(LITE_GEN)/lite_reply.h $(LITE_GEN)/lite_signal.h \
    $(LITE_GEN)/lite_signal_server.h

# The stubs: lite.defs (the library's client, the server's server),
# lite_reply.defs (the server's late answers), lite_signal.defs (the
# server sends, the library's signal thread serves).
$(LITE_INCLUDE)/lite/lite.h $(LITE_GEN)/lite_user.c: $(LITE_DIR)/lite.defs \
    $(wildcard mach/include/mach/*.defs) $(MIG)
	@mkdir -p $(LITE_INCLUDE)/lite $(LITE_GEN)
	$(MIG) -q -Imach/include -user $(LITE_GEN)/lite_user.c \
	    -header $(LITE_INCLUDE)/lite/lite.h -server /dev/null $<
$(LITE_GEN)/lite_server.c $(LITE_GEN)/lite_server.h: $(LITE_DIR)/lite.defs \
    $(wildcard mach/include/mach/*.defs) $(MIG)
	@mkdir -p $(LITE_GEN)
	$(MIG) -q -Imach/include -server $(LITE_GEN)/lite_server.c \
	    -sheader $(LITE_GEN)/lite_server.h -user /dev/null \
	    -header /dev/null $<
$(LITE_GEN)/lite_reply_user.c $(LITE_GEN)/lite_reply.h: \
    $(LITE_DIR)/lite_reply.defs $(wildcard mach/include/mach/*.defs) $(MIG)
	@mkdir -p $(LITE_GEN)
	$(MIG) -q -Imach/include -user $(LITE_GEN)/lite_reply_user.c \
	    -header $(LITE_GEN)/lite_reply.h -server /dev/null $<
$(LITE_GEN)/lite_signal_user.c $(LITE_GEN)/lite_signal.h: \
    $(LITE_DIR)/lite_signal.defs $(wildcard mach/include/mach/*.defs) $(MIG)
	@mkdir -p $(LITE_GEN)
	$(MIG) -q -Imach/include -user $(LITE_GEN)/lite_signal_user.c \
	    -header $(LITE_GEN)/lite_signal.h -server /dev/null $<
$(LITE_GEN)/lite_signal_server.c $(LITE_GEN)/lite_signal_server.h: \
    $(LITE_DIR)/lite_signal.defs $(wildcard mach/include/mach/*.defs) $(MIG)
	@mkdir -p $(LITE_GEN)
	$(MIG) -q -Imach/include -server $(LITE_GEN)/lite_signal_server.c \
	    -sheader $(LITE_GEN)/lite_signal_server.h -user /dev/null \
	    -header /dev/null $<

$(LITE_GEN)/%.o: $(LITE_GEN)/%.c $(NEWLIB_STAMP) | $(USER_HEADERS) \
    $(UNIX_HEADERS) $(LITE_HEADERS)
	$(CC) $(LITE_CFLAGS) $(USER_WARNINGS) -Wno-unused-parameter \
	    -I $(LITE_GEN) -c -o $@ $<

# The server.
LITE_SERVER_OBJS := $(patsubst $(LITE_DIR)/server/%.c,$(LB)/server/%.o,\
    $(wildcard $(LITE_DIR)/server/*.c)) $(LITE_GEN)/lite_server.o \
    $(LITE_GEN)/lite_reply_user.o $(LITE_GEN)/lite_signal_user.o \
    $(UNIX_GEN)/unix_user.o $(UNIX_GEN)/io_user.o

$(LB)/server/%.o: $(LITE_DIR)/server/%.c $(NEWLIB_STAMP) | $(USER_HEADERS) \
    $(UNIX_HEADERS) $(LITE_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(LITE_CFLAGS) $(USER_WARNINGS) -I $(LITE_GEN) -MMD -MP \
	    -c -o $@ $<

$(LITE_SERVER): $(LITE_SERVER_OBJS) $(USER_DEPS)
	$(USER_LINK)

# The library: libc/, and the UNIX personality's files that need no
# server (directories over getdents, signal sets, argument blocks,
# threads, timers).
LITE_LIB_OBJS := $(patsubst $(LITE_DIR)/libc/%.c,$(LB)/libc/%.o,\
    $(wildcard $(LITE_DIR)/libc/*.c)) $(LB)/libc/dirent.o \
    $(LB)/libc/sigset.o $(LB)/libc/args.o $(LB)/libc/pthread.o \
    $(LB)/libc/timer.o $(LITE_GEN)/lite_user.o \
    $(LITE_GEN)/lite_signal_server.o $(UNIX_GEN)/io_user.o

$(LB)/libc/%.o: $(LITE_DIR)/libc/%.c $(NEWLIB_STAMP) | $(USER_HEADERS) \
    $(UNIX_HEADERS) $(LITE_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(LITE_CFLAGS) $(USER_WARNINGS) -I $(LITE_GEN) -MMD -MP \
	    -c -o $@ $<
$(LB)/libc/%.o: $(UNIX_DIR)/libc/%.c $(NEWLIB_STAMP) | $(USER_HEADERS) \
    $(UNIX_HEADERS) $(LITE_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(LITE_CFLAGS) $(USER_WARNINGS) -MMD -MP -c -o $@ $<

$(LITE_LIB): $(LITE_LIB_OBJS)
	@mkdir -p $(@D)
	@rm -f $@
	ar rcs $@ $^

# lite-cc: as unix-cc, with this personality's library.
$(LITE_CC): TOP := $(CURDIR)/
$(LITE_CC): $(LITE_DIR)/lite-cc.in $(LITE_DIR)/lite.mk $(LITE_LIB) \
    $(UNIX_CORE) $(USER_DEPS) | $(LITE_HEADERS)
	@mkdir -p $(@D)
	sed -e 's|@CC@|$(CC)|g' -e 's|@LITE_CFLAGS@|$(LITE_CFLAGS)|g' \
	    -e 's|@USER_LDFLAGS@|$(USER_LDFLAGS)|g' \
	    -e 's|@LITE_LIBS@|$(LITE_LIBS)|g' \
	    -e 's|@CRT0@|$(TOP)$(LIBMACH_CRT0)|g' $< >$@.tmp
	chmod +x $@.tmp
	mv $@.tmp $@

# /bin/lite: a UNIX program (unix-cc) that speaks lite.defs.
LITE_RUN := $(UNIX_ROOT)/bin/lite
$(LITE_RUN): $(LITE_DIR)/programs/lite.c $(LITE_GEN)/lite_user.c $(UNIX_CC) \
    | $(LITE_HEADERS)
	@mkdir -p $(@D)
	$(UNIX_CC) $(USER_WARNINGS) -Wno-unused-parameter -I $(LITE_INCLUDE) \
	    -I $(LITE_DIR)/include -s -o $@ $< $(LITE_GEN)/lite_user.c

# tests/common: each program for both personalities, in the same file
# system: /test/NAME (unix-cc) and /test/lite-NAME (lite-cc).
COMMON_SRCS := $(wildcard tests/common/c_*.c)
COMMON_TESTS := $(patsubst tests/common/%.c,$(UNIX_ROOT)/test/%,\
    $(COMMON_SRCS)) $(patsubst tests/common/%.c,$(UNIX_ROOT)/test/lite-%,\
    $(COMMON_SRCS)) $(UNIX_ROOT)/test/t_common.sh
$(UNIX_ROOT)/test/c_%: tests/common/c_%.c tests/os/lib/tap.c \
    tests/os/lib/tap.h tests/common/common.h $(UNIX_CC)
	@mkdir -p $(@D)
	$(UNIX_CC) $(USER_WARNINGS) -s -o $@ $< tests/os/lib/tap.c
$(UNIX_ROOT)/test/lite-c_%: tests/common/c_%.c tests/os/lib/tap.c \
    tests/os/lib/tap.h tests/common/common.h $(LITE_CC)
	@mkdir -p $(@D)
	$(LITE_CC) $(USER_WARNINGS) -s -o $@ $< tests/os/lib/tap.c
# tests/common/h_bench.c, the child of the benchmark rows both
# personalities run, for each; and /test/lite-bench, posix-lite's rows
# (tests/bench/bench_lite.c; make bench: tests/bench/bench.mk).
LITE_BENCH := $(UNIX_ROOT)/test/lite-bench
COMMON_TESTS += $(UNIX_ROOT)/test/h_bench $(UNIX_ROOT)/test/lite-h_bench \
    $(LITE_BENCH)
$(UNIX_ROOT)/test/h_bench: tests/common/h_bench.c $(UNIX_CC)
	@mkdir -p $(@D)
	$(UNIX_CC) $(USER_WARNINGS) -s -o $@ $<
$(UNIX_ROOT)/test/lite-h_bench: tests/common/h_bench.c $(LITE_CC)
	@mkdir -p $(@D)
	$(LITE_CC) $(USER_WARNINGS) -s -o $@ $<
$(LITE_BENCH): tests/bench/bench.c tests/bench/bench_lite.c \
    tests/bench/bench_posix.c tests/bench/bench.h $(LITE_CC)
	@mkdir -p $(@D)
	$(LITE_CC) $(USER_WARNINGS) -DBENCH_CHILD='"/test/lite-h_bench"' -s \
	    -o $@ tests/bench/bench.c tests/bench/bench_lite.c \
	    tests/bench/bench_posix.c

# tests/common/l_*.c: posix-lite only (/test/lite-l_*).
COMMON_TESTS += $(patsubst tests/common/%.c,$(UNIX_ROOT)/test/lite-%,\
    $(wildcard tests/common/l_*.c))
$(UNIX_ROOT)/test/lite-l_%: tests/common/l_%.c $(LITE_CC)
	@mkdir -p $(@D)
	$(LITE_CC) $(USER_WARNINGS) -s -o $@ $<
$(UNIX_ROOT)/test/t_common.sh: tests/common/t_common.sh
	@mkdir -p $(@D)
	install -m 755 $< $@

# Into the UNIX server's boot archive.
$(UNIX_CPIO): $(LITE_RUN) $(COMMON_TESTS)

.SECONDARY: $(LITE_HEADERS) $(LITE_GEN)/lite_user.c \
    $(LITE_GEN)/lite_server.c $(LITE_GEN)/lite_reply_user.c \
    $(LITE_GEN)/lite_signal_user.c $(LITE_GEN)/lite_signal_server.c \
    $(LITE_SERVER_OBJS) $(LITE_LIB_OBJS)
ALL_TARGETS += $(LITE_SERVER) $(LITE_CC)
-include $(wildcard $(LB)/server/*.d $(LB)/libc/*.d)

# Both personalities boot together: in make run (tools/tools.mk) and in
# the boots of test-unix (tests/unix/boots/lite.boot).
RUN_MODULES += $(LITE_SERVER)
$(ISO): $(LITE_SERVER)
test-unix: $(LITE_SERVER)
