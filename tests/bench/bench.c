/*
 * The benchmark harness of `make bench` (docs/bench.md): the main
 * program of bench (its rows in bench_rows.c), of the UNIX server's
 * bench_unix (bench_unix.c), of posix-lite's lite-bench (bench_lite.c)
 * and of bench-linux, the POSIX rows built for Linux (bench_linux.c).
 *
 *	bench [--iterations N] [--warmup N] [--unit UNIT] [ROW...]
 *
 * Runs each row of bench_rows (all of them, or those named), each with N
 * recorded iterations (default 2000) after a warm-up (default N / 10,
 * at least 10), and prints one line per row on the console:
 *
 *	BENCH name=trap_null median=M min=M p90=M max=M iterations=N unit=U
 *
 * then "BENCH-DONE rows=R errors=E".  A row that cannot run prints
 * "BENCH-ERROR name=NAME reason=..." instead of its BENCH line.  UNIT is
 * what a TSC difference means in this boot, which only the host knows
 * (tsc_cycles, or instructions under QEMU's -icount); the host passes
 * it.  The median and p90 are nearest-rank percentiles of the sorted
 * samples: the values at ranks ceil(0.5 N) and ceil(0.9 N).  Every
 * figure is raw: the cost of reading the clock is not subtracted, and
 * is reported as the row timer_overhead.
 *
 * Adding a row: write a bench_function_t (see bench.h) and add it to
 * bench_rows (bench_rows.c, bench_unix.c); tools/bench.pl picks its line
 * up by itself.  A probe
 * (bench_probes) runs once after the rows and prints its own
 * "BENCH-PROBE name=NAME ..." line (bench_vm.c).
 *
 * Exits 0 if every row ran.
 */
#include "bench.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_ITERATIONS 2000
#define MIN_WARMUP	   10

int bench_have_rdtscp;

/* One console line, written at once so that other tasks' lines never
 * cut into it. */
void
bench_print(const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	write(STDOUT_FILENO, line, n);
}

static int
bench_compare(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The nearest-rank percentile: the value at rank ceil(percent/100 n). */
static uint64_t
bench_percentile(const uint64_t *sorted, int n, int percent)
{
	int rank = (int)(((long)n * percent + 99) / 100);
	return sorted[rank > 0 ? rank - 1 : 0];
}

static int
bench_run_row(int row, int iterations, int warmup, const char *unit)
{
	struct bench_run run = {
	    .br_name = bench_rows[row].name,
	    .br_warmup = warmup,
	    .br_iterations = iterations,
	    .br_samples = calloc(iterations, sizeof(uint64_t)),
	};
	const char *why = "out of memory";

	if (run.br_samples != NULL)
		why = bench_rows[row].function(&run);
	if (why == NULL && run.br_recorded != iterations)
		why = "recorded fewer samples than iterations";
	if (why != NULL) {
		bench_print("BENCH-ERROR name=%s reason=%s", run.br_name, why);
		free(run.br_samples);
		return 0;
	}
	qsort(run.br_samples, iterations, sizeof(uint64_t), bench_compare);
	bench_print("BENCH name=%s median=%llu min=%llu p90=%llu max=%llu "
		    "iterations=%d unit=%s",
		    run.br_name,
		    (unsigned long long)bench_percentile(run.br_samples,
							 iterations, 50),
		    (unsigned long long)run.br_samples[0],
		    (unsigned long long)bench_percentile(run.br_samples,
							 iterations, 90),
		    (unsigned long long)run.br_samples[iterations - 1],
		    iterations, unit);
	free(run.br_samples);
	return 1;
}

static int
bench_find_row(const char *name)
{
	for (int row = 0; row < bench_row_count; row++)
		if (strcmp(bench_rows[row].name, name) == 0)
			return row;
	for (int probe = 0; probe < bench_probe_count; probe++)
		if (strcmp(bench_probes[probe].name, name) == 0)
			return bench_row_count + probe;
	return -1;
}

/* Whether the command line (from first_row) asks for name: all if it
 * names none. */
static int
bench_wanted(int argc, char **argv, int first_row, const char *name)
{
	int wanted = first_row == argc;

	for (int i = first_row; i < argc; i++)
		wanted |= strcmp(argv[i], name) == 0;
	return wanted;
}

static void
bench_detect_rdtscp(void)
{
	uint32_t eax = 0x80000000, ebx, ecx, edx;

	__asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx));
	if (eax < 0x80000001)
		return;
	eax = 0x80000001;
	__asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx));
	bench_have_rdtscp = (edx >> 27) & 1;
}

static void __attribute__((noreturn)) bench_usage(void)
{
	bench_print("usage: bench [--iterations N] [--warmup N] "
		    "[--unit UNIT] [ROW...]");
	exit(2);
}

int
main(int argc, char **argv)
{
	int iterations = DEFAULT_ITERATIONS, warmup = -1;
	const char *unit = "tsc_cycles";
	int first_row = argc;

	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) != 0) {
			first_row = i;
			break;
		}
		if (i + 1 >= argc)
			bench_usage();
		if (strcmp(argv[i], "--iterations") == 0)
			iterations = atoi(argv[++i]);
		else if (strcmp(argv[i], "--warmup") == 0)
			warmup = atoi(argv[++i]);
		else if (strcmp(argv[i], "--unit") == 0)
			unit = argv[++i];
		else
			bench_usage();
	}
	if (iterations < 1)
		bench_usage();
	if (warmup < 0)
		warmup =
		    iterations / 10 > MIN_WARMUP ? iterations / 10 : MIN_WARMUP;
	bench_detect_rdtscp();
	bench_print("bench: %d iterations after %d of warm-up, clock %s",
		    iterations, warmup,
		    bench_have_rdtscp ? "lfence;rdtsc;lfence .. rdtscp;lfence"
				      : "lfence;rdtsc;lfence");

	int rows = 0, errors = 0;
	for (int row = 0; row < bench_row_count; row++) {
		if (!bench_wanted(argc, argv, first_row, bench_rows[row].name))
			continue;
		rows++;
		errors += !bench_run_row(row, iterations, warmup, unit);
	}
	for (int probe = 0; probe < bench_probe_count; probe++) {
		if (!bench_wanted(argc, argv, first_row,
				  bench_probes[probe].name))
			continue;
		const char *why = bench_probes[probe].function();
		if (why != NULL) {
			bench_print("BENCH-ERROR name=%s reason=%s",
				    bench_probes[probe].name, why);
			errors++;
		}
	}
	for (int i = first_row; i < argc; i++)
		if (bench_find_row(argv[i]) < 0) {
			bench_print("BENCH-ERROR name=%s reason=no such row",
				    argv[i]);
			errors++;
		}
	bench_end();
	bench_print("BENCH-DONE rows=%d errors=%d", rows, errors);
	return errors == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
