package dev.asyncguard.github.fetch;

import java.util.function.Supplier;

/**
 * What one run may fetch of file content: a number of files and of bytes, shared by the changed
 * files and the unchanged modules they import, and within the service's {@link ReviewMemory}
 * (the bytes all running reviews hold together). A fetch reserves its worst case before it starts
 * (so that concurrent fetches cannot overshoot) and gives back what it did not use; the run gives
 * back everything it holds of the shared memory when it ends ({@link #close}).
 */
public final class FetchBudget implements AutoCloseable {
    private final int maxFiles;
    private final long maxBytes;
    private final ReviewMemory memory;
    private final ReviewMemory.Share share;
    private int files;
    private long bytes;
    /** Reservations not yet settled: their unused bytes may still come back. */
    private int pending;
    /** The last reservation refused was refused by the shared memory, not by this run's own limits. */
    private volatile boolean memoryFull;
    /** Reservations settled so far: a grant refused while others were in flight waits for the next. */
    private long settlements;
    /** The longest a refused grant waits for this run's own fetches in flight (each bounded by its request timeout). */
    private static final long OWN_SETTLEMENT_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(120);

    /** A run's budget without a shared limit (only its own). */
    public FetchBudget(int maxFiles, long maxBytes) {
        this(maxFiles, maxBytes, ReviewMemory.unlimited());
    }

    public FetchBudget(int maxFiles, long maxBytes, ReviewMemory memory) {
        this.maxFiles = Math.max(0, maxFiles);
        this.maxBytes = Math.max(0, maxBytes);
        this.memory = memory;
        this.share = memory.share();
    }

    /** What a reservation granted: {@code bytes}; {@code byMemory}: fewer than this run's own budget allowed. */
    record Grant(long bytes, boolean byMemory) {}

    /** {@link #grant} for a module a changed file imports: 0 rather than deferring the run. */
    long reserve(long wanted, boolean deferrable) {
        return grant(wanted, deferrable).bytes();
    }

    /**
     * Reserves one file of at most {@code wanted} bytes: the bytes granted (at most
     * {@code wanted}, less when the budget is nearly spent or the shared memory has less room), or 0
     * when nothing is left. Waits for room in the shared memory while other runs hold it.
     *
     * @param deferrable whether the run may be deferred when its wait for memory cannot end
     *                   ({@link ReviewMemory.Share#take}); else such a file gets 0
     * @throws dev.asyncguard.queue.ReviewDeferred see {@link ReviewMemory.Share#take}
     */
    Grant grant(long wanted, boolean deferrable) {
        while (true) {
            Grant g = grantOnce(wanted, deferrable);
            // Refused by the shared memory while this run's own fetches in flight hold it at their
            // worst case: what they do not use comes back, so wait for one to settle and ask again
            // (else which of a run's files is refused would depend on which thread asked first).
            if (g.bytes() > 0 || !g.byMemory() || !awaitOwnSettlement()) return g;
        }
    }

    /** Waits (bounded) until one of this run's reservations in flight settles; false when none is in flight. */
    private synchronized boolean awaitOwnSettlement() {
        if (pending == 0) return false;
        long seen = settlements;
        long deadline = System.nanoTime() + OWN_SETTLEMENT_WAIT_NANOS;
        while (settlements == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || pending == 0) return false;
            try {
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private Grant grantOnce(long wanted, boolean deferrable) {
        long own;
        synchronized (this) {
            // While other fetches hold reservations, what they do not use comes back: wait for it
            // rather than give up on a file that may well fit.
            while (files < maxFiles && bytes >= maxBytes && pending > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Grant(0, false);
                }
            }
            if (files >= maxFiles || bytes >= maxBytes) return new Grant(0, false);
            own = Math.min(wanted, maxBytes - bytes);
            files++;
            bytes += own;
            pending++;
        }
        long taken;
        try {
            taken = share.take(own, deferrable);
        } catch (RuntimeException e) {
            undo(own, own);
            throw e;
        }
        if (taken == 0) {
            undo(own, own);
            memoryFull = true;
            return new Grant(0, true);
        }
        if (taken < own) undo(own - taken, 0);
        return new Grant(taken, taken < own);
    }

    /** Takes back {@code unused} bytes of a reservation; the whole of it when {@code whole} is its size. */
    private synchronized void undo(long unused, long whole) {
        bytes -= unused;
        if (whole > 0) {
            files--;
            pending--;
        }
        notifyAll();
    }

    /** The fetch took {@code used} of its {@code granted} bytes (0 when it failed). */
    synchronized void settle(long granted, long used) {
        long back = Math.max(0, granted - used);
        bytes -= back;
        pending--;
        settlements++;
        share.give(back);
        notifyAll();
    }

    /**
     * {@code read} while {@code worstCase} bytes (at most the whole shared memory) are held for it:
     * a batch of blobs read at once, whose answer is in memory before its files are reserved one
     * by one. Empty, without reading, when the memory cannot hold it (the files are then read one
     * at a time).
     */
    <T> T holding(long worstCase, boolean deferrable, Supplier<T> read, T none) {
        long runLeft;
        synchronized (this) {
            runLeft = Math.max(0, maxBytes - bytes);
        }
        // Never more than the run may fetch at all, nor than the whole memory.
        long want = Math.min(Math.min(Math.max(0, worstCase), runLeft), memory.capacity());
        long held = share.take(want, deferrable);
        if (held < want) {
            share.give(held);
            return none;
        }
        try {
            return read.get();
        } finally {
            share.give(held);
        }
    }

    /** How many more files may be reserved: a batch that reads ahead reads no more than this. */
    synchronized int filesLeft() {
        return maxFiles - files;
    }

    /** A note for files left out because the budget is spent. */
    String limits() {
        synchronized (this) {
            if (!memoryFull || files >= maxFiles || bytes >= maxBytes) {
                return "this review's fetch budget (" + maxFiles + " files, " + maxBytes / (1024 * 1024) + " MiB) is spent";
            }
        }
        return "the service's memory for file contents (" + memoryText() + ", shared by the reviews running at once) "
                + "is full";
    }

    /** A note for a file whose fetch the {@code grant} did not hold. */
    String cutShort(Grant grant, long maxFileBytes) {
        if (grant.byMemory()) {
            return "not analyzed: larger than the room the service's memory for file contents (" + memoryText()
                    + ", shared by the reviews running at once; asyncguard.service.review-memory-bytes) had for it";
        }
        return grant.bytes() < maxFileBytes ? "not analyzed: " + limits() : "larger than " + maxFileBytes + " bytes, not analyzed";
    }

    private String memoryText() {
        long c = memory.capacity();
        return c >= 1 << 20 ? c / (1 << 20) + " MiB" : c + " bytes";
    }

    /** Bytes this run holds of the shared memory now. */
    long heldOfMemory() {
        return share.held();
    }

    /** The run ended: everything it holds of the shared memory comes free. */
    @Override
    public void close() {
        share.release();
    }
}
