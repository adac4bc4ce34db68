package dev.asyncguard.analysis;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A rule's metadata, declared on its class so that what a rule is sits next to what it does. The
 * registry reads it once per rule class.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleInfo {
    /** The stable code, {@code AGnnn}. */
    String code();

    /** The kebab-case name, e.g. {@code blocking-sleep}. */
    String name();

    Severity severity() default Severity.WARNING;

    /** One sentence: what the rule finds. */
    String summary();

    boolean enabledByDefault() default true;

    /** Preview rules run only where a policy opts in. */
    boolean preview() default false;

    /**
     * Whether the rule's findings matter in tests ({@link FileRole#TEST}): a dangling task in a test
     * is a bug, a blocking call in a test body is not. Where false, the rule reports nothing there.
     */
    boolean inTests() default true;

    /** As {@link #inTests()}, for scripts, examples and tooling ({@link FileRole#SCRIPT}). */
    boolean inScripts() default true;

    /**
     * Words of the code (names, keywords; see {@code ParseResult#words()}) of which a file must contain
     * at least one for this rule to report in it: {@code "async"} for a rule that reports only in or
     * about coroutines. A file without any of them is not walked for this rule (most files of a large
     * code base have no {@code async} at all). Empty: the rule may report in any file. Say what the
     * rule's findings need, not what it usually sees: a word missed here loses findings.
     */
    String[] needs() default {};

    /**
     * Whether the rule also reports, in any file, calls of functions of other modules of the project
     * (decided once every file is summarized), whatever the words of the file: in a file of a project
     * analysis without any of {@link #needs()}, the rule still runs, for that part only
     * ({@link Subscriptions#needsMet()} is false then). The words of string annotations count as
     * words of the code here ({@code q: "asyncio.Queue"} names asyncio).
     */
    boolean acrossModules() default false;

    /** The flake8-async / ruff codes that mean the same thing (honoured in {@code # noqa:}). */
    String[] equivalents() default {};
}
