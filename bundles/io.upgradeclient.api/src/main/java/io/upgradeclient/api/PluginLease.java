package io.upgradeclient.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The use of one plugin service, from {@link Plugins#acquire}; close it when the call is done. Plugins come and go
 * at any time: the lease says afterwards whether its plugin went away during the call.
 *
 * @param <T> the plugin's service interface
 */
@ProviderType
public interface PluginLease<T> extends AutoCloseable {
    /** @return the plugin */
    T service();

    /** @return whether the plugin was unregistered since the lease was taken */
    boolean isGone();

    /** Releases the plugin; never throws. */
    @Override
    void close();
}
