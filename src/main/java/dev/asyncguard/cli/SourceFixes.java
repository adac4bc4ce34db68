package dev.asyncguard.cli;

import dev.asyncguard.analysis.Applicability;
import dev.asyncguard.analysis.Edit;
import dev.asyncguard.analysis.Finding;
import dev.asyncguard.analysis.SourceLines;
import dev.asyncguard.python.ParseResult;
import dev.asyncguard.python.Parser;
import dev.asyncguard.python.PythonVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One file's fixes applied to its text, as {@code check --fix} and {@code --diff} apply them:
 * SAFE fixes (and UNSAFE ones when asked), each whole or not at all, never two whose edits touch
 * the same text (the later one waits for the next pass, after re-analysis). The result must
 * parse: a fix that would leave a syntax error is not applied, and said so.
 */
final class SourceFixes {
    private SourceFixes() {}

    /**
     * What applying the fixes gave.
     *
     * @param text     the text with the fixes applied (the original when none was)
     * @param applied  the findings whose fixes were applied
     * @param refused  one line per fix left out because the result would not parse, or the file's text could not be fixed
     */
    record Outcome(String text, List<Finding> applied, List<String> refused) {}

    static boolean applicable(Finding f, boolean unsafe) {
        return f.fix() != null && !f.fix().edits().isEmpty()
                && (f.fix().applicability() == Applicability.SAFE || (unsafe && f.fix().applicability() == Applicability.UNSAFE));
    }

    /** Applies the applicable fixes of {@code findings} (all of one file) to {@code text}. */
    static Outcome apply(String text, List<Finding> findings, boolean unsafe, PythonVersion version) {
        SourceLines lines = new SourceLines(text);
        List<Finding> candidates = new ArrayList<>();
        List<int[]> taken = new ArrayList<>();
        for (Finding f : findings.stream().filter(f -> applicable(f, unsafe))
                .sorted(Comparator.comparingInt(Finding::line).thenComparingInt(f -> f.range().startColumn())).toList()) {
            List<int[]> spans = spans(lines, f.fix().edits());
            if (spans.stream().anyMatch(s -> taken.stream().anyMatch(t -> touches(s, t)))) continue;   // next pass
            taken.addAll(spans);
            candidates.add(f);
        }
        if (candidates.isEmpty()) return new Outcome(text, List.of(), List.of());
        Parser parser = new Parser(version);
        String all = lines.apply(edits(candidates));
        if (parses(parser, all)) return new Outcome(all, candidates, List.of());
        // One at a time: keep each fix whose result still parses, refuse the others.
        List<Finding> kept = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        String current = text;
        for (Finding f : candidates) {
            List<Finding> trial = new ArrayList<>(kept);
            trial.add(f);
            String attempt = lines.apply(edits(trial));
            ParseResult r = parser.parse(attempt);
            if (r.diagnostics().isEmpty()) {
                kept.add(f);
                current = attempt;
            } else {
                refused.add(f.path() + ":" + f.line() + ":" + (f.range().startColumn() + 1) + ": " + f.code()
                        + " fix not applied: the result would not parse (" + r.diagnostics().get(0) + ")");
            }
        }
        return new Outcome(current, kept, refused);
    }

    private static boolean parses(Parser parser, String text) {
        return parser.parse(text).diagnostics().isEmpty();
    }

    private static List<Edit> edits(List<Finding> findings) {
        List<Edit> out = new ArrayList<>();
        for (Finding f : findings) out.addAll(f.fix().edits());
        return out;
    }

    private static List<int[]> spans(SourceLines lines, List<Edit> edits) {
        List<int[]> out = new ArrayList<>();
        for (Edit e : edits) {
            out.add(new int[] {lines.offset(e.range().startLine(), e.range().startColumn()),
                    lines.offset(e.range().endLine(), e.range().endColumn())});
        }
        return out;
    }

    /** Overlapping, or two insertions at one point (their order would be a guess). */
    private static boolean touches(int[] a, int[] b) {
        return a[0] < b[1] && b[0] < a[1] || a[0] == b[0];
    }

    /** A file's text for fixing: strict UTF-8 (what Python reads without a coding line); BOM kept aside. */
    static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    /**
     * Replaces {@code file} with {@code text} atomically: written to a temporary file in the same
     * folder (same permissions), then moved over the original, so that a reader or a crash never
     * sees half a file.
     */
    static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".asyncguard-tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
            } catch (UnsupportedOperationException | IOException e) {
                // not a POSIX file system: the default permissions
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
