#!/usr/bin/env bash
# The review queue's throughput on this machine: the in-process queue, then the Redis Streams queue
# with one and with two replicas (each a RedisReviewQueue with its own connections) against a
# redis-server started on a free loopback port. Workers do nothing, so the figures are the queue's
# own cost per job (offer, read, per-PR lease, run, acknowledge). Writes target/queue-bench.txt.
# Usage: test/bench/queue-bench.sh [JOBS] [REPLICAS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bin/mvn -B -q test -Dtest=QueueThroughputBench -Dbench=true -Dredis-mode.skip=true \
    -Dsurefire.failIfNoSpecifiedTests=false -Dbench.jobs="${1:-5000}" -Dbench.replicas="${2:-2}"
cat target/queue-bench.txt
