package dev.asyncguard.github.fetch;

/**
 * What one run may fetch of file content: a number of files and of bytes, shared by the changed
 * files and the unchanged modules they import. A fetch reserves its worst case before it starts
 * (so that concurrent fetches cannot overshoot) and gives back what it did not use.
 */
public final class FetchBudget {
    private final int maxFiles;
    private final long maxBytes;
    private int files;
    private long bytes;
    /** Reservations not yet settled: their unused bytes may still come back. */
    private int pending;

    public FetchBudget(int maxFiles, long maxBytes) {
        this.maxFiles = Math.max(0, maxFiles);
        this.maxBytes = Math.max(0, maxBytes);
    }

    /**
     * Reserves one file of at most {@code wanted} bytes: the bytes granted (at most
     * {@code wanted}, less when the budget is nearly spent), or 0 when nothing is left.
     */
    synchronized long reserve(long wanted) {
        // While other fetches hold reservations, what they do not use comes back: wait for it
        // rather than give up on a file that may well fit.
        while (files < maxFiles && bytes >= maxBytes && pending > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
        if (files >= maxFiles || bytes >= maxBytes) return 0;
        long granted = Math.min(wanted, maxBytes - bytes);
        files++;
        bytes += granted;
        pending++;
        return granted;
    }

    /** The fetch took {@code used} of its {@code granted} bytes (0 when it failed). */
    synchronized void settle(long granted, long used) {
        bytes -= Math.max(0, granted - used);
        pending--;
        notifyAll();
    }

    /** How many more files may be reserved: a batch that reads ahead reads no more than this. */
    synchronized int filesLeft() {
        return maxFiles - files;
    }

    /** A note for files left out because the budget is spent. */
    String limits() {
        return "this review's fetch budget (" + maxFiles + " files, " + maxBytes / (1024 * 1024) + " MiB) is spent";
    }
}
