/*
 * kill [-s SIGNAL | -SIGNAL] PID..., kill -l [STATUS]: sends SIGNAL
 * (a name with or without SIG, any case, or a number; TERM by default)
 * to each process (a negative pid names a process group, 0 the
 * caller's group, -1 every process it may signal; "--" ends the
 * options, for a negative pid after the default signal).  -l lists the
 * signals' names, or gives the name of the signal a number (or an exit
 * status above 128) stands for.  Each failure is reported; the status
 * is then 1.
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char *const kill_names[NSIG] = {
    [SIGHUP] = "HUP",	[SIGINT] = "INT",   [SIGQUIT] = "QUIT",
    [SIGILL] = "ILL",	[SIGTRAP] = "TRAP", [SIGABRT] = "ABRT",
    [SIGEMT] = "EMT",	[SIGFPE] = "FPE",   [SIGKILL] = "KILL",
    [SIGBUS] = "BUS",	[SIGSEGV] = "SEGV", [SIGSYS] = "SYS",
    [SIGPIPE] = "PIPE", [SIGALRM] = "ALRM", [SIGTERM] = "TERM",
    [SIGURG] = "URG",	[SIGSTOP] = "STOP", [SIGTSTP] = "TSTP",
    [SIGCONT] = "CONT", [SIGCHLD] = "CHLD", [SIGTTIN] = "TTIN",
    [SIGTTOU] = "TTOU", [SIGIO] = "IO",	    [SIGWINCH] = "WINCH",
    [SIGUSR1] = "USR1", [SIGUSR2] = "USR2", [SIGVTALRM] = "VTALRM",
    [SIGPROF] = "PROF",
};

/* The signal a name or number means, or -1. */
static int
kill_signal(const char *name)
{
	char *end;

	if (isdigit((unsigned char)name[0])) {
		long sig = strtol(name, &end, 10);
		return *end == '\0' && sig >= 0 && sig < NSIG ? (int)sig : -1;
	}
	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	for (int sig = 1; sig < NSIG; sig++)
		if (kill_names[sig] != NULL &&
		    strcasecmp(name, kill_names[sig]) == 0)
			return sig;
	return -1;
}

/* kill -l [STATUS]. */
static int
kill_list(const char *status)
{
	if (status == NULL) {
		for (int sig = 1; sig < NSIG; sig++)
			if (kill_names[sig] != NULL)
				printf("%s%s", sig > 1 ? " " : "",
				       kill_names[sig]);
		putchar('\n');
		return 0;
	}
	char *end;
	long number = strtol(status, &end, 10);
	if (number > 128)
		number -= 128;
	if (*end != '\0' || number <= 0 || number >= NSIG ||
	    kill_names[number] == NULL) {
		fprintf(stderr, "kill: %s: no such signal\n", status);
		return 1;
	}
	puts(kill_names[number]);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *name = "TERM";
	int list = 0, status = 0, c;

	if (argc > 1 && argv[1][0] == '-' && argv[1][1] != '\0' &&
	    strcmp(argv[1], "-s") != 0 && strcmp(argv[1], "-l") != 0 &&
	    strcmp(argv[1], "--") != 0) {
		name = argv[1] + 1; /* -SIGNAL */
		optind = 2;
	} else {
		while ((c = getopt(argc, argv, "+ls:")) != -1) {
			if (c == 'l')
				list = 1;
			else if (c == 's')
				name = optarg;
			else
				goto usage;
		}
	}
	if (list)
		return argc - optind > 1 ? 1 : kill_list(argv[optind]);
	int sig = kill_signal(name);
	if (sig < 0) {
		fprintf(stderr, "kill: %s: no such signal\n", name);
		return 1;
	}
	if (optind < argc && strcmp(argv[optind], "--") == 0)
		optind++;
	if (optind >= argc)
		goto usage;
	for (int i = optind; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (argv[i][0] == '\0' || *end != '\0') {
			fprintf(stderr, "kill: %s: not a process id\n",
				argv[i]);
			status = 1;
		} else if (kill((pid_t)pid, sig) != 0) {
			fprintf(stderr, "kill: %s: %s\n", argv[i],
				strerror(errno));
			status = 1;
		}
	}
	return status;
usage:
	fprintf(stderr, "usage: kill [-s signal | -signal] pid...\n"
			"       kill -l [exit_status]\n");
	return 1;
}
