# The build's templates: an interface (a .defs and the stubs made from
# it), a native program, a system server.  The top Makefile lists the
# system's interfaces and servers with them, one line each; fragments
# use the program template for their programs.  docs/build.md ("Adding
# a server, a program, an interface") shows how.
#
# $(eval $(call interface,DEFS,SIDE:OWNER...))
#	Runs mig on DEFS (IFACE.defs) once for each SIDE:OWNER.  SIDE is
#	`user' (the client stubs) or `server' (the server stubs and
#	demux); OWNER is what compiles them:
#	  kernel	the kernel (KernelServer, KernelUser; mach/mach.mk)
#	  libmach	libmach.a; headers <mach/IFACE.h>, <mach/IFACE_server.h>
#	  fuzz		the fuzzer's own stubs, prefix fz_ (tests/os/os.mk)
#	  PROGRAM	the program of that name (the program template): its
#			sources see the stubs' headers
#	Each adds its files to STUB_SRCS_OWNER and STUB_HDRS_OWNER, which
#	the owner's rules compile and wait for: an interface is listed
#	before its owner's rules are read.
#
# $(eval $(call program,NAME,PATH,SOURCES))
#	The native program PATH, from the C files SOURCES and the stubs
#	NAME owns, compiled with libmach's USER_* flags (objects under
#	$(B)/obj/NAME/) and linked with libmach and newlib.  Part of `make'.
#
# $(eval $(call server,NAME))
#	The system server servers/NAME/ (docs/servers.md): the program
#	NAME, $(B)/servers/NAME, from servers/NAME/*.c.  SERVER_NAME is its
#	path; SERVERS lists every server (test boots and the ISO of make
#	run may start any of them).
#
# Where an owner's stubs go: STUB_DIR_OWNER, $(B)/gen/OWNER unless set
# below; headers in STUB_HEADER_DIR_OWNER, by default the same.  Files:
# IFACE_user.c and IFACE.h (IFACE_user.h for the kernel:
# STUB_USER_SUFFIX_OWNER), IFACE_server.c and IFACE_server.h.  mig's
# flags for an owner: STUB_FLAGS_OWNER and STUB_FLAGS_OWNER_SIDE.

STUB_DIR_kernel := $(B)/mach/gen
STUB_USER_SUFFIX_kernel := _user
STUB_FLAGS_kernel_server := -DKERNEL_SERVER
STUB_FLAGS_kernel_user := -DKERNEL_USER
STUB_DIR_libmach := $(B)/libmach/gen
STUB_HEADER_DIR_libmach := $(B)/include/mach
STUB_DIR_fuzz := $(B)/tests/os/fuzz/gen
# The fuzzer bends every request in its own fz_mach_msg: no register trap.
STUB_FLAGS_fuzz := -prefix fz_ -subrprefix fz_ -noregs
# MIG_REGS=0 (make MIG_REGS=0 ...): no user stub of the build uses the
# register message trap (mig -noregs; docs/idl.md).
MIG_FLAGS += $(if $(filter 0,$(MIG_REGS)),-noregs)

# stub_dir(OWNER); stub_c(IFACE,SIDE,OWNER), stub_h(IFACE,SIDE,OWNER):
# the stubs' files.
stub_dir = $(or $(STUB_DIR_$(1)),$(B)/gen/$(1))
stub_c = $(call stub_dir,$(3))/$(1)_$(2).c
stub_h = $(or $(STUB_HEADER_DIR_$(3)),$(call stub_dir,$(3)))/$(1)$(if \
    $(filter server,$(2)),_server,$(STUB_USER_SUFFIX_$(3))).h

# mig's output arguments, mig_output_SIDE(C_FILE, HEADER).
mig_output_user = -user $(1) -header $(2) -server /dev/null
mig_output_server = -server $(1) -sheader $(2) -user /dev/null \
    -header /dev/null

# mig_stubs(DEFS, SIDE, C_FILE, HEADER, FLAGS): one run of mig.  Any
# .defs of mach/include/mach may be imported: each is a prerequisite.
define mig_stubs
$(3) $(4) &: $(1) $$(wildcard mach/include/mach/*.defs) $$(MIG)
	@mkdir -p $$(sort $$(dir $(3) $(4)))
	@echo "  MIG     $(1) -> $(3)"
	@$$(MIG) -q -Imach/include $$(MIG_FLAGS) $(5) \
	    $(call mig_output_$(2),$(3),$(4)) $(1)

.SECONDARY: $(3) $(4)
endef

# interface_stubs(IFACE, DEFS, SIDE, OWNER)
define interface_stubs
$(if $(filter user server,$(3)),,$(error interface $(2): no side "$(3)"))
$(call mig_stubs,$(2),$(3),$(call stub_c,$(1),$(3),$(4)),$(call \
    stub_h,$(1),$(3),$(4)),$(STUB_FLAGS_$(4)) $(STUB_FLAGS_$(4)_$(3)))
STUB_SRCS_$(4) += $(call stub_c,$(1),$(3),$(4))
STUB_HDRS_$(4) += $(call stub_h,$(1),$(3),$(4))
endef

# (Evaluates its stub sets itself: `$(eval $(call interface,...))'
# leaves nothing more to evaluate.)
define interface
$(foreach stub,$(2),$(eval $(call interface_stubs,$(basename $(notdir \
    $(1))),$(1),$(firstword $(subst :, ,$(stub))),$(lastword $(subst \
    :, ,$(stub))))))
endef

define program
PROGRAM_OBJS_$(1) := $(patsubst %.c,$(B)/obj/$(1)/%.o,$(3)) \
    $(patsubst %.c,%.o,$(STUB_SRCS_$(1)))

$(B)/obj/$(1)/%.o: %.c $$(NEWLIB_STAMP) | $$(USER_HEADERS) $(STUB_HDRS_$(1))
	@mkdir -p $$(@D)
	$$(CC) $$(USER_CFLAGS) $$(USER_WARNINGS) -I $(call stub_dir,$(1)) \
	    -MMD -MP -c -o $$@ $$<

$(call stub_dir,$(1))/%.o: $(call stub_dir,$(1))/%.c $$(NEWLIB_STAMP) | \
    $$(USER_HEADERS)
	$$(CC) $$(USER_CFLAGS) $$(USER_WARNINGS) -Wno-unused-parameter \
	    -I $$(@D) -c -o $$@ $$<

$(2): $$(PROGRAM_OBJS_$(1)) $$(USER_DEPS)
	@mkdir -p $$(@D)
	$$(USER_LINK)

.SECONDARY: $$(PROGRAM_OBJS_$(1))
ALL_TARGETS += $(2)
-include $$(PROGRAM_OBJS_$(1):.o=.d)
endef

define server
$$(eval $$(call program,$(1),$(B)/servers/$(1),$$(wildcard \
    servers/$(1)/*.c)))
SERVER_$(1) := $(B)/servers/$(1)
SERVERS += $(B)/servers/$(1)
$$(ISO): $(B)/servers/$(1)
endef
