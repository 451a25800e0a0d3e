package io.upgradeclient.config.internal;

import java.math.BigInteger;
import java.util.Locale;

/**
 * Whether a {@code *.cfg} value (always text) converts to a Metatype attribute type the way Declarative Services
 * converts it for a component property type.
 */
final class MetatypeValues {
    private MetatypeValues() {
    }

    /**
     * @param type a Metatype type: {@code String}, {@code Long}, {@code Integer}, {@code Short}, {@code Byte},
     *        {@code Boolean}, {@code Double}, {@code Float}, {@code Char}, {@code Password}
     * @param value the value as written
     * @return what was expected, or {@code null} when the value converts
     */
    static String problem(String type, String value) {
        switch (type) {
            case "Long":
                return whole(value, Long.MIN_VALUE, Long.MAX_VALUE) ? null : "a whole number";
            case "Integer":
                return whole(value, Integer.MIN_VALUE, Integer.MAX_VALUE) ? null : "a whole number up to " + Integer.MAX_VALUE;
            case "Short":
                return whole(value, Short.MIN_VALUE, Short.MAX_VALUE) ? null : "a whole number up to " + Short.MAX_VALUE;
            case "Byte":
                return whole(value, Byte.MIN_VALUE, Byte.MAX_VALUE) ? null : "a whole number up to " + Byte.MAX_VALUE;
            case "Boolean":
                String lower = value.toLowerCase(Locale.ROOT);
                return "true".equals(lower) || "false".equals(lower) ? null : "true or false";
            case "Double":
            case "Float":
                try {
                    Double.parseDouble(value);
                    return null;
                } catch (NumberFormatException e) {
                    return "a number";
                }
            default:
                return null;
        }
    }

    private static boolean whole(String value, long min, long max) {
        try {
            BigInteger number = new BigInteger(value);
            return number.compareTo(BigInteger.valueOf(min)) >= 0 && number.compareTo(BigInteger.valueOf(max)) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
