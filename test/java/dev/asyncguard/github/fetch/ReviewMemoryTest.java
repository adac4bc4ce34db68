package dev.asyncguard.github.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncguard.queue.ReviewDeferred;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The memory for file contents shared by the running reviews: a run waits for room that another
 * run will give back; when every run holding bytes waits for more, the last one to wait is
 * deferred (or, for context, gets nothing) and its bytes come free; a run alone gets what is left.
 */
class ReviewMemoryTest {
    static final Duration LONG = Duration.ofMinutes(1);

    @Test
    void aRunWaitsForRoomAnotherRunGivesBack() throws Exception {
        ReviewMemory memory = new ReviewMemory(100, LONG);
        FetchBudget first = new FetchBudget(10, 1000, memory);
        FetchBudget second = new FetchBudget(10, 1000, memory);
        assertEquals(60, first.reserve(60, true));
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> second.reserve(60, true));
        awaitWaiting(memory);
        assertFalse(waiting.isDone(), "60 + 60 > 100: the second run waits");
        first.close();
        assertEquals(60, waiting.get(10, TimeUnit.SECONDS));
        assertEquals(60, memory.used());
        second.close();
        assertEquals(0, memory.used());
    }

    @Test
    void settlingGivesBackWhatAFileDidNotUse() {
        ReviewMemory memory = new ReviewMemory(100, LONG);
        FetchBudget run = new FetchBudget(10, 1000, memory);
        long granted = run.reserve(80, true);
        run.settle(granted, 5);
        assertEquals(5, memory.used());
        assertEquals(80, run.reserve(80, true), "the worst case of the next file fits again");
        run.close();
        assertEquals(0, memory.used());
    }

    record Waiting(FetchBudget first, FetchBudget second, CompletableFuture<Long> firstWaits) {}

    /** Two runs holding 50 and 40 of 100 bytes, the first waiting for 30 more. */
    private static Waiting twoRunsTheFirstWaiting() throws InterruptedException {
        ReviewMemory memory = new ReviewMemory(100, LONG);
        FetchBudget first = new FetchBudget(10, 1000, memory);
        FetchBudget second = new FetchBudget(10, 1000, memory);
        first.settle(first.reserve(50, true), 50);
        second.settle(second.reserve(40, true), 40);
        CompletableFuture<Long> firstWaits = CompletableFuture.supplyAsync(() -> first.reserve(30, true));
        awaitWaiting(memory);
        return new Waiting(first, second, firstWaits);
    }

    @Test
    void whenEveryRunHoldingBytesWaitsTheLastOneIsDeferredAndTheOtherGoesOn() throws Exception {
        Waiting w = twoRunsTheFirstWaiting();
        FetchBudget first = w.first(), second = w.second();
        ReviewDeferred deferred = assertThrows(ReviewDeferred.class, () -> second.reserve(30, true));
        assertTrue(deferred.getMessage().contains("waits for more"), deferred.getMessage());
        assertTrue(deferred.delay().compareTo(Duration.ZERO) > 0);
        assertFalse(w.firstWaits().isDone());
        second.close();      // the deferred run ends: its bytes come free
        assertEquals(30, w.firstWaits().get(10, TimeUnit.SECONDS));
        first.close();
        assertEquals(0, first.heldOfMemory());
    }

    @Test
    void contextThatCannotWaitIsLeftOutRatherThanDeferred() throws Exception {
        Waiting w = twoRunsTheFirstWaiting();
        FetchBudget first = w.first(), second = w.second();
        assertEquals(0, second.reserve(30, false));
        assertTrue(second.limits().contains("memory for file contents"), second.limits());
        second.close();
        assertEquals(30, w.firstWaits().get(10, TimeUnit.SECONDS));
        first.close();
    }

    @Test
    void aRunAloneGetsWhatIsLeftAndAFileLargerThanTheWholeBudgetIsCutToIt() {
        ReviewMemory memory = new ReviewMemory(100, LONG);
        FetchBudget run = new FetchBudget(10, 1000, memory);
        run.settle(run.reserve(70, true), 70);
        FetchBudget.Grant rest = run.grant(50, true);
        assertEquals(new FetchBudget.Grant(30, true), rest, "nobody else holds any: no room will come, the rest is granted");
        assertTrue(run.cutShort(rest, 1000).contains("memory for file contents"), run.cutShort(rest, 1000));
        run.settle(30, 0);
        run.close();
        FetchBudget other = new FetchBudget(10, 1000, memory);
        assertEquals(new FetchBudget.Grant(100, true), other.grant(500, true), "at most the whole budget");
        other.close();
        assertEquals(0, memory.used());
    }

    @Test
    void aRunThatWaitsTooLongIsDeferred() {
        ReviewMemory memory = new ReviewMemory(100, Duration.ofMillis(200));
        FetchBudget busy = new FetchBudget(10, 1000, memory);
        FetchBudget late = new FetchBudget(10, 1000, memory);
        busy.reserve(90, true);      // held, and its run is not waiting for memory: it would give back later
        ReviewDeferred d = assertThrows(ReviewDeferred.class, () -> late.reserve(20, true));
        assertTrue(d.getMessage().contains("within"), d.getMessage());
        assertEquals(90, memory.used(), "the deferred run holds nothing");
        busy.close();
    }

    @Test
    void aBatchHoldsItsWorstCaseWhileItIsRead() {
        ReviewMemory memory = new ReviewMemory(100, LONG);
        FetchBudget run = new FetchBudget(10, 1000, memory);
        long[] seen = new long[1];
        String got = run.holding(80, true, () -> {
            seen[0] = memory.used();
            return "read";
        }, "none");
        assertEquals("read", got);
        assertEquals(80, seen[0]);
        assertEquals(0, memory.used());
        run.close();
    }

    /** Until some run waits inside the memory's monitor (a timed wait shows as TIMED_WAITING). */
    private static void awaitWaiting(ReviewMemory memory) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getState() == Thread.State.TIMED_WAITING) {
                    for (StackTraceElement e : t.getStackTrace()) {
                        if (e.getClassName().endsWith("ReviewMemory$Share") && e.getMethodName().equals("take")) return;
                    }
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no run started waiting for memory");
    }

    /**
     * Two files of one run: the first's fetch in flight holds the whole memory at its worst case.
     * The second waits for it to settle and gets the room it left, instead of being refused at once
     * (which of a run's files was refused used to depend on which fetch thread asked first).
     */
    @Test
    void aFileRefusedWhileItsOwnRunsFetchIsInFlightWaitsForWhatThatFetchGivesBack() throws Exception {
        ReviewMemory memory = new ReviewMemory(100, LONG);
        try (FetchBudget run = new FetchBudget(10, 10_000, memory)) {
            FetchBudget.Grant first = run.grant(1000, true);
            assertEquals(100, first.bytes(), "the worst case, capped at the whole memory");
            CompletableFuture<FetchBudget.Grant> second = CompletableFuture.supplyAsync(() -> run.grant(1000, true));
            Thread.sleep(200);
            assertFalse(second.isDone(), "waits while the first fetch is in flight");
            run.settle(first.bytes(), 30);     // the first file was 30 bytes
            FetchBudget.Grant got = second.get(10, TimeUnit.SECONDS);
            assertEquals(70, got.bytes(), "the room the first file left");
            assertTrue(got.byMemory());
        }
    }
}
