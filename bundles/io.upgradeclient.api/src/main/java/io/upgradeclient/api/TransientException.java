package io.upgradeclient.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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

    /**
     * Reads an HTTP {@code Retry-After} value (RFC 9110): a number of seconds or an HTTP date.
     *
     * @param value the header's value, or {@code null} when the reply had none
     * @param now the time the reply arrived, for a date
     * @return the delay asked for (zero for a date already past), or empty when there is no value or it is malformed
     * @since 1.3
     */
    public static Optional<Duration> parseRetryAfter(String value, Instant now) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // more digits than a long holds is no delay anyone means
            return text.length() < 19 ? Optional.of(Duration.ofSeconds(Long.parseLong(text))) : Optional.empty();
        }
        try {
            Duration wait = Duration.between(now, ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
