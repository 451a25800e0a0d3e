package io.upgradeclient.config.internal;

import java.util.List;

/**
 * What a valid configuration file asks for.
 *
 * @param configs the configurations it defines
 * @param warnings things that are accepted but probably not meant (ignored or unknown keys)
 */
record ParsedFile(List<DesiredConfig> configs, List<String> warnings) {
    ParsedFile {
        configs = List.copyOf(configs);
        warnings = List.copyOf(warnings);
    }
}
