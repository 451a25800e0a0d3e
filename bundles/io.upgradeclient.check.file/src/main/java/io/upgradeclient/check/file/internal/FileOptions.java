package io.upgradeclient.check.file.internal;

import java.time.Duration;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.PermanentException;

/**
 * The per-check options of a {@code file} check, read from the check's {@code option.*} values. The one parser of
 * them: the checker calls it on every run, and {@code check-config} calls it (named in its
 * {@code shipped-plugins.txt}) so a malformed option is reported before the check first runs.
 *
 * @param stable how long a file must stay unmodified before it is reported
 * @param maxDepth how many folder levels below {@code base_url} are walked
 */
record FileOptions(Duration stable, int maxDepth) {
    /** Option: seconds a file must stay unmodified before it is reported. */
    static final String STABLE_SECONDS = "stable_seconds";
    /** Option: how many folder levels below base_url are walked. */
    static final String MAX_DEPTH = "max_depth";

    static final long DEFAULT_STABLE_SECONDS = 5;
    static final int DEFAULT_MAX_DEPTH = 16;

    /**
     * @param check the check whose options are read
     * @return its options, defaults where it sets none
     * @throws PermanentException for an option that is not a whole number of 0 or more, naming the check and option
     */
    static FileOptions of(CheckDefinition check) throws PermanentException {
        return new FileOptions(Duration.ofSeconds(number(check, STABLE_SECONDS, DEFAULT_STABLE_SECONDS, Long.MAX_VALUE / 1000)),
                (int) number(check, MAX_DEPTH, DEFAULT_MAX_DEPTH, Integer.MAX_VALUE));
    }

    private static long number(CheckDefinition check, String key, long fallback, long max) throws PermanentException {
        String value = check.options().getOrDefault(key, "").strip();
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value);
            if (number >= 0) {
                // beyond the limit means "forever" / "every level", which the limit already is
                return Math.min(number, max);
            }
        } catch (NumberFormatException e) {
            // reported below, like a negative number
        }
        throw new PermanentException("check '" + check.name() + "': option." + key
                + ": expected a whole number of 0 or more, was '" + value + "'");
    }
}
