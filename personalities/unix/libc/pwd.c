/*
 * The user and group databases: /etc/passwd and /etc/group of the file
 * system, read with stdio (newlib has the headers, not the functions).
 *
 *	getpwnam getpwuid getpwnam_r getpwuid_r getpwent setpwent endpwent
 *	getgrnam getgrgid getgrent setgrent endgrent getlogin
 *
 * A passwd line is name:password:uid:gid:gecos:home:shell, a group line
 * name:password:gid:member,member...; a malformed line is skipped.  The
 * non-reentrant functions return static records that the next call
 * overwrites, as POSIX allows.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PWD_LINE_MAX	1024
#define PWD_MEMBERS_MAX 64

static FILE *pwd_file, *grp_file; /* getpwent's and getgrent's */

/* Splits line at ':' into at most count fields; returns how many. */
static int
pwd_split(char *line, char **fields, int count)
{
	int n = 0;

	line[strcspn(line, "\n")] = '\0';
	while (n < count) {
		fields[n++] = line;
		char *colon = strchr(line, ':');
		if (colon == NULL)
			break;
		*colon = '\0';
		line = colon + 1;
	}
	return n;
}

/* A number field: 0 and *value, or -1 if it is not one. */
static int
pwd_number(const char *text, unsigned *value)
{
	char *end;
	unsigned long n = strtoul(text, &end, 10);

	if (*text == '\0' || *end != '\0' || n > 65535)
		return -1;
	*value = n;
	return 0;
}

/* Parses a passwd line (in place) into *pw: 0, or -1 if malformed. */
static int
pwd_parse(char *line, struct passwd *pw)
{
	char *f[7];
	unsigned uid, gid;

	if (pwd_split(line, f, 7) != 7 || pwd_number(f[2], &uid) < 0 ||
	    pwd_number(f[3], &gid) < 0)
		return -1;
	memset(pw, 0, sizeof(*pw));
	pw->pw_name = f[0];
	pw->pw_passwd = f[1];
	pw->pw_uid = uid;
	pw->pw_gid = gid;
	pw->pw_gecos = pw->pw_comment = f[4];
	pw->pw_dir = f[5];
	pw->pw_shell = f[6];
	return 0;
}

/* The next well-formed passwd record of file, in line; NULL at end. */
static struct passwd *
pwd_next(FILE *file, char *line, size_t size, struct passwd *pw)
{
	while (fgets(line, size, file) != NULL)
		if (pwd_parse(line, pw) == 0)
			return pw;
	return NULL;
}

/* Looks a record up by name (name != NULL) or uid into pw and buffer:
 * 0 (found or not: *result says), or an errno value. */
static int
pwd_find(const char *name, uid_t uid, struct passwd *pw, char *buffer,
	 size_t size, struct passwd **result)
{
	FILE *file = fopen("/etc/passwd", "r");

	*result = NULL;
	if (file == NULL)
		return errno == ENOENT ? 0 : errno;
	while (pwd_next(file, buffer, size, pw) != NULL)
		if (name != NULL ? strcmp(pw->pw_name, name) == 0
				 : pw->pw_uid == uid) {
			*result = pw;
			break;
		}
	fclose(file);
	return 0;
}

static struct passwd pwd_record;
static char pwd_line[PWD_LINE_MAX];

struct passwd *
getpwnam(const char *name)
{
	struct passwd *result;

	errno =
	    pwd_find(name, 0, &pwd_record, pwd_line, sizeof(pwd_line), &result);
	return result;
}

struct passwd *
getpwuid(uid_t uid)
{
	struct passwd *result;

	errno = pwd_find(NULL, uid, &pwd_record, pwd_line, sizeof(pwd_line),
			 &result);
	return result;
}

int
getpwnam_r(const char *name, struct passwd *pw, char *buffer, size_t size,
	   struct passwd **result)
{
	return pwd_find(name, 0, pw, buffer, size, result);
}

int
getpwuid_r(uid_t uid, struct passwd *pw, char *buffer, size_t size,
	   struct passwd **result)
{
	return pwd_find(NULL, uid, pw, buffer, size, result);
}

struct passwd *
getpwent(void)
{
	if (pwd_file == NULL && (pwd_file = fopen("/etc/passwd", "r")) == NULL)
		return NULL;
	return pwd_next(pwd_file, pwd_line, sizeof(pwd_line), &pwd_record);
}

void
setpwent(void)
{
	if (pwd_file != NULL)
		rewind(pwd_file);
}

void
endpwent(void)
{
	if (pwd_file != NULL)
		fclose(pwd_file);
	pwd_file = NULL;
}

char *
getlogin(void)
{
	struct passwd *pw = getpwuid(getuid());

	return pw == NULL ? NULL : pw->pw_name;
}

static struct group grp_record;
static char grp_line[PWD_LINE_MAX];
static char *grp_members[PWD_MEMBERS_MAX + 1];

/* Parses a group line (in place) into grp_record: 0, or -1. */
static int
grp_parse(char *line)
{
	char *f[4];
	unsigned gid;
	int n = 0;

	if (pwd_split(line, f, 4) != 4 || pwd_number(f[2], &gid) < 0)
		return -1;
	grp_record.gr_name = f[0];
	grp_record.gr_passwd = f[1];
	grp_record.gr_gid = gid;
	for (char *member = strtok(f[3], ",");
	     member != NULL && n < PWD_MEMBERS_MAX; member = strtok(NULL, ","))
		grp_members[n++] = member;
	grp_members[n] = NULL;
	grp_record.gr_mem = grp_members;
	return 0;
}

static struct group *
grp_next(FILE *file)
{
	while (fgets(grp_line, sizeof(grp_line), file) != NULL)
		if (grp_parse(grp_line) == 0)
			return &grp_record;
	return NULL;
}

/* By name (name != NULL) or gid; NULL if there is none. */
static struct group *
grp_find(const char *name, gid_t gid)
{
	FILE *file = fopen("/etc/group", "r");
	struct group *found = NULL, *g;

	if (file == NULL)
		return NULL;
	while (found == NULL && (g = grp_next(file)) != NULL)
		if (name != NULL ? strcmp(g->gr_name, name) == 0
				 : g->gr_gid == gid)
			found = g;
	fclose(file);
	return found;
}

struct group *
getgrnam(const char *name)
{
	return grp_find(name, 0);
}

struct group *
getgrgid(gid_t gid)
{
	return grp_find(NULL, gid);
}

struct group *
getgrent(void)
{
	if (grp_file == NULL && (grp_file = fopen("/etc/group", "r")) == NULL)
		return NULL;
	return grp_next(grp_file);
}

void
setgrent(void)
{
	if (grp_file != NULL)
		rewind(grp_file);
}

void
endgrent(void)
{
	if (grp_file != NULL)
		fclose(grp_file);
	grp_file = NULL;
}
