#!/bin/sh
# Installs the Debian 12 packages that building, running and testing the
# system need (make deps; .ci/run).  Does nothing when all are present.
# As root it installs the missing ones with apt-get; otherwise it prints
# the sudo command to run and fails.
set -e
packages="gcc make binutils perl python3 qemu-system-x86 grub-pc-bin
grub-common xorriso mtools newlib-source libcmocka-dev gnumach-dev
mig-x86-64-gnu clang libclang-rt-14-dev clang-format gdb
gnumach-image-1.8-486 cpio gnuplot-nox dpkg-dev libc6-dev"

missing=
for p in $packages; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: missing Debian packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: as root, install them with:"
	echo "  sudo apt-get update &&" \
	    "sudo apt-get install -y --no-install-recommends$missing"
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
install() {
	echo "deps: apt-get install$missing"
	apt-get install -y --no-install-recommends $missing
}
# Refresh the package lists first if there are none; otherwise only if
# installing fails (lists too old to find a package).
if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then
	echo "deps: apt-get update"
	apt-get update
	install
elif ! install; then
	echo "deps: apt-get update, then try again"
	apt-get update
	install
fi
echo "deps: all packages installed"
