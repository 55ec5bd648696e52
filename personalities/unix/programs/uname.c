/*
 * uname [-amnrsv]: the system's names: -s the system (the default), -n
 * the node, -r the release, -v the version, -m the machine; -a all of
 * them, in that order, separated by blanks.
 */
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	enum {
		SYSNAME = 1,
		NODENAME = 2,
		RELEASE = 4,
		VERSION = 8,
		MACHINE = 16
	};
	struct utsname u;
	int show = 0, c;

	while ((c = getopt(argc, argv, "+amnrsv")) != -1) {
		switch (c) {
		case 'a':
			show |=
			    SYSNAME | NODENAME | RELEASE | VERSION | MACHINE;
			break;
		case 'm':
			show |= MACHINE;
			break;
		case 'n':
			show |= NODENAME;
			break;
		case 'r':
			show |= RELEASE;
			break;
		case 's':
			show |= SYSNAME;
			break;
		case 'v':
			show |= VERSION;
			break;
		default:
			goto usage;
		}
	}
	if (optind < argc)
		goto usage;
	if (uname(&u) != 0) {
		perror("uname");
		return 1;
	}
	const char *fields[] = {u.sysname, u.nodename, u.release, u.version,
				u.machine};
	const char *separator = "";
	for (int i = 0; i < 5; i++) {
		if ((show == 0 ? SYSNAME : show) & (1 << i)) {
			printf("%s%s", separator, fields[i]);
			separator = " ";
		}
	}
	putchar('\n');
	return 0;
usage:
	fprintf(stderr, "usage: uname [-amnrsv]\n");
	return 1;
}
