import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a service recording's CPU and waiting went, by part of the service: each execution sample
 * is given to the first frame from the top of its stack that belongs to a known part (parser,
 * rules, JSON, HTTP, ...), so that a JDK collection called by a rule counts for the rules. Also
 * the threads' sleeps and parks by the first of our frames (a poll interval, a lock, a queue), and
 * the garbage collector's pauses. Run by {@code test/bench/service-load.sh --jfr} on each
 * recording; by hand: {@code java test/bench/JfrProfile.java FILE.jfr}.
 */
public final class JfrProfile {
    /** Parts by class-name prefix; the first prefix that matches names the part (order matters). */
    static final List<String[]> PARTS = List.of(
            new String[] {"org.antlr.", "parse (ANTLR lexer/parser)"},
            new String[] {"dev.asyncguard.python.antlr.", "parse (ANTLR lexer/parser)"},
            new String[] {"dev.asyncguard.python.ast.", "AST (build, walk)"},
            new String[] {"dev.asyncguard.python.", "AST (build, walk)"},
            new String[] {"dev.asyncguard.analysis.rules.", "rules"},
            new String[] {"dev.asyncguard.analysis.names.", "names"},
            new String[] {"dev.asyncguard.analysis.project.", "project summaries"},
            new String[] {"dev.asyncguard.analysis.", "analysis (names, summaries, dispatch)"},
            new String[] {"dev.asyncguard.review.", "review (diff, compose, render)"},
            new String[] {"dev.asyncguard.diff.", "review (diff, compose, render)"},
            new String[] {"dev.asyncguard.policy.", "policy"},
            new String[] {"com.fasterxml.jackson.", "JSON (Jackson)"},
            new String[] {"dev.asyncguard.github.", "service code (github.*)"},
            new String[] {"dev.asyncguard.queue.", "service code (github.*)"},
            new String[] {"jdk.internal.net.http.", "HTTP client (java.net.http)"},
            new String[] {"java.net.http.", "HTTP client (java.net.http)"},
            new String[] {"io.netty.", "HTTP server (Micronaut, Netty)"},
            new String[] {"io.micronaut.", "HTTP server (Micronaut, Netty)"},
            new String[] {"io.micrometer.", "metrics (Micrometer)"},
            new String[] {"ch.qos.logback.", "logging"},
            new String[] {"org.slf4j.", "logging"},
            new String[] {"sun.security.", "TLS, crypto, signatures"},
            new String[] {"javax.crypto.", "TLS, crypto, signatures"},
            new String[] {"com.nimbusds.", "TLS, crypto, signatures"});

    /** {@code FILE.jfr [FROM_MS TO_MS REVIEWS]}: only events in the window (epoch ms), and per review. */
    public static void main(String[] args) throws Exception {
        long from = args.length > 2 ? Long.parseLong(args[1]) : Long.MIN_VALUE;
        long to = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE;
        int reviews = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        profile(Path.of(args[0]), from, to, reviews);
    }

    static void profile(Path file, long from, long to, int reviews) throws Exception {
        Map<String, Integer> cpu = new HashMap<>();
        Map<String, Integer> cpuTime = new HashMap<>();
        int cpuTimeSamples = 0;
        Map<String, Long> waits = new HashMap<>();
        int samples = 0;
        long gcNanos = 0;
        int gcs = 0;
        try (RecordingFile r = new RecordingFile(file)) {
            while (r.hasMoreEvents()) {
                RecordedEvent e = r.readEvent();
                long at = e.getStartTime().toEpochMilli();
                if (at < from || at > to) continue;
                String type = e.getEventType().getName();
                switch (type) {
                    case "jdk.ExecutionSample" -> {
                        samples++;
                        cpu.merge(part(e.getStackTrace()), 1, Integer::sum);
                    }
                    case "jdk.CPUTimeSample" -> {
                        cpuTimeSamples++;
                        cpuTime.merge(part(e.getStackTrace()), 1, Integer::sum);
                    }
                    case "jdk.ThreadSleep", "jdk.ThreadPark", "jdk.JavaMonitorWait" -> {
                        String where = ours(e.getStackTrace());
                        if (where != null) waits.merge(type.substring(4) + " in " + where, e.getDuration().toNanos(), Long::sum);
                    }
                    case "jdk.GarbageCollection" -> {
                        gcs++;
                        gcNanos += e.getDuration().toNanos();
                    }
                    default -> { }
                }
            }
        }
        // JDK 25's CPU-time samples (every 2 ms of a Java thread's CPU, native code included) when recorded.
        boolean byCpuTime = cpuTimeSamples > 0;
        if (byCpuTime) {
            cpu = cpuTime;
            samples = cpuTimeSamples;
        }
        System.out.println("Profile of " + file + (from > Long.MIN_VALUE ? " (measured window only)" : "") + ": "
                + samples + (byCpuTime ? " CPU-time samples (Java threads), " : " CPU samples (Java code), ") + gcs + " collections pausing " + gcNanos / 1_000_000 + " ms"
                + (reviews > 0 ? String.format(" (%.1f ms a review)", gcNanos / 1e6 / reviews) : ""));
        int total = Math.max(1, samples);
        cpu.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(en -> System.out.printf("  %5.1f%%  %s%n", 100.0 * en.getValue() / total, en.getKey()));
        System.out.println("Waiting in our code (sleeps, parks, waits; summed over threads), top 12:");
        new TreeMap<>(waits).entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(en -> System.out.printf("  %9.0f ms%s  %s%n", en.getValue() / 1e6,
                        reviews > 0 ? String.format(" (%.1f ms a review)", en.getValue() / 1e6 / reviews) : "", en.getKey()));
    }

    static String part(RecordedStackTrace stack) {
        if (stack == null) return "(no stack)";
        for (RecordedFrame f : stack.getFrames()) {
            if (!f.isJavaFrame()) continue;
            String cls = f.getMethod().getType().getName();
            for (String[] p : PARTS) if (cls.startsWith(p[0])) return p[1];
        }
        String top = stack.getFrames().isEmpty() ? "?" : stack.getFrames().get(0).getMethod().getType().getName();
        return "JDK/other (" + top.replaceAll("\\.[^.]*$", "") + ")";
    }

    /** The first frame of ours (dev.asyncguard) from the top, as Class.method. */
    static String ours(RecordedStackTrace stack) {
        if (stack == null) return null;
        for (RecordedFrame f : stack.getFrames()) {
            String cls = f.getMethod().getType().getName();
            if (cls.startsWith("dev.asyncguard.")) return cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
        }
        return null;
    }
}
