import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a cold {@code check}'s CPU went, by phase of the pipeline: each execution sample counts for
 * the first phase of {@link #PHASES} (in that order) that has a frame anywhere on its stack, so a JDK
 * collection called by the name resolver counts for the names, and a file parsed again for a lazy
 * summary counts for the lazy summaries, not for the parse. ({@code JfrProfile.java} gives each sample
 * to the part of its top-most frame instead.) With a phase prefix as second argument, also the
 * top-most frames of ours within that phase.
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:StartFlightRecording=filename=check.jfr,settings=profile \
 *     -jar target/asyncguard.jar check --no-cache --statistics LIB
 * java test/bench/JfrPhases.java check.jfr ["rules walk"]
 * </pre>
 */
public final class JfrPhases {
    /** Method-name prefixes and the phase they stand for; the first one found on a stack wins. */
    static final String[][] PHASES = {
            {"dev.asyncguard.analysis.Analyzer.summarizeHere", "lazy summaries (a file parsed and walked again)"},
            {"dev.asyncguard.analysis.Analyzer$RebuiltContext.build", "deferred decisions' rebuilt contexts"},
            {"dev.asyncguard.analysis.project.ProjectSummaries.decidePending", "deciding the pending findings"},
            {"dev.asyncguard.analysis.ProjectDeferral", "deferring findings"},
            {"dev.asyncguard.python.SourceDecoder", "decode"},
            {"dev.asyncguard.python.Parser.parse", "parse (lex, parse, AST)"},
            {"dev.asyncguard.python.ast.Preorder.of", "preorder"},
            {"dev.asyncguard.analysis.names.NameResolver.of", "names"},
            {"dev.asyncguard.analysis.project.ProjectSummaries.indexModule", "module index"},
            {"dev.asyncguard.analysis.TreeWalker.walk", "rules walk"},
            {"dev.asyncguard.analysis.TreeWalker.dispatch", "rules at file start and end"},
            {"dev.asyncguard.analysis.project.ModuleIndex.summary", "summary made"},
            {"dev.asyncguard.analysis.project.ProjectSummaries.add", "summary added"},
            {"dev.asyncguard.analysis.Analyzer.analyzeHere", "analysis set-up (suppressions, source lines, subscriptions)"},
            {"dev.asyncguard.cli.", "check driver (walk, configuration, output)"},
    };

    public static void main(String[] args) throws Exception {
        String detail = args.length > 1 ? args[1] : null;
        Map<String, Integer> byPhase = new HashMap<>();
        Map<String, Integer> byFrame = new HashMap<>();
        Map<String, Integer> byThread = new HashMap<>();
        int samples = 0;
        try (RecordingFile r = new RecordingFile(Path.of(args[0]))) {
            while (r.hasMoreEvents()) {
                RecordedEvent e = r.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) continue;
                samples++;
                var thread = e.getThread("sampledThread");
                byThread.merge(thread == null ? "?" : thread.getJavaName().replaceAll("-?[0-9]+$", ""), 1, Integer::sum);
                List<String> methods = new ArrayList<>();
                for (RecordedFrame f : e.getStackTrace().getFrames()) {
                    methods.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
                }
                String phase = phaseOf(methods);
                byPhase.merge(phase, 1, Integer::sum);
                if (detail != null && phase.startsWith(detail)) {
                    String top = methods.stream().filter(m -> m.startsWith("dev.asyncguard.") && !m.contains(".TreeWalker.")
                            && !m.contains(".Subscriptions")).findFirst().orElse("(JDK)");
                    byFrame.merge(top.replaceAll("\\$\\$Lambda.*", ""), 1, Integer::sum);
                }
            }
        }
        System.out.println(args[0] + ": " + samples + " CPU samples (Java code; the JIT compilers and the collector not included)");
        print(byPhase, samples, 30);
        System.out.println("by thread: " + byThread);
        if (detail != null) {
            System.out.println("top-most frames of ours in \"" + detail + "\":");
            print(byFrame, samples, 30);
        }
    }

    static String phaseOf(List<String> methods) {
        for (String[] p : PHASES) {
            for (String m : methods) if (m.startsWith(p[0])) return p[1];
        }
        return methods.isEmpty() ? "other" : "other (" + methods.get(0).replaceAll("\\.[^.]*\\.[^.]*$", "") + ")";
    }

    static void print(Map<String, Integer> counts, int total, int limit) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(en -> System.out.printf("  %5.1f%%  %s%n", 100.0 * en.getValue() / Math.max(1, total), en.getKey()));
    }
}
