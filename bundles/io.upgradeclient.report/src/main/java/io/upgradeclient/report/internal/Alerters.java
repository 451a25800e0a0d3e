package io.upgradeclient.report.internal;

import java.util.Optional;

import io.upgradeclient.api.Alerter;

/**
 * Finds the alerter of a type for the length of one send. Asked at every send, so an alerter deployed a moment
 * ago is used at once and a removed one is never called again.
 */
interface Alerters {
    /**
     * @param type the {@code upgradeclient.type} wanted, e.g. {@code email}
     * @return a lease on the best-ranked alerter of that type, or empty when none is deployed
     */
    Optional<Lease> acquire(String type);

    /** The use of one alerter service; close it when the send is done. */
    interface Lease extends AutoCloseable {
        /** @return the alerter */
        Alerter alerter();

        @Override
        void close();
    }
}
