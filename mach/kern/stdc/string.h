/*
 * <string.h> for code the kernel shares with user space, such as the
 * IDL-generated stubs: the kernel's own string functions under the C
 * library's names (kern/string.c).
 */
#ifndef KERN_STDC_STRING_H
#define KERN_STDC_STRING_H

#include <kern/string.h>

#endif /* KERN_STDC_STRING_H */
