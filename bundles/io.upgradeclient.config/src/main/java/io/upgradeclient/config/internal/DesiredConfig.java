package io.upgradeclient.config.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One configuration a file asks for.
 *
 * @param key which configuration
 * @param properties its properties as the mapping defines them (String, Long, Boolean or String[] values),
 *        including {@code source_file}
 * @param merge {@code false}: these are all of its properties; {@code true}: set only these keys and keep the
 *        others (for PIDs the files share with other sources, such as {@code org.apache.felix.http})
 */
record DesiredConfig(ConfigKey key, Map<String, Object> properties, boolean merge) {
    DesiredConfig {
        Objects.requireNonNull(key, "key");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}
