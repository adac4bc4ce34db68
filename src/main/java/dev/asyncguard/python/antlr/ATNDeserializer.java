package dev.asyncguard.python.antlr;

import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ATNDeserializationOptions;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.atn.ATNType;

/**
 * ANTLR's deserializer, given each character set of a serialized ATN in the order in which it is
 * quickest to rebuild. The generated {@code PythonLexer} and {@code PythonParser} build their ATN
 * in their static initializers with {@code new ATNDeserializer().deserialize(...)}, and import
 * ANTLR's {@code org.antlr.v4.runtime.atn.*} on demand: a class of their own package goes before
 * such an import, so that expression makes this one, without a change to the generated code.
 * <p>
 * Why: the lexer's identifier sets ({@code \p{XID_Start}}, {@code \p{XID_Continue}}) are some 700
 * ranges each. ANTLR writes a set's ranges in ascending order and rebuilds it with
 * {@code IntervalSet.add}, which looks for each range's place from the front: every range walks
 * past all those before it, half a million steps for the lexer. Given from the last range to the
 * first, each goes in front after one comparison. The sets come out the same (a set's ranges are
 * disjoint and not adjacent, so none merges either way). Measured 2026-12-08: the lexer's ATN alone
 * took 444 ms of CPU interpreted ({@code -Xint}) and 15.8 ms compiled, now 13 and 3.7 ms; in a
 * one-file {@code check} the parser warm-up thread (lexer and parser tables) went from about 39 to
 * 21 ms of CPU (perf samples, 6 runs each), and C1 has less to compile.
 * <p>
 * Only the serialization version this code was written against is reordered; any other is
 * deserialized as given. ANTLR's check of the ATN it built ({@code verifyATN}) is left to
 * {@code ATNDeserializerTest}, which builds both ATNs with it: they are constants of the build.
 */
public class ATNDeserializer extends org.antlr.v4.runtime.atn.ATNDeserializer {
    /** The serialization ANTLR 4.10 to 4.13 write; its layout up to the sets is walked below. */
    private static final int VERSION = 4;

    public ATNDeserializer() {
        super(unverified());
    }

    private static ATNDeserializationOptions unverified() {
        ATNDeserializationOptions options = new ATNDeserializationOptions();
        options.setVerifyATN(false);
        return options;
    }

    @Override
    public ATN deserialize(int[] data) {
        return super.deserialize(setsLastRangeFirst(data));
    }

    /**
     * {@code data} with each set's ranges in descending order, or {@code data} itself when it is not
     * the layout below. The walk to the sets follows ANTLR's own reading of them: states (type, then
     * rule, then one more number for loop ends and block starts), non-greedy and precedence states,
     * rules (a lexer's with their token types), modes; then the sets, each its range count, whether it
     * holds EOF, and the ranges as pairs.
     */
    static int[] setsLastRangeFirst(int[] data) {
        try {
            int p = 0;
            if (data[p++] != VERSION || VERSION != SERIALIZED_VERSION) return data;
            boolean lexer = data[p++] == ATNType.LEXER.ordinal();
            p++;                                        // the largest token type
            int states = data[p++];
            for (int i = 0; i < states; i++) {
                int type = data[p++];
                if (type == ATNState.INVALID_TYPE) continue;
                p++;                                    // its rule
                if (type == ATNState.LOOP_END || type == ATNState.BLOCK_START
                        || type == ATNState.PLUS_BLOCK_START || type == ATNState.STAR_BLOCK_START) {
                    p++;                                // its loop-back or end state
                }
            }
            p += data[p] + 1;                           // non-greedy states
            p += data[p] + 1;                           // precedence states
            p += data[p] * (lexer ? 2 : 1) + 1;         // rules: start state (and a lexer's token type)
            p += data[p] + 1;                           // modes
            int[] out = data.clone();
            int sets = out[p++];
            for (int s = 0; s < sets; s++) {
                int ranges = out[p++];
                p++;                                    // whether the set holds EOF
                int end = p + 2 * ranges;
                if (end > out.length) return data;
                for (int i = 0; i < ranges; i++) {
                    out[p + 2 * i] = data[end - 2 * i - 2];
                    out[p + 2 * i + 1] = data[end - 2 * i - 1];
                }
                p = end;
            }
            return out;
        } catch (ArrayIndexOutOfBoundsException e) {
            return data;                                // not the layout walked above: as given
        }
    }
}
