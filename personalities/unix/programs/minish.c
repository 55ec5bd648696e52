/*
 * minish: a very small shell for the console, so that `make run-unix`
 * has something to type into until dash is ported.  It reads a line
 * (the server's TTY edits it: DEL, ^U, ^W), splits it into words at
 * blanks, and runs the program named by the first word (a word without
 * a '/' is looked up in /bin) with posix_spawn, waiting for it.
 * Builtins: cd DIR, exit [STATUS].  End of file (^D) exits.  No quoting,
 * redirection, pipes or variables.
 */
#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MINISH_WORDS 32

extern char **environ;

/* Splits line into at most MINISH_WORDS - 1 words; returns how many. */
static int
minish_split(char *line, char **words)
{
	int n = 0;
	char *save = NULL;

	for (char *w = strtok_r(line, " \t\n", &save);
	     w != NULL && n < MINISH_WORDS - 1;
	     w = strtok_r(NULL, " \t\n", &save))
		words[n++] = w;
	words[n] = NULL;
	return n;
}

/* Runs words[0] with its arguments and waits for it. */
static void
minish_run(char **words)
{
	char path[PATH_MAX];
	pid_t pid;
	int status;

	if (strchr(words[0], '/') != NULL)
		snprintf(path, sizeof(path), "%s", words[0]);
	else
		snprintf(path, sizeof(path), "/bin/%s", words[0]);
	int error = posix_spawn(&pid, path, NULL, NULL, words, environ);
	if (error != 0) {
		printf("minish: %s: %s\n", words[0], strerror(error));
		return;
	}
	if (waitpid(pid, &status, 0) != pid)
		printf("minish: waitpid: %s\n", strerror(errno));
	else if (WIFSIGNALED(status))
		printf("minish: %s: ended by signal %d\n", words[0],
		       WTERMSIG(status));
	else if (WEXITSTATUS(status) != 0)
		printf("minish: %s: exited with %d\n", words[0],
		       WEXITSTATUS(status));
}

int
main(void)
{
	char line[256];
	char *words[MINISH_WORDS];

	for (;;) {
		printf("$ ");
		fflush(stdout);
		ssize_t n = read(0, line, sizeof(line) - 1);
		if (n <= 0) {
			printf("\n");
			return 0;
		}
		line[n] = '\0';
		if (minish_split(line, words) == 0)
			continue;
		if (strcmp(words[0], "exit") == 0)
			return words[1] != NULL ? atoi(words[1]) : 0;
		if (strcmp(words[0], "cd") == 0) {
			if (chdir(words[1] != NULL ? words[1] : "/") != 0)
				printf("minish: cd: %s\n", strerror(errno));
			continue;
		}
		minish_run(words);
	}
}
