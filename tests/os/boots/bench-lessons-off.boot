# make bench LESSONS=1's null RPC rows run to the end with every lesson
# switched off (docs/bench.md, "The lessons"): the register rows then go
# by mach_msg, as the IDL stubs do.  No figure is checked.
kernel-args bootstrap fastpath=off handoff=off fpu=eager regipc=off lightentry=off replycache=off
module build/servers/bootstrap
module build/tests/bench/bench --iterations 10 --warmup 2 rpc_2threads_null rpc_2tasks_null rpc_2threads_regs rpc_2tasks_regs
module build/tests/bench/bench_server
expect-line '^BENCH name=rpc_2threads_null median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=rpc_2tasks_null median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=rpc_2threads_regs median=[0-9]+ .* iterations=10 '
expect-line '^BENCH name=rpc_2tasks_regs median=[0-9]+ .* iterations=10 '
expect-line '^BENCH-DONE rows=4 errors=0$'
expect-no-line '^BENCH-ERROR'
expect-no-line '^kernel: task .* killed'
expect-no-line '^kernel: task .* exited with status'
