package io.upgradeclient.report.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.upgradeclient.api.AlertMedia;
import io.upgradeclient.api.Alerter;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginException;
import io.upgradeclient.api.Report;
import io.upgradeclient.api.TransientException;

/** An alerter that remembers what it was asked to send, and fails on demand. */
final class RecordingAlerter implements Alerter {
    /** One call, successful or not. */
    record Sent(Report report, AlertMedia media, Map<String, String> settings) {
    }

    final List<Sent> delivered = new CopyOnWriteArrayList<>();
    final List<Sent> attempts = new CopyOnWriteArrayList<>();
    private final Deque<PluginException> failures = new ArrayDeque<>();

    /** The next call fails with this exception (several calls queue several failures). */
    synchronized void failNext(PluginException failure) {
        failures.add(failure);
    }

    @Override
    public void send(Report report, AlertMedia media, Map<String, String> settings) throws TransientException, PermanentException {
        Sent sent = new Sent(report, media, settings);
        attempts.add(sent);
        PluginException failure;
        synchronized (this) {
            failure = failures.poll();
        }
        if (failure instanceof TransientException transientFailure) {
            throw transientFailure;
        }
        if (failure instanceof PermanentException permanentFailure) {
            throw permanentFailure;
        }
        delivered.add(sent);
    }
}
