#!/bin/sh
# run.sh - the benchmarks of `make bench` (issue 18): every target printed
# beside its goal, on each backend of BENCH_BACKENDS (default "sqlite
# postgresql"). Asserts nothing; the figures are the guard for later changes.
#
#   - the authenticated 50-unit list on 10 000 units (wrk, 2 threads, 64
#     connections): req/s and p99 beside Debian's nginx-light serving the same
#     bytes from a file in the same run, and beside the Node peer (Express 5 +
#     better-sqlite3@12, installed from npm into a temporary folder; when that
#     fails, the figure issue 18 measured, labelled as such)
#   - /healthz and /api/v1/me for reference, and the unit list again while 4
#     clients loop wrong sign-ins (the password lane keeps argon2id off the
#     request threads: compare p99)
#   - a 10 000-row trip list, pages of 50 with filters and sorts, one connection
#   - the period summary and the dashboard's queries over BENCH_TRIPS
#     (1 000 000) generated trips, made once per run by `waishi demo --bulk-trips`
#   - idle RSS, start-up time (median of 5 starts), and the first page's
#     transfer size
# Ends with the targets as a Markdown table (the README's benchmark section),
# the machine described above it and the load average at start and end.
#
#   bench/run.sh PATH-TO-WAISHI
# Environment: BENCH_BACKENDS, BENCH_SECONDS (10), BENCH_CONNECTIONS (64),
# BENCH_TRIPS (1000000), BENCH_PORT (18090), BENCH_NODE=0 to skip the Node
# peer, BENCH_NODE_DIR for where it is installed once (build/bench-node),
# WAISHI_PG_PORT for the private PostgreSQL server.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
bin=$(realpath "${1:-build/release/waishi}")
work=$(mktemp -d /tmp/waishi-bench.XXXXXX)
port=${BENCH_PORT:-18090}
nginx_port=$((port + 1))
node_port=$((port + 2))
duration=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-64}
backends=${BENCH_BACKENDS:-sqlite postgresql}
big_trips=${BENCH_TRIPS:-1000000}
pg_port=${WAISHI_PG_PORT:-55439}
node_goal_rps=2140 # issue 18: Express 5 + better-sqlite3 on this 2-core machine
node_goal_p99=652
pid=
nginx_pid=
node_pid=
pg_started=

cleanup() {
	for p in $pid $nginx_pid $node_pid; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	[ -n "$pg_started" ] && WAISHI_PG_PORT=$pg_port tests/pg.sh stop
	rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"
year=$(date -u +%Y)
last=$((year - 1))
table=$work/table
: >"$table"

# one line of the final table: target, figure, goal, remark
row() { printf '%s|%s|%s|%s\n' "$1" "$2" "$3" "$4" >>"$table"; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# wrk with the latency distribution; sets rps and p99 (ms)
measure() {
	threads=$1
	connections=$2
	shift 2
	out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$@")
	rps=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
	p99=$(echo "$out" | awk '$1 == "99%" {v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+/, "", v);
		f = (u == "us") ? 0.001 : (u == "s") ? 1000 : 1; printf "%.2f", v * f}')
	avg=$(echo "$out" | awk '$1 == "Latency" && $2 != "Distribution" {v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+/, "", v);
		f = (u == "us") ? 0.001 : (u == "s") ? 1000 : 1; printf "%.2f", v * f}')
	errors=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
	[ -z "$errors" ] || echo "   (non-2xx answers: $errors)"
}

# start waishi on $1, wait for /healthz; sets pid and startup_ms (from the exec to the port answering)
start_server() {
	t0=$(now_ms)
	# the sign-in rate limit off, so the sign-in flood really reaches the password lane; 64 connections from one address
	WAISHI_LOGIN_RATE=0 WAISHI_MAX_PER_IP=1000 WAISHI_FILES="$work/files" "$bin" serve --db "$1" \
		--listen "127.0.0.1:$port" --web-dir "$root/web/dist" 2>"$work/server.log" &
	pid=$!
	# until the port answers: bash's /dev/tcp, no process started per try
	timeout 30 bash -c "until echo >/dev/tcp/127.0.0.1/$port; do :; done" 2>/dev/null ||
		{ echo "bench: server did not start"; cat "$work/server.log"; exit 1; }
	startup_ms=$(($(now_ms) - t0))
	curl -fs "http://127.0.0.1:$port/healthz" >/dev/null
}

stop_server() {
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	pid=
}

rss_mb() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }

login() {
	token=$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/session" \
		-d '{"username":"admin","password":"demo-admin"}' | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
	[ -n "$token" ] || { echo "bench: login failed"; exit 1; }
}

# After a bulk load on PostgreSQL: VACUUM ANALYZE, as autovacuum does within a minute or so of it. The
# index-only scans the lists and reports rely on need the visibility map, which only VACUUM sets;
# measured right after the load, every row would also be fetched from the table.
settle() { # $1 database URL
	[ "$backend" != postgresql ] || psql "$1" -qc "VACUUM ANALYZE"
}

new_database() { # $1 name -> prints the database URL
	if [ "$backend" = postgresql ]; then
		psql "$pg_base/postgres" -qc "CREATE DATABASE $1"
		echo "$pg_base/$1"
	else
		echo "$work/$1.db"
	fi
}

start_nginx() { # serves $work/www/units.json at /api/v1/units
	command -v nginx >/dev/null 2>&1 || /usr/sbin/nginx -v >/dev/null 2>&1 ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
	mkdir -p "$work/nginx"
	cat >"$work/nginx/nginx.conf" <<EOF
user root;
daemon off;
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 4096; }
http {
	access_log off;
	client_body_temp_path $work/nginx/body;
	proxy_temp_path $work/nginx/proxy;
	fastcgi_temp_path $work/nginx/fastcgi;
	uwsgi_temp_path $work/nginx/uwsgi;
	scgi_temp_path $work/nginx/scgi;
	server {
		listen 127.0.0.1:$nginx_port;
		root $work/www;
		location = /api/v1/units { default_type "application/json; charset=utf-8"; try_files /units.json =404; }
	}
}
EOF
	/usr/sbin/nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
	nginx_pid=$!
	i=0
	until curl -fs "http://127.0.0.1:$nginx_port/api/v1/units" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 500 ] || { echo "bench: nginx did not start"; cat "$work/nginx/error.log"; return 1; }
		sleep 0.01
	done
}

