# Pageout's queues (tests/os/t_pageout_lru.c): on a 64 MiB machine with
# the default pager, a hot working set read over and over survives a
# cold stream of 1.5x RAM without page-ins.
memory 64M
timeout 400
module build/servers/default_pager
test build/tests/os/t_pageout_lru
expect-line '^default_pager: ready$'
