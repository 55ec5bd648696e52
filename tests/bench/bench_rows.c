/*
 * The rows and probes of bench, the native benchmark program
 * (bench.c is its harness).
 */
#include "bench.h"

const struct bench_row bench_rows[] = {
    {"timer_overhead", bench_timer_overhead},
    {"trap_null", bench_trap_null},
    {"msg_self_null", bench_msg_self_null},
    {"msg_self_port", bench_msg_self_port},
    {"msg_self_1k", bench_msg_self_1k},
    {"rpc_2threads_null", bench_rpc_2threads_null},
    {"rpc_2tasks_null", bench_rpc_2tasks_null},
    {"rpc_2threads_regs", bench_rpc_2threads_regs},
    {"rpc_2tasks_regs", bench_rpc_2tasks_regs},
    {"rpc_2threads_fpu", bench_rpc_2threads_fpu},
    {"rpc_2tasks_fpu", bench_rpc_2tasks_fpu},
    {"ool_self_4k", bench_ool_self_4k},
    {"ool_self_1m", bench_ool_self_1m},
    {"ool_self_64m", bench_ool_self_64m},
    {"ool_self_1m_dealloc", bench_ool_self_1m_dealloc},
    {"vm_allocate_1m", bench_vm_allocate_1m},
    {"vm_allocate_touch_1m", bench_vm_allocate_touch_1m},
    {"fault_zero", bench_fault_zero},
    {"fault_cow", bench_fault_cow},
    {"fault_pager", bench_fault_pager},
    /* The message-size sweep (bench_sweep.c): the size in the name. */
    {"regs_sweep_0", bench_sweep},
    {"regs_sweep_56", bench_sweep},
    {"regs_sweep_64", bench_sweep},
    {"regs_sweep_104", bench_sweep},
    {"regs_sweep_128", bench_sweep},
    {"regs_sweep_256", bench_sweep},
    {"regs_sweep_1024", bench_sweep},
    {"regs_sweep_4096", bench_sweep},
    {"regs_sweep_16384", bench_sweep},
    {"regs_sweep_65512", bench_sweep},
    {"mach_sweep_0", bench_sweep},
    {"mach_sweep_56", bench_sweep},
    {"mach_sweep_64", bench_sweep},
    {"mach_sweep_104", bench_sweep},
    {"mach_sweep_128", bench_sweep},
    {"mach_sweep_256", bench_sweep},
    {"mach_sweep_1024", bench_sweep},
    {"mach_sweep_4096", bench_sweep},
    {"mach_sweep_16384", bench_sweep},
    {"mach_sweep_65512", bench_sweep},
    {"ool_sweep_4096", bench_sweep},
    {"ool_sweep_16384", bench_sweep},
    {"ool_sweep_65536", bench_sweep},
    {"ool_sweep_262144", bench_sweep},
    {"ool_sweep_1048576", bench_sweep},
    {"pageout_anon", bench_pageout_anon},
    {"pagein_anon", bench_pagein_anon},
};
const int bench_row_count = sizeof(bench_rows) / sizeof(bench_rows[0]);

/* Probes: run once, each prints its own BENCH-PROBE line (bench_vm.c). */
const struct bench_probe bench_probes[] = {
    {"vm_allocate_128m", bench_probe_vm_allocate_128m},
    {"ool_self_4m", bench_probe_ool_self_4m},
};
const int bench_probe_count = sizeof(bench_probes) / sizeof(bench_probes[0]);

void
bench_end(void)
{
	bench_tasks_exit_server(); /* bench_server ends with us */
}
