/*
 * The plan: which calls a run makes (see fuzz.h).  Written as ranges of
 * call indices, "0-999,1200,1300-1310" (decimal; '+' separates them as
 * well as ','), kept sorted and merged.
 *
 * A plan too long for a module's command line (256 bytes) is written by
 * tools/fuzz.pl into a copy of the program, into fz_plan_area: the area
 * starts with a marker the script finds in the file, and the text goes
 * after it.  The area is initialised data, so that the file holds it.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#define FZ_PLAN_RANGES 16384
#define FZ_PLAN_MARKER "@@FUZZ-PLAN-AREA@@"

struct fz_range {
	uint64_t fr_first, fr_last;
};

static struct fz_range fz_ranges[FZ_PLAN_RANGES];
static unsigned fz_range_count;
static int fz_planned; /* a plan was given */

/* tools/fuzz.pl finds the marker and writes the plan after it. */
__attribute__((
    used)) static char fz_plan_area[sizeof(FZ_PLAN_MARKER) + 128 * 1024] =
    FZ_PLAN_MARKER;

static int
fz_range_compare(const void *a, const void *b)
{
	const struct fz_range *x = a, *y = b;
	return x->fr_first < y->fr_first ? -1 : x->fr_first > y->fr_first;
}

/* Sorts the ranges and merges those that touch. */
static void
fz_plan_normalise(void)
{
	unsigned n = 0;

	qsort(fz_ranges, fz_range_count, sizeof(fz_ranges[0]),
	      fz_range_compare);
	for (unsigned i = 0; i < fz_range_count; i++) {
		if (n > 0 &&
		    fz_ranges[i].fr_first <= fz_ranges[n - 1].fr_last + 1) {
			if (fz_ranges[i].fr_last > fz_ranges[n - 1].fr_last)
				fz_ranges[n - 1].fr_last = fz_ranges[i].fr_last;
			continue;
		}
		fz_ranges[n++] = fz_ranges[i];
	}
	fz_range_count = n;
}

static int
fz_parse_number(const char **p, uint64_t *value)
{
	const char *s = *p;
	uint64_t v = 0;

	if (*s < '0' || *s > '9')
		return 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	*value = v;
	*p = s;
	return 1;
}

int
fz_plan_parse(const char *text)
{
	const char *p = text;

	fz_planned = 1;
	while (*p != '\0' && *p != '\n') {
		uint64_t first, last;
		if (!fz_parse_number(&p, &first))
			return 0;
		last = first;
		if (*p == '-') {
			p++;
			if (!fz_parse_number(&p, &last) || last < first)
				return 0;
		}
		if (fz_range_count == FZ_PLAN_RANGES)
			return 0;
		fz_ranges[fz_range_count++] =
		    (struct fz_range){.fr_first = first, .fr_last = last};
		if (*p == ',' || *p == '+')
			p++;
		else if (*p != '\0' && *p != '\n')
			return 0;
	}
	fz_plan_normalise();
	return 1;
}

int
fz_plan_load_area(void)
{
	/* volatile: the compiler must not assume the area holds what it
	 * was initialised with. */
	const volatile char *area = fz_plan_area;
	static char text[sizeof(fz_plan_area)];
	size_t start = sizeof(FZ_PLAN_MARKER), n = 0;

	while (start + n < sizeof(fz_plan_area) - 1 &&
	       area[start + n] != '\0') {
		text[n] = area[start + n];
		n++;
	}
	text[n] = '\0';
	if (n == 0)
		return 0;
	return fz_plan_parse(text) ? 1 : -1;
}

uint64_t
fz_plan_next(uint64_t index)
{
	if (!fz_planned)
		return index < fz_config.fc_calls ? index : UINT64_MAX;
	/* The first range whose end is at or after index. */
	unsigned low = 0, high = fz_range_count;
	while (low < high) {
		unsigned mid = (low + high) / 2;
		if (fz_ranges[mid].fr_last < index)
			low = mid + 1;
		else
			high = mid;
	}
	if (low == fz_range_count)
		return UINT64_MAX;
	uint64_t next =
	    fz_ranges[low].fr_first > index ? fz_ranges[low].fr_first : index;
	return next < fz_config.fc_calls ? next : UINT64_MAX;
}

uint64_t
fz_plan_count(uint64_t first, uint64_t last)
{
	uint64_t count = 0;

	if (!fz_planned) {
		if (first >= fz_config.fc_calls)
			return 0;
		if (last >= fz_config.fc_calls)
			last = fz_config.fc_calls - 1;
		return last - first + 1;
	}
	for (unsigned i = 0; i < fz_range_count; i++) {
		uint64_t a = fz_ranges[i].fr_first, b = fz_ranges[i].fr_last;
		if (b >= fz_config.fc_calls)
			b = fz_config.fc_calls - 1;
		if (a < first)
			a = first;
		if (b > last)
			b = last;
		if (a <= b)
			count += b - a + 1;
	}
	return count;
}

uint64_t
fz_plan_end(void)
{
	if (!fz_planned || fz_range_count == 0)
		return fz_planned ? 0 : fz_config.fc_calls;
	return fz_ranges[fz_range_count - 1].fr_last + 1;
}
