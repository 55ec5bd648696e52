#!/bin/sh
# debian-source.sh BUILD NAME VERSION: the upstream sources of Debian
# source package NAME at VERSION, unpacked into BUILD/src/NAME-VERSION.
#
# apt-get source fetches the package through a sources list of our own
# under BUILD/apt (one deb-src line for Debian 12), so that the
# machine's apt configuration is never read or changed; what it fetched
# stays there, and a second run fetches nothing.  dpkg-source unpacks
# the upstream tarball without Debian's patches: those change
# configure.ac, and applying them would need autoreconf (the build uses
# the configure script the upstream tarball ships).
set -e
build=$1 name=$2 version=$3
[ -n "$version" ] || { echo "usage: $0 BUILD NAME VERSION" >&2; exit 2; }
apt=$(cd "$build" && pwd)/apt
dest=$build/src/$name-$version
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/fetched" \
    "$build/src"
echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
    "http://deb.debian.org/debian bookworm main" >"$apt/sources.list"
aptget() {
	apt-get -q -o Dir::Etc::SourceList="$apt/sources.list" \
	    -o Dir::Etc::SourceParts=/dev/null \
	    -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" \
	    -o APT::Sandbox::User=root "$@"
}
dsc=$apt/fetched/${name}_$version.dsc
if [ ! -f "$dsc" ]; then
	ls "$apt"/lists/*_Sources* >/dev/null 2>&1 || aptget update
	(cd "$apt/fetched" && aptget source --download-only "$name=$version")
fi
rm -rf "$dest"
dpkg-source --skip-patches -x "$dsc" "$dest"
