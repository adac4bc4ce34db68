package dev.asyncguard.queue;

/** One pull request across all installations: the unit the queue serializes on. */
public record PullRequestKey(String owner, String repo, int number) {
    @Override
    public String toString() {
        return owner + "/" + repo + "#" + number;
    }
}
