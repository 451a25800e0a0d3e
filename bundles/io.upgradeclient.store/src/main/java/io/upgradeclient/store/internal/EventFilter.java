package io.upgradeclient.store.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventQuery;

/**
 * The {@code WHERE} clause of a history query's filters (not its paging). The SQL text is made of fixed fragments
 * with {@code ?} placeholders only; every value from the query is bound.
 */
final class EventFilter {
    /** The trigram index finds substrings of at least three characters; shorter ones are searched by LIKE alone. */
    static final int MIN_INDEXED_TEXT = 3;

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    private EventFilter() {
    }

    /**
     * @param query the filters
     * @param dialect the database's
     * @return the clause and its values
     */
    static EventFilter of(EventQuery query, Dialect dialect) {
        EventFilter filter = new EventFilter();
        if (!query.levels().isEmpty()) {
            filter.conditions.add("log_level IN (" + String.join(", ", Collections.nCopies(query.levels().size(), "?")) + ")");
            for (EventLevel level : query.levels()) {
                filter.values.add(level.column());
            }
        }
        filter.equal(dialect, "log_class", query.component());
        filter.equal(dialect, "dao_name", query.check());
        filter.equal(dialect, "file_type", query.fileType());
        if (!query.text().isEmpty()) {
            if (dialect == Dialect.SQLITE && query.text().codePointCount(0, query.text().length()) >= MIN_INDEXED_TEXT) {
                // The index (SQLite's, schema step 4) narrows the rows down (a superset: it folds case beyond ASCII);
                // the LIKE decides.
                filter.add("id IN (SELECT rowid FROM upgradeclient_text WHERE upgradeclient_text MATCH ?)",
                        phrase(query.text()));
            }
            // LIKE rather than instr() so that ASCII letters match case-insensitively, as in a search box.
            String pattern = "%" + escapeLike(query.text()) + "%";
            String like = dialect.caseInsensitiveLike();
            filter.add("(log_message " + like + " ? ESCAPE '\\' OR file_name " + like + " ? ESCAPE '\\')", pattern, pattern);
        }
        if (query.from() != null) {
            filter.add("created_time >= ?", query.from().toEpochMilli());
        }
        if (query.until() != null) {
            filter.add("created_time < ?", query.until().toEpochMilli());
        }
        if (query.jobId() != 0) {
            filter.add("job_id = ?", query.jobId());
        }
        return filter;
    }

    /** @return an FTS5 query matching {@code text} as one literal string, whatever operators or quotes it holds */
    static String phrase(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    /** Makes {@code %}, {@code _} and the escape character itself match literally in a LIKE pattern. */
    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /**
     * @param extra further conditions (with their own placeholders), or none
     * @return {@code " WHERE …"}, or empty when nothing is filtered
     */
    String where(String... extra) {
        List<String> all = new ArrayList<>(conditions);
        all.addAll(List.of(extra));
        return all.isEmpty() ? "" : " WHERE " + String.join(" AND ", all);
    }

    /**
     * Binds the filter's values.
     *
     * @param statement the statement built with {@link #where(String...)}
     * @param first the index of the first placeholder of the clause
     * @return the index of the next placeholder after the clause's own
     * @throws SQLException if binding fails
     */
    int bind(PreparedStatement statement, int first) throws SQLException {
        int index = first;
        for (Object value : values) {
            if (value instanceof Long number) {
                statement.setLong(index++, number);
            } else {
                statement.setString(index++, (String) value);
            }
        }
        return index;
    }

    private void equal(Dialect dialect, String column, String value) {
        if (!value.isEmpty()) {
            String condition = dialect.equalsText(column);
            add(condition, Collections.nCopies((int) condition.chars().filter(c -> c == '?').count(), value).toArray());
        }
    }

    private void add(String condition, Object... bound) {
        conditions.add(condition);
        values.addAll(List.of(bound));
    }
}
