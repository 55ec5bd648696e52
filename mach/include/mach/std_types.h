/*
 * Basic types of the Mach ABI on x86-64 (LP64).
 *
 * natural_t and integer_t stay 32 bits wide, as in every 64-bit Mach:
 * port names, sizes and ids in messages are 32-bit quantities.  Addresses
 * and sizes of address ranges are 64 bits (vm_offset_t, vm_size_t).
 */
#ifndef MACH_STD_TYPES_H
#define MACH_STD_TYPES_H

#include <stdint.h>

typedef uint32_t natural_t;
typedef int32_t integer_t;
typedef int boolean_t;

typedef uintptr_t vm_offset_t;
typedef uintptr_t vm_address_t;
typedef uintptr_t vm_size_t;
typedef int vm_prot_t;
typedef int vm_inherit_t;

#ifndef TRUE
#define TRUE  1
#define FALSE 0
#endif

#endif /* MACH_STD_TYPES_H */
