import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a cold {@code check}'s wall time went, from a JFR recording: the serial stretches (before the
 * first file reaches the pool, after the last file is done), the parallel stretch and how many of its
 * workers were busy in it (a worker sampled in a slot is busy in it), and the collector's pauses
 * (SerialGC stops every thread) in each. Sampled threads are those in Java code: one running native
 * code (reading a file) counts as busy only through its native samples, which are sparser.
 * ({@code JfrPhases.java} splits the CPU by phase of the pipeline instead.)
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:StartFlightRecording=filename=check.jfr,settings=test/bench/timeline.jfc \
 *     -jar target/asyncguard.jar check --no-cache LIB
 * java test/bench/JfrTimeline.java check.jfr [SLOT_MS]
 * </pre>
 * On a loaded machine every stretch grows: compare recordings made side by side.
 */
public final class JfrTimeline {
    private static final String WORKER = "asyncguard-check";

    public static void main(String[] args) throws Exception {
        long slot = args.length > 1 ? Long.parseLong(args[1]) : 10;
        List<RecordedEvent> samples = new ArrayList<>();
        List<RecordedEvent> pauses = new ArrayList<>();
        Instant jvmStart = null;
        try (RecordingFile r = new RecordingFile(Path.of(args[0]))) {
            while (r.hasMoreEvents()) {
                RecordedEvent e = r.readEvent();
                switch (e.getEventType().getName()) {
                    case "jdk.ExecutionSample", "jdk.NativeMethodSample" -> samples.add(e);
                    case "jdk.GarbageCollection" -> pauses.add(e);
                    case "jdk.JVMInformation" -> jvmStart = e.getInstant("jvmStartTime");
                    default -> { }
                }
            }
        }
        Instant mainFirst = null, mainLast = null, workerFirst = null, workerLast = null;
        // Per slot of the run, the workers sampled in it.
        Map<Long, java.util.Set<Long>> busy = new TreeMap<>();
        for (RecordedEvent e : samples) {
            RecordedThread t = e.getThread("sampledThread");
            if (t == null) continue;
            Instant at = e.getStartTime();
            if (t.getJavaName().equals("main")) {
                if (mainFirst == null || at.isBefore(mainFirst)) mainFirst = at;
                if (mainLast == null || at.isAfter(mainLast)) mainLast = at;
            } else if (t.getJavaName().startsWith(WORKER)) {
                if (workerFirst == null || at.isBefore(workerFirst)) workerFirst = at;
                if (workerLast == null || at.isAfter(workerLast)) workerLast = at;
                busy.computeIfAbsent(Duration.between(jvmStart, at).toMillis() / slot, k -> new java.util.HashSet<>())
                        .add(t.getJavaThreadId());
            }
        }
        if (mainFirst == null || workerFirst == null) throw new IllegalStateException("no samples of main and the workers");
        Instant end = mainLast.isAfter(workerLast) ? mainLast : workerLast;
        System.out.printf("%s (JVM start = 0; the recorder's own start-up comes before main)%n", args[0]);
        System.out.printf("  main's first sample                 %6d ms%n", ms(jvmStart, mainFirst));
        row("set-up: main's first sample to the first file", mainFirst, workerFirst, pauses);
        row("files: first to last worker sample", workerFirst, workerLast, pauses);
        row("end: last worker sample to main's last", workerLast, end, pauses);
        // In the files' stretch, the slots by how many workers were busy in them.
        long first = ms(jvmStart, workerFirst) / slot, last = ms(jvmStart, workerLast) / slot;
        int[] byCount = new int[8];
        for (long s = first; s <= last; s++) byCount[Math.min(7, busy.getOrDefault(s, java.util.Set.of()).size())]++;
        long slots = last - first + 1;
        StringBuilder counts = new StringBuilder();
        for (int i = 0; i < byCount.length; i++) {
            if (byCount[i] > 0) counts.append(String.format("  %d busy: %.0f%%", i, 100.0 * byCount[i] / slots));
        }
        System.out.printf("  files' stretch in %d-ms slots:%s%n", slot, counts);
    }

    private static void row(String what, Instant from, Instant to, List<RecordedEvent> pauses) {
        long gc = 0;
        int n = 0;
        for (RecordedEvent p : pauses) {
            if (!p.getStartTime().isBefore(from) && p.getStartTime().isBefore(to)) {
                gc += p.getDuration().toNanos();
                n++;
            }
        }
        System.out.printf("  %-46s %6d ms, of it GC %4d ms (%d pauses)%n", what, ms(from, to), gc / 1_000_000, n);
    }

    private static long ms(Instant a, Instant b) {
        return Duration.between(a, b).toMillis();
    }
}
