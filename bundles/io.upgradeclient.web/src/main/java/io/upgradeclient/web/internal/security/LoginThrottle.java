package io.upgradeclient.web.internal.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limits failed logins per remote address: after {@code limit} failures within a minute, further attempts from
 * that address are refused until the oldest failure is a minute old. Thread-safe.
 */
public final class LoginThrottle {
    static final Duration WINDOW = Duration.ofMinutes(1);
    /* Bounds memory under a spray of addresses; the oldest entries go first. */
    private static final int MAX_ADDRESSES = 10_000;

    private final int limit;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>();

    /**
     * @param limit failures allowed per address and minute, at least 1
     * @param clock the time source
     */
    public LoginThrottle(int limit, Clock clock) {
        this.limit = Math.max(1, limit);
        this.clock = clock;
    }

    /**
     * @param address the remote address
     * @return whether attempts from it are refused right now
     */
    public synchronized boolean blocked(String address) {
        Deque<Instant> recent = failures.get(address);
        if (recent == null) {
            return false;
        }
        prune(recent, clock.instant());
        if (recent.isEmpty()) {
            failures.remove(address);
            return false;
        }
        return recent.size() >= limit;
    }

    /**
     * @param address the remote address whose attempt failed
     */
    public synchronized void failed(String address) {
        Instant now = clock.instant();
        Deque<Instant> recent = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        prune(recent, now);
        recent.addLast(now);
        if (failures.size() > MAX_ADDRESSES) {
            Iterator<String> oldest = failures.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * @param address the remote address that signed in; its failures are forgotten
     */
    public synchronized void succeeded(String address) {
        failures.remove(address);
    }

    private static void prune(Deque<Instant> recent, Instant now) {
        Instant cutoff = now.minus(WINDOW);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(cutoff)) {
            recent.removeFirst();
        }
    }
}
