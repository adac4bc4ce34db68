package dev.asyncguard.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.asyncguard.github.SigtermShutdownTest.ServiceProcess;
import dev.asyncguard.queue.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue #17's operator scenario with the Redis Streams queue: two replicas as separate JVMs
 * sharing one real redis-server, GitHub (WireMock) slow to list a PR's files, one replica
 * SIGKILLed while it holds accepted work, ten deliveries redelivered (same id) to the other, then a
 * rolling restart (a new first replica, SIGTERM to the second, a new second). Every pull request
 * answered 202 must end with exactly one review, and every check run created (queued when its
 * delivery was accepted, by whichever replica) must end completed. Two more accepted jobs are then
 * lost from Redis behind the service's back (their stream entries deleted, as a Redis failover
 * without persistence would): the sweeper completes their queued check runs saying so.
 *
 * <p>The fake GitHub remembers what the service posted ({@link GitHubState}): the PR's reviews and
 * the head's check runs are listed from the requests it received, as GitHub would list them, so a
 * job run again after the crash can find the review and check run its first run made.
 */
class DurableReplicasTest {
    static final int PRS = 30;
    static final int REDELIVERED = 10;
    static final int LIST_FILES_DELAY_MS = 1500;
    static final Duration LEASE = Duration.ofSeconds(5);
    /** Pull requests whose jobs are taken out of Redis after they were accepted. */
    static final int LOST = 2;

