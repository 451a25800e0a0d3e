package io.upgradeclient.api;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may go away by itself: network down, connection refused, HTTP 5xx or 429, timeout, a target
 * that is busy. The engine retries the step later with backoff, or after {@link #retryAfter()} when the peer
 * said when.
 */
public final class TransientException extends PluginException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /**
     * @param message what went wrong; never a secret
     * @param cause the underlying failure, or {@code null}
     */
    public TransientException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /**
     * @param message what went wrong; never a secret
     * @param cause the underlying failure, or {@code null}
     * @param retryAfter how long the peer asked us to wait (for example HTTP {@code Retry-After}), or {@code null}
     */
    public TransientException(String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    /**
     * @return the delay the peer asked for, if it named one
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
