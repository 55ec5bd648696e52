/*
 * ls [-1ACFRadilnpr] [FILE...]: lists each operand (default "."): a
 * file by its name, a directory by its entries, sorted by name (-r:
 * reversed); the files first, then each directory under a "NAME:"
 * line when there is more than one operand.
 *
 *	-a	entries starting with "." too; -A: all but . and ..
 *	-d	directories as themselves, not their entries
 *	-l	long lines: mode, links, owner, group, size, date, name, and
 *		"-> target" for a symbolic link; "total" blocks (512 bytes)
 *		before a directory's entries.  -n: the same with numeric ids
 *		(-l's owner and group are numeric too without a passwd or
 *		group entry)
 *	-i	each file's serial number first
 *	-F	a / after a directory, @ a symbolic link, | a pipe, * an
 *		executable; -p: only the /
 *	-R	the directories met below each directory too, each under
 *		its "NAME:" line
 *	-1	one name a line; -C: columns (the default on a terminal)
 *
 * Operands that are symbolic links are followed unless -d, -F or -l.
 * An operand that does not exist is reported; the status is then 1.
 */
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LS_WIDTH 80 /* a terminal's columns */

struct ls_entry {
	char *name; /* as shown */
	char *path; /* to stat, readlink and descend into */
	struct stat st;
};

static int ls_all, ls_almost_all, ls_directory, ls_long, ls_numeric;
static int ls_inode, ls_classify, ls_slash, ls_recursive, ls_reverse;
static int ls_columns;
static int ls_status;

static void
ls_error(const char *path)
{
	fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
	ls_status = 1;
}

static int
ls_compare(const void *a, const void *b)
{
	int order = strcmp(((const struct ls_entry *)a)->name,
			   ((const struct ls_entry *)b)->name);

	return ls_reverse ? -order : order;
}

/* The ten characters of a mode, as -l shows it. */
static void
ls_mode(mode_t mode, char *text)
{
	static const char rwx[] = "rwxrwxrwx";

	text[0] = S_ISDIR(mode)	   ? 'd'
		  : S_ISLNK(mode)  ? 'l'
		  : S_ISCHR(mode)  ? 'c'
		  : S_ISBLK(mode)  ? 'b'
		  : S_ISFIFO(mode) ? 'p'
		  : S_ISSOCK(mode) ? 's'
				   : '-';
	for (int i = 0; i < 9; i++)
		text[1 + i] = mode & (0400 >> i) ? rwx[i] : '-';
	if (mode & S_ISUID)
		text[3] = text[3] == 'x' ? 's' : 'S';
	if (mode & S_ISGID)
		text[6] = text[6] == 'x' ? 's' : 'S';
	if (mode & S_ISVTX)
		text[9] = text[9] == 'x' ? 't' : 'T';
	text[10] = '\0';
}

/* The owner's or group's name, or its number. */
static const char *
ls_id(unsigned id, int group, char *buffer, size_t size)
{
	const char *name = NULL;

	if (!ls_numeric && group) {
		struct group *g = getgrgid(id);
		name = g != NULL ? g->gr_name : NULL;
	} else if (!ls_numeric) {
		struct passwd *p = getpwuid(id);
		name = p != NULL ? p->pw_name : NULL;
	}
	if (name != NULL)
		snprintf(buffer, size, "%s", name);
	else
		snprintf(buffer, size, "%u", id);
	return buffer;
}

/* The -F or -p mark after a name, or "". */
static const char *
ls_mark(mode_t mode)
{
	if (S_ISDIR(mode) && (ls_classify || ls_slash))
		return "/";
	if (!ls_classify)
		return "";
	return S_ISLNK(mode)			? "@"
	       : S_ISFIFO(mode)			? "|"
	       : (mode & 0111) && S_ISREG(mode) ? "*"
						: "";
}

