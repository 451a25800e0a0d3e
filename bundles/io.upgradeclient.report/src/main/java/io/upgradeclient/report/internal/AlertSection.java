package io.upgradeclient.report.internal;

import java.util.Map;

/**
 * One section of {@code alert.json} as configured now.
 *
 * @param name the section name a media refers to ({@code relation_name})
 * @param type the alerter type it is written for ({@code relation_type})
 * @param settings the alerter's settings; may hold secrets, never log them
 */
record AlertSection(String name, String type, Map<String, String> settings) {
    AlertSection {
        settings = Map.copyOf(settings);
    }
}
