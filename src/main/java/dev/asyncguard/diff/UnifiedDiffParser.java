package dev.asyncguard.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads unified diffs: the output of {@code git diff} (several files with git's extended headers)
 * and GitHub's per-file {@code patch} text (hunks only). Hunk bodies are read by their line counts,
 * so content that looks like a header ("diff --git", "--- a") never ends a hunk early.
 */
public final class UnifiedDiffParser {
    private static final Pattern HUNK_HEADER =
            Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@ ?(.*)$");
    private static final String DIFF_GIT = "diff --git ";

    private final String[] lines;
    private int pos;

    private UnifiedDiffParser(String text) {
        String[] split = text.split("\n", -1);
        // A trailing newline leaves one empty element that is not a line.
        int n = split.length > 0 && split[split.length - 1].isEmpty() ? split.length - 1 : split.length;
        this.lines = java.util.Arrays.copyOf(split, n);
    }

    /** Parses {@code git diff} output (any number of files; text before the first file is ignored). */
    public static UnifiedDiff parseGit(String text) {
        UnifiedDiffParser p = new UnifiedDiffParser(text);
        List<FileDiff> files = new ArrayList<>();
        while (p.pos < p.lines.length && !p.lines[p.pos].startsWith(DIFF_GIT)) p.pos++;
        while (p.pos < p.lines.length) {
            files.add(p.gitFile());
        }
        return new UnifiedDiff(files);
    }

    /** Parses GitHub's {@code patch} field of one pull-request file: hunks only, possibly empty. */
    public static List<Hunk> parseHunks(String patch) {
        if (patch == null || patch.isEmpty()) return List.of();
        UnifiedDiffParser p = new UnifiedDiffParser(patch);
        List<Hunk> hunks = new ArrayList<>();
        while (p.pos < p.lines.length) {
            if (!p.lines[p.pos].startsWith("@@")) {
                throw p.error("expected a hunk header '@@ -a,b +c,d @@'");
            }
            hunks.add(p.hunk());
        }
        return hunks;
    }

    /**
     * One file of a GitHub pull request: its {@code filename}, {@code previous_filename} (null unless
     * renamed or copied), {@code status} and {@code patch} (absent for binary and very large files).
     */
    public static FileDiff githubFile(String filename, String previousFilename, FileStatus status, String patch) {
        String oldPath = switch (status) {
            case ADDED -> null;
            case RENAMED, COPIED -> previousFilename != null ? previousFilename : filename;
            default -> filename;
        };
        String newPath = status == FileStatus.DELETED ? null : filename;
        return new FileDiff(oldPath, newPath, status, null, null, false, parseHunks(patch));
    }

    private FileDiff gitFile() {
        int start = pos;
        String diffLine = lines[pos++];
        String[] fromDiffLine = diffGitPaths(diffLine.substring(DIFF_GIT.length()), start);
        String oldPath = null, newPath = null;
        String minusPath = null, plusPath = null;
        boolean sawMinus = false, sawPlus = false;
        String oldMode = null, newMode = null;
        FileStatus status = FileStatus.MODIFIED;
        boolean binary = false;
        while (pos < lines.length && !lines[pos].startsWith("@@") && !lines[pos].startsWith(DIFF_GIT)) {
            String l = lines[pos++];
            if (l.startsWith("old mode ")) oldMode = l.substring(9).trim();
            else if (l.startsWith("new mode ")) newMode = l.substring(9).trim();
            else if (l.startsWith("deleted file mode ")) { oldMode = l.substring(18).trim(); status = FileStatus.DELETED; }
            else if (l.startsWith("new file mode ")) { newMode = l.substring(14).trim(); status = FileStatus.ADDED; }
            else if (l.startsWith("rename from ")) { oldPath = GitPathQuoting.pathField(l.substring(12)); status = FileStatus.RENAMED; }
            else if (l.startsWith("rename to ")) { newPath = GitPathQuoting.pathField(l.substring(10)); status = FileStatus.RENAMED; }
            else if (l.startsWith("copy from ")) { oldPath = GitPathQuoting.pathField(l.substring(10)); status = FileStatus.COPIED; }
            else if (l.startsWith("copy to ")) { newPath = GitPathQuoting.pathField(l.substring(8)); status = FileStatus.COPIED; }
            else if (l.startsWith("index ")) {
                String[] parts = l.substring(6).trim().split(" ");
                if (parts.length == 2 && oldMode == null && newMode == null) { oldMode = parts[1]; newMode = parts[1]; }
            }
            else if (l.startsWith("--- ")) { minusPath = stripPrefix(GitPathQuoting.pathField(l.substring(4)), "a/"); sawMinus = true; }
            else if (l.startsWith("+++ ")) { plusPath = stripPrefix(GitPathQuoting.pathField(l.substring(4)), "b/"); sawPlus = true; }
            else if (l.startsWith("Binary files ") || l.equals("GIT binary patch")) {
                binary = true;
                if (l.equals("GIT binary patch")) {
                    while (pos < lines.length && !lines[pos].startsWith(DIFF_GIT)) pos++;
                }
            }
            // similarity index, dissimilarity index: nothing we need.
        }
        if (oldPath == null && sawMinus) oldPath = minusPath;
        if (newPath == null && sawPlus) newPath = plusPath;
        if (oldPath == null && status != FileStatus.ADDED && !sawMinus) oldPath = fromDiffLine[0];
        if (newPath == null && status != FileStatus.DELETED && !sawPlus) newPath = fromDiffLine[1];
        if (status == FileStatus.ADDED) oldPath = null;
        if (status == FileStatus.DELETED) newPath = null;
        if (oldPath == null && newPath == null) {
            throw new DiffFormatException("line " + (start + 1) + ": cannot tell the file's path from: " + diffLine);
        }
        List<Hunk> hunks = new ArrayList<>();
        while (pos < lines.length && lines[pos].startsWith("@@")) {
            hunks.add(hunk());
        }
        if (pos < lines.length && !lines[pos].startsWith(DIFF_GIT)) {
            throw error("expected a hunk or the next 'diff --git'");
        }
        return new FileDiff(oldPath, newPath, status, oldMode, newMode, binary, hunks);
    }

    /**
     * The two paths of a {@code diff --git a/X b/Y} line. Only trusted when no other header names
     * the paths (mode-only changes, binary files, empty new files); bare paths with spaces are split
     * where both halves agree, which holds whenever the file was not renamed.
     */
    private String[] diffGitPaths(String rest, int lineIndex) {
        String a, b;
        if (rest.startsWith("\"")) {
            GitPathQuoting.Token first = GitPathQuoting.unquote(rest, 0);
            a = first.text();
            String tail = rest.substring(Math.min(first.end() + 1, rest.length()));
            b = tail.startsWith("\"") ? GitPathQuoting.unquote(tail, 0).text() : tail;
        } else {
            int quoted = rest.indexOf(" \"b/");
            if (quoted >= 0) {
                a = rest.substring(0, quoted);
                b = GitPathQuoting.unquote(rest, quoted + 1).text();
            } else if (rest.length() % 2 == 1 && rest.charAt(rest.length() / 2) == ' '
                    && rest.substring(2, rest.length() / 2).equals(rest.substring(rest.length() / 2 + 3))) {
                a = rest.substring(0, rest.length() / 2);
                b = rest.substring(rest.length() / 2 + 1);
            } else {
                int split = rest.indexOf(" b/");
                if (split < 0) throw new DiffFormatException("line " + (lineIndex + 1) + ": cannot split the paths of: diff --git " + rest);
                a = rest.substring(0, split);
                b = rest.substring(split + 1);
            }
        }
        return new String[] {stripPrefix(a, "a/"), stripPrefix(b, "b/")};
    }

    private static String stripPrefix(String path, String prefix) {
        if (path.equals("/dev/null")) return null;
        return path.startsWith(prefix) ? path.substring(prefix.length()) : path;
    }

    private Hunk hunk() {
        int headerIndex = pos;
        Matcher m = HUNK_HEADER.matcher(stripCr(lines[pos]));
        if (!m.matches()) throw error("malformed hunk header");
        pos++;
        int oldStart = Integer.parseInt(m.group(1));
        int oldCount = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
        int newStart = Integer.parseInt(m.group(3));
        int newCount = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
        int oldLeft = oldCount, newLeft = newCount;
        int oldLine = oldStart, newLine = newStart;
        List<DiffLine> body = new ArrayList<>();
        while (oldLeft > 0 || newLeft > 0) {
            if (pos >= lines.length) {
                throw new DiffFormatException("line " + (headerIndex + 1) + ": hunk '" + lines[headerIndex]
                        + "' ends early: " + oldLeft + " old and " + newLeft + " new lines missing");
            }
            String l = lines[pos];
            // Some tools strip the single space of an empty context line.
            char kind = l.isEmpty() ? ' ' : l.charAt(0);
            String text = l.isEmpty() ? "" : l.substring(1);
            boolean cr = text.endsWith("\r");
            if (cr) text = text.substring(0, text.length() - 1);
            switch (kind) {
                case ' ' -> {
                    if (oldLeft == 0 || newLeft == 0) throw error("context line beyond the hunk's counts");
                    body.add(new DiffLine(DiffLine.Kind.CONTEXT, text, oldLine++, newLine++, cr, false));
                    oldLeft--; newLeft--;
                }
                case '-' -> {
                    if (oldLeft == 0) throw error("removed line beyond the hunk's old count");
                    body.add(new DiffLine(DiffLine.Kind.REMOVED, text, oldLine++, 0, cr, false));
                    oldLeft--;
                }
                case '+' -> {
                    if (newLeft == 0) throw error("added line beyond the hunk's new count");
                    body.add(new DiffLine(DiffLine.Kind.ADDED, text, 0, newLine++, cr, false));
                    newLeft--;
                }
                case '\\' -> markNoNewline(body);
                default -> throw error("unexpected line inside a hunk");
            }
            pos++;
        }
        // The marker for the hunk's last line comes after the counts are used up.
        while (pos < lines.length && lines[pos].startsWith("\\")) {
            markNoNewline(body);
            pos++;
        }
        return new Hunk(oldStart, oldCount, newStart, newCount, m.group(5), body);
    }

    private void markNoNewline(List<DiffLine> body) {
        if (body.isEmpty()) throw error("'\\ No newline at end of file' before any line");
        body.set(body.size() - 1, body.get(body.size() - 1).withoutNewlineAtEnd());
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private DiffFormatException error(String what) {
        String shown = pos < lines.length ? lines[pos] : "<end of input>";
        if (shown.length() > 120) shown = shown.substring(0, 120) + "...";
        return new DiffFormatException("line " + (pos + 1) + ": " + what + ": " + shown);
    }
}
