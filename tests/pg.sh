#!/bin/sh
# pg.sh - a private PostgreSQL server for the tests: installed if missing
# (Debian postgresql), its own data folder and port, run as the unprivileged
# postgres user, stopped by `tests/pg.sh stop`.
#   tests/pg.sh start   prints the base URL (postgresql://waishi@127.0.0.1:PORT)
#   tests/pg.sh stop
set -eu
PORT=${WAISHI_PG_PORT:-55432}
DIR=${WAISHI_PG_DIR:-/tmp/waishi-pg-$PORT}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }

case "${1:-start}" in
start)
	if [ -z "$BIN" ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
		BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
	fi
	as_postgres "$BIN/pg_ctl -D $DIR stop -m fast" >/dev/null 2>&1 || true
	rm -rf "$DIR"
	mkdir -p "$DIR"
	[ "$(id -u)" = 0 ] && chown postgres "$DIR"
	as_postgres "$BIN/initdb -D $DIR -U waishi --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
	as_postgres "$BIN/pg_ctl -D $DIR -l $DIR/log -o '-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off' -w start" >/dev/null
	echo "postgresql://waishi@127.0.0.1:$PORT"
	;;
stop)
	[ -n "$BIN" ] && as_postgres "$BIN/pg_ctl -D $DIR stop -m fast" >/dev/null 2>&1 || true
	rm -rf "$DIR"
	;;
esac
