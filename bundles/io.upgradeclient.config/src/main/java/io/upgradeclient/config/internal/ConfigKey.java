package io.upgradeclient.config.internal;

import java.util.Objects;

/**
 * Which Config Admin configuration: a singleton PID, or one named configuration of a factory PID
 * (Config Admin 1.6 {@code getFactoryConfiguration(factoryPid, name, location)}).
 *
 * @param factoryPid the factory PID, or {@code null} for a singleton
 * @param name the configuration's name within the factory, or the PID of a singleton
 */
record ConfigKey(String factoryPid, String name) {
    ConfigKey {
        Objects.requireNonNull(name, "name");
    }

    static ConfigKey singleton(String pid) {
        return new ConfigKey(null, pid);
    }

    static ConfigKey factory(String factoryPid, String name) {
        return new ConfigKey(Objects.requireNonNull(factoryPid, "factoryPid"), name);
    }

    boolean isFactory() {
        return factoryPid != null;
    }

    /** The PID Config Admin 1.6 gives the configuration: {@code factoryPid~name} for named factory configurations. */
    @Override
    public String toString() {
        return isFactory() ? factoryPid + "~" + name : name;
    }
}
