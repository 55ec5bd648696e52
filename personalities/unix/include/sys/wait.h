/*
 * <sys/wait.h> for the UNIX personality: newlib's, plus WCONTINUED and
 * WIFCONTINUED (a continued child's status is 0xffff, as on Linux),
 * which newlib leaves out; waitpid reports them (docs/unix-server.md);
 * and wait3, wait4.
 */
#ifndef UNIX_SYS_WAIT_H
#define UNIX_SYS_WAIT_H

#include_next <sys/wait.h>

struct rusage;
pid_t wait3(int *status, int options, struct rusage *usage);
pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage);

#define WCONTINUED	8
#define WIFCONTINUED(w) ((w) == 0xffff)
#ifndef WCOREDUMP
#define WCOREDUMP(w) ((w)&0x80)
#endif

#endif /* UNIX_SYS_WAIT_H */
