package io.upgradeclient.check.svn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.testsupport.DsConfig;
import io.upgradeclient.testsupport.ReadmeKeys;

/** Each key of PID {@code io.upgradeclient.check.svn} the README documents, set to another value than its default, takes effect. */
class SvnConfigKeysTest {
    private static final Path README = Path.of("README.md");

    @TempDir
    Path dir;

    @Test
    void everyKeyTheReadmeDocumentsIsReadUnderThatName() throws Exception {
        Path called = dir.resolve("called");
        // an svn that records that it ran and then hangs: only the configured binary and timeout end it
        Path svn = Files.writeString(dir.resolve("svn"), "#!/bin/sh\necho \"$@\" > '" + called + "'\nexec sleep 60\n");
        Files.setPosixFilePermissions(svn, PosixFilePermissions.fromString("rwx------"));
        Set<String> documented = ReadmeKeys.table(README, "| key | default | meaning |", 0);
        Map<String, Object> configured = Map.of("binpath", svn.toString(), "timeout_seconds", "1");
        assertThat(configured.keySet()).as("a documented key without a test here").isEqualTo(documented);
        assertThat(DsConfig.keys(SvnChecker.Config.class)).as("the keys the component reads").isEqualTo(documented);
        assertThat(DsConfig.keysAtDefault(SvnChecker.Config.class, configured)).isEmpty();

        SvnChecker checker = new SvnChecker(DsConfig.of(SvnChecker.Config.class, configured));
        CheckDefinition check = new CheckDefinition("fw", "svn", URI.create("svn://127.0.0.1/fw/"), Credentials.NONE, "",
                Duration.ofDays(30), Duration.ofSeconds(15), List.of("default"), List.of(), "", List.of(), "", Map.of());

        assertThatThrownBy(() -> checker.check(check, Checkpoint.NONE)).isInstanceOf(TransientException.class)
                .as("timeout_seconds").hasMessageContaining("svn did not finish within 1 s");
        assertThat(called).as("binpath").content().contains("info --xml");
    }
}
