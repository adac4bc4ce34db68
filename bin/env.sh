# Sourced by bin/mvn, bin/asyncguard and .ci/run: picks a JDK 21+ and a Maven 3.9.
# Why our own bootstrap: Debian's Maven 3.8.7 cannot load the Micronaut parent's
# enforcer rule, and the default `java` on these machines is 17.
AG_MAVEN_VERSION=3.9.9
AG_MAVEN_SHA512=a555254d6b53d267965a3404ecb14e53c3827c09c3b94b5678835887ab404556bfaf78dcfe03ba76fa2508649dca8531c74bca4d5846513522404d48e8c4ac8b

ag_java_major() { # prints the major version of the java in $1/bin, or 0
  ag_java_major_of "$1"
  echo "$AG_JAVA_MAJOR"
}

ag_java_major_of() { # sets AG_JAVA_MAJOR to the major version of the java in $1/bin, or 0 (no subshell: bin/asyncguard's start-up)
  local v="" line
  # The JDK's release file says it without starting a JVM (a tenth of a second each), read by the
  # shell itself; ask java if there is none.
  if [ -f "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in
        JAVA_VERSION=\"[0-9]*) v="${line#JAVA_VERSION=\"}"; v="${v%%[!0-9]*}"; break ;;
      esac
    done <"$1/release"
  fi
  [ -n "$v" ] || v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  AG_JAVA_MAJOR="${v:-0}"
}

ag_select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && ag_java_major_of "$JAVA_HOME" && [ "$AG_JAVA_MAJOR" -ge 21 ]; then
    return 0
  fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$d/bin/javac" ] || continue
    ag_java_major_of "$d"
    v="$AG_JAVA_MAJOR"
    if [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  if [ "$best_v" -lt 21 ]; then
    echo "asyncguard needs a JDK 21 or newer; none found (JAVA_HOME=${JAVA_HOME:-unset}, looked in /usr/lib/jvm)." >&2
    echo "Install one, e.g. 'apt-get install -y openjdk-21-jdk-headless' or Temurin 21+, and set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  AG_JAVA_MAJOR="$best_v"
}

ag_select_maven() {
  local dir="$HOME/.m2/wrapper/apache-maven-$AG_MAVEN_VERSION"
  if [ ! -x "$dir/bin/mvn" ]; then
    # Any Maven (Debian's 3.8 will do) fetches the 3.9 distribution from Maven Central as an
    # ordinary artifact into the local repository; we check its published checksum and unpack it.
    if ! command -v mvn >/dev/null 2>&1; then
      echo "Installing Debian's Maven to bootstrap Maven $AG_MAVEN_VERSION ..." >&2
      apt-get update -qq && apt-get install -y -qq maven >/dev/null
    fi
    echo "Fetching Maven $AG_MAVEN_VERSION from Maven Central ..." >&2
    local log
    log=$(mktemp)
    mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get \
        -Dartifact="org.apache.maven:apache-maven:$AG_MAVEN_VERSION:tar.gz:bin" -Dtransitive=false >"$log" 2>&1 \
      || { cat "$log" >&2; rm -f "$log"; echo "could not fetch Maven $AG_MAVEN_VERSION" >&2; return 1; }
    rm -f "$log"
    local tgz="$HOME/.m2/repository/org/apache/maven/apache-maven/$AG_MAVEN_VERSION/apache-maven-$AG_MAVEN_VERSION-bin.tar.gz"
    echo "$AG_MAVEN_SHA512  $tgz" | sha512sum -c --quiet - || { echo "Maven $AG_MAVEN_VERSION checksum mismatch" >&2; return 1; }
    mkdir -p "$HOME/.m2/wrapper"
    tar -xzf "$tgz" -C "$HOME/.m2/wrapper"
  fi
  AG_MVN="$dir/bin/mvn"
}
