# make bench's programs run to the end (tests/bench/, docs/bench.md) with
# 10 iterations a row, so that the benchmark cannot rot.  No figure is
# checked: timings belong in make bench, never in tests.  As in make
# bench, bench_server finds bench through the bootstrap name service,
# and the default pager runs (pageout_anon, pagein_anon).
kernel-args bootstrap
module build/servers/bootstrap daemon:default_pager
module build/servers/default_pager
module build/tests/bench/bench --iterations 10 --warmup 2
module build/tests/bench/bench_server
expect-line '^BENCH name=timer_overhead median=[0-9]+ min=[0-9]+ p90=[0-9]+ max=[0-9]+ iterations=10 unit=tsc_cycles$'
expect-line '^BENCH name=trap_null median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=msg_self_null median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=msg_self_port median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=msg_self_1k median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=rpc_2threads_null median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=rpc_2tasks_null median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=rpc_2threads_regs median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=rpc_2tasks_regs median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=rpc_2threads_fpu median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=rpc_2tasks_fpu median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=ool_self_4k median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=ool_self_1m median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=ool_self_1m_dealloc median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=vm_allocate_1m median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=regs_sweep_0 median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=regs_sweep_56 median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=regs_sweep_65512 median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=mach_sweep_0 median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=mach_sweep_65512 median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=ool_sweep_4096 median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=ool_sweep_1048576 median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=pageout_anon median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=pagein_anon median=[0-9]+ .* iterations=10 '
expect-line '^BENCH-PROBE name=vm_allocate_128m ticks=[0-9]+ expected=[0-9]+$'
expect-line '^BENCH-PROBE name=ool_self_4m ticks=[0-9]+ expected=[0-9]+$'
expect-line '^BENCH-DONE rows=47 errors=0$'
expect-no-line '^BENCH-ERROR'
expect-no-line '^kernel: task .* killed'
expect-no-line '^kernel: task .* exited with status'
