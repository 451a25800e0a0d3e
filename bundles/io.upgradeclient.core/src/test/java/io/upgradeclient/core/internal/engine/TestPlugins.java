package io.upgradeclient.core.internal.engine;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.upgradeclient.api.PluginLease;
import io.upgradeclient.api.Plugins;
import io.upgradeclient.api.PluginKind;

/**
 * A {@link Plugins} whose plugins the test deploys and removes; a removed plugin's open leases report
 * {@link Lease#isGone()}, as an unregistered OSGi service does.
 */
final class TestPlugins implements Plugins {
    private final Map<String, Object> deployed = new ConcurrentHashMap<>();
    private final Set<Object> removed = ConcurrentHashMap.newKeySet();

    <T> T deploy(PluginKind kind, String type, T plugin) {
        deployed.put(kind.label(type), plugin);
        removed.remove(plugin);
        return plugin;
    }

    void remove(PluginKind kind, String type) {
        Object plugin = deployed.remove(kind.label(type));
        if (plugin != null) {
            removed.add(plugin);
        }
    }

    @Override
    public <T> Optional<PluginLease<T>> acquire(PluginKind kind, String type, Class<T> serviceType) {
        Object plugin = deployed.get(kind.label(type));
        if (plugin == null) {
            return Optional.empty();
        }
        T service = serviceType.cast(plugin);
        return Optional.of(new PluginLease<>() {
            @Override
            public T service() {
                return service;
            }

            @Override
            public boolean isGone() {
                return removed.contains(service);
            }

            @Override
            public void close() {
            }
        });
    }
}
