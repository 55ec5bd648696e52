/*
 * mig: the command line, the C preprocessor, and the output files.
 *
 *	mig [-I/-D/-U cpp options] [-user FILE] [-server FILE]
 *	    [-header FILE] [-sheader FILE] [-iheader FILE]
 *	    [-prefix NAME] [-subrprefix NAME] [-cpp PATH] [-noregs]
 *	    FILE.defs
 *
 * -noregs: the user stubs send with mach_msg only, never with
 * mach_msg_regs (the register message trap: gen_user.c).
 *
 * The .defs file goes through the C preprocessor (`cpp`, or the -cpp
 * PATH, or $MIGCPP), run as a child process with its output read
 * through a pipe and its messages relayed (main_preprocess()); the
 * front end (parser_front_end) then parses and checks it, and the
 * generators write the user stubs, server stubs and headers.  Output
 * files default to <subsystem>User.c, <subsystem>Server.c and
 * <subsystem>.h in the current directory, as MIG's do; the server
 * header and the internal header are written only when asked for.
 *
 * Every output is first written to a temporary file next to its target
 * and renamed into place only when all of them were written without
 * error, so a failed run leaves no output behind (and no half-written
 * file).  A target that is not a regular file (-header /dev/null) is
 * written directly.  Exit status: 0 on success, 1 on any error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "idl.h"

#define MAIN_MAX_CPP_ARGS 256

struct main_output {
	const char *path;
	void (*generate)(FILE *out);
	char *temp; /* the temporary file, until renamed */
};

static const char *main_cpp_args[MAIN_MAX_CPP_ARGS];
static int main_cpp_count;
static const char *main_cpp_program;
static const char *main_paths[5]; /* user, server, header, sheader, iheader */

static void
main_usage(void)
{
	fprintf(stderr,
		"usage: mig [-I DIR] [-D NAME[=VALUE]] [-U NAME] [-user FILE] "
		"[-server FILE]\n"
		"           [-header FILE] [-sheader FILE] [-iheader FILE] "
		"[-prefix NAME]\n"
		"           [-subrprefix NAME] [-cpp PATH] [-noregs] "
		"FILE.defs\n");
	exit(1);
}

static void
main_add_cpp_arg(const char *arg)
{
	if (main_cpp_count >= MAIN_MAX_CPP_ARGS - 8) {
		fprintf(stderr, "mig: too many preprocessor options\n");
		exit(1);
	}
	main_cpp_args[main_cpp_count++] = arg;
}

/* MIG flags we accept and ignore: they tune GNU or Apple MIG's output. */
static bool
main_ignored_flag(const char *arg, bool *takes_value)
{
	static const char *const plain[] = {
	    "-q", "-Q", "-v", "-V",	"-r",	       "-R", "-s",
	    "-S", "-l", "-L", "-k",	"-K",	       "-n", "-N",
	    "-i", "-t", "-T", "-split", "-novouchers", "-MD"};
	static const char *const valued[] = {
	    "-maxonstack", "-arch", "-target", "-isysroot",
	    "-migcom",	   "-cc",   "-dheader"};
	size_t i;

	*takes_value = false;
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (strcmp(arg, plain[i]) == 0)
			return true;
	*takes_value = true;
	for (i = 0; i < sizeof(valued) / sizeof(valued[0]); i++)
		if (strcmp(arg, valued[i]) == 0)
			return true;
	return false;
}

static const char *
main_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc) {
		fprintf(stderr, "mig: %s needs a value\n", argv[*i]);
		exit(1);
	}
	return argv[++*i];
}

/* Options that name an output file or a prefix; true if handled. */
static bool
main_named_option(int argc, char **argv, int *i)
{
	static const char *const files[] = {"-user", "-server", "-header",
					    "-sheader", "-iheader"};
	size_t k;

	for (k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
		if (strcmp(argv[*i], files[k]) == 0) {
			main_paths[k] = main_value(argc, argv, i);
			return true;
		}
	}
	if (strcmp(argv[*i], "-prefix") == 0)
		gen_options.user_prefix = main_value(argc, argv, i);
	else if (strcmp(argv[*i], "-subrprefix") == 0)
		gen_options.subr_prefix = main_value(argc, argv, i);
	else if (strcmp(argv[*i], "-cpp") == 0)
		main_cpp_program = main_value(argc, argv, i);
	else
		return false;
	return true;
}

static const char *
main_parse_args(int argc, char **argv)
{
	const char *defs = NULL;
	bool takes_value;
	int i;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (arg[0] != '-' || arg[1] == '\0') {
			if (defs != NULL) {
				fprintf(stderr,
					"mig: more than one .defs file "
					"(%s, %s)\n",
					defs, arg);
				exit(1);
			}
			defs = arg;
		} else if (strncmp(arg, "-I", 2) == 0 ||
			   strncmp(arg, "-D", 2) == 0 ||
			   strncmp(arg, "-U", 2) == 0) {
			main_add_cpp_arg(arg);
			if (arg[2] == '\0')
				main_add_cpp_arg(main_value(argc, argv, &i));
		} else if (main_named_option(argc, argv, &i)) {
			/* done */
		} else if (strcmp(arg, "-q") == 0) {
			diag_set_quiet(true);
		} else if (strcmp(arg, "-noregs") == 0) {
			gen_options.no_regs = true;
		} else if (main_ignored_flag(arg, &takes_value)) {
			if (takes_value)
				(void)main_value(argc, argv, &i);
		} else {
			fprintf(stderr,
				"mig: unknown option %s (see "
				"docs/idl.md)\n",
				arg);
			main_usage();
		}
	}
	if (defs == NULL)
		main_usage();
	return defs;
}

