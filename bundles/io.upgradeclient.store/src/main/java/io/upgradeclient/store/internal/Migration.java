package io.upgradeclient.store.internal;

import java.util.List;

/**
 * One step of the schema: applied once, in its own transaction, and recorded in {@code schema_version}.
 * Published steps never change; a schema change is a new step.
 *
 * @param version the version the database has after this step, 1 for the first
 * @param description what the step does, for the log
 * @param statements the DDL to run, in order; never with values (there are none to bind)
 */
record Migration(int version, String description, List<String> statements) {
    Migration {
        statements = List.copyOf(statements);
    }
}
