package io.upgradeclient.api;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Sends reports and failure alerts through one medium. Registered with {@value PluginKind#TYPE_PROPERTY} set to
 * the {@code relation_type} it serves, e.g. {@code email}.
 *
 * <p>Thread-safe; blocks on I/O. The engine persists what was sent, so an alerter need not remember anything.
 */
@ConsumerType
public interface Alerter {
    /**
     * @param report what to say
     * @param media who receives it
     * @param settings the alerter section named by the media ({@code alert.json}), as strings
     * @throws TransientException when the medium cannot be reached now (SMTP down, timeout); sent again later
     * @throws PermanentException when it cannot succeed as configured (login refused, bad address)
     */
    void send(Report report, AlertMedia media, Map<String, String> settings) throws TransientException, PermanentException;
}
