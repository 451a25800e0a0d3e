package io.upgradeclient.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides which changes a check keeps. Registered with {@value PluginKind#TYPE_PROPERTY} set to the name used
 * in a check's {@code check_filter}, e.g. {@code default}. Filters compose in the configured order: each sees
 * only what the previous one accepted.
 *
 * <p>Thread-safety: called concurrently for different checks; must not block on I/O.
 */
@ConsumerType
public interface Filter {
    /**
     * Judges one run's changes together, so that rules relating files (a firmware belongs to the release note in
     * its folder) can see them all.
     *
     * @param check the check the changes come from
     * @param changes the changes still accepted, oldest first
     * @return exactly one decision per change, in the same order
     * @throws PermanentException when the filter's own configuration is unusable (e.g. a bad pattern)
     */
    List<FilterDecision> decide(CheckDefinition check, List<RemoteChange> changes) throws PermanentException;
}
