package io.upgradeclient.check.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckResult;
import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TransientException;

class HttpListingCheckerTest {
    /** The fixtures date from October 2016; the clock stands at the start of November, looking back 30 days. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2016-11-01T00:00:00Z"), ZoneOffset.UTC);
    private static final String HISILICON = "/fw/海思平台/";
    private static final List<String> TREE_FOLDERS = List.of("/fw/", "/fw/General/", "/fw/General/IPC_X_S38/", "/fw/OEM/",
            "/fw/Special/", "/fw/Special/archive/", HISILICON);

    private ListingServer server;
    private final HttpListingChecker checker = new HttpListingChecker(CLOCK);

    @BeforeEach
    void startServer() throws Exception {
        server = ListingServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private void serveTree() {
        server.fixture("/fw/", "apache-table.html");
        server.fixture("/fw/General/", "nginx.html");
        server.fixture("/fw/General/IPC_X_S38/", "apache-pre.html");
        server.fixture("/fw/OEM/", "lighttpd.html");
        server.fixture("/fw/Special/", "nginx.json");
        server.fixture("/fw/Special/archive/", "apache-list.html");
        server.fixture(HISILICON, "nginx-utf8.html");
    }

    private CheckDefinition check(Map<String, String> options) {
        return check(options, Credentials.NONE, "", server.url("/fw/"));
    }

    private static CheckDefinition check(Map<String, String> options, Credentials credentials, String proxy, URI base) {
        return new CheckDefinition("fw", "http", base, credentials, proxy, Duration.ofDays(30), Duration.ofSeconds(15),
                List.of("default"), List.of(), "", List.of(), "", options);
    }

    private static Instant at(String time) {
        return Instant.parse(time);
    }

    @Test
    void readsEveryListingFormatAndReportsFilesWithinLookBackOldestFirst() throws Exception {
        serveTree();

        CheckResult result = checker.check(check(Map.of()), Checkpoint.NONE);

        String base = server.url("/fw/").toString();
        assertThat(result.changes()).extracting(RemoteChange::action, c -> c.url().toString(), RemoteChange::fileName,
                RemoteChange::fileType, RemoteChange::changedAt, RemoteChange::size, RemoteChange::revision).containsExactly(
                tuple(ChangeAction.ADDED, base + "OEM/OEM_NVR_HI3520D.20161020.bin", "OEM_NVR_HI3520D.20161020.bin", "OEM",
                        at("2016-10-20T17:41:53Z"), -1L, "12.4M:1476985313"),
                tuple(ChangeAction.ADDED, base + "OEM/ReleaseNote", "ReleaseNote", "OEM", at("2016-10-20T17:42:10Z"), -1L,
                        "1.8K:1476985330"),
                tuple(ChangeAction.ADDED, base + "%e6%b5%b7%e6%80%9d%e5%b9%b3%e5%8f%b0/%E6%B5%B7%E6%80%9D_IPC.20161024.bin",
                        "海思_IPC.20161024.bin", "海思平台", at("2016-10-24T11:29:00Z"), 3145728L, "3145728:1477308540"),
                tuple(ChangeAction.ADDED, base + "General/General_IPC_HI3516CV300_50H20L.Nat.dss.OnvifS.HIK_V4.02.R11.20161025_all.bin",
                        "General_IPC_HI3516CV300_50H20L.Nat.dss.OnvifS.HIK_V4.02.R11.20161025_all.bin", "General",
                        at("2016-10-25T07:58:00Z"), 8421376L, "8421376:1477382280"),
                tuple(ChangeAction.ADDED, base + "General/IPC_X_S38/IPC_HI3518EV200_50H10L_S38.Nat.dss.OnvifS.HIK_V4.02.R11.20161025_all.bin",
                        "IPC_HI3518EV200_50H10L_S38.Nat.dss.OnvifS.HIK_V4.02.R11.20161025_all.bin", "General",
                        at("2016-10-25T08:00:00Z"), -1L, "7.6M:1477382400"),
                tuple(ChangeAction.ADDED, base + "General/IPC_X_S38/ReleaseNote", "ReleaseNote", "General",
                        at("2016-10-25T08:01:00Z"), -1L, "2.1K:1477382460"),
                tuple(ChangeAction.ADDED, base + "General/IPC_X_S38/md5.txt", "md5.txt", "General", at("2016-10-25T08:01:00Z"),
                        162L, "162:1477382460"),
                tuple(ChangeAction.ADDED, base + "General/Release%20Notes%20%26%20Errata.txt", "Release Notes & Errata.txt",
                        "General", at("2016-10-26T09:15:00Z"), 2310L, "2310:1477473300"),
                tuple(ChangeAction.ADDED, base + "README.txt", "README.txt", "", at("2016-10-26T10:05:00Z"), -1L, "1.2K:1477476300"));
        assertThat(result.changes()).allSatisfy(change -> assertThat(change.author()).isEmpty());
        assertThat(server.requests()).extracting(ListingServer.Request::path).containsExactlyInAnyOrderElementsOf(TREE_FOLDERS);
        assertThat(result.checkpoint().takenAt()).isEqualTo(CLOCK.instant());
    }

    @Test
    void recordsFilesOlderThanLookBackOnFirstRunAndReportsThemOnlyWhenTheyChange() throws Exception {
        serveTree();
        CheckResult first = checker.check(check(Map.of()), Checkpoint.NONE);
        assertThat(first.changes()).extracting(RemoteChange::fileName)
                .doesNotContain("Special_DVR_HI3521A.20161001.bin", "Special_DVR_HI3521A.20150601.bin");

        server.page("/fw/Special/", "application/json", ListingServer.resource("nginx.json").replace("4194304", "4194305"));
        CheckResult second = checker.check(check(Map.of()), first.checkpoint());

        assertThat(second.changes()).extracting(RemoteChange::action, RemoteChange::fileName, RemoteChange::size)
                .containsExactly(tuple(ChangeAction.MODIFIED, "Special_DVR_HI3521A.20161001.bin", 4194305L));
    }

    @Test
    void unchangedTreeCostsOnlyConditionalRequestsAnswered304() throws Exception {
        serveTree();
        CheckResult first = checker.check(check(Map.of()), Checkpoint.NONE);
        server.clearRequests();

        CheckResult second = checker.check(check(Map.of()), first.checkpoint());

        assertThat(second.changes()).isEmpty();
        assertThat(server.requests()).hasSize(TREE_FOLDERS.size()).allSatisfy(request -> {
            assertThat(request.conditional()).isTrue();
            assertThat(request.ifNoneMatch()).isNotNull();
            assertThat(request.status()).isEqualTo(304);
        });
        assertThat(server.requests()).extracting(ListingServer.Request::path).containsExactlyInAnyOrderElementsOf(TREE_FOLDERS);

        server.clearRequests();
        CheckResult third = checker.check(check(Map.of()), second.checkpoint());
        assertThat(third.changes()).isEmpty();
        assertThat(server.requests()).hasSize(TREE_FOLDERS.size()).allMatch(request -> request.status() == 304);
    }

    @Test
    void aNoChangeRunHandsBackTheCheckpointItWasGivenAndAChangeWritesOneThatARestartedCheckerReads() throws Exception {
        serveTree();
        CheckResult first = checker.check(check(Map.of()), Checkpoint.NONE);

        CheckResult unchanged = checker.check(check(Map.of()), first.checkpoint());
        assertThat(unchanged.checkpoint().value()).as("not written again").isSameAs(first.checkpoint().value());

        server.page("/fw/General/", "text/html", ListingServer.resource("nginx.html").replace("8421376", "8421999"));
        CheckResult changed = checker.check(check(Map.of()), unchanged.checkpoint());
        assertThat(changed.changes()).hasSize(1);
        assertThat(changed.checkpoint().value()).isNotEqualTo(first.checkpoint().value());

        CheckResult afterRestart = new HttpListingChecker(CLOCK).check(check(Map.of()), changed.checkpoint());
        assertThat(afterRestart.changes()).isEmpty();
        assertThat(afterRestart.checkpoint().value()).isEqualTo(changed.checkpoint().value());
    }

    @Test
    void reportsAFileWhoseSizeChangedAsModified() throws Exception {
        serveTree();
        CheckResult first = checker.check(check(Map.of()), Checkpoint.NONE);
        server.page("/fw/General/", "text/html", ListingServer.resource("nginx.html").replace("8421376", "8421999"));
        server.clearRequests();

        CheckResult second = checker.check(check(Map.of()), first.checkpoint());

        assertThat(second.changes()).extracting(RemoteChange::action, RemoteChange::fileName, RemoteChange::size,
                RemoteChange::revision).containsExactly(tuple(ChangeAction.MODIFIED,
                "General_IPC_HI3516CV300_50H20L.Nat.dss.OnvifS.HIK_V4.02.R11.20161025_all.bin", 8421999L, "8421999:1477382280"));
        assertThat(server.requests()).filteredOn(request -> request.status() == 200)
                .extracting(ListingServer.Request::path).containsExactly("/fw/General/");
    }

    @Test
    void reportsANewFileAsAddedWhateverItsAge() throws Exception {
        serveTree();
        CheckResult first = checker.check(check(Map.of()), Checkpoint.NONE);
        String row = "<tr><td class=\"n\"><a href=\"OEM_NVR_HI3520D.20160901.bin\">OEM_NVR_HI3520D.20160901.bin</a></td>"
                + "<td class=\"m\">2016-Sep-01 10:00:00</td><td class=\"s\">11.0M</td><td class=\"t\">application/octet-stream</td></tr>\n";
        server.page("/fw/OEM/", "text/html", ListingServer.resource("lighttpd.html").replace("</tbody>", row + "</tbody>"));

        CheckResult second = checker.check(check(Map.of()), first.checkpoint());

        assertThat(second.changes()).extracting(RemoteChange::action, c -> c.url().getPath(), RemoteChange::changedAt)
                .containsExactly(tuple(ChangeAction.ADDED, "/fw/OEM/OEM_NVR_HI3520D.20160901.bin", at("2016-09-01T10:00:00Z")));
    }

    @Test
    void rejectsPathTraversalInListing() throws Exception {
        server.fixture("/fw/", "hostile.html");

        CheckResult result = checker.check(check(Map.of()), Checkpoint.NONE);

        assertThat(result.changes()).extracting(c -> c.url().toString(), RemoteChange::fileName)
                .containsExactly(tuple(server.url("/fw/good.20161025.bin").toString(), "good.20161025.bin"));
        assertThat(server.requests()).extracting(ListingServer.Request::path).containsExactly("/fw/");
        assertThat(result.warnings()).as("one warning per hostile link, none for the parent and sort links")
                .hasSize(6).allMatch(warning -> warning.startsWith("listing " + server.url("/fw/") + ": refused the link '"))
                .anyMatch(warning -> warning.contains("'../../etc/passwd'"))
                .anyMatch(warning -> warning.contains("'%2e%2e/%2e%2e/etc/shadow'"))
                .anyMatch(warning -> warning.contains("'sub/../../outside.bin'"))
                .anyMatch(warning -> warning.contains("'a%2F..%2F..%2Fslash.bin'"))
                .anyMatch(warning -> warning.contains("'back%5Cslash.bin'"))
                .anyMatch(warning -> warning.contains("'ctl%0Aname.bin'"));
    }

    @Test
    void passesRetryAfterOf429On() throws Exception {
        server.fail("/fw/", 429, Map.of("Retry-After", "120"));

        assertThatThrownBy(() -> checker.check(check(Map.of()), Checkpoint.NONE))
                .isInstanceOfSatisfying(TransientException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(120)))
                .hasMessageContaining(server.url("/fw/").toString()).hasMessageContaining("429");
    }

    @Test
    void serverErrorInASubfolderIsTransient() throws Exception {
        serveTree();
        server.fail("/fw/OEM/", 500, Map.of());

        assertThatThrownBy(() -> checker.check(check(Map.of()), Checkpoint.NONE))
                .isInstanceOfSatisfying(TransientException.class, e -> assertThat(e.retryAfter()).isEmpty())
                .hasMessageContaining("/fw/OEM/").hasMessageContaining("500");
    }

    @Test
    void sendsBasicAuthPreemptivelyAndTreats401AsPermanent() throws Exception {
        serveTree();
        String secret = "s3cr3t-Pa55";
        server.requireAuthorization("Basic " + Base64.getEncoder().encodeToString(("fwuser:" + secret).getBytes(StandardCharsets.UTF_8)));

        CheckResult result = checker.check(check(Map.of(), new Credentials("fwuser", secret), "", server.url("/fw/")), Checkpoint.NONE);
        assertThat(result.changes()).hasSize(9);
        assertThat(server.requests()).hasSize(TREE_FOLDERS.size()).allMatch(request -> request.status() == 200);

        assertThatThrownBy(() -> checker.check(check(Map.of(), new Credentials("fwuser", "wrong-" + secret), "", server.url("/fw/")),
                Checkpoint.NONE))
                .isInstanceOf(PermanentException.class).hasMessageContaining("401").hasMessageNotContaining(secret);
    }

    @Test
    void missingBaseUrlIsPermanentButAMissingSubfolderIsLeftOut() throws Exception {
        assertThatThrownBy(() -> checker.check(check(Map.of()), Checkpoint.NONE))
                .isInstanceOf(PermanentException.class).hasMessageContaining(server.url("/fw/").toString()).hasMessageContaining("404");

        serveTree();
        server.fail("/fw/OEM/", 404, Map.of());
        CheckResult result = checker.check(check(Map.of()), Checkpoint.NONE);
        assertThat(result.changes()).hasSize(7).noneMatch(change -> change.fileType().equals("OEM"));
    }

    @Test
    void doesNotListFoldersBelowMaxDepth() throws Exception {
        serveTree();

        CheckResult result = checker.check(check(Map.of(CheckOptions.MAX_DEPTH, "1")), Checkpoint.NONE);

        assertThat(server.requests()).extracting(ListingServer.Request::path)
                .containsExactlyInAnyOrder("/fw/", "/fw/General/", "/fw/OEM/", "/fw/Special/", HISILICON);
        assertThat(result.changes()).noneMatch(change -> change.url().getPath().startsWith("/fw/General/IPC_X_S38/"));
    }

    @Test
    void neverHasMoreThanMaxParallelRequestsInFlight() throws Exception {
        List<String> folders = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            folders.add("model" + i);
            server.page("/fw/model" + i + "/", "text/html",
                    ListingServer.nginxPage("/fw/model" + i + "/", List.of(), Map.of("fw" + i + ".20161025.bin", 1000L + i),
                            at("2016-10-25T08:00:00Z")));
        }
        server.page("/fw/", "text/html", ListingServer.nginxPage("/fw/", folders, Map.of(), at("2016-10-25T08:00:00Z")));
        server.holdRequests(3, 200);

        CheckResult result = checker.check(check(Map.of(CheckOptions.MAX_PARALLEL, "3")), Checkpoint.NONE);

        assertThat(result.changes()).hasSize(12);
        assertThat(server.maxInFlight()).isEqualTo(3);
    }

    @Test
    void aListingThatDoesNotArriveWithinTheReadTimeoutIsTransient() throws Exception {
        server.hang("/fw/");

        assertThatThrownBy(() -> checker.check(check(Map.of(CheckOptions.READ_TIMEOUT, "1")), Checkpoint.NONE))
                .isInstanceOf(TransientException.class).hasMessageContaining(server.url("/fw/").toString())
                .hasMessageContaining("read_timeout_seconds");
    }

    @Test
    void refusedConnectionIsTransient() throws Exception {
        URI closed = server.url("/fw/");
        server.close();

        assertThatThrownBy(() -> checker.check(check(Map.of(), Credentials.NONE, "", closed), Checkpoint.NONE))
                .isInstanceOf(TransientException.class).hasMessageContaining(closed.toString());
    }

    @Test
    void goesThroughTheConfiguredProxy() throws Exception {
        serveTree();
        URI unresolvable = URI.create("http://firmware.invalid/fw/");

        CheckResult result = checker.check(check(Map.of(), Credentials.NONE, "127.0.0.1:" + server.port(), unresolvable),
                Checkpoint.NONE);

        assertThat(result.changes()).hasSize(9).allMatch(change -> change.url().getHost().equals("firmware.invalid"));
    }

    @Test
    void malformedListingIsPermanentAndNamesTheUrlAndWhatWasExpected() throws Exception {
        server.page("/fw/", "text/html", "<html><head><title>Sign in</title></head><body><form>…</form></body></html>");
        assertThatThrownBy(() -> checker.check(check(Map.of()), Checkpoint.NONE))
                .isInstanceOf(PermanentException.class).hasMessageContaining(server.url("/fw/").toString())
                .hasMessageContaining("not a directory listing of a known server");

        server.page("/fw/", "application/json", "[{\"name\": \"a.bin\", \"type\": \"file\", \"size\": \"big\"}]");
        assertThatThrownBy(() -> checker.check(check(Map.of()), Checkpoint.NONE))
                .isInstanceOf(PermanentException.class).hasMessageContaining(server.url("/fw/").toString())
                .hasMessageContaining("entry 1").hasMessageContaining("\"size\": expected a whole number");
    }

    @Test
    void refusesRedirectsOutOfBaseUrlButFollowsThoseWithinIt() throws Exception {
        serveTree();
        server.fail("/fw/OEM/", 301, Map.of("Location", "/fw/Special/archive/"));
        CheckResult result = checker.check(check(Map.of()), Checkpoint.NONE);
        assertThat(server.requests()).extracting(ListingServer.Request::path).contains("/fw/Special/archive/");
        assertThat(result.changes()).noneMatch(change -> change.fileType().equals("OEM"));

        server.fail("/fw/", 302, Map.of("Location", "http://evil.example/fw/"));
        assertThatThrownBy(() -> checker.check(check(Map.of()), Checkpoint.NONE))
                .isInstanceOf(PermanentException.class).hasMessageContaining("evil.example").hasMessageContaining("no folder below base_url");
    }

    @Test
    void rejectsInvalidOptionsNamingThem() {
        assertThatThrownBy(() -> checker.check(check(Map.of(CheckOptions.MAX_PARALLEL, "many")), Checkpoint.NONE))
                .isInstanceOf(PermanentException.class).hasMessageContaining("max_parallel").hasMessageContaining("many");
        assertThatThrownBy(() -> checker.check(check(Map.of(), Credentials.NONE, "proxy:port", server.url("/fw/")), Checkpoint.NONE))
                .isInstanceOf(PermanentException.class).hasMessageContaining("proxy_host");
    }

    @Test
    void aCheckpointOfAnotherBaseUrlMeansAFirstRun() throws Exception {
        serveTree();
        CheckResult first = checker.check(check(Map.of()), Checkpoint.NONE);
        server.page("/other/", "text/html", ListingServer.nginxPage("/other/", List.of(), new LinkedHashMap<>(Map.of("x.bin", 5L)),
                at("2016-10-30T00:00:00Z")));
        server.clearRequests();

        CheckResult other = checker.check(check(Map.of(), Credentials.NONE, "", server.url("/other/")), first.checkpoint());

        assertThat(other.changes()).extracting(RemoteChange::fileName).containsExactly("x.bin");
        assertThat(server.requests()).noneMatch(ListingServer.Request::conditional);
    }
}
