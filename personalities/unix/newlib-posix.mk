# newlib's own POSIX functions that its x86_64-elf build leaves out
# (newlib compiles libc/posix and libc/unix only for some targets):
# compiled from the newlib-source tarball that tools/build-newlib.sh
# builds newlib from, extracted at build time into $(NEWLIB_POSIX) (third-
# party sources, never in our tree), into libunix.a.  Included from
# personalities/unix/unix.mk.
#
#   NEWLIB_POSIX_SOURCES	those taken, as DIR/NAME for libc/DIR/NAME.c:
#				fnmatch, glob, the regex functions (with the
#				collation helpers they call), popen and
#				pclose, basename and dirname (<libgen.h>),
#				ttyname and ttyname_r
#
# Left out, and why (docs/unix-server.md): opendir, readdir, closedir,
# rewinddir, dirfd, scandir, seekdir, telldir (their DIR is not ours:
# libc/dirent.c), the exec family, posix_spawn, isatty, sleep, usleep,
# pread, pwrite, getcwd, getlogin, getpwent, sigset (ours), creat
# (newlib's libc has it), getpass, getut (no terminal device files and
# no utmp), wordexp and wordfree (they run bash --wordexp, which the
# image does not have).

NEWLIB_TARBALL := $(firstword $(wildcard /usr/src/newlib/newlib-*.tar.*))
NEWLIB_POSIX := $(UB)/newlib-posix
NEWLIB_POSIX_STAMP := $(NEWLIB_POSIX)/stamp
NEWLIB_POSIX_SOURCES := posix/fnmatch posix/glob posix/regcomp \
    posix/regerror posix/regexec posix/regfree posix/collate posix/collcmp \
    posix/popen unix/basename unix/dirname unix/ttyname unix/ttyname_r
NEWLIB_POSIX_OBJS := $(addprefix $(NEWLIB_POSIX)/,\
    $(addsuffix .o,$(NEWLIB_POSIX_SOURCES)))
UNIX_LIB_OBJS += $(NEWLIB_POSIX_OBJS)

# The tarball's top directory is named by its packager: any one.
$(NEWLIB_POSIX_STAMP): $(NEWLIB_TARBALL)
	@if [ -z '$(NEWLIB_TARBALL)' ]; then \
	    echo "newlib-posix.mk: no newlib tarball in /usr/src/newlib" \
	        "(run tools/deps.sh)" >&2; exit 1; fi
	rm -rf $(NEWLIB_POSIX)
	mkdir -p $(NEWLIB_POSIX)
	tar -xmf $(NEWLIB_TARBALL) -C $(NEWLIB_POSIX) --strip-components=3 \
	    --wildcards '*/newlib/libc/posix/*' '*/newlib/libc/unix/*'
	touch $@

# Their sources, warnings and all (-w), as newlib compiles them
# (_GNU_SOURCE: the FNM_* extensions fnmatch implements).  glob is
# compiled as unix_newlib_glob, which libc/glob.c wraps (GLOB_NOMATCH).
$(NEWLIB_POSIX)/posix/glob.o: NEWLIB_POSIX_CFLAGS := -Dglob=unix_newlib_glob
# (The sources come with the stamp, not from a rule of their own, which
# would make them intermediate files that make deletes.)
$(NEWLIB_POSIX)/%.o: $(NEWLIB_POSIX_STAMP) $(NEWLIB_STAMP) | $(USER_HEADERS) \
    $(UNIX_HEADERS)
	$(CC) $(UNIX_CFLAGS) -w -D_GNU_SOURCE $(NEWLIB_POSIX_CFLAGS) \
	    -I $(NEWLIB_POSIX)/posix -c -o $@ $(NEWLIB_POSIX)/$*.c
