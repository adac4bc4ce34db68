package dev.asyncguard.python.antlr;

import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.RuleTransition;
import org.antlr.v4.runtime.atn.Transition;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our {@link ATNDeserializer} (each set's ranges given last first) builds the very ATN that ANTLR's
 * builds from the generated grammars' serialization, and the generated classes use it.
 */
class ATNDeserializerTest {

    @Test
    void theLexersAndTheParsersAtnAreThoseAntlrBuilds() {
        for (String serialized : List.of(PythonLexer._serializedATN, PythonParser._serializedATN)) {
            ATN antlrs = new org.antlr.v4.runtime.atn.ATNDeserializer().deserialize(serialized.toCharArray());
            ATN ours = new ATNDeserializer().deserialize(serialized.toCharArray());
            assertEquals(describe(antlrs), describe(ours));
            // What ours builds from, through ANTLR's own deserializer and its check of the ATN (ours leaves the check out).
            int[] reordered = ATNDeserializer.setsLastRangeFirst(
                    org.antlr.v4.runtime.atn.ATNDeserializer.decodeIntsEncodedAs16BitWords(serialized.toCharArray()));
            assertEquals(describe(antlrs), describe(new org.antlr.v4.runtime.atn.ATNDeserializer().deserialize(reordered)));
            assertEquals(antlrs.lexerActions == null ? null : List.of(antlrs.lexerActions),
                    ours.lexerActions == null ? null : List.of(ours.lexerActions), "lexer actions (ANTLR's equals)");
        }
    }

    @Test
    void theLexersLargeSetsAreReorderedAndTheRestIsAsGiven() {
        int[] data = org.antlr.v4.runtime.atn.ATNDeserializer.decodeIntsEncodedAs16BitWords(PythonLexer._serializedATN.toCharArray());
        int[] reordered = ATNDeserializer.setsLastRangeFirst(data);
        assertEquals(data.length, reordered.length);
        assertNotEquals(Arrays.toString(data), Arrays.toString(reordered));
        int[] sortedBefore = data.clone();
        int[] sortedAfter = reordered.clone();
        Arrays.sort(sortedBefore);
        Arrays.sort(sortedAfter);
        assertArrayEquals(sortedBefore, sortedAfter, "the same numbers, moved within their sets");
    }

    @Test
    void anotherSerializationVersionIsDeserializedAsGiven() {
        int[] data = {3, 0, 10, 0};
        assertSame(data, ATNDeserializer.setsLastRangeFirst(data));
        int[] cut = {4, 0, 10, 5, 1};
        assertSame(cut, ATNDeserializer.setsLastRangeFirst(cut));
    }

    /** The generated lexer and parser make their ATN with {@code new ATNDeserializer()}: ours, from their package. */
    @Test
    void theGeneratedClassesUseThisPackagesDeserializer() throws IOException {
        for (Class<?> generated : List.of(PythonLexer.class, PythonParser.class)) {
            try (InputStream in = generated.getResourceAsStream(generated.getSimpleName() + ".class")) {
                String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(constants.contains("dev/asyncguard/python/antlr/ATNDeserializer"), generated.getName());
            }
        }
    }

    /** Every state with its transitions (kind, target, label, rule), the decisions, rules and modes. */
    private static List<String> describe(ATN atn) {
        List<String> out = new ArrayList<>();
        out.add(atn.grammarType + " " + atn.maxTokenType);
        for (ATNState s : atn.states) {
            if (s == null) {
                out.add("null");
                continue;
            }
            StringBuilder line = new StringBuilder(s.stateNumber + " " + s.getStateType() + " rule " + s.ruleIndex
                    + " " + s.getClass().getSimpleName() + " eps " + s.onlyHasEpsilonTransitions());
            for (Transition t : s.getTransitions()) {
                line.append(" | ").append(t.getSerializationType()).append(' ').append(t.getClass().getSimpleName())
                        .append(" -> ").append(t.target.stateNumber).append(' ').append(t.label());
                if (t instanceof RuleTransition r) {
                    line.append(" rule ").append(r.ruleIndex).append(" follow ").append(r.followState.stateNumber).append(' ').append(r.precedence);
                } else {
                    line.append(' ').append(t);       // predicates and actions: their rule and index
                }
            }
            out.add(line.toString());
        }
        for (int i = 0; i < atn.getNumberOfDecisions(); i++) out.add("decision " + atn.getDecisionState(i).stateNumber);
        for (int i = 0; i < atn.ruleToStartState.length; i++) {
            out.add("rule " + atn.ruleToStartState[i].stateNumber + " " + atn.ruleToStopState[i].stateNumber
                    + (atn.ruleToTokenType != null ? " " + atn.ruleToTokenType[i] : ""));
        }
        for (var mode : atn.modeToStartState) out.add("mode " + mode.stateNumber);
        return out;
    }
}
