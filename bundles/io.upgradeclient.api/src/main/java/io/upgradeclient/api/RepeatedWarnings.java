package io.upgradeclient.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a warning that comes back on every run from flooding the log: the first occurrence is logged, repeats within
 * the quiet period (an hour by default) are only counted, and the first occurrence after it is logged again with the
 * count — {@code "… 120 more in the last hour"}. The one way bundles log an expected condition that may repeat (a link
 * out of a watched folder, a plugin that is not deployed); the history keeps every event regardless.
 *
 * <p>Thread-safe. Remembers at most {@value #REMEMBERED} distinct warnings; the one logged longest ago is forgotten
 * first, so memory stays bounded whatever the keys.
 */
public final class RepeatedWarnings {
    static final int REMEMBERED = 1000;

    private final Duration quiet;
    private final Clock clock;
    private final Map<String, Seen> seen = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > REMEMBERED;
        }
    };

    private static final class Seen {
        Instant logged;
        long repeats;

        Seen(Instant logged) {
            this.logged = logged;
        }
    }

    /** An hour's quiet period on the system clock. */
    public RepeatedWarnings() {
        this(Duration.ofHours(1), Clock.systemUTC());
    }

    /**
     * @param quiet how long repeats of a logged warning are only counted
     * @param clock the time source
     */
    public RepeatedWarnings(Duration quiet, Clock clock) {
        if (quiet.isNegative() || quiet.isZero()) {
            throw new IllegalArgumentException("quiet must be positive, was " + quiet);
        }
        this.quiet = quiet;
        this.clock = clock;
    }

    /**
     * @param key what makes two warnings the same one (for example the check and the condition, without the
     *        details that change from run to run)
     * @param message the warning as it would be logged
     * @return the line to log now — the message, with the count of repeats left out since it was last logged — or
     *         empty when this is a repeat to count quietly
     */
    public synchronized Optional<String> admit(String key, String message) {
        Instant now = clock.instant();
        Seen last = seen.get(key);
        if (last != null && now.isBefore(last.logged.plus(quiet))) {
            last.repeats++;
            return Optional.empty();
        }
        String line = last == null || last.repeats == 0 ? message
                : message + " (… " + last.repeats + " more in the last " + describe(quiet) + ")";
        seen.remove(key);
        seen.put(key, new Seen(now));
        return Optional.of(line);
    }

    private static String describe(Duration duration) {
        if (duration.equals(Duration.ofHours(1))) {
            return "hour";
        }
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }
}
