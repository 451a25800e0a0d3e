package io.upgradeclient.check.svn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.CheckResult;
import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TransientException;

/** The checker against a real svnserve on loopback with password authentication and no anonymous access. */
class SvnServeTest {
    private static final String PASSWORD = "s3cret-Pa55";

    @TempDir
    Path folder;

    private SvnRepo repo;
    private final List<List<String>> commands = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serveRepository() throws Exception {
        repo = SvnRepo.create(folder);
        repo.write("trunk/海思平台/固件.20161025.bin", "fw").commit("firmware");
        repo.serve("alice", PASSWORD);
    }

    @AfterEach
    void stopServer() throws Exception {
        repo.close();
    }

    private SvnChecker checker() {
        return new SvnChecker("svn", Duration.ofSeconds(30), Clock.systemUTC(), commands::add);
    }

    @Test
    void readsChangesWithGoodCredentialsWithoutPuttingThePasswordInTheArguments() throws Exception {
        CheckResult result = checker().check(
                SvnCheckerTest.check(repo.svnUrl() + "/trunk", new Credentials("alice", PASSWORD), ""), Checkpoint.NONE);

        assertThat(result.changes()).extracting(RemoteChange::fileName).containsExactly("固件.20161025.bin");
        assertThat(result.changes().get(0).url().toString())
                .isEqualTo(repo.svnUrl() + "/trunk/%E6%B5%B7%E6%80%9D%E5%B9%B3%E5%8F%B0/%E5%9B%BA%E4%BB%B6.20161025.bin");
        assertThat(commands).isNotEmpty().allSatisfy(args -> {
            assertThat(args).containsSequence("--username", "alice", "--password-from-stdin");
            assertThat(String.join(" ", args)).doesNotContain(PASSWORD);
        });
    }

    @Test
    void badCredentialsArePermanentAndTheMessageNamesSvnsReasonButNotThePassword() {
        assertThatThrownBy(() -> checker().check(
                SvnCheckerTest.check(repo.svnUrl() + "/trunk", new Credentials("alice", "wrong-" + PASSWORD), ""),
                Checkpoint.NONE))
                .isInstanceOf(PermanentException.class)
                .hasMessageContaining("E170001")
                .hasMessageContaining(repo.svnUrl() + "/trunk")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    }

    @Test
    void anonymousAccessToAProtectedRepositoryIsPermanent() {
        assertThatThrownBy(() -> checker().check(
                SvnCheckerTest.check(repo.svnUrl() + "/trunk", Credentials.NONE, ""), Checkpoint.NONE))
                .isInstanceOf(PermanentException.class)
                .hasMessageContaining("E170001");
    }

    @Test
    void serverDownIsTransient() throws Exception {
        String url = repo.svnUrl() + "/trunk";
        repo.stopServer();

        assertThatThrownBy(() -> checker().check(
                SvnCheckerTest.check(url, new Credentials("alice", PASSWORD), ""), Checkpoint.NONE))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("E000111");
    }
}
