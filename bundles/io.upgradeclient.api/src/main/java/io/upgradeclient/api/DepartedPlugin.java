package io.upgradeclient.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A plugin that was registered and has left (its bundle stopped, was updated or uninstalled).
 *
 * @param plugin what it was while registered
 * @param arrived when it was registered, as far as the registry saw it
 * @param departed when it left
 */
public record DepartedPlugin(PluginInfo plugin, Instant arrived, Instant departed) {

    /**
     * @throws NullPointerException if a value is {@code null}
     */
    public DepartedPlugin {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(arrived, "arrived");
        Objects.requireNonNull(departed, "departed");
    }
}
