package io.upgradeclient.store.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.RemoteChange;

/** Test data and waiting helpers shared by the store's tests. */
final class Events {
    static final Instant T0 = Instant.parse("2024-05-01T02:00:00Z");

    private Events() {
    }

    static Event event(EventLevel level, String message, Instant at) {
        return Event.builder(level, "upload", "rsync").check("xm_dvr").message(message).createdTime(at).build();
    }

    static Event full(String text, Instant at) {
        return new Event(0, EventLevel.WARNING, "download", "http" + text, "check" + text, "type" + text,
                "name" + text, "http://example.com/" + text, "author" + text, at.minusSeconds(3600), "rev" + text,
                "added", "message" + text, at, 7, Duration.ofMillis(1234), "", 4096);
    }

    static RemoteChange change(String path, String revision) {
        return new RemoteChange(ChangeAction.ADDED, URI.create("http://svn.example.com/fw/" + path), path, "General",
                "alice", T0, revision, 1234);
    }

    /** Copies an event as the store returns it: with its id and the node that stored it. */
    static Event stored(Event event, long id, String node) {
        return new Event(id, event.level(), event.name(), event.component(), event.check(), event.fileType(),
                event.fileName(), event.fileUrl(), event.lastAuthor(), event.lastDate(), event.lastRevision(),
                event.lastAction(), event.message(), event.createdTime(), event.jobId(), event.duration(), node,
                event.bytes());
    }

    /** Waits for a condition until a generous deadline; fails the test when it never holds. */
}
