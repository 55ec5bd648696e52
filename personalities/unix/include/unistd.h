/*
 * <unistd.h> for the UNIX personality: newlib's, plus confstr's _CS_PATH
 * (newlib defines the _CS_* names only for Cygwin).
 */
#ifndef UNIX_UNISTD_H
#define UNIX_UNISTD_H

#include_next <unistd.h>

#ifndef _CS_PATH
#define _CS_PATH 0
#endif

#endif /* UNIX_UNISTD_H */
