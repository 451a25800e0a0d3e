package io.upgradeclient.itests;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Waits for a condition with a deadline instead of sleeping and hoping: polls often, and on timeout fails
 * naming what was awaited and the last thing seen.
 */
public final class Eventually {
    private static final long POLL_MILLIS = 50;

    private Eventually() {
    }

    /**
     * @param within the deadline
     * @param what what is awaited, for the failure message
     * @param condition checked until it returns {@code true}; an exception counts as "not yet"
     * @throws AssertionError when the deadline passes first
     */
    public static void await(Duration within, String what, Callable<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Object lastSeen = "nothing";
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                lastSeen = "false";
            } catch (Exception e) {
                lastSeen = e;
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new AssertionError("timed out after " + within.toSeconds() + " s waiting for " + what + " (last: " + lastSeen + ")");
    }
}
