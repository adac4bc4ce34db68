package dev.asyncguard.analysis;

/**
 * What a file is for, which decides the rules that matter in it ({@link RuleInfo#inTests()},
 * {@link RuleInfo#inScripts()}): a never-awaited coroutine is a bug anywhere, a blocking
 * {@code Path.write_text()} preparing a test's fixture is not. The policy's {@code paths.tests}
 * and {@code paths.scripts} say which files are which.
 */
public enum FileRole {
    /** The project's own code: every rule applies. */
    CODE,
    /** Tests and their fixtures ({@code tests/}, {@code test_*.py}, {@code conftest.py}, …). */
    TEST,
    /** Scripts, examples, docs and tooling run by hand ({@code scripts/}, {@code examples/}, {@code setup.py}, …). */
    SCRIPT
}
