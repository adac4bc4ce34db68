package dev.asyncguard.policy;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/** Suggests the known word a misspelt one was meant to be ({@code AG2O1} → {@code AG201}). */
public final class DidYouMean {

    private DidYouMean() {
    }

    /** The closest candidate, if it is close enough to be a likely typo or a prefix of it; ties go to the first in sorted order. */
    static Optional<String> closest(String word, Collection<String> candidates) {
        String w = word.toLowerCase(Locale.ROOT);
        int limit = w.length() <= 4 ? 1 : w.length() <= 10 ? 2 : 3;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(candidates)) {
            String c = candidate.toLowerCase(Locale.ROOT);
            int d = distance(w, c);
            // A word cut short ("add" for "added") is as likely a slip as a typo.
            if (d > 1 && w.length() >= 3 && c.startsWith(w)) d = 1;
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** "; did you mean X?" or nothing. */
    public static String suffix(String word, Collection<String> candidates) {
        return closest(word, candidates).map(s -> "; did you mean " + s + "?").orElse("");
    }

    /**
     * Edit distance counting insertions, deletions, substitutions and swaps of two neighbours
     * (optimal string alignment), since swapped letters are the commonest typo in keys.
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
