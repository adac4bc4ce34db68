package dev.asyncguard.analysis.project;

import dev.asyncguard.analysis.Confidence;

import java.util.Set;

/**
 * A chain of calls from a project function down to a blocking line: its text
 * ({@code read() → builtins.open() at a.py:3}), how many functions it passes through (1: the
 * function blocks itself), the blocking line ({@code end}), whether one of its calls is a method
 * of an instance ({@code throughInstance}: {@code jobs.get()} with {@code jobs: JobsDB}, or
 * {@code Store().save()}) and whether one of its functions is named for logging
 * ({@code throughLogging}: {@link #namesLogging}); {@code needs}: the parameter of its first function
 * that must not be None for the chain to reach its end ({@link ArgumentShapes}), or null.
 */
public record BlockingChain(String text, int functions, ModuleSummary.Step end, boolean throughInstance,
                            boolean throughLogging, String needs) {
    public BlockingChain(String text, int functions, ModuleSummary.Step end, boolean throughInstance, boolean throughLogging) {
        this(text, functions, end, throughInstance, throughLogging, null);
    }

    /**
     * Whether the chain is weak evidence that the call blocks the loop in a way its maintainer
     * would change: its end is brief (a stat) or meant by its author, it passes through a
     * function that logs (a debug or log write, off or cheap in production), or it ends in a
     * call that returns soon (a process started without waiting, a local-file database) or that
     * runs only for some arguments (under an {@code if} on a parameter) reached through a method
     * of an instance, whose type an annotation or a constructor only suggests. Such a chain is
     * not reported at all: the hand checks of #16 (sessions 6 to 8, 331 packages) found every
     * one of them dismissed by the maintainer, also as a LOW line of the check run's summary.
     */
    public boolean weak() {
        return end.confidence() == Confidence.LOW || throughLogging
                || (end.returnsSoon() || end.dependsOnArguments()) && throughInstance;
    }

    /** A call of the chain that is a method of an object made by a call or typed by an annotation ({@code Cls().m}). */
    static boolean callsInstanceMethod(String calleePath) {
        return calleePath.contains("().");
    }

    /**
     * A function named for logging: one of the words of its name (split at underscores) is
     * {@code log}, {@code logger}, {@code logging}, {@code debug}, {@code dbg}, {@code dprint},
     * {@code vprint}, {@code trace} or {@code verbose} ({@code log_event}, {@code _debug},
     * {@code dprint}; not {@code login}, {@code catalog}).
     */
    public static boolean namesLogging(String functionName) {
        for (String word : functionName.toLowerCase(java.util.Locale.ROOT).split("_")) {
            if (LOGGING_WORDS.contains(word)) return true;
        }
        return false;
    }

    private static final Set<String> LOGGING_WORDS = Set.of("log", "logger", "logging", "debug", "dbg", "dprint",
            "vprint", "trace", "verbose");

    /**
     * {@code pkg.a.Client().reactions.remove}: a method of what an instance holds as an attribute. Such
     * a chain is not followed for blocking (the object's class says little of which backend it drives:
     * hand9's check judged them not useful); coroutine methods are (AG302).
     */
    static boolean throughInstanceAttribute(String calleePath) {
        int dot = calleePath.lastIndexOf('.');
        if (dot < 0) return false;
        String owner = calleePath.substring(0, dot);
        int instance = owner.lastIndexOf("().");
        return instance > 0 && owner.indexOf('.', instance + 3) < 0 && !owner.endsWith("()");
    }
}
