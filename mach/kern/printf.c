/*
 * The kernel's formatter: kvformat, and kvsnprintf/ksnprintf on top of it
 * (kprintf, in kern/console.c, is the other user).
 *
 * kvformat walks the format once.  Each conversion is parsed into a
 * struct printf_spec (flags, width, precision, length modifier,
 * conversion letter), its argument fetched at the width the modifier
 * says, then printed as
 *	[spaces] [sign] [0x prefix] [zeros] digits [spaces]
 * following C's printf: precision is the minimum number of digits (and
 * the maximum number of bytes of a %s), the '0' flag pads with zeros only
 * when there is neither '-' nor a precision, '#' adds 0x/0X to nonzero
 * hex and a leading 0 to octal.  Like glibc, %p prints as %#lx, and a NULL
 * %p prints "(nil)"; a NULL %s prints as if it were "(null)".  A negative
 * '*' width means '-' and its magnitude; a negative '*' precision means
 * none.  %n and floating point are not supported: an unknown conversion
 * is printed as it stands ('%' and the letter).
 */
#include <kern/debug.h>
#include <kern/printf.h>
#include <stdbool.h>
#include <stdint.h>

#define PRINTF_LEFT  0x01 /* '-' */
#define PRINTF_ZERO  0x02 /* '0' */
#define PRINTF_SPACE 0x04 /* ' ' */
#define PRINTF_PLUS  0x08 /* '+' */
#define PRINTF_ALT   0x10 /* '#' */

#define PRINTF_MAX_FIELD 1000000 /* widths and precisions are capped here */

enum printf_length {
	PRINTF_INT,
	PRINTF_CHAR,	/* hh */
	PRINTF_SHORT,	/* h */
	PRINTF_LONG,	/* l */
	PRINTF_LLONG,	/* ll */
	PRINTF_SIZE,	/* z */
	PRINTF_PTRDIFF, /* t */
	PRINTF_INTMAX,	/* j */
};

struct printf_spec {
	int ps_flags;	  /* PRINTF_* */
	int ps_width;	  /* 0: none */
	int ps_precision; /* -1: none */
	enum printf_length ps_length;
	char ps_conversion;
};

struct printf_out {
	void (*po_putc)(char c, void *arg);
	void *po_arg;
	int po_count;
};

static void
printf_put(struct printf_out *out, char c)
{
	out->po_putc(c, out->po_arg);
	out->po_count++;
}

static void
printf_pad(struct printf_out *out, char c, int n)
{
	while (n-- > 0)
		printf_put(out, c);
}

static int
printf_clamp(int n)
{
	return n < PRINTF_MAX_FIELD ? n : PRINTF_MAX_FIELD;
}

/* Reads a decimal field at *fmt, capped at PRINTF_MAX_FIELD. */
static int
printf_parse_number(const char **fmt)
{
	int n = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		if (n < PRINTF_MAX_FIELD)
			n = n * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return printf_clamp(n);
}

static const char *
printf_parse_flags(const char *fmt, struct printf_spec *spec)
{
	for (;; fmt++) {
		switch (*fmt) {
		case '-':
			spec->ps_flags |= PRINTF_LEFT;
			break;
		case '0':
			spec->ps_flags |= PRINTF_ZERO;
			break;
		case ' ':
			spec->ps_flags |= PRINTF_SPACE;
			break;
		case '+':
			spec->ps_flags |= PRINTF_PLUS;
			break;
		case '#':
			spec->ps_flags |= PRINTF_ALT;
			break;
		default:
			return fmt;
		}
	}
}

/* Parses the width and precision, taking '*' values from ap. */
static const char *
printf_parse_fields(const char *fmt, struct printf_spec *spec, va_list *ap)
{
	int n;

	if (*fmt == '*') {
		n = va_arg(*ap, int);
		if (n < 0) {
			spec->ps_flags |= PRINTF_LEFT;
			n = n < -PRINTF_MAX_FIELD ? PRINTF_MAX_FIELD : -n;
		}
		spec->ps_width = printf_clamp(n);
		fmt++;
	} else {
		spec->ps_width = printf_parse_number(&fmt);
	}
	if (*fmt != '.')
		return fmt;
	fmt++;
	if (*fmt == '*') {
		n = va_arg(*ap, int);
		spec->ps_precision = n < 0 ? -1 : printf_clamp(n);
		fmt++;
	} else {
		spec->ps_precision = printf_parse_number(&fmt);
	}
	return fmt;
}

static const char *
printf_parse_length(const char *fmt, struct printf_spec *spec)
{
	switch (*fmt) {
	case 'h':
		if (fmt[1] != 'h') {
			spec->ps_length = PRINTF_SHORT;
			break;
		}
		spec->ps_length = PRINTF_CHAR;
		fmt++;
		break;
	case 'l':
		if (fmt[1] != 'l') {
			spec->ps_length = PRINTF_LONG;
			break;
		}
		spec->ps_length = PRINTF_LLONG;
		fmt++;
		break;
	case 'z':
		spec->ps_length = PRINTF_SIZE;
		break;
	case 't':
		spec->ps_length = PRINTF_PTRDIFF;
		break;
	case 'j':
		spec->ps_length = PRINTF_INTMAX;
		break;
	default:
		return fmt;
	}
	return fmt + 1;
}

