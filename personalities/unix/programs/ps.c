/*
 * ps: every process of the UNIX server, one a line in pid order:
 *
 *	PID PPID PGID STAT UID CMD
 *
 * STAT is R (running, or waiting in a call), T (stopped by a signal) or
 * Z (a zombie: ended, not yet waited for); UID is the effective user id,
 * by name when /etc/passwd has it; CMD is the argv[0] the process was
 * spawned or last exec'd with.  The table comes from the server's
 * unix_processes (unix.defs), which this program calls itself: no
 * portable interface lists processes.  No options.
 */
#include <errno.h>
#include <mach/bootstrap_types.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unix/unix.h>

static int
ps_compare(const void *a, const void *b)
{
	const struct unix_process_info *x = a, *y = b;

	return x->upi_pid - y->upi_pid;
}

/* The table in *table (malloc'ed); the number of processes, or -1. */
static int
ps_table(struct unix_process_info **table)
{
	int room = 64, count, error;

	for (;;) {
		*table = malloc(room * sizeof(**table));
		if (*table == NULL) {
			fprintf(stderr, "ps: %s\n", strerror(ENOMEM));
			return -1;
		}
		kern_return_t kr =
		    unix_processes(bootstrap_port, (vm_address_t)*table,
				   room * sizeof(**table), &error, &count);
		if (kr != KERN_SUCCESS || error != 0) {
			fprintf(stderr,
				"ps: cannot read the process table: %s\n",
				kr != KERN_SUCCESS ? "no UNIX server"
						   : strerror(error));
			free(*table);
			return -1;
		}
		if (count <= room)
			return count;
		free(*table);
		room = count;
	}
}

int
main(int argc, char **argv)
{
	static const char states[] = {
	    [UNIX_PROCESS_RUNNING] = 'R',
	    [UNIX_PROCESS_STOPPED] = 'T',
	    [UNIX_PROCESS_ZOMBIE] = 'Z',
	};
	struct unix_process_info *table;

	if (getopt(argc, argv, "+") != -1 || optind < argc) {
		fprintf(stderr, "usage: ps\n");
		return 1;
	}
	int count = ps_table(&table);
	if (count < 0)
		return 1;
	qsort(table, count, sizeof(*table), ps_compare);
	printf("  PID  PPID  PGID STAT UID      CMD\n");
	for (int i = 0; i < count; i++) {
		struct unix_process_info *p = &table[i];
		struct passwd *pw = getpwuid(p->upi_uid);
		char uid[16];

		if (pw != NULL)
			snprintf(uid, sizeof(uid), "%s", pw->pw_name);
		else
			snprintf(uid, sizeof(uid), "%d", (int)p->upi_uid);
		printf("%5d %5d %5d %-4c %-8s %s\n", (int)p->upi_pid,
		       (int)p->upi_ppid, (int)p->upi_pgid,
		       p->upi_state <= UNIX_PROCESS_ZOMBIE
			   ? states[p->upi_state]
			   : '?',
		       uid, p->upi_name);
	}
	free(table);
	return 0;
}
