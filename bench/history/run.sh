#!/usr/bin/env bash
# History benchmark: heatmap, peak page and yearly statistics on five simulated years of a 12-window hall.
#
#   bench/history/run.sh            # prints a markdown table of latencies on stdout
#
# Builds hallqd in release mode if needed, simulates 1825 days into a database once (kept at $HALLQ_BENCH_DB, by
# default in the temp folder, and reused while it exists), starts the daemon on a free loopback port, times
# $RUNS requests of each kind with curl and stops the daemon. Progress goes to stderr.
set -euo pipefail

cd "$(dirname "$0")/../.."
SWIFT="${SWIFT:-swift}"
BUILD_DIR="${BUILD_DIR:-.build}"
RUNS="${RUNS:-50}"
DAYS=1825
SEED=1
CONFIG="config/demo-hall.toml"
TEMP_ROOT="${TMPDIR:-$(dirname "$(mktemp -u)")}"
DB="${HALLQ_BENCH_DB:-$TEMP_ROOT/hallq-bench/history-${DAYS}d-seed${SEED}.sqlite}"
HALLQD="$BUILD_DIR/release/hallqd"

log() { echo "$@" >&2; }

log "building hallqd (release)…"
"$SWIFT" build -c release --build-path "$BUILD_DIR" --product hallqd >&2

mkdir -p "$(dirname "$DB")"
if [ ! -f "$DB" ]; then
    log "simulating $DAYS days into $DB (once; later runs reuse it)…"
    rm -f "$DB.partial" "$DB.partial-wal" "$DB.partial-shm"
    "$HALLQD" simulate --days "$DAYS" --seed "$SEED" --config "$CONFIG" --db "$DB.partial" | tee "$DB.info" >&2
    mv "$DB.partial" "$DB"
    rm -f "$DB.partial-wal" "$DB.partial-shm"
fi

WORK="$(mktemp -d)"
DAEMON_PID=""
cleanup() {
    if [ -n "$DAEMON_PID" ] && kill -0 "$DAEMON_PID" 2>/dev/null; then
        kill "$DAEMON_PID"
        wait "$DAEMON_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

: >"$WORK/serve.log" # there before the loop below reads it, however late the daemon's shell opens it
"$HALLQD" serve --config "$CONFIG" --db "$DB" --host 127.0.0.1 --port 0 --web-root . --log-level error >"$WORK/serve.log" 2>&1 &
DAEMON_PID=$!
PORT=""
for _ in $(seq 1 300); do
    PORT="$(sed -n 's/^hallqd listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$WORK/serve.log")"
    [ -n "$PORT" ] && break
    kill -0 "$DAEMON_PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
    sleep 0.1
done
[ -n "$PORT" ] || { log "hallqd did not start"; cat "$WORK/serve.log" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT"
TOKEN="$(curl -sf -X POST "$BASE/api/login" -H 'Content-Type: application/json' -d '{"user":"manager","password":"demo"}' | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')"
[ -n "$TOKEN" ] || { log "manager login failed"; exit 1; }

# The last full year of hall days, ending yesterday in the hall's time zone.
TO="$(TZ=Asia/Shanghai date -d yesterday +%F)"
FROM="$(TZ=Asia/Shanghai date -d "$TO -364 days" +%F)"

# time_ms URL [curl args…]: one request's total time in milliseconds; fails unless the answer is 200.
time_ms() {
    local url="$1"
    shift
    local out
    out="$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$@" "$url")"
    [ "${out%% *}" = 200 ] || { log "GET $url answered ${out%% *}"; exit 1; }
    awk -v t="${out#* }" 'BEGIN { printf "%.2f\n", t * 1000 }'
}

# percentiles FILE: "p50 p99 max" by nearest rank.
percentiles() {
    sort -n "$1" | awk '{ v[NR] = $1 } END {
        p50 = int(NR * 0.50 + 0.999999); p99 = int(NR * 0.99 + 0.999999)
        printf "%.1f %.1f %.1f", v[p50], v[p99], v[NR] }'
}

# measure LABEL URL-FUNCTION [curl args…]: the first request alone, then $RUNS more.
row() {
    local label="$1" make_url="$2"
    shift 2
    local first samples="$WORK/samples"
    first="$(time_ms "$($make_url 0)" "$@")"
    : >"$samples"
    for i in $(seq 1 "$RUNS"); do time_ms "$($make_url "$i")" "$@" >>"$samples"; done
    read -r p50 p99 max <<<"$(percentiles "$samples")"
    printf '| %s | %s | %s | %s | %s |\n' "$label" "$first" "$p50" "$p99" "$max"
}

heatmap() { echo "$BASE/api/heatmap?metric=waiting&weeks=12"; }
heatmap_year() { echo "$BASE/api/heatmap?metric=arrivals&weeks=52"; }
# A different number of weeks each time (1 … RUNS), so every request reads the rollups afresh.
heatmap_cold() { echo "$BASE/api/heatmap?metric=wait&service=A&weeks=$(($1 % 260 + 1))"; }
svg() { echo "$BASE/heatmap.svg?metric=waiting"; }
peak() { echo "$BASE/api/peak"; }
stats_day() { echo "$BASE/api/stats?from=$FROM&to=$TO&group=day"; }
stats_officer() { echo "$BASE/api/stats?from=$FROM&to=$TO&group=officer"; }
stats_csv() { echo "$BASE/api/stats?from=$FROM&to=$TO&group=day&format=csv"; }

log "measuring $RUNS requests of each kind on $BASE…"
echo "### History on five simulated years ($DAYS days, $(sed -n 's/^simulated [0-9]* days: \([0-9]*\) tickets, \([0-9]*\) events.*/\1 tickets, \2 journal rows/p' "$DB.info" 2>/dev/null || true))"
echo
echo "Database $(du -h "$DB" | cut -f1); $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); statistics for $FROM … $TO; times in ms (curl, loopback)."
echo
echo "| Request | first | p50 | p99 | max |"
echo "| --- | ---: | ---: | ---: | ---: |"
row "GET /api/heatmap (12 weeks)" heatmap
row "GET /api/heatmap (52 weeks)" heatmap_year
row "GET /api/heatmap, uncached (1…$RUNS weeks)" heatmap_cold
row "GET /heatmap.svg" svg
row "GET /api/peak" peak
row "GET /api/stats, a year by day" stats_day -H "Authorization: Bearer $TOKEN"
row "GET /api/stats, a year by officer" stats_officer -H "Authorization: Bearer $TOKEN"
row "GET /api/stats, a year by day as CSV" stats_csv -H "Authorization: Bearer $TOKEN"
echo
echo "History profiles of whole past days are cached for 5 minutes (\"first\" is the uncached read; the uncached row reads afresh every time); statistics are never cached."
if [ -f "$DB.info" ]; then echo "Making the database took: $(sed 's/ → .*//' "$DB.info")."; fi
