/*
 * Results that IDL-generated stubs return, and the reply a server stub
 * sends when a request fails before or in the server routine.
 */
#ifndef MACH_MIG_ERRORS_H
#define MACH_MIG_ERRORS_H

#include <mach/message.h>

#define MIG_TYPE_ERROR	    -300 /* reply carries the wrong types */
#define MIG_REPLY_MISMATCH  -301 /* reply id is not request id + 100 */
#define MIG_REMOTE_ERROR    -302 /* server found a client error */
#define MIG_BAD_ID	    -303 /* server does not know the routine */
#define MIG_BAD_ARGUMENTS   -304 /* server found the request malformed */
#define MIG_NO_REPLY	    -305 /* server routine will reply later */
#define MIG_EXCEPTION	    -306 /* server raised an exception */
#define MIG_ARRAY_TOO_LARGE -307 /* user's array is too small */
#define MIG_SERVER_DIED	    -308 /* the server is gone */
#define MIG_TRAILER_ERROR   -309 /* no trailer of the requested kind */

#pragma pack(push, 4)
typedef struct {
	mach_msg_header_t Head;
	kern_return_t RetCode;
} mig_reply_error_t;
#pragma pack(pop)

#endif /* MACH_MIG_ERRORS_H */