# Express 5 + better-sqlite3@12 from npm, installed once into BENCH_NODE_DIR (build/bench-node) and
# kept: compiling better-sqlite3 took 3.5 minutes of every run on the 2-core machine; 1 when that fails
start_node_peer() {
	[ "${BENCH_NODE:-1}" != 0 ] || return 1
	node_dir=${BENCH_NODE_DIR:-$root/build/bench-node}
	mkdir -p "$work/node" "$node_dir"
	if [ ! -f "$node_dir/node_modules/better-sqlite3/package.json" ] || [ ! -f "$node_dir/node_modules/express/package.json" ]; then
		if ! (cd "$node_dir" && npm_config_nodedir=/usr timeout 600 npm install --no-audit --no-fund --loglevel=error \
			express@5 better-sqlite3@12 >"$work/node/npm.log" 2>&1); then
			echo "   (the Node peer did not install from npm: $(tail -1 "$work/node/npm.log"))"
			return 1
		fi
	fi
	cp bench/node_peer.js "$work/node/"
	ln -s "$node_dir/node_modules" "$work/node/node_modules"
	node "$work/node/node_peer.js" "$1" "$node_port" 2>"$work/node/log" &
	node_pid=$!
	i=0
	until curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$node_port/api/v1/units?per_page=50" \
		>/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 500 ] || { echo "   (the Node peer did not start)"; return 1; }
		sleep 0.02
	done
}

# time of one GET in ms (best and median of 3) and its status
time_get() {
	best=
	times=
	for _ in 1 2 3; do
		r=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $token" \
			"http://127.0.0.1:$port$1")
		status=${r% *}
		t=$(echo "${r#* }" | awk '{printf "%.1f", $1 * 1000}')
		times="$times $t"
	done
	best=$(echo "$times" | tr ' ' '\n' | sed '/^$/d' | sort -n | head -1)
	median=$(echo "$times" | tr ' ' '\n' | sed '/^$/d' | sort -n | sed -n 2p)
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}'; }

first_page_bytes() { # index.html and every script and stylesheet it names, compressed as a browser asks
	enc='Accept-Encoding: br, gzip'
	base="http://127.0.0.1:$port"
	total=$(curl -s -o /dev/null -H "$enc" -w '%{size_download}' "$base/")
	for asset in $(curl -s "$base/" | grep -o '\(src\|href\)="/[^"]*\.\(js\|css\)"' | sed 's/.*="\(.*\)"/\1/'); do
		total=$((total + $(curl -s -o /dev/null -H "$enc" -w '%{size_download}' "$base$asset")))
	done
	echo "$total"
}

