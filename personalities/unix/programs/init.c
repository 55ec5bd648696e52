/*
 * init: the UNIX server's first process (pid 1).  It runs each of its
 * arguments in turn as a program (with no arguments of its own, and the
 * environment PATH=/bin:/sbin HOME=/), waits for it, and says how it
 * ended; the orphans given to init meanwhile are reaped as they end, and
 * the terminal's foreground group is init's again after each program
 * (with SIGTTOU blocked, as a shell takes the terminal back: init is in
 * the background then).  Then it reaps those left and exits, which ends
 * the server.
 */
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *init_environment[] = {"PATH=/bin:/sbin", "HOME=/", NULL};

static void
init_report(const char *path, int status)
{
	if (WIFEXITED(status))
		printf("init: %s exited with %d\n", path, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("init: %s ended by signal %d\n", path, WTERMSIG(status));
}

int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *name = strrchr(argv[i], '/');
		char *child_argv[] = {(char *)(name ? name + 1 : argv[i]),
				      NULL};
		pid_t pid;
		int error = posix_spawn(&pid, argv[i], NULL, NULL, child_argv,
					init_environment);
		if (error != 0) {
			printf("init: cannot run %s: %s\n", argv[i],
			       strerror(error));
			continue;
		}
		int status;
		pid_t ended;
		while ((ended = wait(&status)) > 0 && ended != pid)
			; /* an orphan */
		if (ended == pid)
			init_report(argv[i], status);
		else
			printf("init: waitpid %s failed\n", argv[i]);
		sigset_t ttou, old;
		sigemptyset(&ttou);
		sigaddset(&ttou, SIGTTOU);
		sigprocmask(SIG_BLOCK, &ttou, &old);
		tcsetpgrp(0, getpgrp()); /* the terminal back to init */
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	int status;
	while (wait(&status) > 0)
		; /* orphans */
	printf("init: done\n");
	return 0;
}
