/*
 * <sys/wait.h> for the UNIX personality: newlib's, plus WCONTINUED and
 * WIFCONTINUED (a continued child's status is 0xffff, as on Linux),
 * which newlib leaves out; waitpid reports them (docs/unix-server.md).
 */
#ifndef UNIX_SYS_WAIT_H
#define UNIX_SYS_WAIT_H

#include_next <sys/wait.h>

#define WCONTINUED	8
#define WIFCONTINUED(w) ((w) == 0xffff)
#ifndef WCOREDUMP
#define WCOREDUMP(w) ((w)&0x80)
#endif

#endif /* UNIX_SYS_WAIT_H */
