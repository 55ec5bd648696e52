/* Shim for the IDL corpus test: see gnumach_shim.h. */
#include <gnumach_shim.h>
