/*
 * C types of the kernel's interfaces.  In user space a kernel object is
 * named by a port; inside the kernel (MACH_KERNEL) the IDL-generated
 * server stubs hand the object itself to the routine.
 */
#ifndef MACH_MACH_TYPES_H
#define MACH_MACH_TYPES_H

#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/port.h>
#include <mach/std_types.h>
#include <mach/thread_status.h>

#ifdef MACH_KERNEL
typedef struct task *task_t;
typedef struct thread *thread_t;
typedef struct ipc_space *ipc_space_t;
typedef struct host *host_t;
typedef struct host *host_priv_t;
/* Out-of-line memory in the kernel: a copy object (vm/vm_map_copy.h). */
typedef struct vm_map_copy *vm_map_copy_t;
#else
typedef mach_port_t task_t;
typedef mach_port_t thread_t;
typedef mach_port_t ipc_space_t;
typedef mach_port_t host_t;
typedef mach_port_t host_priv_t;
#endif
typedef mach_port_t *thread_array_t;

/* Special ports of a task (task_get/set_special_port). */
#define TASK_KERNEL_PORT    1 /* the task's own port */
#define TASK_HOST_PORT	    2 /* the host's port */
#define TASK_EXCEPTION_PORT 3 /* where its threads' faults go */
#define TASK_BOOTSTRAP_PORT 4 /* its name service */
#define TASK_HOST_PRIV_PORT \
	5 /* the privileged host port: only tasks the
				 kernel starts at boot may get it */

/* Special ports of a thread. */
#define THREAD_KERNEL_PORT    1
#define THREAD_EXCEPTION_PORT 3

/* CPU time, sampled by the timer: a multiple of its period (10 ms). */
typedef struct time_value {
	integer_t seconds;
	integer_t microseconds;
} time_value_t;

/* task_info flavors. */
#define TASK_BASIC_INFO	       1 /* struct task_basic_info */
#define TASK_THREAD_TIMES_INFO 3 /* struct task_thread_times_info */

typedef int task_flavor_t;
typedef integer_t *task_info_t;
#define TASK_INFO_MAX 32 /* integers */

struct task_basic_info {
	integer_t suspend_count; /* task_suspend minus task_resume */
	integer_t thread_count;
	vm_size_t virtual_size;	 /* bytes mapped */
	vm_size_t resident_size; /* bytes of pages mapped in its pmap */
	time_value_t user_time;	 /* CPU time of its threads that have ended */
	time_value_t system_time;
};
#define TASK_BASIC_INFO_COUNT \
	(sizeof(struct task_basic_info) / sizeof(integer_t))

/* The CPU time of the threads it has now. */
struct task_thread_times_info {
	time_value_t user_time;
	time_value_t system_time;
};
#define TASK_THREAD_TIMES_INFO_COUNT \
	(sizeof(struct task_thread_times_info) / sizeof(integer_t))

/* thread_info flavors. */
#define THREAD_BASIC_INFO 1 /* struct thread_basic_info */

typedef int thread_flavor_t;
typedef integer_t *thread_info_t;
#define THREAD_INFO_MAX 32 /* integers */

/* thread_basic_info.run_state */
#define TH_STATE_RUNNING	 1 /* running, or ready to */
#define TH_STATE_STOPPED	 2 /* held by a suspend count */
#define TH_STATE_WAITING	 3 /* in a wait thread_abort may end */
#define TH_STATE_UNINTERRUPTIBLE 4 /* in a wait it may not */
#define TH_STATE_HALTED		 5 /* ended, not yet freed */

struct thread_basic_info {
	time_value_t user_time;
	time_value_t system_time;
	integer_t suspend_count; /* its own: thread_suspend minus resume */
	integer_t run_state;	 /* TH_STATE_* */
	integer_t priority;
};
#define THREAD_BASIC_INFO_COUNT \
	(sizeof(struct thread_basic_info) / sizeof(integer_t))

