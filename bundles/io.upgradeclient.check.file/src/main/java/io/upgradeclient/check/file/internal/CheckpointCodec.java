package io.upgradeclient.check.file.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The folder checker's checkpoint: a flat JSON object {@code {"path":"size:mtime",…}}. Hand-written because the
 * shape never varies and a JSON library would be one more bundle to deploy for it.
 */
final class CheckpointCodec {
    private CheckpointCodec() {
    }

    /**
     * @param entries path to state, in the order to write them
     * @return the compact JSON object
     */
    static String encode(Map<String, String> entries) {
        StringBuilder json = new StringBuilder(entries.size() * 48 + 2).append('{');
        entries.forEach((key, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            string(json, key);
            json.append(':');
            string(json, value);
        });
        return json.append('}').toString();
    }

    private static void string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }

    /**
     * @param json what {@link #encode} wrote
     * @return the entries, in written order
     * @throws IllegalArgumentException when it is not a flat JSON object of strings; the message gives the offset
     */
    static Map<String, String> decode(String json) {
        Reader reader = new Reader(json);
        Map<String, String> entries = new LinkedHashMap<>();
        reader.expect('{');
        if (!reader.consume('}')) {
            do {
                String key = reader.string();
                reader.expect(':');
                entries.put(key, reader.string());
            } while (reader.consume(','));
            reader.expect('}');
        }
        reader.end();
        return entries;
    }

    private static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        boolean consume(char c) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!consume(c)) {
                throw error("'" + c + "'");
            }
        }

        void end() {
            skipSpace();
            if (pos != text.length()) {
                throw error("the end");
            }
        }

        String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                } else if (pos < text.length()) {
                    char escaped = text.charAt(pos++);
                    switch (escaped) {
                        case '"', '\\', '/' -> out.append(escaped);
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case 'u' -> out.append(unicode());
                        default -> throw error("an escape sequence");
                    }
                }
            }
            throw error("'\"'");
        }

        private char unicode() {
            if (pos + 4 > text.length()) {
                throw error("four hex digits");
            }
            try {
                char c = (char) Integer.parseInt(text.substring(pos, pos + 4), 16);
                pos += 4;
                return c;
            } catch (NumberFormatException e) {
                throw error("four hex digits");
            }
        }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("expected " + expected + " at offset " + pos);
        }
    }
}