    @Test
    void sigkillRedeliveriesAndARollingRestartLoseNothingAndPostNothingTwice() throws Exception {
        GitHubState state = new GitHubState();
        try (RedisServer redis = RedisServer.start(); GitHubFake github = new GitHubFake(state)) {
            state.server = github.wm;
            github.installation(PullRequests.INSTALLATION);
            Map<Integer, String> heads = new TreeMap<>();
            for (int n = 1; n <= PRS + LOST; n++) {
                String head = String.format("%040x", 0xa5c0ffeeL * 1000 + n);
                heads.put(n, head);
                state.numbers.put(head, n);
                github.pullRequest(PullRequests.OWNER, PullRequests.REPO, n, head, false, PullRequests.typicalFiles());
            }
            github.stub(patch(urlPathMatching(PullRequests.BASE + "/check-runs/\\d+")).atPriority(1)
                    .willReturn(GitHubFake.json(200, GitHubFake.JSON.createObjectNode().put("status", "completed"))));
            Map<String, String> env = Map.of("ASYNCGUARD_REDIS_URL", redis.url(),
                    "ASYNCGUARD_REDIS_LEASE", LEASE.toMillis() + "ms",
                    "ASYNCGUARD_JOBS_SWEEP_EVERY", "2s", "ASYNCGUARD_JOBS_SWEEP_AFTER", "5s",
                    // Check runs follow queued / in progress / completed from the delivery on, as this
                    // test counts them by their updates (the 2 s default is ReviewCallsTest's and CheckRunShownLateTest's).
                    "ASYNCGUARD_JOBS_CHECK_RUN_AFTER", "0s");

            ServiceProcess a = ServiceProcess.start(github, "replica-a", env);
            ServiceProcess b = ServiceProcess.start(github, "replica-b", env);
            ServiceProcess a2 = null;
            ServiceProcess b2 = null;
            try {
                List<String> deliveries = new ArrayList<>();
                int accepted = 0;
                for (int n = 1; n <= PRS; n++) {
                    String id = UUID.randomUUID().toString();
                    deliveries.add(id);
                    int status = (n % 2 == 1 ? a : b).deliver(opened(n, heads.get(n)), id);
                    assertEquals(202, status, "delivery for PR " + n + "\n" + a.tail() + "\n" + b.tail());
                    accepted++;
                }
                // Two more, whose entries are then deleted from the stream before any replica reads them.
                for (int n = PRS + 1; n <= PRS + LOST; n++) {
                    assertEquals(202, b.deliver(opened(n, heads.get(n)), UUID.randomUUID().toString()));
                }
                int lost = loseJobs(redis, PRS + 1, PRS + LOST);
                // Both replicas are inside slow file listings: kill one while it holds accepted work.
                github.await(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                        urlPathMatching(PullRequests.BASE + "/pulls/\\d+/files")), 6, Duration.ofSeconds(60));
                int reviewsBeforeKill = github.requests(postRequestedFor(urlPathMatching(PullRequests.BASE + "/pulls/\\d+/reviews"))).size();
                long killed = System.nanoTime();
                java.time.LocalTime killedAt = java.time.LocalTime.now();     // the services' log lines use local time too
                a.process().destroyForcibly();     // SIGKILL: no shutdown hook, nothing handed back
                assertTrue(a.process().waitFor(10, TimeUnit.SECONDS));

                int duplicates = 0;
                for (int i = 0; i < REDELIVERED; i++) {
                    int n = i + 1;
                    int status = b.deliver(opened(n, heads.get(n)), deliveries.get(i));
                    assertEquals(200, status, "a redelivery of an accepted delivery is recognised on any replica");
                    duplicates++;
                }

                // Rolling restart: a new first replica, then the second one stopped (SIGTERM) and replaced.
                a2 = ServiceProcess.start(github, "replica-a2", env);
                b.process().destroy();
                assertTrue(b.process().waitFor(25, TimeUnit.SECONDS), "SIGTERM: the second replica exits\n" + b.tail());
                b2 = ServiceProcess.start(github, "replica-b2", env);

                Map<Integer, String> reviewed = new TreeMap<>(heads);
                reviewed.keySet().removeIf(n -> n > PRS);
                long allDone = awaitAllReviewed(github, reviewed, Duration.ofSeconds(120), a2, b2);
                Duration recovered = Duration.ofNanos(allDone - killed);
                Thread.sleep(2000);     // a second review or a late check-run update would show by now
                Map<Integer, Integer> reviews = reviews(github);

                for (int n = 1; n <= PRS; n++) {
                    assertEquals(1, reviews.getOrDefault(n, 0), "PR " + n + " reviewed exactly once: " + reviews
                            + "\n" + a2.tail() + "\n" + b2.tail());
                }
                // Every check run created, on any head, by any replica (the killed one included), ends completed.
                awaitAllCompleted(github, state, Duration.ofSeconds(60));
                Map<Integer, List<JsonNode>> patches = checkRunUpdates(github);
                int queuedAtAccept = 0;
                for (JsonNode create : github.bodies(postRequestedFor(urlPathMatching(PullRequests.BASE + "/check-runs")))) {
                    if ("queued".equals(create.path("status").asText())) queuedAtAccept++;
                }
                for (int n = 1; n <= PRS + LOST; n++) {
                    List<Integer> ids = state.checkRunIds(heads.get(n));
                    assertTrue(!ids.isEmpty(), "PR " + n + " has a check run");
                    boolean reviewResult = false;
                    boolean lostSaid = false;
                    for (int id : ids) {
                        List<JsonNode> updates = patches.getOrDefault(id, List.of());
                        assertTrue(!updates.isEmpty(), "check run " + id + " of PR " + n + " was updated");
                        JsonNode last = updates.get(updates.size() - 1);
                        assertEquals("completed", last.path("status").asText(), "check run " + id + " of PR " + n + " ends completed: " + updates);
                        String title = last.path("output").path("title").asText();
                        reviewResult |= title.contains("pitfall");
                        lostSaid |= last.path("output").path("summary").asText().contains("asyncguard lost this job; push again or comment /recheck");
                    }
                    if (n <= PRS) {
                        assertTrue(reviewResult, "PR " + n + ": a check run carries the review's own result: " + ids);
                    } else {
                        assertTrue(lostSaid, "PR " + n + ": its job was lost and its check run says so");
                        long sweeps = ids.stream().flatMap(id -> patches.getOrDefault(id, List.of()).stream())
                                .filter(u -> u.path("output").path("summary").asText().contains("asyncguard lost this job")).count();
                        assertEquals(1, sweeps, "PR " + n + ": swept by one replica, once (the sweeper's lease)");
                        assertEquals(0, reviews.getOrDefault(n, 0), "PR " + n + ": no review without a job");
                    }
                }
                List<String> log = new ArrayList<>();
                for (ServiceProcess p : List.of(a, b, a2, b2)) log.addAll(java.nio.file.Files.readAllLines(p.log()));
                List<String> claimed = log.stream().filter(l -> l.contains("claimed review job"))
                        .map(l -> l.replaceAll(".*claimed review job (\\S+) .*", "$1")).toList();
                long claims = claimed.size();
                // The killed replica's work is recovered when the last claimed job's review is posted.
                Duration claimedRecovered = Duration.ZERO;
                for (String id : claimed) {
                    for (String l : log) {
                        if (l.contains("[review-worker-" + id + "]") && l.contains(" - reviewed ")) {
                            Duration d = Duration.between(killedAt, java.time.LocalTime.parse(l.substring(0, 12)));
                            if (d.compareTo(claimedRecovered) > 0) claimedRecovered = d;
                        }
                    }
                }
                int created = github.requests(postRequestedFor(urlPathMatching(PullRequests.BASE + "/check-runs"))).size();
                System.out.printf("durable replicas: %d deliveries answered 202, %d redeliveries answered 200 (duplicate), "
                                + "%d reviews posted for %d pull requests (%d before the SIGKILL), %d check runs created, "
                                + "%d jobs claimed from the killed replica and reviewed by %d ms after the SIGKILL (lease %d s), "
                                + "all reviewed %d ms after the SIGKILL; %d check runs created queued at accept, all %d completed; "
                                + "%d jobs lost from Redis, their check runs completed by the sweeper%n",
                        accepted, duplicates, reviews.values().stream().mapToInt(Integer::intValue).sum(), PRS,
                        reviewsBeforeKill, created, claims, claimedRecovered.toMillis(), LEASE.toSeconds(), recovered.toMillis(),
                        queuedAtAccept, created, lost);
                assertTrue(claims >= 1, "the killed replica held work that another claimed");
                String metrics = a2.prometheus();
                assertTrue(metrics.contains("asyncguard_queue_oldest_age_seconds") && metrics.contains("asyncguard_queue_depth"),
                        "the queue's gauges, read from Redis, are exported");
            } finally {
                for (ServiceProcess p : new ServiceProcess[] {a, b, a2, b2}) {
                    if (p != null) p.close();
                }
            }
        }
    }

    /**
     * Deletes the stream entries of PRs {@code from..to} (not yet read: the backlog is long), as a
     * Redis failover that lost recent writes would; their queued check runs stay noted. The count deleted.
     */
    static int loseJobs(RedisServer redis, int from, int to) {
        var client = redis.client();
        try (var c = client.connect()) {
            var r = c.sync();
            int deleted = 0;
            for (var m : r.xrange("asyncguard:jobs", io.lettuce.core.Range.create("-", "+"))) {
                JsonNode job;
                try {
                    job = GitHubFake.JSON.readTree(m.getBody().get("job"));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                int n = job.path("number").asInt();
                if (n >= from && n <= to) {
                    deleted += (int) (long) r.xdel("asyncguard:jobs", m.getId());
                }
            }
            assertEquals(to - from + 1, deleted, "the jobs to lose were still waiting in the stream");
            return deleted;
        } finally {
            client.shutdown();
        }
    }

    /** Waits until every check run created has a last update that completed it. */
    static void awaitAllCompleted(GitHubFake github, GitHubState state, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<Integer, List<JsonNode>> patches = checkRunUpdates(github);
            List<Integer> open = new ArrayList<>();
            for (String head : state.numbers.keySet()) {
                for (int id : state.checkRunIds(head)) {
                    List<JsonNode> u = patches.getOrDefault(id, List.of());
                    if (u.isEmpty() || !"completed".equals(u.get(u.size() - 1).path("status").asText())) open.add(id);
                }
            }
            if (open.isEmpty()) return;
            if (System.nanoTime() > end) throw new AssertionError("check runs never completed: " + open);
            Thread.sleep(200);
        }
    }

    /** The real {@code opened} sample for PR {@code n} at {@code head}. */
    static byte[] opened(int n, String head) {
        ObjectNode p = (ObjectNode) GitHubFake.resource("opened.payload.json").deepCopy();
        p.put("number", n);
        ObjectNode pr = (ObjectNode) p.path("pull_request");
        pr.put("number", n);
        ((ObjectNode) pr.path("head")).put("sha", head);
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Waits until every PR has a review and its check run's last update completed it; when that was (nanoTime). */
    static long awaitAllReviewed(GitHubFake github, Map<Integer, String> heads, Duration timeout,
                                                  ServiceProcess... services) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<Integer, Integer> reviews = new TreeMap<>();
            for (LoggedRequest r : github.requests(postRequestedFor(urlPathMatching(PullRequests.BASE + "/pulls/\\d+/reviews")))) {
                reviews.merge(number(r.getUrl(), "/pulls/(\\d+)/reviews"), 1, Integer::sum);
            }
            Map<Integer, List<JsonNode>> patches = checkRunUpdates(github);
            boolean done = heads.keySet().stream().allMatch(n -> reviews.containsKey(n) && patches.entrySet().stream()
                    .anyMatch(e -> e.getKey() / 100 == n && !e.getValue().isEmpty()
                            && "completed".equals(e.getValue().get(e.getValue().size() - 1).path("status").asText())));
            if (done) return System.nanoTime();
            if (System.nanoTime() > end) {
                StringBuilder tails = new StringBuilder();
                for (ServiceProcess s : services) tails.append(s.tail()).append('\n');
                throw new AssertionError("not all reviewed: " + reviews + "\n" + tails);
            }
            Thread.sleep(200);
        }
    }

    static Map<Integer, Integer> reviews(GitHubFake github) {
        Map<Integer, Integer> reviews = new TreeMap<>();
        for (LoggedRequest r : github.requests(postRequestedFor(urlPathMatching(PullRequests.BASE + "/pulls/\\d+/reviews")))) {
            reviews.merge(number(r.getUrl(), "/pulls/(\\d+)/reviews"), 1, Integer::sum);
        }
        return reviews;
    }

    /** PATCHes of each check run by id (PR number × 100 + its number on the head, see {@link GitHubState}), in order. */
    static Map<Integer, List<JsonNode>> checkRunUpdates(GitHubFake github) {
        return checkRunUpdates(github.wm);
    }

    static Map<Integer, List<JsonNode>> checkRunUpdates(WireMockServer server) {
        Map<Integer, List<JsonNode>> out = new HashMap<>();
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        events.sort(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        for (ServeEvent e : events) {
            LoggedRequest r = e.getRequest();
            if (!"PATCH".equals(r.getMethod().getName()) || !r.getUrl().matches(".*/check-runs/\\d+")) continue;
            try {
                out.computeIfAbsent(number(r.getUrl(), "/check-runs/(\\d+)"), k -> new ArrayList<>())
                        .add(GitHubFake.JSON.readTree(r.getBodyAsString()));
            } catch (IOException ex) {
                throw new AssertionError(ex);
            }
        }
        return out;
    }

    static int number(String url, String regex) {
        Matcher m = Pattern.compile(regex).matcher(url);
        if (!m.find()) throw new AssertionError("no number in " + url);
        return Integer.parseInt(m.group(1));
    }

    /**
     * What GitHub would answer from its own state: the k-th check run created on PR n's head gets
     * the id n × 100 + k; the head's check runs and the PR's reviews are listed from what was posted; listing a
     * PR's files is slow, so that reviews are in flight when a replica dies.
     */
    static final class GitHubState implements ResponseDefinitionTransformerV2 {
        volatile WireMockServer server;
        final Map<String, Integer> numbers = new java.util.concurrent.ConcurrentHashMap<>();
        /** Check runs created so far, by PR number. */
        final Map<Integer, java.util.concurrent.atomic.AtomicInteger> created = new java.util.concurrent.ConcurrentHashMap<>();

        /** The ids of the check runs created on a head. */
        List<Integer> checkRunIds(String head) {
            int n = numbers.get(head);
            int count = created.getOrDefault(n, new java.util.concurrent.atomic.AtomicInteger()).get();
            List<Integer> ids = new ArrayList<>();
            for (int k = 1; k <= count; k++) ids.add(n * 100 + k);
            return ids;
        }
        private static final Pattern FILES = Pattern.compile(".*/pulls/\\d+/files.*");
        private static final Pattern REVIEWS = Pattern.compile(".*/pulls/(\\d+)/reviews\\?.*");
        private static final Pattern CHECK_RUNS = Pattern.compile(".*/commits/([0-9a-f]{40})/check-runs.*");

        @Override
        public String getName() {
            return "github-state";
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            LoggedRequest r = event.getRequest();
            String method = r.getMethod().getName();
            String url = r.getUrl();
            ResponseDefinition given = event.getResponseDefinition();
            try {
                if ("GET".equals(method) && FILES.matcher(url).matches()) {
                    return ResponseDefinitionBuilder.like(given).withFixedDelay(LIST_FILES_DELAY_MS).build();
                }
                if ("POST".equals(method) && url.endsWith("/check-runs")) {
                    JsonNode body = GitHubFake.JSON.readTree(r.getBodyAsString());
                    Integer n = numbers.get(body.path("head_sha").asText());
                    if (n == null) return given;
                    int id = n * 100 + created.computeIfAbsent(n, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                    ObjectNode run = ((ObjectNode) GitHubFake.JSON.readTree(given.getBody())).put("id", id)
                            .put("status", body.path("status").asText("in_progress"))
                            .put("head_sha", body.path("head_sha").asText())
                            .put("external_id", body.path("external_id").asText(""));
                    return json(201, run);
                }
                Matcher m = CHECK_RUNS.matcher(url);
                if ("GET".equals(method) && m.matches()) {
                    ArrayNode runs = GitHubFake.JSON.createArrayNode();
                    int k = 0;
                    int n = numbers.getOrDefault(m.group(1), 0);
                    List<LoggedRequest> posts = new ArrayList<>(server.findAll(postRequestedFor(urlPathMatching(".*/check-runs"))));
                    posts.sort(java.util.Comparator.comparing(LoggedRequest::getLoggedDate));
                    // As GitHub does, a check run is listed with the status its last update gave it.
                    Map<Integer, String> updated = new HashMap<>();
                    for (Map.Entry<Integer, List<JsonNode>> u : checkRunUpdates(server).entrySet()) {
                        String status = u.getValue().get(u.getValue().size() - 1).path("status").asText("");
                        if (!status.isEmpty()) updated.put(u.getKey(), status);
                    }
                    for (LoggedRequest post : posts) {
                        JsonNode body = GitHubFake.JSON.readTree(post.getBodyAsString());
                        if (!m.group(1).equals(body.path("head_sha").asText())) continue;
                        k++;
                        String created = body.path("status").asText("in_progress");
                        runs.addObject().put("id", n * 100 + k).put("name", "asyncguard")
                                .put("head_sha", m.group(1)).put("status", updated.getOrDefault(n * 100 + k, created))
                                .put("external_id", body.path("external_id").asText(""))
                                .putObject("app").put("id", ServiceHarness.APP_ID);
                    }
                    ObjectNode page = GitHubFake.JSON.createObjectNode().put("total_count", runs.size());
                    page.set("check_runs", runs);
                    return json(200, page);
                }
                m = REVIEWS.matcher(url);
                if ("GET".equals(method) && m.matches()) {
                    ArrayNode list = GitHubFake.JSON.createArrayNode();
                    int id = 100;
                    for (LoggedRequest post : server.findAll(postRequestedFor(
                            urlPathMatching(".*/pulls/" + m.group(1) + "/reviews")))) {
                        JsonNode body = GitHubFake.JSON.readTree(post.getBodyAsString());
                        ObjectNode review = list.addObject().put("id", id++).put("state", "COMMENTED")
                                .put("commit_id", body.path("commit_id").asText()).put("body", body.path("body").asText());
                        review.set("user", GitHubFake.bot());
                    }
                    return json(200, list);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return given;
        }

        private static ResponseDefinition json(int status, JsonNode body) {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(body.toString()).build();
        }
    }
}
