package dev.asyncguard.policy;

/** Which file, at which line, set an effective policy value. */
public record Provenance(PolicyFile file, int line) {

    /** {@code org acme/.github:.github/asyncguard.yml:4}, {@code default config/default-policy.yml:12}. */
    public String describe() {
        return file.layer().label() + " " + file.name() + (line > 0 ? ":" + line : "");
    }
}
