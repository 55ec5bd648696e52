#!/bin/sh
# linux-image.sh DIR: Debian 12's Linux kernel (linux-image-amd64, 6.1)
# as DIR/vmlinuz, for the Linux column of make bench (docs/bench.md);
# DIR/version names the package it came from.
#
# apt-get fetches the package through a sources list of our own under
# DIR/apt (one deb line for Debian 12's main), so that the machine's apt
# configuration is never read or changed and nothing is installed:
# `apt-get download` fetches the .deb of the kernel the metapackage
# depends on, and `dpkg-deb --fsys-tarfile` gives its files, of which
# only the kernel image is kept.  A second run fetches nothing (remove
# DIR to fetch again).  Fails
# (status 1, a message on stderr) if the package cannot be fetched.
set -e
dir=$1
[ -n "$dir" ] || { echo "usage: $0 DIR" >&2; exit 2; }
[ -f "$dir/vmlinuz" ] && [ -f "$dir/version" ] && exit 0
mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial"
apt=$(cd "$dir/apt" && pwd)
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
    "http://deb.debian.org/debian bookworm main" >"$apt/sources.list"
options="-q -o Dir::Etc::SourceList=$apt/sources.list
-o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists=$apt/lists
-o Dir::Cache=$apt/cache -o Dir::State::Status=/dev/null
-o APT::Sandbox::User=root -o APT::Architecture=amd64"
ls "$apt"/lists/*_Packages* >/dev/null 2>&1 || apt-get $options update
# The metapackage's one dependency is the kernel itself.
package=$(apt-cache $options depends linux-image-amd64 |
    sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
[ -n "$package" ] || { echo "$0: linux-image-amd64 not found" >&2; exit 1; }
(cd "$apt" && apt-get $options download "$package")
deb=$(ls "$apt/${package}"_*.deb | head -n 1)
rm -rf "$dir/files"
mkdir -p "$dir/files"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir/files" --wildcards \
    './boot/vmlinuz-*'
cp "$dir"/files/boot/vmlinuz-* "$dir/vmlinuz"
basename "$deb" .deb >"$dir/version"
rm -rf "$dir/files" "$deb"
echo "$0: $(cat "$dir/version") in $dir/vmlinuz"