static void
ls_print_long(const struct ls_entry *e, const int *width)
{
	char mode[11], owner[32], group[32], date[32], target[PATH_MAX];
	time_t now = time(NULL), when = e->st.st_mtime;

	ls_mode(e->st.st_mode, mode);
	/* the year instead of the time for six months ago or the future */
	strftime(date, sizeof(date),
		 when > now || now - when > 182 * 24 * 3600 ? "%b %e  %Y"
							    : "%b %e %H:%M",
		 gmtime(&when));
	printf("%s %*lu %-*s %-*s %*lld %s %s%s", mode, width[0],
	       (unsigned long)e->st.st_nlink, width[1],
	       ls_id(e->st.st_uid, 0, owner, sizeof(owner)), width[2],
	       ls_id(e->st.st_gid, 1, group, sizeof(group)), width[3],
	       (long long)e->st.st_size, date, e->name, ls_mark(e->st.st_mode));
	ssize_t n;
	if (S_ISLNK(e->st.st_mode) &&
	    (n = readlink(e->path, target, sizeof(target) - 1)) >= 0) {
		target[n] = '\0';
		printf(" -> %s", target);
	}
	putchar('\n');
}

/* The widths of -l's number and name columns for entries. */
static void
ls_widths(const struct ls_entry *entries, int count, int *width)
{
	char buffer[32];

	memset(width, 0, 4 * sizeof(*width));
	for (int i = 0; i < count; i++) {
		const struct stat *st = &entries[i].st;
		int w[4] = {
		    snprintf(buffer, sizeof(buffer), "%lu",
			     (unsigned long)st->st_nlink),
		    (int)strlen(ls_id(st->st_uid, 0, buffer, sizeof(buffer))),
		    (int)strlen(ls_id(st->st_gid, 1, buffer, sizeof(buffer))),
		    snprintf(buffer, sizeof(buffer), "%lld",
			     (long long)st->st_size)};
		for (int j = 0; j < 4; j++)
			if (w[j] > width[j])
				width[j] = w[j];
	}
}

/* A name as a short listing shows it, in buffer; its length. */
static int
ls_short_name(const struct ls_entry *e, char *buffer, size_t size)
{
	char inode[24] = "";

	if (ls_inode)
		snprintf(inode, sizeof(inode), "%lu ",
			 (unsigned long)e->st.st_ino);
	return snprintf(buffer, size, "%s%s%s", inode, e->name,
			ls_mark(e->st.st_mode));
}

/* Short names in columns, filled down first. */
static void
ls_print_columns(const struct ls_entry *entries, int count)
{
	char name[PATH_MAX + 32];
	int widest = 0;

	for (int i = 0; i < count; i++) {
		int w = ls_short_name(&entries[i], name, sizeof(name));
		widest = w > widest ? w : widest;
	}
	int columns = LS_WIDTH / (widest + 2);
	columns = columns < 1 ? 1 : columns;
	int rows = (count + columns - 1) / columns;
	for (int row = 0; row < rows; row++) {
		for (int i = row; i < count; i += rows) {
			int w = ls_short_name(&entries[i], name, sizeof(name));
			printf("%s%*s", name,
			       i + rows < count ? widest + 2 - w : 0, "");
		}
		putchar('\n');
	}
}

/* Prints entries (sorted here); total: a directory's "total" line. */
static void
ls_print(struct ls_entry *entries, int count, int total)
{
	char name[PATH_MAX + 32];
	int width[4];

	qsort(entries, count, sizeof(*entries), ls_compare);
	if (ls_long) {
		long long blocks = 0;
		for (int i = 0; i < count; i++)
			blocks += entries[i].st.st_blocks;
		if (total)
			printf("total %lld\n", blocks);
		ls_widths(entries, count, width);
	}
	if (!ls_long && ls_columns) {
		ls_print_columns(entries, count);
		return;
	}
	for (int i = 0; i < count; i++) {
		if (ls_long) {
			if (ls_inode)
				printf("%lu ",
				       (unsigned long)entries[i].st.st_ino);
			ls_print_long(&entries[i], width);
		} else {
			ls_short_name(&entries[i], name, sizeof(name));
			puts(name);
		}
	}
}

static void
ls_free(struct ls_entry *entries, int count)
{
	for (int i = 0; i < count; i++) {
		free(entries[i].name);
		free(entries[i].path);
	}
	free(entries);
}

/* Adds an entry: name as shown, path to reach it, st its status; 0 or
 * -1 (errno set). */
