package io.upgradeclient.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Connections reused between units of work: at most {@code maxOpen} in use at once (callers wait for one to be
 * returned), at most {@code maxIdle} kept open between uses. A connection whose work failed is kept only if it
 * still answers: after a database restart or a network cut the broken ones are dropped and fresh ones opened, so
 * the store recovers by itself once the database is back.
 */
final class ConnectionPool implements AutoCloseable {
    /** How long a caller waits for a connection when all are in use. */
    private static final long WAIT_SECONDS = 30;
    private static final int VALIDATION_SECONDS = 2;

    /** Opens a new connection. */
    @FunctionalInterface
    interface Opener {
        /**
         * @return a new connection in auto-commit mode
         * @throws SQLException if the database cannot be reached
         */
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final int maxOpen;
    private final int maxIdle;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    ConnectionPool(Opener opener, int maxOpen, int maxIdle) {
        this.opener = opener;
        this.maxOpen = maxOpen;
        this.maxIdle = maxIdle;
        this.permits = new Semaphore(maxOpen, true);
    }

    /**
     * Runs work in auto-commit mode: each statement its own transaction.
     *
     * @param work what to do
     * @param <T> its result
     * @return the result
     * @throws SQLException if a statement fails or no connection is to be had
     */
    <T> T autoCommit(Database.Work<T> work) throws SQLException {
        return use(work, false);
    }

    /**
     * Runs work in one transaction, committed when it returns and rolled back when it throws.
     *
     * @param work what to do
     * @param <T> its result
     * @return the result
     * @throws SQLException if a statement or the commit fails, or no connection is to be had
     */
    <T> T transaction(Database.Work<T> work) throws SQLException {
        return use(work, true);
    }

    @Override
    public void close() {
        closed = true;
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            Database.closeQuietly(connection);
        }
    }

    private <T> T use(Database.Work<T> work, boolean transaction) throws SQLException {
        acquire();
        Connection connection = null;
        boolean healthy = false;
        try {
            connection = borrow();
            T result;
            if (transaction) {
                connection.setAutoCommit(false);
                try {
                    result = work.run(connection);
                    connection.commit();
                } catch (SQLException | RuntimeException | Error e) {
                    rollback(connection, e);
                    throw e;
                }
                connection.setAutoCommit(true);
            } else {
                result = work.run(connection);
            }
            healthy = true;
            return result;
        } finally {
            if (connection != null) {
                release(connection, healthy || stillUsable(connection, transaction));
            }
            permits.release();
        }
    }

    private void acquire() throws SQLException {
        try {
            if (!permits.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new SQLException("All " + maxOpen + " database connections stayed in use for " + WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting for a database connection", e);
        }
    }

    private Connection borrow() throws SQLException {
        Connection connection = idle.pollFirst();
        return connection != null ? connection : opener.open();
    }

    private void release(Connection connection, boolean usable) {
        if (usable && !closed && idle.size() < maxIdle) {
            idle.offerFirst(connection);
            // close() may have drained the pool between the check and the offer
            if (closed && idle.remove(connection)) {
                Database.closeQuietly(connection);
            }
        } else {
            Database.closeQuietly(connection);
        }
    }

    /** After failed work: whether the connection still answers and is back in auto-commit mode. */
    private static boolean stillUsable(Connection connection, boolean transaction) {
        try {
            if (!connection.isValid(VALIDATION_SECONDS)) {
                return false;
            }
            if (transaction) {
                connection.setAutoCommit(true);
            }
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
