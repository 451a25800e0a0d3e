package io.upgradeclient.core.internal.engine;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the n-th retry waits between half and all of {@code initial * 2^(n-1)},
 * capped at {@code max}. The jitter keeps many jobs that failed together from retrying together.
 *
 * @param initial the delay before the first retry
 * @param max the longest delay
 * @param random uniform numbers in [0, 1)
 */
record Backoff(Duration initial, Duration max, DoubleSupplier random) {

    /**
     * @param attempt the number of attempts made so far, at least 1
     * @return how long to wait before the next one
     */
    Duration delay(int attempt) {
        return delay(attempt, Optional.empty());
    }

    /**
     * @param attempt the number of attempts made so far, at least 1
     * @param asked the delay the peer asked for ({@code Retry-After}), if it named one
     * @return how long to wait: what the peer asked, but never longer than {@code max} — a peer's "come back in 31
     *         years" must not park the work for good
     */
    Duration delay(int attempt, Optional<Duration> asked) {
        if (asked.isPresent()) {
            return asked.get().compareTo(max) > 0 ? max : asked.get();
        }
        long cap = max.toMillis();
        long base = initial.toMillis();
        for (int i = 1; i < attempt && base < cap; i++) {
            base *= 2;
        }
        base = Math.min(base, cap);
        long half = base / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (base - half + 1)));
    }
}
