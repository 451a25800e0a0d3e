package io.upgradeclient.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Who this upgradeclient installation is, as configured (Config Admin PID {@code io.upgradeclient.instance}).
 * Offered by the core; the values change live when the configuration changes. Thread-safe.
 */
@ProviderType
public interface InstanceInfo {
    /**
     * @return the name shown in the UI and in mail subjects, never blank
     */
    String name();

    /**
     * @return a free-text description of the installation, possibly empty
     */
    String description();
}