static void
main_run_cpp_child(const char *defs, int fd, int errors)
{
	const char *argv[MAIN_MAX_CPP_ARGS];
	int n = 0, i;

	argv[n++] = main_cpp_program;
	argv[n++] = "-x";
	argv[n++] = "c";
	argv[n++] = "-std=c11";
	for (i = 0; i < main_cpp_count; i++)
		argv[n++] = main_cpp_args[i];
	argv[n++] = defs;
	argv[n] = NULL;
	if (dup2(fd, STDOUT_FILENO) < 0 ||
	    (errors >= 0 && dup2(errors, STDERR_FILENO) < 0))
		_exit(127);
	close(fd);
	execvp(main_cpp_program, (char *const *)argv);
	fprintf(stderr, "mig: cannot run %s: %s\n", main_cpp_program,
		strerror(errno));
	_exit(127);
}

/*
 * Copy what the preprocessor wrote on its stderr (kept in a temporary
 * file) to ours; true if it wrote anything.
 */
static bool
main_relay_errors(FILE *errors)
{
	bool said = false;
	char line[512];

	if (errors == NULL)
		return false;
	rewind(errors);
	while (fgets(line, sizeof(line), errors) != NULL) {
		fputs(line, stderr);
		said = true;
	}
	fclose(errors);
	return said;
}

/*
 * Run the preprocessor; its output, or NULL if it failed.  Its
 * messages go to a temporary file and then to our stderr, so that when
 * it has explained a failure (a missing #include) we do not add a
 * second message for the same fault.
 */
static char *
main_preprocess(const char *defs, size_t *length)
{
	size_t size = 65536, used = 0;
	char *text = malloc(size);
	FILE *errors = tmpfile();
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	fflush(stderr);
	if (text == NULL || pipe(fds) < 0 || (pid = fork()) < 0) {
		perror("mig: cannot run the preprocessor");
		exit(1);
	}
	if (pid == 0) {
		close(fds[0]);
		main_run_cpp_child(defs, fds[1],
				   errors != NULL ? fileno(errors) : -1);
	}
	close(fds[1]);
	while ((n = read(fds[0], text + used, size - used)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		used += (size_t)n;
		if (used == size && (text = realloc(text, size *= 2)) == NULL) {
			fprintf(stderr, "mig: out of memory\n");
			exit(1);
		}
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!main_relay_errors(errors) &&
	    (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
		fprintf(stderr, "mig: the preprocessor failed on %s\n", defs);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		free(text);
		return NULL;
	}
	*length = used;
	return text;
}

static bool
main_is_special(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

/* Write one output to its temporary file (or straight to a device). */
static bool
main_write(struct main_output *output)
{
	FILE *out;
	int fd;

	if (main_is_special(output->path)) {
		out = fopen(output->path, "w");
	} else {
		output->temp = diag_format("%s.tmpXXXXXX", output->path);
		fd = mkstemp(output->temp);
		out = fd < 0 ? NULL : fdopen(fd, "w");
		if (fd >= 0)
			fchmod(fd, 0644);
	}
	if (out == NULL) {
		fprintf(stderr, "mig: cannot write %s: %s\n", output->path,
			strerror(errno));
		output->temp = NULL;
		return false;
	}
	output->generate(out);
	if (ferror(out) | (fclose(out) != 0)) {
		fprintf(stderr, "mig: error writing %s\n", output->path);
		return false;
	}
	return diag_error_count() == 0;
}

static int
main_write_all(struct main_output *outputs, int count)
{
	bool ok = true;
	int i;

	for (i = 0; i < count && ok; i++)
		ok = main_write(&outputs[i]);
	for (i = 0; i < count; i++) {
		if (outputs[i].temp == NULL)
			continue;
		if (ok && rename(outputs[i].temp, outputs[i].path) != 0) {
			fprintf(stderr, "mig: cannot rename %s to %s: %s\n",
				outputs[i].temp, outputs[i].path,
				strerror(errno));
			ok = false;
		}
		if (!ok)
			unlink(outputs[i].temp);
	}
	return ok ? 0 : 1;
}

int
main(int argc, char **argv)
{
	struct main_output outputs[5];
	const char *defs;
	char *text;
	size_t length = 0;
	int count = 0;

	defs = main_parse_args(argc, argv);
	if (main_cpp_program == NULL)
		main_cpp_program = getenv("MIGCPP") ? getenv("MIGCPP") : "cpp";
	if (access(defs, R_OK) != 0) {
		fprintf(stderr, "mig: cannot read %s: %s\n", defs,
			strerror(errno));
		return 1;
	}
	text = main_preprocess(defs, &length);
	if (text == NULL || !parser_front_end(text, length, defs))
		return 1;
	gen_options.defs_file = defs;
	gen_options.header_name = main_paths[2];
	memset(outputs, 0, sizeof(outputs));
	outputs[count++] = (struct main_output){
	    main_paths[0] ? main_paths[0]
			  : diag_format("%sUser.c", idl_subsystem.name),
	    gen_user, NULL};
	outputs[count++] = (struct main_output){
	    main_paths[1] ? main_paths[1]
			  : diag_format("%sServer.c", idl_subsystem.name),
	    gen_server, NULL};
	outputs[count++] = (struct main_output){
	    main_paths[2] ? main_paths[2]
			  : diag_format("%s.h", idl_subsystem.name),
	    gen_header, NULL};
	if (main_paths[3] != NULL)
		outputs[count++] = (struct main_output){
		    main_paths[3], gen_server_header, NULL};
	if (main_paths[4] != NULL)
		outputs[count++] = (struct main_output){
		    main_paths[4], gen_server_header, NULL};
	return main_write_all(outputs, count);
}
