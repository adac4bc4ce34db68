package dev.asyncguard.policy;

import dev.asyncguard.python.PythonVersion;
import dev.asyncguard.analysis.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small value types: versions, thresholds, who may recheck. */
class PolicyValuesTest {

    @ParameterizedTest
    @CsvSource({"3.8, 3, 8", "3.14, 3, 14", "' 3.11 ', 3, 11"})
    void pythonVersionsInRange(String text, int major, int minor) {
        assertEquals(PythonVersion.of(major, minor), PythonVersion.parse(text));
        assertEquals(PythonVersion.of(major, minor), PythonVersion.parseSupported(text));
    }

    @ParameterizedTest
    @CsvSource({"py311, 11", "3.7, 7", "3.15, 15", "PY38, 8"})
    void oneSpellingForEveryPythonThree(String text, int minor) {
        assertEquals(PythonVersion.of(3, minor), PythonVersion.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.7", "3.15", "2.7", "3", "3.1", "3.11.2", "three", "4.0"})
    void pythonVersionsOutOfRange(String text) {
        assertEquals("expected a Python version from 3.8 to 3.14",
                assertThrows(IllegalArgumentException.class, () -> PythonVersion.parseSupported(text)).getMessage());
    }

    @Test
    void pythonVersionsCompareNumerically() {
        PythonVersion v310 = PythonVersion.parse("3.10");
        assertTrue(v310.atLeast(3, 9));
        assertFalse(v310.atLeast(3, 11), "3.10 is older than 3.11, though \"3.10\" < \"3.9\" as text");
        assertEquals("3.10", v310.toString());
    }

    @Test
    void thresholds() {
        assertFalse(SeverityThreshold.NEVER.reachedBy(Severity.ERROR));
        assertTrue(SeverityThreshold.ERROR.reachedBy(Severity.ERROR));
        assertFalse(SeverityThreshold.ERROR.reachedBy(Severity.WARNING));
        assertTrue(SeverityThreshold.WARNING.reachedBy(Severity.WARNING));
        assertTrue(SeverityThreshold.WARNING.reachedBy(Severity.ERROR));
        assertFalse(SeverityThreshold.WARNING.reachedBy(Severity.INFO));
    }

    @Test
    void recheckMapsToAuthorAssociations() {
        assertEquals(Set.of("OWNER"), RecheckAllowed.MAINTAINERS.authorAssociations());
        assertEquals(Set.of("OWNER", "MEMBER"), RecheckAllowed.MEMBERS.authorAssociations());
        assertEquals(Set.of("OWNER", "MEMBER", "COLLABORATOR"), RecheckAllowed.COLLABORATORS.authorAssociations());
        assertTrue(RecheckAllowed.ANYONE.allows("FIRST_TIME_CONTRIBUTOR"));
        assertTrue(RecheckAllowed.ANYONE.allows("NONE"));
        assertFalse(RecheckAllowed.COLLABORATORS.allows("CONTRIBUTOR"));
        assertTrue(RecheckAllowed.COLLABORATORS.allows("member"), "GitHub's values, whatever the case");
    }

    @Test
    void ruleLevels() {
        assertTrue(RuleLevel.OFF.severity().isEmpty());
        assertEquals(Severity.WARNING, RuleLevel.WARNING.severity().orElseThrow());
    }

    @Test
    void knownRulesRefuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new KnownRules(Set.of("X1"), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new KnownRules(Set.of("AG201"), Set.of("AG602")));
    }

    @Test
    void didYouMean() {
        assertEquals("AG201", DidYouMean.closest("AG2O1", Set.of("AG202", "AG201", "AG301")).orElseThrow());
        assertEquals("review", DidYouMean.closest("reveiw", Set.of("review", "recheck")).orElseThrow());
        assertEquals("added", DidYouMean.closest("add", Set.of("added", "file")).orElseThrow());
        assertTrue(DidYouMean.closest("colour", Set.of("check", "review")).isEmpty());
    }
}
