#!/usr/bin/env bash
# One run, one machine: WebWaka Config's client snapshot beside the peers' equivalents.
#   bench/compare-peers.sh            # ~8 minutes; writes bench/results/compare-<date>.log
# Runs bench/snapshot-wrk.sh (200 keys; the launcher's JVM options, then each WAKACFG_JAVA_OPTS
# variant in VARIANTS: " " = JVM defaults), then the peer harnesses from ../shared/peers (copied to /tmp/peers, as its README
# asks): Spring Cloud Config Server on 200 keys and unleash-server's client endpoint (100 flags).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PEERS_SRC="${PEERS_SRC:-$ROOT/../shared/peers}"
LOG="$ROOT/bench/results/compare-$(date +%Y%m%d-%H%M).log"
mkdir -p "$ROOT/bench/results"
IFS='|' read -r -a VARIANTS <<< "${VARIANTS:- |-Xmx256m}"
{
  echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), kernel $(uname -r)"
  echo "# java: $(java -version 2>&1 | head -1)"
  echo "## wakacfg, launcher defaults (-XX:+UseSerialGC -Xmx256m)"
  "$ROOT/bench/snapshot-wrk.sh"
  for opts in "${VARIANTS[@]}"; do
    echo "## wakacfg, WAKACFG_JAVA_OPTS='$opts'"
    WAKACFG_JAVA_OPTS="$opts" "$ROOT/bench/snapshot-wrk.sh"
  done
  if [[ -d "$PEERS_SRC" && "${SKIP_PEERS:-}" != 1 ]]; then
    rm -rf /tmp/peers-run && cp -r "$PEERS_SRC" /tmp/peers-run && chmod -R u+w /tmp/peers-run
    echo "## Spring Cloud Config (peers/spring-cloud-config/run.sh)"
    /tmp/peers-run/spring-cloud-config/run.sh >/dev/null 2>&1 || echo "spring-cloud-config run failed"
    cat /tmp/peers-run/results/spring-cloud-config*.summary.txt 2>/dev/null
    echo "## unleash-server (peers/unleash-server/run.sh)"
    /tmp/peers-run/unleash-server/run.sh >/dev/null 2>&1 || echo "unleash-server run failed"
    cat /tmp/peers-run/results/unleash-server.summary.txt 2>/dev/null
    cp /tmp/peers-run/results/*.wrk.txt "$ROOT/bench/results/" 2>/dev/null || true
  fi
} 2>&1 | tee "$LOG" | grep --line-buffered -v '^\[' 
echo "log: $LOG"
