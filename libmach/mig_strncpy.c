/*
 * mig_strncpy: the string copy of generated stubs (c_string arguments).
 * Pure C and on its own, so that the IDL round-trip tests on the host
 * (tests/idl/roundtrip.sh) link the same code as libmach.
 */
#include <mach/mig_support.h>

vm_size_t
mig_strncpy(char *dst, const char *src, vm_size_t len)
{
	vm_size_t i;

	if (len == 0)
		return 0;
	for (i = 0; i < len - 1 && src[i] != '\0'; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	return i + 1;
}
