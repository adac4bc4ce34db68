# syntax=docker/dockerfile:1.7
#
# The asyncguard service image: build the shaded jar with Maven on a JDK 21, run it on a JRE 25
# as user 10001 with an ahead-of-time cache trained in the image (stage train). Build from the
# repository root:
#
#   docker build -t registry.example.com/platform/asyncguard:0.1.0 .
#
# Status: written for BuildKit (docker build, buildx, podman build), but not built in the
# project's own CI, which has no container engine and cannot pull base images. Its shape
# (stages, user, entrypoint, no HEALTHCHECK) is checked by DockerfileTest, the training script
# (deploy/aot-cache.sh) by AotCacheTest; the first real build happens on a machine with Docker.

# ---- build: Maven 3.9 on Temurin JDK 21 ----------------------------------------------------------
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
# Dependencies first, so that a source change does not download them again. Best effort: plugins
# that load more artifacts during the build fetch those in the package step.
COPY pom.xml ./
RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline || true
COPY . .
# The tests run in CI (bin/mvn verify), not in the image build.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -Dmaven.test.skip=true package \
    && test -s target/asyncguard.jar
# The AOT cache's training load (stage train): WireMock as a stand-in GitHub and the load benchmark
# (test/bench/ServiceLoad.java), compiled here, where there is a JDK.
RUN --mount=type=cache,target=/root/.m2 deploy/aot-cache.sh prepare /src/target/aot-train \
    && cp deploy/aot-cache.sh /src/target/aot-train/

# ---- runtime: Temurin JRE 25 ----------------------------------------------------------------------
# 25 rather than 21 (the jar runs on 21+): the chart's JVM options (values.yaml jvm.toolOptions) use its
# compact object headers (JEP 519), 4-9 MB less heap a replica for the same work.
FROM eclipse-temurin:25-jre AS jre
# A fixed, unprivileged user and group; the Helm chart runs the pod as 10001 with runAsNonRoot.
RUN groupadd --system --gid 10001 asyncguard \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin asyncguard
WORKDIR /app
# Owned by root, mode 0444: the service's user can read the jar but not rewrite it.
COPY --from=build --chown=0:0 --chmod=0444 /src/target/asyncguard.jar /app/asyncguard.jar
# JVM flags live in JAVA_TOOL_OPTIONS, not in ENTRYPOINT: flags on the command line would win over
# JAVA_TOOL_OPTIONS, so the chart (jvm.toolOptions) could not change them. Same values as the chart's
# (and MALLOC_ARENA_MAX as its jvm.mallocArenaMax); values.yaml says why each.
ENV JAVA_TOOL_OPTIONS="-XX:+IgnoreUnrecognizedVMOptions -XX:+UnlockExperimentalVMOptions -XX:InitialRAMPercentage=10 -XX:MaxRAMPercentage=18 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xmn32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -XX:CompileThresholdScaling=0.05 -XX:AOTCache=/app/asyncguard.aot" \
    MALLOC_ARENA_MAX=2 \
    MICRONAUT_SERVER_PORT=8080

# ---- train: the service's ahead-of-time cache (JDK 25, JEP 483/514/515) ---------------------------------
# The classes a replica loads and links and the method profiles it gathers while it reviews, saved
# by a training run: the real service in this very image (a cache serves only the JDK, the jar and
# the JVM options it was made with) reviewing pull requests from a stand-in GitHub on loopback for
# 20 s; deploy/aot-cache.sh check then starts it with the cache required (-XX:AOTMode=on) and with none.
# Without the cache (or with other JVM options) the service starts as before and says so in one line.
FROM jre AS train
COPY --from=build /src/target/aot-train /aot-train
RUN /aot-train/aot-cache.sh train /app/asyncguard.jar /aot-train/asyncguard.aot /aot-train \
    && /aot-train/aot-cache.sh check /app/asyncguard.jar /aot-train/asyncguard.aot /aot-train

# ---- runtime ----------------------------------------------------------------------------------------
FROM jre AS runtime
# Where the chart's and this image's JAVA_TOOL_OPTIONS look for it (-XX:AOTCache=/app/asyncguard.aot).
COPY --from=train --chown=0:0 --chmod=0444 /aot-train/asyncguard.aot /app/asyncguard.aot
USER 10001:10001
EXPOSE 8080
# No HEALTHCHECK: Kubernetes probes /health/liveness and /health/readiness itself.
# java is PID 1 and gets SIGTERM directly (exec form, no shell in between); the JVM's shutdown
# hooks then let the service finish running reviews.
ENTRYPOINT ["java", "-jar", "/app/asyncguard.jar", "serve"]
