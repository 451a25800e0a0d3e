package io.upgradeclient.config.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code *.config} file, the typed format FileInstall hands to Config Admin: one {@code key = value} per line,
 * each value typed as Felix's configuration files write it, {@code T"text"} (or {@code "text"}), {@code I"8081"},
 * {@code L"…"}, {@code B"true"}, …, or an array {@code T["a", "b"]} / collection {@code T("a", "b")}. FileInstall
 * falls back to reading a file whose values are not all well-formed as plain strings, so a typo turns
 * {@code I"8081} into the text {@code I"8081} and the component silently keeps its default: check-config reports
 * the line instead.
 */
final class TypedConfigFile {
    /** Felix's type codes; lower case codes are primitives, allowed for arrays only. */
    private static final String TYPES = "TILFDXSCBilfdxscb";

    private final Map<String, String> scalars = new LinkedHashMap<>();
    private final Map<String, Integer> lines = new LinkedHashMap<>();
    private final List<ConfigProblem> problems = new ArrayList<>();

    private TypedConfigFile() {
    }

    /**
     * @param file the {@code .config} file
     * @return its keys with the line each is on, the texts of its single values, and what is malformed
     * @throws IOException if it cannot be read
     */
    static TypedConfigFile read(Path file) throws IOException {
        TypedConfigFile parsed = new TypedConfigFile();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            int first = i + 1;
            StringBuilder entry = new StringBuilder(lines.get(i).strip());
            // a line ending in a backslash continues on the next one, as in a properties file
            while (entry.length() > 0 && entry.charAt(entry.length() - 1) == '\\' && i + 1 < lines.size()) {
                entry.setLength(entry.length() - 1);
                entry.append(lines.get(++i).strip());
            }
            String text = entry.toString();
            if (text.isEmpty() || text.startsWith("#") || text.startsWith("!")) {
                continue;
            }
            parsed.entry(file, first, text);
        }
        return parsed;
    }

    private void entry(Path file, int line, String text) {
        int separator = text.indexOf('=');
        if (separator <= 0) {
            problems.add(new ConfigProblem(file, line, "typed config syntax", "key = value, was '" + text + "'"));
            return;
        }
        String key = text.substring(0, separator).strip();
        lines.put(key, line);
        String value = text.substring(separator + 1).strip();
        String expected = problem(value);
        if (expected != null) {
            problems.add(new ConfigProblem(file, line, key, expected + ", was '" + value + "'"));
        } else if (!value.isEmpty() && value.charAt(value.length() - 1) == '"') {
            scalars.put(key, unquote(value.substring(value.indexOf('"'))));
        }
    }

    /** @return what a well-formed value looks like, or {@code null} when this one is well-formed */
    private static String problem(String value) {
        String shape = "a typed value such as T\"text\", I\"8081\", B\"true\" or T[\"a\", \"b\"]";
        if (value.isEmpty()) {
            return shape;
        }
        char type = 'T';
        String rest = value;
        if (TYPES.indexOf(value.charAt(0)) >= 0) {
            type = value.charAt(0);
            rest = value.substring(1);
        }
        if (rest.startsWith("\"")) {
            if (Character.isLowerCase(type)) {
                return "a primitive type code (" + type + ") only before an array [..]";
            }
            List<String> items = quoted(rest);
            return items == null || items.size() != 1 ? shape : converts(type, items.get(0));
        }
        if ((rest.startsWith("[") && rest.endsWith("]")) || (rest.startsWith("(") && rest.endsWith(")"))) {
            String inner = rest.substring(1, rest.length() - 1).strip();
            if (inner.isEmpty()) {
                return null;
            }
            List<String> items = quoted(inner);
            if (items == null) {
                return shape;
            }
            for (String item : items) {
                String expected = converts(type, item);
                if (expected != null) {
                    return expected;
                }
            }
            return null;
        }
        return shape;
    }

    /** @return the unescaped texts of a comma-separated list of quoted strings, {@code null} when it is not one */
    private static List<String> quoted(String text) {
        List<String> items = new ArrayList<>();
        int i = 0;
        while (true) {
            if (i >= text.length() || text.charAt(i) != '"') {
                return null;
            }
            StringBuilder item = new StringBuilder();
            i++;
            while (i < text.length() && text.charAt(i) != '"') {
                if (text.charAt(i) == '\\') {
                    i++;
                    if (i >= text.length()) {
                        return null;
                    }
                }
                item.append(text.charAt(i++));
            }
            if (i >= text.length()) {
                return null;
            }
            items.add(item.toString());
            i++;
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i == text.length()) {
                return items;
            }
            if (text.charAt(i) != ',') {
                return null;
            }
            i++;
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
        }
    }

    private static String unquote(String quoted) {
        List<String> items = quoted(quoted);
        return items == null || items.isEmpty() ? "" : items.get(0);
    }

    /** @return what a value of the type looks like, or {@code null} when the text converts */
    private static String converts(char type, String text) {
        switch (Character.toUpperCase(type)) {
            case 'I':
                return whole(text, Integer.MIN_VALUE, Integer.MAX_VALUE) ? null : "I\"…\" holding a whole number up to " + Integer.MAX_VALUE;
            case 'L':
                return whole(text, Long.MIN_VALUE, Long.MAX_VALUE) ? null : "L\"…\" holding a whole number";
            case 'S':
                return whole(text, Short.MIN_VALUE, Short.MAX_VALUE) ? null : "S\"…\" holding a whole number up to " + Short.MAX_VALUE;
            case 'X':
                return whole(text, Byte.MIN_VALUE, Byte.MAX_VALUE) ? null : "X\"…\" holding a whole number up to " + Byte.MAX_VALUE;
            case 'B':
                String lower = text.toLowerCase(Locale.ROOT);
                return "true".equals(lower) || "false".equals(lower) ? null : "B\"…\" holding true or false";
            case 'C':
                return text.length() == 1 ? null : "C\"…\" holding one character";
            case 'F':
            case 'D':
                try {
                    Double.parseDouble(text);
                    return null;
                } catch (NumberFormatException e) {
                    return type + "\"…\" holding a number";
                }
            default:
                return null;
        }
    }

    private static boolean whole(String text, long min, long max) {
        try {
            BigInteger number = new BigInteger(text.strip());
            return number.compareTo(BigInteger.valueOf(min)) >= 0 && number.compareTo(BigInteger.valueOf(max)) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** @return the malformed lines */
    List<ConfigProblem> problems() {
        return problems;
    }

    /** @return each key with the line it is on */
    Map<String, Integer> keyLines() {
        return lines;
    }

    /** @return the text of each well-formed single value, by key (arrays are left out) */
    Map<String, String> scalars() {
        return scalars;
    }
}
