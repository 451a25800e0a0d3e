package io.upgradeclient.core.internal.engine;

import java.util.Locale;
import java.util.Optional;

import io.upgradeclient.api.PluginKind;

/**
 * Finds a plugin by kind and type for the length of one call. Plugins come and go at any time: a lease says
 * afterwards whether its plugin went away during the call.
 */
public interface PluginLookup {
    /**
     * @param kind the plugin kind
     * @param type the {@value PluginKind#TYPE_PROPERTY} wanted
     * @param serviceType the kind's service interface
     * @return a lease on the best-ranked plugin of that type, or empty when none is deployed
     */
    <T> Optional<Lease<T>> acquire(PluginKind kind, String type, Class<T> serviceType);

    /**
     * The use of one plugin service; close it when the call is done.
     */
    interface Lease<T> extends AutoCloseable {
        /** @return the plugin */
        T service();

        /** @return whether the plugin was unregistered since the lease was taken */
        boolean isGone();

        @Override
        void close();
    }

    /**
     * @param kind the plugin kind
     * @param type the plugin type
     * @return the name a waiting job records, e.g. {@code uploader:rsync}
     */
    static String name(PluginKind kind, String type) {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + type;
    }
}
