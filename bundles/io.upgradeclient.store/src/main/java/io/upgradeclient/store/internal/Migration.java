package io.upgradeclient.store.internal;

import java.util.List;

/**
 * One step of the schema: applied once, in its own transaction, and recorded in {@code schema_version}.
 * Published steps never change; a schema change is a new step.
 *
 * @param version the version the database has after this step, 1 for the first
 * @param description what the step does, for the log
 * @param only the one database kind the step is for (its statements use that kind's own features), or
 *        {@code null} for every kind; elsewhere the version is recorded without running them
 * @param statements the DDL to run, in order; never with values (there are none to bind)
 */
record Migration(int version, String description, Dialect only, List<String> statements) {
    Migration {
        statements = List.copyOf(statements);
    }

    /** A step for every kind of database. */
    Migration(int version, String description, List<String> statements) {
        this(version, description, null, statements);
    }

    /** @return whether the step's statements run on this kind of database */
    boolean appliesTo(Dialect dialect) {
        return only == null || only == dialect;
    }
}
