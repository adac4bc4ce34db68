package dev.asyncguard.github;

/** A repository as GitHub names it in URLs: {@code owner/name}. */
public record RepoRef(String owner, String name) {
    public String path() {
        return "/repos/" + owner + "/" + name;
    }

    @Override
    public String toString() {
        return owner + "/" + name;
    }
}
