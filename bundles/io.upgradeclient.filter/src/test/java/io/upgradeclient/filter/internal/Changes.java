package io.upgradeclient.filter.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.RemoteChange;

/** Builds checks and changes for the filter tests. */
final class Changes {
    static final String BASE = "http://svn.example.com/repo/firmware/";

    private Changes() {
    }

    static CheckDefinition check(Map<String, String> options) {
        return new CheckDefinition("xm_dvr", "svn", URI.create(BASE), Credentials.NONE, "", Duration.ofDays(30),
                Duration.ofSeconds(15), List.of("default"), List.of(), "", List.of(), "", options);
    }

    /** A change at a path below {@link #BASE}; file type is the first segment, the name the last. */
    static RemoteChange at(String path) {
        return at(path, -1, Instant.parse("2016-10-25T08:00:00Z"));
    }

    static RemoteChange at(String path, long size, Instant changedAt) {
        String[] segments = path.split("/");
        StringBuilder encoded = new StringBuilder(BASE.substring(0, BASE.length() - 1));
        for (String segment : segments) {
            encoded.append('/').append(java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return new RemoteChange(ChangeAction.ADDED, URI.create(encoded.toString()), segments[segments.length - 1],
                segments.length > 1 ? segments[0] : "", "alice", changedAt, "7", size);
    }
}
