package io.upgradeclient.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.Checkpoints;

/**
 * Checkpoints in table {@code checkpoints}, one row per check.
 */
@Component(name = "io.upgradeclient.store.checkpoints", service = Checkpoints.class)
public final class SqlCheckpoints implements Checkpoints {
    private final Database database;

    /**
     * @param database the store's database
     */
    @Activate
    public SqlCheckpoints(@Reference Database database) {
        this.database = database;
    }

    @Override
    public Checkpoint load(String check) {
        try {
            return database.read(connection -> {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT value, taken_at FROM checkpoints WHERE check_name = ?")) {
                    select.setString(1, check);
                    try (ResultSet row = select.executeQuery()) {
                        return row.next() ? new Checkpoint(row.getString(1), Instant.ofEpochMilli(row.getLong(2)))
                                : Checkpoint.NONE;
                    }
                }
            });
        } catch (SQLException e) {
            throw new StoreException("reading the checkpoint of check " + check, e);
        }
    }

    @Override
    public void save(String check, Checkpoint checkpoint) {
        try {
            database.write(connection -> {
                try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO checkpoints (check_name, value, "
                        + "taken_at) VALUES (?, ?, ?) ON CONFLICT (check_name) DO UPDATE SET value = excluded.value, "
                        + "taken_at = excluded.taken_at")) {
                    upsert.setString(1, check);
                    upsert.setString(2, checkpoint.value());
                    upsert.setLong(3, checkpoint.takenAt().toEpochMilli());
                    return upsert.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new StoreException("saving the checkpoint of check " + check, e);
        }
    }
}
