/* C types of tests/idl/roundtrip.defs. */
#ifndef ROUNDTRIP_TYPES_H
#define ROUNDTRIP_TYPES_H

#include <stdint.h>

#include <mach/message.h>

typedef int32_t *int_array_t;
typedef int16_t fixed_array_t[4];
typedef int64_t *big_array_t;
typedef int32_t *open_array_t;
typedef int32_t *ool_array_t;
typedef uint8_t *fixed_ool_t;
typedef char name_t[32];
typedef char *path_t;
typedef struct {
	int32_t v[2];
} pair_t;
#pragma pack(push, 4)
typedef struct {
	int32_t x;
	int64_t y;
} point_t;
typedef point_t *point_ptr_t;
#pragma pack(pop)
typedef struct {
	uint64_t v[3];
} options_t;
typedef options_t *options_ptr_t;
typedef mach_port_t *port_array_t;
typedef mach_port_t *handlers_t;
typedef mach_port_t port_pair_t[2];
typedef mach_port_t poly_pair_t[2];
typedef uint8_t *bytes_t;
typedef natural_t mach_port_seqno_t;
typedef mach_port_t mach_port_poly_t;
typedef mach_port_t reply_port_t;

#endif
