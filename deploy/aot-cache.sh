#!/usr/bin/env bash
# The service's ahead-of-time cache (JDK 25+, JEP 483/514/515): the classes a replica loads and links,
# and the method profiles it gathers, while it reviews pull requests, saved by a training run so
# that a new replica starts with them instead of finding them out during its first reviews.
#
#   deploy/aot-cache.sh prepare DIR                  the training's load generator into DIR (needs a JDK and
#                                                    Maven: the image's build stage); WIREMOCK_JAR=FILE skips Maven
#   deploy/aot-cache.sh train JAR CACHE DIR          trains `serve` of JAR with DIR's generator, makes CACHE
#   deploy/aot-cache.sh check JAR CACHE DIR          the service starts with CACHE, uses it (-XX:AOTMode=on: a
#                                                    cache it cannot use stops it) and reviews; it also starts and
#                                                    reviews with no cache at all; exit 1 otherwise
#
# The training is test/bench/ServiceLoad.java (the load benchmark): the real service against a stand-in GitHub
# (WireMock) on loopback, signed pull_request deliveries of a 10-file PR, 10 a second, for
# AOT_TRAIN_WARMUP + AOT_TRAIN_SECONDS seconds (default 5 + 15), in -XX:AOTMode=record; then
# -XX:AOTMode=create writes CACHE. The JVM options are $AOT_JVM_OPTIONS, else $JAVA_TOOL_OPTIONS (the
# image's, the chart's jvm.toolOptions), without any -XX:AOTCache: a cache only serves a JVM started with
# the options it was made with (compact object headers, collector), the same JDK (its lib/modules) and the
# same jar (path, size and time), so the Dockerfile trains in the runtime image itself, on /app/asyncguard.jar.
# A JVM given a cache it cannot use (another JDK, other options, a missing file) says so in one line and
# starts without it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

usage() {
  sed -n '6,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# The JVM options to train and check with: the given ones without -XX:AOTCache/AOTMode/AOTConfiguration.
options() {
  local o out=()
  for o in ${AOT_JVM_OPTIONS:-${JAVA_TOOL_OPTIONS:-}}; do
    case "$o" in -XX:AOTCache=*|-XX:AOTMode=*|-XX:AOTConfiguration=*|-XX:AOTCacheOutput=*) ;; *) out+=("$o") ;; esac
  done
  echo "${out[*]:-}"
}

# ServiceLoad from DIR, in a JVM of its own that gets none of the service's options.
generate() {
  local jar="$1" dir="$2"; shift 2
  env -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS "$java" -Xmx512m -cp "$jar:$dir/wiremock.jar:$dir/classes" ServiceLoad \
    --payload "$dir/opened.payload.json" "$@"
}

case "${1:-}" in
  prepare)
    [ $# -eq 2 ] || usage
    dir="$2"; root="$(cd "$here/.." && pwd)"
    mkdir -p "$dir/classes"
    if [ -n "${WIREMOCK_JAR:-}" ]; then
      cp "$WIREMOCK_JAR" "$dir/wiremock.jar"
    else
      version="$(sed -n 's:.*<wiremock.version>\(.*\)</wiremock.version>.*:\1:p' "$root/pom.xml")"
      mvn -B -q -f "$root/pom.xml" dependency:copy -Dartifact="org.wiremock:wiremock-standalone:$version" \
        -DoutputDirectory="$dir" -Dmdep.stripVersion=true
      mv "$dir/wiremock-standalone.jar" "$dir/wiremock.jar"
    fi
    jar="${AOT_BUILD_JAR:-$root/target/asyncguard.jar}"
    "${JAVA_HOME:+$JAVA_HOME/bin/}javac" --release 21 -nowarn -d "$dir/classes" -cp "$jar:$dir/wiremock.jar" \
      "$root/test/bench/ServiceLoad.java"
    cp "$root/test/resources/github/opened.payload.json" "$dir/"
    ;;
  train)
    [ $# -eq 4 ] || usage
    jar="$2"; cache="$3"; dir="$4"; opts="$(options)"
    conf="$cache.conf"
    rm -f "$cache" "$conf"
    generate "$jar" "$dir" --seconds "${AOT_TRAIN_SECONDS:-15}" --warmup "${AOT_TRAIN_WARMUP:-5}" \
      --jvm "$opts -XX:AOTMode=record -XX:AOTConfiguration=$conf" train="$jar" > "$cache.train.log" 2>&1 \
      || { cat "$cache.train.log" >&2; echo "aot-cache: the training run failed" >&2; exit 1; }
    [ -s "$conf" ] || { cat "$cache.train.log" >&2; echo "aot-cache: the training wrote no $conf" >&2; exit 1; }
    # The class path as the service has it (java -jar JAR): a cache serves only that one.
    JAVA_TOOL_OPTIONS="$opts" "$java" -XX:AOTMode=create -XX:AOTConfiguration="$conf" -XX:AOTCache="$cache" \
      -Xlog:aot=warning -cp "$jar" > "$cache.create.log" 2>&1 \
      || { cat "$cache.create.log" >&2; echo "aot-cache: creating $cache failed" >&2; exit 1; }
    rm -f "$conf"
    sed -n '/^jar /,/^$/p' "$cache.train.log"
    echo "aot-cache: $cache, $(( $(stat -c %s "$cache") >> 20 )) MB, for $jar and JAVA_TOOL_OPTIONS=$opts"
    ;;
  check)
    [ $# -eq 4 ] || usage
    jar="$2"; cache="$3"; dir="$4"; opts="$(options)"
    [ -s "$cache" ] || { echo "aot-cache: no cache $cache" >&2; exit 1; }
    loaded="$(mktemp)"; out="$(mktemp)"; trap 'rm -f "$loaded" "$out"' EXIT
    # with: the cache is required (AOTMode=on: the JVM stops when it cannot map or validate it), and every
    # class the JVM loads is logged with where it came from. without: a cache named that does not exist.
    generate "$jar" "$dir" --seconds 2 --warmup 1 \
      --jvm "$opts -XX:AOTMode=on -XX:AOTCache=$cache -Xlog:class+load=info:file=$loaded" with="$jar" \
      --jvm "$opts -XX:AOTCache=$cache.missing" without="$jar" > "$out" 2>&1 \
      || { cat "$out" >&2; echo "aot-cache: a service did not start" >&2; exit 1; }
    from_cache="$(grep -c 'source: shared objects file' "$loaded" || true)"
    elsewhere="$(grep -c 'source: ' "$loaded" || true)"; elsewhere=$((elsewhere - from_cache))
    with="$(awk '$1 == "with" {print $2}' "$out")"; without="$(awk '$1 == "without" {print $2}' "$out")"
    echo "aot-cache: with $cache: ${with:-0} reviews, $from_cache classes from the cache, $elsewhere loaded otherwise;" \
      "without a cache: ${without:-0} reviews"
    if [ "${with:-0}" -lt 1 ] || [ "${without:-0}" -lt 1 ] || [ "$from_cache" -lt 1000 ] || [ "$from_cache" -le "$elsewhere" ]; then
      cat "$out" >&2
      echo "aot-cache: classes not from the cache, by where they came from:" >&2
      sed -n 's/.* source: //p' "$loaded" | grep -v '^shared objects file' | sed 's/!.*//' | sort | uniq -c | sort -rn | head >&2
      echo "aot-cache: check failed" >&2
      exit 1
    fi
    ;;
  *) usage ;;
esac
