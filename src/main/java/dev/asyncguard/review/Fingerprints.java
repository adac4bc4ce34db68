package dev.asyncguard.review;

import dev.asyncguard.analysis.SourceLines;
import dev.asyncguard.analysis.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fingerprints that identify a finding across runs, hidden in each comment as
 * {@code <!-- asyncguard:fp=... -->}. A fingerprint hashes the rule, the path, the whitespace-
 * normalized text of the anchor line and of the lines just above and below it, and the occurrence
 * index among findings of the file with that same key, so lines inserted or removed elsewhere in the
 * file do not change it, while two identical findings stay distinct. The neighbours are the adjacent
 * lines, blank or not: skipping blank lines would reach into the next function, which is exactly
 * where the next push tends to add code.
 */
public final class Fingerprints {
    private static final Pattern MARKER = Pattern.compile("<!-- asyncguard:fp=([0-9a-f]{16}) -->");

    private Fingerprints() {}

    /** The fingerprints of findings of one file, aligned with {@code findings}. */
    public static List<String> of(List<Finding> findings, SourceLines source) {
        List<String> keys = new ArrayList<>(findings.size());
        for (Finding f : findings) keys.add(key(f, source));
        Integer[] order = new Integer[findings.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, Comparator
                .comparingInt((Integer i) -> findings.get(i).range().startLine())
                .thenComparingInt(i -> findings.get(i).range().startColumn())
                .thenComparingInt(i -> i));
        Map<String, Integer> seen = new HashMap<>();
        String[] out = new String[findings.size()];
        for (int i : order) {
            int occurrence = seen.merge(keys.get(i), 1, Integer::sum) - 1;
            out[i] = hash(keys.get(i) + "\u0000" + occurrence);
        }
        return List.of(out);
    }

    private static String key(Finding f, SourceLines source) {
        int anchor = f.line();
        return String.join("\u0000", f.code(), f.path(),
                normalize(source.line(anchor - 1)), normalize(source.line(anchor)), normalize(source.line(anchor + 1)));
    }

    /**
     * The line stripped, each run of whitespace ({@code \s}: space, tab, line breaks, form feed) as one
     * space. A line that has no such run but single spaces is itself (most lines: no regex runs).
     */
    static String normalize(String line) {
        String s = line.strip();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' ? i + 1 < s.length() && isSpace(s.charAt(i + 1)) : isSpace(c)) {
                return WHITESPACE.matcher(s).replaceAll(" ");
            }
        }
        return s;
    }

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** {@code \s} without UNICODE_CHARACTER_CLASS. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    private static String hash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The hidden marker that carries a fingerprint in a comment body. */
    public static String marker(String fingerprint) {
        return "<!-- asyncguard:fp=" + fingerprint + " -->";
    }

    /** Every fingerprint marker in a text (a comment body we posted before); empty when there is none. */
    public static Set<String> parse(String body) {
        Set<String> out = new LinkedHashSet<>();
        if (body == null) return out;
        Matcher m = MARKER.matcher(body);
        while (m.find()) out.add(m.group(1));
        return out;
    }
}
