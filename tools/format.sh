#!/bin/sh
# Applies .clang-format to every C file of the tree (make format), or
# with --check lists the files that differ from it and fails (the
# test-format group).  build/ is skipped; a directory whose files must
# keep their layout (golden files, imported code) holds a .clang-format
# with "DisableFormat: true", which clang-format honours.
files=$(find . \( -path ./build -o -path ./.git \) -prune -o \
    \( -name '*.c' -o -name '*.h' \) -print | sort)
if [ "$1" != --check ]; then
	exec clang-format -i $files
fi
bad=
for f in $files; do
	clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad="$bad $f"
done
if [ -n "$bad" ]; then
	echo "format: not formatted as .clang-format says (make format):"
	for f in $bad; do
		echo "  $f"
	done
	exit 1
fi
echo "format: $(echo $files | wc -w) files formatted as .clang-format says"
