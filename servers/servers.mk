# servers/: the personality-neutral system servers, each a native program
# built with libmach's USER_* flags into $(B)/servers/NAME, its objects
# and IDL-generated stubs in $(B)/servers/obj/NAME/.
#
#   bootstrap	the name service; the first module of a boot whose kernel
#		arguments hold `bootstrap` (servers/bootstrap/tasks.c)
#
# A server's interface servers/NAME/NAME.defs gives it server stubs
# (NAME_server.[ch]; its client stubs are in libmach, see LIBMACH_DEFS);
# a deferred-reply interface servers/NAME/NAME_reply.defs gives it user
# stubs (NAME_reply_user.c, NAME_reply.h) for its late answers.

SERVERS_OBJ := $(B)/servers/obj

BOOTSTRAP := $(B)/servers/bootstrap
BOOTSTRAP_GEN := $(addprefix $(SERVERS_OBJ)/bootstrap/,\
    bootstrap_server.c bootstrap_reply_user.c)
BOOTSTRAP_GEN_HEADERS := $(addprefix $(SERVERS_OBJ)/bootstrap/,\
    bootstrap_server.h bootstrap_reply.h)
BOOTSTRAP_OBJS := $(patsubst servers/%.c,$(SERVERS_OBJ)/%.o,\
    $(wildcard servers/bootstrap/*.c)) $(BOOTSTRAP_GEN:.c=.o)

$(SERVERS_OBJ)/%_server.c $(SERVERS_OBJ)/%_server.h: servers/%.defs \
    $(wildcard mach/include/mach/*.defs) $(MIG)
	@mkdir -p $(@D)
	$(MIG) -q -Imach/include -server $(SERVERS_OBJ)/$*_server.c \
	    -sheader $(SERVERS_OBJ)/$*_server.h -user /dev/null \
	    -header /dev/null $<

$(SERVERS_OBJ)/%_reply_user.c $(SERVERS_OBJ)/%_reply.h: servers/%_reply.defs \
    $(wildcard mach/include/mach/*.defs) $(MIG)
	@mkdir -p $(@D)
	$(MIG) -q -Imach/include -user $(SERVERS_OBJ)/$*_reply_user.c \
	    -header $(SERVERS_OBJ)/$*_reply.h -server /dev/null $<

# A server's sources see its generated headers (-I its object directory).
$(SERVERS_OBJ)/%.o: servers/%.c $(NEWLIB_STAMP) | $(USER_HEADERS) \
    $(BOOTSTRAP_GEN_HEADERS)
	@mkdir -p $(@D)
	$(CC) $(USER_CFLAGS) $(USER_WARNINGS) -I $(@D) -MMD -MP -c -o $@ $<

$(SERVERS_OBJ)/%.o: $(SERVERS_OBJ)/%.c $(NEWLIB_STAMP) | $(USER_HEADERS)
	$(CC) $(USER_CFLAGS) $(USER_WARNINGS) -Wno-unused-parameter -I $(@D) \
	    -c -o $@ $<

$(BOOTSTRAP): $(BOOTSTRAP_OBJS) $(USER_DEPS)
	$(USER_LINK)

.SECONDARY: $(BOOTSTRAP_GEN) $(BOOTSTRAP_GEN_HEADERS) $(BOOTSTRAP_OBJS)
ALL_TARGETS += $(BOOTSTRAP)
-include $(wildcard $(SERVERS_OBJ)/*/*.d)

# make run RUN_KERNEL_ARGS=bootstrap RUN_MODULES='build/servers/bootstrap ...'
$(ISO): $(BOOTSTRAP)

# make run boots the bootstrap server first (RUN_MODULES, libmach.mk).
$(ISO): $(BOOTSTRAP)
