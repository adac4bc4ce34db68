package dev.asyncguard.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One inline comment and the check run's rule table rendered under each link setting (golden
 * files): the App's public URL, a docs URL, and neither. The explanation from the rule's page is
 * in every one of them; a link only where a page exists.
 */
class RuleLinksGoldenTest {
    @TempDir static Path dir;
    static ReviewScenario scenario;

    @BeforeAll
    static void build() {
        scenario = new ReviewScenario(dir);
    }

    /** The AG201 comment (with a suggestion), the AG602 one (no fix) and the summary's "By rule" table. */
    private static String rendered(RuleDocLinks links) {
        ReviewResult r = scenario.review(ReviewScenario.fileFilter().withRuleLinks(links));
        String ag201 = r.draft().comments().stream().filter(c -> c.finding().code().equals("AG201")).findFirst().orElseThrow().body();
        String ag602 = r.draft().comments().stream().filter(c -> c.finding().code().equals("AG602")).findFirst().orElseThrow().body();
        String summary = r.summary().summary();
        int from = summary.indexOf("### By rule");
        String table = summary.substring(from, summary.indexOf("\n\n###", from + 1));
        return ag201 + "\n\n----\n\n" + ag602 + "\n\n----\n\n" + table + "\n";
    }

    @Test
    void publicUrlLinksTheAppsOwnPages() {
        String text = rendered(RuleDocLinks.of("https://asyncguard.example.com/", null));
        Golden.assertMatches("review/links-public-url.md", text);
        assertTrue(text.contains("[AG201 documentation](https://asyncguard.example.com/rules/AG201)"), text);
        assertTrue(text.contains("| [AG201](https://asyncguard.example.com/rules/AG201) |"), text);
    }

    @Test
    void docsUrlLinksTheOperatorsPages() {
        String text = rendered(RuleDocLinks.of(null, "https://docs.example.com/asyncguard/{code}.html"));
        Golden.assertMatches("review/links-docs-url.md", text);
        assertTrue(text.contains("[AG602 documentation](https://docs.example.com/asyncguard/AG602.html)"), text);
    }

    @Test
    void neitherSettingMeansNoLinkButTheExplanationStays() {
        String text = rendered(RuleDocLinks.none());
        Golden.assertMatches("review/links-none.md", text);
        assertFalse(text.contains("documentation]("), text);
        assertFalse(text.contains("://"), text);
        assertTrue(text.contains("| AG201 | blocking-sleep |"), text);
        assertTrue(text.contains("<details><summary>Why is this a problem?</summary>\n\nA coroutine runs on the event loop's thread."), text);
        assertTrue(text.contains("**Use instead**\n\n```python\nimport asyncio\n"), text);
    }

    @Test
    void thePublicUrlWinsOverTheDocsUrl() {
        RuleDocLinks both = RuleDocLinks.of("https://app.example.com", "https://docs.example.com/");
        assertEquals(Optional.of("https://app.example.com/rules/AG201"), both.url("AG201"));
        assertEquals(Optional.of("https://docs.example.com/AG201"), RuleDocLinks.of(" ", "https://docs.example.com").url("AG201"));
        assertEquals(Optional.of("https://app.example.com/rules/AG201"),
                RuleDocLinks.fromEnvironment(Map.of("ASYNCGUARD_PUBLIC_URL", "https://app.example.com")).url("AG201"));
    }

    @Test
    void noLinkForACodeWithoutAPage() {
        RuleDocLinks links = RuleDocLinks.of("https://app.example.com", null);
        assertEquals(Optional.empty(), links.url("AG999"));
        assertEquals(Optional.empty(), links.url("../../etc/passwd"));
    }

    @Test
    void anUnusableUrlIsRefusedWithTheSettingsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuleDocLinks.of("ftp://x", null));
        assertTrue(e.getMessage().startsWith("ASYNCGUARD_PUBLIC_URL 'ftp://x' is not usable"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RuleDocLinks.of(null, "not a url"));
        assertThrows(IllegalArgumentException.class, () -> RuleDocLinks.of("https://user:pw@example.com", null));
    }

    @Test
    void everyRegisteredRuleHasAnExplanationThatFitsTheComment() {
        for (var rule : dev.asyncguard.analysis.RuleRegistry.builtIn().rules()) {
            String why = CommentRenderer.explanation(rule.code());
            assertTrue(why.startsWith("<details><summary>Why is this a problem?</summary>"), rule.code() + ": " + why);
            assertTrue(why.length() <= CommentRenderer.EXPLANATION_LIMIT + 80, rule.code() + " length " + why.length());
        }
    }

    @Test
    void paragraphsAreUnwrappedButCodeAndListsAreNot() {
        assertEquals("one two three\n\n- a b\n- c\n\n```python\nx = 1\ny = 2\n```",
                Markdown.unwrapped("one two\nthree\n\n- a\n  b\n- c\n\n```python\nx = 1\ny = 2\n```"));
    }
}
