# The UNIX server with init running the utilities' test script
# (t_utils.sh, run by dash).  A boot of its own: unix.boot's module line
# is at the kernel's limit of a command line (BOOT_CMDLINE_MAX, 256).
kernel-args bootstrap
module build/servers/bootstrap
module build/unix/unix /sbin/init /test/t_utils
module build/unix/archive
stream t_utils
expect-line '^unix: init started$'
expect-line '^init: /test/t_utils exited with 0$'
expect-line '^init: done$'
timeout 60
