package io.upgradeclient.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.upgradeclient.api.Checkpoint;

/** The same contract on both stores: every test runs on SQLite and on a real PostgreSQL server. */
@ParameterizedClass
@EnumSource(Dialect.class)
class CheckpointsContractTest {
    @Parameter
    Dialect dialect;

    @TempDir
    Path dir;

    private TestDatabase store;

    private Database database;
    private SqlCheckpoints checkpoints;

    @BeforeEach
    void open() throws SQLException, IOException {
        store = TestDatabase.create(dialect, dir);
        database = store.open();
        checkpoints = new SqlCheckpoints(database);
    }

    @AfterEach
    void close() throws Exception {
        database.close();
        store.drop();
    }

    @Test
    void unknownCheckHasNoCheckpoint() {
        assertThat(checkpoints.load("never-ran")).isEqualTo(Checkpoint.NONE);
        assertThat(checkpoints.load("never-ran").isNone()).isTrue();
    }

    @Test
    void savedCheckpointIsLoadedAndReplacedByTheNextSave() {
        Checkpoint first = new Checkpoint("r100", Instant.parse("2024-05-01T02:00:00.123Z"));
        Checkpoint second = new Checkpoint("{\"etag\":\"W/\\\"x\\\"\", \"n\":\"海思平台 %_\\u0000\"}",
                Instant.parse("2024-05-02T02:00:00Z"));
        checkpoints.save("xm_dvr", first);
        checkpoints.save("xm_ipc", second);
        assertThat(checkpoints.load("xm_dvr")).isEqualTo(first);

        checkpoints.save("xm_dvr", second);
        assertThat(checkpoints.load("xm_dvr")).isEqualTo(second);
        assertThat(checkpoints.load("xm_ipc")).isEqualTo(second);
    }

    @Test
    void checkpointSurvivesAReopen() throws SQLException {
        Checkpoint saved = new Checkpoint("r7", Instant.ofEpochMilli(1_714_528_800_000L));
        checkpoints.save("it's \"odd\"", saved);
        database.close();
        database = store.open();

        assertThat(new SqlCheckpoints(database).load("it's \"odd\"")).isEqualTo(saved);
    }
}