run_start=$(now_ms)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
machine="$(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)),"\
" $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM,"\
" Debian $(cat /etc/debian_version 2>/dev/null || echo '?'), Linux $(uname -r)"
echo "machine: $machine"
echo "started $(date -u '+%Y-%m-%d %H:%M UTC'), load average $load_start"
echo "wrk: $duration s per target, 2 threads, $conns connections; $big_trips trips; backends: $backends"

for backend in $backends; do
	echo
	echo "#### backend: $backend"
	if [ "$backend" = postgresql ]; then
		pg_base=$(WAISHI_PG_PORT=$pg_port tests/pg.sh start)
		pg_started=1
	fi

	# -- 10 000 units and 10 000 trips
	db=$(new_database bench)
	"$bin" demo --db "$db" --minimal --bulk-units 10000 >/dev/null
	"$bin" demo --db "$db" --bulk-trips 10000 >/dev/null
	settle "$db"
	# start-up: the median of 5 starts (one start is at the mercy of whatever else the machine runs)
	starts=
	for _ in 1 2 3 4; do
		start_server "$db"
		starts="$starts $startup_ms"
		stop_server
	done
	start_server "$db"
	starts="$starts $startup_ms"
	startup_ms=$(echo "$starts" | tr ' ' '\n' | sed '/^$/d' | sort -n | sed -n 3p)
	startup_all=$(echo "$starts" | tr ' ' '\n' | sed '/^$/d' | sort -n | tr '\n' ' ' | sed 's/ $//')
	sleep 1
	idle_rss=$(rss_mb "$pid")
	login
	echo "start-up $startup_ms ms (median of 5 starts: $startup_all ms), idle RSS $idle_rss MB"
	row "$backend: start-up" "$startup_ms ms" "< 100 ms" "median of 5 starts ($startup_all ms)"
	row "$backend: idle RSS" "$idle_rss MB" "< 30 MB" ""

	list="/api/v1/units?per_page=50"
	curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port$list" >"$work/units.json"
	echo "== GET $list (bearer token, $(wc -c <"$work/units.json") bytes)"
	measure 2 "$conns" -H "Authorization: Bearer $token" "http://127.0.0.1:$port$list"
	w_rps=$rps
	w_p99=$p99
	echo "   waishi: $rps req/s, p99 $p99 ms"
	mkdir -p "$work/www"
	cp "$work/units.json" "$work/www/units.json"
	if start_nginx; then
		measure 2 "$conns" "http://127.0.0.1:$nginx_port$list"
		n_rps=$rps
		n_p99=$p99
		echo "   nginx-light, the same bytes from a file: $rps req/s, p99 $p99 ms"
		kill "$nginx_pid"
		wait "$nginx_pid" 2>/dev/null || true
		nginx_pid=
	else
		n_rps=0
		n_p99=-
	fi
	if [ "$backend" = sqlite ]; then
		if start_node_peer "$db"; then
			measure 2 "$conns" -H "Authorization: Bearer $token" "http://127.0.0.1:$node_port$list"
			node_rps=$rps
			node_p99=$p99
			node_label="Node peer, this run"
			kill "$node_pid"
			wait "$node_pid" 2>/dev/null || true
			node_pid=
		else
			node_rps=$node_goal_rps
			node_p99=$node_goal_p99
			node_label="Node peer as measured in issue 18 (not run here)"
		fi
		echo "   $node_label: $node_rps req/s, p99 $node_p99 ms"
		row "sqlite: 50-unit list" "$w_rps req/s, p99 $w_p99 ms" ">= 3x Node (>= $((node_rps * 3)) req/s), p99 < 10 ms" \
			"$(ratio "$w_rps" "$node_rps")x $node_label ($node_rps req/s, p99 $node_p99 ms)"
	else
		row "postgresql: 50-unit list" "$w_rps req/s, p99 $w_p99 ms" ">= 2 400 req/s (2x 1 200), p99 < 10 ms" ""
	fi
	row "$backend: 50-unit list vs nginx" "$(ratio "$w_rps" "$n_rps")" ">= 0.50" "nginx-light same bytes, same run: $n_rps req/s, p99 $n_p99 ms"

	echo "== GET /api/v1/me (authentication only)"
	measure 2 "$conns" -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/me"
	echo "   $rps req/s, p99 $p99 ms"
	row "$backend: /api/v1/me" "$rps req/s, p99 $p99 ms" "(reference)" ""
	echo "== GET /healthz"
	measure 2 "$conns" "http://127.0.0.1:$port/healthz"
	echo "   $rps req/s, p99 $p99 ms"
	row "$backend: /healthz" "$rps req/s, p99 $p99 ms" "(reference)" ""
	cat >"$work/login.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"username":"nobody","password":"wrong-password"}'
