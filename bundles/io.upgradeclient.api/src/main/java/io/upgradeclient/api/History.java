package io.upgradeclient.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The history of events (the seed's {@code upgradeclient} table). Offered by the store; thread-safe.
 *
 * <p>Writing never blocks a caller for long and never throws for a storage failure: events are queued and
 * written by the store in the background; a failed write is retried and reported in the log, and never stops
 * the writer. The seed's "daily upsert" holds: an event with the same level, name, component, check, file URL
 * and message as one already stored the same (local) day updates that row's time instead of adding a row.
 */
@ProviderType
public interface History {
    /**
     * Queues an event for storage. Returns at once (within a bounded time even when the queue is full).
     *
     * @param event the event; its id is ignored
     */
    void record(Event event);

    /**
     * Waits until every event recorded before this call is stored (or failed for good).
     *
     * @param timeout how long to wait at most
     * @return whether everything was written in time
     * @throws InterruptedException if interrupted while waiting
     */
    boolean flush(Duration timeout) throws InterruptedException;

    /**
     * @param id a history row id
     * @return the event, if there is one with that id
     */
    Optional<Event> find(long id);

    /**
     * @param query the filters and page
     * @return the matching events, newest first, and their total
     */
    EventPage search(EventQuery query);

    /**
     * Counts matching events by one column, for charts and for the UI's filter choices.
     *
     * @param query the filters (paging ignored)
     * @param field the column to group by
     * @return the count per distinct value, largest first
     */
    Map<String, Long> countBy(EventQuery query, EventField field);

    /**
     * Counts matching events per time bucket, for trend charts.
     *
     * @param query the filters (paging ignored); its time range bounds the buckets
     * @param bucket the bucket width (a minute, a day, a week…)
     * @return the start of each non-empty bucket and its count, oldest first
     */
    List<Map.Entry<Instant, Long>> trend(EventQuery query, Duration bucket);

    /**
     * The all-time totals of what was recorded, per node, check, event type and level: what {@code /metrics}
     * shows. Kept by the store in the same transaction as the events, so they are never ahead of the history and
     * survive restarts and the deletion of old events.
     *
     * @return every total, in no particular order
     * @since 1.4
     */
    List<EventTotal> totals();
}
