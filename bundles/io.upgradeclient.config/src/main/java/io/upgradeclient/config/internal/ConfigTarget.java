package io.upgradeclient.config.internal;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The few Config Admin operations the files need, so that the reconciling logic can be tested without one.
 * Property maps never hold the framework's own {@code service.pid}, {@code service.factoryPid} or
 * {@code service.bundleLocation}.
 */
interface ConfigTarget {
    /**
     * @return every configuration whose {@value Reconciler#ORIGIN} property is {@value Reconciler#ORIGIN_FILES}
     * @throws IOException if Config Admin cannot list them
     */
    Map<ConfigKey, Map<String, Object>> owned() throws IOException;

    /**
     * @param key a configuration
     * @return its properties, or empty when it does not exist or has none yet
     * @throws IOException if Config Admin cannot read it
     */
    Optional<Map<String, Object>> get(ConfigKey key) throws IOException;

    /**
     * Creates the configuration or replaces all of its properties.
     *
     * @param key a configuration
     * @param properties its new properties
     * @throws IOException if Config Admin cannot store them
     */
    void put(ConfigKey key, Map<String, Object> properties) throws IOException;

    /**
     * @param key a configuration; nothing happens when it does not exist
     * @throws IOException if Config Admin cannot delete it
     */
    void delete(ConfigKey key) throws IOException;
}
