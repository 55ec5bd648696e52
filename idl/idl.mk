# The IDL compiler: build/bin/mig, a host program (see docs/idl.md).
#
#   make build/bin/mig        the compiler
#   make test-idl             its tests (goldens, round trip, negative,
#                             corpus, mutation, a short fuzz run); writes
#                             build/tests/idl.result, never fails make
#   make idl-golden-update    regenerate tests/idl/golden/ after a
#                             deliberate change to the generated code
#   make fuzz-idl             a longer fuzz run (FUZZ_SECONDS, default 600)
#
# Other modules run it as
#   $(MIG) -Imach/include -user $(B)/x/fooUser.c -server ... foo.defs
# and depend on $(MIG) so that a compiler change regenerates the stubs.

MIG := $(B)/bin/mig
IDL_SRCS := $(wildcard idl/*.c)
IDL_OBJS := $(patsubst idl/%.c,$(B)/idl/%.o,$(IDL_SRCS))
IDL_FUZZ := $(B)/idl/fuzz

ALL_TARGETS += $(MIG)
TEST_GROUPS += test-idl

$(B)/idl/%.o: idl/%.c
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	@$(HOSTCC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(MIG): $(IDL_OBJS)
	@mkdir -p $(@D)
	@echo "  HOSTLD  $@"
	@$(HOSTCC) $(HOST_CFLAGS) -o $@ $(IDL_OBJS)

# The fuzz target: the front end and generators, without main.c.
$(IDL_FUZZ): tests/idl/fuzz_idl.c $(filter-out idl/main.c,$(IDL_SRCS)) idl/*.h
	@mkdir -p $(@D)
	@echo "  FUZZ    $@"
	@clang -std=gnu11 -O1 -g -Iidl -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -o $@ tests/idl/fuzz_idl.c \
	    $(filter-out idl/main.c,$(IDL_SRCS))

.PHONY: test-idl idl-golden-update fuzz-idl
test-idl: $(MIG)
	@-$(MAKE) --no-print-directory $(IDL_FUZZ) >/dev/null 2>&1 || true
	@tests/idl/run.sh $(B) || true

idl-golden-update: $(MIG)
	@tests/idl/golden.sh update $(B)

fuzz-idl: $(IDL_FUZZ)
	@FUZZ_SECONDS=1 sh tests/idl/fuzz.sh $(B) >/dev/null 2>&1 || true
	@mkdir -p $(B)/idl/fuzz-corpus
	@$(IDL_FUZZ) -max_total_time=$${FUZZ_SECONDS:-600} -detect_leaks=0 \
	    $(B)/idl/fuzz-corpus $(B)/idl/fuzz-seeds

-include $(IDL_OBJS:.o=.d)
