/*
 * The run time of UBSan (the compiler's undefined behaviour sanitizer) in
 * the checking kernel (docs/reliability.md): the __ubsan_handle_*
 * functions that code compiled with -fsanitize=undefined calls just
 * before it would do something undefined.  There is no sanitizer
 * library in a freestanding kernel; these are the kernel's own.
 *
 * Every handler reports and stops: it formats what went wrong with the
 * values involved and calls panic, whose line reads
 *
 *	panic: ubsan: FILE:LINE:COLUMN: WHAT
 *
 * (FILE as the compiler was given it, e.g. mach/ipc/ipc_kmsg.c), then
 * the registers and a backtrace, and QEMU exits with status 3: the
 * in-OS tests count the boot as failed.  Nothing recovers, so each
 * handler's "_abort" twin, which the compiler calls under
 * -fno-sanitize-recover, is the same function.
 *
 * The compiler describes each check site with a static record: its
 * source location, then descriptions of the types involved (struct
 * ubsan_type), and so on; these structs follow that ABI, which GCC and
 * Clang share.  A value of an integer type up to 64 bits is passed in a
 * register (zero- or sign-extended from its width by us), a wider one by
 * address.
 *
 * This file itself is compiled without the sanitizer (mach/mach.mk);
 * printf and panic, which it calls, are not, so a report that would
 * start another report stops the machine at once instead.
 */
#include <kern/console.h>
#include <kern/debug.h>
#include <kern/printf.h>
#include <machine/machine.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct ubsan_location {
	const char *ul_file;
	uint32_t ul_line;
	uint32_t ul_column;
};

#define UBSAN_TYPE_INTEGER 0
#define UBSAN_TYPE_FLOAT   1

struct ubsan_type {
	uint16_t ut_kind; /* UBSAN_TYPE_*, or 0xffff: anything else */
	uint16_t ut_info; /* integers: log2(width in bits) << 1 | signed */
	char ut_name[];	  /* as in the source, e.g. "int" */
};

/* Overflow of + - * / % and unary -. */
struct ubsan_overflow_data {
	struct ubsan_location uod_loc;
	const struct ubsan_type *uod_type;
};

struct ubsan_shift_data {
	struct ubsan_location usd_loc;
	const struct ubsan_type *usd_lhs_type;
	const struct ubsan_type *usd_rhs_type;
};

struct ubsan_bounds_data {
	struct ubsan_location ubd_loc;
	const struct ubsan_type *ubd_array_type;
	const struct ubsan_type *ubd_index_type;
};

/* A null, misaligned or too small object (GCC before 8). */
struct ubsan_type_mismatch_data {
	struct ubsan_location utm_loc;
	const struct ubsan_type *utm_type;
	uintptr_t utm_alignment;
	uint8_t utm_check_kind; /* index into ubsan_check_kinds */
};

/* The same, with the alignment as its logarithm (GCC 8 on). */
struct ubsan_type_mismatch_v1_data {
	struct ubsan_location utm1_loc;
	const struct ubsan_type *utm1_type;
	uint8_t utm1_log_alignment;
	uint8_t utm1_check_kind;
};

/* A load of a bool or enum that holds no value of its type; a
 * non-positive array bound. */
struct ubsan_value_data {
	struct ubsan_location uvd_loc;
	const struct ubsan_type *uvd_type;
};

struct ubsan_location_data {
	struct ubsan_location uld_loc;
};

struct ubsan_nonnull_arg_data {
	struct ubsan_location una_loc;
	struct ubsan_location una_attribute_loc;
	int una_arg_index;
};

struct ubsan_nonnull_return_data {
	struct ubsan_location unr_attribute_loc;
};

struct ubsan_invalid_builtin_data {
	struct ubsan_location uib_loc;
	uint8_t uib_kind; /* 0: ctz of zero, 1: clz of zero */
};

struct ubsan_float_cast_data {
	struct ubsan_location ufc_loc;
	const struct ubsan_type *ufc_from_type;
	const struct ubsan_type *ufc_to_type;
};

