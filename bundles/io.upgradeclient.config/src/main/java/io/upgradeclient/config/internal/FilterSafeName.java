package io.upgradeclient.config.internal;

/**
 * The name part of a named factory configuration's PID ({@code factoryPid~name}), made safe for LDAP filters.
 *
 * <p>Felix SCR looks a configuration up with the filter {@code (service.pid=<pid>)} built without escaping, so a
 * check or section named {@code par(x)} or containing {@code \} or {@code *} would give an invalid filter (or match
 * other configurations) and its component would never be configured. The characters that are special in a filter
 * value, and {@code %} itself so that the mapping can be reversed, are written as {@code %XX}; every other name,
 * including every name that worked before, keeps its PID.
 */
final class FilterSafeName {
    private static final String SPECIAL = "%()*\\";
    /** The two hexadecimal digits of each character of {@link #SPECIAL}, in the same order. */
    private static final String ESCAPES = "252829" + "2A5C";

    private FilterSafeName() {
    }

    /**
     * @param name a check or section name, any text
     * @return the same name with {@code % ( ) * \} written as {@code %25 %28 %29 %2A %5C}
     */
    static String encode(String name) {
        StringBuilder encoded = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            if (SPECIAL.indexOf(c) >= 0) {
                encoded.append('%').append(String.format("%02X", (int) c));
            } else {
                encoded.append(c);
            }
        }
        return encoded.toString();
    }

    /**
     * @param encoded a name from {@link #encode(String)}
     * @return the name it was made from; other {@code %} sequences (names written before this mapping) stay as they are
     */
    static String decode(String encoded) {
        StringBuilder name = new StringBuilder(encoded.length());
        int i = 0;
        while (i < encoded.length()) {
            int special = encoded.charAt(i) == '%' && i + 3 <= encoded.length()
                    ? ESCAPES.indexOf(encoded.substring(i + 1, i + 3)) : -1;
            if (special >= 0 && special % 2 == 0) {
                name.append(SPECIAL.charAt(special / 2));
                i += 3;
            } else {
                name.append(encoded.charAt(i));
                i++;
            }
        }
        return name.toString();
    }
}
