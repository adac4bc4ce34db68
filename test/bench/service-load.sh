#!/usr/bin/env bash
# The bot under load, on this machine: the real `asyncguard serve` (its own JVM, the chart's JVM
# options and memory limit) against a stand-in GitHub (WireMock, in the load generator's JVM),
# signed pull_request deliveries of a 10-file, ~1,500-line PR at a fixed rate. Prints per jar:
# delivery -> review POST latency p50/p90/p99, CPU per review, peak RSS and GitHub calls per review
# by route, and the CPU per review by thread (from /proc: analysis, the run's virtual threads, Netty,
# the HTTP client's selector, the JIT, the collector). Several jars are measured one after the other in one run (before/after side by side):
#   test/bench/service-load.sh [--rate 10] [--seconds 30] [--warmup 10] [--jfr] [--same] [--delay MIN-MAX] [--files 10] [--tree 0]
#                              [[--jvm OPTS] [--serve ARGS] LABEL=JAR ...]
# Each PR's 10 files have contents no other PR has (every blob new: nothing to reuse); with --same
# every PR has the very same 10 files (the same blob SHAs: what the service may reuse).
# --delay 50-150: the stand-in GitHub answers each call after a uniformly random 50-150 ms, as GitHub
# does; --serve "--asyncguard.github.graphql.blobs-per-query=0": settings for the jars after it (e.g.
# the same jar with blobs over REST and over GraphQL, side by side); --files N: N changed files a PR;
# --tree N: N more Python modules in the repository (unchanged, not imported), as a real repository has.
# --jfr records each service with JFR (settings=profile; on JDK 25+ also CPU-time samples every 2 ms of a
# thread's CPU, native code included) and prints where its CPU and waiting went.
# The chart's options name the image's AOT cache, /app/asyncguard.aot, which is not here: the service says so
# in its log and runs without. To measure with a cache, make one for the jar and the options
# (deploy/aot-cache.sh prepare DIR; deploy/aot-cache.sh train JAR CACHE DIR, AOT_JVM_OPTIONS="OPTS") and give
# --jvm "OPTS -XX:AOTCache=CACHE". Each service's start-up (to healthy: wall and CPU) and its first review are printed.
# Without a jar it measures this tree's target/asyncguard.jar (built when needed). The driver is
# test/bench/ServiceLoad.java (run from source).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/bin/env.sh"
ag_select_jdk
"$root/bin/asyncguard" --version >/dev/null        # builds target/asyncguard.jar when needed
version="$(sed -n 's:.*<wiremock.version>\(.*\)</wiremock.version>.*:\1:p' "$root/pom.xml")"
repo="$("$root/bin/mvn" -B -q help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null || echo "$HOME/.m2/repository")"
wiremock="$repo/org/wiremock/wiremock-standalone/$version/wiremock-standalone-$version.jar"
if [ ! -f "$wiremock" ]; then
  echo "Fetching WireMock $version (the stand-in GitHub) ..." >&2
  "$root/bin/mvn" -B -q dependency:get -Dartifact="org.wiremock:wiremock-standalone:$version" -Dtransitive=false >&2
fi
args=("$@")
has_jar=0
for a in "$@"; do case "$a" in *.jar) has_jar=1 ;; esac; done
[ "$has_jar" = 1 ] || args+=("this=$root/target/asyncguard.jar")
# The generator's classpath is a copy of this tree's jar, so that a rebuild during the run changes nothing.
gen="$(mktemp -d)"; trap 'rm -rf "$gen"' EXIT
cp "$root/target/asyncguard.jar" "$gen/generator.jar"
# The service runs with the chart's JVM options (values.yaml jvm.toolOptions) under its memory limit
# (emulated with -XX:MaxRAM, SERVICE_MAX_RAM to change it); --jvm "OPTS" before a jar overrides them.
chart_opts="$(awk '/^  toolOptions: >-/{on=1;next} on&&/^    -/{printf "%s ", $1; next} on{exit}' "$root/deploy/helm/asyncguard/values.yaml")"
"$JAVA_HOME/bin/java" -Xmx1g "-Dload.java-tool-options=${chart_opts% }" \
  ${SERVICE_MAX_RAM:+"-Dload.max-ram=$SERVICE_MAX_RAM"} -cp "$gen/generator.jar:$wiremock" "$here/ServiceLoad.java" \
  --payload "$root/test/resources/github/opened.payload.json" "${args[@]}" | tee "$gen/out.txt"
# --jfr: where each service's CPU and waiting went, by part of the service (test/bench/JfrProfile.java).
# Only the measured window counts (not the start-up and warm-up): ServiceLoad prints it per jar.
sed -n 's/^.*: JFR window //p' "$gen/out.txt" > "$gen/windows.txt"
sed -n 's/^.*: JFR recording in //p' "$gen/out.txt" | paste - "$gen/windows.txt" | while read -r jfr from to reviews; do
  echo; "$JAVA_HOME/bin/java" "$here/JfrProfile.java" "$jfr" "$from" "$to" "$reviews" < /dev/null
done