/* What the code was doing with a pointer, by utm_check_kind. */
static const char *const ubsan_check_kinds[] = {"load of",
						"store to",
						"reference binding to",
						"member access within",
						"member call on",
						"constructor call on",
						"downcast of",
						"downcast of",
						"upcast of",
						"cast to virtual base of",
						"_Nonnull binding to",
						"dynamic operation on"};

#define UBSAN_VALUE_MAX 48 /* a formatted value, with its sign and prefix */

static int ubsan_reporting;

/*
 * Reports the undefined behaviour at loc (fmt and its arguments say
 * what) through panic.  A report while one is being made (printf or
 * panic tripping a check themselves) stops the machine at once.
 */
static void __attribute__((noreturn, format(printf, 2, 3)))
ubsan_report(const struct ubsan_location *loc, const char *fmt, ...)
{
	static const char nested[] = "ubsan: a check failed while "
				     "reporting another\n";
	char what[256];
	va_list ap;

	if (ubsan_reporting++ > 0) {
		if (ubsan_reporting == 2)
			console_write(nested, sizeof(nested) - 1);
		machine_exit(1);
	}
	va_start(ap, fmt);
	kvsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	panic("ubsan: %s:%u:%u: %s", loc->ul_file, loc->ul_line, loc->ul_column,
	      what);
}

static int
ubsan_type_is_integer(const struct ubsan_type *type)
{
	return type->ut_kind == UBSAN_TYPE_INTEGER;
}

static int
ubsan_type_is_signed(const struct ubsan_type *type)
{
	return ubsan_type_is_integer(type) && (type->ut_info & 1);
}

static unsigned int
ubsan_type_bits(const struct ubsan_type *type)
{
	return 1u << (type->ut_info >> 1);
}

/* An integer value of at most 64 bits as a signed number. */
static int64_t
ubsan_signed(const struct ubsan_type *type, uintptr_t value)
{
	unsigned int unused = 64 - ubsan_type_bits(type);

	return (int64_t)((uint64_t)value << unused) >> unused;
}

/* An integer value of at most 64 bits as an unsigned number. */
static uint64_t
ubsan_unsigned(const struct ubsan_type *type, uintptr_t value)
{
	unsigned int unused = 64 - ubsan_type_bits(type);

	return ((uint64_t)value << unused) >> unused;
}

/* Whether a value of type is negative. */
static int
ubsan_negative(const struct ubsan_type *type, uintptr_t value)
{
	if (!ubsan_type_is_signed(type))
		return 0;
	if (ubsan_type_bits(type) > 64)
		return ((const int64_t *)value)[1] < 0;
	return ubsan_signed(type, value) < 0;
}

/* Formats a value of type into buf (UBSAN_VALUE_MAX bytes). */
static const char *
ubsan_format(char *buf, const struct ubsan_type *type, uintptr_t value)
{
	if (!ubsan_type_is_integer(type))
		ksnprintf(buf, UBSAN_VALUE_MAX, "(a value of type %s)",
			  type->ut_name);
	else if (ubsan_type_bits(type) > 64) /* little-endian, by address */
		ksnprintf(buf, UBSAN_VALUE_MAX, "0x%016lx%016lx",
			  ((const uint64_t *)value)[1],
			  ((const uint64_t *)value)[0]);
	else if (ubsan_type_is_signed(type))
		ksnprintf(buf, UBSAN_VALUE_MAX, "%ld",
			  (long)ubsan_signed(type, value));
	else
		ksnprintf(buf, UBSAN_VALUE_MAX, "%lu",
			  (unsigned long)ubsan_unsigned(type, value));
	return buf;
}

/* The overflow of lhs op rhs (op: + - *) in data's type. */
static void __attribute__((noreturn))
ubsan_arithmetic(const struct ubsan_overflow_data *data, uintptr_t lhs,
		 uintptr_t rhs, char op)
{
	char a[UBSAN_VALUE_MAX], b[UBSAN_VALUE_MAX];

	ubsan_report(
	    &data->uod_loc,
	    "%s integer overflow: %s %c %s cannot be represented in "
	    "type %s",
	    ubsan_type_is_signed(data->uod_type) ? "signed" : "unsigned",
	    ubsan_format(a, data->uod_type, lhs), op,
	    ubsan_format(b, data->uod_type, rhs), data->uod_type->ut_name);
}

