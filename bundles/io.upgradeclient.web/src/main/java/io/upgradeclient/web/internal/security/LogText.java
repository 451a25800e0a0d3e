package io.upgradeclient.web.internal.security;

/**
 * Makes text taken from a request safe to put into a log line: CR, LF and every other control character become
 * {@code \\n}, {@code \\r} or a backslash-u escape, so that a user name or path cannot start a forged log line.
 */
public final class LogText {
    private LogText() {
    }

    /**
     * @param text anything from a request, or {@code null}
     * @return the text with control characters escaped (backslashes too, so an escape cannot be forged either)
     */
    public static String of(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> safe.append("\\n");
                case '\r' -> safe.append("\\r");
                case '\\' -> safe.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                        safe.append(String.format("\\u%04x", c));
                    } else {
                        safe.appendCodePoint(c);
                    }
                }
            }
        });
        return safe.toString();
    }
}
