package io.upgradeclient.api;

/**
 * A failure that retrying will not fix: HTTP 404, bad credentials, a malformed listing, release note or zip,
 * a checksum mismatch. The engine records it and does not retry the step until the input or configuration
 * changes (or an operator asks).
 */
public final class PermanentException extends PluginException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the file, URL, line or field and what was expected; never a secret
     * @param cause the underlying failure, or {@code null}
     */
    public PermanentException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param message what went wrong, naming the file, URL, line or field and what was expected; never a secret
     */
    public PermanentException(String message) {
        super(message, null);
    }
}
