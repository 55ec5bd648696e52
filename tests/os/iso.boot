# The real boot path (test-iso): GRUB2 from the ISO loads the kernel by
# multiboot2 and passes a module with arguments.  The module is t_hello
# as build/bin/mach-cc compiles it, so mach-cc is tested too.
iso
test build/tests/os/cc/t_hello one two three
expect-no-line 'kernel: task .* killed'
