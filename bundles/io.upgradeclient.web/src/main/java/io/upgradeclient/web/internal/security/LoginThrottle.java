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
 * Limits password checks per user name and remote address together, and per user name over all remote
 * (non-loopback) addresses. An attempt is counted when it is admitted, before the password is checked, and
 * forgotten only when it succeeds: so however many attempts run in parallel, at most {@code limit} per pair and
 * minute reach the password check.
 * <p>
 * Lock-out is per (user, address): failures of one name from one address lock that name from that address only,
 * so nobody can lock everyone out of an address, and a remote attacker cannot lock out a user signing in from
 * another address. Distributed guessing of one name from many addresses is capped by the per-user limit
 * ({@value #PER_USER_FACTOR} times the per-pair limit), which attempts from the machine itself (loopback) neither
 * count towards nor are held by, so an operator on the machine can always sign in. Thread-safe.
 */
public final class LoginThrottle {
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** How many times the per-pair limit one user name may fail from all remote addresses together per minute. */
    static final int PER_USER_FACTOR = 10;
    /* Bounds memory under a spray of names or addresses; the oldest entries go first. */
    private static final int MAX_KEYS = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> perPair = new LinkedHashMap<>();
    private final Map<String, Deque<Instant>> perUser = new LinkedHashMap<>();
    private int limit;

    /**
     * @param limit attempts allowed per (user, address) and minute, at least 1
     * @param clock the time source
     */
    public LoginThrottle(int limit, Clock clock) {
        this.clock = clock;
        limit(limit);
    }

    /**
     * Changes the limit; the attempts counted so far stay counted.
     *
     * @param limit attempts allowed per (user, address) and minute, at least 1
     */
    public synchronized void limit(int limit) {
        this.limit = Math.max(1, limit);
    }

    /**
     * Admits an attempt and counts it, in one step.
     *
     * @param user the user name offered
     * @param address the remote address
     * @return whether the password may be checked; {@code false}: refuse without checking
     */
    public synchronized boolean admit(String user, String address) {
        Instant now = clock.instant();
        Deque<Instant> pair = recent(perPair, pairKey(user, address), now);
        boolean remote = !isLoopback(address);
        Deque<Instant> anyAddress = remote ? recent(perUser, user, now) : null;
        if (pair.size() >= limit || anyAddress != null && anyAddress.size() >= limit * PER_USER_FACTOR) {
            return false;
        }
        pair.addLast(now);
        if (anyAddress != null) {
            anyAddress.addLast(now);
        }
        return true;
    }

    /**
     * @param user the user name that signed in
     * @param address the remote address it signed in from; the pair's attempts are forgotten
     */
    public synchronized void succeeded(String user, String address) {
        perPair.remove(pairKey(user, address));
    }

    private static String pairKey(String user, String address) {
        return user + '\0' + address;
    }

    private static Deque<Instant> recent(Map<String, Deque<Instant>> counts, String key, Instant now) {
        Deque<Instant> recent = counts.computeIfAbsent(key, k -> new ArrayDeque<>());
        Instant cutoff = now.minus(WINDOW);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(cutoff)) {
            recent.removeFirst();
        }
        if (counts.size() > MAX_KEYS) {
            Iterator<String> oldest = counts.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return recent;
    }

    /**
     * @param address a remote address as the container reports it
     * @return whether it is this machine's loopback
     */
    static boolean isLoopback(String address) {
        return address.startsWith("127.") || "::1".equals(address) || "0:0:0:0:0:0:0:1".equals(address);
    }
}
