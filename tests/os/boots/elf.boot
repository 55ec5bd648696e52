# The kernel's ELF checks: it refuses each corrupt image (made from
# t_hello by tests/os/mkbad.pl) with a message naming the module, and
# still runs the good program booted beside them.
test build/tests/os/t_hello one two three
module build/tests/os/bad/bad_magic
module build/tests/os/bad/wrong_class
module build/tests/os/bad/wrong_machine
module build/tests/os/bad/not_executable
module build/tests/os/bad/truncated
module build/tests/os/bad/header_only
module build/tests/os/bad/phoff_outside
module build/tests/os/bad/segment_in_kernel
module build/tests/os/bad/segment_too_big
module build/tests/os/bad/filesz_over_memsz
module build/tests/os/bad/segments_overlap
module build/tests/os/bad/entry_outside_text
expect-line '^kernel: module bad_magic refused: .+'
expect-line '^kernel: module wrong_class refused: .+'
expect-line '^kernel: module wrong_machine refused: .+'
expect-line '^kernel: module not_executable refused: .+'
expect-line '^kernel: module truncated refused: .+'
expect-line '^kernel: module header_only refused: .+'
expect-line '^kernel: module phoff_outside refused: .+'
expect-line '^kernel: module segment_in_kernel refused: .+'
expect-line '^kernel: module segment_too_big refused: .+'
expect-line '^kernel: module filesz_over_memsz refused: .+'
expect-line '^kernel: module segments_overlap refused: .+'
expect-line '^kernel: module entry_outside_text refused: .+'
expect-no-line 'kernel: task .* killed'
