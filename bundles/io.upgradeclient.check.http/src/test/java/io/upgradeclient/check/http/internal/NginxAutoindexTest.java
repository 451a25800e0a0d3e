package io.upgradeclient.check.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckResult;
import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.RemoteChange;

/**
 * The checker against a real nginx with {@code autoindex on}, HTML and JSON listings of a tree on disk.
 *
 * <p>What nginx really does (1.22): autoindex replies carry neither {@code ETag} nor {@code Last-Modified} and
 * nginx ignores {@code If-Modified-Since} on them, so there is nothing to make a request conditional with: every
 * check lists every folder again (200, full page) and finds "no change" by comparing the listings with the
 * checkpoint. HTML pages give times to the minute (UTC, {@code autoindex_localtime off}) and exact byte sizes; long
 * names are cut in the link text but not in the {@code href}; the JSON listing gives times to the second.
 */
class NginxAutoindexTest {
    /** The files date from October 2016; the clock stands at the start of November, looking back 30 days. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2016-11-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String LONG_NAME = "General_IPC_HI3516CV300_50H20L.Nat.dss.OnvifS.HIK_V4.02.R11.20161025_all.bin";
    private static final String CHINESE_NAME = "固件 V4.02 海思.20161025.bin";
    private static final List<String> FOLDERS = List.of("fw/", "fw/General/", "fw/General/IPC_X_S38/", "fw/海思平台/");

    @TempDir
    Path folder;

    private Nginx nginx;
    private final HttpListingChecker checker = new HttpListingChecker(CLOCK);

    @BeforeEach
    void startNginx() throws Exception {
        nginx = Nginx.start(folder);
        file("fw/General/" + LONG_NAME, "firmware of the 50H20L", "2016-10-25T07:58:42Z");
        file("fw/General/Release Notes & Errata.txt", "errata", "2016-10-26T09:15:05Z");
        file("fw/General/IPC_X_S38/" + CHINESE_NAME, "firmware with a Chinese name", "2016-10-25T08:00:17Z");
        file("fw/海思平台/ReleaseNote", "[ReleaseNote]\nDevID=123", "2016-10-24T11:29:30Z");
        file("fw/README.txt", "older than the look-back", "2016-09-01T10:00:00Z");
    }

    @AfterEach
    void stopNginx() throws Exception {
        nginx.close();
    }

    private void file(String path, String content, String modified) throws IOException {
        Path file = nginx.root().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse(modified)));
    }

    private CheckDefinition check(String basePath) {
        return new CheckDefinition("nginx", "http", nginx.url(basePath), Credentials.NONE, "", Duration.ofDays(30),
                Duration.ofSeconds(15), List.of("default"), List.of(), "", List.of(), "", Map.of());
    }

    private List<Nginx.Request> folderRequests() throws Exception {
        return nginx.nextRequests(FOLDERS.size(), WAIT);
    }

    private static List<String> decodedPaths(List<Nginx.Request> requests) {
        return requests.stream().map(request -> URI.create(request.uri()).getPath()).toList();
    }

    private static List<String> under(String prefix) {
        return FOLDERS.stream().map(path -> prefix + path).toList();
    }

    private static Instant at(String time) {
        return Instant.parse(time);
    }

    @Test
    void firstCheckOfHtmlListingReportsDecodedNamesExactSizesAndTimesToTheMinute() throws Exception {
        CheckResult result = checker.check(check("/fw/"), Checkpoint.NONE);

        String base = nginx.url("/fw/").toString();
        assertThat(result.changes()).extracting(RemoteChange::action, c -> c.url().toString(), RemoteChange::fileName,
                RemoteChange::fileType, RemoteChange::changedAt, RemoteChange::size, RemoteChange::revision).containsExactly(
                tuple(ChangeAction.ADDED, base + "%E6%B5%B7%E6%80%9D%E5%B9%B3%E5%8F%B0/ReleaseNote", "ReleaseNote", "海思平台",
                        at("2016-10-24T11:29:00Z"), 23L, "23:1477308540"),
                tuple(ChangeAction.ADDED, base + "General/" + LONG_NAME, LONG_NAME, "General", at("2016-10-25T07:58:00Z"),
                        22L, "22:1477382280"),
                tuple(ChangeAction.ADDED, base + "General/IPC_X_S38/%E5%9B%BA%E4%BB%B6%20V4.02%20%E6%B5%B7%E6%80%9D.20161025.bin",
                        CHINESE_NAME, "General", at("2016-10-25T08:00:00Z"), 28L, "28:1477382400"),
                tuple(ChangeAction.ADDED, base + "General/Release%20Notes%20%26%20Errata.txt", "Release Notes & Errata.txt",
                        "General", at("2016-10-26T09:15:00Z"), 6L, "6:1477473300"));
        assertThat(folderRequests()).allSatisfy(request -> {
            assertThat(request.status()).isEqualTo(200);
            assertThat(request.conditional()).isFalse();
        }).extracting(Nginx.Request::uri).extracting(uri -> URI.create(uri).getPath())
                .containsExactlyInAnyOrderElementsOf(under("/"));
    }

    @Test
    void unchangedTreeIsListedAgainInFullBecauseNginxSendsNoValidatorsAndANewFileIsAdded() throws Exception {
        CheckResult first = checker.check(check("/fw/"), Checkpoint.NONE);
        folderRequests();

        CheckResult second = checker.check(check("/fw/"), first.checkpoint());

        assertThat(second.changes()).isEmpty();
        List<Nginx.Request> requests = folderRequests();
        assertThat(decodedPaths(requests)).containsExactlyInAnyOrderElementsOf(under("/"));
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.etag()).as("ETag nginx sent for %s", request.uri()).isNull();
            assertThat(request.lastModified()).as("Last-Modified nginx sent for %s", request.uri()).isNull();
            assertThat(request.conditional()).as("conditional request for %s", request.uri()).isFalse();
            assertThat(request.status()).isEqualTo(200);
        });

        file("fw/海思平台/固件 新.20160915.bin", "older than the look-back, but new", "2016-09-15T06:30:00Z");
        Files.writeString(nginx.root().resolve("fw/General/Release Notes & Errata.txt"), " and more", StandardOpenOption.APPEND);
        Files.setLastModifiedTime(nginx.root().resolve("fw/General/Release Notes & Errata.txt"),
                FileTime.from(at("2016-10-31T12:00:00Z")));

        CheckResult third = checker.check(check("/fw/"), second.checkpoint());

        assertThat(third.changes()).extracting(RemoteChange::action, RemoteChange::fileName, RemoteChange::fileType,
                RemoteChange::changedAt, RemoteChange::size).containsExactly(
                tuple(ChangeAction.ADDED, "固件 新.20160915.bin", "海思平台", at("2016-09-15T06:30:00Z"), 33L),
                tuple(ChangeAction.MODIFIED, "Release Notes & Errata.txt", "General", at("2016-10-31T12:00:00Z"), 15L));
        assertThat(folderRequests()).hasSize(FOLDERS.size());
    }

    @Test
    void jsonListingGivesTimesToTheSecondAndFindsANewFile() throws Exception {
        CheckResult first = checker.check(check("/json/fw/"), Checkpoint.NONE);

        String base = nginx.url("/json/fw/").toString();
        assertThat(first.changes()).extracting(c -> c.url().toString(), RemoteChange::fileName, RemoteChange::fileType,
                RemoteChange::changedAt, RemoteChange::size, RemoteChange::revision).containsExactly(
                tuple(base + "%E6%B5%B7%E6%80%9D%E5%B9%B3%E5%8F%B0/ReleaseNote", "ReleaseNote", "海思平台",
                        at("2016-10-24T11:29:30Z"), 23L, "23:1477308570"),
                tuple(base + "General/" + LONG_NAME, LONG_NAME, "General", at("2016-10-25T07:58:42Z"), 22L, "22:1477382322"),
                tuple(base + "General/IPC_X_S38/%E5%9B%BA%E4%BB%B6%20V4.02%20%E6%B5%B7%E6%80%9D.20161025.bin", CHINESE_NAME,
                        "General", at("2016-10-25T08:00:17Z"), 28L, "28:1477382417"),
                tuple(base + "General/Release%20Notes%20%26%20Errata.txt", "Release Notes & Errata.txt", "General",
                        at("2016-10-26T09:15:05Z"), 6L, "6:1477473305"));
        assertThat(decodedPaths(folderRequests())).containsExactlyInAnyOrderElementsOf(under("/json/"));

        CheckResult second = checker.check(check("/json/fw/"), first.checkpoint());
        assertThat(second.changes()).isEmpty();
        assertThat(folderRequests()).allMatch(request -> request.status() == 200 && !request.conditional());

        file("fw/General/IPC_X_S38/固件 V4.03 海思.20161101.bin", "the next firmware", "2016-10-31T23:59:59Z");
        CheckResult third = checker.check(check("/json/fw/"), second.checkpoint());

        assertThat(third.changes()).extracting(RemoteChange::action, c -> c.url().getPath(), RemoteChange::changedAt,
                RemoteChange::size).containsExactly(tuple(ChangeAction.ADDED,
                "/json/fw/General/IPC_X_S38/固件 V4.03 海思.20161101.bin", at("2016-10-31T23:59:59Z"), 17L));
    }
}
