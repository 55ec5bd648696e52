# The real boot path (test-iso): GRUB2 from the ISO loads the kernel by
# multiboot2 and passes a module with arguments.
iso
test build/tests/os/t_hello one two three
expect-no-line 'kernel: task .* killed'
