#!/bin/sh
# deps.sh - install the Debian packages Waishi needs to build, run and test,
# when any is missing (a fresh Debian 12 machine, as root). Idempotent.
set -eu

PACKAGES="build-essential pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev
libcmocka-dev libpq-dev postgresql unzip chromium libmagic-dev libxlsxwriter-dev libzip-dev libexpat1-dev libcairo2-dev libpango1.0-dev fonts-noto-cjk poppler-utils sqlite3 iso-codes tzdata nodejs wrk curl ca-certificates"

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
