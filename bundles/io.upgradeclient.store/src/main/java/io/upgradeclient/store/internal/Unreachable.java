package io.upgradeclient.store.internal;

import java.net.ConnectException;
import java.sql.SQLException;

/**
 * Tells a database that cannot be reached (server down, network cut: SQL state class {@code 08}; shutting down or
 * starting: {@code 57P01}-{@code 57P03}) from a statement that failed: work that failed for the first reason is worth
 * waiting for, the second not.
 */
final class Unreachable {
    private Unreachable() {
    }

    /**
     * @param failure what a unit of work threw
     * @return whether it failed because the database could not be reached
     */
    static boolean is(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
