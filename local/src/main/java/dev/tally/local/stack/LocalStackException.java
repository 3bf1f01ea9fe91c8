package dev.tally.local.stack;

/** The local stack could not do what was asked; the message is one line naming cause and fix. */
public class LocalStackException extends RuntimeException {
    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
