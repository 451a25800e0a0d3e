package io.upgradeclient.config.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A {@link ConfigTarget} in memory that records every write and lets a test wait for a state.
 */
final class InMemoryTarget implements ConfigTarget {
    private final Map<ConfigKey, Map<String, Object>> configs = new LinkedHashMap<>();
    private final List<String> writes = new ArrayList<>();
    private boolean failing;

    synchronized void failing(boolean failing) {
        this.failing = failing;
    }

    synchronized void preset(ConfigKey key, Map<String, Object> properties) {
        configs.put(key, new LinkedHashMap<>(properties));
    }

    /** @return every put and delete so far, as "put key" / "delete key" */
    synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    synchronized Map<String, Object> config(ConfigKey key) {
        Map<String, Object> properties = configs.get(key);
        return properties == null ? null : Map.copyOf(properties);
    }

    synchronized Map<ConfigKey, Map<String, Object>> all() {
        return Map.copyOf(configs);
    }

    /**
     * Waits until the configurations satisfy the condition.
     *
     * @return whether they did before the deadline
     */
    synchronized boolean awaitUntil(Predicate<InMemoryTarget> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(this)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    @Override
    public synchronized Map<ConfigKey, Map<String, Object>> owned() throws IOException {
        check();
        Map<ConfigKey, Map<String, Object>> owned = new LinkedHashMap<>();
        configs.forEach((key, properties) -> {
            if (Reconciler.ORIGIN_FILES.equals(properties.get(Reconciler.ORIGIN))) {
                owned.put(key, new LinkedHashMap<>(properties));
            }
        });
        return owned;
    }

    @Override
    public synchronized Optional<Map<String, Object>> get(ConfigKey key) throws IOException {
        check();
        return Optional.ofNullable(configs.get(key)).map(LinkedHashMap::new);
    }

    @Override
    public synchronized void put(ConfigKey key, Map<String, Object> properties) throws IOException {
        check();
        configs.put(key, new LinkedHashMap<>(properties));
        writes.add("put " + key);
        notifyAll();
    }

    @Override
    public synchronized void delete(ConfigKey key) throws IOException {
        check();
        if (configs.remove(key) != null) {
            writes.add("delete " + key);
        }
        notifyAll();
    }

    private void check() throws IOException {
        if (failing) {
            throw new IOException("Config Admin is not available");
        }
    }
}
