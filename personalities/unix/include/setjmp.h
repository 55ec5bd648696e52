/*
 * <setjmp.h> for the UNIX personality: newlib's, plus sigsetjmp and
 * siglongjmp (newlib has them only for Cygwin and RTEMS), which save
 * and restore the signal mask the server keeps (libc/signal.c).
 */
#ifndef UNIX_SETJMP_H
#define UNIX_SETJMP_H

#include_next <setjmp.h>
#include <sys/signal.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	jmp_buf usj_buf;
	int usj_save;
	sigset_t usj_mask;
} sigjmp_buf[1];

void unix_sigjmp_save(sigjmp_buf env, int save);
void siglongjmp(sigjmp_buf env, int value) __attribute__((__noreturn__));

/* A macro: setjmp must be called in the frame that sigsetjmp's caller
 * returns to. */
#define sigsetjmp(env, save) \
	(unix_sigjmp_save((env), (save)), setjmp((env)[0].usj_buf))

#ifdef __cplusplus
}
#endif

#endif /* UNIX_SETJMP_H */
