#!/usr/bin/env bash
# SSE delivery benchmark: the figures bench/RESULTS.md reports.
#
#   bench/sse-load.sh            # one node on SQLite, 1,000 streams, 50 changes
#   bench/sse-load.sh two        # two nodes on one PostgreSQL, 500 streams each, 50 changes
#   CONNS=200 CHANGES=10 bench/sse-load.sh
#
# Starts the server(s) from app/target/wakacfg.jar with the launcher's JVM options, opens the
# streams with SseLoadDriver (one selector thread), lets them sit idle for IDLE seconds and reads the
# servers' RSS (after a full GC, before the streams and with them), then commits CHANGES changes on
# the first node and reports per stream the time from each commit's HTTP response to the event's
# arrival. Output: bench/results/sse-<mode>.txt and a RESULT line on stdout.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MODE="${1:-single}"
CONNS="${CONNS:-1000}"
CHANGES="${CHANGES:-50}"
IDLE="${IDLE:-20}"
JAVA_OPTS="${WAKACFG_JAVA_OPTS:--XX:+UseSerialGC -Xmx256m}"
TOKEN="bench-admin-token-$(date +%s)-0123456789"
RESULTS="$ROOT/bench/results"
mkdir -p "$RESULTS"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
[[ -f "$ROOT/app/target/wakacfg.jar" && -f "$ROOT/bench/target/benchmarks.jar" ]] \
  || (cd "$ROOT" && ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package -pl app,bench -am)
ulimit -n 65536 2>/dev/null || true

WORK="$(mktemp -d /tmp/wakacfg-sse-bench.XXXXXX)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

DB_ARGS=()
NODES=(18581)
if [[ "$MODE" == "two" ]]; then
  NODES=(18581 18582)
  mkfifo "$WORK/pg.in"
  java -cp "$ROOT/bench/target/benchmarks.jar" io.webwaka.config.bench.sse.EmbeddedPgMain < "$WORK/pg.in" > "$WORK/pg.out" 2>&1 &
  PIDS+=($!)
  exec 3> "$WORK/pg.in" # keeps the database running until this script ends
  for _ in $(seq 1 120); do grep -q '^JDBC ' "$WORK/pg.out" && break; sleep 0.5; done
  DB_ARGS=(--db "$(sed -n 's/^JDBC //p' "$WORK/pg.out")" --db-user postgres)
  # Nodes of one database share the master and audit keys (README: several nodes on one PostgreSQL).
  export WAKACFG_MASTER_KEY="$(head -c 32 /dev/urandom | base64)" WAKACFG_AUDIT_KEY="$(head -c 32 /dev/urandom | base64)"
  log "PostgreSQL: ${DB_ARGS[1]}"
fi

SERVER_PIDS=()
URLS=""
for port in "${NODES[@]}"; do
  WAKACFG_BOOTSTRAP_ADMIN_TOKEN="$TOKEN" java $JAVA_OPTS -jar "$ROOT/app/target/wakacfg.jar" serve \
    --port "$port" --data-dir "$WORK/data-$port" "${DB_ARGS[@]}" > "$WORK/server-$port.log" 2>&1 &
  PIDS+=($!); SERVER_PIDS+=($!)
  for _ in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.5; done
  URLS="${URLS:+$URLS,}http://127.0.0.1:$port"
done

rss_kb() { grep VmRSS "/proc/$1/status" | awk '{print $2}'; }
gc_rss() { local total=0; for p in "${SERVER_PIDS[@]}"; do jcmd "$p" GC.run >/dev/null 2>&1 || true; done; sleep 1
           for p in "${SERVER_PIDS[@]}"; do total=$((total + $(rss_kb "$p"))); done; echo "$total"; }

BEFORE=$(gc_rss)
OUT="$RESULTS/sse-$MODE.txt"
{
  echo "# bench/sse-load.sh $MODE  CONNS=$CONNS CHANGES=$CHANGES IDLE=$IDLE  JAVA_OPTS=$JAVA_OPTS  $(date -u +%FT%TZ)"
  echo "# $(nproc) cores, $(java -version 2>&1 | head -1)"
} > "$OUT"
log "opening $CONNS streams on ${#NODES[@]} node(s)"
java -cp "$ROOT/bench/target/benchmarks.jar" io.webwaka.config.bench.sse.SseLoadDriver \
  --admin-token "$TOKEN" --nodes "$URLS" --connections "$CONNS" --changes "$CHANGES" --idle-seconds "$IDLE" \
  > "$WORK/driver.out" 2>&1 &
DRIVER=$!
PIDS+=($DRIVER)
for _ in $(seq 1 240); do grep -q '^IDLE' "$WORK/driver.out" && break; sleep 0.5; done
sleep $((IDLE / 2))
WITH=$(gc_rss)
wait "$DRIVER"
cat "$WORK/driver.out" >> "$OUT"
PER=$(( (WITH - BEFORE) * 1024 / CONNS ))
echo "RSS servers: before streams ${BEFORE} KB, with $CONNS idle streams ${WITH} KB: $((PER / 1024)) KB per stream ($PER bytes)" | tee -a "$OUT"
grep '^RESULT' "$WORK/driver.out"
