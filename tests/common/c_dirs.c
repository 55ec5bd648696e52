/*
 * Directories in the common subset: mkdir, opendir/readdir, rmdir,
 * chdir and relative paths, getcwd, and their errors.
 */
#include "common.h"

#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DIR_PATH "/tmp/c_dirs"

/* How many of the names a listing of path holds (and all its names). */
static int
count_names(const char *path, const char *a, const char *b, int *total)
{
	DIR *dir = opendir(path);
	int found = 0;
	struct dirent *d;

	*total = 0;
	if (dir == NULL)
		return -1;
	while ((d = readdir(dir)) != NULL) {
		(*total)++;
		found += strcmp(d->d_name, a) == 0 || strcmp(d->d_name, b) == 0;
	}
	closedir(dir);
	return found;
}

int
main(void)
{
	char cwd[256];
	struct stat st;
	int total;

	tap_plan(19);
	rmdir(DIR_PATH "/sub");
	unlink(DIR_PATH "/file");
	rmdir(DIR_PATH);
	tap_is_int(mkdir(DIR_PATH, 0755), 0, "mkdir");
	tap_fails(mkdir(DIR_PATH, 0755), EEXIST, "mkdir again: EEXIST");
	tap_is_int(stat(DIR_PATH, &st), 0, "stat the directory");
	tap_ok(S_ISDIR(st.st_mode), "it is a directory");
	tap_is_int(mkdir(DIR_PATH "/sub", 0755), 0, "mkdir inside it");
	int fd = open(DIR_PATH "/file", O_CREAT | O_WRONLY, 0644);
	tap_ok(fd >= 0, "a file inside it");
	close(fd);
	tap_is_int(count_names(DIR_PATH, "sub", "file", &total), 2,
		   "readdir lists both");
	tap_is_int(total, 4, "and . and ..");
	tap_fails(rmdir(DIR_PATH), ENOTEMPTY, "rmdir of a full directory");
	tap_fails(rmdir(DIR_PATH "/file"), ENOTDIR, "rmdir of a file: ENOTDIR");
	tap_is_int(chdir(DIR_PATH), 0, "chdir");
	tap_ok(getcwd(cwd, sizeof(cwd)) != NULL, "getcwd");
	tap_is_str(cwd, DIR_PATH, "getcwd names it");
	tap_is_int(stat("sub", &st), 0, "a relative path from the cwd");
	tap_is_int(chdir("sub"), 0, "chdir by a relative path");
	tap_ok(getcwd(cwd, sizeof(cwd)) != NULL &&
		   strcmp(cwd, DIR_PATH "/sub") == 0,
	       "getcwd follows");
	tap_fails(chdir(DIR_PATH "/file"), ENOTDIR, "chdir to a file: ENOTDIR");
	chdir("/");
	unlink(DIR_PATH "/file");
	rmdir(DIR_PATH "/sub");
	tap_is_int(rmdir(DIR_PATH), 0, "rmdir of the emptied directory");
	tap_fails(opendir(DIR_PATH) == NULL ? -1 : 0, ENOENT,
		  "opendir of a removed directory: ENOENT");
	return tap_done();
}
