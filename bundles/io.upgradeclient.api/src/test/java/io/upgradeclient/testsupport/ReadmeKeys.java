package io.upgradeclient.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys a bundle's README documents, read from the README itself, so that a key documented later
 * without a test of its effect makes that test fail. Keys are the {@code `code`} spans that look like a key
 * (lower case, digits, {@code _} and {@code .}).
 */
public final class ReadmeKeys {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_.]*[a-z0-9]");

    private ReadmeKeys() {
    }

    /**
     * The keys of one column of the first table after a line.
     *
     * @param readme the README
     * @param anchor text of the table's header or of a line before the table (the first line containing it counts)
     * @param column the column holding the keys, 0 for the first
     * @return the keys of that column below the table's header
     */
    public static Set<String> table(Path readme, String anchor, int column) {
        Set<String> keys = new TreeSet<>();
        for (List<String> row : rows(readme, anchor)) {
            if (row.size() > column) {
                keys.addAll(keysIn(row.get(column)));
            }
        }
        if (keys.isEmpty()) {
            throw new AssertionError(readme + ": no keys in column " + column + " of the table after '" + anchor + "'");
        }
        return keys;
    }

    /**
     * @param readme the README
     * @param anchor text of the table's header or of a line before the table (the first line containing it counts)
     * @return the cells of each row of the first table after that line, below its header
     */
    public static List<List<String>> rows(Path readme, String anchor) {
        List<String> lines = lines(readme);
        // the anchor may be the table's header itself
        int i = after(lines, anchor, readme) - 1;
        while (i < lines.size() && !lines.get(i).startsWith("|")) {
            i++;
        }
        List<List<String>> rows = new ArrayList<>();
        // skip the header and the |---| line
        for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("(?<!\\\\)\\|", -1);
            List<String> row = new ArrayList<>();
            for (int cell = 1; cell < cells.length - 1; cell++) {
                row.add(cells[cell].strip());
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * The keys listed in one paragraph, after its first colon, e.g. {@code PID `x`: `a`, `b`, `c` — …}.
     *
     * @param readme the README
     * @param start how the paragraph starts
     * @return the keys after the paragraph's first {@code ": "}
     */
    public static Set<String> listed(Path readme, String start) {
        List<String> lines = lines(readme);
        int i = after(lines, start, readme) - 1;
        StringBuilder paragraph = new StringBuilder();
        for (; i < lines.size() && !lines.get(i).isBlank(); i++) {
            paragraph.append(lines.get(i)).append(' ');
        }
        String text = paragraph.toString();
        Set<String> keys = keysIn(text.substring(text.indexOf(": ") + 2));
        if (keys.isEmpty()) {
            throw new AssertionError(readme + ": no keys in the paragraph starting '" + start + "'");
        }
        return keys;
    }

    /**
     * @param text markdown
     * @return the {@code `code`} spans in it that look like configuration keys
     */
    public static Set<String> keysIn(String text) {
        Set<String> keys = new TreeSet<>();
        Matcher code = CODE.matcher(text);
        while (code.find()) {
            if (KEY.matcher(code.group(1)).matches()) {
                keys.add(code.group(1));
            }
        }
        return keys;
    }

    /** @return the index of the line after the first one containing the anchor */
    private static int after(List<String> lines, String anchor, Path readme) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(anchor)) {
                return i + 1;
            }
        }
        throw new AssertionError(readme + ": no line contains '" + anchor + "'");
    }

    private static List<String> lines(Path readme) {
        try {
            return Files.readAllLines(readme, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
