#!/usr/bin/env bash
# Benchmarks of issue 8 (not part of ./mvnw verify): builds the packaged services and this launcher if needed,
# starts the whole platform on random ports with fresh data in deploy/all-in-one/target/bench-data, drives it
# with wrk, measures the limits (nginx, pgbench) in the same run, cleans up, and writes
# deploy/all-in-one/target/bench/report.md, report.json and latency PNGs.
#   deploy/all-in-one/bench.sh                 every workload, 15 s per run, 5 s warm-up
#   BENCH_SECONDS=30 deploy/all-in-one/bench.sh
#   BENCH_READS_WARMUP_SECONDS=20              content-service's uncounted warm-up before the guide reads
#   BENCH_WRITES_WARMUP_SECONDS=15             booking's uncounted warm-up rounds before the registration writes
#   BENCH_WRITES_WARMUP_ROUNDS=20              and growth (it is restarted just before them): each round is followed
#                                              by a wait for a quiet machine; they end at round 10 or later (4 for growth after writes)
#                                              once the last 3 have not beaten the best before them by more than 10 %
#                                              (BENCH_WRITES_WARMUP_TOLERANCE=0.1), or after this many; booking's tables are emptied after them
#   BENCH_ONLY=writes deploy/all-in-one/bench.sh --no-build
#                                              only some workloads (comma list of reads, writes, pipeline, drain,
#                                              growth, startup), using the jars already in target/
#   BENCH_JVM_OPTIONS='-Xmx96m' deploy/all-in-one/bench.sh
#                                              extra JVM options for the three services (after the platform's own)
#   BENCH_AOT_JAVA=/path/to/jdk-25/bin/java     the JDK that the start-up workload also measures with an AOT cache (JEP 483/515),
#                                              trained by a start of its own; default: the newest JDK 25+ under /usr/lib/jvm;
#                                              none to skip; BENCH_STARTUP_REPEATS=3 restarts of each (the median is reported)
# Sizes (defaults as issue 8 asks): BENCH_PIPELINE_RATE=20 (registrations/s), BENCH_PIPELINE_SECONDS=60,
# BENCH_DRAIN_MESSAGES=100000 (after BENCH_DRAIN_WARMUP_MESSAGES=10000 uncounted), BENCH_GROWTH_SIZES=10000,1000000.
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in wrk nginx pgbench; do
  if ! command -v "$tool" >/dev/null 2>&1 && [[ ! -x /usr/sbin/$tool ]]; then
    echo "bench: $tool is missing; install it with: sudo apt-get install -y wrk nginx-light postgresql-client" >&2
    exit 2
  fi
done

if [[ ${1:-} != --no-build ]]; then
  echo "bench: packaging the services and the launcher (tests skipped) ..."
  ./mvnw -B -q package -DskipTests -Dquarkus.log.level=WARN
fi

exec java -Dplatform.extra-jvm-options="${BENCH_JVM_OPTIONS:-}" -Dbench.seconds="${BENCH_SECONDS:-15}" -Dbench.warmup-seconds="${BENCH_WARMUP_SECONDS:-5}" \
  -Dbench.only="${BENCH_ONLY:-}" -Dbench.aot-java="${BENCH_AOT_JAVA:-}" -Dbench.startup.repeats="${BENCH_STARTUP_REPEATS:-3}" -Dbench.writes.warmup-seconds="${BENCH_WRITES_WARMUP_SECONDS:-15}" -Dbench.writes.warmup-rounds="${BENCH_WRITES_WARMUP_ROUNDS:-20}" -Dbench.writes.warmup-tolerance="${BENCH_WRITES_WARMUP_TOLERANCE:-0.1}" \
  -Dbench.reads.warmup-seconds="${BENCH_READS_WARMUP_SECONDS:-20}" \
  -Dbench.pipeline.rate="${BENCH_PIPELINE_RATE:-20}" -Dbench.pipeline.seconds="${BENCH_PIPELINE_SECONDS:-60}" \
  -Dbench.drain.messages="${BENCH_DRAIN_MESSAGES:-100000}" -Dbench.drain.warmup-messages="${BENCH_DRAIN_WARMUP_MESSAGES:-10000}" -Dbench.growth.sizes="${BENCH_GROWTH_SIZES:-10000,1000000}" \
  -cp deploy/all-in-one/target/all-in-one.jar hk.clinic.allinone.bench.Bench "$PWD"
