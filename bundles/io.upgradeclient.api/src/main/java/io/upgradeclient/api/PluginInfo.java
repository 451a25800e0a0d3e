package io.upgradeclient.api;

import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one registered plugin, for listings in the UI and the shell.
 *
 * @param kind which plugin contract it implements
 * @param type its {@value PluginKind#TYPE_PROPERTY} value, or empty if it registered none
 * @param bundleSymbolicName the bundle that registered it
 * @param bundleVersion that bundle's version
 * @param bundleState that bundle's state when the snapshot was taken
 * @param componentName its Declarative Services component name, or empty if it is not a component
 * @param serviceId its service id
 * @param properties its service properties, secrets masked
 */
public record PluginInfo(
        PluginKind kind,
        String type,
        String bundleSymbolicName,
        String bundleVersion,
        BundleState bundleState,
        String componentName,
        long serviceId,
        Map<String, Object> properties) {

    /**
     * @throws NullPointerException if a value is {@code null}
     */
    public PluginInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(bundleSymbolicName, "bundleSymbolicName");
        Objects.requireNonNull(bundleVersion, "bundleVersion");
        Objects.requireNonNull(bundleState, "bundleState");
        Objects.requireNonNull(componentName, "componentName");
        properties = Map.copyOf(properties);
    }
}
