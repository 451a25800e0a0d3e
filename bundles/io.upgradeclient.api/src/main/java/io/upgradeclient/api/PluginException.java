package io.upgradeclient.api;

/**
 * A failure reported by a plugin. Use one of the two subclasses so the engine knows whether to retry.
 */
public abstract sealed class PluginException extends Exception permits TransientException, PermanentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the file, URL or field concerned; never a secret
     * @param cause the underlying failure, or {@code null}
     */
    protected PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
