#!/bin/sh
# pg.sh - a private PostgreSQL server for the tests: installed if missing
# (Debian postgresql), in a data folder of its own (mktemp) on a port of its
# own (WAISHI_PG_PORT, or a free one), run as the unprivileged postgres user.
#   tests/pg.sh start        prints the base URL (postgresql://waishi@127.0.0.1:PORT)
#   tests/pg.sh stop [URL]   stops that server (default: the one on WAISHI_PG_PORT)
#                            and removes its data folder
set -eu
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'; }

case "${1:-start}" in
start)
	if [ -z "$BIN" ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
		BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
	fi
	PORT=${WAISHI_PG_PORT:-$(free_port)}
	DIR=$(mktemp -d "${TMPDIR:-/tmp}/waishi-pg.XXXXXX")
	chmod 755 "$DIR"
	[ "$(id -u)" = 0 ] && chown postgres "$DIR"
	if ! as_postgres "$BIN/initdb -D $DIR/data -U waishi --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null ||
		! as_postgres "$BIN/pg_ctl -D $DIR/data -l $DIR/log -o '-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off' -w start" >/dev/null; then
		echo "pg.sh: PostgreSQL did not start on port $PORT (is the port taken?)" >&2
		cat "$DIR/log" >&2 2>/dev/null || true
		rm -rf "$DIR"
		exit 1
	fi
	echo "postgresql://waishi@127.0.0.1:$PORT"
	;;
stop)
	URL=${2:-postgresql://waishi@127.0.0.1:${WAISHI_PG_PORT:-5432}}
	DATA=$(psql "$URL/postgres" -Atc 'SHOW data_directory' 2>/dev/null) || exit 0
	case "$DATA" in
	*/waishi-pg.*/data) ;;
	*) echo "pg.sh: $URL is not a server this script started ($DATA); left alone" >&2; exit 1 ;;
	esac
	as_postgres "$BIN/pg_ctl -D $DATA stop -m fast" >/dev/null 2>&1 || true
	rm -rf "$(dirname "$DATA")"
	;;
esac
