package dev.asyncguard.python;

import java.util.concurrent.atomic.LongAdder;

/**
 * Where parse time goes: CPU nanoseconds of the parsing thread spent decoding (bytes to text and line index), lexing,
 * parsing (SLL, and LL where SLL failed) and building the AST, summed over all files and threads
 * that parsed with a {@link Parser} given this accumulator. For the benchmark command; a parser
 * without one does not read the clock.
 */
public final class ParsePhases {
    /** Totals of one period: thread time summed over the threads that parsed, so it can exceed wall time. */
    public record Totals(long decodeNanos, long lexNanos, long parseNanos, long astNanos) {
        public long sumNanos() {
            return decodeNanos + lexNanos + parseNanos + astNanos;
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * The current thread's CPU time: what the phases add up. On a shared machine wall time also
     * counts the turns of other programs, which made the phases' shares vary with the load.
     */
    static long threadCpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private final LongAdder decode = new LongAdder();
    private final LongAdder lex = new LongAdder();
    private final LongAdder parse = new LongAdder();
    private final LongAdder ast = new LongAdder();

    void addDecode(long nanos) {
        decode.add(nanos);
    }

    void addLex(long nanos) {
        lex.add(nanos);
    }

    void addParse(long nanos) {
        parse.add(nanos);
    }

    void addAst(long nanos) {
        ast.add(nanos);
    }

    /** The totals since the last call (or since creation), and a fresh start. */
    public Totals takeTotals() {
        return new Totals(decode.sumThenReset(), lex.sumThenReset(), parse.sumThenReset(), ast.sumThenReset());
    }
}
