package io.upgradeclient.api;

/**
 * The history columns that events can be grouped or filtered by.
 */
public enum EventField {
    /** {@code log_level} */
    LEVEL("log_level"),
    /** {@code log_name}, the event type */
    NAME("log_name"),
    /** {@code log_class}, the reporting component */
    COMPONENT("log_class"),
    /** {@code dao_name}, the check */
    CHECK("dao_name"),
    /** {@code file_type} */
    FILE_TYPE("file_type");

    private final String column;

    EventField(String column) {
        this.column = column;
    }

    /**
     * @return the seed's column name
     */
    public String column() {
        return column;
    }
}
