#!/bin/sh
# run.sh - benchmarks (make bench): an optimised server on a database with
# 10 000 generated units, measured with wrk for 10 s per target, once on
# SQLite and once on a private PostgreSQL server (BENCH_BACKENDS to choose).
# Prints requests per second and latency percentiles; asserts nothing. The unit
# list is measured twice: alone, and while 4 clients loop wrong sign-ins (the
# password lane keeps argon2id off the request threads: compare p50/p99).
#   bench/run.sh PATH-TO-WAISHI
set -eu
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/release/waishi}")
work=$(mktemp -d)
port=${BENCH_PORT:-18090}
duration=${BENCH_SECONDS:-10}
backends=${BENCH_BACKENDS:-sqlite postgresql}
pid=

cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	WAISHI_PG_PORT=55439 tests/pg.sh stop
	rm -rf "$work"
}
trap cleanup EXIT

run() {
	echo "== $1"
	shift
	wrk -t2 -c32 -d"${duration}s" --latency "$@" | grep -E 'Requests/sec|Latency|50%|75%|90%|99%|requests in|Non-2xx'
}

for backend in $backends; do
	if [ "$backend" = postgresql ]; then
		base=$(WAISHI_PG_PORT=55439 tests/pg.sh start)
		psql "$base/postgres" -qc "CREATE DATABASE bench"
		db="$base/bench"
	else
		db="$work/bench.db"
	fi
	"$bin" demo --db "$db" --minimal --bulk-units 10000 >/dev/null
	# the sign-in rate limit off, so the flood below really reaches the password lane
	WAISHI_LOGIN_RATE=0 WAISHI_MAX_PER_IP=1000 WAISHI_FILES="$work/files" "$bin" serve --db "$db" --listen "127.0.0.1:$port" 2>"$work/server.log" &
	pid=$!
	for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
	token=$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/session" \
		-d '{"username":"admin","password":"demo-admin"}' | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
	[ -n "$token" ] || { echo "bench: login failed"; exit 1; }
	echo "#### backend: $backend (10 010 units)"
	run "GET /api/v1/units?per_page=50 (bearer token)" -H "Authorization: Bearer $token" \
		"http://127.0.0.1:$port/api/v1/units?per_page=50"
	run "GET /healthz" "http://127.0.0.1:$port/healthz"
	cat >"$work/login.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"username":"nobody","password":"wrong-password"}'
wrk.headers["Content-Type"] = "application/json"
LUA
	wrk -t1 -c4 -d"$((duration + 2))s" -s "$work/login.lua" "http://127.0.0.1:$port/api/v1/session" >"$work/flood.txt" 2>&1 &
	flood=$!
	sleep 1
	run "GET /api/v1/units?per_page=50 while 4 clients loop POST /api/v1/session" -H "Authorization: Bearer $token" \
		"http://127.0.0.1:$port/api/v1/units?per_page=50"
	wait "$flood" || true
	echo "   (the 4 sign-in loops: $(grep 'Requests/sec' "$work/flood.txt" | tr -s ' ') sign-ins answered 401 or 503 busy)"
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	pid=
done