wrk.headers["Content-Type"] = "application/json"
LUA
	wrk -t1 -c4 -d"$((duration + 2))s" -s "$work/login.lua" "http://127.0.0.1:$port/api/v1/session" >"$work/flood.txt" 2>&1 &
	flood=$!
	sleep 1
	echo "== GET $list while 4 clients loop POST /api/v1/session with a wrong password"
	measure 2 "$conns" -H "Authorization: Bearer $token" "http://127.0.0.1:$port$list"
	wait "$flood" || true
	echo "   $rps req/s, p99 $p99 ms (the sign-in loops: $(grep 'Requests/sec' "$work/flood.txt" | tr -s ' '))"
	row "$backend: 50-unit list during a sign-in flood" "$rps req/s, p99 $p99 ms" "(reference)" "4 clients looping wrong passwords"

	echo "== 10 000-row trip list, pages of 50, one connection (mean latency)"
	worst=0
	for q in "" "&sort=-depart_date" "&sort=budget_cny&status=closed" "&sort=-approved_on&year=$last" \
		"&sort=code&country=DE" "&sort=status&unit_id=2" "&page=100&sort=-budget_cny" "&q=%E6%89%B9%E9%87%8F"; do
		d0=$duration
		duration=3
		measure 1 1 -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/delegations?per_page=50$q"
		duration=$d0
		echo "   per_page=50$q: $avg ms"
		worst=$(awk -v a="$avg" -v b="$worst" 'BEGIN {print (a > b) ? a : b}')
	done
	row "$backend: trip list page (10 000 trips)" "$worst ms (slowest of 8 filter/sort mixes)" "< 5 ms" ""

	if [ -d web/dist ]; then
		bytes=$(first_page_bytes)
		echo "== first page (index.html, its scripts and styles, br/gzip): $bytes bytes"
		row "$backend: first page transfer" "$(awk -v b="$bytes" 'BEGIN {printf "%.0f KiB", b / 1024}')" "(smaller is better)" "brotli where accepted"
	fi
	stop_server

	# -- the period summary and the dashboard over many trips, generated once per run
	big=$(new_database big)
	"$bin" demo --db "$big" --minimal --bulk-units 200 >/dev/null
	t0=$(now_ms)
	"$bin" demo --db "$big" --bulk-trips "$big_trips" >/dev/null
	echo "== $big_trips trips generated in $((($(now_ms) - t0) / 1000)) s"
	settle "$big"
	start_server "$big"
	login
	goal="< 300 ms"
	[ "$backend" = postgresql ] && goal="< 1 s"
	time_get "/api/v1/reports/summary?from=$last-01-01&to=$last-06-30"
	echo "   summary $last-01-01..$last-06-30 (with the year before): $status, best $best ms, median $median ms"
	row "$backend: summary, $big_trips trips" "$median ms (best $best)" "$goal" "half year $last with $((last - 1)) beside it"
	for route in "/api/v1/reports/summary?from=$year-01-01&to=$year-12-31" "/api/v1/quota?year=$year" "/api/v1/todo" \
		"/api/v1/delegations?per_page=200&year=$year" "/api/v1/delegations?per_page=200&sort=-approved_on" \
		"/api/v1/abtc/stats?year=$year" "/api/v1/receptions?per_page=200&from=$year-01-01&to=$year-12-31"; do
		time_get "$route"
		echo "   dashboard $route: $status, median $median ms"
		row "$backend: dashboard ${route#/api/v1}" "$median ms" "$goal" "$big_trips trips"
	done
	# whatever else reports or totals exist by now (the work report, funding, documents)
	for route in $("$bin" routes 2>/dev/null | awk '$1 == "GET" && $2 ~ /^\/api\/v1\/(reports|funding|documents|work)/ && $2 !~ /\{/ && $2 != "/api/v1/reports/summary" {print $2}'); do
		time_get "$route?from=$last-01-01&to=$last-06-30&year=$last"
		echo "   $route: $status, median $median ms"
		row "$backend: $route" "$median ms" "$goal" "$big_trips trips"
	done
	stop_server
done

load_end=$(cut -d' ' -f1-3 /proc/loadavg)
echo
echo "#### targets"
echo
echo "One run of \`make bench\` ($(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u '+%Y-%m-%d')): $machine;"
echo "load average $load_start at the start, $load_end at the end; $(((($(now_ms) - run_start) + 30000) / 60000)) minutes;"
echo "wrk $duration s per target, 2 threads, $conns connections; $big_trips generated trips."
echo
awk -F'|' 'BEGIN {print "| target | figure | goal | beside it |"; print "|---|---|---|---|"}
	{printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4}' "$table"
