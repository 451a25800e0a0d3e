package io.upgradeclient.testsupport;

import java.time.Duration;

/** Waits for a condition with a deadline, so that tests never sleep and hope. */
public final class Eventually {
    /** A condition that may fail to be read (a database or a file), which fails the wait. */
    @FunctionalInterface
    public interface Condition {
        /**
         * @return whether it holds now
         * @throws Exception if it cannot be read
         */
        boolean holds() throws Exception;
    }

    private Eventually() {
    }

    /**
     * @param deadline how long to wait at most
     * @param what the awaited state, for the failure message
     * @param condition polled every 20 ms until it holds
     * @throws AssertionError if it does not hold within the deadline
     * @throws Exception what reading the condition threw
     */
    public static void await(Duration deadline, String what, Condition condition) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + deadline.toSeconds() + " s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
