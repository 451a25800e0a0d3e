package io.upgradeclient.web.internal.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.upgradeclient.api.Secrets;

/**
 * The secret values held in Config Admin, and text with every one of them replaced by {@link Secrets#MASK}:
 * what the Web Console shows passes through this, whichever of its pages or status printers produced it (service
 * properties, component properties, configurations, as text, HTML or JSON). Secrets are the values of keys that
 * {@link Secrets#isSecret} names, and the passwords of {@code {plain}} entries in the web users. Values shorter than
 * {@value #MIN_LENGTH} characters are not masked: replacing them everywhere would mangle the pages. Immutable.
 */
final class SecretValues {
    /** The shortest secret that is masked. */
    static final int MIN_LENGTH = 4;

    private static final Pattern PLAIN_PASSWORD = Pattern.compile(Pattern.quote(PasswordHash.PLAIN) + "([^,\\s\"\\]]+)");

    private final List<String> forms;

    private SecretValues(Collection<String> secrets) {
        Set<String> all = new LinkedHashSet<>();
        for (String secret : secrets) {
            all.add(secret);
            all.add(htmlEscaped(secret));
            all.add(jsonEscaped(secret));
            all.add(jsonEscaped(htmlEscaped(secret)));
        }
        List<String> sorted = new ArrayList<>(all);
        /* longest first, so that a secret containing another is masked whole */
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.forms = List.copyOf(sorted);
    }

    /**
     * @param configurations the properties of every configuration
     * @return their secret values
     */
    static SecretValues of(Collection<Dictionary<String, Object>> configurations) {
        List<String> secrets = new ArrayList<>();
        for (Dictionary<String, Object> properties : configurations) {
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                for (String value : strings(properties.get(key))) {
                    if (Secrets.isSecret(key)) {
                        add(secrets, value);
                    }
                    Matcher plain = PLAIN_PASSWORD.matcher(value);
                    while (plain.find()) {
                        add(secrets, plain.group(1));
                    }
                }
            }
        }
        return new SecretValues(secrets);
    }

    private static void add(List<String> secrets, String value) {
        if (value.strip().length() >= MIN_LENGTH) {
            secrets.add(value);
            secrets.add(value.strip());
        }
    }

    private static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof Object[] array) {
            for (Object item : array) {
                strings.add(String.valueOf(item));
            }
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(item -> strings.add(String.valueOf(item)));
        } else if (value != null) {
            strings.add(value.toString());
        }
        return strings;
    }

    /**
     * @param text a page or printout
     * @return it with every secret, raw, HTML- or JSON-escaped, replaced by the mask
     */
    String mask(String text) {
        String masked = text;
        for (String form : forms) {
            masked = masked.replace(form, Secrets.MASK);
        }
        return masked;
    }

    /** @return whether there is anything to mask */
    boolean isEmpty() {
        return forms.isEmpty();
    }

    private static String htmlEscaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static String jsonEscaped(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/");
    }
}