/* host_info flavors. */
#define HOST_BASIC_INFO	  1
#define HOST_KERNEL_STATS 2 /* struct kernel_stats */

typedef int host_flavor_t;
typedef integer_t *host_info_t;
#define HOST_INFO_MAX 64 /* integers */

struct host_basic_info {
	integer_t max_cpus;
	integer_t avail_cpus;
	natural_t memory_size; /* in pages */
	integer_t cpu_type;
	integer_t cpu_subtype;
};
#define HOST_BASIC_INFO_COUNT \
	(sizeof(struct host_basic_info) / sizeof(integer_t))

/*
 * host_info(HOST_KERNEL_STATS): the kernel's accounting, for tests that
 * check that nothing leaks and for measurements.
 */
struct kernel_stats {
	unsigned long ks_pages_total;  /* physical pages managed */
	unsigned long ks_pages_free;   /* of which free */
	unsigned long ks_zone_bytes;   /* bytes held by all zones */
	unsigned long ks_zone_objects; /* objects allocated from zones */
	unsigned long ks_tasks;	       /* tasks alive */
	unsigned long ks_threads;      /* threads alive */
	unsigned long ks_context_switches;
	unsigned long ks_timer_ticks;
	unsigned long ks_tsc_per_tick;	/* TSC cycles between timer ticks */
	unsigned long ks_ipc_ports;	/* ports alive */
	unsigned long ks_ipc_psets;	/* port sets alive */
	unsigned long ks_ipc_kmsgs;	/* messages in the kernel */
	unsigned long ks_ipc_spaces;	/* port name spaces */
	unsigned long ks_ipc_fastpath;	/* messages that took the fast path */
	unsigned long ks_failed_allocs; /* allocations made to fail (the
					   failalloc kernel argument) */
	unsigned long ks_ipc_fastpath_regs; /* register messages that took
					       the fast path */
	unsigned long ks_vm_objects;	    /* memory objects alive */
	unsigned long ks_pages_resident;    /* pages in memory objects (task
					    memory the tasks have touched) */
	unsigned long ks_pages_tables;	    /* pages holding page tables */
	unsigned long ks_vm_zone_objects;   /* of ks_zone_objects, those that
					     describe task memory: memory
					     objects, map entries, mappings */
	unsigned long ks_sched_handoffs;    /* switches straight from a
					       sender to its receiver
					       (none with handoff=off) */
	unsigned long ks_fpu_traps;	    /* FPU-unavailable traps (lazy
					       FPU; none with fpu=eager) */
	unsigned long ks_fpu_loads;	    /* FPU states loaded */
	/* Of ks_ipc_fastpath_regs, those that left through the light
	 * entry's exit (none with lightentry=off). */
	unsigned long ks_ipc_fastpath_light;
	/* Fast replies through the reply right the receiving thread kept
	 * (none with replycache=off). */
	unsigned long ks_ipc_reply_cached;
	/* Of ks_ipc_fastpath_light, the messages of the register hot path
	 * (ipc/ipc_hotpath.c; none with hotpath=off or a lesson off). */
	unsigned long ks_ipc_hotpath;
	/* Of ks_ipc_fastpath, the messages of mach_msg's hot path (a
	 * request with a copied send right or a reply;
	 * ipc/ipc_fastpath.c; none with hotpath=off or a lesson off). */
	unsigned long ks_ipc_hotpath_msg;
};

/* Exceptions (exc.defs). */
typedef int exception_type_t;
typedef int64_t exception_data_type_t;
typedef exception_data_type_t *exception_data_t;
#define EXCEPTION_CODE_MAX 2

#define EXC_BAD_ACCESS	    1 /* code: VM_PROT of the access, address */
#define EXC_BAD_INSTRUCTION 2 /* code: vector, rip */
#define EXC_ARITHMETIC	    3 /* code: vector, rip */
#define EXC_SOFTWARE	    5
#define EXC_BREAKPOINT	    6

#endif /* MACH_MACH_TYPES_H */