static int
ls_add(struct ls_entry **entries, int *count, const char *name,
       const char *path, const struct stat *st)
{
	struct ls_entry *more =
	    realloc(*entries, (*count + 1) * sizeof(**entries));

	if (more == NULL)
		return -1;
	*entries = more;
	struct ls_entry *e = &more[*count];
	e->name = strdup(name);
	e->path = strdup(path);
	e->st = *st;
	if (e->name == NULL || e->path == NULL) {
		free(e->name);
		free(e->path);
		errno = ENOMEM;
		return -1;
	}
	(*count)++;
	return 0;
}

/* Lists directory path's entries; heading: print "path:" first. */
static void
ls_list_directory(const char *path, int heading)
{
	struct ls_entry *entries = NULL;
	char entry_path[PATH_MAX];
	int count = 0;
	struct dirent *d;
	struct stat st;
	DIR *dir = opendir(path);

	if (dir == NULL) {
		ls_error(path);
		return;
	}
	if (heading)
		printf("%s:\n", path);
	errno = 0;
	while ((d = readdir(dir)) != NULL) {
		int dots =
		    strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0;
		if (d->d_name[0] == '.' && !ls_all && !(ls_almost_all && !dots))
			continue;
		snprintf(entry_path, sizeof(entry_path), "%s%s%s", path,
			 path[strlen(path) - 1] == '/' ? "" : "/", d->d_name);
		if (lstat(entry_path, &st) != 0) {
			ls_error(entry_path);
			memset(&st, 0, sizeof(st));
		}
		errno = 0;
		if (ls_add(&entries, &count, d->d_name, entry_path, &st) != 0)
			break;
	}
	if (errno != 0)
		ls_error(path);
	closedir(dir);
	ls_print(entries, count, 1);
	for (int i = 0; ls_recursive && i < count; i++) {
		const char *name = entries[i].name;
		if (S_ISDIR(entries[i].st.st_mode) && strcmp(name, ".") != 0 &&
		    strcmp(name, "..") != 0) {
			putchar('\n');
			ls_list_directory(entries[i].path, 1);
		}
	}
	ls_free(entries, count);
}

int
main(int argc, char **argv)
{
	struct ls_entry *files = NULL, *dirs = NULL;
	int nfiles = 0, ndirs = 0, c;

	ls_columns = isatty(1);
	while ((c = getopt(argc, argv, "+1ACFRadilnpr")) != -1) {
		switch (c) {
		case '1':
			ls_columns = 0;
			break;
		case 'A':
			ls_almost_all = 1;
			break;
		case 'C':
			ls_columns = 1;
			break;
		case 'F':
			ls_classify = 1;
			break;
		case 'R':
			ls_recursive = 1;
			break;
		case 'a':
			ls_all = 1;
			break;
		case 'd':
			ls_directory = 1;
			break;
		case 'i':
			ls_inode = 1;
			break;
		case 'n':
			ls_numeric = 1;
			/* fall through */
		case 'l':
			ls_long = 1;
			break;
		case 'p':
			ls_slash = 1;
			break;
		case 'r':
			ls_reverse = 1;
			break;
		default:
			fprintf(stderr,
				"usage: ls [-1ACFRadilnpr] [file...]\n");
			return 1;
		}
	}
	char *dot[] = {".", NULL};
	char **operands = optind < argc ? argv + optind : dot;
	int follow = !ls_directory && !ls_classify && !ls_long;
	for (; *operands != NULL; operands++) {
		struct stat st;
		if ((follow ? stat(*operands, &st) : lstat(*operands, &st)) !=
			0 &&
		    lstat(*operands, &st) != 0) {
			ls_error(*operands);
			continue;
		}
		int dir = S_ISDIR(st.st_mode) && !ls_directory;
		if (ls_add(dir ? &dirs : &files, dir ? &ndirs : &nfiles,
			   *operands, *operands, &st) != 0)
			ls_error(*operands);
	}
	ls_print(files, nfiles, 0);
	qsort(dirs, ndirs, sizeof(*dirs), ls_compare);
	for (int i = 0; i < ndirs; i++) {
		if (nfiles > 0 || i > 0)
			putchar('\n');
		ls_list_directory(dirs[i].path,
				  argc - optind > 1 || ls_recursive);
	}
	ls_free(files, nfiles);
	ls_free(dirs, ndirs);
	return ls_status;
}
