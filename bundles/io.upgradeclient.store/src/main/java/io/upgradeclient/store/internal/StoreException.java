package io.upgradeclient.store.internal;

import java.sql.SQLException;

/**
 * A storage failure behind a service method that declares no checked exception (the job queue, the checkpoints,
 * history reads). The message says what was being done; the cause is the driver's exception.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param doing what failed, e.g. "claiming a job"
     * @param cause the driver's exception
     */
    public StoreException(String doing, SQLException cause) {
        super("Database error while " + doing + ": " + cause.getMessage(), cause);
    }
}
