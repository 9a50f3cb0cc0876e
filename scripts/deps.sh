#!/bin/sh
# deps.sh - install the Debian packages Waishi needs to build, run and test,
# when any is missing (a fresh Debian 12 machine, as root). Idempotent.
set -eu

PACKAGES="build-essential pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev
libcmocka-dev libpq-dev postgresql unzip chromium libmagic-dev libxlsxwriter-dev libzip-dev libexpat1-dev libcairo2-dev libpango1.0-dev fonts-noto-cjk poppler-utils sqlite3 iso-codes tzdata nodejs wrk curl ca-certificates brotli"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# node may come from another packaging of nodejs (which brings npm); any working node will do
if command -v node >/dev/null 2>&1; then
	missing=$(echo "$missing" | sed 's/ nodejs//')
fi
if ! command -v npm >/dev/null 2>&1; then
	missing="$missing npm"
fi
missing=$(echo "$missing" | xargs)
if [ -n "$missing" ]; then
	echo "deps: installing $missing"
	if [ "$(id -u)" != 0 ]; then
		echo "deps: run as root (or install: $missing)" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends $missing
fi

# The web interface is built with Vite 8, which needs Node.js 20.19 or newer; Debian 12's own
# nodejs is 18. Say so clearly rather than fail later inside the web build.
node_version=$(node --version 2>/dev/null | sed 's/^v//')
node_major=$(echo "$node_version" | cut -d. -f1)
node_minor=$(echo "$node_version" | cut -d. -f2)
if [ -z "$node_version" ] || [ "${node_major:-0}" -lt 20 ] || { [ "$node_major" -eq 20 ] && [ "${node_minor:-0}" -lt 19 ]; }; then
	cat >&2 <<MSG
deps: Node.js ${node_version:-(none)} is too old: the web interface needs Node.js 20.19 or newer (Vite 8).
deps: Debian 12's own nodejs package is 18. Install Node.js 20.19+ (for example the nodejs package
deps: of the NodeSource repository for Node 20 or 22, or an official build from nodejs.org) so that
deps: 'node --version' prints v20.19 or later, then run make again.
MSG
	exit 1
fi
