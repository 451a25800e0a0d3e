package io.upgradeclient.config.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.upgradeclient.api.PluginKind;

/**
 * The plugin types the default distribution ships, read from {@code shipped-plugins.txt} next to this class: the
 * one list to extend when a plugin bundle is added. {@code check-config} names any other type an error, with the
 * hint that a bundle in {@code deploy/} may provide it; the running service accepts every type (its plugin may
 * arrive later) and parks the work that needs it.
 */
final class ShippedPlugins {
    private static final String RESOURCE = "shipped-plugins.txt";

    /**
     * One shipped plugin.
     *
     * @param kind what it is
     * @param type its {@code upgradeclient.type}
     * @param bundle the bundle that provides it
     * @param validator for a filter: the class whose {@code decide(check, no changes)} validates a check's options;
     *        for another kind: {@code class#method}, the plugin's static parser of its settings; or empty
     */
    record Plugin(PluginKind kind, String type, String bundle, Optional<String> validator) {
    }

    private final List<Plugin> plugins;

    private ShippedPlugins(List<Plugin> plugins) {
        this.plugins = List.copyOf(plugins);
    }

    /** @return the list of the distribution */
    static ShippedPlugins load() {
        try (InputStream in = ShippedPlugins.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the config bundle");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ShippedPlugins parse(String text) {
        List<Plugin> plugins = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] fields = trimmed.split("\\s+");
                if (fields.length < 3 || fields.length > 4) {
                    throw new IllegalArgumentException(RESOURCE + ": '" + line + "' is not <kind> <type> <bundle> [<validator>]");
                }
                plugins.add(new Plugin(PluginKind.valueOf(fields[0].toUpperCase(Locale.ROOT)), fields[1], fields[2],
                        fields.length == 4 ? Optional.of(fields[3]) : Optional.empty()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ShippedPlugins(plugins);
    }

    /** @return the shipped plugin of that kind and type, if any */
    Optional<Plugin> find(PluginKind kind, String type) {
        return plugins.stream().filter(plugin -> plugin.kind() == kind && plugin.type().equals(type)).findFirst();
    }

    /** @return the shipped types of a kind, in the order of the list */
    List<String> types(PluginKind kind) {
        return plugins.stream().filter(plugin -> plugin.kind() == kind).map(Plugin::type).toList();
    }
}
