#!/usr/bin/env bash
# Load test of GET /api/v1/client/snapshot with wrk: the figure bench/RESULTS.md reports.
#
#   bench/snapshot-wrk.sh                 # 200 keys, 2 threads, 50 connections, 10 s warm-up, 20 s measured
#   KEYS=10000 bench/snapshot-wrk.sh      # the scale run
#   WAKACFG_JAVA_OPTS="-Xmx128m" bench/snapshot-wrk.sh
#
# Starts a server from app/target/wakacfg.jar on a free port with a fresh SQLite data dir, seeds
# KEYS config keys in one change set, creates an SDK key for prod, then runs wrk twice: a plain GET
# (200 with the body) and a conditional GET with If-None-Match (304). Records requests/s, latency
# percentiles, the server's CPU time per request (from /proc) and its RSS (now and peak).
# Output: bench/results/wakacfg-<keys>-{200,304}.wrk.txt and a summary line per run on stdout.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RESULTS="$ROOT/bench/results"
KEYS="${KEYS:-200}"
PORT="${PORT:-18480}"
THREADS="${WRK_THREADS:-2}"
CONNS="${WRK_CONNS:-50}"
DURATION="${WRK_DURATION:-20s}"
WARMUP="${WRK_WARMUP:-10s}"
TOKEN="bench-admin-token-$(date +%s)-0123456789"
mkdir -p "$RESULTS"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
command -v wrk >/dev/null || { log "installing wrk"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[[ -f "$ROOT/app/target/wakacfg.jar" ]] || (cd "$ROOT" && ./mvnw -B -q -DskipTests package -pl app -am)

DATA="$(mktemp -d /tmp/wakacfg-bench.XXXXXX)"
# The launcher's defaults unless WAKACFG_JAVA_OPTS says otherwise (" " = JVM defaults).
WAKACFG_JAVA_OPTS="${WAKACFG_JAVA_OPTS:--XX:+UseSerialGC -Xmx256m}"
WAKACFG_BOOTSTRAP_ADMIN_TOKEN="$TOKEN" java ${WAKACFG_JAVA_OPTS} -jar "$ROOT/app/target/wakacfg.jar" serve \
  --port "$PORT" --data-dir "$DATA" > "$DATA/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 60); do curl -fs -o /dev/null "http://localhost:$PORT/health/ready" && break; sleep 0.5; done

API="http://localhost:$PORT/api/v1"
AUTH="Authorization: Bearer $TOKEN"
curl -fs -o /dev/null -XPOST "$API/projects" -H "$AUTH" -d '{"key":"bench","name":"Bench"}'
python3 - "$KEYS" "$DATA" <<'PY'
import json, sys
n, out = int(sys.argv[1]), sys.argv[2]
ops = []
for i in range(n):
    kind = i % 4
    value = [f"value-{i}-" + "x" * 16, i * 7, i % 2 == 0, {"min": i, "max": i * 2, "name": f"pool-{i}"}][kind]
    ops.append({"op": "set", "kind": "config", "key": f"svc.group{i // 50}.key{i}", "value": value})
    if i % 10 == 0:
        ops.append({"op": "set", "kind": "config", "environment": "prod", "key": f"svc.group{i // 50}.key{i}", "value": f"prod-{i}"})
# change sets of at most 2,000 operations (the server takes 5,000 and 1 MiB per request)
for part in range(0, len(ops), 2000):
    with open(f"{out}/seed-{part // 2000:03d}.json", "w") as f:
        json.dump({"message": "bench seed", "ops": ops[part:part + 2000]}, f)
PY
log "seeding $KEYS keys"
for f in "$DATA"/seed-*.json; do
  curl -fsS -o /dev/null -XPOST "$API/projects/bench/changes" -H "$AUTH" --data-binary @"$f"
done
SDK=$(curl -fs -XPOST "$API/projects/bench/environments/prod/sdk-keys" -H "$AUTH" | python3 -c 'import json,sys;print(json.load(sys.stdin)["key"])')
URL="$API/client/snapshot"
ETAG=$(curl -fs -D - -o /dev/null "$URL" -H "Authorization: Bearer $SDK" | awk -F': ' 'tolower($1)=="etag"{print $2}' | tr -d '\r')
BYTES=$(curl -fs "$URL" -H "Authorization: Bearer $SDK" | wc -c)
log "snapshot: $BYTES bytes, ETag $ETAG"

ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
kb() { awk -v k="$1:" '$1==k {print $2}' "/proc/$PID/status"; }
HZ=$(getconf CLK_TCK)
RSS_IDLE=$(kb VmRSS)

run() { # name, extra wrk args...
  local name="$1"; shift
  local out="$RESULTS/wakacfg-$KEYS-$name.wrk.txt"
  log "warm-up $WARMUP ($name)"
  wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -H "Authorization: Bearer $SDK" "$@" "$URL" > /dev/null
  local c0; c0=$(ticks)
  {
    echo "# cmd: wrk -t$THREADS -c$CONNS -d$DURATION --latency -H 'Authorization: Bearer <sdk key>' $* $URL"
    echo "# date: $(date -Is)  machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo "# server: wakacfg $(java -version 2>&1 | head -1) opts='${WAKACFG_JAVA_OPTS:-}' keys=$KEYS body_bytes=$BYTES"
    wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -H "Authorization: Bearer $SDK" "$@" "$URL"
    echo "# server_cpu_s: $(awk -v a="$c0" -v b="$(ticks)" -v hz="$HZ" 'BEGIN{printf "%.2f", (b-a)/hz}')"
    echo "# server_rss_kb: idle=$RSS_IDLE now=$(kb VmRSS) peak=$(kb VmHWM)"
  } > "$out"
  awk -v name="wakacfg keys=$KEYS $name" '
    /requests in/ {reqs=$1} /Requests\/sec:/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /Non-2xx or 3xx/ {bad=$5} /^# server_cpu_s:/ {cpu=$3} /^# server_rss_kb:/ {rss=$3" "$4" "$5}
    END {printf "%s: rps=%s p50=%s p99=%s non2xx/3xx=%s cpu_us_per_req=%.1f rss_kb(%s)\n", name, rps, p50, p99, (bad==""?0:bad), cpu*1e6/reqs, rss}' "$out"
}
run 200
run 304 -H "If-None-Match: $ETAG"

# Snapshot rebuild after one change, as the server sees it: time of one PUT round trip (the
# in-process rebuild alone is measured by the JMH SnapshotRebuildBenchmark).
T0=$(date +%s%N)
curl -fs -o /dev/null -XPUT "$API/projects/bench/environments/prod/configs/svc.group0.key1" -H "$AUTH" -d '{"value":"changed"}'
T1=$(date +%s%N)
echo "wakacfg keys=$KEYS: one PUT incl. commit (fsync) and snapshot rebuild: $(( (T1 - T0) / 1000000 )) ms round trip"
