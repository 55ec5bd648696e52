# Pageout (tests/os/t_pageout.c): a 64 MiB machine with the default
# pager; a task writes and reads back twice the RAM of anonymous
# memory, an external pager's dirty pages go back through data_return
# and come back intact, a wired mapping stays.
memory 64M
timeout 400
module build/servers/default_pager
test build/tests/os/t_pageout
expect-line '^default_pager: ready$'
