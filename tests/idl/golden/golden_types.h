/* C types of the golden-test interfaces (tests/idl/golden/NAME.defs). */
#ifndef GOLDEN_TYPES_H
#define GOLDEN_TYPES_H

#include <stdint.h>

#include <mach/port.h>

typedef int32_t *small_t;
typedef uint8_t *data_t;
typedef int64_t *ool_t;
typedef char *name_t;
typedef mach_port_t *ports_t;
typedef uint8_t *buf_t;
typedef uint32_t count_t;
typedef struct {
	uint64_t v[3];
} opts_t;
typedef opts_t *opts_ptr_t;
typedef uint8_t *args_t;

#endif
