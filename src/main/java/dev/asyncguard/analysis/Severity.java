package dev.asyncguard.analysis;

/** How loud a finding is; policy maps rule codes to one of these (or turns them off). */
public enum Severity {
    INFO, WARNING, ERROR;

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
