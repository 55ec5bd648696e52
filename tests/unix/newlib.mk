# newlib's own test programs (newlib/testsuite of the newlib-source
# tarball that tools/build-newlib.sh builds newlib from), built with
# unix-cc as a user would and run over the UNIX server by
# tests/unix/boots/newlib.boot.  Included from personalities/unix/unix.mk.
#
#   $(NEWLIB_TESTSUITE)		$(B)/unix/newlib-testsuite: the testsuite
#				directory alone, extracted from the tarball
#				(third-party sources, never in our tree)
#   /test/newlib/NAME		each test of NEWLIB_TESTS in the image
#
# NEWLIB_TESTS lists those that apply to this target, as DIR/NAME for
# newlib.DIR/NAME.c; the others, and why they are left out, are in
# docs/unix-server.md ("Tests").  Each test is judged as its DejaGnu
# .exp file judges it: its exit status, and for atexit its output.

NEWLIB_TARBALL := $(firstword $(wildcard /usr/src/newlib/newlib-*.tar.*))
NEWLIB_TESTSUITE := $(UB)/newlib-testsuite
NEWLIB_TESTSUITE_STAMP := $(NEWLIB_TESTSUITE)/stamp
NEWLIB_TESTS := string/tstring string/memmove1 string/memcpy-1 \
    string/strcmp-1 wctype/twctype wctype/tiswctype wctype/twctrans \
    stdio/nulprintf stdio/swprintf stdlib/size_max stdlib/atexit \
    search/hsearchtest elix/tmmap
NEWLIB_TEST_PROGRAMS := $(addprefix $(UNIX_ROOT)/test/newlib/,\
    $(notdir $(NEWLIB_TESTS)))
UNIX_TESTS += $(NEWLIB_TEST_PROGRAMS)

# The tarball's top directory is named by its packager (newlib-salsa for
# Debian's): any one; -m dates the files now, newer than the tarball.
$(NEWLIB_TESTSUITE_STAMP): $(NEWLIB_TARBALL)
	@if [ -z '$(NEWLIB_TARBALL)' ]; then \
	    echo "newlib.mk: no newlib tarball in /usr/src/newlib" \
	        "(run tools/deps.sh)" >&2; exit 1; fi
	rm -rf $(NEWLIB_TESTSUITE)
	mkdir -p $(NEWLIB_TESTSUITE)
	tar -xmf $(NEWLIB_TARBALL) -C $(NEWLIB_TESTSUITE) \
	    --strip-components=3 --wildcards '*/newlib/testsuite/'
	touch $@

# The sources are theirs, warnings and all (-w); include/check.h is their
# CHECK().  NEWLIB_TEST_CFLAGS: a test's own knobs.
$(UNIX_ROOT)/test/newlib/%: $(NEWLIB_TESTSUITE_STAMP) $(UNIX_CC)
	@mkdir -p $(@D)
	$(UNIX_CC) -w -I $(NEWLIB_TESTSUITE)/include -s -o $@ \
	    $(NEWLIB_TESTSUITE)/$(filter %/$*,$(NEWLIB_TESTS:%=newlib.%)).c \
	    $(NEWLIB_TEST_CFLAGS)

