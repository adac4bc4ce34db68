import dev.asyncguard.python.antlr.PythonLexer;
import dev.asyncguard.python.antlr.PythonParser;
import dev.asyncguard.python.antlr.SourceChars;
import dev.asyncguard.python.antlr.TokenArray;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.atn.DecisionInfo;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.ParseTree;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where ANTLR's prediction goes in our grammar: parses every *.py file under the given folders with
 * ANTLR's profiling simulator (SLL first, LL where SLL fails, as {@code Parser} does) and prints, per
 * decision, how often it was taken, how many tokens SLL looked at, how often the DFA had to be extended
 * (ATN simulation) and how often full context (LL) was needed; also the parse tree's size (contexts,
 * tokens). Files are read as UTF-8 (files in other encodings are skipped). Run on the shaded jar:
 *   java -cp target/asyncguard.jar test/bench/ParseDecisions.java DIR... [--top N]
 */
public final class ParseDecisions {
    public static void main(String[] args) throws Exception {
        List<Path> files = new ArrayList<>();
        int top = 25;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--top")) {
                top = Integer.parseInt(args[++i]);
                continue;
            }
            try (Stream<Path> walk = Files.walk(Path.of(args[i]))) {
                walk.filter(p -> p.toString().endsWith(".py") && Files.isRegularFile(p)).sorted().forEach(files::add);
            }
        }
        long[] invocations = null, sllLook = null, sllMax = null, atnTransitions = null, llFallback = null, llLook = null, nanos = null;
        String[] ruleOf = null;
        long tokens = 0, contexts = 0, terminals = 0, sllFailed = 0, skipped = 0;
        for (Path f : files) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f))).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                skipped++;
                continue;
            }
            text = text.replace("\r\n", "\n").replace('\r', '\n');
            if (text.startsWith("\uFEFF")) text = text.substring(1);
            PythonLexer lexer = new PythonLexer(new SourceChars(text));
            lexer.removeErrorListeners();
            TokenArray ts = new TokenArray(lexer);
            tokens += ts.size();
            PythonParser parser = new PythonParser(ts);
            parser.removeErrorListeners();
            parser.setProfile(true);
            parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
            parser.setErrorHandler(new BailErrorStrategy());
            ParseTree tree;
            try {
                tree = parser.file_input();
            } catch (ParseCancellationException e) {
                sllFailed++;
                ts.seek(0);
                parser.reset();
                parser.getInterpreter().setPredictionMode(PredictionMode.LL);
                parser.setErrorHandler(new org.antlr.v4.runtime.DefaultErrorStrategy());
                tree = parser.file_input();
            }
            long[] counts = new long[2];
            count(tree, counts);
            contexts += counts[0];
            terminals += counts[1];
            DecisionInfo[] infos = parser.getParseInfo().getDecisionInfo();
            if (invocations == null) {
                int n = infos.length;
                invocations = new long[n]; sllLook = new long[n]; sllMax = new long[n]; atnTransitions = new long[n];
                llFallback = new long[n]; llLook = new long[n]; nanos = new long[n]; ruleOf = new String[n];
                for (int d = 0; d < n; d++) {
                    ruleOf[d] = PythonParser.ruleNames[parser.getATN().getDecisionState(d).ruleIndex];
                }
            }
            for (DecisionInfo di : infos) {
                int d = di.decision;
                invocations[d] += di.invocations;
                sllLook[d] += di.SLL_TotalLook;
                sllMax[d] = Math.max(sllMax[d], di.SLL_MaxLook);
                atnTransitions[d] += di.SLL_ATNTransitions + di.LL_ATNTransitions;
                llFallback[d] += di.LL_Fallback;
                llLook[d] += di.LL_TotalLook;
                nanos[d] += di.timeInPrediction;
            }
        }
        System.out.printf("files %d (skipped %d not UTF-8), tokens %d, rule contexts %d, terminal nodes %d, SLL failed in %d files%n",
                files.size() - skipped, skipped, tokens, contexts, terminals, sllFailed);
        long totalInv = Arrays.stream(invocations).sum();
        long totalNanos = Arrays.stream(nanos).sum();
        System.out.printf("adaptivePredict calls %d, time in prediction %.3f s (profiling simulator, thread-local)%n", totalInv, totalNanos / 1e9);
        Integer[] rules = new Integer[BY_RULE.length];
        for (int i = 0; i < rules.length; i++) rules[i] = i;
        Arrays.sort(rules, Comparator.comparingLong(i -> -BY_RULE[i]));
        System.out.println("contexts by rule (with one child):");
        for (int k = 0; k < Math.min(top, rules.length); k++) {
            System.out.printf("  %-24s %10d %10d%n", PythonParser.ruleNames[rules[k]], BY_RULE[rules[k]], ONE_CHILD[rules[k]]);
        }
        Integer[] order = new Integer[invocations.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        final long[] ns = nanos;
        Arrays.sort(order, Comparator.comparingLong(i -> -ns[i]));
        System.out.printf("%-8s %-22s %12s %10s %8s %12s %10s %10s%n", "decision", "rule", "calls", "avgLook", "maxLook", "ATN steps", "LL", "time ms");
        for (int k = 0; k < Math.min(top, order.length); k++) {
            int d = order[k];
            if (invocations[d] == 0) continue;
            System.out.printf("%-8d %-22s %12d %10.2f %8d %12d %10d %10.1f%n", d, ruleOf[d], invocations[d],
                    (double) sllLook[d] / invocations[d], sllMax[d], atnTransitions[d], llFallback[d], nanos[d] / 1e6);
        }
    }

    static final long[] BY_RULE = new long[PythonParser.ruleNames.length];
    static final long[] ONE_CHILD = new long[PythonParser.ruleNames.length];

    private static void count(ParseTree t, long[] counts) {
        if (t instanceof ParserRuleContext p) {
            counts[0]++;
            BY_RULE[p.getRuleIndex()]++;
            if (p.getChildCount() == 1) ONE_CHILD[p.getRuleIndex()]++;
            for (int i = 0; i < p.getChildCount(); i++) count(p.getChild(i), counts);
        } else {
            counts[1]++;
        }
    }
}
