#!/bin/sh
# precompress.sh - after the Vite build, write FILE.gz (gzip -9) and FILE.br
# (brotli, best) beside every text asset of web/dist, so `waishi serve` sends
# the compressed file to a browser that accepts it without compressing on
# each request. Idempotent; a missing brotli only skips the .br files.
#   scripts/precompress.sh [DIST-DIR]
set -eu
dist=${1:-web/dist}
[ -d "$dist" ] || { echo "precompress: no $dist" >&2; exit 1; }
have_brotli=0
command -v brotli >/dev/null 2>&1 && have_brotli=1
[ "$have_brotli" = 1 ] || echo "precompress: brotli missing (Debian package brotli): only .gz written" >&2
find "$dist" -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' -o -name '*.json' \
	-o -name '*.map' -o -name '*.txt' -o -name '*.ico' \) | while read -r f; do
	# small files gain nothing
	[ "$(wc -c <"$f")" -ge 1024 ] || continue
	if [ ! -e "$f.gz" ] || [ "$f" -nt "$f.gz" ]; then
		gzip -9 -n -c "$f" >"$f.gz.tmp" && mv "$f.gz.tmp" "$f.gz"
	fi
	if [ "$have_brotli" = 1 ] && { [ ! -e "$f.br" ] || [ "$f" -nt "$f.br" ]; }; then
		brotli -q 11 -c "$f" >"$f.br.tmp" && mv "$f.br.tmp" "$f.br"
	fi
done
