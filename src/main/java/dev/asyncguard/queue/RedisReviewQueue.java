package dev.asyncguard.queue;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared {@link ReviewQueue}: review jobs on a Redis Stream read by one consumer group, so
 * that any number of replicas share the work and none of it dies with a replica.
 * <ul>
 *   <li><b>Durable accept.</b> {@link #offer} returns only after {@code XADD}; the webhook answers
 *       202 after that, so a SIGKILL loses nothing it accepted.</li>
 *   <li><b>Ack at the end.</b> An entry is acknowledged (and deleted) only when its run returns,
 *       having posted or failed for good. Entries this replica holds are kept fresh
 *       ({@code XCLAIM … JUSTID} every third of the lease); entries of a replica that stopped
 *       refreshing are taken over by {@code XAUTOCLAIM} once idle for the lease, and run again.</li>
 *   <li><b>Single flight.</b> A run first takes the pull request's lease ({@code SET NX PX},
 *       refreshed with the entry); a job whose PR another replica is reviewing waits in this
 *       replica's hands, still pending, and is tried again shortly.</li>
 *   <li><b>Coalescing.</b> A hash per PR names its latest job. A job for a newer head supersedes a
 *       waiting one (that one is acknowledged unrun when read) and tells a running one that it is
 *       stale; a job for the head already waiting is not added.</li>
 *   <li><b>Bounded.</b> At {@code capacity} entries the offer says {@link Offer#FULL}; when Redis
 *       is down or refuses writes (e.g. out of memory), {@link Offer#UNAVAILABLE}.</li>
 *   <li><b>Shutdown hands back.</b> Jobs waiting in this replica's hands, and runs interrupted at
 *       the end of the grace period, are put back on the stream for the other replicas.</li>
 * </ul>
 * The scripts keep each decision atomic in Redis; the protocol itself is Lettuce's.
 */
public final class RedisReviewQueue implements ReviewQueue {
    private static final Logger LOG = LoggerFactory.getLogger(RedisReviewQueue.class);
    static final String GROUP = "reviewers";
    /** How long a job whose PR is leased elsewhere waits before it is tried again. */
    private static final Duration DEFER = Duration.ofMillis(300);
    /** How long a PR's latest-job record outlives its last offer. */
    private static final Duration LATEST_TTL = Duration.ofDays(1);

    /** KEYS: stream, latest; ARGV: capacity, head, trigger, job, pr, latest ttl ms. */
    private static final String OFFER = """
            if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then return {'FULL', ''} end
            local l = redis.call('HMGET', KEYS[2], 'id', 'head', 'trigger', 'started')
            local result = 'QUEUED'
            if l[1] and l[4] == '0' then
              local weaker = l[3] == 'LABEL_REMOVED' and ARGV[3] ~= 'LABEL_REMOVED'
              if ARGV[2] ~= '' and ARGV[2] == l[2] and not weaker then return {'ALREADY_WAITING', l[1]} end
              result = 'SUPERSEDED_WAITING'
            end
            local id = redis.call('XADD', KEYS[1], '*', 'pr', ARGV[5], 'job', ARGV[4])
            redis.call('HSET', KEYS[2], 'id', id, 'head', ARGV[2], 'trigger', ARGV[3], 'started', '0')
            redis.call('PEXPIRE', KEYS[2], ARGV[6])
            return {result, id}
            """;
    /** KEYS: lease, latest; ARGV: token, lease ms, entry id. 1 = run it, 0 = leased elsewhere, -1 = superseded. */
    private static final String TAKE = """
            local holder = redis.call('GET', KEYS[1])
            if holder and holder ~= ARGV[1] then return 0 end
            local latest = redis.call('HGET', KEYS[2], 'id')
            if latest and latest ~= ARGV[3] then return -1 end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            if latest then redis.call('HSET', KEYS[2], 'started', '1') end
            return 1
            """;
    /** KEYS: lease; ARGV: token, lease ms. Extends the lease if still ours. */
    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return 0
            """;
    /** KEYS: stream, lease; ARGV: group, entry id, token. Acknowledges and deletes the entry, releases the lease. */
    private static final String FINISH = """
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            redis.call('XDEL', KEYS[1], ARGV[2])
            if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
            return 1
            """;
    /** KEYS: stream, latest, lease; ARGV: group, entry id, pr, job, token. Re-adds the job at the end of the stream. */
    private static final String HAND_BACK = """
            local id = redis.call('XADD', KEYS[1], '*', 'pr', ARGV[3], 'job', ARGV[4], 'again', '1')
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            redis.call('XDEL', KEYS[1], ARGV[2])
            if redis.call('HGET', KEYS[2], 'id') == ARGV[2] then redis.call('HSET', KEYS[2], 'id', id, 'started', '0') end
            if redis.call('GET', KEYS[3]) == ARGV[5] then redis.call('DEL', KEYS[3]) end
            return id
            """;

    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisConnection<String, String> readerConnection;
    private final String prefix;
    private final String stream;
    private final String consumer;
    private final int capacity;
    private final int concurrency;
    private final Duration lease;
    private final int maxDeliveries;
    private final Semaphore slots;
    /** Entries this replica holds (pending under its name): running, or waiting for their PR's lease. */
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final AtomicLong waitingGauge = new AtomicLong();
    private final AtomicLong oldestAgeMs = new AtomicLong();
    private final Counter claims;
    private final Counter deferrals;
    private final Counter superseded;
    private final Counter handedBackCount;
    private volatile boolean closed;
    private volatile ReviewWorker worker;
    private final List<Thread> threads = new ArrayList<>();

    /** One entry in this replica's hands. */
    private static final class Held {
        final String id;
        final ReviewJob job;
        final String json;
        final boolean redelivered;
        volatile Thread thread;
        /** Set while a thread works on the entry, so that the upkeep's retry never starts a second one. */
        final java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();
        volatile boolean running;
        volatile boolean handBack;
        volatile long notBefore;

        Held(String id, ReviewJob job, String json, boolean redelivered) {
            this.id = id;
            this.job = job;
            this.json = json;
            this.redelivered = redelivered;
        }
    }

    /**
     * @param connection       for commands; shared by all threads (Lettuce multiplexes it)
     * @param readerConnection for the blocking {@code XREADGROUP}, which would hold up the other
     * @param consumer         this replica's name in the group (unique per process)
     * @param lease            how long a PR's lease and a held entry stay ours without a refresh;
     *                         also how long a dead replica's entries wait before another claims them
     * @param maxDeliveries    a job delivered this many times without an ack is dropped (logged)
     */
    public RedisReviewQueue(StatefulRedisConnection<String, String> connection,
                            StatefulRedisConnection<String, String> readerConnection, String prefix, String consumer,
                            int capacity, int concurrency, Duration lease, int maxDeliveries, MeterRegistry meters) {
        if (capacity < 1 || concurrency < 1) throw new IllegalArgumentException("capacity and concurrency must be at least 1");
        if (lease.toMillis() < 300) throw new IllegalArgumentException("the lease must be at least 300 ms");
        this.connection = connection;
        this.readerConnection = readerConnection;
        this.prefix = prefix;
        this.stream = prefix + "jobs";
        this.consumer = consumer;
        this.capacity = capacity;
        this.concurrency = concurrency;
        this.lease = lease;
        this.maxDeliveries = maxDeliveries;
        this.slots = new Semaphore(concurrency);
        this.claims = Counter.builder("asyncguard.queue.claims")
                .description("jobs taken over from a replica that stopped refreshing them (XAUTOCLAIM)").register(meters);
        this.deferrals = Counter.builder("asyncguard.queue.deferred")
                .description("runs put off because another replica holds the pull request's lease").register(meters);
        this.superseded = Counter.builder("asyncguard.queue.superseded")
                .description("waiting jobs dropped unrun because a newer job for the same pull request arrived").register(meters);
        this.handedBackCount = Counter.builder("asyncguard.queue.handed_back")
                .description("jobs put back on the shared queue at shutdown").register(meters);
        Gauge.builder("asyncguard.queue.oldest.age", oldestAgeMs, v -> v.get() / 1000.0)
                .description("age in seconds of the oldest job not yet acknowledged (read from Redis)").baseUnit("seconds")
                .register(meters);
        createGroup();
    }

    private RedisCommands<String, String> redis() {
        return connection.sync();
    }

    private void createGroup() {
        try {
            redis().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
        } catch (RedisException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) throw e;
        }
    }

    private String latestKey(PullRequestKey pr) {
        return prefix + "latest:" + pr;
    }

    private String leaseKey(PullRequestKey pr) {
        return prefix + "lease:" + pr;
    }

    private String token(Held h) {
        return consumer + "/" + h.id;
    }

    @Override
    public Offer offer(ReviewJob job) {
        if (closed) return Offer.CLOSED;
        try {
            List<Object> r = redis().eval(OFFER, ScriptOutputType.MULTI,
                    new String[] {stream, latestKey(job.pullRequest())},
                    Integer.toString(capacity), job.headSha() == null ? "" : job.headSha(), job.trigger().name(),
                    ReviewJobJson.write(job), job.pullRequest().toString(), Long.toString(LATEST_TTL.toMillis()));
            return Offer.valueOf(String.valueOf(r.get(0)));
        } catch (RedisException e) {
            LOG.warn("review job for {} not queued: Redis said {}", job.pullRequest(), e.getMessage());
            return Offer.UNAVAILABLE;
        }
    }

    @Override
    public void start(ReviewWorker worker) {
        synchronized (threads) {
            if (this.worker != null) throw new IllegalStateException("already started");
            this.worker = worker;
            threads.add(Thread.ofPlatform().daemon().name("review-queue-reader").start(this::readLoop));
            threads.add(Thread.ofPlatform().daemon().name("review-queue-upkeep").start(this::upkeepLoop));
        }
    }

    /** Reads new entries whenever a worker slot is free. */
    private void readLoop() {
        XReadArgs block = XReadArgs.Builder.block(Duration.ofMillis(500)).count(1);
        Consumer<String> me = Consumer.from(GROUP, consumer);
        while (!closed) {
            try {
                if (!slots.tryAcquire(200, TimeUnit.MILLISECONDS)) continue;
            } catch (InterruptedException e) {
                return;
            }
            boolean started = false;
            try {
                // Entries already in our hands (claimed, or put off for their PR's lease) go first.
                Held ready = readyDeferred();
                if (ready != null && (started = start(ready))) continue;
                List<StreamMessage<String, String>> read = readerConnection.sync()
                        .xreadgroup(me, block, XReadArgs.StreamOffset.lastConsumed(stream));
                Held h = read == null || read.isEmpty() ? null : parse(read.get(0), false);
                if (h != null && closed) {
                    handBack(h);    // read as shutdown began: it must not wait for our lease to run out
                } else if (h != null) {
                    held.put(h.id, h);
                    started = start(h);     // on the slot taken above
                }
            } catch (RedisException e) {
                if (!closed) {
                    LOG.warn("reading the review queue failed: {}; retrying", e.getMessage());
                    sleep(Duration.ofSeconds(1));
                }
            } finally {
                if (!started) slots.release();
            }
        }
    }

    /** Runs the entry on a free worker slot, or keeps it (pending, refreshed) until one is free. */
    private void take(Held h) {
        held.put(h.id, h);
        if (slots.tryAcquire()) {
            if (!start(h)) slots.release();
        } else {
            h.notBefore = System.nanoTime();
        }
    }

    /**
     * Every third of the lease: keeps this replica's entries and leases fresh, takes over entries
     * idle for longer than the lease, retries deferred ones, and reads the backlog for the gauges.
     */
    private void upkeepLoop() {
        long period = Math.max(100, lease.toMillis() / 3);
        boolean failing = false;
        while (!closed) {
            try {
                refresh();
                claimAbandoned();
                retryDeferred();
                measure();
                forgetGoneConsumers();
                if (failing) LOG.info("review queue upkeep works again");
                failing = false;
            } catch (RedisException e) {
                // Once per outage, not every few hundred milliseconds.
                if (!closed && !failing) LOG.warn("review queue upkeep failed: {}; retrying quietly until Redis answers", e.getMessage());
                failing = true;
            } catch (RuntimeException e) {
                LOG.error("review queue upkeep failed", e);
            }
            sleep(Duration.ofMillis(Math.min(period, DEFER.toMillis())));
        }
    }

    private long lastRefresh;

    private void refresh() {
        long now = System.nanoTime();
        if (now - lastRefresh < TimeUnit.MILLISECONDS.toNanos(Math.max(100, lease.toMillis() / 3))) return;
        lastRefresh = now;
        if (held.isEmpty()) return;
        String[] ids = held.keySet().toArray(String[]::new);
        // Resets the entries' idle time without counting a delivery: no other replica claims them.
        redis().xclaim(stream, Consumer.from(GROUP, consumer), XClaimArgs.Builder.justid().minIdleTime(0), ids);
        for (Held h : held.values()) {
            if (h.running) {
                redis().eval(RENEW, ScriptOutputType.INTEGER, new String[] {leaseKey(h.job.pullRequest())},
                        token(h), Long.toString(lease.toMillis()));
            }
        }
    }

    private long lastClaim;

    private void claimAbandoned() {
        long now = System.nanoTime();
        if (now - lastClaim < TimeUnit.MILLISECONDS.toNanos(Math.max(100, lease.toMillis() / 3))) return;
        lastClaim = now;
        String start = "0-0";
        do {
            if (closed) return;
            ClaimedMessages<String, String> claimed = redis().xautoclaim(stream,
                    XAutoClaimArgs.Builder.xautoclaim(Consumer.from(GROUP, consumer), lease, start)
                            .count(Math.max(1, slots.availablePermits())));
            for (StreamMessage<String, String> m : claimed.getMessages()) {
                if (held.containsKey(m.getId())) continue;
                claims.increment();
                long deliveries = deliveries(m.getId());
                if (deliveries > maxDeliveries) {
                    LOG.error("review job {} was delivered {} times without finishing; dropping it: {}",
                            m.getId(), deliveries, m.getBody());
                    finish(m.getId(), null, null);
                    Held dropped = parse(m, true);
                    if (dropped != null) abandon(dropped, "the review was attempted " + deliveries
                            + " times without finishing (each time the service stopped during it)");
                    continue;
                }
                LOG.info("claimed review job {} from a replica that stopped ({} deliveries)", m.getId(), deliveries);
                Held h = parse(m, true);
                if (h != null) take(h);
            }
            start = claimed.getId();
        } while (!"0-0".equals(start));
    }

    private long deliveries(String id) {
        List<PendingMessage> p = redis().xpending(stream, GROUP, Range.create(id, id), Limit.from(1));
        return p.isEmpty() ? 1 : p.get(0).getRedeliveryCount();
    }

    private void retryDeferred() {
        Held h;
        while (!closed && (h = readyDeferred()) != null && slots.tryAcquire()) {
            if (!start(h)) slots.release();
        }
    }

    /** An entry in our hands that no thread works on and whose wait is over; null when none. */
    private Held readyDeferred() {
        long now = System.nanoTime();
        for (Held h : held.values()) {
            if (!h.busy.get() && h.notBefore <= now) return h;
        }
        return null;
    }

    private void measure() {
        long length = redis().xlen(stream);
        long pending = redis().xpending(stream, GROUP).getCount();
        waitingGauge.set(Math.max(0, length - pending) + held.values().stream().filter(h -> !h.running).count());
        List<StreamMessage<String, String>> first = redis().xrange(stream, Range.create("-", "+"), Limit.from(1));
        if (first.isEmpty()) {
            oldestAgeMs.set(0);
        } else {
            long ms = Long.parseLong(first.get(0).getId().substring(0, first.get(0).getId().indexOf('-')));
            oldestAgeMs.set(Math.max(0, System.currentTimeMillis() - ms));
        }
    }

    private long lastConsumerSweep;

    /**
     * Every replica that ever started is a consumer of the group (its name has a random part, so a
     * restarted pod is a new one). Once a consumer holds nothing and has been idle for an hour, its
     * pod is gone: forget it, so that the group does not grow with every rollout.
     */
    private void forgetGoneConsumers() {
        long now = System.nanoTime();
        if (lastConsumerSweep != 0 && now - lastConsumerSweep < TimeUnit.MINUTES.toNanos(5)) return;
        lastConsumerSweep = now;
        for (Object c : redis().xinfoConsumers(stream, GROUP)) {
            if (!(c instanceof List<?> fields)) continue;
            String name = null;
            long pending = -1;
            long idle = -1;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String key = String.valueOf(fields.get(i));
                Object value = fields.get(i + 1);
                switch (key) {
                    case "name" -> name = String.valueOf(value);
                    case "pending" -> pending = ((Number) value).longValue();
                    case "idle" -> idle = ((Number) value).longValue();
                    default -> { }
                }
            }
            if (name != null && !name.equals(consumer) && pending == 0 && idle > TimeUnit.HOURS.toMillis(1)) {
                redis().xgroupDelconsumer(stream, Consumer.from(GROUP, name));
                LOG.info("forgot review queue consumer {} (idle {} min, nothing pending)", name, idle / 60_000);
            }
        }
    }

    /** Null when the entry is not a job (it is then acknowledged and logged, never retried). */
    private Held parse(StreamMessage<String, String> m, boolean redelivered) {
        try {
            String json = m.getBody().get("job");
            // A job handed back at a shutdown may have made its check run already: run it as a re-run.
            return new Held(m.getId(), ReviewJobJson.read(json), json, redelivered || "1".equals(m.getBody().get("again")));
        } catch (RuntimeException e) {
            LOG.error("dropping review queue entry {}: {}", m.getId(), e.getMessage());
            finish(m.getId(), null, null);
            return null;
        }
    }

    /** Starts a thread on the entry, holding a slot the caller took; false when one already works on it. */
    private boolean start(Held h) {
        if (!h.busy.compareAndSet(false, true)) return false;
        h.thread = Thread.ofVirtual().name("review-worker-" + h.id).unstarted(() -> process(h));
        h.thread.start();
        return true;
    }

    private void process(Held h) {
        boolean ran = false;
        try {
            long taken = (Long) redis().eval(TAKE, ScriptOutputType.INTEGER,
                    new String[] {leaseKey(h.job.pullRequest()), latestKey(h.job.pullRequest())},
                    token(h), Long.toString(lease.toMillis()), h.id);
            if (taken == 0) {
                deferrals.increment();
                defer(h);
                return;
            }
            if (taken < 0) {
                LOG.info("review job {} for {} superseded by a newer one before it started", h.id, h.job.pullRequest());
                superseded.increment();
                finish(h.id, h.job.pullRequest(), token(h));
                held.remove(h.id);
                if (h.redelivered) abandon(h, "a newer commit was pushed while this review was interrupted; the newer head is reviewed instead");
                return;
            }
            h.running = true;
            ran = true;
            try {
                if (h.redelivered) {
                    worker.rerun(h.job, () -> stillCurrent(h));
                } else {
                    worker.run(h.job, () -> stillCurrent(h));
                }
            } catch (ReviewDeferred d) {
                // Not done: it stays pending under our name (the upkeep keeps it) and runs again after
                // the delay, unless a newer head supersedes it first (TAKE then says so).
                LOG.info("review job {} for {} deferred for {} s: {}", h.id, h.job.pullRequest(), d.delay().toSeconds(),
                        d.getMessage());
                h.notBefore = System.nanoTime() + d.delay().toNanos();
                held.put(h.id, h);
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("review job for {} ended with {}", h.job.pullRequest(), e.toString());
            } finally {
                Thread.interrupted();
            }
            if (h.handBack) {
                handBack(h);
            } else {
                finish(h.id, h.job.pullRequest(), token(h));
            }
            held.remove(h.id);
        } catch (RedisException e) {
            // Still pending under our name: the refresh keeps it, or another replica claims it after the lease.
            LOG.warn("review job {} for {}: Redis said {}; it stays queued", h.id, h.job.pullRequest(), e.getMessage());
            if (!ran) defer(h);
            else held.remove(h.id);
        } finally {
            h.running = false;
            h.thread = null;
            h.busy.set(false);
            slots.release();
            synchronized (held) {
                held.notifyAll();
            }
        }
    }

    /** Lets the worker close what an earlier, interrupted run of the job left open. */
    private void abandon(Held h, String why) {
        Thread.ofVirtual().name("review-abandoned-" + h.id).start(() -> {
            try {
                worker.abandoned(h.job, why);
            } catch (RuntimeException e) {
                LOG.warn("closing what review job {} left open failed: {}", h.id, e.toString());
            }
        });
    }

    private void defer(Held h) {
        h.notBefore = System.nanoTime() + DEFER.toNanos();
        held.put(h.id, h);
    }

    private boolean stillCurrent(Held h) {
        try {
            List<io.lettuce.core.KeyValue<String, String>> l = redis().hmget(latestKey(h.job.pullRequest()), "id", "head");
            String id = l.get(0).getValueOrElse(null);
            String head = l.get(1).getValueOrElse("");
            if (id == null || id.equals(h.id) || head.isEmpty()) return true;
            return h.job.headSha() != null && h.job.headSha().equals(head);
        } catch (RedisException e) {
            return true;    // cannot tell; the run checks the PR's head before posting anyway
        }
    }

    private void finish(String id, PullRequestKey pr, String token) {
        try {
            redis().eval(FINISH, ScriptOutputType.INTEGER,
                    new String[] {stream, pr == null ? prefix + "lease:-" : leaseKey(pr)}, GROUP, id, token == null ? "" : token);
        } catch (RedisException e) {
            LOG.warn("could not acknowledge review job {}: {}; it will run again", id, e.getMessage());
        }
    }

    private boolean handBack(Held h) {
        try {
            redis().eval(HAND_BACK, ScriptOutputType.VALUE,
                    new String[] {stream, latestKey(h.job.pullRequest()), leaseKey(h.job.pullRequest())},
                    GROUP, h.id, h.job.pullRequest().toString(), h.json, token(h));
            handedBackCount.increment();
            return true;
        } catch (RedisException e) {
            LOG.warn("could not hand back review job {}: {}; another replica claims it after the lease", h.id, e.getMessage());
            return false;
        } finally {
            held.remove(h.id);
        }
    }

    @Override
    public int depth() {
        return (int) waitingGauge.get();
    }

    @Override
    public int running() {
        return (int) held.values().stream().filter(h -> h.running).count();
    }

    @Override
    public boolean accepting() {
        return !closed;
    }

    @Override
    public boolean handsBackToOthers() {
        return true;
    }

    @Override
    public List<ReviewJob> shutdown(Duration grace) {
        List<ReviewJob> handedBack = new ArrayList<>();
        long deadline = System.nanoTime() + grace.toNanos();
        closed = true;
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Held h : List.copyOf(held.values())) {
            if (!h.busy.get() && handBack(h)) handedBack.add(h.job);
        }
        synchronized (held) {
            try {
                while (held.values().stream().anyMatch(h -> h.running) && System.nanoTime() < deadline) {
                    held.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
                for (Held h : held.values()) {
                    Thread t = h.thread;
                    if (h.running && t != null) {
                        LOG.warn("review of {} still running after the {} s grace period; handing it back",
                                h.job.pullRequest(), grace.toSeconds());
                        h.handBack = true;
                        handedBack.add(h.job);
                        t.interrupt();
                    }
                }
                long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (held.values().stream().anyMatch(h -> h.running) && System.nanoTime() < settle) {
                    held.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(settle - System.nanoTime())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Entries that were between a lease check and a retry when the first pass ran.
        for (Held h : List.copyOf(held.values())) {
            if (!h.busy.get() && handBack(h)) handedBack.add(h.job);
        }
        return handedBack;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
