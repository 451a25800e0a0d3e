package io.upgradeclient.core.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the log once that the store cannot be reached and once that it is back, however many check runs and job
 * workers run into it meanwhile: an outage of the shared database is one event for the operator, not a stack trace
 * per try and thread.
 */
final class StoreOutage {
    private static final Logger LOG = LoggerFactory.getLogger(StoreOutage.class);

    private final Clock clock;
    private volatile Instant since;

    /** @param clock the time source, for how long the outage lasted */
    StoreOutage(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param what what failed, e.g. {@code claiming a job}
     * @param failure the store's exception
     */
    synchronized void failed(String what, RuntimeException failure) {
        if (since == null) {
            since = clock.instant();
            LOG.warn("The store cannot be reached ({}: {}); checks and jobs wait for it, and what this node did meanwhile is "
                    + "recorded once it is back", what, failure.getMessage());
            LOG.debug("Store failure while {}", what, failure);
        }
    }

    /** The store answered: ends an outage, if there was one. */
    void reached() {
        if (since == null) {
            return;
        }
        synchronized (this) {
            if (since != null) {
                LOG.info("The store is reachable again after {} s; checks and jobs carry on",
                        Duration.between(since, clock.instant()).toSeconds());
                since = null;
            }
        }
    }
}
