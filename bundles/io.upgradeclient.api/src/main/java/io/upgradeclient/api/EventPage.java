package io.upgradeclient.api;

import java.util.List;

/**
 * One page of history events.
 *
 * @param events the events, newest first; at most the query's limit
 * @param total how many events match the query's filters in all (ignoring paging)
 */
public record EventPage(List<Event> events, long total) {
    /**
     * @throws IllegalArgumentException if the total is negative
     */
    public EventPage {
        events = List.copyOf(events);
        if (total < 0) {
            throw new IllegalArgumentException("total must not be negative");
        }
    }
}
