/*
 * The console device's constants (console.defs), shared by the kernel
 * and its clients.
 */
#ifndef _MACH_CONSOLE_TYPES_H_
#define _MACH_CONSOLE_TYPES_H_

#define CONSOLE_READ_MAX    256	 /* bytes one console_read returns */
#define CONSOLE_WRITE_MAX   1024 /* bytes one console_write takes */
#define CONSOLE_INPUT_SIZE  1024 /* the kernel's input buffer */
#define CONSOLE_READERS_MAX 32	 /* console_reads waiting at one time */

/* The IDL's inline arrays of console.defs (the stubs pass a pointer). */
typedef char *console_read_data_t;
typedef char *console_write_data_t;

#endif /* _MACH_CONSOLE_TYPES_H_ */
