package dev.asyncguard.analysis;

import dev.asyncguard.analysis.rules.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The rules asyncguard knows, as an explicit list that goes through review (no classpath
 * scanning), and the one catalogue: the CLI, policy validation and the App ask it. Adding a
 * rule: its class under {@code analysis/rules/}, one line here, a fixture
 * {@code test/resources/fixtures/rules/AGnnn.py} and a page {@code docs/rules/AGnnn.md}.
 */
public final class RuleRegistry {

    /** One registered rule: its metadata, its class and how to make a fresh instance for a file. */
    public record Registered(RuleMetadata metadata, Class<? extends Rule> type, Supplier<? extends Rule> factory) {}

    private static final RuleRegistry BUILT_IN = new RuleRegistry(List.of(
            // AG0xx the file itself
            entry(SyntaxErrorRule.class, SyntaxErrorRule::new),
            // AG1xx event-loop lifecycle
            entry(AsyncioRunInCoroutine.class, AsyncioRunInCoroutine::new),
            entry(RunUntilCompleteInCoroutine.class, RunUntilCompleteInCoroutine::new),
            entry(LoopUsedAfterClose.class, LoopUsedAfterClose::new),
            entry(GetEventLoopInCoroutine.class, GetEventLoopInCoroutine::new),
            entry(GetEventLoopWithoutLoop.class, GetEventLoopWithoutLoop::new),
            entry(AsyncGeneratorOutsideLoop.class, AsyncGeneratorOutsideLoop::new),
            // AG2xx blocking calls in a coroutine
            entry(BlockingSleep.class, BlockingSleep::new),
            entry(BlockingHttp.class, BlockingHttp::new),
            entry(BlockingSubprocess.class, BlockingSubprocess::new),
            entry(BlockingFileIo.class, BlockingFileIo::new),
            entry(BlockingDatabase.class, BlockingDatabase::new),
            entry(BlockingWait.class, BlockingWait::new),
            entry(BlockingDns.class, BlockingDns::new),
            entry(CpuBoundInCoroutine.class, CpuBoundInCoroutine::new),
            // AG3xx tasks and coroutines
            entry(DanglingTask.class, DanglingTask::new),
            entry(UnawaitedCoroutine.class, UnawaitedCoroutine::new),
            entry(TaskNeverAwaited.class, TaskNeverAwaited::new),
            entry(CancellationSwallowed.class, CancellationSwallowed::new),
            entry(AwaitOutsideAsync.class, AwaitOutsideAsync::new),
            entry(TimeoutWithoutAwait.class, TimeoutWithoutAwait::new),
            entry(BusyWaitLoop.class, BusyWaitLoop::new),
            // AG4xx shared state and threads
            entry(RaceAcrossAwait.class, RaceAcrossAwait::new),
            entry(ThreadingLockInCoroutine.class, ThreadingLockInCoroutine::new),
            entry(LoopCallFromThread.class, LoopCallFromThread::new),
            entry(LockAcquireWithoutRelease.class, LockAcquireWithoutRelease::new),
            entry(SignalHandlerOffMainThread.class, SignalHandlerOffMainThread::new),
            // AG5xx async generators
            entry(AsyncGeneratorNotClosed.class, AsyncGeneratorNotClosed::new),
            entry(ConcurrentAsyncGeneratorUse.class, ConcurrentAsyncGeneratorUse::new),
            entry(YieldInAsyncContext.class, YieldInAsyncContext::new),
            // AG6xx miscellaneous
            entry(BlockingLogHandler.class, BlockingLogHandler::new),
            entry(AsyncWithoutAwait.class, AsyncWithoutAwait::new)
    ));

    private final Map<String, Registered> byCode = new LinkedHashMap<>();

    public RuleRegistry(List<Registered> rules) {
        for (Registered r : rules) {
            if (byCode.put(r.metadata().code(), r) != null) {
                throw new IllegalArgumentException("duplicate rule code " + r.metadata().code());
            }
        }
    }

    public static <R extends Rule> Registered entry(Class<R> type, Supplier<R> factory) {
        return new Registered(RuleMetadata.of(type), type, factory);
    }

    /** All built-in rules. */
    public static RuleRegistry builtIn() {
        return BUILT_IN;
    }

    public List<Registered> registered() {
        return List.copyOf(byCode.values());
    }

    public List<RuleMetadata> rules() {
        return byCode.values().stream().map(Registered::metadata).toList();
    }

    public List<String> codes() {
        return List.copyOf(byCode.keySet());
    }

    /** The codes that run unless a policy turns them off. */
    public List<String> enabledByDefault() {
        return rules().stream().filter(r -> !r.offByDefault()).map(RuleMetadata::code).toList();
    }

    /** The codes that run only where a policy turns them on (off by default, or preview). */
    public List<String> offByDefault() {
        return rules().stream().filter(RuleMetadata::offByDefault).map(RuleMetadata::code).toList();
    }

    /** The rule with this code, or null. */
    public RuleMetadata find(String code) {
        Registered r = byCode.get(code);
        return r == null ? null : r.metadata();
    }

    Registered registration(String code) {
        return byCode.get(code);
    }
}
