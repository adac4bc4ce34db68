package dev.asyncguard.github;

/** A setting is missing or invalid; the message names it and says what was expected, on one line. */
public final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message, null, false, false);
    }
}