/*
 * Each handler is also known by its name with "_abort" appended: the
 * compiler calls that one when the check may not recover, and none of
 * ours does.
 */
#define UBSAN_ABORT_TWIN(handler, parameters) \
	void handler##_abort parameters __attribute__((alias(#handler)))

void
__ubsan_handle_add_overflow(const struct ubsan_overflow_data *data,
			    uintptr_t lhs, uintptr_t rhs)
{
	ubsan_arithmetic(data, lhs, rhs, '+');
}
UBSAN_ABORT_TWIN(__ubsan_handle_add_overflow,
		 (const struct ubsan_overflow_data *, uintptr_t, uintptr_t));

void
__ubsan_handle_sub_overflow(const struct ubsan_overflow_data *data,
			    uintptr_t lhs, uintptr_t rhs)
{
	ubsan_arithmetic(data, lhs, rhs, '-');
}
UBSAN_ABORT_TWIN(__ubsan_handle_sub_overflow,
		 (const struct ubsan_overflow_data *, uintptr_t, uintptr_t));

void
__ubsan_handle_mul_overflow(const struct ubsan_overflow_data *data,
			    uintptr_t lhs, uintptr_t rhs)
{
	ubsan_arithmetic(data, lhs, rhs, '*');
}
UBSAN_ABORT_TWIN(__ubsan_handle_mul_overflow,
		 (const struct ubsan_overflow_data *, uintptr_t, uintptr_t));

void
__ubsan_handle_negate_overflow(const struct ubsan_overflow_data *data,
			       uintptr_t old)
{
	char a[UBSAN_VALUE_MAX];

	ubsan_report(
	    &data->uod_loc, "negation of %s cannot be represented in type %s",
	    ubsan_format(a, data->uod_type, old), data->uod_type->ut_name);
}
UBSAN_ABORT_TWIN(__ubsan_handle_negate_overflow,
		 (const struct ubsan_overflow_data *, uintptr_t));

/* Division or remainder by zero, or of the most negative value by -1. */
void
__ubsan_handle_divrem_overflow(const struct ubsan_overflow_data *data,
			       uintptr_t lhs, uintptr_t rhs)
{
	char a[UBSAN_VALUE_MAX], b[UBSAN_VALUE_MAX];
	const struct ubsan_type *type = data->uod_type;

	if (ubsan_type_is_integer(type) && ubsan_type_bits(type) <= 64 &&
	    ubsan_unsigned(type, rhs) == 0)
		ubsan_report(&data->uod_loc, "division by zero (%s / 0)",
			     ubsan_format(a, type, lhs));
	ubsan_report(&data->uod_loc,
		     "division overflow: %s / %s cannot be represented in "
		     "type %s",
		     ubsan_format(a, type, lhs), ubsan_format(b, type, rhs),
		     type->ut_name);
}
UBSAN_ABORT_TWIN(__ubsan_handle_divrem_overflow,
		 (const struct ubsan_overflow_data *, uintptr_t, uintptr_t));

void
__ubsan_handle_shift_out_of_bounds(const struct ubsan_shift_data *data,
				   uintptr_t lhs, uintptr_t rhs)
{
	char a[UBSAN_VALUE_MAX], b[UBSAN_VALUE_MAX];
	const struct ubsan_type *lt = data->usd_lhs_type;
	const struct ubsan_type *rt = data->usd_rhs_type;

	ubsan_format(a, lt, lhs);
	ubsan_format(b, rt, rhs);
	if (ubsan_negative(rt, rhs))
		ubsan_report(&data->usd_loc, "shift exponent %s is negative",
			     b);
	if (ubsan_type_bits(rt) > 64 ||
	    ubsan_unsigned(rt, rhs) >= ubsan_type_bits(lt))
		ubsan_report(&data->usd_loc,
			     "shift exponent %s is too large for %u-bit type "
			     "%s",
			     b, ubsan_type_bits(lt), lt->ut_name);
	if (ubsan_negative(lt, lhs))
		ubsan_report(&data->usd_loc, "left shift of negative value %s",
			     a);
	ubsan_report(&data->usd_loc,
		     "left shift of %s by %s places cannot be represented in "
		     "type %s",
		     a, b, lt->ut_name);
}
UBSAN_ABORT_TWIN(__ubsan_handle_shift_out_of_bounds,
		 (const struct ubsan_shift_data *, uintptr_t, uintptr_t));

