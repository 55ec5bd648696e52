/*
 * The C types and functions that GNU Mach's .defs files (Debian's
 * gnumach-dev) name, declared just well enough for the code our mig
 * generates from them to compile on the host (tests/idl/corpus.sh).
 * Every header under tests/idl/shim/ includes this one.
 *
 * Sizes follow the .defs on x86-64 (each generated message struct
 * asserts its size); structs are opaque blobs of the right size, packed
 * to 4 as in messages.  Under KERNEL_SERVER, the kernel objects that
 * intran/outtran produce are pointers to incomplete structs.
 */
#ifndef GNUMACH_SHIM_H
#define GNUMACH_SHIM_H

#include <mach/message.h>
#include <mach/port.h>
#include <mach/std_types.h>

#define GNUMACH_SHIM_BLOB(name, bytes) \
	typedef struct { \
		char b[bytes]; \
	} __attribute__((packed, aligned(4))) name

typedef int64_t rpc_long_integer_t;
typedef uint64_t rpc_long_natural_t;
typedef rpc_long_integer_t long_integer_t;
typedef rpc_long_natural_t long_natural_t;
typedef uint64_t rpc_phys_addr_t;
typedef uint64_t rpc_vm_size_t;
typedef rpc_vm_size_t rpc_vm_offset_t;
typedef rpc_vm_size_t rpc_vm_address_t;
typedef rpc_long_natural_t rpc_recnum_t;
typedef rpc_recnum_t recnum_t;

GNUMACH_SHIM_BLOB(mach_port_status_t, 36);
GNUMACH_SHIM_BLOB(rpc_time_value_t, 12);
typedef rpc_time_value_t time_value_t;
GNUMACH_SHIM_BLOB(vm_statistics_data_t, 52);
GNUMACH_SHIM_BLOB(vm_cache_statistics_data_t, 44);
GNUMACH_SHIM_BLOB(default_pager_info_t, 24);
GNUMACH_SHIM_BLOB(default_pager_object_t, 16);
GNUMACH_SHIM_BLOB(default_pager_page_t, 8);
GNUMACH_SHIM_BLOB(cache_info_t, 116);
GNUMACH_SHIM_BLOB(hash_info_bucket_t, 4);
GNUMACH_SHIM_BLOB(vm_region_info_t, 60);
GNUMACH_SHIM_BLOB(vm_object_info_t, 88);
GNUMACH_SHIM_BLOB(vm_page_info_t, 32);
GNUMACH_SHIM_BLOB(descriptor_t, 8);

typedef int memory_object_copy_strategy_t;
typedef int memory_object_return_t;
typedef int vm_machine_attribute_t;
typedef int vm_machine_attribute_val_t;
typedef int vm_sync_t;
typedef int vm_wire_t;
typedef uint32_t dev_mode_t;
typedef uint32_t dev_flavor_t;
typedef short filter_t;
typedef int16_t io_port_t;
typedef uint32_t vm_object_info_state_t;
typedef uint32_t vm_page_info_state_t;

typedef char kernel_version_t[512];
typedef char kernel_boot_info_t[4096];
typedef char kernel_debug_name_t[64];
typedef char dev_name_t[128];
typedef char symtab_name_t[32];
typedef char default_pager_filename_t[256];
typedef char cache_name_t[32];
typedef char io_buf_ptr_inband_t[128];
typedef char *io_buf_ptr_t;

typedef integer_t *host_info_t;
typedef integer_t *processor_info_t;
typedef integer_t *processor_set_info_t;
typedef integer_t *task_info_t;
typedef integer_t *thread_info_t;
typedef natural_t *thread_state_t;
typedef int *dev_status_t;
typedef int *rpc_signature_info_t;
typedef filter_t *filter_array_t;
typedef vm_offset_t *vm_offset_array_t;
typedef vm_size_t *vm_size_array_t;
typedef vm_offset_t *emulation_vector_t;
typedef descriptor_t *descriptor_list_t;
typedef cache_info_t *cache_info_array_t;
typedef hash_info_bucket_t *hash_info_bucket_array_t;
typedef vm_region_info_t *vm_region_info_array_t;
typedef vm_object_info_t *vm_object_info_array_t;
typedef vm_page_info_t *vm_page_info_array_t;
typedef default_pager_object_t *default_pager_object_array_t;
typedef default_pager_page_t *default_pager_page_array_t;
typedef mach_port_t *memory_object_array_t;

