#!/usr/bin/env bash
# Runs PhiGuard's JMH benchmarks (raw driver vs jdbc:phiguard: in the same run).
#
#   bench/run.sh                              full run with the defaults in the classes
#   bench/run.sh -f 1 -wi 0 -i 1 -r 1s        smoke run, every benchmark (about a minute)
#   bench/run.sh -f 1 -wi 3 -i 5 -w 2s -r 2s  the measurement in RESULTS.md
#   bench/run.sh H2Benchmarks.statement -l    any JMH arguments: a regex, -l, -prof gc, -rf json …
#
# Every argument goes to org.openjdk.jmh.Main. The bench module (and what it depends on) is built
# first when target/ is missing or older than a source file or pom; PHIGUARD_BENCH_MVN_ARGS
# replaces the default "-o" (offline) Maven flag. PostgreSQL: see PostgresBenchmarks (defaults to
# 127.0.0.1:5432, user postgres).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
list="$here/target/classes/META-INF/BenchmarkList"

stale() {
  [[ ! -f "$list" || ! -d "$here/target/lib" ]] && return 0
  [[ -n "$(find "$root" -path '*/target' -prune -o \( -name '*.java' -o -name pom.xml \) \
    -newer "$list" -print -quit)" ]]
}

if stale; then
  echo "run.sh: building bench ..." >&2
  # shellcheck disable=SC2086 # word splitting of the Maven flags is intended
  (cd "$root" && ./mvnw -B -q ${PHIGUARD_BENCH_MVN_ARGS--o} -pl bench -am package \
    -DskipTests -Djacoco.skip=true)
fi

# shellcheck disable=SC2086 # JAVA_OPTS may hold several flags
exec java ${JAVA_OPTS:-} -cp "$here/target/classes:$here/target/lib/*" org.openjdk.jmh.Main "$@"
