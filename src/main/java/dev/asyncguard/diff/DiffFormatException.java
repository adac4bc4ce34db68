package dev.asyncguard.diff;

/** The text is not a diff we understand; the message says where and why. */
public final class DiffFormatException extends RuntimeException {
    public DiffFormatException(String message) {
        super(message);
    }
}
