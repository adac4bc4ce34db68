package dev.asyncguard.policy;

/**
 * Something wrong in a policy file, said so that a person can fix it: the file, the line, the key
 * and what was expected. An {@link Level#ERROR} means the file was not applied at all; a
 * {@link Level#WARNING} means only the named key was ignored.
 *
 * @param source the file; its {@link PolicyFile#layer()} tells the repo's own file (which a check
 *               run can annotate) from the org's
 * @param line   1-based; 0 when the problem concerns the whole file
 * @param key    the key path ({@code rules.AG201}); empty when the problem concerns the whole file
 */
public record PolicyProblem(Level level, PolicyFile source, int line, String key, String message) {

    public enum Level { ERROR, WARNING }

    static PolicyProblem error(PolicyFile file, int line, String key, String message) {
        return new PolicyProblem(Level.ERROR, file, line, key, message);
    }

    static PolicyProblem warning(PolicyFile file, int line, String key, String message) {
        return new PolicyProblem(Level.WARNING, file, line, key, message);
    }

    /** The file's name as people see it ({@link PolicyFile#name()}). */
    public String file() {
        return source.name();
    }

    public boolean isError() {
        return level == Level.ERROR;
    }

    /** {@code .github/asyncguard.yml:4: rules.AG2O1: unknown rule code; did you mean AG201?} */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file());
        if (line > 0) sb.append(':').append(line);
        sb.append(": ");
        if (key != null && !key.isEmpty()) sb.append(key).append(": ");
        return sb.append(message).toString();
    }
}
