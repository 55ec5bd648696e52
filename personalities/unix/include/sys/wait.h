/*
 * <sys/wait.h> for the UNIX personality: newlib's, plus WCONTINUED and
 * WIFCONTINUED (a continued child's status is 0xffff, as on Linux),
 * which newlib leaves out; waitpid reports them (docs/unix-server.md);
 * and wait3, wait4.
 */
#ifndef UNIX_SYS_WAIT_H
#define UNIX_SYS_WAIT_H

#include <signal.h>
#include_next <sys/wait.h>

struct rusage;
pid_t wait3(int *status, int options, struct rusage *usage);
pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage);

#define WCONTINUED	8
#define WIFCONTINUED(w) ((w) == 0xffff)
/* waitid (libc/process.c): its idtype_t and options (Linux's values;
 * WSTOPPED is WUNTRACED).  WNOWAIT is EINVAL: the server has no wait
 * that leaves the child waitable. */
typedef enum { P_ALL, P_PID, P_PGID } idtype_t;
#define WSTOPPED WUNTRACED
#define WEXITED	 4
#define WNOWAIT	 0x01000000
int waitid(idtype_t type, id_t id, siginfo_t *info, int options);

#ifndef WCOREDUMP
#define WCOREDUMP(w) ((w)&0x80)
#endif

#endif /* UNIX_SYS_WAIT_H */