/* Ports as user space sees them; kernel objects under KERNEL_SERVER. */
typedef mach_port_t memory_object_t;
typedef mach_port_t memory_object_control_t;
typedef mach_port_t memory_object_name_t;
typedef mach_port_t host_priv_t;
typedef mach_port_t vm_task_t;
typedef mach_port_t notify_port_t;
typedef mach_port_t reply_port_t;
typedef mach_port_t *task_array_t;
typedef mach_port_t *thread_array_t;
typedef mach_port_t *processor_array_t;
typedef mach_port_t *processor_set_array_t;
typedef mach_port_t *processor_set_name_array_t;

#ifdef KERNEL_SERVER
typedef struct task *task_t;
typedef struct thread *thread_t;
typedef struct ipc_space *ipc_space_t;
typedef struct vm_map *vm_map_t;
typedef struct host *host_t;
typedef struct processor *processor_t;
typedef struct processor_set *processor_set_t;
typedef processor_set_t processor_set_name_t;
typedef struct vm_object *vm_object_t;
typedef struct ipc_port *ipc_port_t;
typedef struct device *device_t;
typedef struct io_perm *io_perm_t;
#else
typedef mach_port_t task_t;
typedef mach_port_t thread_t;
typedef mach_port_t ipc_space_t;
typedef mach_port_t host_t;
typedef mach_port_t processor_t;
typedef mach_port_t processor_set_t;
typedef mach_port_t processor_set_name_t;
typedef mach_port_t device_t;
typedef mach_port_t io_perm_t;
#endif

/* Our kernel stubs' release of a translated right (mig_support.h). */
void mig_release_port(mach_port_t port, mach_msg_type_name_t disposition);

task_t convert_port_to_task(mach_port_t);
mach_port_t convert_task_to_port(task_t);
void task_deallocate(task_t);
thread_t convert_port_to_thread(mach_port_t);
mach_port_t convert_thread_to_port(thread_t);
void thread_deallocate(thread_t);
ipc_space_t convert_port_to_space(mach_port_t);
void space_deallocate(ipc_space_t);
host_t convert_port_to_host(mach_port_t);
host_t convert_port_to_host_priv(mach_port_t);
mach_port_t convert_host_to_port(host_t);
processor_t convert_port_to_processor(mach_port_t);
mach_port_t convert_processor_to_port(processor_t);
processor_set_t convert_port_to_pset(mach_port_t);
processor_set_t convert_port_to_pset_name(mach_port_t);
mach_port_t convert_pset_to_port(processor_set_t);
mach_port_t convert_pset_name_to_port(processor_set_t);
void pset_deallocate(processor_set_t);
device_t dev_port_lookup(mach_port_t);
mach_port_t convert_device_to_port(device_t);
void device_deallocate(device_t);
io_perm_t convert_port_to_io_perm(mach_port_t);
mach_port_t convert_io_perm_to_port(io_perm_t);
void io_perm_deallocate(io_perm_t);
vm_offset_t convert_vm_from_user(rpc_vm_offset_t);
rpc_vm_offset_t convert_vm_to_user(vm_offset_t);
long_natural_t convert_long_natural_from_user(rpc_long_natural_t);
rpc_long_natural_t convert_long_natural_to_user(long_natural_t);
long_integer_t convert_long_integer_from_user(rpc_long_integer_t);
rpc_long_integer_t convert_long_integer_to_user(long_integer_t);
time_value_t convert_time_value_from_user(rpc_time_value_t);
rpc_time_value_t convert_time_value_to_user(time_value_t);
#ifdef KERNEL_SERVER
vm_map_t convert_port_to_map(mach_port_t);
void vm_map_deallocate(vm_map_t);
vm_object_t vm_object_lookup(mach_port_t);
vm_object_t vm_object_lookup_name(mach_port_t);
void vm_object_deallocate(vm_object_t);
ipc_port_t null_conversion(mach_port_t);
#endif

/* KernelUser stubs send through these (the kernel's IPC provides them). */
mach_msg_return_t mach_msg_send_from_kernel(mach_msg_header_t *msg,
					    mach_msg_size_t size);
mach_msg_return_t mach_msg_rpc_from_kernel(mach_msg_header_t *msg,
					   mach_msg_size_t send_size,
					   mach_msg_size_t rcv_size);

#endif
