package io.upgradeclient.config.internal;

import java.io.IOException;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@link ConfigTarget} on the real Config Admin (1.6): named factory configurations and singletons, both with
 * location {@code "?"} so that whichever bundle provides the component may use them.
 */
final class ConfigAdminTarget implements ConfigTarget {
    private static final String ANY_LOCATION = "?";
    private static final Set<String> FRAMEWORK_KEYS = Set.of(Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION);

    private final ConfigurationAdmin configAdmin;

    ConfigAdminTarget(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    @Override
    public Map<ConfigKey, Map<String, Object>> owned() throws IOException {
        Configuration[] configurations;
        try {
            configurations = configAdmin.listConfigurations("(" + Reconciler.ORIGIN + "=" + Reconciler.ORIGIN_FILES + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("the constant filter is valid", e);
        }
        Map<ConfigKey, Map<String, Object>> owned = new LinkedHashMap<>();
        for (Configuration configuration : configurations == null ? new Configuration[0] : configurations) {
            owned.put(keyOf(configuration), toMap(configuration.getProperties()));
        }
        return owned;
    }

    /** Config Admin 1.6 names a named factory configuration {@code factoryPid~name}. */
    private static ConfigKey keyOf(Configuration configuration) {
        String factoryPid = configuration.getFactoryPid();
        String pid = configuration.getPid();
        if (factoryPid != null && pid.startsWith(factoryPid + "~")) {
            return ConfigKey.factory(factoryPid, FilterSafeName.decode(pid.substring(factoryPid.length() + 1)));
        }
        return factoryPid == null ? ConfigKey.singleton(pid) : ConfigKey.factory(factoryPid, pid);
    }

    @Override
    public Optional<Map<String, Object>> get(ConfigKey key) throws IOException {
        Dictionary<String, Object> properties = configuration(key).getProperties();
        return properties == null ? Optional.empty() : Optional.of(toMap(properties));
    }

    @Override
    public void put(ConfigKey key, Map<String, Object> properties) throws IOException {
        configuration(key).updateIfDifferent(new Hashtable<>(properties));
    }

    @Override
    public void delete(ConfigKey key) throws IOException {
        configuration(key).delete();
    }

    private Configuration configuration(ConfigKey key) throws IOException {
        return key.isFactory()
                ? configAdmin.getFactoryConfiguration(key.factoryPid(), FilterSafeName.encode(key.name()), ANY_LOCATION)
                : configAdmin.getConfiguration(key.name(), ANY_LOCATION);
    }

    private static Map<String, Object> toMap(Dictionary<String, Object> properties) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (properties != null) {
            for (String key : Collections.list(properties.keys())) {
                if (!FRAMEWORK_KEYS.contains(key)) {
                    map.put(key, properties.get(key));
                }
            }
        }
        return map;
    }
}
