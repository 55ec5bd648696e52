# make pagerplot: the slow demo pager serving 128 pages (2 ms an answer)
# to its workload, and pagertrace printing the pager traffic as CSV
# (tools/pagerplot.sh turns it into plots).
module build/libmach/demos/pagerdemo -d 2 128
module build/libmach/demos/pagertrace -c 6
expect-line '^pagerdemo: the object was terminated$'
expect-line '^PT-DONE$'
timeout 120
