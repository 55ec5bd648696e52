/*
 * <sys/utsname.h> for the UNIX personality (newlib has none): uname
 * (libc/system.c).
 */
#ifndef UNIX_SYS_UTSNAME_H
#define UNIX_SYS_UTSNAME_H

#ifdef __cplusplus
extern "C" {
#endif

#define UNIX_UTSNAME_LENGTH 65

struct utsname {
	char sysname[UNIX_UTSNAME_LENGTH];
	char nodename[UNIX_UTSNAME_LENGTH];
	char release[UNIX_UTSNAME_LENGTH];
	char version[UNIX_UTSNAME_LENGTH];
	char machine[UNIX_UTSNAME_LENGTH];
};

int uname(struct utsname *name);

#ifdef __cplusplus
}
#endif

#endif /* UNIX_SYS_UTSNAME_H */