/*
 * Parses the conversion after a '%' at fmt into *spec; returns where the
 * conversion letter is (the letter may be the terminating NUL).
 */
static const char *
printf_parse(const char *fmt, struct printf_spec *spec, va_list *ap)
{
	spec->ps_flags = 0;
	spec->ps_width = 0;
	spec->ps_precision = -1;
	spec->ps_length = PRINTF_INT;
	fmt = printf_parse_flags(fmt, spec);
	fmt = printf_parse_fields(fmt, spec, ap);
	fmt = printf_parse_length(fmt, spec);
	spec->ps_conversion = *fmt;
	return fmt;
}

static intmax_t
printf_fetch_signed(enum printf_length length, va_list *ap)
{
	switch (length) {
	case PRINTF_CHAR:
		return (signed char)va_arg(*ap, int);
	case PRINTF_SHORT:
		return (short)va_arg(*ap, int);
	case PRINTF_LONG:
		return va_arg(*ap, long);
	case PRINTF_LLONG:
		return va_arg(*ap, long long);
	case PRINTF_SIZE: /* the signed type of size_t's width */
		return (ptrdiff_t)va_arg(*ap, size_t);
	case PRINTF_PTRDIFF:
		return va_arg(*ap, ptrdiff_t);
	case PRINTF_INTMAX:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

static uintmax_t
printf_fetch_unsigned(enum printf_length length, va_list *ap)
{
	switch (length) {
	case PRINTF_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case PRINTF_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case PRINTF_LONG:
		return va_arg(*ap, unsigned long);
	case PRINTF_LLONG:
		return va_arg(*ap, unsigned long long);
	case PRINTF_SIZE:
		return va_arg(*ap, size_t);
	case PRINTF_PTRDIFF: /* the unsigned type of ptrdiff_t's width */
		return (size_t)va_arg(*ap, ptrdiff_t);
	case PRINTF_INTMAX:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/*
 * Writes value's digits in base, least significant first, into digits;
 * returns their count (0 for a zero value, which callers handle).
 */
static int
printf_digits(char *digits, uintmax_t value, unsigned int base, bool upper)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	while (value != 0) {
		digits[n++] = set[value % base];
		value /= base;
	}
	return n;
}

/*
 * Prints one integer: sign (0 for none) and prefix (NULL for none) have
 * been chosen by the caller; this adds precision, '#' for octal, width
 * and padding.
 */
static void
printf_integer(struct printf_out *out, const struct printf_spec *spec,
	       uintmax_t value, char sign, const char *prefix)
{
	char digits[3 * sizeof(uintmax_t)];
	unsigned int base = 10;
	int ndigits, zeros, len, prefix_len = 0;

	if (spec->ps_conversion == 'o')
		base = 8;
	else if (spec->ps_conversion != 'd' && spec->ps_conversion != 'i' &&
		 spec->ps_conversion != 'u')
		base = 16;
	ndigits =
	    printf_digits(digits, value, base, spec->ps_conversion == 'X');
	if (value == 0 && spec->ps_precision != 0)
		digits[ndigits++] = '0';
	zeros = spec->ps_precision > ndigits ? spec->ps_precision - ndigits : 0;
	if (base == 8 && (spec->ps_flags & PRINTF_ALT) && zeros == 0 &&
	    (ndigits == 0 || value != 0))
		zeros = 1;
	while (prefix != NULL && prefix[prefix_len] != '\0')
		prefix_len++;
	len = (sign != 0) + prefix_len + zeros + ndigits;
	if ((spec->ps_flags & (PRINTF_ZERO | PRINTF_LEFT)) == PRINTF_ZERO &&
	    spec->ps_precision < 0 && spec->ps_width > len) {
		zeros += spec->ps_width - len;
		len = spec->ps_width;
	}
	if (!(spec->ps_flags & PRINTF_LEFT))
		printf_pad(out, ' ', spec->ps_width - len);
	if (sign != 0)
		printf_put(out, sign);
	while (prefix_len-- > 0)
		printf_put(out, *prefix++);
	printf_pad(out, '0', zeros);
	while (ndigits-- > 0)
		printf_put(out, digits[ndigits]);
	if (spec->ps_flags & PRINTF_LEFT)
		printf_pad(out, ' ', spec->ps_width - len);
}

/* Prints at most max bytes of s (all of it if max < 0), padded. */
static void
printf_string(struct printf_out *out, const struct printf_spec *spec,
	      const char *s, int max)
{
	int len = 0;

	while ((max < 0 || len < max) && s[len] != '\0')
		len++;
	if (!(spec->ps_flags & PRINTF_LEFT))
		printf_pad(out, ' ', spec->ps_width - len);
	for (int i = 0; i < len; i++)
		printf_put(out, s[i]);
	if (spec->ps_flags & PRINTF_LEFT)
		printf_pad(out, ' ', spec->ps_width - len);
}

/* Prints one character, padded; it may be NUL. */
static void
printf_char(struct printf_out *out, const struct printf_spec *spec, char c)
{
	if (!(spec->ps_flags & PRINTF_LEFT))
		printf_pad(out, ' ', spec->ps_width - 1);
	printf_put(out, c);
	if (spec->ps_flags & PRINTF_LEFT)
		printf_pad(out, ' ', spec->ps_width - 1);
}

static void
printf_signed(struct printf_out *out, const struct printf_spec *spec,
	      va_list *ap)
{
	intmax_t value = printf_fetch_signed(spec->ps_length, ap);
	uintmax_t magnitude = (uintmax_t)value;
	char sign = 0;

	if (value < 0) {
		magnitude = 0 - magnitude; /* right even for INTMAX_MIN */
		sign = '-';
	} else if (spec->ps_flags & PRINTF_PLUS) {
		sign = '+';
	} else if (spec->ps_flags & PRINTF_SPACE) {
		sign = ' ';
	}
	printf_integer(out, spec, magnitude, sign, NULL);
}

static void
printf_unsigned(struct printf_out *out, const struct printf_spec *spec,
		va_list *ap)
{
	uintmax_t value = printf_fetch_unsigned(spec->ps_length, ap);
	const char *prefix = NULL;

	if ((spec->ps_flags & PRINTF_ALT) && value != 0) {
		if (spec->ps_conversion == 'x')
			prefix = "0x";
		else if (spec->ps_conversion == 'X')
			prefix = "0X";
	}
	printf_integer(out, spec, value, 0, prefix);
}

static void
printf_pointer(struct printf_out *out, const struct printf_spec *spec,
	       va_list *ap)
{
	uintptr_t value = (uintptr_t)va_arg(*ap, void *);

	if (value == 0)
		printf_string(out, spec, "(nil)", -1);
	else
		printf_integer(out, spec, value, 0, "0x");
}

/* Prints the conversion in *spec, taking its argument from ap. */
static void
printf_convert(struct printf_out *out, const struct printf_spec *spec,
	       va_list *ap)
{
	const char *s;

	switch (spec->ps_conversion) {
	case 'd':
	case 'i':
		printf_signed(out, spec, ap);
		break;
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		printf_unsigned(out, spec, ap);
		break;
	case 'p':
		printf_pointer(out, spec, ap);
		break;
	case 'c':
		printf_char(out, spec, (char)va_arg(*ap, int));
		break;
	case 's':
		s = va_arg(*ap, const char *);
		printf_string(out, spec, s != NULL ? s : "(null)",
			      spec->ps_precision);
		break;
	case '%':
		printf_put(out, '%');
		break;
	default:
		printf_put(out, '%');
		if (spec->ps_conversion != '\0')
			printf_put(out, spec->ps_conversion);
		break;
	}
}

/*
 * Formats fmt with the arguments in ap, calling putc(c, arg) for each
 * output character in order.  Returns the number of characters.  Takes no
 * lock and allocates nothing; putc may be called with any locks the
 * caller holds.
 */
int
kvformat(void (*putc)(char c, void *arg), void *arg, const char *fmt,
	 va_list ap)
{
	struct printf_out out = {putc, arg, 0};
	struct printf_spec spec;
	va_list args;

	assert(putc != NULL);
	assert(fmt != NULL);

	va_copy(args, ap);
	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%') {
			printf_put(&out, *fmt);
			continue;
		}
		fmt = printf_parse(fmt + 1, &spec, &args);
		printf_convert(&out, &spec, &args);
		if (*fmt == '\0')
			break;
	}
	va_end(args);
	return out.po_count;
}

struct printf_buffer {
	char *pb_buf;
	size_t pb_size;
	size_t pb_pos; /* characters produced so far, stored or not */
};

static void
printf_buffer_putc(char c, void *arg)
{
	struct printf_buffer *b = arg;

	if (b->pb_pos + 1 < b->pb_size)
		b->pb_buf[b->pb_pos] = c;
	b->pb_pos++;
}

/*
 * Formats into buf[0..size): stores at most size - 1 characters and a
 * terminating NUL (nothing at all if size is 0, when buf may be NULL).
 * Returns the length the whole output would have had.
 */
int
kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct printf_buffer b = {buf, size, 0};
	int n;

	assert(buf != NULL || size == 0);

	n = kvformat(printf_buffer_putc, &b, fmt, ap);
	if (size > 0)
		buf[b.pb_pos < size ? b.pb_pos : size - 1] = '\0';
	return n;
}

/* kvsnprintf with its arguments in the call. */
int
ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
