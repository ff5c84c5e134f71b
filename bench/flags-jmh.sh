#!/usr/bin/env bash
# In-process flag evaluation, ours beside the peers, in ONE JMH run: the figures of bench/RESULTS.md,
# section "In-process flag evaluation (JMH)".
#
#   bench/flags-jmh.sh                                  # ~2.5 min: 9 benchmarks, 1 fork, 3x2 s warm-up, 5x2 s measured
#   JMH_OPTS="-f 3 -wi 5 -w 2s -i 10 -r 2s -t 1 -bm avgt -tu ns -prof gc" bench/flags-jmh.sh   # publishable
#   MAX_LOAD=1.5 MAX_WAIT=1200 bench/flags-jmh.sh       # wait up to 20 min for a 1-min load average below 1.5
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 OUT=bench/results/jmh-flags-jdk25 bench/flags-jmh.sh
#
# Benchmarks (package io.webwaka.config.bench.flags): WakacfgFlagsBenchmark (our engine),
# UnleashFlagsBenchmark (unleash-client-java, bootstrapped from a file), OpenFeatureInMemoryBenchmark.
# Builds bench/target/benchmarks.jar first when it is missing or older than the bench or engine
# sources (the other modules must be installed or buildable: it runs `package -pl bench -am`).
# Output: $OUT.json (JMH) and $OUT.txt (header + full JMH log + summary), OUT=bench/results/jmh-flags.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JMH_OPTS="${JMH_OPTS:--f 1 -wi 3 -w 2s -i 5 -r 2s -t 1 -bm avgt -tu ns -prof gc}"
JMH_FILTER="${JMH_FILTER:-bench.flags}"
MAX_LOAD="${MAX_LOAD:-}"
MAX_WAIT="${MAX_WAIT:-1200}"
JAR=bench/target/benchmarks.jar
OUT="${OUT:-bench/results/jmh-flags}"
JSON="$OUT.json"
TXT="$OUT.txt"
mkdir -p bench/results

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
load1() { cut -d' ' -f1 /proc/loadavg; }

if [[ ! -f "$JAR" || -n "$(find bench/pom.xml bench/src engine/src/main -newer "$JAR" -type f 2>/dev/null | head -1)" ]]; then
  log "building $JAR"
  ./mvnw -B -q package -pl bench -am -DskipTests
fi

if [[ -n "$MAX_LOAD" ]]; then
  waited=0
  while awk -v l="$(load1)" -v m="$MAX_LOAD" 'BEGIN { exit !(l > m) }'; do
    if (( waited >= MAX_WAIT )); then
      log "load $(load1) still above $MAX_LOAD after ${waited}s: running anyway"
      break
    fi
    log "load $(load1) > $MAX_LOAD: waiting (${waited}s of ${MAX_WAIT}s)"
    sleep 30
    waited=$((waited + 30))
  done
fi

CMD="$JAVA -jar $JAR '$JMH_FILTER' $JMH_OPTS -rf json -rff $JSON"
{
  echo "# date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), kernel $(uname -r)"
  echo "# java: $("$JAVA" -version 2>&1 | head -2 | tail -1)"
  echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# command: $CMD"
} > "$TXT"
log "$CMD"
# shellcheck disable=SC2086
"$JAVA" -jar "$JAR" "$JMH_FILTER" $JMH_OPTS -rf json -rff "$JSON" 2>&1 | tee -a "$TXT" | grep -E '^sanity|sanity:|ns/op$' >&2 || true
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$TXT"

# Summary: mean ± 99.9 % error, median of the iterations (the Unleash SDK is bimodal, so its mean
# is noisy), B/op, and how many times faster ours is than each peer on the same flag (by mean, by median).
python3 - "$JSON" <<'PY' | tee -a "$TXT"
import json, statistics, sys
rows = {}
for r in json.load(open(sys.argv[1])):
    cls, method = r["benchmark"].rsplit(".", 2)[-2:]
    m = r["primaryMetric"]
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    raw = [x for fork in m["rawData"] for x in fork]
    rows[(cls, method)] = (m["score"], m["scoreError"], statistics.median(raw), alloc)
print()
print(f'{"benchmark":62s} {"mean ns/op":>11s} {"± err":>9s} {"median":>9s} {"B/op":>8s}  ours faster by (mean, median)')
for (cls, method), (score, err, median, alloc) in sorted(rows.items()):
    ours = rows.get(("WakacfgFlagsBenchmark", method))
    ratio = f"{score / ours[0]:7.1f}x {median / ours[2]:7.1f}x" if ours and cls != "WakacfgFlagsBenchmark" else ""
    b = f"{alloc:8.1f}" if alloc is not None else f'{"n/a":>8s}'
    print(f"{cls + '.' + method:62s} {score:11.2f} {err:9.2f} {median:9.2f} {b}  {ratio}")
PY
log "wrote $JSON and $TXT"
