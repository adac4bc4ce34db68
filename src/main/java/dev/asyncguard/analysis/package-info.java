/**
 * The analyzer: rules over our Python AST.
 *
 * <p>Entry points: {@link dev.asyncguard.analysis.Analyzer#analyzeSource(String, byte[], AnalysisOptions)}
 * (parse + analyze, what the CLI and the review pipeline call) and
 * {@link dev.asyncguard.analysis.Analyzer#analyze(String, dev.asyncguard.python.ParseResult, AnalysisOptions)}.
 * {@link dev.asyncguard.analysis.AnalysisOptions} says which rules run at which severity
 * ({@code defaults}, {@code select(registry, select, ignore, version)}, {@code withSeverity}) and
 * the target Python version (which fixes are offered). Findings come back sorted, suppression
 * comments already applied.
 *
 * <p>Several files together: {@link dev.asyncguard.analysis.Analyzer#analyzeProject} (or
 * {@code analyzeSource(path, bytes, options, project)} per file on threads of the caller's, then
 * {@link dev.asyncguard.analysis.project.ProjectSummaries#decidePending()}). Each file is still
 * walked once; a summary per function (coroutine function? blocks, per AG2xx rule, through which
 * chain?) is recorded during the walk, and a rule asks about other files with
 * {@link dev.asyncguard.analysis.RuleContext#projectCalleePath} and
 * {@link dev.asyncguard.analysis.RuleContext#reportWithProject}, decided once all files are done.
 *
 * <p>Writing a rule: a class under {@code analysis/rules/} with {@link dev.asyncguard.analysis.RuleInfo},
 * implementing {@link dev.asyncguard.analysis.Rule#subscribe} (node types on entry/exit, file
 * start/end); one line in {@link dev.asyncguard.analysis.RuleRegistry}; a fixture
 * {@code test/resources/fixtures/rules/AGnnn.py} with {@code # expect:} markers; a page
 * {@code docs/rules/AGnnn.md}. Handlers get a {@link dev.asyncguard.analysis.RuleContext}: where the
 * walk is (frame kind, enclosing function/class/blocks, ancestors), the
 * {@link dev.asyncguard.analysis.names.NameResolver} and {@code report(...)}.
 */
package dev.asyncguard.analysis;