void
__ubsan_handle_out_of_bounds(const struct ubsan_bounds_data *data,
			     uintptr_t index)
{
	char a[UBSAN_VALUE_MAX];

	ubsan_report(&data->ubd_loc, "index %s out of bounds for type %s",
		     ubsan_format(a, data->ubd_index_type, index),
		     data->ubd_array_type->ut_name);
}
UBSAN_ABORT_TWIN(__ubsan_handle_out_of_bounds,
		 (const struct ubsan_bounds_data *, uintptr_t));

/* A pointer that is null, misaligned for its type, or points to an
 * object smaller than its type. */
static void __attribute__((noreturn))
ubsan_type_mismatch(const struct ubsan_location *loc,
		    const struct ubsan_type *type, uintptr_t alignment,
		    uint8_t check_kind, uintptr_t pointer)
{
	const char *kind = "use of";

	if (check_kind < sizeof(ubsan_check_kinds) / sizeof(*ubsan_check_kinds))
		kind = ubsan_check_kinds[check_kind];
	if (pointer == 0)
		ubsan_report(loc, "%s null pointer of type %s", kind,
			     type->ut_name);
	if (alignment != 0 && (pointer & (alignment - 1)) != 0)
		ubsan_report(loc,
			     "%s misaligned address %#lx for type %s, which "
			     "requires %lu-byte alignment",
			     kind, (unsigned long)pointer, type->ut_name,
			     (unsigned long)alignment);
	ubsan_report(loc,
		     "%s address %#lx with too little space for an object "
		     "of type %s",
		     kind, (unsigned long)pointer, type->ut_name);
}

void
__ubsan_handle_type_mismatch(const struct ubsan_type_mismatch_data *data,
			     uintptr_t pointer)
{
	ubsan_type_mismatch(&data->utm_loc, data->utm_type, data->utm_alignment,
			    data->utm_check_kind, pointer);
}
UBSAN_ABORT_TWIN(__ubsan_handle_type_mismatch,
		 (const struct ubsan_type_mismatch_data *, uintptr_t));

void
__ubsan_handle_type_mismatch_v1(const struct ubsan_type_mismatch_v1_data *data,
				uintptr_t pointer)
{
	ubsan_type_mismatch(&data->utm1_loc, data->utm1_type,
			    (uintptr_t)1 << data->utm1_log_alignment,
			    data->utm1_check_kind, pointer);
}
UBSAN_ABORT_TWIN(__ubsan_handle_type_mismatch_v1,
		 (const struct ubsan_type_mismatch_v1_data *, uintptr_t));

void
__ubsan_handle_load_invalid_value(const struct ubsan_value_data *data,
				  uintptr_t value)
{
	char a[UBSAN_VALUE_MAX];

	ubsan_report(&data->uvd_loc,
		     "load of value %s, which is not a valid value for type "
		     "%s",
		     ubsan_format(a, data->uvd_type, value),
		     data->uvd_type->ut_name);
}
UBSAN_ABORT_TWIN(__ubsan_handle_load_invalid_value,
		 (const struct ubsan_value_data *, uintptr_t));

void
__ubsan_handle_vla_bound_not_positive(const struct ubsan_value_data *data,
				      uintptr_t bound)
{
	char a[UBSAN_VALUE_MAX];

	ubsan_report(&data->uvd_loc,
		     "variable length array bound %s is not positive",
		     ubsan_format(a, data->uvd_type, bound));
}
UBSAN_ABORT_TWIN(__ubsan_handle_vla_bound_not_positive,
		 (const struct ubsan_value_data *, uintptr_t));

