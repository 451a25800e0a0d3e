package io.upgradeclient.store.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * PostgreSQL's text cannot hold U+0000, which SQLite's can and which a remote listing or release note may contain.
 * On a PostgreSQL connection every bound string is encoded and every string read is decoded: U+0000 is stored as
 * U+E000 followed by {@code 0}, and U+E000 (a private-use character) as two of them. The encoding is reversible,
 * leaves every other character alone (so {@code LIKE} patterns, bound the same way, still match), and the stores'
 * SQL needs no change. A search for text with U+0000 in it may also match text containing U+E000 followed by
 * {@code 0}.
 */
final class NulSafeText {
    private static final char NUL = '\u0000';
    private static final char ESCAPE = '\uE000';

    private NulSafeText() {
    }

    /**
     * @param connection a PostgreSQL connection
     * @return the same connection, its statements and results translating strings
     */
    static Connection wrap(Connection connection) {
        return proxy(Connection.class, connection);
    }

    /**
     * @param text text to store, or {@code null}
     * @return it without U+0000
     */
    static String encode(String text) {
        if (text == null || (text.indexOf(NUL) < 0 && text.indexOf(ESCAPE) < 0)) {
            return text;
        }
        StringBuilder encoded = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == NUL) {
                encoded.append(ESCAPE).append('0');
            } else if (c == ESCAPE) {
                encoded.append(ESCAPE).append(ESCAPE);
            } else {
                encoded.append(c);
            }
        }
        return encoded.toString();
    }

    /**
     * @param text text as stored, or {@code null}
     * @return the text that was stored
     */
    static String decode(String text) {
        if (text == null || text.indexOf(ESCAPE) < 0) {
            return text;
        }
        StringBuilder decoded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ESCAPE && i + 1 < text.length()) {
                decoded.append(text.charAt(++i) == '0' ? NUL : ESCAPE);
            } else {
                decoded.append(c);
            }
        }
        return decoded.toString();
    }

    private static <T> T proxy(Class<T> type, T target) {
        return type.cast(Proxy.newProxyInstance(NulSafeText.class.getClassLoader(), new Class<?>[] {type},
                new Translating(target)));
    }

    private record Translating(Object target) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            // a proxy is its own identity: the pool finds connections by it
            if ("equals".equals(method.getName()) && args != null && args.length == 1) {
                return proxy == args[0];
            }
            if ("hashCode".equals(method.getName()) && args == null) {
                return System.identityHashCode(proxy);
            }
            if ("setString".equals(method.getName()) && args != null && args.length == 2 && args[1] instanceof String text) {
                args[1] = encode(text);
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if ("getString".equals(method.getName()) && result instanceof String text) {
                return decode(text);
            }
            if (result instanceof PreparedStatement statement) {
                return proxy(PreparedStatement.class, statement);
            }
            if (result instanceof Statement statement) {
                return proxy(Statement.class, statement);
            }
            if (result instanceof ResultSet rows) {
                return proxy(ResultSet.class, rows);
            }
            return result;
        }
    }
}
