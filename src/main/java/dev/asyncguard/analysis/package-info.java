/**
 * The analyzer: rules over our Python AST.
 *
 * <p>Entry points: one for a file, {@link dev.asyncguard.analysis.Analyzer#analyze(AnalysisInput, AnalysisOptions)}
 * (its input from {@link dev.asyncguard.analysis.AnalysisInput#parse} for bytes, or
 * {@link dev.asyncguard.analysis.AnalysisInput#of} for a parse result), and one for a project,
 * {@link dev.asyncguard.analysis.Analyzer#project}.
 * {@link dev.asyncguard.analysis.AnalysisOptions} says which rules run at which severity
 * ({@code defaults}, {@code select(registry, select, ignore, version)}, {@code withSeverity}) and
 * the target Python version (which fixes are offered). Findings come back sorted, suppression
 * comments already applied.
 *
 * <p>Several files together: {@code analyzer.project(summaries, options)}, then {@code analyzeAll(files,
 * context)} (or {@code analyze(input)} per file on threads of the caller's, then
 * {@code decidePending()}). Each file is still
 * walked once; a summary per function (coroutine function? blocks, per AG2xx rule, through which
 * chain?) is recorded during the walk, and a rule asks about other files with
 * {@link dev.asyncguard.analysis.ProjectDeferral#calleePath} and
 * {@link dev.asyncguard.analysis.ProjectDeferral#report}, decided once all files are done.
 *
 * <p>Writing a rule: a class under {@code analysis/rules/} with {@link dev.asyncguard.analysis.RuleInfo},
 * implementing {@link dev.asyncguard.analysis.Rule#subscribe} (node types on entry/exit, file
 * start/end); one line in {@link dev.asyncguard.analysis.RuleRegistry}; a fixture
 * {@code test/resources/fixtures/rules/AGnnn.py} with {@code # expect:} markers; a page
 * {@code docs/rules/AGnnn.md}. Handlers get a {@link dev.asyncguard.analysis.RuleContext}: the file
 * (path, source, tree, {@link dev.asyncguard.analysis.names.NameResolver names}, options) and the
 * parts that do the work, each asked directly: {@code ctx.walk()} where the walk is (frame kind,
 * enclosing function/class/blocks, ancestors), {@code ctx.reporter().report(...)},
 * {@code ctx.deferral()} for findings that depend on other files, {@code ctx.facts()} for facts
 * several rules share.
 */
package dev.asyncguard.analysis;