/* Never recoverable: no _abort twins. */
void
__ubsan_handle_builtin_unreachable(const struct ubsan_location_data *data)
{
	ubsan_report(&data->uld_loc,
		     "execution reached __builtin_unreachable()");
}

void
__ubsan_handle_missing_return(const struct ubsan_location_data *data)
{
	ubsan_report(&data->uld_loc, "execution reached the end of a "
				     "function without returning its value");
}

/*
 * Where a nonnull attribute was declared, " (declared at FILE:LINE)", or
 * nothing when the compiler does not say (GCC does not).
 */
static const char *
ubsan_attribute_place(char *buf, size_t size,
		      const struct ubsan_location *attribute)
{
	buf[0] = '\0';
	if (attribute->ul_file != NULL)
		ksnprintf(buf, size, " (declared at %s:%u)", attribute->ul_file,
			  attribute->ul_line);
	return buf;
}

void
__ubsan_handle_nonnull_arg(const struct ubsan_nonnull_arg_data *data)
{
	char place[128];

	ubsan_report(&data->una_loc,
		     "null pointer passed as argument %d, which is declared "
		     "never null%s",
		     data->una_arg_index,
		     ubsan_attribute_place(place, sizeof(place),
					   &data->una_attribute_loc));
}
UBSAN_ABORT_TWIN(__ubsan_handle_nonnull_arg,
		 (const struct ubsan_nonnull_arg_data *));

/* loc: the return statement; data: where the function says it never
 * returns null. */
void
__ubsan_handle_nonnull_return_v1(const struct ubsan_nonnull_return_data *data,
				 const struct ubsan_location *loc)
{
	char place[128];

	ubsan_report(loc,
		     "null pointer returned from a function declared never to "
		     "return null%s",
		     ubsan_attribute_place(place, sizeof(place),
					   &data->unr_attribute_loc));
}
UBSAN_ABORT_TWIN(__ubsan_handle_nonnull_return_v1,
		 (const struct ubsan_nonnull_return_data *,
		  const struct ubsan_location *));

/* Pointer arithmetic that wrapped around the address space or went from
 * or to a null pointer. */
void
__ubsan_handle_pointer_overflow(const struct ubsan_location_data *data,
				uintptr_t base, uintptr_t result)
{
	if (base == 0)
		ubsan_report(&data->uld_loc,
			     "pointer arithmetic on a null pointer gave %#lx",
			     (unsigned long)result);
	if (result == 0)
		ubsan_report(&data->uld_loc,
			     "pointer arithmetic on %#lx gave a null pointer",
			     (unsigned long)base);
	ubsan_report(&data->uld_loc,
		     "pointer arithmetic on %#lx overflowed to %#lx",
		     (unsigned long)base, (unsigned long)result);
}
UBSAN_ABORT_TWIN(__ubsan_handle_pointer_overflow,
		 (const struct ubsan_location_data *, uintptr_t, uintptr_t));

void
__ubsan_handle_invalid_builtin(const struct ubsan_invalid_builtin_data *data)
{
	ubsan_report(&data->uib_loc, "%s of zero, which is undefined",
		     data->uib_kind == 0 ? "__builtin_ctz" : "__builtin_clz");
}
UBSAN_ABORT_TWIN(__ubsan_handle_invalid_builtin,
		 (const struct ubsan_invalid_builtin_data *));

/* The kernel has no floating point (-mno-sse); for completeness. */
void
__ubsan_handle_float_cast_overflow(const struct ubsan_float_cast_data *data,
				   uintptr_t from)
{
	(void)from;
	ubsan_report(&data->ufc_loc, "a %s value out of the range of type %s",
		     data->ufc_from_type->ut_name, data->ufc_to_type->ut_name);
}
UBSAN_ABORT_TWIN(__ubsan_handle_float_cast_overflow,
		 (const struct ubsan_float_cast_data *, uintptr_t));
