/*
 * libFuzzer target for the IDL compiler: any bytes as preprocessed
 * .defs text through the whole front end (lexer, parser, checks) and,
 * when the text is a valid interface, through every generator (output
 * thrown away).  Built by idl/idl.mk as build/idl/fuzz with ASan and
 * UBSan; `make test-idl` runs it briefly, `make fuzz-idl` for longer.
 * All memory comes from diag_alloc and is released by diag_reset()
 * after each input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "idl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;

	if (sink == NULL) {
		sink = fopen("/dev/null", "w");
		diag_set_silent(true);
	}
	diag_reset();
	gen_options.defs_file = "fuzz.defs";
	if (parser_front_end((const char *)data, size, "fuzz.defs") &&
	    sink != NULL) {
		gen_header(sink);
		gen_server_header(sink);
		gen_user(sink);
		gen_server(sink);
	}
	diag_reset();
	return 0;
}
