package dev.asyncguard.review;

import dev.asyncguard.diff.FileDiff;
import dev.asyncguard.diff.FileStatus;
import dev.asyncguard.diff.GitRepository;
import dev.asyncguard.diff.UnifiedDiffParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The change between two revisions of a local repository, in the shape the review pipeline takes:
 * the diff from where {@code head} forked from {@code base} (their merge base, as a pull request's
 * "Files changed" shows it, so commits that landed on {@code base} since are not part of the
 * change) to {@code head}, and each changed Python file's bytes at {@code head}.
 * {@code baseCommit} is that merge base (or {@code base} itself when the histories are unrelated).
 */
public record LocalChanges(String baseCommit, String headCommit, List<ChangedFile> files) {
    public LocalChanges {
        files = List.copyOf(files);
    }

    public static LocalChanges load(GitRepository git, String baseRev, String headRev) {
        String head = resolve(git, headRev);
        String base = git.mergeBase(resolve(git, baseRev), head);
        List<FileDiff> diffs = UnifiedDiffParser.parseGit(git.diff(base, head)).files();
        List<String> wanted = diffs.stream()
                .filter(d -> d.status() != FileStatus.DELETED && !d.binary() && ReviewPipeline.isPython(d.path()))
                .map(FileDiff::newPath).toList();
        Map<String, byte[]> contents = git.showAll(head, wanted);
        List<ChangedFile> files = new ArrayList<>();
        for (FileDiff d : diffs) {
            files.add(new ChangedFile(d, d.newPath() == null ? null : contents.get(d.newPath())));
        }
        return new LocalChanges(base, head, files);
    }

    private static String resolve(GitRepository git, String rev) {
        try {
            return git.resolveCommit(rev);
        } catch (GitRepository.GitException e) {
            throw new GitRepository.GitException("'" + rev + "' does not name a commit in " + git.dir()
                    + " (" + e.getMessage() + ")");
        }
    }
}
