#!/bin/sh
# run.sh - benchmarks (make bench): an optimised server on a database with
# 10 000 generated units, measured with wrk for 10 s per target. Prints
# requests per second and latency percentiles; asserts nothing.
#   bench/run.sh PATH-TO-WAISHI
set -eu
bin=$(realpath "${1:-build/release/waishi}")
work=$(mktemp -d)
db="$work/bench.db"
port=${BENCH_PORT:-18090}
duration=${BENCH_SECONDS:-10}

"$bin" demo --db "$db" --bulk-units 10000 >/dev/null
"$bin" serve --db "$db" --listen "127.0.0.1:$port" 2>"$work/server.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

token=$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/session" \
	-d '{"username":"admin","password":"demo-admin"}' | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
[ -n "$token" ] || { echo "bench: login failed"; exit 1; }

run() {
	echo "== $1"
	shift
	wrk -t2 -c32 -d"${duration}s" --latency "$@" | grep -E 'Requests/sec|Latency|50%|75%|90%|99%|requests in|Non-2xx'
}
echo "backend: sqlite ($(sqlite3 "$db" 'SELECT COUNT(*) FROM units') units)"
run "GET /api/v1/units?per_page=50 (bearer token)" -H "Authorization: Bearer $token" \
	"http://127.0.0.1:$port/api/v1/units?per_page=50"
run "GET /healthz" "http://127.0.0.1:$port/healthz"
