/*
 * The run time the fuzzer's IDL stubs call (mig -subrprefix fz_; made in
 * stubs.c): the stubs' own files get it with -include (tests/os/os.mk).
 */
#ifndef FUZZ_MIG_H
#define FUZZ_MIG_H

#include <mach/message.h>
#include <mach/std_types.h>

mach_msg_return_t fz_mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
			      mach_msg_size_t send_size,
			      mach_msg_size_t rcv_size,
			      mach_port_name_t rcv_name,
			      mach_msg_timeout_t timeout,
			      mach_port_name_t notify);
mach_port_t fz_mig_get_reply_port(void);
void fz_mig_dealloc_reply_port(mach_port_t reply_port);
void fz_mig_allocate(vm_address_t *addr, vm_size_t size);

#endif /* FUZZ_MIG_H */
